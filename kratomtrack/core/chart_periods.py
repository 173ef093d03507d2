"""The charts' series on long ranges: a point or bar per week or per month.

Plain Python, computed once from the day series of core.trends, so that the
Trends page and the summary's charts draw the same numbers. Up to
``WEEKLY_AFTER_DAYS`` days the charts draw days; up to ``MONTHLY_AFTER_DAYS``
ISO weeks (Monday to Sunday); beyond, calendar months (over ten years a day or
a week is thinner than a printed line, and markers fuse into a band).

A period holds only its days inside the range and on or after the first
record. Means are over the days that have a value: leaf grams and doses over
the period's *logged* days (a dose, a check-in or a "no kratom today" mark;
an unknown day is never counted as 0 g; a period with no logged day has no
mean, None), pain over its rated days. Grams are summed in whole milligrams.
A period also counts its days with a night dose (00:00-05:00) and with a red
flag ticked, which the charts mark.

``score_line`` is where a line through scores (the weekly PEG) breaks: a
missed week or period is a gap in the line, never bridged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from kratomtrack.core.coverage import per_logged_day

from kratomtrack.core.daily import DayTotals

WEEKLY_AFTER_DAYS = 120
MONTHLY_AFTER_DAYS = 2 * 365
# A weekly score more than this many days after the one before starts a new
# line: a week was missed (a day late is still the next week's score).
SCORE_GAP_DAYS = 10


@dataclass(frozen=True)
class ChartPeriod:
    start: dt.date  # its first day in the chart
    end: dt.date  # its last day in the chart
    logged_days: int
    leaf_grams: float
    doses: int
    extract_days: int
    seven_oh_days: int
    pain_mean: float | None
    pain_days: int
    night_days: int = 0  # days with a dose from 00:00 to 05:00
    red_flag_days: int = 0  # days with a red flag ticked

    @property
    def leaf_per_day(self) -> float | None:
        return per_logged_day(self.leaf_grams, self.logged_days)

    @property
    def doses_per_day(self) -> float | None:
        return per_logged_day(self.doses, self.logged_days)


def period_kind(days: int) -> str:
    """'day', 'week' or 'month': what a bar or a point stands for over ``days`` days."""
    if days > MONTHLY_AFTER_DAYS:
        return "month"
    return "week" if days > WEEKLY_AFTER_DAYS else "day"


def period_start(day: dt.date, kind: str) -> dt.date:
    if kind == "month":
        return day.replace(day=1)
    if kind == "week":
        return day - dt.timedelta(days=day.weekday())
    return day


def chart_periods(days: Sequence[dt.date], counted_from: dt.date, logged: Sequence[bool],
                  totals: Sequence[DayTotals], pain: Sequence[int | None],
                  kind: str, night: Sequence[bool] = (),
                  flagged: Collection[dt.date] = ()) -> list[ChartPeriod]:
    """The periods of ``kind`` over the day series (days before ``counted_from``
    left out); ``totals`` holds each day's intake (an empty DayTotals without a dose),
    ``night`` whether each day had a night dose, ``flagged`` the days with a red flag."""
    groups: dict[dt.date, list[int]] = {}
    for i, day in enumerate(days):
        if day >= counted_from:
            groups.setdefault(period_start(day, kind), []).append(i)
    out = []
    for indexes in groups.values():
        on = [totals[i] for i in indexes if logged[i]]
        rated = [pain[i] for i in indexes if pain[i] is not None]
        out.append(ChartPeriod(
            start=days[indexes[0]], end=days[indexes[-1]], logged_days=len(on),
            leaf_grams=sum(t.leaf_mg for t in on) / 1000, doses=sum(t.doses for t in on),
            extract_days=sum(1 for t in on if t.extract_mg > 0),
            seven_oh_days=sum(1 for t in on if t.seven_oh_mg > 0),
            pain_mean=sum(rated) / len(rated) if rated else None, pain_days=len(rated),
            night_days=sum(night[i] for i in indexes) if night else 0,
            red_flag_days=sum(days[i] in flagged for i in indexes) if flagged else 0,
        ))
    return out


def scores_per_period(scores: Sequence[tuple[dt.date, float]], kind: str) -> list[tuple[dt.date, float]]:
    """Scores (PEG) as the mean of each period, dated on the period's first day."""
    if kind == "day":
        return [(d, float(s)) for d, s in scores]
    groups: dict[dt.date, list[float]] = {}
    for day, score in scores:
        groups.setdefault(period_start(day, kind), []).append(float(score))
    return [(start, sum(v) / len(v)) for start, v in sorted(groups.items())]


def score_line(scores: Sequence[tuple[dt.date, float]], kind: str) -> list[tuple[dt.date, float | None]]:
    """The points of a line through ``scores`` (dated, oldest first, as from
    ``scores_per_period``), with a (date, None) break wherever a week (or, on
    long ranges, a period) has no score: the line never bridges a gap."""
    out: list[tuple[dt.date, float | None]] = []
    for day, score in scores:
        if out and _missed(out[-1][0], day, kind):
            out.append((day, None))
        out.append((day, score))
    return out


def _missed(before: dt.date, after: dt.date, kind: str) -> bool:
    if kind == "month":
        return (after.year * 12 + after.month) - (before.year * 12 + before.month) > 1
    return (after - before).days > (7 if kind == "week" else SCORE_GAP_DAYS)
