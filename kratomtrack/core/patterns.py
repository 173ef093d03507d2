"""Patterns over time: dose timing and relief per dose (descriptive only).

docs/health-content.md, "Patterns over time": the first dose of the day
getting earlier, shorter gaps between doses and doses at night are patterns
some trackers chart; they are NOT validated measures of dependence for kratom
(time to first use is validated for tobacco only, Heatherton 1991). They are
shown as figures labelled "pattern, not a diagnosis", may add a line to the
warning's "also in your log", and never trigger it. Relief per dose (pain
before a dose minus pain one to three hours later) is the person's own
observation: shown, never turned into a suggestion.

A day is the local calendar day of the dose (a dose at 00:10 counts on the
new day). Timing is read from days of use only, so a day with nothing logged
never enters a figure (clinical.md, "Days with nothing logged"): a week with
no day of use has no timing figures at all, never 0, and a range with nothing
logged has no count of night doses (None, not 0). First and last dose times come from core.daily's day figures.
Gaps are real elapsed time: on a daylight-saving day a gap across the
change is an hour shorter or longer than the clock difference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter
from typing import NamedTuple
from time import localtime

from kratomtrack.core.daily import DayTotals, daily_totals
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.date_ranges import week_start

# Doses taken from 00:00 up to (not including) this hour are "night doses".
NIGHT_ENDS_HOUR = 5
# Relief per dose: the rolling median runs over this many pairs, and a
# "first" or "last 28 days" of the summary needs at least this many pairs to be printed.
RELIEF_ROLLING_PAIRS = 7
MIN_RELIEF_PAIRS = 10
# "The last 28 days" (and the first) of relief per dose: one length for the summary,
# ``kratomtrack patterns`` and the window, the same as the summary's "Now".
RELIEF_PERIOD_DAYS = 28
PATTERN_LABEL = "pattern, not a diagnosis"
MIDNIGHT = dt.time(0, 0)
ONE_DAY = dt.timedelta(days=1)
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class PatternSettings:
    """When timing adds a line to the warning's "also in your log".

    Conventions, not validated thresholds (docs/health-content.md, "Patterns
    over time"): the last ``recent_days`` against the ``before_days`` before.
    """

    earlier_minutes: int = 60
    gap_shrink_percent: int = 25
    recent_days: int = 28
    before_days: int = 56


class DayTiming(NamedTuple):
    """One use day's timing. ``gaps`` are the minutes between its doses in time
    order; ``median_gap`` their median, None with one dose.

    Immutable like the other records; a NamedTuple because ten years make
    thousands of them and a frozen dataclass is several times slower to build."""

    day: dt.date
    first_dose: dt.time
    last_dose: dt.time
    doses: int
    median_gap: float | None
    night_doses: int
    gaps: tuple[float, ...] = ()


@dataclass(frozen=True)
class WeekTiming:
    """One ISO week (Monday) with a day of use: mean first-dose time in minutes
    after midnight, the median of all the week's gaps between doses in minutes
    (None when no day had two doses; ``median_gap``, one definition everywhere). ``logged_days``: the week's logged days in the range (None
    when the caller did not say which days are logged)."""

    start: dt.date
    use_days: int
    first_dose_minutes: float | None
    median_gap: float | None
    night_doses: int
    logged_days: int | None = None


@dataclass(frozen=True)
class TimingChange:
    """The last ``recent_days`` against the ``before_days`` before them."""

    recent_first_minutes: float | None
    before_first_minutes: float | None
    recent_gap: float | None  # the median of all gaps in the period (``median_gap``)
    before_gap: float | None
    first_earlier_by: float | None  # minutes; negative when later
    gap_shrunk_percent: float | None  # negative when the gap grew
    first_earlier: bool
    gap_shrunk: bool


class ReliefPoint(NamedTuple):
    """One dose with pain before and after: relief = before - after (a NamedTuple: see DayTiming)."""

    taken_at: dt.datetime
    pain_before: int
    pain_after: int
    relief: int
    rolling_median: float
    milligrams: int = 0  # the dose's amount, to draw relief against it
    form: Form = Form.POWDER


@dataclass(frozen=True)
class ReliefMonth:
    """Relief per dose over RELIEF_PERIOD_DAYS days; ``median`` None when fewer than MIN_RELIEF_PAIRS pairs."""

    start: dt.date
    end: dt.date
    pairs: int
    median: float | None

    @property
    def too_few_pairs(self) -> bool:
        return self.median is None


@dataclass(frozen=True)
class Patterns:
    start: dt.date
    end: dt.date
    days: list[DayTiming]
    weeks: list[WeekTiming]
    night_doses: int | None  # None when no day of the range is logged
    first_dose_minutes: float | None  # mean over use days
    median_gap: float | None  # the median of all gaps between doses in the range (``median_gap``)
    timing_change: TimingChange | None
    relief: list[ReliefPoint]
    relief_first_month: ReliefMonth | None
    relief_last_month: ReliefMonth
    settings: PatternSettings = field(default=PatternSettings(), compare=False)
    label: str = PATTERN_LABEL
    # Of the range's days: how many are logged and how many have nothing logged
    # (None when the caller did not say which days are logged).
    logged_days: int | None = None
    unknown_days: int | None = None


def minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def elapsed_minutes(a: dt.datetime, b: dt.datetime, tz: dt.tzinfo | None = None) -> float:
    """Real minutes from local time a to b (``tz`` None: this computer's zone)."""
    if tz is None:
        return (b.astimezone(dt.timezone.utc) - a.astimezone(dt.timezone.utc)).total_seconds() / 60
    return (b.replace(tzinfo=tz).astimezone(dt.timezone.utc)
            - a.replace(tzinfo=tz).astimezone(dt.timezone.utc)).total_seconds() / 60


def _median(values: Sequence[float]) -> float:
    if len(values) < 3:  # most days have one or two gaps: no sorting needed
        return values[0] if len(values) == 1 else (values[0] + values[1]) / 2
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def _midnight_offset(tz: dt.tzinfo | None):
    """A function: the UTC offset at a day's 00:00 (``tz`` None: this computer's zone)."""
    if tz is None:
        return lambda day: dt.datetime.combine(day, MIDNIGHT).astimezone().utcoffset()
    return lambda day: dt.datetime.combine(day, MIDNIGHT, tz).utcoffset()


def clock_change_days(days: Iterable[dt.date], tz: dt.tzinfo | None = None) -> set[dt.date]:
    """The days among ``days`` whose 00:00 and next 00:00 have different UTC offsets.

    Reading the offset at each local midnight took a quarter of the patterns'
    time on ten years, so the zone is first read once a day at 00:00 UTC
    (five times cheaper), and only the days next to a change read their
    midnights. A day's two midnights, and the day before them that Python
    looks back over to place a repeated hour, lie within two days of the
    day's 00:00 UTC; where the readings over those days agree, nothing
    changed in between, since clocks never change twice within a day.
    """
    days = sorted(days)
    if not days:
        return set()
    first = days[0].toordinal() - 2
    utc_offsets = _utc_midnight_offsets(first, days[-1].toordinal() + 3, tz)
    # A change between the readings at i - 1 and i lies within two days of days i - 2 to i + 1.
    near_change = {first + k for i in range(1, len(utc_offsets)) if utc_offsets[i] != utc_offsets[i - 1]
                   for k in range(i - 2, i + 2)}
    offset = _midnight_offset(tz)
    return {day for day in days if day.toordinal() in near_change and offset(day) != offset(day + ONE_DAY)}


def _utc_midnight_offsets(first: int, last: int, tz: dt.tzinfo | None) -> list:
    """The zone's UTC offset at 00:00 UTC of each day from ordinal ``first`` to ``last``, both included."""
    moments = range((first - EPOCH_ORDINAL) * 86400, (last - EPOCH_ORDINAL) * 86400 + 1, 86400)
    if tz is None:
        return [localtime(t).tm_gmtoff for t in moments]
    utc = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    return [(utc + dt.timedelta(seconds=t)).astimezone(tz).utcoffset() for t in moments]


def day_timings(doses: Iterable[Dose], totals: Mapping[dt.date, DayTotals] | None = None,
                tz: dt.tzinfo | None = None) -> dict[dt.date, DayTiming]:
    """Each use day's timing; first and last dose come from core.daily's figures."""
    doses = list(doses)
    by_day: dict[dt.date, list[dt.datetime]] = {}
    for dose in doses:
        moment = dose.taken_at
        moments = by_day.get(moment.date())
        if moments is None:
            by_day[moment.date()] = [moment]
        else:
            moments.append(moment)
    if totals is None:
        totals = daily_totals(doses)
    changed = clock_change_days((day for day, moments in by_day.items() if len(moments) > 1), tz)
    out = {}
    for day, moments in by_day.items():
        t = totals[day]
        gaps = ()
        if len(moments) < 2:
            gap = None
        else:
            moments.sort()
            if day in changed:
                gaps = [elapsed_minutes(a, b, tz) for a, b in pairwise(moments)]
            else:  # the usual day: the clock difference is the elapsed time
                gaps = [(b - a).total_seconds() / 60 for a, b in pairwise(moments)]
            gap = _median(gaps)
            gaps = tuple(gaps)
        night = 0
        for moment in moments:  # in time order: the night doses come first
            if moment.hour >= NIGHT_ENDS_HOUR:
                break
            night += 1
        out[day] = DayTiming(day, t.first_dose, t.last_dose, t.doses, gap, night, gaps)
    return out


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def median_gap(days: Iterable[DayTiming]) -> float | None:
    """The median of all gaps between doses on ``days`` (each gap once, not a day's
    median): the one "median gap" of the window, ``kratomtrack patterns`` and the
    summary. None when no day had two doses."""
    gaps = [gap for d in days for gap in d.gaps]
    return _median(gaps) if gaps else None


def _first_and_gap(days: Iterable[DayTiming]) -> tuple[float | None, float | None]:
    days = list(days)
    return _mean([minutes(d.first_dose) for d in days]), median_gap(days)


def week_timings(days: Sequence[DayTiming], logged: Collection[dt.date] | None = None) -> list[WeekTiming]:
    """The weeks with a day of use; ``logged`` (the range's logged days) gives each its logged days."""
    weeks: dict[dt.date, list[DayTiming]] = {}
    for d in days:
        weeks.setdefault(week_start(d.day), []).append(d)
    logged_in: dict[dt.date, int] = {}
    for day in logged or ():
        logged_in[week_start(day)] = logged_in.get(week_start(day), 0) + 1
    out = []
    for monday in sorted(weeks):
        first, gap = _first_and_gap(weeks[monday])
        out.append(WeekTiming(monday, len(weeks[monday]), first, gap,
                              sum(d.night_doses for d in weeks[monday]),
                              None if logged is None else logged_in.get(monday, 0)))
    return out


def timing_change(timings: Mapping[dt.date, DayTiming], end: dt.date,
                  settings: PatternSettings = PatternSettings()) -> TimingChange | None:
    """The last ``recent_days`` to ``end`` against the ``before_days`` before; None without use in both."""
    recent_from = end - dt.timedelta(days=settings.recent_days - 1)
    before_from = recent_from - dt.timedelta(days=settings.before_days)
    recent = [t for day, t in timings.items() if recent_from <= day <= end]
    before = [t for day, t in timings.items() if before_from <= day < recent_from]
    if not recent or not before:
        return None
    r_first, r_gap = _first_and_gap(recent)
    b_first, b_gap = _first_and_gap(before)
    earlier = b_first - r_first
    shrunk = (b_gap - r_gap) / b_gap * 100 if r_gap is not None and b_gap else None
    return TimingChange(
        r_first, b_first, r_gap, b_gap, earlier, shrunk,
        first_earlier=earlier >= settings.earlier_minutes,
        gap_shrunk=shrunk is not None and shrunk >= settings.gap_shrink_percent,
    )


def relief_points(doses: Iterable[Dose], window: int = RELIEF_ROLLING_PAIRS) -> list[ReliefPoint]:
    """Doses with pain before and after, oldest first, with the rolling median of relief."""
    pairs = sorted((d for d in doses if d.pain_before is not None and d.pain_after is not None),
                   key=attrgetter("taken_at"))
    points, reliefs = [], []
    for d in pairs:
        before, after = d.pain_before, d.pain_after
        reliefs.append(before - after)
        points.append(ReliefPoint(d.taken_at, before, after, before - after, _median(reliefs[-window:]),
                                  d.milligrams, d.form))
    return points


def relief_month(points: Sequence[ReliefPoint], start: dt.date, end: dt.date) -> ReliefMonth:
    reliefs = [p.relief for p in points if start <= p.taken_at.date() <= end]
    enough = len(reliefs) >= MIN_RELIEF_PAIRS
    return ReliefMonth(start, end, len(reliefs), _median(reliefs) if enough else None)


def patterns(doses: Sequence[Dose], start: dt.date, end: dt.date, *,
             logged_days: Collection[dt.date] | None = None,
             totals: Mapping[dt.date, DayTotals] | None = None,
             settings: PatternSettings = PatternSettings(),
             tz: dt.tzinfo | None = None) -> Patterns:
    """Every pattern figure for the days start..end.

    ``doses`` may start before ``start``: the timing change reads the
    ``before_days`` ahead of the last ``recent_days``. ``logged_days`` (a
    store's ``logged_days_between``) are the days with a dose, a check-in or a
    "no kratom" mark; without them only the days with a dose are known to be
    logged, and the figures say nothing of how many days are.
    """
    timings = day_timings(doses, totals, tz)
    days = [timings[d] for d in sorted(timings) if start <= d <= end]
    logged = None if logged_days is None else {d for d in logged_days if start <= d <= end} | {d.day for d in days}
    first, gap = _first_and_gap(days)
    points = [p for p in relief_points(doses) if start <= p.taken_at.date() <= end]
    month = dt.timedelta(days=RELIEF_PERIOD_DAYS - 1)
    long_enough = (end - start).days + 1 >= 2 * RELIEF_PERIOD_DAYS
    return Patterns(
        start=start, end=end, days=days, weeks=week_timings(days, logged),
        # A count over the logged days: with none (nothing known), no count at all.
        night_doses=sum(d.night_doses for d in days) if days or logged else None,
        first_dose_minutes=first,
        median_gap=gap,
        timing_change=timing_change(timings, end, settings),
        relief=points,
        relief_first_month=relief_month(points, start, start + month) if long_enough else None,
        relief_last_month=relief_month(points, max(start, end - month), end),
        settings=settings,
        logged_days=None if logged is None else len(logged),
        unknown_days=None if logged is None else (end - start).days + 1 - len(logged),
    )


def clock(minutes_after_midnight: float | None) -> str:
    """Minutes after midnight as HH:MM ('-' when None)."""
    if minutes_after_midnight is None:
        return "-"
    m = round(minutes_after_midnight)
    return f"{m // 60:02d}:{m % 60:02d}"


def gap_words(gap_minutes: float | None) -> str:
    if gap_minutes is None:
        return "-"
    m = round(gap_minutes)
    return f"{m // 60} h {m % 60:02d} min"


def timing_lines(change: TimingChange | None, settings: PatternSettings = PatternSettings()) -> list[str]:
    """Lines for the warning's "also in your log" (never a trigger on their own)."""
    if change is None:
        return []
    weeks_recent, weeks_before = settings.recent_days // 7, settings.before_days // 7
    lines = []
    if change.first_earlier:
        lines.append(
            f"first dose of the day on average {clock(change.recent_first_minutes)} over the last "
            f"{weeks_recent} weeks vs {clock(change.before_first_minutes)} over the {weeks_before} "
            f"weeks before ({PATTERN_LABEL})")
    if change.gap_shrunk:
        lines.append(
            f"median gap between doses {gap_words(change.recent_gap)} over the last {weeks_recent} "
            f"weeks vs {gap_words(change.before_gap)} over the {weeks_before} weeks before "
            f"({PATTERN_LABEL})")
    return lines
