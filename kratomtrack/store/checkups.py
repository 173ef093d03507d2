"""Red flags, the weekly PEG and the monthly SDS in the log; one transaction per write.

Kept out of database.py so that the log's core reads and writes stay small.
Every write validates first (core.checkups) and changes nothing if refused.
"""

from __future__ import annotations

import datetime as dt

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

_PEG_COLUMNS = "day, pain_average, enjoyment, activity"
_SDS_COLUMNS = "day, q1, q2, q3, q4, q5"


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


# --- PEG -------------------------------------------------------------------------------


def save_peg(db: LogDatabase, peg: Peg, *, today: dt.date | None = None,
             replaces: dt.date | None = None) -> Peg:
    """Store a PEG for its day, replacing that day's; ``replaces`` moves one from another day."""
    peg = validate_peg(peg, today or dt.date.today())
    with db.transaction():
        if replaces is not None:
            db.conn.execute("DELETE FROM peg WHERE day = ?", (replaces.isoformat(),))
        _write_peg(db, peg)
    return peg


def _write_peg(db: LogDatabase, peg: Peg) -> None:
    db.conn.execute(f"INSERT OR REPLACE INTO peg ({_PEG_COLUMNS}) VALUES (?, ?, ?, ?)",
                    (peg.day.isoformat(), *peg.answers))


def delete_peg(db: LogDatabase, day: dt.date) -> Peg | None:
    with db.transaction():
        old = peg_on(db, day)
        db.conn.execute("DELETE FROM peg WHERE day = ?", (day.isoformat(),))
    return old


def peg_on(db: LogDatabase, day: dt.date) -> Peg | None:
    found = pegs_between(db, day, day)
    return found[0] if found else None


def pegs_between(db: LogDatabase, start: dt.date, end: dt.date) -> list[Peg]:
    rows = db.conn.execute(f"SELECT {_PEG_COLUMNS} FROM peg WHERE day BETWEEN ? AND ? ORDER BY day",
                           (start.isoformat(), end.isoformat()))
    return [Peg(dt.date.fromisoformat(r[0]), *r[1:]) for r in rows]


def all_pegs(db: LogDatabase) -> list[Peg]:
    return pegs_between(db, dt.date.min, dt.date.max)


def latest_peg(db: LogDatabase, today: dt.date | None = None) -> Peg | None:
    found = pegs_between(db, dt.date.min, today or dt.date.max)
    return found[-1] if found else None


# --- SDS -------------------------------------------------------------------------------


def save_sds(db: LogDatabase, sds: Sds, *, today: dt.date | None = None,
             replaces: dt.date | None = None) -> Sds:
    """Store an SDS for its day, replacing that day's; ``replaces`` moves one from another day."""
    sds = validate_sds(sds, today or dt.date.today())
    with db.transaction():
        if replaces is not None:
            db.conn.execute("DELETE FROM sds WHERE day = ?", (replaces.isoformat(),))
        _write_sds(db, sds)
    return sds


def _write_sds(db: LogDatabase, sds: Sds) -> None:
    db.conn.execute(f"INSERT OR REPLACE INTO sds ({_SDS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                    (sds.day.isoformat(), *sds.answers))


def delete_sds(db: LogDatabase, day: dt.date) -> Sds | None:
    with db.transaction():
        old = sds_on(db, day)
        db.conn.execute("DELETE FROM sds WHERE day = ?", (day.isoformat(),))
    return old


def sds_on(db: LogDatabase, day: dt.date) -> Sds | None:
    found = sds_between(db, day, day)
    return found[0] if found else None


def sds_between(db: LogDatabase, start: dt.date, end: dt.date) -> list[Sds]:
    rows = db.conn.execute(f"SELECT {_SDS_COLUMNS} FROM sds WHERE day BETWEEN ? AND ? ORDER BY day",
                           (start.isoformat(), end.isoformat()))
    return [Sds(dt.date.fromisoformat(r[0]), tuple(r[1:])) for r in rows]


def all_sds(db: LogDatabase) -> list[Sds]:
    return sds_between(db, dt.date.min, dt.date.max)


def latest_sds(db: LogDatabase, today: dt.date | None = None) -> Sds | None:
    found = sds_between(db, dt.date.min, today or dt.date.max)
    return found[-1] if found else None


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
