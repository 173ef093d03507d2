"""The figures the Trends charts show, for a chosen range of days.

Plain Python (no Qt, no matplotlib) so that every number on a chart is tested
without a window, and the doctor summary can reuse the same figures.

Definitions (the charts and their captions rely on these):

- A day is a local calendar day: a dose belongs to the date of its local
  (naive) time, so a dose at 00:10 counts for the new day, and a daylight-
  saving change makes no difference.
- Leaf grams are powder, capsules and tea only (see ``daily.py``). Extract
  and 7-OH product grams are kept apart and never added into leaf grams.
- "7-day average" of leaf grams on a day: the mean leaf grams per day over
  the 7 calendar days ending on that day. Only days on or after the first
  record in the log count, so the first days of a log average over fewer
  days instead of being pulled down by days before anything was recorded.
  Days without a dose count as 0 g (nothing was taken).
- "7-day pain average" on a day: the mean of the pain ratings in the 7
  calendar days ending on that day, over the days that have a rating. Days
  without a rating are left out (never counted as 0); with fewer than
  ``PAIN_AVERAGE_MIN_RATED`` rated days in the window there is no average.
- Daily pain is None on a day without a rating: charts draw a gap.
- Weeks are ISO weeks (Monday to Sunday). "Use days per week" counts the days
  of the week with at least one dose, out of the week's days that are inside
  the range and on or after the first record.
- Side-effect heat map: one row per side effect that has at least one rating
  (0 "none" included) in the range. Columns are days; when the range is
  longer than ``WEEKLY_AFTER_DAYS`` days the columns are ISO weeks holding the
  highest rating of the week. A missing rating is None ("not rated"), which is
  not 0 ("none").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from kratomtrack.core.chart_periods import (  # noqa: F401  (WEEKLY_AFTER_DAYS re-exported)
    WEEKLY_AFTER_DAYS,
    ChartPeriod,
    chart_periods,
    period_kind,
)
from kratomtrack.core.daily import DayTotals, daily_totals
from kratomtrack.core.heat_map import HeatMap, heat_map, row_of_spelling  # noqa: F401  (HeatMap re-exported)
from kratomtrack.core.records import CheckIn, Dose

if TYPE_CHECKING:
    from kratomtrack.core.checkups import Peg

AVERAGE_DAYS = 7
PAIN_AVERAGE_MIN_RATED = 3

_ONE_DAY = dt.timedelta(days=1)


# --- ranges -------------------------------------------------------------------


class RangePreset(str, Enum):
    """The ranges the Trends page offers. The value is what a setting stores."""

    LAST_4_WEEKS = "4w"
    LAST_3_MONTHS = "3m"
    LAST_12_MONTHS = "12m"
    ALL = "all"
    CUSTOM = "custom"


@dataclass(frozen=True)
class DateRange:
    """Calendar days from start to end, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError(
                f"the range starts on {self.start.isoformat()}, after its end "
                f"{self.end.isoformat()}; choose a start date on or before the end date"
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - _ONE_DAY).day
    return dt.date(year, month, min(day.day, last))


def preset_range(
    preset: RangePreset,
    today: dt.date,
    first_day: dt.date | None = None,
    custom: DateRange | None = None,
) -> DateRange:
    """The days a preset covers, ending today.

    "Last 4 weeks" is the 28 days ending today; "last 3 months" and "last 12
    months" start the day after the same date 3 or 12 months ago. A preset
    never starts before the first record of the log (``first_day``), so a
    young log is not shown with months of empty space. "All" runs from the
    first record to today (the last 4 weeks if nothing is recorded yet).
    "Custom" returns ``custom`` as chosen.
    """
    preset = RangePreset(preset)
    if preset is RangePreset.CUSTOM:
        if custom is None:
            raise ValueError("a custom range needs a start and an end date")
        return custom
    if preset is RangePreset.LAST_4_WEEKS:
        start = today - dt.timedelta(days=27)
    elif preset is RangePreset.LAST_3_MONTHS:
        start = months_before(today, 3) + _ONE_DAY
    elif preset is RangePreset.LAST_12_MONTHS:
        start = months_before(today, 12) + _ONE_DAY
    elif first_day is not None:
        start = first_day
    else:
        start = today - dt.timedelta(days=27)
    if first_day is not None and first_day <= today:
        start = max(start, first_day)
    return DateRange(start, today)


_DAYS_BACK = tuple(dt.timedelta(days=n) for n in range(7))


def week_start(day: dt.date) -> dt.date:
    """The Monday of the day's ISO week."""
    return day - _DAYS_BACK[day.weekday()]


def peg_scores(pegs: Iterable[Peg]) -> list[tuple[dt.date, float]]:
    """The weekly PEG scores the pain chart marks: (day answered, score 0-10), in the pegs' order."""
    return [(peg.day, peg.score) for peg in pegs]


# --- the figures ----------------------------------------------------------------


@dataclass(frozen=True)
class DayFigures:
    """One day's numbers as hovering a day shows them."""

    day: dt.date
    leaf_grams: float
    leaf_average: float | None
    extract_grams: float
    seven_oh_grams: float
    doses: int
    pain: int | None
    pain_average: float | None
    ratings: dict[str, int]


@dataclass(frozen=True)
class WeekFigures:
    """One ISO week, clipped to the range and to days on/after the first record."""

    start: dt.date  # Monday
    days_counted: int
    use_days: int
    leaf_grams: float
    doses: int
    extract_days: int
    seven_oh_days: int
    # Days with a dose, a check-in or a "no kratom today" mark: "days without"
    # are logged_days - use_days; an unlogged day is neither.
    logged_days: int = 0

    @property
    def leaf_per_day(self) -> float | None:
        return self.leaf_grams / self.days_counted if self.days_counted else None

    @property
    def doses_per_day(self) -> float | None:
        return self.doses / self.days_counted if self.days_counted else None


class ScatterPoint(NamedTuple):
    """One day's leaf grams against a rating that day.

    ``concentrate`` marks a day with extract or 7-OH product, whose grams
    are not in ``leaf_grams``. (A NamedTuple: ten years make tens of
    thousands of these.)
    """

    day: dt.date
    leaf_grams: float
    value: int
    concentrate: bool


@dataclass(frozen=True)
class TrendFigures:
    """Everything the Trends charts draw for one range, day by day in columns.

    Each daily list has one entry per day from ``start`` to ``end``.
    """

    start: dt.date
    end: dt.date
    first_day: dt.date | None
    days: list[dt.date]
    leaf_grams: list[float]
    leaf_average: list[float | None]
    extract_grams: list[float]
    seven_oh_grams: list[float]
    doses: list[int]
    pain: list[int | None]
    pain_average: list[float | None]
    weeks: list[WeekFigures]
    heat_map: HeatMap
    ratings: dict[dt.date, dict[str, int]] = field(repr=False, default_factory=dict)
    # Long ranges: a bar or point per week or month (core.chart_periods); empty: days.
    period: str = "day"
    periods: list[ChartPeriod] = field(default_factory=list)
    logged: list[bool] = field(repr=False, default_factory=list)  # per day: logged

    @property
    def weekly(self) -> bool:
        """Whether charts draw weeks or months rather than days (long ranges)."""
        return len(self.days) > WEEKLY_AFTER_DAYS

    @property
    def is_empty(self) -> bool:
        return not any(self.doses) and all(p is None for p in self.pain) and not self.ratings

    # "What went together" reads these: made when first asked for, not with every range.

    @cached_property
    def pain_vs_leaf(self) -> list[ScatterPoint]:
        """Each rated day on or after the first record: its leaf grams against its pain."""
        return [ScatterPoint(d, leaf, p, concentrate)
                for d, leaf, p, concentrate in zip(self.days, self.leaf_grams, self.pain,
                                                   self._concentrate_days())
                if p is not None and d >= self._counted_from]

    @cached_property
    def side_effect_vs_leaf(self) -> dict[str, list[ScatterPoint]]:
        """Per heat-map row (side effect), each day it was rated: leaf grams against the rating."""
        row_of = row_of_spelling(self.ratings, self.heat_map.names)
        pairs: dict[str, list[ScatterPoint]] = {n: [] for n in self.heat_map.names}
        for d, leaf, concentrate in zip(self.days, self.leaf_grams, self._concentrate_days()):
            if d < self._counted_from or d not in self.ratings:
                continue
            for name, rating in self.ratings[d].items():
                pairs[self.heat_map.names[row_of[name]]].append(
                    ScatterPoint(d, leaf, rating, concentrate))
        return pairs

    @property
    def _counted_from(self) -> dt.date:
        return self.first_day or self.end + _ONE_DAY

    def _concentrate_days(self) -> list[bool]:
        return [e > 0 or s > 0 for e, s in zip(self.extract_grams, self.seven_oh_grams)]

    def day(self, day: dt.date) -> DayFigures | None:
        """The numbers of one day in the range, or None outside it."""
        if not self.start <= day <= self.end:
            return None
        i = (day - self.start).days
        return DayFigures(
            day, self.leaf_grams[i], self.leaf_average[i], self.extract_grams[i],
            self.seven_oh_grams[i], self.doses[i], self.pain[i], self.pain_average[i],
            dict(self.ratings.get(day, {})),
        )


class TrendLog:
    """The log reduced to per-day facts once; ``figures()`` slices a range.

    Build it again when the log changes. ``first_day`` is the first day with
    any record (the store's ``first_day()``); by default the earliest day in
    the records given. ``side_effect_order`` orders heat-map rows (the app's
    order); other names follow alphabetically.
    """

    def __init__(
        self,
        doses: Iterable[Dose],
        checkins: Iterable[CheckIn],
        *,
        first_day: dt.date | None = None,
        side_effect_order: Sequence[str] = (),
        totals: Mapping[dt.date, DayTotals] | None = None,
        no_use_days: Iterable[dt.date] = (),
    ):
        # ``no_use_days``: days marked "no kratom today" (logged, without use).
        self.no_use_days = frozenset(no_use_days)
        # ``totals``: the doses' daily_totals when the caller has them already.
        self.totals: Mapping[dt.date, DayTotals] = daily_totals(doses) if totals is None else totals
        self.checkins: dict[dt.date, CheckIn] = {c.day: c for c in checkins}
        if first_day is None:
            known = [*self.totals, *self.checkins]
            first_day = min(known) if known else None
        self.first_day = first_day
        self.side_effect_order = [n.casefold() for n in side_effect_order]  # heat-map rows

    @property
    def last_day(self) -> dt.date | None:
        known = [*self.totals, *self.checkins]
        return max(known) if known else None

    def figures(self, start: dt.date, end: dt.date) -> TrendFigures:
        rng = DateRange(start, end)
        n = rng.days
        first = self.first_day or end + _ONE_DAY
        # Look back 6 days before the range so the first days' averages are whole.
        lead = AVERAGE_DAYS - 1
        origin = start - dt.timedelta(days=lead)
        totals = self.totals
        empty = DayTotals(origin)
        all_days = [origin + dt.timedelta(days=i) for i in range(n + lead)]
        day_totals = [totals.get(d, empty) for d in all_days]
        counted = [d >= first for d in all_days]
        pains = []
        for d in all_days:
            checkin = self.checkins.get(d)
            pains.append(checkin.pain if checkin is not None else None)

        leaf_all = [t.leaf_mg for t in day_totals]
        leaf_average = _rolling_mean(leaf_all, counted, lead, n, min_count=1, scale=1000)
        pain_average = _rolling_mean(
            [p or 0 for p in pains], [p is not None for p in pains], lead, n,
            min_count=PAIN_AVERAGE_MIN_RATED, scale=1,
        )
        window = day_totals[lead:]
        days = all_days[lead:]
        pain = pains[lead:]
        logged = [d >= first and (t.doses > 0 or d in self.checkins or d in self.no_use_days)
                  for d, t in zip(days, window)]
        kind = period_kind(n)
        ratings = {
            d: c.ratings for d in days
            if (c := self.checkins.get(d)) is not None and c.ratings
        }
        leaf = [t.leaf_grams for t in window]
        extract = [t.extract_grams for t in window]
        seven_oh = [t.seven_oh_grams for t in window]
        doses = [t.doses for t in window]
        return TrendFigures(
            start=start,
            end=end,
            first_day=self.first_day,
            days=days,
            leaf_grams=leaf,
            leaf_average=leaf_average,
            extract_grams=extract,
            seven_oh_grams=seven_oh,
            doses=doses,
            pain=pain,
            pain_average=pain_average,
            weeks=self._weeks(days, window, max(start, first), logged),
            heat_map=heat_map(days, ratings, kind, self.side_effect_order),
            ratings=ratings,
            period=kind,
            periods=(chart_periods(days, max(start, first), logged, leaf, doses, extract,
                                   seven_oh, pain, kind)
                     if kind != "day" else []),
            logged=logged,
        )

    def _weeks(self, days, window, counted_from, logged) -> list[WeekFigures]:
        monday = week_start(days[0])
        offset = (days[0] - monday).days
        # days, use days, leaf mg, doses, extract days, 7-OH days, logged days
        rows = [[0, 0, 0, 0, 0, 0, 0] for _ in range((offset + len(days) + 6) // 7)]
        for i, (d, t) in enumerate(zip(days, window)):
            if d < counted_from:
                continue
            row = rows[(offset + i) // 7]
            row[0] += 1
            row[6] += logged[i]
            if t.doses:
                row[1] += 1
                row[2] += t.leaf_mg
                row[3] += t.doses
                row[4] += t.extract_grams > 0
                row[5] += t.seven_oh_grams > 0
        return [
            WeekFigures(monday + dt.timedelta(days=7 * k), r[0], r[1], r[2] / 1000, r[3], r[4], r[5], r[6])
            for k, r in enumerate(rows)
        ]


def _rolling_mean(
    values: list[int], counts: list[bool], lead: int, n: int, *, min_count: int, scale: int
) -> list[float | None]:
    """Mean over each 7-day window ending at positions lead..lead+n-1, divided by ``scale``.

    Only positions whose ``counts`` flag is set take part; a window with
    fewer than ``min_count`` of them has no mean. Values are whole numbers
    (milligrams, pain points) so that the sums do not drift.
    """
    whole = [v if c else 0 for v, c in zip(values, counts)]
    flags = [1 if c else 0 for c in counts]
    total = sum(whole[:lead])
    count = sum(flags[:lead])
    out: list[float | None] = []
    for i in range(lead, lead + n):
        total += whole[i]
        count += flags[i]
        out.append(total / (count * scale) if count >= min_count else None)  # one correctly rounded division
        old = i - lead
        total -= whole[old]
        count -= flags[old]
    return out


def trend_figures(
    doses: Iterable[Dose],
    checkins: Iterable[CheckIn],
    start: dt.date,
    end: dt.date,
    *,
    first_day: dt.date | None = None,
    side_effect_order: Sequence[str] = (),
) -> TrendFigures:
    """The figures for start..end from the given records (see TrendLog)."""
    log = TrendLog(doses, checkins, first_day=first_day, side_effect_order=side_effect_order)
    return log.figures(start, end)
