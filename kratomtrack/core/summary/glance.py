"""The range's use figures ("The range in figures"), computed once.

Plain Python (no Qt, no SQL), split from core.summary.build (which assembles the
Summary). Health rules come from docs/health-content.md ("What the summary
tells a doctor"): leaf grams never include extract or 7-OH product grams;
"3 or more servings a day" is Singh 2014/2019's convention; the large single
dose is the person's warning setting ``large_dose_grams`` (Grundmann 2017).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from kratomtrack.core.amounts import mean_grams_digits
from kratomtrack.core.coverage import mean_per_logged_day
from kratomtrack.core.daily import DayRecord
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.summary.now import Counted, DayCounts, Kinds, grams_per_logged_day
from kratomtrack.core.warning.settings import WarningSettings, exact


# Halves shorter than this say little; below it no "change" is stated.
MIN_DAYS_TO_COMPARE_HALVES = 14
# A half's leaf grams per logged day is compared only when the half has at
# least this many logged days: below a week's worth a few days decide the
# mean, and a half that is mostly a gap says nothing about a change (a gap is
# not a fall, clinical.md "Days with nothing logged"). Seven is also what a
# 14-day range needs in each half, so every comparison rests on a week or more.
MIN_LOGGED_DAYS_PER_HALF = 7

# docs/health-content.md, "Facts the app rests on" (Singh 2014/2019): three or
# more servings a day. (The large single dose and the SDS cut-off are the
# warning settings' large_dose_grams and sds_threshold.)
MANY_DOSES_PER_DAY = 3


def shown_mean(grams: Fraction | None) -> Fraction | None:
    """A mean as the summary prints it (one decimal, core.amounts), exactly, so
    that changes computed from it agree with the printed numbers."""
    return None if grams is None else Fraction(mean_grams_digits(grams))


@dataclass(frozen=True)
class HalfChange:
    """Mean leaf grams per *logged* day in the first and second half of the counted days.

    ``first`` and ``second`` are exact, None when that half has fewer than
    MIN_LOGGED_DAYS_PER_HALF logged days (then no change is stated). The
    percent is computed from the printed means so that the numbers on paper
    agree ("3.4 -> 6.4" says +88%).
    """

    days_per_half: int  # calendar days in each half
    first_logged: int
    second_logged: int
    first: Fraction | None
    second: Fraction | None

    @property
    def judged(self) -> bool:
        return self.first is not None and self.second is not None

    @property
    def first_shown(self) -> Fraction | None:
        return shown_mean(self.first)

    @property
    def second_shown(self) -> Fraction | None:
        return shown_mean(self.second)

    @property
    def percent(self) -> Fraction | None:
        """Change from the printed first-half mean in percent; None when not judged or that mean is 0."""
        if not self.judged or self.first_shown == 0:
            return None
        return (self.second_shown - self.first_shown) / self.first_shown * 100

    @classmethod
    def of(cls, first: Sequence[DayRecord], second: Sequence[DayRecord], kinds: Kinds) -> HalfChange:
        means = []
        logged = []
        for half in (first, second):
            n = DayCounts.of(kinds[d.day] for d in half).logged
            logged.append(n)
            means.append(grams_per_logged_day(sum(d.leaf_mg for d in half), n)
                         if n >= MIN_LOGGED_DAYS_PER_HALF else None)
        return cls(len(first), logged[0], logged[1], means[0], means[1])


@dataclass(frozen=True)
class FormUse:
    form: Form
    days: int
    doses: int
    total_mg: int


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
class Glance(Counted):
    """The range's figures. Means are per *logged* day (one denominator), None
    when no day is logged; amounts are whole milligrams."""

    counts: DayCounts  # the counted days by kind
    leaf_days: int
    checkin_days: int
    leaf_total_mg: int
    leaf_per_logged_day: Fraction | None  # leaf grams over logged days
    doses_total: int
    doses_per_logged_day: Fraction | None  # doses (every form) over logged days
    days_with_many_doses: int  # MANY_DOSES_PER_DAY or more
    large_leaf_doses: int  # the settings' large_dose_grams or more
    # The largest single dose of each kind apart: leaf and extract in grams,
    # a 7-OH product in milligrams; never ranked against each other.
    largest_leaf_dose: Dose | None
    largest_extract_dose: Dose | None
    largest_seven_oh_dose: Dose | None
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


def halves(days: Sequence) -> tuple[Sequence, Sequence] | None:
    """The first and last n // 2 days (an odd middle day belongs to neither).

    None when there are fewer than MIN_DAYS_TO_COMPARE_HALVES days.
    """
    if len(days) < MIN_DAYS_TO_COMPARE_HALVES:
        return None
    half = len(days) // 2
    return days[:half], days[len(days) - half:]



def glance(doses_given: Sequence[Dose], settings: WarningSettings,
           warning_days: Sequence[tuple[dt.date, str]] | None,
           days: list[DayRecord], kinds: Kinds) -> Glance:
    """The range's figures over the counted ``days``; ``warning_days`` None: not evaluated."""
    counted = {d.day for d in days}
    doses = [d for d in doses_given if d.day in counted]
    counts = DayCounts.of(kinds[d.day] for d in days)
    leaf_total_mg = sum(d.leaf_mg for d in days)
    doses_total = sum(d.doses for d in days)
    split = halves(days)
    large_mg = exact(settings.large_dose_grams) * 1000
    forms = _form_uses(doses)
    by_form = {f.form: f for f in forms}
    return Glance(
        counts=counts,
        leaf_days=sum(1 for d in days if d.leaf_mg > 0),
        checkin_days=sum(1 for d in days if d.checked_in),
        leaf_total_mg=leaf_total_mg,
        leaf_per_logged_day=grams_per_logged_day(leaf_total_mg, counts.logged),
        doses_total=doses_total,
        doses_per_logged_day=mean_per_logged_day(doses_total, counts.logged),
        days_with_many_doses=sum(1 for d in days if d.doses >= MANY_DOSES_PER_DAY),
        large_leaf_doses=sum(1 for d in doses if d.form.is_leaf and d.milligrams >= large_mg),
        largest_leaf_dose=_largest(d for d in doses if d.form.is_leaf),
        largest_extract_dose=_largest(d for d in doses if d.form is Form.EXTRACT),
        largest_seven_oh_dose=_largest(d for d in doses if d.form is Form.SEVEN_OH),
        change=HalfChange.of(*split, kinds) if split else None,
        forms=forms,
        products=_product_uses(doses),
        extract=by_form.get(Form.EXTRACT),
        seven_oh=by_form.get(Form.SEVEN_OH),
        warning_evaluated=warning_days is not None,
        warning_spans=warning_spans([(d, r) for d, r in (warning_days or ()) if d in counted]),
    )


def _largest(doses) -> Dose | None:
    # The first of equal doses: the date a clinician would look for.
    best = None
    for dose in doses:
        if best is None or dose.milligrams > best.milligrams:
            best = dose
    return best


def _form_uses(doses: list[Dose]) -> list[FormUse]:
    days: dict[Form, set] = {}
    count: dict[Form, int] = {}
    mg: dict[Form, int] = {}
    for d in doses:
        days.setdefault(d.form, set()).add(d.day)
        count[d.form] = count.get(d.form, 0) + 1
        mg[d.form] = mg.get(d.form, 0) + d.milligrams
    uses = [FormUse(f, len(days[f]), count[f], mg[f]) for f in days]
    order = list(Form)
    return sorted(uses, key=lambda u: (-u.days, order.index(u.form)))


def _product_uses(doses: list[Dose]) -> list[ProductUse]:
    """Products grouped regardless of case ("red bali" is "Red Bali"), shown in
    the spelling used most (the first seen of equally used spellings)."""
    days: dict[str, set] = {}
    count: dict[str, int] = {}
    spellings: dict[str, dict[str, int]] = {}
    for d in doses:
        name = d.product.strip()
        if name:
            key = name.casefold()
            days.setdefault(key, set()).add(d.day)
            count[key] = count.get(key, 0) + 1
            used = spellings.setdefault(key, {})
            used[name] = used.get(name, 0) + 1
    uses = [ProductUse(max(spellings[k], key=spellings[k].__getitem__), len(days[k]), count[k])
            for k in days]
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
