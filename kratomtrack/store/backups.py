"""Backups of the log in backups/ of the data folder: making, listing, checking, pruning.

A backup is a whole, self-contained SQLite file made with SQLite's online
backup API (a consistent snapshot even while the window is writing), checked
with ``PRAGMA integrity_check`` before it counts, and readable by its owner
only. One is made on the first start of each day, before every schema
migration, before a restore and before ``import --replace``; ``kratomtrack
backup`` makes one by hand.

Old copies are pruned like borg/restic do: the newest copy of each of the
last 7 days, 4 weeks and 12 months that have one (the numbers are settings),
plus everything from the last 24 hours (so a copy made just before a restore
or an import is never pruned the same day) and, whatever the rules say, the
newest copy that passes its integrity check.

Putting a backup back is in restore.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kratomtrack.core.dates import moment_text
from kratomtrack.store import schema
from kratomtrack.store.integrity import check_whole_log
from kratomtrack.store.location import backups_dir, ensure_private_dir
from kratomtrack.store.setting_values import BACKUP_RETENTION, read_setting
from kratomtrack.store.sqlite_file import (  # noqa: F401  (BackupError is this module's too)
    BackupError,
    check_sqlite_header,
    connect_copy,
    connect_readonly,
    fsync_dir,
    fsync_file,
    remove_quietly,
)

if TYPE_CHECKING:
    from kratomtrack.store.database import LogDatabase

# kratomtrack-2026-11-20_083015-daily.db (a "-2" before ".db" if one already
# has that name). The time is local: it is what the person sees in the list.
_NAME = re.compile(
    r"^kratomtrack-(?P<date>\d{4}-\d{2}-\d{2})_(?P<time>\d{6})-(?P<reason>[a-z]+(?:-[a-z]+)*)"
    r"(?:-(?P<n>\d+))?\.db$"
)

REASONS = {
    "daily": "first start of the day",
    "manual": "made by hand",
    "before-migration": "before an upgrade",
    "before-restore": "before a restore",
    "before-import": "before an import that replaced check-ins",
}

KEEP_ALL_WITHIN = dt.timedelta(hours=24)


class BackupFailedError(BackupError):
    """Making a backup failed (disk full, unreadable log…); no partial copy is left."""


class BadBackupError(BackupError):
    """The chosen file cannot be restored; the log was left unchanged."""


@dataclass(frozen=True)
class Retention:
    """How many old backups pruning keeps (settings backups.keep_*)."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    SETTINGS = BACKUP_RETENTION

    @classmethod
    def from_db(cls, db: LogDatabase) -> Retention:
        return cls.from_connection(db.conn)

    @classmethod
    def from_connection(cls, conn: sqlite3.Connection) -> Retention:
        """The log's settings; the defaults for any missing or unusable one."""
        try:
            # A broken setting reads as its default: it must never make pruning delete more.
            return cls(*(read_setting(conn, key) for key in cls.SETTINGS))
        except sqlite3.Error:
            return cls()


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, with what the list of backups shows about it."""

    path: Path
    made_at: dt.datetime
    reason: str
    days: int | None = None  # days with a dose or a check-in; None: not read or unreadable
    doses: int | None = None
    problem: str = ""  # why it cannot be read, if it cannot

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, "a copy chosen by hand")

    @property
    def when(self) -> str:
        return moment_text(self.made_at)

    def sentence(self) -> str:
        """'made Fri 20 Nov 2026 08:30 and holds 120 days and 301 doses'."""
        return (f"made {self.when} and holds {_count(self.days, 'day')} and "
                f"{_count(self.doses, 'dose')}")

    def describe(self) -> str:
        """'Fri 20 Nov 2026 08:30: 120 days, 301 doses (first start of the day)'."""
        when = self.when
        if self.problem:
            return f"{when}: cannot be read ({self.problem})"
        return (f"{when}: {_count(self.days, 'day')}, {_count(self.doses, 'dose')} "
                f"({self.reason_label})")


# --- where ----------------------------------------------------------------------


def list_backups(folder: Path, *, with_counts: bool = False) -> list[BackupInfo]:
    """The backups in folder/backups, newest first.

    ``with_counts`` opens each one (read-only) to count its days and doses;
    one that cannot be read gets a ``problem`` instead.
    """
    found = []
    directory = backups_dir(folder)
    if not directory.is_dir():
        return []
    for path in directory.iterdir():
        info = _info_from_name(path)
        if info is not None:
            found.append(_with_counts(info) if with_counts else info)
    found.sort(key=_age_order, reverse=True)
    return found


def newest_good_backup(folder: Path) -> BackupInfo | None:
    """The newest backup that passes its integrity check and whose every record
    can be read (store/integrity.py), with its counts."""
    for info in list_backups(folder):
        try:
            verified = verify_backup(info.path)
        except BadBackupError:
            continue
        if check_whole_log(info.path).healthy:
            return verified
    return None


# --- making backups ----------------------------------------------------------------


def make_backup(db: LogDatabase, reason: str = "manual", *,
                now: dt.datetime | None = None) -> BackupInfo:
    """Back up an open log now, then prune old copies by its retention settings."""
    if db.conn.in_transaction:
        raise BackupFailedError("A backup cannot be made in the middle of a change.")
    folder = db.path.parent
    info = _backup_connection(db.conn, folder, reason, now)
    prune_backups(folder, Retention.from_db(db), now=now)
    return info


def backup_file(path: Path, reason: str, *, now: dt.datetime | None = None) -> BackupInfo:
    """Back up the log file at path (read-only; used before migrating and restoring)."""
    path = Path(path)
    try:
        conn = connect_readonly(path)
    except sqlite3.Error as err:
        raise BackupFailedError(f"The log could not be read for a backup ({err}).") from err
    try:
        info = _backup_connection(conn, path.parent, reason, now)
        retention = Retention.from_connection(conn)
    finally:
        conn.close()
    prune_backups(path.parent, retention, now=now)
    return info


def backup_if_due(db: LogDatabase, *, now: dt.datetime | None = None) -> BackupInfo | None:
    """Make the day's backup if none was made today (the window calls this at start).

    Returns the new backup, or None if today already has one.
    """
    now = now or dt.datetime.now()
    if any(b.made_at.date() == now.date() for b in list_backups(db.path.parent)):
        return None
    return make_backup(db, "daily", now=now)


def _backup_connection(conn: sqlite3.Connection, folder: Path, reason: str,
                       now: dt.datetime | None) -> BackupInfo:
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    now = (now or dt.datetime.now()).replace(microsecond=0)
    try:
        directory = ensure_private_dir(backups_dir(folder))
    except OSError as err:
        raise BackupFailedError(f"The backup folder could not be made ({err.strerror or err}).") from err
    final = _free_name(directory, now, reason)
    partial = directory / f".{final.name}.partial"
    # Whatever is at that name (a killed backup's leftover, a link) goes first:
    # SQLite would write through a symbolic link into the file it points to.
    remove_quietly(partial)
    try:
        dest = connect_copy(conn, partial)  # encrypted like the log
        try:
            # pages=-1 (the default): the whole log in one step, so the copy
            # is one consistent snapshot even if the window writes meanwhile.
            conn.backup(dest)
            # A backup is one self-contained file: no -wal beside it.
            dest.execute("PRAGMA journal_mode = DELETE")
            problems = _integrity_problems(dest)
        finally:
            dest.close()
        if problems:
            raise BackupFailedError(
                f"The new backup failed its integrity check ({problems}); it was discarded."
            )
        if os.name == "posix":
            os.chmod(partial, 0o600)
        fsync_file(partial)
        os.replace(partial, final)
        fsync_dir(directory)
    except (sqlite3.Error, OSError) as err:
        remove_quietly(partial, Path(f"{partial}-journal"))
        raise BackupFailedError(backup_failure_message(err, directory)) from err
    except BaseException:
        remove_quietly(partial, Path(f"{partial}-journal"))
        raise
    return _with_counts(_info_from_name(final))


def backup_failure_message(err: Exception, directory: Path, what: str = "The backup could not be made") -> str:
    text = str(err)
    if isinstance(err, OSError) and err.strerror:
        text = err.strerror
    if "full" in text.lower() or getattr(err, "errno", None) == 28:
        return (f"{what}: the disk is full ({directory}). "
                "Your log is unchanged; free some space and try again.")
    return f"{what} in {directory} ({text}). Your log is unchanged."


def _free_name(directory: Path, now: dt.datetime, reason: str) -> Path:
    stem = f"kratomtrack-{now:%Y-%m-%d_%H%M%S}-{reason}"
    path = directory / f"{stem}.db"
    n = 2
    while path.exists():
        path = directory / f"{stem}-{n}.db"
        n += 1
    return path


# --- pruning -----------------------------------------------------------------------


def prune_backups(folder: Path, retention: Retention | None = None, *,
                  now: dt.datetime | None = None) -> list[Path]:
    """Delete backups the retention rules do not keep; returns what was deleted.

    Kept: every backup from the last 24 hours; the newest backup of each of
    the ``daily`` most recent days that have one, then of each of the
    ``weekly`` most recent ISO weeks not already covered, then of each of
    the ``monthly`` most recent months (as borg prune counts); and always the
    newest backup that passes its integrity check. Files that are not
    backups by name are left alone.
    """
    retention = retention or Retention()
    now = now or dt.datetime.now()
    backups = list_backups(folder)
    keep = {b.path for b in backups if now - b.made_at < KEEP_ALL_WITHIN}
    kept_by_rules: set[Path] = set()
    for pattern, count in (("%Y-%m-%d", retention.daily), ("%G-W%V", retention.weekly),
                           ("%Y-%m", retention.monthly)):
        last_period = None
        kept = 0
        for backup in backups:
            if kept >= count:
                break
            period = backup.made_at.strftime(pattern)
            if period != last_period:
                last_period = period
                if backup.path not in kept_by_rules:
                    kept_by_rules.add(backup.path)
                    kept += 1
    keep |= kept_by_rules
    good = _newest_good(backups)
    if good is not None:
        keep.add(good.path)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            with contextlib.suppress(FileNotFoundError):
                backup.path.unlink()
            removed.append(backup.path)
    return removed


def _newest_good(backups: list[BackupInfo]) -> BackupInfo | None:
    for backup in backups:
        if not _file_problem(backup.path):
            return backup
    return None


# --- checking a backup ----------------------------------------------------------------


def verify_backup(path: Path) -> BackupInfo:
    """Check that a file can be restored; raise BadBackupError saying why not."""
    path = Path(path)
    problem = _file_problem(path)
    if problem:
        raise BadBackupError(f"{path} cannot be restored: {problem}. Your log was left unchanged.")
    info = _info_from_name(path) or BackupInfo(
        path, dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0), "file")
    return _with_counts(info)


# --- reading a backup ----------------------------------------------------------------


def _info_from_name(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if not match or not path.is_file():
        return None
    try:
        # Not strptime: its first use imports _strptime (a few ms of the window's start).
        clock = match["time"]
        made_at = dt.datetime.fromisoformat(f"{match['date']}T{clock[:2]}:{clock[2:4]}:{clock[4:]}")
    except ValueError:
        return None
    return BackupInfo(path, made_at, match["reason"])


def _age_order(info: BackupInfo) -> tuple:
    """Names have whole seconds; within one second the file times decide."""
    match = _NAME.match(info.path.name)
    sequence = int(match["n"]) if match and match["n"] else 1
    try:
        written = info.path.stat().st_mtime_ns
    except OSError:
        written = 0
    return info.made_at, written, sequence


def _with_counts(info: BackupInfo) -> BackupInfo:
    try:
        check_sqlite_header(info.path)
        conn = connect_readonly(info.path)
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
                raise schema.ForeignDatabaseError("it is not a kratomtrack log")
            doses = conn.execute("SELECT count(*) FROM doses").fetchone()[0]
            days = conn.execute(
                "SELECT count(*) FROM (SELECT day FROM doses UNION SELECT day FROM checkins)"
            ).fetchone()[0]
        finally:
            conn.close()
    except (sqlite3.Error, schema.SchemaError, OSError) as err:
        return BackupInfo(info.path, info.made_at, info.reason, problem=_plain(err))
    return BackupInfo(info.path, info.made_at, info.reason, days, doses)


def _file_problem(path: Path) -> str:
    """Why a file cannot be restored, in plain words; '' if it can."""
    if not path.is_file():
        return "there is no such file"
    try:
        check_sqlite_header(path)
        if path.stat().st_size == 0:
            return "the file is empty"
        conn = connect_readonly(path)
        try:
            problems = _integrity_problems(conn)
            if problems:
                return f"it is damaged (SQLite's integrity check says: {problems})"
            schema.check_compatible(conn)
            if schema.schema_version(conn) == 0:
                return "it is not a kratomtrack log (it is empty)"
        finally:
            conn.close()
    except (sqlite3.Error, schema.SchemaError, OSError) as err:
        return _plain(err)
    return ""


def _plain(err: Exception) -> str:
    if isinstance(err, schema.NewerSchemaError):
        return "it was made by a newer version of kratomtrack; please update kratomtrack first"
    if isinstance(err, schema.ForeignDatabaseError):
        return "it is not a kratomtrack log"
    if isinstance(err, sqlite3.DatabaseError):
        return f"it is damaged ({err})"
    if isinstance(err, OSError):
        return f"it cannot be read ({err.strerror or err})"
    return str(err)


def _integrity_problems(conn: sqlite3.Connection) -> str:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
    return "" if rows == ["ok"] else "; ".join(rows)


def _count(n: int | None, word: str) -> str:
    if n is None:
        return f"? {word}s"
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
