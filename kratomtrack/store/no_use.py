"""Days marked "no kratom today" (schema 4: no_use_days).

The mark makes a day *logged* without a dose (docs/health-content.md,
"Logging coverage"): a day with no dose, no check-in and no mark is
unlogged, and the summary never counts it as a day without use. A day with
a dose is a use day whatever its mark; marking such a day is refused.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.validation import FieldError, InvalidRecord, Problem
from kratomtrack.core.whole_records import check_day
from kratomtrack.store.database import LogDatabase


def set_no_use(db: LogDatabase, day: dt.date, marked: bool, *, today: dt.date | None = None,
               uid: str | None = None) -> str | None:
    """Mark (or unmark) ``day`` as "no kratom today"; InvalidRecord says why a mark is refused.

    Returns the mark's stable id (schema 6), so that undo and redo put the
    same mark back (``uid``: the id a new mark takes; None, a new one)."""
    if marked:
        try:
            check_day(day, today or dt.date.today())
        except FieldError as err:
            raise InvalidRecord([err.problem]) from None
    with db.transaction():
        if not marked:
            row = db.conn.execute("DELETE FROM no_use_days WHERE day = ? RETURNING uid",
                                  (day.isoformat(),)).fetchone()
            return row[0] if row else uid
        if db.conn.execute("SELECT EXISTS (SELECT 1 FROM doses WHERE day = ?)", (day.isoformat(),)).fetchone()[0]:
            raise InvalidRecord([Problem("date", f"{day.isoformat()} has doses logged; remove them first "
                                                 "to mark it \u201cno kratom\u201d")])
        db.conn.execute("INSERT OR IGNORE INTO no_use_days (day, uid) VALUES (?, ?)", (day.isoformat(), uid))
        return db.conn.execute("SELECT uid FROM no_use_days WHERE day = ?", (day.isoformat(),)).fetchone()[0]


def is_no_use(db: LogDatabase, day: dt.date) -> bool:
    return day in no_use_between(db, day, day)


def no_use_between(db: LogDatabase, start: dt.date, end: dt.date) -> set[dt.date]:
    """The marked days from start to end, both included."""
    return {dt.date.fromisoformat(day) for (day,) in db.conn.execute(
        "SELECT day FROM no_use_days WHERE day BETWEEN ? AND ?", (start.isoformat(), end.isoformat()))}


def all_no_use_days(db: LogDatabase) -> set[dt.date]:
    return no_use_between(db, dt.date.min, dt.date.max)


def add_no_use_days(db: LogDatabase, days) -> int:
    """Add marks (an import); already-marked days are skipped. Returns how many were added.

    Call inside the import's transaction."""
    added = 0
    for day in days:
        added += db.conn.execute("INSERT OR IGNORE INTO no_use_days (day) VALUES (?)",
                                 (day.isoformat(),)).rowcount
    return added


def logged_days_between(db: LogDatabase, start: dt.date, end: dt.date) -> frozenset[dt.date]:
    """The logged days from start to end (docs/health-content.md, "Days with nothing
    logged"): a dose, a check-in or a "no kratom" mark. Every other day is unknown."""
    bounds = (start.isoformat(), end.isoformat())
    return frozenset(dt.date.fromisoformat(day) for (day,) in db.conn.execute(
        "SELECT day FROM doses WHERE day BETWEEN ?1 AND ?2 "
        "UNION SELECT day FROM checkins WHERE day BETWEEN ?1 AND ?2 "
        "UNION SELECT day FROM no_use_days WHERE day BETWEEN ?1 AND ?2", bounds))
