"""Reads and writes of the log, one transaction per user action."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.validation import FieldError, InvalidRecord
from kratomtrack.core.whole_records import validate_checkin, validate_dose
from kratomtrack.store.day_deletion import DayDeletion, DeletedDay  # noqa: F401  (named here too)
from kratomtrack.store.dose_rows import DOSE_COLUMNS, dose_row, read_doses, select_doses
from kratomtrack.store.file_identity import FileIdentity, identity_of, refuse_if_changed, what_changed
from kratomtrack.store.integrity import checkin_row_problem, day_or_none, rating_value_problem
from kratomtrack.store.location import db_path
from kratomtrack.store.opening import open_connection, open_readonly, salvage_readable
from kratomtrack.store.side_effect_table import SideEffectTable
# The errors a caller of LogDatabase meets, so that it needs one import.
from kratomtrack.store.sqlite_file import (
    BUSY_TIMEOUT_SECONDS,
    DamagedDatabaseError,
    LogBusyError,
    LogChangedError,
    LogNotWritableError,
    SaveError,
    StorageFullError,
    raise_save_error,
)

if TYPE_CHECKING:
    from kratomtrack.core.log import Log


class LogDatabase(SideEffectTable, DayDeletion):
    """The log in one SQLite file.

    Every public write method is one transaction: it either happens whole or
    not at all, and is on disk when the method returns.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool = False):
        self.path = path
        self.conn = conn
        self.read_only = read_only  # a damaged log or a read-only folder: writes are refused
        self.read_only_reason = ""  # said when a write is refused
        # A damaged log read from its readable copy (cli.log_access.open_for_reading):
        # what was found and what was left out, for the command to say.
        self.damage = None
        # Side-effect ids by casefolded name, valid inside one transaction
        # (the write lock keeps others out), so an import of N names is linear.
        self._effect_ids: dict[str, int] | None = None
        self._last_position = -1
        self.changes = 0  # bumped on every commit from this connection
        # The file as opened for writing; each save first checks it is still that
        # file (store/file_identity.py) and tells these listeners if not.
        self.identity: FileIdentity | None = None
        self.file_change_listeners: list[Callable[[str], object]] = []
        self.write_gate: Callable[[], None] | None = None  # before each write: the window's check

    # --- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = True, read_only: bool = False,
             full_check: bool = False, damaged: bool = False) -> LogDatabase:
        """Open (and if needed create and migrate) the log at ``path``.

        ``read_only``: never write (SQLite refuses every write); ``full_check``:
        refuse a log the whole-log check finds damaged (store/integrity.py);
        ``damaged``: read-only, an in-memory copy of what can still be read.
        The checks, the backup before a migration and the migration itself
        are in store/opening.py.
        """
        path = Path(path)
        if damaged:
            return cls(path, salvage_readable(path), read_only=True)
        if read_only:
            return cls(path, open_readonly(path), read_only=True)
        db = cls(path, open_connection(path, create=create, full_check=full_check))
        db.identity = identity_of(path)
        return db

    @classmethod
    def open_folder(cls, folder: Path, *, create: bool = True, read_only: bool = False,
                    full_check: bool = False, damaged: bool = False) -> LogDatabase:
        return cls.open(db_path(folder), create=create, read_only=read_only,
                        full_check=full_check, damaged=damaged)

    def reopen_writable(self) -> None:
        """Open the log read-write again in place of a read-only connection (a
        restore replaced a damaged log); raises like ``open`` if it cannot."""
        conn = open_connection(self.path, create=False)
        old, self.conn = self.conn, conn
        self.read_only, self.read_only_reason = False, ""
        self.identity = identity_of(self.path)
        old.close()

    def close(self) -> None:
        self.checkpoint()
        self.conn.close()

    def checkpoint(self) -> None:
        """Copy committed changes from the -wal file into kratomtrack.db.

        PASSIVE: never waits for or disturbs a reader. Done after each saved
        change, so a copy or sync of kratomtrack.db alone is at most one
        change behind (docs/development.md, "How the log is kept safe (the design)").
        """
        if self.read_only:
            return
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def __enter__(self) -> LogDatabase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[LogDatabase]:
        """One user action. Nested calls join the outer transaction."""
        if self.conn.in_transaction:
            # A savepoint: a failing inner step undoes itself before its
            # error reaches (and rolls back) the outer action.
            self.conn.execute("SAVEPOINT nested")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # an error may have ended it already
                    self.conn.execute("ROLLBACK TO SAVEPOINT nested")
                    self._effect_ids = None  # ids added inside it are gone
                    self.conn.execute("RELEASE SAVEPOINT nested")
                raise
            self.conn.execute("RELEASE SAVEPOINT nested")
            return
        if self.write_gate is not None:
            self.write_gate()  # may make the log read-only (the check found damage)
        if self.read_only:
            raise LogNotWritableError(
                "This was not saved: your log is open read-only "
                f"({self.read_only_reason or 'it cannot be written'}). Your log is unchanged.")
        refuse_if_changed(self)
        # IMMEDIATE takes the write lock up front, so a concurrent writer makes
        # us wait (busy timeout) rather than fail half-way with "locked".
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            raise_save_error(err, self.path)
            raise
        self._effect_ids = None
        try:
            yield self
            self.conn.execute("COMMIT")
        except sqlite3.Error as err:
            self._roll_back()
            raise_save_error(err, self.path)
            raise
        except BaseException:
            self._roll_back()
            raise
        self.changes += 1
        self.checkpoint()
        refuse_if_changed(self, committed=True)  # replaced while saving: never "Saved"

    def file_changed(self) -> str:
        """How the log file changed since it was opened for writing, in words ("" if not)."""
        return what_changed(self.identity, self.path) if self.identity is not None else ""

    def _roll_back(self) -> None:
        self._effect_ids = None  # ids added in this transaction are gone
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
        uid = str(uuid.uuid4())  # a new dose, even when made from a stored one
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO doses (taken_at, day, milligrams, form, product, note, pain_before, pain_after, uid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*dose_row(dose), uid),
            )
        return replace(dose, id=cursor.lastrowid, uid=uid)

    def update_dose(self, dose: Dose, *, today: dt.date | None = None) -> Dose:
        if dose.id is None:
            raise ValueError("update_dose needs a dose with an id")
        dose = validate_dose(dose, today or dt.date.today())
        with self.transaction():
            cursor = self.conn.execute(
                "UPDATE doses SET taken_at = ?, day = ?, milligrams = ?, form = ?, "
                "product = ?, note = ?, pain_before = ?, pain_after = ? WHERE id = ?",
                (*dose_row(dose), dose.id),
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
        """Put back a removed dose with its old id and stable id (for undo)."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO doses (id, taken_at, day, milligrams, form, product, note, pain_before, pain_after, uid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (dose.id, *dose_row(dose), dose.uid),
            )
        return dose

    def dose(self, dose_id: int) -> Dose:
        found = select_doses(self.conn, "id = ?", (dose_id,))
        if not found:
            raise KeyError(f"No dose with id {dose_id}")
        return found[0]

    def doses_between(self, start: dt.date, end: dt.date) -> list[Dose]:
        """Doses from start to end (both included), oldest first."""
        return select_doses(self.conn, "day BETWEEN ? AND ?", (start.isoformat(), end.isoformat()))

    def doses_on(self, day: dt.date) -> list[Dose]:
        return self.doses_between(day, day)

    def doses_and_findings_on(self, day: dt.date) -> tuple[list[Dose], list[str]]:
        """The day's doses (as doses_on), and findings for those damage made unreadable, in one read."""
        doses, unreadable = read_doses(self.conn, "day = ?", (day.isoformat(),))
        return doses, [finding for _, finding in unreadable]

    def unreadable_doses_on(self, day: dt.date) -> list[str]:
        """Findings for the day's doses that damage made unreadable (doses_on leaves them out)."""
        return self.doses_and_findings_on(day)[1]

    def all_doses(self) -> list[Dose]:
        return select_doses(self.conn)

    def dose_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM doses").fetchone()[0]

    def last_dose(self) -> Dose | None:
        """The most recently taken dose (for 'form and product used last')."""
        found = select_doses(self.conn, newest_first=True, limit=1)
        return found[0] if found else None

    def products(self) -> list[str]:
        """Product names used before, most recently used first."""
        rows = self.conn.execute(
            "SELECT product FROM doses WHERE product != '' "
            "GROUP BY product ORDER BY max(taken_at) DESC"
        )
        return [r[0] for r in rows]

    def first_day(self) -> dt.date | None:
        """The earliest logged day: a dose, a check-in or a "no kratom today" mark
        (docs/health-content.md, "Logging coverage")."""
        row = self.conn.execute(
            "SELECT min(d) FROM (SELECT min(day) AS d FROM doses "
            "UNION ALL SELECT min(day) FROM checkins UNION ALL SELECT min(day) FROM no_use_days)"
        ).fetchone()
        return day_or_none(row[0]) if row and row[0] else None

    def days_with_a_record(self, until: dt.date) -> int:
        """How many days up to ``until`` are logged: a dose, a check-in or a "no kratom today" mark."""
        end = until.isoformat()
        return self.conn.execute(
            "SELECT count(*) FROM (SELECT day FROM doses WHERE day <= ? "
            "UNION SELECT day FROM checkins WHERE day <= ? "
            "UNION SELECT day FROM no_use_days WHERE day <= ?)", (end, end, end)
        ).fetchone()[0]

    # --- check-ins -------------------------------------------------------------

    def checkin(self, day: dt.date) -> CheckIn | None:
        return self.checkins_between(day, day).get(day)

    def checkins_between(self, start: dt.date, end: dt.date) -> dict[dt.date, CheckIn]:
        bounds = (start.isoformat(), end.isoformat())
        ratings: dict[str, dict[str, int]] = {}
        for day, name, rating in self.conn.execute(
            "SELECT r.day, s.name, r.rating FROM ratings r "
            "JOIN side_effects s ON s.id = r.side_effect_id "
            "WHERE r.day BETWEEN ? AND ? ORDER BY s.position, s.id",
            bounds,
        ):
            # A rating with an unreadable day never meets a readable check-in's day.
            if not rating_value_problem(rating):  # store/integrity.py: the one rule, as History's
                ratings.setdefault(day, {})[name] = rating
        result = {}
        for day, pain, note in self.conn.execute(
            "SELECT day, pain, note FROM checkins WHERE day BETWEEN ? AND ? ORDER BY day",
            bounds,
        ):
            if checkin_row_problem(day, pain, note):
                continue  # unreadable (damage inside the file): store/integrity.py names it
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

    def _write_checkin(self, checkin: CheckIn, for_doctor: bool | None = None,
                       uid: str | None = None) -> None:
        day = checkin.day.isoformat()
        if for_doctor is None:
            # Keep the "for my doctor" mark (store/doctor_notes.py) when the day is rewritten.
            for_doctor = self.for_doctor(checkin.day)
        # The day's check-in keeps its stable id when rewritten (None: a new one).
        uid = uid or self._uid_of("checkins", day)
        self.conn.execute("DELETE FROM checkins WHERE day = ?", (day,))
        if checkin.is_empty:
            return
        self.conn.execute(
            "INSERT INTO checkins (day, pain, note, for_doctor, uid) VALUES (?, ?, ?, ?, ?)",
            (day, checkin.pain, checkin.note, int(for_doctor), uid),
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

    # --- settings ------------------------------------------------------------------

    def setting(self, key: str, default=None):
        """The stored value of ``key``; ``default`` when there is none, or when its stored
        text is not JSON (damage: the whole-log check names it, and every reader reads on)."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        try:
            return json.loads(row[0]) if row else default
        except (TypeError, ValueError):
            return default

    def set_setting(self, key: str, value) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    # --- the whole log ---------------------------------------------------------------

    def load_log(self) -> Log:
        from kratomtrack.core.log import Log  # export and import only: not on the window's start

        return Log(
            doses=self.all_doses(),
            checkins=self.all_checkins(),
            side_effects=self.side_effects(include_hidden=True),
        )

    def is_empty(self) -> bool:
        return not self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM doses) OR EXISTS (SELECT 1 FROM checkins)"
        ).fetchone()[0]


__all__ = [
    "DOSE_COLUMNS",
    "dose_row",
    "BUSY_TIMEOUT_SECONDS",
    "DamagedDatabaseError",
    "DeletedDay",
    "LogBusyError",
    "LogChangedError",
    "LogNotWritableError",
    "SaveError",
    "StorageFullError",
    "select_doses",
    "FieldError",
    "InvalidRecord",
    "LogDatabase",
]
