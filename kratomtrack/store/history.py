"""History's queries: which days are logged, in the order asked, and their rows.

A day is listed when it is logged: a dose, a check-in or a "no kratom
today" mark (store/no_use.py). History asks for the ordered list of days
once (cheap: one date string per day) and then for the rows of the few
hundred days being scrolled to, so a ten-year log opens without reading
every dose.

Damage inside the file (store/integrity.py) never hides a record without a
word: a row names the day's records that cannot be read (they are in none
of its figures), and ``records_without_a_day`` names those whose day itself
cannot be read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from kratomtrack.core.daily import DayRecord, day_records
from kratomtrack.core.history import Gap, gaps_between
from kratomtrack.core.records import CONCENTRATE_FORMS, LEAF_FORMS, CheckIn
from kratomtrack.store import integrity
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.dose_rows import read_doses
from kratomtrack.store.integrity import (
    checkin_finding,
    checkin_row_problem,
    day_or_none,
    rating_finding,
    rating_row_problem,
)

# Columns History can sort by.
SORT_KEYS = ("date", "leaf", "doses", "concentrate", "pain", "side_effects", "note")

# SQLite's smallest limit on host parameters in one statement is 999.
_CHUNK = 900


def _in_list(forms) -> str:
    return ", ".join(f"'{form.value}'" for form in sorted(forms, key=lambda f: f.value))


# Expressions to sort by; NULL (nothing recorded) always sorts last. Amounts
# are stored and summed in whole milligrams (integers), so the order is exact.
# A "no kratom" day has none: 0 g leaf and 0 doses, recorded as such.
# tests/test_figures_agree.py proves the order equal to sorting core.daily.DayTotals.
_SORT_EXPRESSIONS = {
    "leaf": "coalesce(d.leaf_mg, n.none_taken)",
    "doses": "coalesce(d.doses, n.none_taken)",
    "concentrate": "d.concentrate_mg",
    "pain": "c.pain",
    "side_effects": "r.burden",
    "note": "nullif(c.note, '') COLLATE NOCASE",
}


def _days_cte() -> str:
    return (
        "days AS (SELECT day FROM doses WHERE day BETWEEN :start AND :end "
        "UNION SELECT day FROM checkins WHERE day BETWEEN :start AND :end "
        "UNION SELECT day FROM no_use_days WHERE day BETWEEN :start AND :end)"
    )


def ordered_days(
    db: LogDatabase,
    start: dt.date,
    end: dt.date,
    sort: str = "date",
    descending: bool = True,
) -> list[dt.date]:
    """Logged days (a dose, a check-in or a "no kratom" mark) from start to end,
    sorted by a History column.

    Ties, and days where the column has nothing recorded (sorted last either
    way), are ordered newest first.
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}; use one of {SORT_KEYS}")
    direction = "DESC" if descending else "ASC"
    if sort == "date":
        sql = f"WITH {_days_cte()} SELECT day FROM days ORDER BY day {direction}"
    else:
        sql = f"""
            WITH {_days_cte()},
            d AS (
                SELECT day,
                       sum(CASE WHEN form IN ({_in_list(LEAF_FORMS)})
                           THEN milligrams ELSE 0 END) AS leaf_mg,
                       count(*) AS doses,
                       nullif(sum(CASE WHEN form IN ({_in_list(CONCENTRATE_FORMS)})
                           THEN milligrams ELSE 0 END), 0) AS concentrate_mg
                FROM doses WHERE day BETWEEN :start AND :end GROUP BY day),
            r AS (
                SELECT day, sum(rating) AS burden
                FROM ratings WHERE day BETWEEN :start AND :end GROUP BY day)
            SELECT days.day FROM days
            LEFT JOIN d ON d.day = days.day
            LEFT JOIN checkins c ON c.day = days.day
            LEFT JOIN r ON r.day = days.day
            LEFT JOIN (SELECT day, 0 AS none_taken FROM no_use_days) n ON n.day = days.day
            ORDER BY {_SORT_EXPRESSIONS[sort]} {direction} NULLS LAST, days.day DESC
        """
    rows = db.conn.execute(sql, _bounds(start, end))
    days = (day_or_none(r[0]) for r in rows)
    return [day for day in days if day is not None]  # an unreadable day is left out


def rows_for_days(db: LogDatabase, days: Sequence[dt.date]) -> list[DayRecord]:
    """History's rows for the given days, in the given order, with their
    "no kratom" marks and the findings for records that cannot be read."""
    doses = []
    unreadable: dict[str, list[str]] = {}  # day as stored -> findings
    no_use = set()
    for chunk in _chunks([d.isoformat() for d in days]):
        marks = ", ".join("?" * len(chunk))
        read, bad = read_doses(db.conn, f"day IN ({marks})", chunk)
        doses.extend(read)
        for day, finding in bad:
            unreadable.setdefault(day, []).append(finding)
        no_use.update(day_or_none(day) for (day,) in db.conn.execute(
            f"SELECT day FROM no_use_days WHERE day IN ({marks})", chunk))
    checkins, bad_checkins = _checkins_on(db, days)
    rows = day_records(days, doses, checkins, no_use)
    if unreadable or bad_checkins:  # only in a damaged log
        rows = [replace(row, unreadable_doses=tuple(unreadable.get(row.day.isoformat(), ())),
                        unreadable_checkin=tuple(bad_checkins.get(row.day.isoformat(), ())))
                for row in rows]
    return rows


def _checkins_on(db: LogDatabase, days: Sequence[dt.date]
                 ) -> tuple[dict[dt.date, CheckIn], dict[str, list[str]]]:
    """The days' check-ins that can be read, and findings for those (or their ratings) that cannot."""
    ratings: dict[str, dict[str, int]] = {}
    unreadable: dict[str, list[str]] = {}
    found: list[tuple[str, int | None, str]] = []
    for chunk in _chunks([d.isoformat() for d in days]):
        marks = ", ".join("?" * len(chunk))
        for day, name, rating in db.conn.execute(
            "SELECT r.day, s.name, r.rating FROM ratings r "
            "JOIN side_effects s ON s.id = r.side_effect_id "
            f"WHERE r.day IN ({marks}) ORDER BY s.position, s.id",
            chunk,
        ):
            if rating_row_problem(day, rating):
                unreadable.setdefault(day, []).append(rating_finding(day))
            else:
                ratings.setdefault(day, {})[name] = rating
        found.extend(db.conn.execute(
            f"SELECT day, pain, note FROM checkins WHERE day IN ({marks})", chunk
        ))
    checkins = {}
    for day, pain, note in found:
        problem = checkin_row_problem(day, pain, note)
        if problem:
            unreadable.setdefault(day, []).insert(0, checkin_finding(day, problem))
        else:
            checkins[dt.date.fromisoformat(day)] = CheckIn(
                dt.date.fromisoformat(day), pain, ratings.get(day, {}), note)
    return checkins, unreadable


def checkin_and_findings_on(db: LogDatabase, day: dt.date) -> tuple[CheckIn | None, list[str]]:
    """The day's check-in that can be read, and findings for what of it (or its ratings)
    damage made unreadable, in one read (Today shows both)."""
    checkins, unreadable = _checkins_on(db, [day])
    return checkins.get(day), unreadable.get(day.isoformat(), [])


def records_without_a_day(db: LogDatabase) -> list[str]:
    """Findings for the records whose day cannot be read (no row can show them)."""
    return integrity.records_without_a_day(db.conn)


def unlogged_gaps(db: LogDatabase, start: dt.date, end: dt.date, listed: Sequence[dt.date],
                  today: dt.date | None = None) -> list[Gap]:
    """The runs of days from start to end with nothing logged, oldest first,
    given ``listed`` (ordered_days for the same range).

    Counted from the first logged day of the whole log: days before the
    log was begun are not days left unlogged. With ``today`` given, today
    (and later) is not a gap until something is logged for it.
    """
    first = db.first_day()
    if listed:  # a damaged first day cannot hide the days listed
        first = min(first or dt.date.max, min(listed))
    return gaps_between(listed, first, start, end, today)


def unlogged_days(db: LogDatabase, start: dt.date, end: dt.date, listed: Sequence[dt.date],
                  today: dt.date | None = None) -> int:
    """How many days from start to end have nothing logged (see ``unlogged_gaps``)."""
    return sum(gap.days for gap in unlogged_gaps(db, start, end, listed, today))


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def _bounds(start: dt.date, end: dt.date) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}
