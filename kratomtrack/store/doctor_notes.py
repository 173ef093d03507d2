"""The "for my doctor" mark on a day's note (schema 2: checkins.for_doctor).

Marked notes go into the summary for a doctor. The mark belongs to the
day's check-in row: a day without a check-in has no note to mark.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.store.database import LogDatabase


def set_for_doctor(db: LogDatabase, day: dt.date, marked: bool) -> None:
    """Mark or unmark the day's note for the doctor; KeyError if the day has no check-in."""
    with db.transaction():
        cursor = db.conn.execute(
            "UPDATE checkins SET for_doctor = ? WHERE day = ?", (int(bool(marked)), day.isoformat())
        )
        if cursor.rowcount != 1:
            raise KeyError(f"{day.isoformat()} has no check-in whose note could be marked")


def marked_days(db: LogDatabase) -> set[dt.date]:
    """Every day whose check-in is marked "for my doctor" (what a JSON export carries)."""
    return {dt.date.fromisoformat(day) for (day,) in db.conn.execute(
        "SELECT day FROM checkins WHERE for_doctor = 1")}


def doctor_notes_between(db: LogDatabase, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Marked, non-empty notes from start to end (both included), oldest first."""
    rows = db.conn.execute(
        "SELECT day, note FROM checkins WHERE for_doctor = 1 AND note != '' "
        "AND day BETWEEN ? AND ? ORDER BY day",
        (start.isoformat(), end.isoformat()),
    )
    return [(dt.date.fromisoformat(day), note) for day, note in rows]
