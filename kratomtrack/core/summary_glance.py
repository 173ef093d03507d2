"""Page 1's "At a glance": the range's use figures, computed once.

Plain Python (no Qt, no SQL), split from core.summary (which assembles the
Summary). Health rules come from docs/health-content.md ("What the summary
tells a doctor"): leaf grams never include extract or 7-OH product grams;
"3 or more servings a day" is Singh 2014/2019's convention; the large single
dose is the person's warning setting ``large_dose_grams`` (Grundmann 2017).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kratomtrack.core.daily import DayRecord
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.summary_now import is_logged
from kratomtrack.core.warning.settings import WarningSettings, exact


# Halves shorter than this say little; below it no "change" is stated.
MIN_DAYS_TO_COMPARE_HALVES = 14
# A side effect is "more often" or "less often" when its day count changes

# docs/health-content.md, "Facts the app rests on" (Singh 2014/2019): three or
# more servings a day. (The large single dose and the SDS cut-off are the
# warning settings' large_dose_grams and sds_threshold.)
MANY_DOSES_PER_DAY = 3
# Means are printed with this many decimals; changes in percent are computed
# from the means as printed, so the printed numbers agree with each other.
MEAN_DECIMALS = 1

@dataclass(frozen=True)
class HalfChange:
    """Mean leaf grams per calendar day in the first and second half of the counted days.

    ``first`` and ``second`` are exact; the report prints them rounded to
    MEAN_DECIMALS, and the percent is computed from the printed means so that
    the numbers on paper agree ("3.4 -> 6.4" says +88%).
    """

    days_per_half: int
    first: float
    second: float

    @property
    def first_shown(self) -> float:
        return round(self.first, MEAN_DECIMALS)

    @property
    def second_shown(self) -> float:
        return round(self.second, MEAN_DECIMALS)

    @property
    def percent(self) -> float | None:
        """Change from the printed first-half mean in percent; None when it is 0."""
        if self.first_shown == 0:
            return None
        return (self.second_shown - self.first_shown) / self.first_shown * 100

    @classmethod
    def of(cls, first: Sequence[DayRecord], second: Sequence[DayRecord]) -> HalfChange:
        return cls(len(first), sum(d.leaf_mg for d in first) / 1000 / len(first),
                   sum(d.leaf_mg for d in second) / 1000 / len(second))


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
    leaf_per_use_day: float | None  # leaf grams over the days on which leaf was taken
    leaf_per_calendar_day: float | None
    doses_total: int
    doses_per_use_day: float | None  # doses over the days with any use (every form)
    days_with_many_doses: int  # MANY_DOSES_PER_DAY or more
    large_leaf_doses: int  # the settings' large_dose_grams or more
    largest_dose: Dose | None  # the largest leaf dose
    largest_concentrate_dose: Dose | None  # the largest extract or 7-OH dose
    change: HalfChange | None
    forms: list[FormUse]
    products: list[ProductUse]
    extract: FormUse | None
    seven_oh: FormUse | None
    warning_evaluated: bool
    warning_spans: list[WarningSpan]
    # Days with a dose, a check-in or a "no kratom today" mark; the rest are
    # unlogged, never counted as days without use.
    logged_days: int = 0

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
          days: list[DayRecord], no_use: set[dt.date]) -> Glance:
    """The range's figures over the counted ``days``; ``warning_days`` None: not evaluated."""
    counted = {d.day for d in days}
    doses = [d for d in doses_given if d.day in counted]
    leaf = [d for d in doses if d.form.is_leaf]
    concentrate = [d for d in doses if d.form.is_concentrate]
    use_days = sum(1 for d in days if d.doses)
    leaf_days = sum(1 for d in days if d.leaf_mg > 0)
    leaf_total = sum(d.leaf_mg for d in days) / 1000
    doses_total = sum(d.doses for d in days)
    split = halves(days)
    change = HalfChange.of(*split) if split else None
    large_mg = exact(settings.large_dose_grams) * 1000
    forms = _form_uses(doses)
    by_form = {f.form: f for f in forms}
    warning = warning_days
    return Glance(
        days_counted=len(days),
        use_days=use_days,
        leaf_days=leaf_days,
        checkin_days=sum(1 for d in days if d.checked_in),
        leaf_total=leaf_total,
        leaf_per_use_day=leaf_total / leaf_days if leaf_days else None,
        leaf_per_calendar_day=leaf_total / len(days) if days else None,
        doses_total=doses_total,
        doses_per_use_day=doses_total / use_days if use_days else None,
        days_with_many_doses=sum(1 for d in days if d.doses >= MANY_DOSES_PER_DAY),
        large_leaf_doses=sum(1 for d in leaf if d.milligrams >= large_mg),
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
        logged_days=sum(1 for d in days if is_logged(d, no_use)),
    )


def _largest(doses: list[Dose]) -> Dose | None:
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
    uses = [FormUse(f, len(days[f]), count[f], mg[f] / 1000) for f in days]
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
