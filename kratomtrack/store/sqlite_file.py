"""The log as an SQLite file: its header, its connections, and SQLite's errors
put in words a person can act on.

The lowest layer of the store: opening.py, backups.py, restore.py and
database.py all build on it, and it imports none of them.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from kratomtrack.store import cipher, schema
from kratomtrack.store.cipher import SQLITE_HEADER
from kratomtrack.store.first_bytes import read_first_bytes

# How long to wait for another kratomtrack process's write (a headless import
# while the window is open) before giving up with LogBusyError.
BUSY_TIMEOUT_SECONDS = 10.0


class DamagedDatabaseError(schema.SchemaError):
    """The file failed SQLite's integrity check; nothing was written to it."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.path = path


class LogLockedError(schema.SchemaError):
    """The log is protected and no passphrase (or a wrong one) was given; nothing changed."""


class BackupError(Exception):
    """A backup could not be made, read or restored; the message says why.

    Here, not in backups.py, so that the window's start can name it without
    loading the backups module (store/backups.py imports it from here)."""


class SaveError(Exception):
    """A write could not be stored. Nothing of that action was saved and the
    log is as it was before; the person can try again (the window keeps what
    they typed). The message says what happened in plain words."""


class StorageFullError(SaveError):
    """The disk (or the folder's quota) is full."""


class LogNotWritableError(SaveError):
    """The data folder or file cannot be written (read-only, removed, I/O error)."""


class LogBusyError(SaveError):
    """Another kratomtrack program held the log's write lock for too long."""


class LogChangedError(SaveError):
    """The log file was replaced or changed by another program since it was
    opened (store/file_identity.py): nothing is written into the old one."""

    def __init__(self, path: Path, change: str, *, committed: bool = False):
        what = ("This may not have been saved in your log" if committed else
                "This was not saved")
        super().__init__(
            f"{what}: your log file {path} was replaced or changed by another program "
            f"since kratomtrack opened it ({change}), so nothing more is written to the "
            "old one. Open the log again, look, and save it again if it is missing.")
        self.change = change


def connect(path: Path) -> sqlite3.Connection:
    """A read-write connection that waits for another program's write."""
    # isolation_level=None: we issue BEGIN ourselves, so a user action's
    # statements commit together and nothing is committed behind our back.
    key = cipher.needs_key(path)
    if key is not None:
        conn = cipher.connect_encrypted(str(path), key, timeout=BUSY_TIMEOUT_SECONDS)
        conn.text_factory = readable_text
        return conn
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
    conn.text_factory = readable_text
    return conn


def readable_text(raw: bytes) -> str:
    """Stored text as str; bytes that damage made invalid UTF-8 show as U+FFFD
    instead of failing the whole read (store/integrity.py names the row)."""
    return raw.decode("utf-8", "replace")


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to the file (nor checkpoint it on close).

    A file in a folder that cannot be written, with no -wal beside it, is
    opened as immutable: SQLite could not create the -shm file a WAL log
    otherwise needs (and nothing can be writing to it there).
    """
    path = Path(path)
    immutable = not folder_writable(path.parent) and not Path(f"{path}-wal").exists()
    query = "mode=ro&immutable=1" if immutable else "mode=ro"
    target = f"{Path(path).absolute().as_uri()}?{query}"
    key = cipher.needs_key(path)
    if key is not None:
        conn = cipher.connect_encrypted(target, key, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    else:
        conn = sqlite3.connect(target, uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_SECONDS)
    conn.text_factory = readable_text
    return conn


def connect_copy(source: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """A connection to a new file that will hold a copy of ``source``'s log
    (a backup, a restore's temporary file): encrypted with the same key when
    ``source`` is protected, so a copy never holds the log in plain."""
    key = cipher.key_for(path) if cipher.is_encrypted(source) else None
    if key is not None:
        return cipher.connect_encrypted(str(path), key)
    if cipher.is_encrypted(source):
        raise LogLockedError(f"{path} would hold a protected log outside its data folder.")
    return sqlite3.connect(path, isolation_level=None)


def folder_writable(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (permissions and a read-only mount)."""
    if not os.access(folder, os.W_OK):
        return False
    if hasattr(os, "statvfs"):
        try:
            return not os.statvfs(folder).f_flag & os.ST_RDONLY
        except OSError:
            return False
    return True


def check_sqlite_header(path: Path) -> None:
    """Raise ForeignDatabaseError if the file is not empty and not SQLite, and
    LogLockedError if it is a protected log this program holds no key for."""
    header = read_first_bytes(path, len(SQLITE_HEADER))  # never cancels SQLite's locks on it
    if header and header != SQLITE_HEADER:
        if cipher.key_for(path) is not None:
            return  # protected, and unlocked: opening it checks the key
        if cipher.looks_protected(path):
            raise LogLockedError(
                f"{path} is protected with a passphrase. Give the passphrase (or the "
                "recovery key) to open it. It was left unchanged.")
        raise schema.ForeignDatabaseError(
            f"{path} is not a kratomtrack log (not an SQLite database). It was left unchanged."
        )


def damaged_message(path: Path, detail: str) -> str:
    # The first concrete finding is enough for a person (and a support
    # request); SQLite's report can run to many lines.
    lines = [ln.strip() for ln in detail.splitlines()
             if ln.strip() and not ln.startswith("***")]
    finding = (lines[0] if lines else detail)[:120]
    return (
        f"Your log file {path} is damaged and cannot be read safely "
        f"(the check found: {finding}). Nothing was written to it."
    )


SQLITE_READONLY = 8
_SQLITE_FULL = 13
_NOT_WRITABLE = {3, 8, 10, 14}  # SQLITE_PERM, _READONLY, _IOERR, _CANTOPEN
_BUSY = {5, 6}  # SQLITE_BUSY, _LOCKED


def error_code(err: sqlite3.Error) -> int:
    """SQLite's primary result code of an error (0 if it has none)."""
    return (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF


def _disk_is_full(folder: Path) -> bool:
    """SQLite reports a full disk as an I/O error when it cannot grow its -shm file."""
    try:
        if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False  # read-only, which is said differently
        import shutil  # here: only a failed write needs it, not the window's start

        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def raise_save_error(err: sqlite3.Error, path: Path, *, opening: bool = False) -> None:
    """Raise the SaveError a person can act on (from err); return for anything else."""
    code = error_code(err)
    what = "Your log could not be opened" if opening else "This was not saved"
    if code == _SQLITE_FULL or (code in _NOT_WRITABLE and _disk_is_full(path.parent)):
        raise StorageFullError(
            f"{what}: the disk that holds it is full ({path.parent}). Your log is "
            "unchanged. Free some space, then try again."
        ) from err
    if code in _NOT_WRITABLE:
        raise LogNotWritableError(
            f"{what}: the log cannot be written ({err}; data folder {path.parent} may be "
            "read-only or unavailable). Your log is unchanged. Once the folder can be "
            "written again, try again."
        ) from err
    if code in _BUSY:
        raise LogBusyError(
            f"{what}: another kratomtrack program kept the log busy for more than "
            f"{BUSY_TIMEOUT_SECONDS:g} seconds. Your log is unchanged; try again in a moment."
        ) from err


# --- making a file change durable -------------------------------------------------------


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def export_file(source: Path, dest: Path, *, source_key: bytes | None,
                dest_key: bytes | None, source_held: bool = False) -> None:
    """Write a whole copy of the SQLite file ``source`` to the new file ``dest``,
    each encrypted with its key or plain (None), with SQLCipher's sqlcipher_export.

    ``dest`` is fsynced; it is the caller's to rename into place.
    ``source_held``: the caller holds a read lock on ``source`` (nobody can
    write to it), which a write lock taken here would conflict with.
    """
    conn = (cipher.connect_encrypted(str(source), source_key) if source_key
            else cipher.dbapi().connect(str(source), isolation_level=None))
    try:
        cipher.attach_encrypted(conn, dest, "copy", dest_key)
        conn.execute("BEGIN" if source_held else "BEGIN IMMEDIATE")  # nobody writes to source meanwhile
        try:
            conn.execute("SELECT sqlcipher_export('copy')")
            for pragma in ("user_version", "application_id"):  # not copied by the export
                value = conn.execute(f"PRAGMA main.{pragma}").fetchone()[0]
                conn.execute(f"PRAGMA copy.{pragma} = {int(value)}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")  # writes the copy only: main was just read
        conn.execute("DETACH DATABASE copy")
    finally:
        conn.close()
    fsync_file(dest)


def fsync_dir(directory: Path) -> None:
    """Make a rename in directory durable (POSIX; Windows has no directory fsync)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fsync_file(directory)


def remove_quietly(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
