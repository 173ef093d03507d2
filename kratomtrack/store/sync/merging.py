"""A merge with the sync folder, as the window and ``kratomtrack sync now`` run it.

Read the other computers' new files (outside the log's write lock: a slow
USB stick never holds up a save), merge them with what changed here in one
transaction (store/sync/engine.py), then write this computer's new file.
Each problem is said in words and stops only what it concerns: a damaged
file is left out and tried again next time, a missing folder merges nothing
and leaves the log as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from kratomtrack.store import cipher
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync import folder as files
from kratomtrack.store.sync.config import SyncConfig, read_config, write_config
from kratomtrack.store.sync.engine import MergeResult, Replica


class SyncError(Exception):
    """Sync could not run at all; the message says why and that the log is unchanged."""


class NotSyncingError(SyncError):
    pass


class FolderMissingError(SyncError):
    pass


@dataclass(frozen=True)
class Incoming:
    opened: list[tuple[files.SyncFile, files.Opened]]
    problems: list[str]


def folder_missing(config: SyncConfig) -> str:
    return (f"The sync folder {config.folder} cannot be found (a USB stick unplugged, a network "
            "folder not there, or the folder moved). Nothing was merged and your log is unchanged; "
            "it is merged when the folder is back.")


def read_incoming(db: LogDatabase, config: SyncConfig) -> Incoming:
    """The files of the folder not merged yet, opened and checked; the rest said in words."""
    try:
        found = files.list_files(config.path)
    except OSError:
        raise FolderMissingError(folder_missing(config)) from None
    applied = set(db.conn.execute("SELECT computer, name FROM sync_applied"))
    opened, problems = [], []
    for file in found:
        if (file.computer, file.name) in applied:
            continue
        where = f"The file {file.name} from computer {file.computer}"
        try:
            raw = file.path.read_bytes()
        except OSError as err:
            problems.append(f"{where} could not be read ({err.strerror or err}); it is tried again "
                            "at the next merge.")
            continue
        try:
            opened.append((file, files.open_file(raw, where, sync_id=config.sync_id, key=config.key_bytes)))
        except files.SyncFileError as err:
            again = "" if isinstance(err, files.OtherLogError) else " It is tried again at the next merge."
            problems.append(f"{err}.{again} Nothing stored in your log was changed by it.")
    return Incoming(opened, problems)


def flush_outbox(db: LogDatabase, config: SyncConfig) -> list[str]:
    """Write this computer's merged changes not yet in the folder; problems in words."""
    rows = db.conn.execute("SELECT seq, doc_update, needs FROM sync_outbox ORDER BY seq").fetchall()
    for seq, update, needs in rows:
        name = files.file_name(seq, update, config.key_bytes)
        header = {**config.header(), "seq": seq, "needs": json.loads(needs),
                  "written": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        try:
            files.write_own(config.path, config.computer, name, files.seal(header, update, config.key_bytes))
        except OSError as err:
            return [f"Your changes could not be written to the sync folder {config.folder} "
                    f"({err.strerror or err}). They are kept in your log and written at the next merge."]
        with db.transaction():
            db.conn.execute("INSERT OR IGNORE INTO sync_applied (computer, name) VALUES (?, ?)",
                            (config.computer, name))
            db.conn.execute("DELETE FROM sync_outbox WHERE seq = ?", (seq,))
    return []


def sync_now(db: LogDatabase, replica: Replica | None = None, *, today: dt.date | None = None) -> MergeResult:
    """One whole merge: read, merge, write. SyncError if it cannot run at all."""
    config = read_config(db)
    if config is None:
        raise NotSyncingError("This log does not sync with a folder ('kratomtrack sync setup FOLDER' "
                              "or Settings → Sync starts it).")
    if cipher.is_encrypted(db.conn) != (config.key is not None):
        raise SyncError(
            "Your log's protection was turned " + ("on" if config.key is None else "off")
            + " after sync was set up, so its sync files would no longer match it. Nothing was merged. "
            "Stop syncing and set it up again with an empty folder, on every computer.")
    incoming = read_incoming(db, config)
    replica = replica or Replica()
    result, config = replica.merge(db, config, incoming.opened, today=today)
    result.problems[:0] = incoming.problems
    result.problems.extend(flush_outbox(db, config))
    if result.problems != list(config.problems):
        write_config(db, config.with_(problems=tuple(result.problems)))
    return result
