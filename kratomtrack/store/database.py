"""Reads and writes of the log, one transaction per user action."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path


from kratomtrack.core.log import Log
from kratomtrack.core.records import CheckIn, Dose, Form, SideEffect
from kratomtrack.core.validation import (
    FieldError,
    InvalidRecord,
    side_effect_name,
    validate_checkin,
    validate_dose,
)
from kratomtrack.store import schema
from kratomtrack.store.location import db_path, ensure_private_dir

SQLITE_HEADER = b"SQLite format 3\x00"


class DamagedDatabaseError(schema.SchemaError):
    """The file failed SQLite's integrity check; nothing was written to it."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.path = path


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


# How long to wait for another kratomtrack process's write (a headless import
# while the window is open) before giving up with LogBusyError.
BUSY_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class DeletedDay:
    """What delete_day removed, so that restore_day (undo) can put all of it back."""

    doses: list[Dose]
    checkin: CheckIn | None
    for_doctor: bool = False  # the day note's "for my doctor" mark


class LogDatabase:
    """The log in one SQLite file.

    Every public write method is one transaction: it either happens whole or
    not at all, and is on disk when the method returns.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn
        self.changes = 0  # bumped on every commit from this connection

    @functools.cached_property
    def db(self):
        """The sqlite_utils.Database over this connection.

        Made on first use: importing sqlite_utils (which loads numpy) takes
        longer than opening the window, so the window does not wait for it.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # --- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = True) -> LogDatabase:
        """Open (and if needed create and migrate) the log at ``path``.

        Refuses, without writing anything, a file that is not SQLite, not
        ours, from a newer version, or damaged. Before migrating an existing
        log to a newer schema it makes a verified backup in backups/.
        """
        path = Path(path)
        if path.exists():
            # Read-only checks first, so a damaged or foreign file is never
            # written to (a read-write connection would checkpoint on close).
            version = check_log(path)
            if version == 0 and path.stat().st_size == 0:
                _refuse_empty_file_with_backups(path)
            if 0 < version < schema.SCHEMA_VERSION:
                from kratomtrack.store.backups import backup_file

                backup_file(path, "before-migration")
        elif not create:
            raise FileNotFoundError(f"No log at {path}")
        else:
            ensure_private_dir(path.parent)
        try:
            # isolation_level=None: we issue BEGIN ourselves, so a user action's
            # statements commit together and nothing is committed behind our back.
            conn = sqlite3.connect(str(path), isolation_level=None,
                                   timeout=BUSY_TIMEOUT_SECONDS)
        except sqlite3.Error as err:
            _raise_save_error(err, path, opening=True)
            raise
        try:
            schema.check_compatible(conn)  # again: another process may have changed it
            _configure(conn)
            schema.migrate(conn)
        except sqlite3.DatabaseError as err:
            conn.close()
            if "not a database" in str(err) or "malformed" in str(err):
                raise DamagedDatabaseError(_damaged_message(path, str(err)), path) from err
            _raise_save_error(err, path, opening=True)
            raise
        except BaseException:
            conn.close()
            raise
        if os.name == "posix":
            os.chmod(path, 0o600)
        return cls(path, conn)

    @classmethod
    def open_folder(cls, folder: Path, *, create: bool = True) -> LogDatabase:
        return cls.open(db_path(folder), create=create)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> LogDatabase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[LogDatabase]:
        """One user action. Nested calls join the outer transaction."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        # IMMEDIATE takes the write lock up front, so a concurrent writer makes
        # us wait (busy timeout) rather than fail half-way with "locked".
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            _raise_save_error(err, self.path)
            raise
        try:
            yield self
            self.conn.execute("COMMIT")
        except sqlite3.Error as err:
            self._roll_back()
            _raise_save_error(err, self.path)
            raise
        except BaseException:
            self._roll_back()
            raise
        self.changes += 1

    def _roll_back(self) -> None:
        if self.conn.in_transaction:
            # After a full disk or an I/O error SQLite may already have
            # rolled back; a failing ROLLBACK must not hide the first error.
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def data_version(self) -> int:
        """Changes when another connection commits (for refreshing views)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    # --- doses -----------------------------------------------------------------

    def add_dose(self, dose: Dose, *, today: dt.date | None = None) -> Dose:
        dose = validate_dose(dose, today or dt.date.today())
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO doses (taken_at, day, grams, form, product, note) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                _dose_row(dose),
            )
        return replace(dose, id=cursor.lastrowid)

    def update_dose(self, dose: Dose, *, today: dt.date | None = None) -> Dose:
        if dose.id is None:
            raise ValueError("update_dose needs a dose with an id")
        dose = validate_dose(dose, today or dt.date.today())
        with self.transaction():
            cursor = self.conn.execute(
                "UPDATE doses SET taken_at = ?, day = ?, grams = ?, form = ?, "
                "product = ?, note = ? WHERE id = ?",
                (*_dose_row(dose), dose.id),
            )
            if cursor.rowcount != 1:
                raise KeyError(f"No dose with id {dose.id}")
        return dose

    def delete_dose(self, dose_id: int) -> Dose:
        """Remove a dose and return it (so that it can be put back)."""
        with self.transaction():
            dose = self.dose(dose_id)
            self.conn.execute("DELETE FROM doses WHERE id = ?", (dose_id,))
        return dose

    def restore_dose(self, dose: Dose) -> Dose:
        """Put back a removed dose with its old id (for undo)."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO doses (id, taken_at, day, grams, form, product, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (dose.id, *_dose_row(dose)),
            )
        return dose

    def dose(self, dose_id: int) -> Dose:
        row = self.conn.execute(
            "SELECT id, taken_at, grams, form, product, note FROM doses WHERE id = ?",
            (dose_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"No dose with id {dose_id}")
        return _dose_from_row(row)

    def doses_between(self, start: dt.date, end: dt.date) -> list[Dose]:
        """Doses from start to end (both included), oldest first."""
        rows = self.conn.execute(
            "SELECT id, taken_at, grams, form, product, note FROM doses "
            "WHERE day BETWEEN ? AND ? ORDER BY taken_at, id",
            (start.isoformat(), end.isoformat()),
        )
        return [_dose_from_row(r) for r in rows]

    def doses_on(self, day: dt.date) -> list[Dose]:
        return self.doses_between(day, day)

    def all_doses(self) -> list[Dose]:
        rows = self.conn.execute(
            "SELECT id, taken_at, grams, form, product, note FROM doses ORDER BY taken_at, id"
        )
        return [_dose_from_row(r) for r in rows]

    def dose_count(self) -> int:
        return self.db["doses"].count

    def last_dose(self) -> Dose | None:
        """The most recently taken dose (for 'form and product used last')."""
        row = self.conn.execute(
            "SELECT id, taken_at, grams, form, product, note FROM doses "
            "ORDER BY taken_at DESC, id DESC LIMIT 1"
        ).fetchone()
        return _dose_from_row(row) if row else None

    def products(self) -> list[str]:
        """Product names used before, most recently used first."""
        rows = self.conn.execute(
            "SELECT product FROM doses WHERE product != '' "
            "GROUP BY product ORDER BY max(taken_at) DESC"
        )
        return [r[0] for r in rows]

    def first_day(self) -> dt.date | None:
        """The earliest day with a dose or a check-in."""
        row = self.conn.execute(
            "SELECT min(d) FROM (SELECT min(day) AS d FROM doses "
            "UNION ALL SELECT min(day) FROM checkins)"
        ).fetchone()
        return dt.date.fromisoformat(row[0]) if row and row[0] else None

    # --- check-ins -------------------------------------------------------------

    def checkin(self, day: dt.date) -> CheckIn | None:
        return self.checkins_between(day, day).get(day)

    def checkins_between(self, start: dt.date, end: dt.date) -> dict[dt.date, CheckIn]:
        bounds = (start.isoformat(), end.isoformat())
        ratings: dict[str, dict[str, int]] = {}
        for day, name, rating in self.conn.execute(
            "SELECT r.day, s.name, r.rating FROM ratings r "
            "JOIN side_effects s ON s.id = r.side_effect_id "
            "WHERE r.day BETWEEN ? AND ? ORDER BY s.position",
            bounds,
        ):
            ratings.setdefault(day, {})[name] = rating
        result = {}
        for day, pain, note in self.conn.execute(
            "SELECT day, pain, note FROM checkins WHERE day BETWEEN ? AND ? ORDER BY day",
            bounds,
        ):
            date = dt.date.fromisoformat(day)
            result[date] = CheckIn(date, pain, ratings.get(day, {}), note)
        return result

    def all_checkins(self) -> list[CheckIn]:
        return list(self.checkins_between(dt.date.min, dt.date.max).values())

    def save_checkin(self, checkin: CheckIn, *, today: dt.date | None = None,
                     for_doctor: bool | None = None) -> CheckIn:
        """Store the day's check-in, replacing any earlier one; an empty one removes it.

        The day note's "for my doctor" mark (store/doctor_notes.py) is kept
        as stored unless ``for_doctor`` sets it (undo puts an old mark back).
        """
        checkin = validate_checkin(checkin, today or dt.date.today())
        with self.transaction():
            self._write_checkin(checkin, for_doctor)
        return checkin

    def delete_checkin(self, day: dt.date) -> CheckIn | None:
        with self.transaction():
            old = self.checkin(day)
            self.conn.execute("DELETE FROM checkins WHERE day = ?", (day.isoformat(),))
        return old

    def _write_checkin(self, checkin: CheckIn, for_doctor: bool | None = None) -> None:
        day = checkin.day.isoformat()
        if for_doctor is None:
            # Keep the "for my doctor" mark (store/doctor_notes.py) when the day is rewritten.
            for_doctor = self.for_doctor(checkin.day)
        self.conn.execute("DELETE FROM checkins WHERE day = ?", (day,))
        if checkin.is_empty:
            return
        self.conn.execute(
            "INSERT INTO checkins (day, pain, note, for_doctor) VALUES (?, ?, ?, ?)",
            (day, checkin.pain, checkin.note, int(for_doctor)),
        )
        ids = self._side_effect_ids(checkin.ratings)
        self.conn.executemany(
            "INSERT INTO ratings (day, side_effect_id, rating) VALUES (?, ?, ?)",
            [(day, ids[name.casefold()], rating) for name, rating in checkin.ratings.items()],
        )

    # --- whole days (History's delete and its undo) -----------------------------

    def for_doctor(self, day: dt.date) -> bool:
        """Whether the day's note is marked "for my doctor" (store/doctor_notes.py)."""
        row = self.conn.execute(
            "SELECT for_doctor FROM checkins WHERE day = ?", (day.isoformat(),)
        ).fetchone()
        return bool(row and row[0])

    def delete_day(self, day: dt.date) -> DeletedDay:
        """Remove a day's doses and check-in; returns them (and the note's mark) for undo."""
        with self.transaction():
            deleted = DeletedDay(self.doses_on(day), self.checkin(day), self.for_doctor(day))
            self.conn.execute("DELETE FROM doses WHERE day = ?", (day.isoformat(),))
            self.conn.execute("DELETE FROM checkins WHERE day = ?", (day.isoformat(),))
        return deleted

    def restore_day(self, deleted: DeletedDay) -> None:
        """Put back what delete_day removed, the "for my doctor" mark included."""
        with self.transaction():
            for dose in deleted.doses:
                self.restore_dose(dose)
            if deleted.checkin is not None:
                self._write_checkin(deleted.checkin, deleted.for_doctor)

    # --- side effects ------------------------------------------------------------

    def side_effects(self, *, include_hidden: bool = False) -> list[SideEffect]:
        rows = self.conn.execute(
            "SELECT name, builtin, hidden, position FROM side_effects "
            + ("" if include_hidden else "WHERE hidden = 0 ")
            + "ORDER BY position, id"
        )
        return [SideEffect(n, bool(b), bool(h), p) for n, b, h, p in rows]

    def add_side_effect(self, name: str) -> SideEffect:
        """Add a custom side effect; an existing (even hidden) one is shown again."""
        name = side_effect_name(name)
        with self.transaction():
            self._side_effect_ids({name: 0})
            self.conn.execute(
                "UPDATE side_effects SET hidden = 0 WHERE name = ?", (name,)
            )
        return next(s for s in self.side_effects() if s.name.casefold() == name.casefold())

    def set_side_effect_hidden(self, name: str, hidden: bool) -> None:
        """Hide or show a side effect; its ratings are kept either way."""
        with self.transaction():
            cursor = self.conn.execute(
                "UPDATE side_effects SET hidden = ? WHERE name = ?", (int(hidden), name)
            )
            if cursor.rowcount != 1:
                raise KeyError(f"No side effect named {name!r}")

    def _side_effect_ids(self, names: Iterable[str]) -> dict[str, int]:
        """Ids by casefolded name, adding unknown names as custom side effects."""
        ids = {
            name.casefold(): id_
            for id_, name in self.conn.execute("SELECT id, name FROM side_effects")
        }
        position = self.conn.execute(
            "SELECT coalesce(max(position), -1) FROM side_effects"
        ).fetchone()[0]
        for name in names:
            if name.casefold() not in ids:
                position += 1
                cursor = self.conn.execute(
                    "INSERT INTO side_effects (name, builtin, hidden, position) "
                    "VALUES (?, 0, 0, ?)",
                    (name, position),
                )
                ids[name.casefold()] = cursor.lastrowid
        return ids

    # --- settings ------------------------------------------------------------------

    def setting(self, key: str, default=None):
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    # --- the whole log ---------------------------------------------------------------

    def load_log(self) -> Log:
        return Log(
            doses=self.all_doses(),
            checkins=self.all_checkins(),
            side_effects=self.side_effects(include_hidden=True),
        )

    def is_empty(self) -> bool:
        return self.dose_count() == 0 and self.db["checkins"].count == 0

    def table_snapshot(self) -> dict[str, list[tuple]]:
        """Every row of every table (tests use it to prove nothing changed)."""
        names = [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {
            name: self.conn.execute(f'SELECT * FROM "{name}" ORDER BY 1, 2').fetchall()
            for name in names
        }


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


def check_log(path: Path) -> int:
    """Check an existing log without writing to it; return its schema version.

    Raises ForeignDatabaseError (not SQLite, or not ours), NewerSchemaError
    or DamagedDatabaseError (fails SQLite's quick_check).
    """
    path = Path(path)
    check_sqlite_header(path)
    try:
        conn = connect_readonly(path)
    except sqlite3.Error as err:
        _raise_save_error(err, path, opening=True)
        raise
    try:
        return _checked_version(conn, path)
    except sqlite3.OperationalError as err:
        if (getattr(err, "sqlite_errorcode", 0) or 0) & 0xFF != _SQLITE_READONLY:
            _raise_save_error(err, path, opening=True)
            raise
    finally:
        conn.close()
    # After a crash SQLite must finish the interrupted write (roll back a hot
    # journal, rebuild the WAL index) before anyone can read the file, and a
    # read-only connection cannot. That recovery is SQLite's own crash
    # repair; query_only keeps everything else of ours from writing.
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as err:
        _raise_save_error(err, path, opening=True)
        raise
    try:
        conn.execute("PRAGMA query_only = ON")
        return _checked_version(conn, path)
    except sqlite3.OperationalError as err:
        _raise_save_error(err, path, opening=True)
        raise
    finally:
        conn.close()


def _checked_version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        _quick_check(conn, path)
        return schema.check_compatible(conn)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as err:
        raise DamagedDatabaseError(_damaged_message(path, str(err)), path) from err


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to the file (nor checkpoint it on close)."""
    return sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True,
                           isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    result = [r[0] for r in conn.execute("PRAGMA quick_check(3)")]
    if result != ["ok"]:
        raise DamagedDatabaseError(_damaged_message(path, "\n".join(result)), path)


def _damaged_message(path: Path, detail: str) -> str:
    # The first concrete finding is enough for a person (and a support
    # request); SQLite's report can run to many lines.
    lines = [ln.strip() for ln in detail.splitlines()
             if ln.strip() and not ln.startswith("***")]
    finding = (lines[0] if lines else detail)[:120]
    return (
        f"Your log file {path} is damaged and cannot be read safely "
        f"(SQLite's check found: {finding}). Nothing was written to it."
    )


def _refuse_empty_file_with_backups(path: Path) -> None:
    """A log cut to 0 bytes (a crash or full disk) is not a new log if backups exist."""
    from kratomtrack.store.backups import list_backups

    if list_backups(path.parent):
        raise DamagedDatabaseError(
            f"Your log file {path} is empty (0 bytes) although backups of it exist; it was "
            "probably cut short by a crash or a full disk. Nothing was written to it.",
            path,
        )


_SQLITE_READONLY = 8
_SQLITE_FULL = 13
_NOT_WRITABLE = {3, 8, 10, 14}  # SQLITE_PERM, _READONLY, _IOERR, _CANTOPEN
_BUSY = {5, 6}  # SQLITE_BUSY, _LOCKED


def _disk_is_full(folder: Path) -> bool:
    """SQLite reports a full disk as an I/O error when it cannot grow its -shm file."""
    try:
        if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False  # read-only, which is said differently
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def _raise_save_error(err: sqlite3.Error, path: Path, *, opening: bool = False) -> None:
    """Raise the SaveError a person can act on (from err); return for anything else."""
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
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


def check_sqlite_header(path: Path) -> None:
    with open(path, "rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise schema.ForeignDatabaseError(
            f"{path} is not a kratomtrack log (not an SQLite database). It was left unchanged."
        )


def _dose_row(dose: Dose) -> tuple:
    return (
        dose.taken_at.strftime("%Y-%m-%dT%H:%M"),
        dose.taken_at.date().isoformat(),
        dose.grams,
        dose.form.value,
        dose.product,
        dose.note,
    )


def _dose_from_row(row) -> Dose:
    id_, taken_at, grams, form, product, note = row
    return Dose(
        taken_at=dt.datetime.fromisoformat(taken_at),
        grams=round(grams, 1),
        form=Form(form),
        product=product,
        note=note,
        id=id_,
    )


__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "DamagedDatabaseError",
    "DeletedDay",
    "LogBusyError",
    "LogNotWritableError",
    "SaveError",
    "StorageFullError",
    "check_log",
    "connect_readonly",
    "FieldError",
    "InvalidRecord",
    "LogDatabase",
]
