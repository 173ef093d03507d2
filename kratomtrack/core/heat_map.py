"""The side-effect heat map of a range: a row per side effect rated in it, a
column per day (per ISO week or calendar month on long ranges) holding the
strongest rating, None where nothing was rated (which is not 0, "none").

A week's or month's strongest rating says little over years (one severe day
makes a severe month), so those columns also count the days at each rating
(``counts``), out of the column's days in the range (``column_lengths``):
the charts draw those counts.

Plain Python, read by the Trends page and the summary's charts (through
core.trends). Rows are case-blind ("Nausea" and "nausea" are one row, named
as first seen) and follow the app's side-effect order, then the alphabet;
withdrawal-type symptoms (core.checkups) come last, under their own heading
(docs/health-content.md, "For the doctor").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kratomtrack.core.checkups import is_withdrawal_symptom

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class HeatMap:
    """Side-effect ratings: ``values[row][column]`` is 0-3 or None (not rated).

    ``columns`` holds each column's first day; a column spans
    ``column_days`` days (1, or 7 for ISO weeks; 0 for calendar months, whose
    lengths differ: ``end`` is the last month's last day).

    ``withdrawal[row]``: the row is a withdrawal-type symptom (those rows come
    last). ``counts[row][column]``: the days rated 0, 1, 2 and 3 in a week's
    or month's column (empty for day columns); ``column_lengths[column]``: the
    column's days inside the range.
    """

    names: list[str]
    columns: list[dt.date]
    column_days: int
    values: list[list[int | None]]
    end: dt.date | None = None
    withdrawal: list[bool] = field(default_factory=list)
    counts: list[list[tuple[int, int, int, int]]] = field(default_factory=list)
    column_lengths: list[int] = field(default_factory=list)

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
    first, last = days[0], days[-1]
    if kind == "month":
        base = _month_index(first)
        columns = [_month_start(base + k) for k in range(_month_index(last) - base + 1)]
        end = _month_start(_month_index(last) + 1) - _ONE_DAY
        width = 0
        bounds = columns[1:] + [end + _ONE_DAY]
        lengths = [(min(b - _ONE_DAY, last) - max(c, first)).days + 1 for c, b in zip(columns, bounds)]
    elif kind == "week":
        monday = first - dt.timedelta(days=first.weekday())
        offset = (first - monday).days
        columns = [monday + dt.timedelta(days=7 * k) for k in range((offset + len(days) + 6) // 7)]
        end, width = None, 7
        lengths = [(min(c + dt.timedelta(days=6), last) - max(c, first)).days + 1 for c in columns]
    else:
        offset, columns, end, width, lengths = 0, list(days), None, 1, []
    values: list[list[int | None]] = [[None] * len(columns) for _ in names]
    # Days at each rating, per row and column: only for week and month columns.
    tallies = [[[0, 0, 0, 0] for _ in columns] for _ in names] if width != 1 else []
    for d, day_ratings in ratings.items():
        if width:
            col = (offset + (d - first).days) // width
        else:
            col = _month_index(d) - base
        for name, rating in day_ratings.items():
            r = row_of[name]
            row = values[r]
            old = row[col]
            if old is None or rating > old:
                row[col] = rating
            if tallies:
                tallies[r][col][rating] += 1
    counts = [[(a, b, c, d) for a, b, c, d in row] for row in tallies]
    return HeatMap(names, columns, width, values, end, [is_withdrawal_symptom(n) for n in names],
                   counts, lengths)


def row_names(ratings: Mapping[dt.date, Mapping[str, int]], order: Sequence[str] = ()) -> list[str]:
    """The rows: each side effect rated, as first spelled, in ``order`` (casefolded), then A-Z;
    the withdrawal-type symptoms after all others, in the same order."""
    names: dict[str, str] = {}
    for name in _spellings(ratings):
        names.setdefault(name.casefold(), name)
    rank = {n: i for i, n in enumerate(order)}
    keys = sorted(names, key=lambda k: (is_withdrawal_symptom(k), rank.get(k, len(rank)), k))
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
