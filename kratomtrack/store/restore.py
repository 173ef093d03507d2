"""Putting a backup back in place of the log, and setting aside a log that cannot be used.

A restore never loses the log it replaces: a healthy log is backed up
first ("before-restore"); one that cannot be backed up (damaged, foreign,
newer) is moved into backups/ under a set-aside-… name.

Its caller owns the log (store/log_owner.py): the window restoring from its
own menu, or ``kratomtrack restore``, which is refused while a window is
open on the folder: a window would go on saving into the file replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kratomtrack.store import cipher, schema
from kratomtrack.store.backups import (
    BackupFailedError,
    BackupInfo,
    BadBackupError,
    backup_failure_message,
    backup_file,
    backups_dir,
    verify_backup,
)
from kratomtrack.store.integrity import LogHealth, check_whole_log
from kratomtrack.store.location import DB_FILENAME, db_path, ensure_private_dir
from kratomtrack.store.opening import check_log, open_connection
from kratomtrack.store.sqlite_file import (
    DamagedDatabaseError,
    LogNotWritableError,
    connect,
    connect_copy,
    connect_readonly,
    export_file,
    folder_writable,
    fsync_dir,
    fsync_file,
    remove_quietly,
)

# A log that could not be backed up (damaged, foreign, newer) is moved into
# backups/ under this prefix before a restore replaces it; such files are
# never listed as backups and never pruned.
SET_ASIDE_PREFIX = "set-aside-"


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    backup_of_previous: BackupInfo | None  # the log as it was, backed up first
    set_aside: list[Path]  # a previous log that could not be backed up, moved here



class DamagedBackupError(BadBackupError):
    """The whole-log check finds the backup damaged; nothing was restored.
    ``health`` says what it found (store/integrity.py)."""

    def __init__(self, path: Path, health: LogHealth):
        unreadable = (f" {health.unreadable_records} record(s) in it cannot be read."
                      if health.unreadable_records else "")
        super().__init__(f"{path} is damaged ({health.findings[0]}), so it was not restored.{unreadable} "
                         "Your log was left unchanged.")
        self.health = health


def restore_backup(folder: Path, backup: Path, *, now: dt.datetime | None = None,
                   even_if_damaged: bool = False) -> RestoreResult:
    """Replace the log in folder with a backup, after backing up the log as it is.

    The backup is checked in full first; a bad one is refused with
    BadBackupError and nothing changes: one SQLite cannot copy whole always,
    one whose records the whole-log check finds damaged (DamagedBackupError)
    unless ``even_if_damaged``. A healthy log is backed up
    ("before-restore") and then overwritten inside one SQLite transaction
    through the backup API, which is atomic and safe with WAL and with the
    window's connection open (it sees the restored log on its next read). A
    log that cannot be backed up (damaged, foreign, newer) is moved, with its
    -wal and -shm, into backups/ as set-aside-… and the restored copy is put
    in its place with an atomic rename. Finally the restored log is opened
    once, which migrates it if it is from an older version.
    """
    folder = Path(folder)
    log = db_path(folder)
    if folder.is_dir() and not folder_writable(folder):
        raise LogNotWritableError(
            f"The backup was not restored: the data folder {folder} cannot be written (it is "
            "read-only), so your log cannot be replaced there. Your log is unchanged; once "
            "the folder can be written, try again.")
    if log.exists() and Path(backup).exists() and Path(backup).samefile(log):
        raise BadBackupError(f"{backup} is your log itself, not a backup of it. "
                             "Your log was left unchanged.")
    info = verify_backup(backup)
    health = check_whole_log(info.path)
    if health.refusal is not None:
        raise BadBackupError(f"{info.path} cannot be restored: {health.refusal} Your log was left unchanged.")
    if not health.healthy and not even_if_damaged:
        raise DamagedBackupError(info.path, health)
    ensure_private_dir(folder)
    previous = None
    set_aside: list[Path] = []
    if log.exists() and _log_is_healthy(log):
        previous = backup_file(log, "before-restore", now=now)
        _copy_into_live_log(info.path, log)
    else:
        set_aside = _set_aside(folder, now)
        _copy_to_new_log(info.path, log)
    open_connection(log).close()
    return RestoreResult(info, previous, set_aside)


def _log_is_healthy(log: Path) -> bool:
    try:
        check_log(log)
    except (schema.SchemaError, DamagedDatabaseError):
        return False
    return True


def _copy_into_live_log(source: Path, log: Path) -> None:
    converted = None
    try:
        dest = connect(log)
        try:
            page_size = dest.execute("PRAGMA page_size").fetchone()[0]
            src = connect_readonly(source)
            try:
                if cipher.is_encrypted(dest) and not cipher.is_encrypted(src):
                    # A plain backup into a protected log: encrypted first
                    # (the backup API copies pages as they are).
                    src.close()
                    converted = _encrypted_copy(source, log)
                    src = connect_readonly(converted)
                if src.execute("PRAGMA page_size").fetchone()[0] != page_size:
                    # SQLite cannot copy into a WAL log of another page size.
                    src.close()
                    plain_copy, converted = converted, _with_page_size(
                        converted or source, page_size, log.parent)
                    if plain_copy is not None:
                        remove_quietly(plain_copy)
                    src = connect_readonly(converted)
                src.backup(dest)
            finally:
                src.close()
        finally:
            dest.close()
    except sqlite3.Error as err:
        raise BackupFailedError(
            backup_failure_message(err, log.parent, "The backup could not be restored")) from err
    finally:
        if converted is not None:
            remove_quietly(converted, Path(f"{converted}-journal"))


def _encrypted_copy(source: Path, log: Path) -> Path:
    """A temporary copy of the plain file source, encrypted with the log's key."""
    copy = log.parent / f".{source.name}.encrypting.converting"
    remove_quietly(copy)
    export_file(source, copy, source_key=None, dest_key=cipher.key_for(log))
    return copy


def _with_page_size(source: Path, page_size: int, folder: Path) -> Path:
    """A temporary copy of source with another page size."""
    copy = folder / f".{source.name}.converting"
    remove_quietly(copy)
    src = connect_readonly(source)
    dest = connect_copy(src, copy)
    try:
        src.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
        dest.execute(f"PRAGMA page_size = {int(page_size)}")
        dest.execute("VACUUM")
    finally:
        dest.close()
        src.close()
    return copy


def _copy_to_new_log(source: Path, log: Path) -> None:
    partial = log.with_name(f".{log.name}.restoring")
    src = connect_readonly(source)
    try:
        dest = connect_copy(src, partial)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        if os.name == "posix":
            os.chmod(partial, 0o600)
        fsync_file(partial)
        os.replace(partial, log)
        fsync_dir(log.parent)
    except (sqlite3.Error, OSError) as err:
        remove_quietly(partial, Path(f"{partial}-journal"))
        raise BackupFailedError(
            backup_failure_message(err, log.parent, "The backup could not be restored")) from err
    finally:
        src.close()


def set_aside_log(folder: Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Move a log that cannot be used (and its -wal, -shm) into backups/.

    Nothing is deleted: the files keep their bytes under a set-aside-… name,
    for a person (or a recovery tool) to look at later. Returns where they went.
    """
    return _set_aside(Path(folder), now)


def _set_aside(folder: Path, now: dt.datetime | None) -> list[Path]:
    now = now or dt.datetime.now()
    directory = ensure_private_dir(backups_dir(folder))
    stem = f"{SET_ASIDE_PREFIX}{now:%Y-%m-%d_%H%M%S}"
    n = 1
    while any(directory.glob(f"{stem}*")):
        n += 1
        stem = f"{SET_ASIDE_PREFIX}{now:%Y-%m-%d_%H%M%S}-{n}"
    moved = []
    # The -wal first: a -wal left beside a new log would be replayed into it.
    for suffix in ("-wal", "-shm", ""):
        source = folder / f"{DB_FILENAME}{suffix}"
        if source.exists():
            target = directory / f"{stem}-{DB_FILENAME}{suffix}"
            os.replace(source, target)
            moved.append(target)
    fsync_dir(folder)
    return moved
