"""The figures of the summary for a doctor, computed from plain inputs.

Plain Python (no Qt, no SQL): ``summarise(SummaryInput(...))`` returns a
``Summary`` holding numbers, dates and names only; ``kratomtrack.report``
turns it into words and pages. Everything is about the days from the first
record (or the start of the range, whichever is later) to the end of the
range: days before the person started the log are not counted as days
without use.

Health rules come from docs/health-content.md ("What the summary tells a
doctor"): leaf grams never include extract or 7-OH product grams; side
effects are rated 0 none to 3 severe; the SDS is "worth discussing" at 4 or
more, a cut-off not validated for kratom.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from kratomtrack.core.daily import DayRecord, day_records, days_between
from kratomtrack.core.records import RATING_LABELS, CheckIn, Dose, Form
from kratomtrack.core.validation import EARLIEST_DAY, FieldError

# Halves shorter than this say little; below it no "change" is stated.
MIN_DAYS_TO_COMPARE_HALVES = 14
# Two non-overlapping fortnights need 28 days; each needs this many ratings.
PAIN_PERIOD_DAYS = 14
MIN_RATED_DAYS_PER_PAIN_PERIOD = 7
# A side effect is "more often" or "less often" when its day count changes
# between the halves by at least this many days and this share of the larger.
TREND_MIN_DAYS = 2
TREND_MIN_SHARE = 0.25
# docs/health-content.md, "Check-ups (PEG, SDS)": SDS "worth discussing with your
# doctor" at 4 or more.
SDS_WORTH_DISCUSSING = 4
# docs/health-content.md, "Facts the app rests on" (Grundmann 2017): side effects
# reported mainly at 5 g or more per dose;
# Singh 2014/2019: three or more servings a day.
LARGE_DOSE_GRAMS = 5.0
MANY_DOSES_PER_DAY = 3
# The day-by-day table is on by default up to this many days.
DAY_TABLE_DEFAULT_MAX_DAYS = 90


@dataclass(frozen=True)
class SummaryInput:
    """Everything the summary is made from, as plain values.

    ``doses`` and ``checkins`` may hold records outside the range; they are
    ignored. ``first_record`` is the first day of the whole log; when it is
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


@dataclass(frozen=True)
class HalfChange:
    """Mean leaf grams per calendar day in the first and second half of the counted days."""

    days_per_half: int
    first: float
    second: float

    @property
    def percent(self) -> float | None:
        """Change from the first half in percent; None when the first half is 0."""
        if self.first == 0:
            return None
        return (self.second - self.first) / self.first * 100


@dataclass(frozen=True)
class FormUse:
    form: Form
    days: int
    doses: int
    grams: float


@dataclass(frozen=True)
class ProductUse:
    name: str
    days: int
    doses: int


@dataclass(frozen=True)
class WarningSpan:
    """Consecutive days on which the dependence warning was on."""

    start: dt.date
    end: dt.date
    reason: str  # the reason given on the span's last day (its latest numbers)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Glance:
    days_counted: int
    use_days: int
    leaf_days: int
    checkin_days: int
    leaf_total: float
    leaf_per_use_day: float | None  # over the days on which leaf was taken
    leaf_per_calendar_day: float | None
    doses_total: int
    doses_per_use_day: float | None
    days_with_many_doses: int  # MANY_DOSES_PER_DAY or more
    large_leaf_doses: int  # LARGE_DOSE_GRAMS or more
    largest_dose: Dose | None  # the largest leaf dose
    largest_concentrate_dose: Dose | None
    change: HalfChange | None
    forms: list[FormUse]
    products: list[ProductUse]
    extract: FormUse | None
    seven_oh: FormUse | None
    warning_evaluated: bool
    warning_spans: list[WarningSpan]

    @property
    def warning_days(self) -> int:
        return sum(span.days for span in self.warning_spans)


@dataclass(frozen=True)
class PeriodPain:
    start: dt.date
    end: dt.date
    rated_days: int
    mean: float | None


@dataclass(frozen=True)
class PainSummary:
    rated_days: int
    mean: float | None
    lowest: int | None
    highest: int | None
    first_weeks: PeriodPain | None  # None when the range is too short for two fortnights
    last_weeks: PeriodPain | None
    peg: list[tuple[dt.date, float]]

    @property
    def comparable(self) -> bool:
        """Both fortnights have enough ratings for their means to be compared."""
        return (
            self.first_weeks is not None
            and self.last_weeks is not None
            and self.first_weeks.rated_days >= MIN_RATED_DAYS_PER_PAIN_PERIOD
            and self.last_weeks.rated_days >= MIN_RATED_DAYS_PER_PAIN_PERIOD
        )

    @property
    def change(self) -> float | None:
        """Last fortnight's mean minus the first's, in points (negative: less pain)."""
        if not self.comparable:
            return None
        return self.last_weeks.mean - self.first_weeks.mean

    @property
    def change_percent(self) -> float | None:
        if self.change is None or self.first_weeks.mean == 0:
            return None
        return self.change / self.first_weeks.mean * 100


@dataclass(frozen=True)
class SideEffectRow:
    name: str
    days_reported: int  # rated mild or worse
    days_moderate_or_severe: int
    worst: int  # 1 mild .. 3 severe
    first_half_days: int | None  # None when the range is too short to compare halves
    second_half_days: int | None

    @property
    def worst_label(self) -> str:
        return RATING_LABELS[self.worst]

    @property
    def trend(self) -> str | None:
        """'more often', 'less often' or 'about the same' (second half against first)."""
        if self.first_half_days is None or self.second_half_days is None:
            return None
        a, b = self.first_half_days, self.second_half_days
        if abs(b - a) >= TREND_MIN_DAYS and abs(b - a) >= TREND_MIN_SHARE * max(a, b):
            return "more often" if b > a else "less often"
        return "about the same"


@dataclass(frozen=True)
class SdsScore:
    day: dt.date
    total: int

    @property
    def worth_discussing(self) -> bool:
        return self.total >= SDS_WORTH_DISCUSSING


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
    glance: Glance
    pain: PainSummary
    side_effects: list[SideEffectRow]
    sds: list[SdsScore]
    red_flags: list[tuple[dt.date, str]]
    also_take: list[str]
    doctor_notes: list[tuple[dt.date, str]]
    questions: str
    # What the figures were computed from (the charts draw from its records).
    source: SummaryInput | None = field(default=None, compare=False, repr=False)

    @property
    def range_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def records_begin_in_range(self) -> bool:
        """The log starts after the start of the range (earlier days are not counted)."""
        return self.counted_start is not None and self.counted_start > self.start

    @property
    def has_records(self) -> bool:
        return any(d.doses or d.checked_in for d in self.days)

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
    days = _counted_days(data, counted_start)
    return Summary(
        start=data.start,
        end=data.end,
        made_on=data.made_on or dt.date.today(),
        name=(data.name or "").strip() or None,
        birth_date=data.birth_date,
        first_record=first_record,
        counted_start=counted_start,
        days=days,
        glance=_glance(data, days),
        pain=_pain(data, days),
        side_effects=_side_effects(days),
        sds=[SdsScore(d, int(t)) for d, t in sorted(_in_range(data.sds, data.start, data.end))],
        red_flags=sorted(_in_range(data.red_flags, data.start, data.end)),
        also_take=[t.strip() for t in data.also_take if t and t.strip()],
        doctor_notes=sorted(
            (d, n.strip()) for d, n in _in_range(data.doctor_notes, data.start, data.end) if n.strip()
        ),
        questions=data.questions.strip(),
        source=data,
    )


# --- the parts ---------------------------------------------------------------------


def _first_record(data: SummaryInput) -> dt.date | None:
    days = [d.day for d in data.doses] + [c.day for c in data.checkins if not c.is_empty]
    return min(days) if days else None


def _in_range(items, start: dt.date, end: dt.date) -> list:
    return [item for item in items if start <= item[0] <= end]


def _counted_days(data: SummaryInput, counted_start: dt.date | None) -> list[DayRecord]:
    if counted_start is None:
        return []
    return day_records(days_between(counted_start, data.end), data.doses,
                       {c.day: c for c in data.checkins})


def halves(days: Sequence) -> tuple[Sequence, Sequence] | None:
    """The first and last n // 2 days (an odd middle day belongs to neither).

    None when there are fewer than MIN_DAYS_TO_COMPARE_HALVES days.
    """
    if len(days) < MIN_DAYS_TO_COMPARE_HALVES:
        return None
    half = len(days) // 2
    return days[:half], days[len(days) - half:]


def _glance(data: SummaryInput, days: list[DayRecord]) -> Glance:
    counted = {d.day for d in days}
    doses = [d for d in data.doses if d.day in counted]
    leaf = [d for d in doses if d.form.is_leaf]
    concentrate = [d for d in doses if d.form.is_concentrate]
    use_days = sum(1 for d in days if d.doses)
    leaf_days = sum(1 for d in days if d.leaf_grams > 0)
    leaf_total = round(sum(d.leaf_grams for d in days), 1)
    split = halves(days)
    change = None
    if split:
        first, second = split
        change = HalfChange(
            len(first),
            sum(d.leaf_grams for d in first) / len(first),
            sum(d.leaf_grams for d in second) / len(second),
        )
    forms = _form_uses(doses)
    by_form = {f.form: f for f in forms}
    warning = data.warning_days
    return Glance(
        days_counted=len(days),
        use_days=use_days,
        leaf_days=leaf_days,
        checkin_days=sum(1 for d in days if d.checked_in),
        leaf_total=leaf_total,
        leaf_per_use_day=leaf_total / leaf_days if leaf_days else None,
        leaf_per_calendar_day=leaf_total / len(days) if days else None,
        doses_total=len(doses),
        doses_per_use_day=len(doses) / use_days if use_days else None,
        days_with_many_doses=sum(1 for d in days if d.doses >= MANY_DOSES_PER_DAY),
        large_leaf_doses=sum(1 for d in leaf if d.grams >= LARGE_DOSE_GRAMS),
        largest_dose=_largest(leaf),
        largest_concentrate_dose=_largest(concentrate),
        change=change,
        forms=forms,
        products=_product_uses(doses),
        extract=by_form.get(Form.EXTRACT),
        seven_oh=by_form.get(Form.SEVEN_OH),
        warning_evaluated=warning is not None,
        warning_spans=warning_spans(
            [(d, r) for d, r in (warning or ()) if d in counted]
        ),
    )


def _largest(doses: list[Dose]) -> Dose | None:
    # The first of equal doses: the date a clinician would look for.
    best = None
    for dose in doses:
        if best is None or dose.grams > best.grams:
            best = dose
    return best


def _form_uses(doses: list[Dose]) -> list[FormUse]:
    days: dict[Form, set] = {}
    count: dict[Form, int] = {}
    tenths: dict[Form, int] = {}
    for d in doses:
        days.setdefault(d.form, set()).add(d.day)
        count[d.form] = count.get(d.form, 0) + 1
        tenths[d.form] = tenths.get(d.form, 0) + round(d.grams * 10)
    uses = [FormUse(f, len(days[f]), count[f], tenths[f] / 10) for f in days]
    order = list(Form)
    return sorted(uses, key=lambda u: (-u.days, order.index(u.form)))


def _product_uses(doses: list[Dose]) -> list[ProductUse]:
    days: dict[str, set] = {}
    count: dict[str, int] = {}
    for d in doses:
        if d.product:
            days.setdefault(d.product, set()).add(d.day)
            count[d.product] = count.get(d.product, 0) + 1
    uses = [ProductUse(p, len(days[p]), count[p]) for p in days]
    return sorted(uses, key=lambda u: (-u.days, u.name.casefold()))


def warning_spans(days: Sequence[tuple[dt.date, str]]) -> list[WarningSpan]:
    """Compress warning days into runs of consecutive dates."""
    spans: list[WarningSpan] = []
    for day, reason in sorted(dict(days).items()):
        if spans and day - spans[-1].end == dt.timedelta(days=1):
            spans[-1] = WarningSpan(spans[-1].start, day, reason)
        else:
            spans.append(WarningSpan(day, day, reason))
    return spans


def _pain(data: SummaryInput, days: list[DayRecord]) -> PainSummary:
    rated = [d.pain for d in days if d.pain is not None]
    first_weeks = last_weeks = None
    if len(days) >= 2 * PAIN_PERIOD_DAYS:
        first_weeks = _period_pain(days[:PAIN_PERIOD_DAYS])
        last_weeks = _period_pain(days[-PAIN_PERIOD_DAYS:])
    return PainSummary(
        rated_days=len(rated),
        mean=statistics.fmean(rated) if rated else None,
        lowest=min(rated) if rated else None,
        highest=max(rated) if rated else None,
        first_weeks=first_weeks,
        last_weeks=last_weeks,
        peg=sorted((d, float(s)) for d, s in _in_range(data.peg, data.start, data.end)),
    )


def _period_pain(days: list[DayRecord]) -> PeriodPain:
    rated = [d.pain for d in days if d.pain is not None]
    return PeriodPain(days[0].day, days[-1].day, len(rated),
                      statistics.fmean(rated) if rated else None)


def _side_effects(days: list[DayRecord]) -> list[SideEffectRow]:
    names: dict[str, str] = {}  # casefolded -> first spelling seen
    for d in days:
        for name, rating in d.ratings:
            if rating >= 1:
                names.setdefault(name.casefold(), name)
    split = halves(days)
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
        ))
    return sorted(rows, key=lambda r: (-r.days_reported, -r.worst, r.name.casefold()))


def _rating(day: DayRecord, key: str) -> int:
    for name, rating in day.ratings:
        if name.casefold() == key:
            return rating
    return 0
