"""History's queries: which days have records, in the order asked, and their rows.

History asks for the ordered list of days once (cheap: one date string per
day) and then for the rows of the few hundred days being scrolled to, so a
ten-year log opens without reading every dose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kratomtrack.core.daily import DayRecord, day_records
from kratomtrack.core.records import CONCENTRATE_FORMS, LEAF_FORMS, CheckIn
from kratomtrack.store.database import LogDatabase, select_doses
from kratomtrack.store.integrity import checkin_row_problem, day_or_none

# Columns History can sort by.
SORT_KEYS = ("date", "leaf", "doses", "concentrate", "pain", "side_effects", "note")

# SQLite's smallest limit on host parameters in one statement is 999.
_CHUNK = 900


def _in_list(forms) -> str:
    return ", ".join(f"'{form.value}'" for form in sorted(forms, key=lambda f: f.value))


# Expressions to sort by; NULL (nothing recorded) always sorts last. Amounts
# are stored and summed in whole milligrams (integers), so the order is exact.
# tests/test_figures_agree.py proves the order equal to sorting core.daily.DayTotals.
_SORT_EXPRESSIONS = {
    "leaf": "d.leaf_mg",
    "doses": "d.doses",
    "concentrate": "d.concentrate_mg",
    "pain": "c.pain",
    "side_effects": "r.burden",
    "note": "nullif(c.note, '') COLLATE NOCASE",
}


def _days_cte() -> str:
    return (
        "days AS (SELECT day FROM doses WHERE day BETWEEN :start AND :end "
        "UNION SELECT day FROM checkins WHERE day BETWEEN :start AND :end)"
    )


def ordered_days(
    db: LogDatabase,
    start: dt.date,
    end: dt.date,
    sort: str = "date",
    descending: bool = True,
) -> list[dt.date]:
    """Days with a dose or a check-in from start to end, sorted by a History column.

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
            ORDER BY {_SORT_EXPRESSIONS[sort]} {direction} NULLS LAST, days.day DESC
        """
    rows = db.conn.execute(sql, _bounds(start, end))
    days = (day_or_none(r[0]) for r in rows)
    return [day for day in days if day is not None]  # an unreadable day is left out


def rows_for_days(db: LogDatabase, days: Sequence[dt.date]) -> list[DayRecord]:
    """History's rows for the given days, in the given order."""
    doses = []
    for chunk in _chunks([d.isoformat() for d in days]):
        marks = ", ".join("?" * len(chunk))
        doses.extend(select_doses(db.conn, f"day IN ({marks})", chunk))
    return day_records(days, doses, _checkins_on(db, days))


def _checkins_on(db: LogDatabase, days: Sequence[dt.date]) -> dict[dt.date, CheckIn]:
    ratings: dict[str, dict[str, int]] = {}
    found: list[tuple[str, int | None, str]] = []
    for chunk in _chunks([d.isoformat() for d in days]):
        marks = ", ".join("?" * len(chunk))
        for day, name, rating in db.conn.execute(
            "SELECT r.day, s.name, r.rating FROM ratings r "
            "JOIN side_effects s ON s.id = r.side_effect_id "
            f"WHERE r.day IN ({marks}) ORDER BY s.position, s.id",
            chunk,
        ):
            ratings.setdefault(day, {})[name] = rating
        found.extend(db.conn.execute(
            f"SELECT day, pain, note FROM checkins WHERE day IN ({marks})", chunk
        ))
    return {
        dt.date.fromisoformat(day): CheckIn(dt.date.fromisoformat(day), pain, ratings.get(day, {}), note)
        for day, pain, note in found
        if not checkin_row_problem(day, pain, note)  # unreadable rows: store/integrity.py
    }


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def _bounds(start: dt.date, end: dt.date) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}
