"""Page 1's key points: at most six lines a clinician reads first, each a fact with its figure.

Plain Python. Every line is made here, once, from figures the summary computes
(core.summary.now, .glance, .warning_facts), so the page and ``report --format
json`` say the same. Figures are per *logged* day (clinical.md, "Days with
nothing logged"). The lines, in order:

1. Use now: leaf grams per logged day, doses per day of use and forms over "Now"'s
   last 28 days of the range.
2. How long: days of use among the logged days of the last 183 days (the
   warning's ``regular_use_days``) and since when use has been near-daily.
   *Near-daily*: doses on at least 5 of every 7 logged days (the warning's
   "frequent", ``frequent_days`` of ``recent_days``) in a calendar month with at
   least NEAR_DAILY_MIN_LOGGED logged days. Walking back from the range's last
   month, months with fewer logged days are passed over (unknown is not "not
   near-daily"); the first month with enough logged days and less use ends the run.
3. Over a year: leaf grams per logged day over the range's last days (at most
   365) against the same dates a year (365 days) before, each needing at least
   half its days logged and at least TREND_MIN_LOGGED_DAYS; otherwise "not
   enough logged a year before".
4. Other substances (co-use) and naloxone: ``co_use_point``, the one place
   that line is made, from lines it is given.
5. Red flags.
6. Dependence signs: the latest SDS and the withdrawal-type symptoms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from kratomtrack.core.amounts import mean_grams_digits, mean_grams_text
from kratomtrack.core.checkups import is_withdrawal_symptom
from kratomtrack.core.coverage import DayKind
from kratomtrack.core.daily import DayRecord, daily_totals
from kratomtrack.core.dates import date_text, month_year_text, span_text
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.warning.rule import regular_use_held
from kratomtrack.core.warning.settings import WarningSettings

KEY_POINTS_MAX = 6
NEAR_DAILY_MIN_LOGGED = 14
YEAR_DAYS = 365
TREND_MIN_LOGGED_DAYS = 7
RED_FLAGS_LISTED = 4


@dataclass(frozen=True)
class UseHistory:
    """The whole log up to the range's end: which days had a dose and which were logged."""

    first_day: dt.date | None
    use_days: frozenset[dt.date]
    logged_days: frozenset[dt.date]


@dataclass(frozen=True)
class KeyPoint:
    key: str
    label: str
    text: str
    figures: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class HowLong:
    """Use over the last ``window_days`` to the range's end, and near-daily since when."""

    window_start: dt.date  # the window's first day on or after the log's first day
    window_days: int  # the window's full length (183 by default)
    days_covered: int  # of them, on or after the log's first day
    logged: int
    use: int
    regular: bool | None  # the warning's "regular use for more than 6 months"; None: too few logged
    near_daily_since: dt.date | None  # the first day of the run's first month
    first_day: dt.date | None  # the log's first day
    run_reaches_log_start: bool  # no month with enough logged days before the run


@dataclass(frozen=True)
class YearTrend:
    start: dt.date
    end: dt.date
    logged: int
    before_start: dt.date
    before_end: dt.date
    before_logged: int
    leaf: Fraction | None  # leaf grams per logged day, to one decimal as printed; None: not enough logged
    before_leaf: Fraction | None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def judged(self) -> bool:
        return self.leaf is not None and self.before_leaf is not None

    @property
    def percent(self) -> Fraction | None:
        if not self.judged or self.before_leaf == 0:
            return None
        return (self.leaf - self.before_leaf) / self.before_leaf * 100


# --- the figures ---------------------------------------------------------------------


def how_long(history: UseHistory, end: dt.date, settings: WarningSettings) -> HowLong:
    window = settings.regular_use_days
    start = end - dt.timedelta(days=window - 1)
    first = history.first_day
    counted_from = start if first is None else max(start, first)
    covered = max(0, (end - counted_from).days + 1)
    days = [counted_from + dt.timedelta(days=i) for i in range(covered)]
    logged = sum(1 for d in days if d in history.logged_days or d in history.use_days)
    use = sum(1 for d in days if d in history.use_days)
    began_before = first is not None and first < start
    regular = regular_use_held(use, logged, began_before, settings)
    judged = began_before and logged >= max(settings.regular_use_min_logged, 1)
    since, reaches = _near_daily_since(history, end, settings)
    return HowLong(counted_from, window, covered, logged, use, regular if judged else None, since, first, reaches)


def _near_daily_since(history: UseHistory, end: dt.date, s: WarningSettings) -> tuple[dt.date | None, bool]:
    """The first month of the run of near-daily months up to ``end``'s month (module doc)."""
    if history.first_day is None:
        return None, False
    since = None
    month = end.replace(day=1)
    while month >= history.first_day.replace(day=1):
        last = min(_month_end(month), end)
        days = [month + dt.timedelta(days=i) for i in range((last - month).days + 1) if month + dt.timedelta(days=i) >= history.first_day]
        logged = sum(1 for d in days if d in history.logged_days or d in history.use_days)
        use = sum(1 for d in days if d in history.use_days)
        if logged >= NEAR_DAILY_MIN_LOGGED:
            if use * s.recent_days < s.frequent_days * logged:
                return since, False
            since = month
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return since, since is not None


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def year_trend(days: Sequence[DayRecord], kinds: Mapping[dt.date, DayKind], end: dt.date, range_days: int,
               before_doses: Iterable[Dose], history: UseHistory) -> YearTrend:
    length = min(range_days, YEAR_DAYS)
    start = end - dt.timedelta(days=length - 1)
    year = dt.timedelta(days=YEAR_DAYS)
    now_days = [d for d in days if start <= d.day <= end and kinds[d.day].logged]
    totals = daily_totals(d for d in before_doses if start - year <= d.day <= end - year)
    before_logged = [start - year + dt.timedelta(days=i) for i in range(length)]
    before_logged = [d for d in before_logged if d in history.logged_days or d in totals]
    return YearTrend(
        start, end, len(now_days), start - year, end - year, len(before_logged),
        _enough_mean(sum(d.leaf_mg for d in now_days), len(now_days), length),
        _enough_mean(sum(t.leaf_mg for t in totals.values()), len(before_logged), length))


def _enough_mean(mg: int, logged: int, days: int) -> Fraction | None:
    """Leaf grams per logged day to one decimal (as printed); None when fewer than
    half the days or TREND_MIN_LOGGED_DAYS are logged."""
    if logged < TREND_MIN_LOGGED_DAYS or 2 * logged < days:
        return None
    return Fraction(mean_grams_digits(Fraction(mg, logged * 1000)))


# --- the lines -----------------------------------------------------------------------


def use_now_point(recent, recent_doses: Sequence[Dose]) -> KeyPoint:
    """Line 1 from "Now"'s recent Period (core.summary.now) and its doses."""
    forms: dict[Form, set] = {}
    for dose in recent_doses:
        forms.setdefault(dose.form, set()).add(dose.day)
    order = list(Form)
    listed = sorted(forms, key=lambda f: (-len(forms[f]), order.index(f)))
    span = span_text(recent.start, recent.end)
    if not recent.counts.logged:
        text = f"nothing logged over {span}"
    else:
        per_use = ("" if recent.doses_per_use_day is None
                   else f", {float(recent.doses_per_use_day):.1f} doses per day of use")
        text = f"{mean_grams_text(recent.leaf_per_logged_day)} leaf per logged day{per_use}, {span}"
        if listed:
            text += "; " + ", ".join(f"{f.label} {len(forms[f])} {'day' if len(forms[f]) == 1 else 'days'}"
                                     for f in listed)
    return KeyPoint("use_now", f"Use, last {recent.counts.days} days", text, {
        "start": recent.start, "end": recent.end, "days": recent.counts.days,
        "logged_days": recent.counts.logged, "use_days": recent.counts.use,
        "leaf_grams_per_logged_day": recent.leaf_per_logged_day,
        "doses_per_use_day": recent.doses_per_use_day,
        "forms": {f.value: len(forms[f]) for f in listed}})


def how_long_point(h: HowLong, end: dt.date) -> KeyPoint:
    if h.first_day is None or h.days_covered == 0:
        text = "nothing logged up to the end of this range"
    else:
        if h.days_covered < h.window_days:
            text = (f"used on {h.use} of {h.logged} logged days since the log began on "
                    f"{date_text(h.first_day)} ({h.days_covered} days)")
        else:
            text = f"used on {_of_logged(h.use, h.logged, h.window_days, end)}"
        if h.near_daily_since is not None:
            text += f"; near-daily since {month_year_text(h.near_daily_since)}"
            if h.run_reaches_log_start:
                text += f" (the log begins {date_text(h.first_day)})"
    return KeyPoint("how_long", "How long", text, {
        "window_start": h.window_start, "window_days": h.window_days, "days_covered": h.days_covered,
        "logged_days": h.logged, "use_days": h.use, "regular_use": h.regular,
        "near_daily_since": h.near_daily_since, "log_first_day": h.first_day,
        "run_reaches_log_start": h.run_reaches_log_start})


def _of_logged(use: int, logged: int, days: int, end: dt.date | None = None) -> str:
    """ "175 of the last 183 days (all logged)" or "170 of the 175 logged days of the last 183"
    (with "to 20 Nov 2026" after the days when ``end`` is given)."""
    to = f" to {date_text(end)}" if end else ""
    if logged == days:
        return f"{use} of the last {days} days{to} (all logged)"
    return f"{use} of the {logged} logged days of the last {days}{to}"


def trend_point(t: YearTrend) -> KeyPoint:
    now = f"{span_text(t.start, t.end)}"
    if t.leaf is None:
        text = f"not enough logged in {now} to compare ({t.logged} of {t.days} days logged)"
    elif t.before_leaf is None:
        text = (f"{mean_grams_digits(t.leaf)} g leaf per logged day over {now}; not enough logged a year "
                f"before ({t.before_logged} of {t.days} days logged, {span_text(t.before_start, t.before_end)})")
    else:
        change = "" if t.percent is None else f": {_signed_percent(t.percent)}"
        text = (f"{mean_grams_digits(t.leaf)} g leaf per logged day over {now} against "
                f"{mean_grams_digits(t.before_leaf)} g a year before ({span_text(t.before_start, t.before_end)})"
                f"{change}")
    return KeyPoint("year_trend", "Against a year before", text, {
        "start": t.start, "end": t.end, "logged_days": t.logged, "leaf_grams_per_logged_day": t.leaf,
        "before_start": t.before_start, "before_end": t.before_end, "before_logged_days": t.before_logged,
        "before_leaf_grams_per_logged_day": t.before_leaf, "percent": t.percent})


def _signed_percent(value: Fraction) -> str:
    shown = round(value)
    return f"{'+' if shown > 0 else '−' if shown < 0 else ''}{abs(shown)}%"


def also_take_lines(also_take: Sequence[str], made_on: dt.date) -> list[str]:
    """Today's "I also take" setting as lines for ``co_use_point`` (undated answers:
    the setting as it is on the day the summary is made)."""
    setting = f"the patient's \u201cI also take\u201d setting on {date_text(made_on)}"
    if not also_take:
        return [f"nothing ticked in {setting}"]
    return [f"{', '.join(also_take)} ({setting})"]


def co_use_point(lines: Sequence[str]) -> KeyPoint:
    """The one place the co-use (and naloxone) line is made, from complete, dated lines."""
    lines = [line for line in lines if line.strip()]
    return KeyPoint("co_use", "Other substances", "; ".join(lines) if lines else "none recorded",
                    {"lines": list(lines)})


def red_flag_point(flags) -> KeyPoint:
    """From the flag box (core.summary.now.Flags): emergency signs first, then liver, newest first."""
    items = [("emergency", d, f) for d, f in flags.emergency] + [("liver", d, f) for d, f in flags.liver]
    if not items:
        text = "none logged in this range"
    else:
        parts = []
        for kind, label in (("emergency", "emergency signs"), ("liver", "possible liver injury")):
            found = [(d, f) for k, d, f in items if k == kind]
            if found:
                shown = "; ".join(f"{f} {date_text(d)}" for d, f in found[:RED_FLAGS_LISTED])
                more = f"; and {len(found) - RED_FLAGS_LISTED} more" if len(found) > RED_FLAGS_LISTED else ""
                parts.append(f"{label}: {shown}{more}")
        text = " \u00b7 ".join(parts)
    return KeyPoint("red_flags", "Red flags", text, {
        "emergency": [(d, f) for d, f in flags.emergency], "liver": [(d, f) for d, f in flags.liver]})


def withdrawal_words(withdrawal, rated_days: int, logged_days: int) -> tuple[bool | None, str]:
    """Whether withdrawal-type symptoms were rated mild or worse, in words; None: never rated."""
    if withdrawal is not None:
        names = ", ".join(r.name for r in withdrawal.rows[:3])
        more = f" and {len(withdrawal.rows) - 3} more" if len(withdrawal.rows) > 3 else ""
        return True, (f"on {withdrawal.days_any} of {logged_days} logged days "
                      f"({names}{more})")
    if rated_days:
        return False, f"rated on {rated_days} days, never mild or worse"
    return None, "not rated in this range"


def withdrawal_rated_days(days: Sequence[DayRecord]) -> int:
    """Days on which any withdrawal-type symptom was rated (also as none)."""
    return sum(1 for d in days if any(is_withdrawal_symptom(name) for name, _ in d.ratings))


def dependence_point(sds: Sequence[tuple[dt.date, int]], threshold: int,
                     withdrawal_text: tuple[bool | None, str]) -> KeyPoint:
    if sds:
        day, total = sds[-1]
        sds_text = f"SDS {total} of 15 on {date_text(day)}"
        if len(sds) > 1:
            previous = sds[-2][1]
            trend = "up" if total > previous else "down" if total < previous else "unchanged"
            sds_text += f", {trend} from {previous} on {date_text(sds[-2][0])}"
        if total >= threshold:
            sds_text += f" ({threshold} or more: worth discussing; a cut-off not validated for kratom)"
    else:
        sds_text = "SDS not answered in this range"
    return KeyPoint("dependence_signs", "Dependence signs",
                    f"{sds_text} \u00b7 withdrawal-type symptoms {withdrawal_text[1]}",
                    {"sds_latest": sds[-1] if sds else None, "sds_threshold": threshold,
                     "withdrawal": withdrawal_text[0]})


def regular_words(h: HowLong) -> tuple[bool | None, str]:
    """The supporting fact "regular use for more than 6 months", in words, from how_long."""
    figures = f"used on {_of_logged(h.use, h.logged, h.window_days)}"
    if h.regular is None:
        if h.days_covered < h.window_days:
            return None, f"the log covers only {h.days_covered} of the last {h.window_days} days"
        return None, f"{figures}: too few logged to say"
    return h.regular, ("yes: " if h.regular else "no: ") + figures


def doses_in(doses: Iterable[Dose], start: dt.date, end: dt.date,
             counted: Collection[dt.date] | None = None) -> list[Dose]:
    return [d for d in doses if start <= d.day <= end and (counted is None or d.day in counted)]


# clinical.md, "For the doctor" (Prozialeck et al. 2020): the coverage line, once near the top.
EXPOSURE_CAVEAT = ("grams as weighed by the patient; alkaloid content varies between products, "
                   "so grams are not a measure of exposure")


@dataclass(frozen=True)
class Coverage:
    days: int  # the counted days (from the first record or the range's start)
    logged: int

    @property
    def text(self) -> str:
        unknown = self.days - self.logged
        left_out = ("" if not unknown else
                    f"; the {unknown} {'day' if unknown == 1 else 'days'} with nothing logged "
                    f"{'is' if unknown == 1 else 'are'} left out of every average and count")
        return (f"{self.logged} of {self.days} {'day' if self.days == 1 else 'days'} logged (a dose, a "
                f"check-in or a \u201cno kratom\u201d mark){left_out}; figures are per logged day, and a "
                f"logged day without a dose counts as a day without kratom. {EXPOSURE_CAVEAT[0].upper()}"
                f"{EXPOSURE_CAVEAT[1:]}.")
