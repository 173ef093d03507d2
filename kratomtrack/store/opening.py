"""Opening a log safely: the one place that decides whether a file may be used.

In order: check the file without writing to it (SQLite header, ours, not
from a newer version, SQLite's quick_check); refuse a file cut to 0 bytes
when backups of it exist; make a verified backup before migrating an older
log; then connect, configure (WAL, full fsync) and migrate. A file that
fails a check is never written to.

This is on the window's start-up path: quick_check (not integrity_check)
keeps it fast.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from kratomtrack.store import schema
from kratomtrack.store.cipher import has_sqlite_header
from kratomtrack.store.file_checks import plain_header_findings, schema_findings, tables_version
from kratomtrack.store.integrity import check_whole_log
from kratomtrack.store.leftovers import remove_leftovers
from kratomtrack.store.location import ensure_private_dir
from kratomtrack.store.readable_copy import readable_copy
from kratomtrack.store.sqlite_file import (
    SQLITE_READONLY,
    DamagedDatabaseError,
    LogNotWritableError,
    check_sqlite_header,
    connect,
    connect_readonly,
    damaged_message,
    folder_writable,
    error_code,
    raise_save_error,
)


def open_connection(path: str | os.PathLike, *, create: bool = True,
                    full_check: bool = False) -> sqlite3.Connection:
    """A read-write connection to the log at ``path``, created and migrated as needed.

    Refuses, without writing anything, a file that is not SQLite, not ours,
    from a newer version, or damaged, and an emptied one that has backups.
    ``full_check`` adds the whole-log check (store/integrity.py) to the
    quick one: the headless writers use it; the window runs it after its
    first paint. Before migrating an existing log to a newer schema it makes
    a verified backup in backups/.
    """
    path = Path(path)
    if path.exists():
        # Read-only checks first, so a damaged or foreign file is never
        # written to (a read-write connection would checkpoint on close).
        version = check_log(path)
        _refuse_a_changed_header_field(path)
        if full_check and path.stat().st_size:  # an emptied file: the rule just below
            refuse_if_damaged(path)
        if version == 0 and path.stat().st_size == 0:
            _refuse_empty_file_with_backups(path)
        if 0 < version < schema.SCHEMA_VERSION:
            from kratomtrack.store.backups import backup_file  # rarely: not on every start

            backup_file(path, "before-migration")
    elif not create:
        raise FileNotFoundError(f"No log at {path}")
    else:
        ensure_private_dir(path.parent)
    conn = _connect(path, connect)
    try:
        schema.check_compatible(conn)  # again: another process may have changed it
        _configure(conn)
        schema.migrate(conn)
    except sqlite3.DatabaseError as err:
        conn.close()
        if _damage_said(err):
            raise DamagedDatabaseError(damaged_message(path, str(err)), path) from err
        raise_save_error(err, path, opening=True)
        raise
    except BaseException:
        conn.close()
        raise
    if os.name == "posix":
        os.chmod(path, 0o600)
    remove_leftovers(path.parent)  # of a backup or restore killed half-way
    return conn


def open_readonly(path: str | os.PathLike) -> sqlite3.Connection:
    """A connection that can only read the log: for a damaged log, a read-only
    folder, and the commands that only read (export, warning, report, check).

    The file gets the same checks as for writing except the full one (the
    caller decides what a damaged log may still be used for).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No log at {path}")
    _roll_back_unfinished_write(path)
    check_log(path, writable=False)
    return _connect(path, connect_readonly)


def _roll_back_unfinished_write(path: Path) -> None:
    """Undo a write that a program killed half-way left behind (a hot -journal), as
    any read-write open does: a read-only connection cannot, and would refuse a
    log that is whole. Only the unfinished change is undone; nothing committed
    changes. In a folder that cannot be written the refusal stands."""
    journal = Path(f"{path}-journal")
    try:
        if not journal.is_file() or journal.stat().st_size == 0:
            return
    except OSError:
        return
    if not folder_writable(path.parent):
        # A read-only connection there opens the file as immutable
        # (connect_readonly), which would read the half-written change as if saved.
        raise LogNotWritableError(
            "Your log could not be opened: the log cannot be written, and a change that "
            f"was cut off must be undone first (data folder {path.parent} may be read-only). "
            "Your log is unchanged. Once the folder can be written again, try again.")
    conn = _connect(path, connect)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read rolls back
    except sqlite3.DatabaseError:
        pass  # damage: check_log names it
    finally:
        conn.close()


def salvage_readable(path: Path) -> sqlite3.Connection:
    """An in-memory copy of every row the app can still read from a damaged log
    (store/readable_copy.py): for the window's read-only look at it. The file
    is only read."""
    return readable_copy(path).conn


def refuse_if_damaged(path: Path) -> None:
    """Raise DamagedDatabaseError naming what the whole-log check found (or why
    the file is no log of this kratomtrack at all)."""
    health = check_whole_log(path)
    if health.refusal is not None:
        raise health.refusal
    if not health.healthy:
        raise DamagedDatabaseError(damaged_message(path, health.findings[0]), path)


def _configure(conn: sqlite3.Connection) -> None:
    # WAL: readers (the window) never block a writer (a headless import), and
    # a crash mid-write cannot corrupt the main file. synchronous=FULL: in WAL
    # mode NORMAL may lose the last commits on power loss; a health log writes
    # a few rows a day, so the extra fsync per commit is worth never losing
    # a dose the window said was saved.
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise sqlite3.OperationalError(f"could not switch the log to WAL mode ({mode})")
    conn.execute("PRAGMA synchronous = FULL")
    # On macOS fsync() leaves data in the drive's cache; F_FULLFSYNC does
    # not. Ignored on other systems.
    conn.execute("PRAGMA fullfsync = ON")
    conn.execute("PRAGMA checkpoint_fullfsync = ON")
    conn.execute("PRAGMA foreign_keys = ON")


def check_log(path: Path, *, writable: bool = True) -> int:
    """Check an existing log without writing to it; return its schema version.

    Raises ForeignDatabaseError (not SQLite, or not ours), NewerSchemaError
    or DamagedDatabaseError (fails SQLite's quick_check).
    """
    path = Path(path)
    check_sqlite_header(path)
    conn = _connect(path, connect_readonly)
    try:
        return _checked_version(conn, path)
    except sqlite3.OperationalError as err:
        if error_code(err) != SQLITE_READONLY or not writable:
            raise_save_error(err, path, opening=True)
            raise
    finally:
        conn.close()
    # After a crash SQLite must finish the interrupted write (roll back a hot
    # journal, rebuild the WAL index) before anyone can read the file, and a
    # read-only connection cannot. That recovery is SQLite's own crash
    # repair; query_only keeps everything else of ours from writing.
    conn = _connect(path, connect)
    try:
        conn.execute("PRAGMA query_only = ON")
        return _checked_version(conn, path)
    except sqlite3.OperationalError as err:
        raise_save_error(err, path, opening=True)
        raise
    finally:
        conn.close()


def _connect(path: Path, how: Callable[[Path], sqlite3.Connection]) -> sqlite3.Connection:
    """``how(path)``, with a failure to connect said in words a person can act on."""
    try:
        return how(path)
    except sqlite3.Error as err:
        raise_save_error(err, path, opening=True)
        if _damage_said(err):  # a protected log whose first page is damaged fails right here
            raise DamagedDatabaseError(damaged_message(path, str(err)), path) from err
        raise


_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def _damage_said(err: sqlite3.Error) -> bool:
    return error_code(err) in _DAMAGE_CODES or (isinstance(err, sqlite3.DatabaseError) and any(
        words in str(err) for words in ("not a database", "malformed")))


def _checked_version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        _quick_check(conn, path)
        try:
            version = schema.check_compatible(conn)
        except schema.ForeignDatabaseError:
            _refuse_a_damaged_header(conn, path)  # our tables under a changed application id
            raise
        if version or tables_version(conn) != 0:
            # Migrating by a damaged schema version would add what is there, or worse.
            _refuse_a_damaged_header(conn, path)
        return version
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as err:
        raise DamagedDatabaseError(damaged_message(path, str(err)), path) from err


def _refuse_a_changed_header_field(path: Path) -> None:
    """A changed byte among the first 100 (page size, read and write versions) that SQLite's
    quick check passes: a read-write open would rewrite the versions (WAL) and hide it."""
    findings = plain_header_findings(path) if has_sqlite_header(path) else []
    if findings:
        raise DamagedDatabaseError(damaged_message(path, findings[0]), path)


def _refuse_a_damaged_header(conn: sqlite3.Connection, path: Path) -> None:
    findings, refusal = schema_findings(conn)
    if findings and refusal is None:
        raise DamagedDatabaseError(damaged_message(path, findings[0]), path)


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    result = [r[0] for r in conn.execute("PRAGMA quick_check(3)")]
    if result != ["ok"]:
        raise DamagedDatabaseError(damaged_message(path, "\n".join(result)), path)


def _refuse_empty_file_with_backups(path: Path) -> None:
    """A log cut to 0 bytes (a crash or full disk) is not a new log if backups exist."""
    from kratomtrack.store.backups import list_backups

    if list_backups(path.parent):
        raise DamagedDatabaseError(
            f"Your log file {path} is empty (0 bytes) although backups of it exist; it was "
            "probably cut short by a crash or a full disk. Nothing was written to it.",
            path,
        )
