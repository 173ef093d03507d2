"""This computer's sync settings, kept in the log (its settings row "sync", never merged).

The folder, the log's sync id (the same on every computer that shares it),
this computer's id (its folder in the sync folder), and for a protected log
the files' key (kept inside the encrypted log, never beside it) with the salt
and Argon2id settings it was derived with. Also what the last merge found.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from kratomtrack.store.database import LogDatabase

KEY = "sync"


@dataclass(frozen=True)
class SyncConfig:
    folder: str
    sync_id: str
    computer: str
    key: str | None = None  # hex: the files' AES-256-GCM key (a protected log)
    salt: str | None = None
    kdf: dict | None = None
    # Records from another computer this log could not hold: key -> why (said by status).
    unstored: dict = field(default_factory=dict)
    last_merge: str | None = None  # local time of the last merge that completed
    problems: tuple[str, ...] = ()  # what the last merge could not do, in words

    @property
    def path(self) -> Path:
        return Path(self.folder)

    @property
    def key_bytes(self) -> bytes | None:
        return bytes.fromhex(self.key) if self.key else None

    def header(self) -> dict:
        """What every file this computer writes says of the log and its seal."""
        head = {"sync": self.sync_id, "computer": self.computer}
        if self.key:
            head.update(salt=self.salt, kdf=self.kdf)
        return head

    def with_(self, **changes) -> SyncConfig:
        return replace(self, **changes)


def new_id() -> str:
    return secrets.token_hex(8)


def read_config(db: LogDatabase) -> SyncConfig | None:
    """This log's sync settings, or None when it does not sync (or they cannot be read)."""
    stored = db.setting(KEY)
    if not isinstance(stored, dict):
        return None
    try:
        stored["problems"] = tuple(stored.get("problems", ()))
        return SyncConfig(**stored)
    except TypeError:
        return None


def write_config(db: LogDatabase, config: SyncConfig | None) -> None:
    """Store (or, with None, remove) the settings, inside the caller's transaction or as one."""
    with db.transaction():
        if config is None:
            db.conn.execute("DELETE FROM settings WHERE key = ?", (KEY,))
        else:
            db.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) "
                            "DO UPDATE SET value = excluded.value", (KEY, json.dumps(asdict(config))))
