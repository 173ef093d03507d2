"""The side-effect heat map of a range: a row per side effect rated in it, a
column per day (per ISO week or calendar month on long ranges) holding the
strongest rating, None where nothing was rated (which is not 0, "none").

Plain Python, read by the Trends page and the summary's charts (through
core.trends). Rows are case-blind ("Nausea" and "nausea" are one row, named
as first seen) and follow the app's side-effect order, then the alphabet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class HeatMap:
    """Side-effect ratings: ``values[row][column]`` is 0-3 or None (not rated).

    ``columns`` holds each column's first day; a column spans
    ``column_days`` days (1, or 7 for ISO weeks; 0 for calendar months, whose
    lengths differ: ``end`` is the last month's last day).
    """

    names: list[str]
    columns: list[dt.date]
    column_days: int
    values: list[list[int | None]]
    end: dt.date | None = None

    @property
    def monthly(self) -> bool:
        return self.column_days == 0

    @property
    def weekly(self) -> bool:
        return self.column_days == 7


def heat_map(days: Sequence[dt.date], ratings: Mapping[dt.date, Mapping[str, int]], kind: str,
             order: Sequence[str] = ()) -> HeatMap:
    """The heat map of ``days`` (consecutive) in columns of ``kind`` ("day",
    "week" or "month"); ``order`` lists casefolded names in the app's order."""
    names = row_names(ratings, order)
    row_of = row_of_spelling(ratings, names)
    first = days[0]
    if kind == "month":
        base = _month_index(first)
        last = days[-1]
        columns = [_month_start(base + k) for k in range(_month_index(last) - base + 1)]
        end = _month_start(_month_index(last) + 1) - _ONE_DAY
        width = 0
    elif kind == "week":
        monday = first - dt.timedelta(days=first.weekday())
        offset = (first - monday).days
        columns = [monday + dt.timedelta(days=7 * k) for k in range((offset + len(days) + 6) // 7)]
        end, width = None, 7
    else:
        offset, columns, end, width = 0, list(days), None, 1
    values: list[list[int | None]] = [[None] * len(columns) for _ in names]
    for d, day_ratings in ratings.items():
        if width:
            col = (offset + (d - first).days) // width
        else:
            col = _month_index(d) - base
        for name, rating in day_ratings.items():
            row = values[row_of[name]]
            old = row[col]
            if old is None or rating > old:
                row[col] = rating
    return HeatMap(names, columns, width, values, end)


def row_names(ratings: Mapping[dt.date, Mapping[str, int]], order: Sequence[str] = ()) -> list[str]:
    """The rows: each side effect rated, as first spelled, in ``order`` (casefolded), then A-Z."""
    names: dict[str, str] = {}
    for name in _spellings(ratings):
        names.setdefault(name.casefold(), name)
    rank = {n: i for i, n in enumerate(order)}
    keys = sorted(names, key=lambda k: (rank.get(k, len(rank)), k))
    return [names[k] for k in keys]


def row_of_spelling(ratings: Mapping[dt.date, Mapping[str, int]], names: Sequence[str]) -> dict[str, int]:
    """The row (index in ``names``) of each spelling of a side effect in ``ratings``."""
    row = {name.casefold(): i for i, name in enumerate(names)}
    return {name: row[name.casefold()] for name in _spellings(ratings)}


def _spellings(ratings: Mapping[dt.date, Mapping[str, int]]) -> dict[str, None]:
    """Each spelling of a name in ``ratings`` once, in the order first met."""
    return dict.fromkeys(name for day_ratings in ratings.values() for name in day_ratings)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> dt.date:
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)
