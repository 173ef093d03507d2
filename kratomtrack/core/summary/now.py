"""Page 1's "Now", its flag box and the withdrawal-type symptoms, computed once.

Plain Python. Sources: docs/health-content.md ("For the doctor", "Red flags",
"Withdrawal-type symptoms", "Logging coverage"). Figures per *logged* day
(clinical.md, "Days with nothing logged"): a day is logged when it has a dose,
a check-in or a "no kratom" mark; a day with nothing logged is unknown, left
out of every mean and count, never counted as a day without kratom. What a
day is comes from core.coverage (``DayKind``), decided once in core.summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from kratomtrack.core.checkups import EMERGENCY, LIVER, RED_FLAGS_BY_KEY, is_withdrawal_symptom
from kratomtrack.core.coverage import DayKind, mean_per_logged_day
from kratomtrack.core.daily import DayRecord
from kratomtrack.core.records import Form
from kratomtrack.core.safety import ALSO_TAKE

# "Now" compares the last NOW_DAYS days with the NOW_DAYS before (a convention).
NOW_DAYS = 28
# "Also takes" items on page 1's flag box (core.safety.ALSO_TAKE keys).
SEDATING = ("opioids", "benzodiazepines", "alcohol", "sedatives")


@dataclass(frozen=True)
class DayCounts:
    """How many days of a stretch are of each kind: every "N of M days logged"
    of the summary is counted here, once."""

    days: int  # calendar days
    use: int  # a dose
    no_kratom: int  # marked "no kratom" by the person
    no_dose: int  # a check-in but no dose: a day without kratom, not a mark

    @property
    def logged(self) -> int:
        return self.use + self.no_kratom + self.no_dose

    @property
    def unknown(self) -> int:
        return self.days - self.logged

    @property
    def without_kratom(self) -> int:
        return self.no_kratom + self.no_dose

    @classmethod
    def of(cls, kinds: Iterable[DayKind]) -> DayCounts:
        kinds = list(kinds)
        return cls(len(kinds), kinds.count(DayKind.USE), kinds.count(DayKind.NO_KRATOM),
                   kinds.count(DayKind.NO_DOSE))


class Counted:
    """The day counts of a figure that holds ``counts`` (a DayCounts), by their usual names."""

    @property
    def days_counted(self) -> int:
        return self.counts.days

    @property
    def logged_days(self) -> int:
        return self.counts.logged

    @property
    def use_days(self) -> int:
        return self.counts.use


def grams_per_logged_day(mg: int, logged: int) -> Fraction | None:
    """Exact grams per logged day from whole milligrams; None without a logged day."""
    mean = mean_per_logged_day(mg, logged)
    return None if mean is None else mean / 1000


@dataclass(frozen=True)
class Period(Counted):
    """One stretch of days: use figures over its logged days."""

    start: dt.date
    end: dt.date
    counts: DayCounts
    leaf_per_logged_day: Fraction | None  # leaf grams over logged days; None: none logged
    doses_per_logged_day: Fraction | None
    pain_mean: float | None
    pain_days: int
    # Doses over the days of use (Singh's "servings a day"; the key points' "Use now").
    doses_per_use_day: Fraction | None = None


@dataclass(frozen=True)
class NowFigures:
    recent: Period
    before: Period | None  # None when the counted days do not reach back that far
    peg_first: tuple[dt.date, float] | None
    peg_latest: tuple[dt.date, float] | None
    sds_latest: tuple[dt.date, int] | None
    sds_previous: tuple[dt.date, int] | None
    warning_evaluated: bool
    # The warning is on at the end of the range, since this day, counted through days
    # with nothing logged (core.summary.warning_facts.on_since).
    warning_on_since: dt.date | None


@dataclass(frozen=True)
class Flags:
    """Page 1's flag box. Red flags newest first, split as in "Red flags"."""

    emergency: list[tuple[dt.date, str]]
    liver: list[tuple[dt.date, str]]
    also_takes: list[str]  # the sedating items ticked under "I also take" (labels)
    extract_days: int
    seven_oh_days: int
    sds_at_or_above: list[tuple[dt.date, int]]  # newest first
    sds_threshold: int

    @property
    def any(self) -> bool:
        return bool(self.emergency or self.liver or self.also_takes or self.extract_days
                    or self.seven_oh_days or self.sds_at_or_above)


@dataclass(frozen=True)
class WithdrawalRow:
    name: str
    days_rated: int  # rated mild or worse
    worst: int


@dataclass(frozen=True)
class Withdrawal:
    rows: list[WithdrawalRow]
    days_any: int  # days with any withdrawal-type symptom rated mild or worse
    # Of those days, how many follow a logged day without use, and how many of
    # all logged days follow one (descriptive, for comparison).
    days_any_after_no_use: int
    logged_days_after_no_use: int
    logged_days: int


Kinds = Mapping[dt.date, DayKind]  # what each counted day is (core.summary.build decides it once)


def period(days: Sequence[DayRecord], kinds: Kinds) -> Period:
    """Use figures over the logged days of ``days`` (an unknown day adds nothing, not 0)."""
    counts = DayCounts.of(kinds[d.day] for d in days)
    pain = [d.pain for d in days if d.pain is not None]
    return Period(
        start=days[0].day, end=days[-1].day, counts=counts,
        leaf_per_logged_day=grams_per_logged_day(sum(d.leaf_mg for d in days), counts.logged),
        doses_per_logged_day=mean_per_logged_day(sum(d.doses for d in days), counts.logged),
        pain_mean=sum(pain) / len(pain) if pain else None, pain_days=len(pain),
        doses_per_use_day=mean_per_logged_day(sum(d.doses for d in days), counts.use),
    )


def now_figures(days: Sequence[DayRecord], kinds: Kinds, peg: Sequence[tuple[dt.date, float]],
                sds: Sequence[tuple[dt.date, int]], warning_on_since: dt.date | None,
                warning_evaluated: bool) -> NowFigures | None:
    """The last NOW_DAYS counted days against the NOW_DAYS before; None with no counted days."""
    if not days:
        return None
    recent = days[-NOW_DAYS:]
    earlier = days[-2 * NOW_DAYS:-NOW_DAYS] if len(days) >= 2 * NOW_DAYS else ()
    return NowFigures(
        recent=period(recent, kinds),
        before=period(earlier, kinds) if earlier else None,
        peg_first=tuple(peg[0]) if peg else None,
        peg_latest=tuple(peg[-1]) if len(peg) > 1 else None,
        sds_latest=tuple(sds[-1]) if sds else None,
        sds_previous=tuple(sds[-2]) if len(sds) > 1 else None,
        warning_evaluated=warning_evaluated,
        warning_on_since=warning_on_since,
    )


def flags(red_flags: Sequence[tuple[dt.date, str]], also_take: Sequence[str], forms, sds: Sequence[tuple[dt.date, int]], sds_threshold: int) -> Flags:
    newest = sorted(red_flags, key=lambda item: item[0], reverse=True)

    def kind_of(flag: str) -> str | None:
        found = RED_FLAGS_BY_KEY.get(flag.casefold())
        return found.kind if found else None

    by_form = {f.form: f for f in forms}
    return Flags(
        emergency=[(d, f) for d, f in newest if kind_of(f) == EMERGENCY],
        liver=[(d, f) for d, f in newest if kind_of(f) == LIVER],
        also_takes=[ALSO_TAKE[k] for k in SEDATING if ALSO_TAKE[k] in also_take],
        extract_days=by_form[Form.EXTRACT].days if Form.EXTRACT in by_form else 0,
        seven_oh_days=by_form[Form.SEVEN_OH].days if Form.SEVEN_OH in by_form else 0,
        sds_at_or_above=sorted(((d, t) for d, t in sds if t >= sds_threshold), reverse=True),
        sds_threshold=sds_threshold,
    )


def withdrawal(days: Sequence[DayRecord], kinds: Kinds) -> Withdrawal | None:
    """Withdrawal-type symptoms rated in the range; None when none was rated mild or worse."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    worst: dict[str, int] = {}
    any_days: set[dt.date] = set()
    for d in days:
        for name, rating in d.ratings:
            if rating >= 1 and is_withdrawal_symptom(name):
                key = name.casefold()
                names.setdefault(key, name)
                counts[key] = counts.get(key, 0) + 1
                worst[key] = max(worst.get(key, 0), rating)
                any_days.add(d.day)
    if not names:
        return None
    logged = {d.day: d for d in days if kinds[d.day].logged}
    after_no_use = {day for day in logged
                    if (prev := logged.get(day - dt.timedelta(days=1))) is not None and not prev.doses}
    rows = sorted((WithdrawalRow(names[k], counts[k], worst[k]) for k in names),
                  key=lambda r: (-r.days_rated, -r.worst, r.name.casefold()))
    return Withdrawal(rows, len(any_days), len(any_days & after_no_use), len(after_no_use), len(logged))


# Above these range lengths the summary's table has a row per month, or per year.
MONTH_ROWS_ABOVE_DAYS = 183
YEAR_ROWS_ABOVE_DAYS = 3 * 365


def table_periods(days: Sequence[DayRecord], kinds: Kinds, range_days: int) -> list[Period] | None:
    """The table's rows for a long range: one Period a month or a year; None: a row a day."""
    if range_days <= MONTH_ROWS_ABOVE_DAYS or not days:
        return None
    by_year = range_days > YEAR_ROWS_ABOVE_DAYS
    groups: dict[tuple, list[DayRecord]] = {}
    for d in days:
        groups.setdefault((d.day.year,) if by_year else (d.day.year, d.day.month), []).append(d)
    return [period(group, kinds) for group in groups.values()]
