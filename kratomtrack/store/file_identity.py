"""Whether the log file is still the one a connection opened, and opening it again if not.

A connection keeps writing to the file it opened. If another program
replaces kratomtrack.db (a copy or rename over it, a restore or protect
behind the window's back), the connection's writes go into the old file,
which nobody will read again; if the -shm file is deleted, two programs
stop seeing each other's writes and the next write of one overwrites the
other's. Before each save LogDatabase compares the file with what it
opened (``what_changed``: a stat of the file and the -shm and the header's
fixed bytes, a few microseconds) and refuses to write if it changed; the
window then opens the log again with ``reopen_changed_log``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kratomtrack.store import schema
from kratomtrack.store.cipher import SQLITE_HEADER
from kratomtrack.store.first_bytes import read_first_bytes
from kratomtrack.store.integrity import check_whole_log
from kratomtrack.store.opening import check_log, open_connection, salvage_readable
from kratomtrack.store.sqlite_file import DamagedDatabaseError, LogChangedError, damaged_message

if TYPE_CHECKING:
    from kratomtrack.store.database import LogDatabase

_HEADER_BYTES = 100


class FileIdentity(NamedTuple):
    """What a log file is, as far as no write of its own changes it."""

    log: tuple[int, int] | None  # device and inode of kratomtrack.db (None: no file)
    header: bytes  # the header's fixed bytes: format, page size, application id (or a protected log's salt)
    shm: tuple[int, int] | None  # device and inode of the -shm file (None: none)
    wal: tuple[int, int] | None  # of the -wal file: never compared, only to know it as ours


def identity_of(path: Path) -> FileIdentity:
    path = Path(path)
    return FileIdentity(_file_id(path), _fixed_header(path), _file_id(Path(f"{path}-shm")),
                        _file_id(Path(f"{path}-wal")))


def what_changed(opened: FileIdentity, path: Path) -> str:
    """How the file at ``path`` differs from the one opened, in words ("" if it does not)."""
    now = identity_of(path)
    if now.log is None:
        return "the file was removed or renamed"
    if now.log != opened.log:
        return "another file was put in its place"
    if opened.header and now.header != opened.header:
        return "its header was overwritten" if now.header else "it was emptied"
    if opened.shm is not None and now.shm != opened.shm:
        return "its -shm file was deleted" if now.shm is None else "its -shm file was replaced"
    return ""


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _fixed_header(path: Path) -> bytes:
    """The header's bytes that no write through SQLite changes: the format string,
    the page size and the application id; of a protected (SQLCipher) log, its salt."""
    try:
        head = read_first_bytes(path, _HEADER_BYTES)  # open() and close() would cancel SQLite's locks
    except OSError:
        return b""
    if not head.startswith(SQLITE_HEADER):
        return head[:16] if len(head) == _HEADER_BYTES else b""
    if len(head) < _HEADER_BYTES or head[68:72] == bytes(4):
        return b""  # a new log: its header (and application id) come with its first checkpoint
    return head[:18] + head[68:72]


def refuse_if_changed(db: LogDatabase, *, committed: bool = False) -> None:
    """Before (and after) a save: LogChangedError if ``db``'s file is no longer the
    one it opened for writing, after telling ``db.file_change_listeners``."""
    if db.identity is None:
        return
    change = what_changed(db.identity, db.path)
    if not change:
        if not db.identity.header:
            db.identity = identity_of(db.path)  # a new log's header, written since
        return
    for listener in list(db.file_change_listeners):
        listener(change)
    raise LogChangedError(db.path, change, committed=committed)


# --- opening the log again ----------------------------------------------------------------


class Reopened(NamedTuple):
    """How the log was opened again: "writable", "damaged" (read-only, what can be
    read) or "unusable" (read-only, the old file kept); ``problem`` says why."""

    outcome: str
    problem: str = ""


def reopen_changed_log(db: LogDatabase) -> Reopened:
    """Open the log at ``db.path`` again in place of ``db``'s connection to a file that changed.

    A healthy kratomtrack log (after the whole-log check) opens read-write; a
    damaged one read-only, as an in-memory copy of what can be read; a file
    that cannot be opened (gone, foreign, newer, protected) leaves the old
    connection in place, read-only, so what the window shows stays readable.
    """
    path = db.path
    if _file_id(path) != db.identity.log:
        # The old file's -wal and -shm, left beside the new file, would be read as
        # its own: SQLite would lay the old file's last changes over the new one.
        _remove_if_ours(path, db.identity)
    try:
        check_log(path)  # read-only: nothing is written to a file that fails it
        health = check_whole_log(path)
    except DamagedDatabaseError as err:
        _close_quietly(db.conn)
        return _read_only_copy(db, str(err))
    except Exception as err:  # gone, foreign, newer, protected, unreadable: whatever it is, said
        db.read_only, db.identity = True, None
        return Reopened("unusable", str(err))
    # The old connection is closed first: SQLite shares one -shm mapping among a
    # program's connections to a file, so a new one opened beside it would go on
    # using the deleted -shm. (Closing it writes nothing into a file put in its
    # place: SQLite does not checkpoint a file that was moved.)
    _close_quietly(db.conn)
    if not health.healthy:
        return _read_only_copy(db, damaged_message(path, health.findings[0]))
    try:
        db.conn = open_connection(path, create=False)
    except Exception as err:  # a full disk, a lock held too long: read-only, said
        return _read_only_copy(db, str(err))
    db.read_only = False
    db.identity = identity_of(path)
    return Reopened("writable")


def _read_only_copy(db: LogDatabase, problem: str) -> Reopened:
    """What can still be read of the file, read-only."""
    try:
        db.conn = salvage_readable(db.path)
    except Exception:  # nothing of it can be read: an empty log, read-only
        db.conn = sqlite3.connect(":memory:", isolation_level=None)
        schema.migrate(db.conn)
    db.read_only, db.identity = True, None
    return Reopened("damaged", problem)


def _remove_if_ours(path: Path, opened: FileIdentity) -> None:
    """Remove the -wal (first: without it a -shm is harmless) and the -shm the
    connection opened, if they are still those; another program's stay."""
    for suffix, ours in (("-wal", opened.wal), ("-shm", opened.shm)):
        leftover = Path(f"{path}{suffix}")
        if ours is not None and _file_id(leftover) == ours:
            try:
                leftover.unlink()
            except OSError:
                pass


def _close_quietly(conn) -> None:
    try:
        conn.close()
    except Exception:  # sqlite3's or SQLCipher's: the file is left behind either way
        pass
