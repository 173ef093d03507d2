"""The rule itself: evaluate_warning for one day, warning_history for many."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from fractions import Fraction

from kratomtrack.core.amounts import amount_text, mean_grams_digits
from kratomtrack.core.coverage import unknown_words
from kratomtrack.core.daily import daily_totals
from kratomtrack.core.dates import date_text
from kratomtrack.core.records import Dose
from kratomtrack.core.warning.results import (
    DOSES_PER_USE_DAY,
    FREQUENT,
    LARGE_DOSE,
    LONG_TERM,
    MANY_DOSES,
    NONE,
    REGULAR_USE,
    SDS_HIGH,
    SHORT_TERM,
    WARNING,
    WITHDRAWAL,
    Condition,
    Figures,
    SupportingLine,
    WarningDay,
    WarningResult,
    WindowFigures,
    rounded,
)
from kratomtrack.core.warning.settings import WarningSettings, exact
from kratomtrack.core.warning.words import months_words, span_words, this_window_words


def evaluate_warning(
    doses: Iterable[Dose],
    today: dt.date,
    *,
    logged_days: Collection[dt.date],
    settings: WarningSettings = WarningSettings(),
    first_day: dt.date | None = None,
    withdrawal_days: Mapping[dt.date, Collection[str]] | None = None,
    sds_scores: Mapping[dt.date, int] | None = None,
) -> WarningResult:
    """The warning on ``today`` for a log.

    ``doses`` may be the whole log or any part that covers the lookback
    (``lookback_days(settings)`` days up to today); doses after today are
    ignored. ``logged_days`` are the days of the lookback that hold a dose, a
    check-in or a "no kratom" mark (store.no_use.logged_days_between); a day
    with a dose is logged whether or not it is among them, and every other day
    is unknown: left out of every mean and count (clinical.md, "Days with
    nothing logged"). ``first_day`` is the first day of the log; without it,
    the first dose's or logged day. ``withdrawal_days`` maps days to the
    withdrawal-type symptoms logged that day; ``sds_scores`` maps days to SDS
    totals.
    """
    series = _Series(doses, logged_days, today - dt.timedelta(days=lookback_days(settings) - 1), today,
                     first_day)
    return _evaluate(series, today, settings, withdrawal_days or {}, sds_scores or {})


def lookback_days(settings: WarningSettings = WarningSettings()) -> int:
    """How many days up to today (included) the rule reads."""
    return max(settings.long_days, settings.regular_use_days)


def warning_history(
    doses: Iterable[Dose],
    start: dt.date,
    end: dt.date,
    *,
    logged_days: Collection[dt.date],
    settings: WarningSettings = WarningSettings(),
    first_day: dt.date | None = None,
    withdrawal_days: Mapping[dt.date, Collection[str]] | None = None,
    sds_scores: Mapping[dt.date, int] | None = None,
) -> list[WarningDay]:
    """The warning as it was on each day from start to end (for the doctor summary).

    Each day is judged as if it were "today", with the same rule and
    settings as evaluate_warning; ``logged_days`` must cover the lookback of
    ``start`` to ``end``.
    """
    if end < start:
        return []
    series = _Series(doses, logged_days, start - dt.timedelta(days=lookback_days(settings) - 1), end,
                     first_day)
    out = []
    for i in range((end - start).days + 1):
        day = start + dt.timedelta(days=i)
        result = _evaluate(series, day, settings, withdrawal_days or {}, sds_scores or {})
        out.append(WarningDay(day, result.level, result.held, result.summary, tuple(result.not_judged)))
    return out


class _Series:
    """Per-day totals from ``start`` to ``end`` with prefix sums, so any window is O(1)."""

    def __init__(self, doses: Iterable[Dose], logged_days: Collection[dt.date], start: dt.date,
                 end: dt.date, first_day: dt.date | None):
        n = (end - start).days + 1
        self.start = start
        leaf = [0] * n  # milligrams
        count = [0] * n
        logged = [0] * n
        self.largest = [0] * n  # largest single leaf dose, milligrams
        # Only the days from start are summed; of the doses before, only the first matters (the
        # log's first day). Ten years of doses are not all added up for the last half year's days.
        from_start = dt.datetime.combine(start, dt.time())
        last_moment = dt.datetime.combine(end, dt.time.max)
        first_before, in_range = None, []
        for dose in doses:
            moment = dose.taken_at
            if moment <= last_moment:
                if moment >= from_start:
                    in_range.append(dose)
                elif first_before is None or moment < first_before:
                    first_before = moment
        totals = daily_totals(in_range)
        earliest = [day for day in (first_day, first_before and first_before.date(),
                                    min(totals, default=None), min(logged_days, default=None))
                    if day is not None]
        for day in logged_days:
            if start <= day <= end:
                logged[(day - start).days] = 1
        for day, t in totals.items():
            i = (day - start).days
            count[i] = t.doses
            leaf[i] = t.leaf_mg
            logged[i] = 1  # a dose is a record, whatever was passed
            self.largest[i] = t.largest_leaf_mg
        self.first_day = min(earliest, default=None)  # a dose or a logged day is a record too
        self.leaf_sum = _prefix(leaf)
        self.dose_sum = _prefix(count)
        self.use_sum = _prefix([1 if c else 0 for c in count])
        self.logged_sum = _prefix(logged)

    def window(self, key: str, label: str, today: dt.date, first_back: int, last_back: int,
               needed: int) -> WindowFigures:
        """Days ``first_back``..``last_back`` before today, where day 1 is today."""
        end = today - dt.timedelta(days=first_back - 1)
        start = today - dt.timedelta(days=last_back - 1)
        counted_start = start if self.first_day is None else max(start, self.first_day)
        if self.first_day is None or counted_start > end:
            return WindowFigures(key, label, start, end, 0, 0, 0, 0, 0, needed)
        a = (counted_start - self.start).days
        b = (end - self.start).days + 1
        return WindowFigures(
            key, label, start, end, b - a,
            self.logged_sum[b] - self.logged_sum[a],
            self.use_sum[b] - self.use_sum[a],
            self.leaf_sum[b] - self.leaf_sum[a],
            self.dose_sum[b] - self.dose_sum[a],
            needed,
        )


def _prefix(values: list[int]) -> list[int]:
    out = [0] * (len(values) + 1)
    total = 0
    for i, v in enumerate(values):
        total += v
        out[i + 1] = total
    return out


def _evaluate(series: _Series, today: dt.date, s: WarningSettings,
              withdrawal: Mapping[dt.date, Collection[str]], sds: Mapping[dt.date, int]) -> WarningResult:
    recent = series.window("recent", f"the last {span_words(s.recent_days)}", today, 1, s.recent_days,
                           s.recent_min_logged)
    short_base = series.window("short_base", f"days {s.recent_days + 1}-{s.middle_days}",
                               today, s.recent_days + 1, s.middle_days, s.short_min_history)
    middle = series.window("middle", f"the last {span_words(s.middle_days)}", today, 1, s.middle_days,
                           s.middle_min_logged)
    long_base = series.window("long_base", f"days {s.middle_days + 1}-{s.long_days}",
                              today, s.middle_days + 1, s.long_days, s.long_min_history)
    figures = Figures(recent, short_base, middle, long_base)

    this = this_window_words(s.recent_days)
    # What was compared: only the days that have records (a young log has fewer).
    short_before = _before_words(short_base, s.middle_days - s.recent_days)
    long_before = _before_words(long_base, s.long_days - s.middle_days)

    used = f"used {recent.use_days} of the last {s.recent_days} days"
    if recent.unknown_days:
        used += f" ({unknown_words(recent.unknown_days, recent.days)})"
    frequent = Condition(
        FREQUENT, "Frequent use", recent.use_days >= s.frequent_days, True, used,
        {"use_days": recent.use_days, "days": s.recent_days, "needed": s.frequent_days,
         "unknown_days": recent.unknown_days},
    )
    short = _grams_condition(
        SHORT_TERM, "Rising over the short term", recent, short_base,
        f"average {{now}} g per logged day {this} vs {{then}} g {short_before}", s)
    long = _grams_condition(
        LONG_TERM, "Rising over the long term", middle, long_base,
        f"average {{now}} g per logged day over the last {span_words(s.middle_days)} vs {{then}} g "
        f"{long_before}", s)
    doses = _doses_condition(recent, short_base, long_base, this,
                             short_before, f"{long_before} the last {span_words(s.middle_days)}", s)
    conditions = (frequent, short, long, doses)
    on = frequent.held and (short.held or long.held or doses.held)
    supporting = _supporting(series, today, recent, s, withdrawal, sds)
    return WarningResult(today, WARNING if on else NONE, conditions, supporting, figures, s)


def _before_words(base: WindowFigures, full_days: int) -> str:
    """ "over the 3 weeks before", or the days actually counted when fewer had records."""
    return f"over the {span_words(min(base.days, full_days) or full_days)} before"


def _not_judged(windows: Iterable[WindowFigures]) -> tuple[str, dict]:
    """The sentence and figures of a condition whose windows are not all judged."""
    unjudged = [w for w in windows if not w.judged]
    return ("not judged: " + "; ".join(w.not_judged_reason for w in unjudged),
            {"windows_not_judged": [w.key for w in unjudged]})


def _left_out_words(windows: Iterable[WindowFigures]) -> str:
    """ " (3 days with nothing logged left out)", or "" when every day is logged."""
    unknown = sum(w.unknown_days for w in windows)
    if not unknown:
        return ""
    return f" ({unknown} {'day' if unknown == 1 else 'days'} with nothing logged left out)"


def _grams_condition(key, name, now: WindowFigures, base: WindowFigures, template: str,
                     s: WarningSettings) -> Condition:
    """Mean leaf grams per logged day of ``now`` against ``base``; judged only when both are."""
    if not (now.judged and base.judged):
        sentence, figures = _not_judged((now, base))
        return Condition(key, name, False, False, sentence, figures)
    mean_now, mean_then = now.mean_leaf, base.mean_leaf
    held = (mean_now >= mean_then * (1 + exact(s.rise_percent) / 100)
            and mean_now - mean_then >= exact(s.rise_grams))
    figures = {
        "mean_leaf_g_per_day": rounded(float(mean_now), 2),
        "baseline_mean_leaf_g_per_day": rounded(float(mean_then), 2),
        "percent_higher": rounded(float((mean_now - mean_then) / mean_then * 100), 1) if mean_then else None,
        "window": now.key, "baseline": base.key,
    }
    sentence = template.format(now=mean_grams_digits(mean_now), then=mean_grams_digits(mean_then))
    return Condition(key, name, held, True, sentence + _left_out_words((now, base)), figures)


def _doses_condition(recent, short_base, long_base, this, short_before, long_before,
                     s: WarningSettings) -> Condition:
    name = "More doses per day of use"
    if not recent.judged or not (short_base.judged or long_base.judged):
        # Why: the recent days if short of logged days, and the time before if neither part is judged.
        bases = () if short_base.judged or long_base.judged else (short_base, long_base)
        sentence, figures = _not_judged((recent, *bases))
        return Condition(DOSES_PER_USE_DAY, name, False, False, sentence, figures)
    now = recent.per_use_day
    rise = exact(s.doses_rise)
    compared = []
    for base, phrase in ((short_base, short_before), (long_base, long_before)):
        if base.judged and base.per_use_day is not None:
            then = base.per_use_day
            compared.append((now is not None and now - then >= rise, then, phrase, base.key))
    figures = {"doses_per_use_day": rounded(recent.doses_per_use_day, 2),
               "baselines": {key: rounded(float(then), 2) for _, then, _, key in compared}}
    if now is None or not compared:
        return Condition(DOSES_PER_USE_DAY, name, False, bool(compared),
                         f"no days of use {this}" if now is None else
                         "no days of use in the time before to compare with", figures)
    held = [c for c in compared if c[0]]
    shown = held or compared
    then_text = " and ".join(f"{float(then):.1f} {phrase}" for _, then, phrase, _ in shown)
    return Condition(DOSES_PER_USE_DAY, name, bool(held), True,
                     f"{float(now):.1f} doses per day of use {this} vs {then_text}", figures)


# Grundmann 2017's survey: a description of where side effects were reported more
# often, never a safe amount below it (issue 27).
LARGE_DOSE_CAVEAT = ("in a US survey side effects were reported more often at {amount} or more per dose; "
                     "not a safe limit")


def regular_use_held(use_days: int, logged_days: int, began_before: bool, s: WarningSettings) -> bool:
    """The supporting line "regular use for more than 6 months": the log began before
    the last ``regular_use_days`` days, at least ``regular_use_min_logged`` of them are
    logged, and doses are on ``frequent_days`` of every ``recent_days`` logged days
    (5 of 7 by default). The summary's key points read the same rule."""
    return (began_before and logged_days >= max(s.regular_use_min_logged, 1)
            and use_days * s.recent_days >= s.frequent_days * logged_days)


def _supporting(series: _Series, today: dt.date, recent: WindowFigures, s: WarningSettings,
                withdrawal, sds) -> tuple[SupportingLine, ...]:
    lines = []
    start_index = (recent.start - series.start).days
    end_index = (today - series.start).days
    largest, largest_day = 0, None
    for i in range(max(start_index, 0), end_index + 1):
        if series.largest[i] >= largest and series.largest[i]:
            largest, largest_day = series.largest[i], series.start + dt.timedelta(days=i)
    if largest and Fraction(largest, 1000) >= exact(s.large_dose_grams):
        lines.append(SupportingLine(
            LARGE_DOSE, f"a single dose of {amount_text(largest)} on {date_text(largest_day)} "
                        f"({LARGE_DOSE_CAVEAT.format(amount=amount_text(round(s.large_dose_grams * 1000)))})",
            {"grams": largest / 1000, "date": largest_day.isoformat()}))
    if recent.doses >= s.many_doses:
        lines.append(SupportingLine(
            MANY_DOSES, f"{recent.doses} doses in the last {s.recent_days} days "
                        f"(in a US survey side effects were reported more often at {s.many_doses} or more "
                        "a week; fewer is not shown to be safe)",
            {"doses": recent.doses}))
    # Use days over the logged days of the whole span, with enough of them logged to say so.
    regular = series.window("regular", f"the last {s.regular_use_days} days", today, 1, s.regular_use_days,
                            s.regular_use_min_logged)
    if regular_use_held(regular.use_days, regular.logged_days,
                        series.first_day is not None and series.first_day < regular.start, s):
        lines.append(SupportingLine(
            REGULAR_USE, f"regular use for more than {months_words(s.regular_use_days)}: used on "
                         f"{regular.use_days} of the {regular.logged_days} logged days of the last "
                         f"{s.regular_use_days}",
            {"use_days": regular.use_days, "logged_days": regular.logged_days, "days": s.regular_use_days}))
    symptom_days = {day: names for day, names in withdrawal.items()
                    if recent.start <= day <= today and names}
    if symptom_days:
        names = sorted({n for names in symptom_days.values() for n in names}, key=str.casefold)
        lines.append(SupportingLine(
            WITHDRAWAL, f"withdrawal-type symptoms logged on {len(symptom_days)} of the last "
                        f"{s.recent_days} days ({', '.join(names)})",
            {"days": len(symptom_days), "symptoms": names}))
    sds_start = today - dt.timedelta(days=s.sds_recent_days - 1)
    answered = [day for day in sds if sds_start <= day <= today]
    if answered:
        last = max(answered)
        if sds[last] >= s.sds_threshold:
            lines.append(SupportingLine(
                SDS_HIGH, f"Severity of Dependence Scale score {sds[last]} of 15 on {date_text(last)} "
                          f"({s.sds_threshold} or more is worth discussing with your doctor)",
                {"total": sds[last], "date": last.isoformat()}))
    return tuple(lines)

