"""The figures the Trends charts show, for a chosen range of days.

Plain Python (no Qt, no matplotlib) so that every number on a chart is tested
without a window, and the doctor summary can reuse the same figures.

Definitions (the charts and their captions rely on these):

- A day is a local calendar day: a dose belongs to the date of its local
  (naive) time, so a dose at 00:10 counts for the new day, and a daylight-
  saving change makes no difference.
- Leaf grams are powder, capsules and tea only (see ``daily.py``). Extract
  and 7-OH product grams are kept apart and never added into leaf grams.
- A day is *logged* when it holds a dose, a check-in or a "no kratom" mark
  (``core.coverage``); a day with nothing logged is *unknown*. The daily
  series (leaf, extract and 7-OH grams, doses) hold None on an unknown day,
  never 0; a logged day without a dose holds 0. Days before the first record
  hold nothing, so they are unknown too.
- "7-day average" of leaf grams on a day: the leaf grams of the *logged*
  days among the 7 calendar days ending on that day, divided by those
  logged days; only when at least ``AVERAGE_MIN_LOGGED`` (4) of the 7 are
  logged, else None (a gap in the line). An unknown day never pulls the
  average down (docs/health-content.md, "Days with nothing logged").
- "7-day pain average" on a day: the mean of the pain ratings in the 7
  calendar days ending on that day, over the days that have a rating. Days
  without a rating are left out (never counted as 0); with fewer than
  ``PAIN_AVERAGE_MIN_RATED`` rated days in the window there is no average.
- Daily pain is None on a day without a rating: charts draw a gap.
- Weeks are ISO weeks (Monday to Sunday). "Use days per week" counts the days
  of the week with at least one dose, out of the week's logged days; a
  week's per-day figures are over its logged days (None when none is).
  ``days_counted`` is the week's days inside the range and on or after the
  first record (a part-week has fewer than 7).
- Side-effect heat map: one row per side effect that has at least one rating
  (0 "none" included) in the range. Columns are days; when the range is
  longer than ``WEEKLY_AFTER_DAYS`` days the columns are ISO weeks holding the
  highest rating of the week. A missing rating is None ("not rated"), which is
  not 0 ("none").
- Marks: a day has a *night dose* when a dose was taken from 00:00 up to
  05:00 (``core.patterns.NIGHT_ENDS_HOUR``, the patterns' night doses); red
  flags are the ones ticked on the day. The charts mark both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from kratomtrack.core.chart_periods import (  # noqa: F401  (WEEKLY_AFTER_DAYS re-exported)
    WEEKLY_AFTER_DAYS,
    ChartPeriod,
    chart_periods,
    period_kind,
)
from kratomtrack.core.coverage import day_kind, per_logged_day
from kratomtrack.core.date_ranges import DateRange, week_start
from kratomtrack.core.daily import DayTotals, daily_totals
from kratomtrack.core.heat_map import HeatMap, heat_map, row_of_spelling  # noqa: F401  (HeatMap re-exported)
from kratomtrack.core.patterns import NIGHT_ENDS_HOUR
from kratomtrack.core.records import CheckIn, Dose

if TYPE_CHECKING:
    from kratomtrack.core.checkups import Peg

AVERAGE_DAYS = 7
# docs/health-content.md, "Days with nothing logged": a 7-day average needs
# this many logged days of its 7, else the line has a gap.
AVERAGE_MIN_LOGGED = 4
PAIN_AVERAGE_MIN_RATED = 3

_ONE_DAY = dt.timedelta(days=1)


def peg_scores(pegs: Iterable[Peg]) -> list[tuple[dt.date, float]]:
    """The weekly PEG scores the pain chart marks: (day answered, score 0-10), in the pegs' order."""
    return [(peg.day, peg.score) for peg in pegs]


# --- the figures ----------------------------------------------------------------


@dataclass(frozen=True)
class DayFigures:
    """One day's numbers as hovering a day shows them.

    Amounts are whole milligrams (shown through ``core.amounts``); they and
    ``doses`` are None on an unknown day (nothing logged), 0 on a logged day
    without that form or without a dose.
    """

    day: dt.date
    logged: bool
    leaf_mg: int | None
    leaf_average: float | None
    extract_mg: int | None
    seven_oh_mg: int | None
    doses: int | None
    pain: int | None
    pain_average: float | None
    ratings: dict[str, int]
    night: bool = False  # a dose from 00:00 to 05:00
    red_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class WeekFigures:
    """One ISO week, clipped to the range and to days on/after the first record.

    ``leaf_grams`` and ``doses`` are the week's totals; its per-day figures
    are over its logged days only (None when nothing is logged in it).
    """

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
    def leaf_mg(self) -> int:
        """The week's leaf total in whole milligrams (``leaf_grams`` is mg / 1000)."""
        return _milligrams(self.leaf_grams)

    @property
    def leaf_per_day(self) -> float | None:
        return per_logged_day(self.leaf_grams, self.logged_days)

    @property
    def doses_per_day(self) -> float | None:
        return per_logged_day(self.doses, self.logged_days)


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

    Each daily list has one entry per day from ``start`` to ``end``. The
    amounts and ``doses`` are None on an unknown day (``logged`` False).
    The grams are whole milligrams divided by 1000 (``DayFigures`` turns them
    back into milligrams exactly).
    """

    start: dt.date
    end: dt.date
    first_day: dt.date | None
    days: list[dt.date]
    leaf_grams: list[float | None]
    leaf_average: list[float | None]
    extract_grams: list[float | None]
    seven_oh_grams: list[float | None]
    doses: list[int | None]
    pain: list[int | None]
    pain_average: list[float | None]
    weeks: list[WeekFigures]
    heat_map: HeatMap
    ratings: dict[dt.date, dict[str, int]] = field(repr=False, default_factory=dict)
    # Long ranges: a bar or point per week or month (core.chart_periods); empty: days.
    period: str = "day"
    periods: list[ChartPeriod] = field(default_factory=list)
    logged: list[bool] = field(repr=False, default_factory=list)  # per day: logged
    night: list[bool] = field(repr=False, default_factory=list)  # per day: a night dose
    red_flags: dict[dt.date, tuple[str, ...]] = field(repr=False, default_factory=dict)  # ticked, by day

    @property
    def weekly(self) -> bool:
        """Whether charts draw weeks or months rather than days (long ranges)."""
        return len(self.days) > WEEKLY_AFTER_DAYS

    @property
    def is_empty(self) -> bool:
        """Nothing logged in the range (no dose, check-in or "no kratom" mark)."""
        return (not any(self.logged) and not any(self.doses)
                and all(p is None for p in self.pain) and not self.ratings)

    # "What went together" reads these: made when first asked for, not with every range.

    @cached_property
    def pain_vs_leaf(self) -> list[ScatterPoint]:
        """Each rated logged day: its leaf grams against its pain."""
        return [ScatterPoint(d, leaf, p, concentrate)
                for d, leaf, p, concentrate in zip(self.days, self.leaf_grams, self.pain,
                                                   self._concentrate_days())
                if p is not None and leaf is not None]

    @cached_property
    def side_effect_vs_leaf(self) -> dict[str, list[ScatterPoint]]:
        """Per heat-map row (side effect), each logged day it was rated: leaf grams against the rating."""
        row_of = row_of_spelling(self.ratings, self.heat_map.names)
        pairs: dict[str, list[ScatterPoint]] = {n: [] for n in self.heat_map.names}
        for d, leaf, concentrate in zip(self.days, self.leaf_grams, self._concentrate_days()):
            if leaf is None or d not in self.ratings:
                continue
            for name, rating in self.ratings[d].items():
                pairs[self.heat_map.names[row_of[name]]].append(
                    ScatterPoint(d, leaf, rating, concentrate))
        return pairs

    def _concentrate_days(self) -> list[bool]:
        return [bool(e) or bool(s) for e, s in zip(self.extract_grams, self.seven_oh_grams)]

    def day(self, day: dt.date) -> DayFigures | None:
        """The numbers of one day in the range, or None outside it."""
        if not self.start <= day <= self.end:
            return None
        i = (day - self.start).days
        logged = self.logged[i] if self.logged else self.doses[i] is not None
        return DayFigures(
            day, logged, _milligrams(self.leaf_grams[i]), self.leaf_average[i],
            _milligrams(self.extract_grams[i]), _milligrams(self.seven_oh_grams[i]),
            self.doses[i], self.pain[i], self.pain_average[i], dict(self.ratings.get(day, {})),
            bool(self.night and self.night[i]), self.red_flags.get(day, ()),
        )


def _milligrams(grams: float | None) -> int | None:
    """Whole milligrams back from grams made as ``mg / 1000`` (exact: the nearest int)."""
    return None if grams is None else round(grams * 1000)


class TrendLog:
    """The log reduced to per-day facts once; ``figures()`` slices a range.

    Build it again when the log changes. ``first_day`` is the first day with
    any record (the store's ``first_day()``); by default the earliest day in
    the records given. ``side_effect_order`` orders heat-map rows (the app's
    order); other names follow alphabetically. ``red_flags`` are (day, flag)
    pairs, as the store lists them.
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
        red_flags: Iterable[tuple[dt.date, str]] = (),
    ):
        # ``no_use_days``: days marked "no kratom today" (logged, without use).
        self.no_use_days = frozenset(no_use_days)
        # ``totals``: the doses' daily_totals when the caller has them already.
        self.totals: Mapping[dt.date, DayTotals] = daily_totals(doses) if totals is None else totals
        # An empty check-in holds nothing: it does not make a day logged.
        self.checkins: dict[dt.date, CheckIn] = {c.day: c for c in checkins if not c.is_empty}
        if first_day is None:
            known = [*self.totals, *self.checkins, *self.no_use_days]
            first_day = min(known) if known else None
        self.first_day = first_day
        self.side_effect_order = [n.casefold() for n in side_effect_order]  # heat-map rows
        self.red_flags = red_flags_by_day(red_flags)

    @property
    def last_day(self) -> dt.date | None:
        known = [*self.totals, *self.checkins, *self.no_use_days]
        return max(known) if known else None

    def figures(self, start: dt.date, end: dt.date) -> TrendFigures:
        rng = DateRange(start, end)
        n = rng.days
        first = self.first_day or end + _ONE_DAY
        # Look back 6 days before the range so the first days' averages are whole.
        lead = AVERAGE_DAYS - 1
        origin = start - dt.timedelta(days=lead)
        totals, checkins, marks = self.totals, self.checkins, self.no_use_days
        all_days = [origin + dt.timedelta(days=i) for i in range(n + lead)]
        day_totals = [totals.get(d) for d in all_days]  # None: no dose that day
        # core.coverage decides what a day is; an unknown day's figures are None.
        logged_all = [day_kind(t.doses if t else 0, d in checkins, d in marks).logged
                      for d, t in zip(all_days, day_totals)]
        pains = []
        for d in all_days:
            checkin = checkins.get(d)
            pains.append(checkin.pain if checkin is not None else None)

        leaf_mg_all = [t.leaf_mg if t else 0 for t in day_totals]
        leaf_average = _rolling_mean(leaf_mg_all, logged_all, lead, n,
                                     min_count=AVERAGE_MIN_LOGGED, scale=1000)
        pain_average = _rolling_mean(
            [p or 0 for p in pains], [p is not None for p in pains], lead, n,
            min_count=PAIN_AVERAGE_MIN_RATED, scale=1,
        )
        empty = DayTotals(origin)  # read for its zero amounts only
        window = [t or empty for t in day_totals[lead:]]
        days = all_days[lead:]
        pain = pains[lead:]
        logged = logged_all[lead:]
        kind = period_kind(n)
        ratings = {
            d: c.ratings for d in days
            if (c := checkins.get(d)) is not None and c.ratings
        }
        # Whole milligrams until here; the series are grams, None on an unknown day.
        leaf = _grams([t.leaf_mg for t in window], logged)
        extract = _grams([t.extract_mg for t in window], logged)
        seven_oh = _grams([t.seven_oh_mg for t in window], logged)
        doses = [t.doses if on else None for t, on in zip(window, logged)]
        night = [t.first_dose is not None and t.first_dose.hour < NIGHT_ENDS_HOUR for t in window]
        flags = {d: f for d, f in self.red_flags.items() if start <= d <= end}
        counted_from = max(start, first)
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
            weeks=self._weeks(days, window, counted_from, logged),
            heat_map=heat_map(days, ratings, kind, self.side_effect_order),
            ratings=ratings,
            period=kind,
            periods=(chart_periods(days, counted_from, logged, window, pain, kind, night, flags)
                     if kind != "day" else []),
            logged=logged,
            night=night,
            red_flags=flags,
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
                row[4] += t.extract_mg > 0
                row[5] += t.seven_oh_mg > 0
        return [
            WeekFigures(monday + dt.timedelta(days=7 * k), r[0], r[1], r[2] / 1000, r[3], r[4], r[5], r[6])
            for k, r in enumerate(rows)
        ]


def red_flags_by_day(pairs: Iterable[tuple[dt.date, str]]) -> dict[dt.date, tuple[str, ...]]:
    """(day, flag) pairs as each day's flags, in the order given."""
    out: dict[dt.date, tuple[str, ...]] = {}
    for day, flag in pairs:
        out[day] = out.get(day, ()) + (flag,)
    return out


def _grams(milligrams: list[int], logged: list[bool]) -> list[float | None]:
    """Grams per day from whole milligrams; None on an unknown day (never 0)."""
    return [mg / 1000 if on else None for mg, on in zip(milligrams, logged)]


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
