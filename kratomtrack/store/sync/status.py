"""How sync stands, for ``kratomtrack sync status`` and Settings → Sync: read only, never merges."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync import folder as files
from kratomtrack.store.sync.config import read_config


@dataclass(frozen=True)
class SyncStatus:
    syncing: bool
    folder: str | None = None
    folder_found: bool = False
    computer: str | None = None
    protected: bool = False
    other_computers: dict[str, int] = field(default_factory=dict)  # id -> files
    waiting_files: int = 0  # in the folder, not merged yet
    unsent_changes: int = 0  # merged here, not written to the folder yet
    last_merge: str | None = None
    problems: tuple[str, ...] = ()
    changed_on_both: int = 0
    not_stored: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        if not self.syncing:
            return ["This log does not sync. 'kratomtrack sync setup FOLDER' (or Settings → Sync) starts it."]
        lines = [f"Syncing with {self.folder} (this computer: {self.computer}; files "
                 f"{'encrypted with your passphrase' if self.protected else 'not encrypted: the log has no passphrase'})."]
        if not self.folder_found:
            lines.append("The folder cannot be found now (unplugged or moved): merges wait for it.")
        others = ", ".join(f"{name} ({count} file(s))" for name, count in self.other_computers.items())
        lines.append(f"Other computers: {others or 'none yet'}.")
        lines.append(f"Last merge: {(self.last_merge or 'never').replace('T', ' at ')}; files waiting to be merged: "
                     f"{self.waiting_files}; changes waiting to be written: {self.unsent_changes}.")
        if self.changed_on_both:
            lines.append(f"Changed on both computers: {self.changed_on_both} (see Day → Sync).")
        lines += [f"Problem: {p}" for p in self.problems]
        lines += [f"Not stored here ({key.split(':', 1)[0]}): {why}" for key, why in self.not_stored.items()]
        return lines


def sync_status(db: LogDatabase) -> SyncStatus:
    config = read_config(db)
    if config is None:
        return SyncStatus(False)
    applied = set(db.conn.execute("SELECT computer, name FROM sync_applied"))
    others: dict[str, int] = {}
    waiting, found = 0, True
    try:
        for file in files.list_files(config.path):
            if file.computer != config.computer:
                others[file.computer] = others.get(file.computer, 0) + 1
            waiting += (file.computer, file.name) not in applied
    except OSError:
        found = False
    unsent = db.conn.execute("SELECT count(*) FROM sync_outbox").fetchone()[0]
    both = db.conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0]
    return SyncStatus(True, config.folder, found, config.computer, config.key is not None, others,
                      waiting, unsent, config.last_merge, config.problems, both, dict(config.unstored))
