"""Red flags, the weekly PEG and the monthly SDS in the log; one transaction per write.

Kept out of database.py so that the log's core reads and writes stay small.
Every write validates first (core.checkups) and changes nothing if refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Generic, TypeVar

from kratomtrack.core.checkups import (
    WITHDRAWAL_SYMPTOMS,
    Peg,
    Sds,
    validate_peg,
    validate_red_flag,
    validate_sds,
    withdrawal_symptoms_in,
)
from kratomtrack.store.database import LogDatabase

# A record with a day and its answers: Peg or Sds.
Answered = TypeVar("Answered", Peg, Sds)


# --- red flags ----------------------------------------------------------------------


def set_red_flag(db: LogDatabase, day: dt.date, flag: str, ticked: bool = True,
                 *, today: dt.date | None = None) -> None:
    """Tick (or untick) a red-flag symptom on a day."""
    day, key = validate_red_flag(day, flag, today or dt.date.today())
    with db.transaction():
        if ticked:
            db.conn.execute("INSERT OR IGNORE INTO red_flags (day, flag) VALUES (?, ?)",
                            (day.isoformat(), key))
        else:
            db.conn.execute("DELETE FROM red_flags WHERE day = ? AND flag = ?", (day.isoformat(), key))


def red_flags_on(db: LogDatabase, day: dt.date) -> set[str]:
    return red_flags_between(db, day, day).get(day, set())


def red_flags_between(db: LogDatabase, start: dt.date, end: dt.date) -> dict[dt.date, set[str]]:
    """Ticked red flags by day, from start to end (both included)."""
    out: dict[dt.date, set[str]] = {}
    for day, flag in db.conn.execute(
        "SELECT day, flag FROM red_flags WHERE day BETWEEN ? AND ? ORDER BY day, flag",
        (start.isoformat(), end.isoformat()),
    ):
        out.setdefault(dt.date.fromisoformat(day), set()).add(flag)
    return out


def all_red_flags(db: LogDatabase) -> list[tuple[dt.date, str]]:
    return [(day, flag) for day, flags in red_flags_between(db, dt.date.min, dt.date.max).items()
            for flag in sorted(flags)]


# --- PEG and SDS ---------------------------------------------------------------------


class CheckupTable(Generic[Answered]):
    """A check-up's table (one row a day: the day and each answer), read and
    written the same way for the weekly PEG and the monthly SDS."""

    def __init__(self, table: str, answer_columns: tuple[str, ...],
                 validate: Callable[[Answered, dt.date], Answered],
                 from_row: Callable[[dt.date, tuple[int, ...]], Answered]):
        self.table = table
        self._columns = ", ".join(("day", *answer_columns))
        self._marks = ", ".join("?" * (1 + len(answer_columns)))
        self._validate = validate
        self._from_row = from_row

    def save(self, db: LogDatabase, record: Answered, *, today: dt.date | None = None,
             replaces: dt.date | None = None) -> Answered:
        """Store a record for its day, replacing that day's; ``replaces`` moves one from another day."""
        record = self._validate(record, today or dt.date.today())
        with db.transaction():
            if replaces is not None:
                db.conn.execute(f"DELETE FROM {self.table} WHERE day = ?", (replaces.isoformat(),))
            self.write(db, record)
        return record

    def write(self, db: LogDatabase, record: Answered) -> None:
        """Insert or replace a validated record, inside the caller's transaction."""
        db.conn.execute(f"INSERT OR REPLACE INTO {self.table} ({self._columns}) VALUES ({self._marks})",
                        (record.day.isoformat(), *record.answers))

    def delete(self, db: LogDatabase, day: dt.date) -> Answered | None:
        """Remove the day's record and return it (so that it can be put back)."""
        with db.transaction():
            old = self.on(db, day)
            db.conn.execute(f"DELETE FROM {self.table} WHERE day = ?", (day.isoformat(),))
        return old

    def on(self, db: LogDatabase, day: dt.date) -> Answered | None:
        found = self.between(db, day, day)
        return found[0] if found else None

    def between(self, db: LogDatabase, start: dt.date, end: dt.date) -> list[Answered]:
        """Records from start to end (both included), oldest first."""
        rows = db.conn.execute(
            f"SELECT {self._columns} FROM {self.table} WHERE day BETWEEN ? AND ? ORDER BY day",
            (start.isoformat(), end.isoformat()))
        return [self._from_row(dt.date.fromisoformat(r[0]), tuple(r[1:])) for r in rows]

    def all(self, db: LogDatabase) -> list[Answered]:
        return self.between(db, dt.date.min, dt.date.max)

    def latest(self, db: LogDatabase, today: dt.date | None = None) -> Answered | None:
        """The newest record on or before ``today`` (any, if None)."""
        found = self.between(db, dt.date.min, today or dt.date.max)
        return found[-1] if found else None


PEG = CheckupTable("peg", ("pain_average", "enjoyment", "activity"), validate_peg,
                   lambda day, answers: Peg(day, *answers))
SDS = CheckupTable("sds", ("q1", "q2", "q3", "q4", "q5"), validate_sds, Sds)

# The names the rest of the app calls.
save_peg, delete_peg, peg_on, pegs_between, all_pegs, latest_peg = (
    PEG.save, PEG.delete, PEG.on, PEG.between, PEG.all, PEG.latest)
save_sds, delete_sds, sds_on, sds_between, all_sds, latest_sds = (
    SDS.save, SDS.delete, SDS.on, SDS.between, SDS.all, SDS.latest)


# --- withdrawal-type symptoms -------------------------------------------------------------


def withdrawal_between(db: LogDatabase, start: dt.date, end: dt.date) -> dict[dt.date, list[str]]:
    """Withdrawal-type symptoms rated mild or more, by day."""
    out = {}
    for day, checkin in db.checkins_between(start, end).items():
        names = withdrawal_symptoms_in(checkin.ratings)
        if names:
            out[day] = names
    return out


def add_withdrawal_symptoms(db: LogDatabase) -> list[str]:
    """Offer every withdrawal-type symptom as a side effect (one click); returns those added or shown again."""
    shown = {s.name.casefold() for s in db.side_effects()}
    added = [name for name in WITHDRAWAL_SYMPTOMS if name.casefold() not in shown]
    with db.transaction():
        for name in added:
            db.add_side_effect(name)
    return added
