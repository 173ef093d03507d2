"""The figures of the summary for a doctor, computed from plain inputs.

Plain Python (no Qt, no SQL): ``summarise(SummaryInput(...))`` returns a
``Summary`` holding numbers, dates and names only; ``kratomtrack.report``
turns it into words and pages. Everything is about the days from the first
record (or the start of the range, whichever is later) to the end of the
range: days before the person started the log are not counted as days
without use. The records given may start before the range: rolling figures
(the 7-day average) read the days before it, so they are right from the
range's first day. Every day's figures come from core.daily, once.

What each day is (a day of use, marked "no kratom", a check-in without a dose,
or not logged) is decided once here with core.coverage, from the store's
logged days (clinical.md, "Days with nothing logged"): every mean and count of
the summary is over logged days, and a day with nothing logged is unknown,
never a day without kratom. Today counts once something is logged for it.

Health rules come from docs/health-content.md ("What the summary tells a
doctor"): leaf grams never include extract or 7-OH product grams; side
effects are rated 0 none to 3 severe; the SDS is "worth discussing" at the
warning settings' ``sds_threshold`` or more, a cut-off not validated for
kratom. Thresholds shared with the warning (the large dose, the SDS cut-off)
come from the person's WarningSettings only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from kratomtrack.core.background import Background
from kratomtrack.core.background_words import co_use_facts, co_use_point_lines
from kratomtrack.core.coverage import DayKind, day_kind
from kratomtrack.core.patterns import Patterns, patterns
from kratomtrack.core.plan import Plan, PlanReport, plan_report
from kratomtrack.core.daily import DayRecord, DayTotals, daily_totals, days_between, records_from_totals
from kratomtrack.core.records import RATING_LABELS, CheckIn, Dose
from kratomtrack.core.safety import ALSO_TAKE
from kratomtrack.core.checkups import is_withdrawal_symptom
from kratomtrack.core.summary.now import (
    DayCounts,
    Flags,
    NowFigures,
    Period,
    Withdrawal,
    flags,
    now_figures,
    table_periods,
    withdrawal,
)
from kratomtrack.core.summary.glance import MIN_LOGGED_DAYS_PER_HALF, Glance, halves
from kratomtrack.core.summary.glance import glance as glance_figures
from kratomtrack.core.summary.key_points import Coverage, HowLong, KeyPoint, UseHistory, YearTrend, also_take_lines
from kratomtrack.core.summary.page_one import PageOneInput, page_one
from kratomtrack.core.summary.warning_facts import WarningOnPaper, on_since
from kratomtrack.core.summary.pain import PainSummary, pain_summary
from kratomtrack.core.trends import AVERAGE_DAYS, TrendFigures, TrendLog
from kratomtrack.core.validation import EARLIEST_DAY, FieldError
from kratomtrack.core.warning.settings import WarningSettings

# A side effect is "more often" or "less often" when its day count changes
# between the halves by at least this many days and this share of the larger
# (the second half's count scaled to the first half's logged days).
TREND_MIN_DAYS = 2
TREND_MIN_SHARE = 0.25
# Days before the range that rolling figures read (the 7-day average).
LOOKBACK_DAYS = AVERAGE_DAYS - 1
# The day-by-day table is on by default up to this many days.
DAY_TABLE_DEFAULT_MAX_DAYS = 90


@dataclass(frozen=True)
class SummaryInput:
    """Everything the summary is made from, as plain values.

    ``doses`` and ``checkins`` may hold records outside the range; only
    the LOOKBACK_DAYS days before it are read, for rolling figures. ``first_record`` is the first day of the whole log; when it is
    None it is taken from the records given (so pass it when the records
    given start at the range). ``warning_days`` lists each day the dependence
    warning was on with the reason it gave; None means "not evaluated", which
    the report leaves out rather than claiming the warning was off.
    """

    start: dt.date
    end: dt.date
    doses: Sequence[Dose] = ()
    checkins: Sequence[CheckIn] = ()
    peg: Sequence[tuple[dt.date, float]] = ()
    sds: Sequence[tuple[dt.date, int]] = ()
    red_flags: Sequence[tuple[dt.date, str]] = ()
    warning_days: Sequence[tuple[dt.date, str]] | None = None
    also_take: Sequence[str] = ()
    doctor_notes: Sequence[tuple[dt.date, str]] = ()
    questions: str = ""
    name: str | None = None
    birth_date: dt.date | None = None
    first_record: dt.date | None = None
    made_on: dt.date | None = None
    settings: WarningSettings = WarningSettings()
    side_effect_order: Sequence[str] = ()
    # Days marked "no kratom": logged days without use.
    no_use_days: Sequence[dt.date] = ()
    # The logged days (a dose, a check-in or a mark; store.no_use.logged_days_between)
    # from the first day read to the end. None: worked out from the records given.
    logged_days: Collection[dt.date] | None = None
    # The person's reduction plan to print beside the log (core.plan), if any.
    plan: Plan | None = None
    # The background for the doctor (core.background). When given, ``also_take``
    # is read from its sedating substances instead of being given apart.
    background: Background | None = None
    # The whole log up to the end (key points' "how long"); None: from the records given.
    history: UseHistory | None = None
    # Doses of the same dates a year before the range's last (at most) 365 days (key
    # points' year trend) that are not among ``doses`` (those are read too).
    year_before_doses: Sequence[Dose] = ()
    # Lines for the key points' "Other substances" (key_points.co_use_point); None:
    # from ``also_take``, today's "I also take" setting.
    co_use_lines: Sequence[str] | None = None
    # An invented demo log (``kratomtrack demo``): every page says so.
    demo: bool = False


@dataclass(frozen=True)
class SideEffectRow:
    name: str
    days_reported: int  # rated mild or worse
    days_moderate_or_severe: int
    worst: int  # 1 mild .. 3 severe
    first_half_days: int | None  # None when the range is too short to compare halves
    second_half_days: int | None
    first_half_logged: int | None  # the logged days of each half
    second_half_logged: int | None

    @property
    def worst_label(self) -> str:
        return RATING_LABELS[self.worst]

    @property
    def compared(self) -> bool:
        """Both halves have enough logged days to compare (MIN_LOGGED_DAYS_PER_HALF)."""
        return (self.first_half_logged is not None and self.second_half_logged is not None
                and min(self.first_half_logged, self.second_half_logged) >= MIN_LOGGED_DAYS_PER_HALF)

    @property
    def trend(self) -> str | None:
        """'more often', 'less often' or 'about the same' (second half against first, per
        logged day); None when the halves are not compared."""
        if not self.compared:
            return None
        a = self.first_half_days
        # As if the second half had as many logged days as the first: a gap is not "less often".
        b = self.second_half_days * self.first_half_logged / self.second_half_logged
        if abs(b - a) >= TREND_MIN_DAYS and abs(b - a) >= TREND_MIN_SHARE * max(a, b):
            return "more often" if b > a else "less often"
        return "about the same"


@dataclass(frozen=True)
class SdsScore:
    day: dt.date
    total: int
    threshold: int = WarningSettings().sds_threshold  # the settings' sds_threshold

    @property
    def worth_discussing(self) -> bool:
        return self.total >= self.threshold


@dataclass(frozen=True)
class Summary:
    start: dt.date
    end: dt.date
    made_on: dt.date
    name: str | None
    birth_date: dt.date | None
    first_record: dt.date | None
    counted_start: dt.date | None  # None: no records on or before the end of the range
    days: list[DayRecord]
    # What each of ``days`` is (core.coverage): the one decision every figure reads.
    kinds: dict[dt.date, DayKind]
    glance: Glance
    pain: PainSummary
    side_effects: list[SideEffectRow]
    sds: list[SdsScore]
    red_flags: list[tuple[dt.date, str]]
    also_take: list[str]
    doctor_notes: list[tuple[dt.date, str]]
    questions: str
    settings: WarningSettings = WarningSettings()
    # The charts' series for the counted days, from the same day figures
    # (None when nothing is counted). The report draws its charts from these.
    trends: TrendFigures | None = field(default=None, compare=False, repr=False)
    # Page 1's "Now" and flag box, and the withdrawal-type symptoms (core.summary.now).
    now: NowFigures | None = None
    flags: Flags | None = None
    withdrawal: Withdrawal | None = None
    # A long range's table: a row a month or a year (core.summary.now); None: a row a day.
    table_periods: list[Period] | None = None
    # Dose timing and relief per dose (core.patterns, "pattern, not a
    # diagnosis") and the plan against the log (core.plan); None when nothing is counted.
    patterns: Patterns | None = field(default=None, compare=False, repr=False)
    plan: PlanReport | None = field(default=None, compare=False, repr=False)
    # The background from the patient (core.background) and page 1's co-use and
    # naloxone in words, as of the range's last day (core.background_words.co_use_facts).
    background: Background = field(default_factory=Background)
    co_use: list[tuple[str, str]] = field(default_factory=list)
    # Page 1: the key points (at most six), the coverage line and the warning on paper.
    key_points: list[KeyPoint] = field(default_factory=list)
    coverage: Coverage | None = None
    warning: WarningOnPaper | None = None
    how_long: HowLong | None = None
    year_trend: YearTrend | None = None
    demo: bool = False

    @property
    def range_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def records_begin_in_range(self) -> bool:
        """The log starts after the start of the range (earlier days are not counted)."""
        return self.counted_start is not None and self.counted_start > self.start

    @property
    def has_records(self) -> bool:
        return any(kind.logged for kind in self.kinds.values())

    @property
    def counts(self) -> DayCounts:
        """The counted days by kind (the one count of "N of M days logged")."""
        return self.glance.counts

    @property
    def day_table_by_default(self) -> bool:
        return self.range_days <= DAY_TABLE_DEFAULT_MAX_DAYS


def check_summary_range(start: dt.date, end: dt.date, today: dt.date) -> None:
    """Refuse a range that cannot be summarised, saying why in plain words."""
    if end > today:
        raise FieldError("to", f"{end.isoformat()} is in the future (today is {today.isoformat()})")
    if start > today:
        raise FieldError("from", f"{start.isoformat()} is in the future (today is {today.isoformat()})")
    if start > end:
        raise FieldError("from", f"{start.isoformat()} is after the end date {end.isoformat()}")
    if start < EARLIEST_DAY:
        raise FieldError("from", f"{start.isoformat()} is before {EARLIEST_DAY.year}; check the year")


def summarise(data: SummaryInput) -> Summary:
    """Compute every figure of the summary from ``data``."""
    first_record = data.first_record or _first_record(data)
    counted_start = max(data.start, first_record) if first_record else None
    if counted_start is not None and counted_start > data.end:
        counted_start = None
    totals = daily_totals(d for d in data.doses
                          if data.start - dt.timedelta(days=LOOKBACK_DAYS) <= d.day <= data.end)
    days = _counted_days(data, counted_start, totals)
    logged = set(data.logged_days) if data.logged_days is not None else _logged_from_records(data)
    kinds = {d.day: day_kind(d.doses, d.checked_in or d.day in logged, d.no_use) for d in days}
    logged_in_range = frozenset(day for day, kind in kinds.items() if kind.logged)  # the plan's and patterns'
    trends = None
    if counted_start is not None:
        log = TrendLog((), data.checkins, first_day=first_record, totals=totals,
                       side_effect_order=data.side_effect_order, no_use_days=data.no_use_days,
                       red_flags=data.red_flags)
        trends = log.figures(counted_start, data.end)
    glance = glance_figures(data.doses, data.settings, data.warning_days, days, kinds)
    peg = sorted((d, float(v)) for d, v in _in_range(data.peg, data.start, data.end))
    sds = [SdsScore(d, int(t), data.settings.sds_threshold)
           for d, t in sorted(_in_range(data.sds, data.start, data.end))]
    red_flags = sorted(_in_range(data.red_flags, data.start, data.end))
    if data.background is not None:
        also_take = [label for key, label in ALSO_TAKE.items() if key in data.background.sedating()]
    else:
        also_take = [t.strip() for t in data.also_take if t and t.strip()]
    background = data.background if data.background is not None else Background()
    made_on = data.made_on or dt.date.today()
    sds_pairs = [(s.day, s.total) for s in sds]
    history = data.history or _history_from_records(data, first_record, logged)
    since, _ = on_since(glance.warning_spans, kinds, data.end)
    now = now_figures(days, kinds, peg, sds_pairs, since, glance.warning_evaluated)
    the_flags = flags(red_flags, also_take, glance.forms, sds_pairs, data.settings.sds_threshold)
    the_withdrawal = withdrawal(days, kinds)
    # Co-use and naloxone: the dated background when there is one, else the old setting.
    if data.co_use_lines is not None:
        co_use = data.co_use_lines
    elif data.background is not None:
        co_use = co_use_point_lines(background, data.end)
    else:
        co_use = also_take_lines(also_take, made_on)
    return Summary(
        start=data.start,
        end=data.end,
        made_on=made_on,
        name=(data.name or "").strip() or None,
        birth_date=data.birth_date,
        first_record=first_record,
        counted_start=counted_start,
        days=days,
        kinds=kinds,
        glance=glance,
        pain=pain_summary(days, peg),
        side_effects=_side_effects(days, kinds),
        sds=sds,
        red_flags=red_flags,
        also_take=also_take,
        doctor_notes=sorted(
            (d, n.strip()) for d, n in _in_range(data.doctor_notes, data.start, data.end) if n.strip()
        ),
        questions=data.questions.strip(),
        settings=data.settings,
        trends=trends,
        now=now,
        flags=the_flags,
        withdrawal=the_withdrawal,
        table_periods=table_periods(days, kinds, (data.end - data.start).days + 1),
        patterns=(patterns([d for d in data.doses if d.day in totals], counted_start, data.end, totals=totals,
                           logged_days=logged_in_range)
                  if counted_start is not None else None),
        plan=(plan_report(data.plan, totals, data.checkins, data.sds, counted_start, data.end, logged_in_range)
              if data.plan is not None and counted_start is not None else None),
        background=background,
        co_use=co_use_facts(background, data.end),
        demo=data.demo,
        **page_one(PageOneInput(data.doses, data.year_before_doses, days, kinds, glance, history, sds_pairs,
                                now, the_flags, the_withdrawal, co_use, data.settings, data.start, data.end)),
    )


def _history_from_records(data: SummaryInput, first_record, logged) -> UseHistory:
    """The log's use and logged days when the store did not give them: from the records given."""
    use = frozenset(d.day for d in data.doses if d.day <= data.end)
    return UseHistory(first_record, use, frozenset(d for d in logged if d <= data.end) | use)


# --- the parts ---------------------------------------------------------------------


def _logged_from_records(data: SummaryInput) -> set[dt.date]:
    """The logged days when the store did not give them: doses, check-ins, marks."""
    return ({d.day for d in data.doses} | {c.day for c in data.checkins if not c.is_empty}
            | set(data.no_use_days))


def _first_record(data: SummaryInput) -> dt.date | None:
    days = _logged_from_records(data) | set(data.logged_days or ())
    return min(days) if days else None


def _in_range(items, start: dt.date, end: dt.date) -> list:
    return [item for item in items if start <= item[0] <= end]


def _counted_days(data: SummaryInput, counted_start: dt.date | None,
                  totals: dict[dt.date, DayTotals]) -> list[DayRecord]:
    if counted_start is None:
        return []
    return records_from_totals(days_between(counted_start, data.end), totals,
                               {c.day: c for c in data.checkins}, set(data.no_use_days))


def _side_effects(days: list[DayRecord], kinds) -> list[SideEffectRow]:
    names: dict[str, str] = {}  # casefolded -> first spelling seen
    for d in days:
        for name, rating in d.ratings:
            # Withdrawal-type symptoms have their own section (core.summary.now).
            if rating >= 1 and not is_withdrawal_symptom(name):
                names.setdefault(name.casefold(), name)
    split = halves(days)
    logged = [DayCounts.of(kinds[d.day] for d in half).logged for half in split] if split else [None, None]
    rows = []
    for key, name in names.items():
        ratings = [_rating(d, key) for d in days]
        reported = [r for r in ratings if r >= 1]
        first = second = None
        if split:
            first = sum(1 for d in split[0] if _rating(d, key) >= 1)
            second = sum(1 for d in split[1] if _rating(d, key) >= 1)
        rows.append(SideEffectRow(
            name=name, days_reported=len(reported),
            days_moderate_or_severe=sum(1 for r in reported if r >= 2),
            worst=max(reported), first_half_days=first, second_half_days=second,
            first_half_logged=logged[0], second_half_logged=logged[1],
        ))
    return sorted(rows, key=lambda r: (-r.days_reported, -r.worst, r.name.casefold()))


def _rating(day: DayRecord, key: str) -> int:
    for name, rating in day.ratings:
        if name.casefold() == key:
            return rating
    return 0
