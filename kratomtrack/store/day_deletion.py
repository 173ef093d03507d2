"""Deleting a whole day, and putting it back (undo): a mixin of LogDatabase.

Kept apart from store/database.py, which holds the log's single-record reads
and writes; a day's deletion spans doses, the check-in and the "no kratom"
mark, and keeps their stable ids (schema 6) so that undo and sync see the
same records again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.store.sqlite_file import SaveError


@dataclass(frozen=True)
class DeletedDay:
    """What delete_day removed, so that restore_day (undo) can put all of it back."""

    doses: tuple[Dose, ...]
    checkin: CheckIn | None
    for_doctor: bool = False  # the day note's "for my doctor" mark
    no_use_day: dt.date | None = None  # the day, when it was marked "no kratom today" (schema 4)
    checkin_uid: str | None = None  # the stable ids (schema 6) of the check-in and the mark
    no_use_uid: str | None = None


class DayDeletion:
    """delete_day / restore_day for LogDatabase (which gives conn, transaction,
    doses_on, checkin, for_doctor, unreadable_doses_on, restore_dose, _write_checkin)."""

    def delete_day(self, day: dt.date) -> DeletedDay:
        """Remove a day's doses, check-in and "no kratom" mark; returns them (and the note's mark) for undo.

        A day holding a record that cannot be read is refused (undo could not put it back)."""
        stored = self.conn.execute("SELECT EXISTS (SELECT 1 FROM checkins WHERE day = ?)",
                                   (day.isoformat(),)).fetchone()[0]
        if self.unreadable_doses_on(day) or (stored and self.checkin(day) is None):
            raise SaveError("This day holds a record that cannot be read (your log is damaged), "
                            "so it was not deleted. Your log is unchanged.")
        with self.transaction():
            no_use_uid = self._uid_of("no_use_days", day.isoformat())
            marked = self.conn.execute("DELETE FROM no_use_days WHERE day = ?", (day.isoformat(),)).rowcount
            deleted = DeletedDay(tuple(self.doses_on(day)), self.checkin(day), self.for_doctor(day), day if marked
                                 else None, self._uid_of("checkins", day.isoformat()), no_use_uid)
            self.conn.execute("DELETE FROM doses WHERE day = ?", (day.isoformat(),))
            self.conn.execute("DELETE FROM checkins WHERE day = ?", (day.isoformat(),))
        return deleted

    def restore_day(self, deleted: DeletedDay) -> None:
        """Put back what delete_day removed, the "for my doctor" mark included."""
        with self.transaction():
            for dose in deleted.doses:
                self.restore_dose(dose)
            if deleted.checkin is not None:
                self._write_checkin(deleted.checkin, deleted.for_doctor, deleted.checkin_uid)
            if deleted.no_use_day is not None:
                self.conn.execute("INSERT OR IGNORE INTO no_use_days (day, uid) VALUES (?, ?)",
                                  (deleted.no_use_day.isoformat(), deleted.no_use_uid))

    def _uid_of(self, table: str, day: str) -> str | None:
        """The stable id of a day's row of ``table`` (checkins, no_use_days), None if none."""
        row = self.conn.execute(f"SELECT uid FROM {table} WHERE day = ?", (day,)).fetchone()
        return row[0] if row else None
