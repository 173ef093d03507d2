"""The rule itself: evaluate_warning for one day, warning_history for many."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from fractions import Fraction

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
    settings: WarningSettings = WarningSettings(),
    first_day: dt.date | None = None,
    withdrawal_days: Mapping[dt.date, Collection[str]] | None = None,
    sds_scores: Mapping[dt.date, int] | None = None,
) -> WarningResult:
    """The warning on ``today`` for a log.

    ``doses`` may be the whole log or any part that covers the lookback
    (``lookback_days(settings)`` days up to today); doses after today are
    ignored. ``first_day`` is the first day of the log (first dose or
    check-in); without it, the first dose's day. ``withdrawal_days`` maps days to
    the withdrawal-type symptoms logged that day; ``sds_scores`` maps days to
    SDS totals.
    """
    series = _Series(doses, today - dt.timedelta(days=lookback_days(settings) - 1), today, first_day)
    return _evaluate(series, today, settings, withdrawal_days or {}, sds_scores or {})


def lookback_days(settings: WarningSettings = WarningSettings()) -> int:
    """How many days up to today (included) the rule reads."""
    return max(settings.long_days, settings.regular_use_days)



def warning_history(
    doses: Iterable[Dose],
    start: dt.date,
    end: dt.date,
    *,
    settings: WarningSettings = WarningSettings(),
    first_day: dt.date | None = None,
    withdrawal_days: Mapping[dt.date, Collection[str]] | None = None,
    sds_scores: Mapping[dt.date, int] | None = None,
) -> list[WarningDay]:
    """The warning as it was on each day from start to end (for the doctor summary).

    Each day is judged as if it were "today", with the same rule and
    settings as evaluate_warning.
    """
    if end < start:
        return []
    series = _Series(doses, start - dt.timedelta(days=lookback_days(settings) - 1), end, first_day)
    out = []
    for i in range((end - start).days + 1):
        day = start + dt.timedelta(days=i)
        result = _evaluate(series, day, settings, withdrawal_days or {}, sds_scores or {})
        out.append(WarningDay(day, result.level, result.held, result.summary))
    return out


class _Series:
    """Per-day totals from ``start`` to ``end`` with prefix sums, so any window is O(1)."""

    def __init__(self, doses: Iterable[Dose], start: dt.date, end: dt.date, first_day: dt.date | None):
        n = (end - start).days + 1
        self.start = start
        leaf = [0] * n  # milligrams
        count = [0] * n
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
        earliest = first_before.date() if first_before is not None else min(totals, default=None)
        for day, t in totals.items():
            i = (day - start).days
            count[i] = t.doses
            leaf[i] = t.leaf_mg
            self.largest[i] = t.largest_leaf_mg
        self.first_day = first_day if first_day is not None else earliest
        if earliest is not None and self.first_day is not None and earliest < self.first_day:
            self.first_day = earliest  # a dose is a record too
        self.leaf_sum = _prefix(leaf)
        self.dose_sum = _prefix(count)
        self.use_sum = _prefix([1 if c else 0 for c in count])
        self.count = count

    def window(self, key: str, label: str, today: dt.date, first_back: int, last_back: int) -> WindowFigures:
        """Days ``first_back``..``last_back`` before today, where day 1 is today."""
        end = today - dt.timedelta(days=first_back - 1)
        start = today - dt.timedelta(days=last_back - 1)
        counted_start = start if self.first_day is None else max(start, self.first_day)
        if self.first_day is None or counted_start > end:
            return WindowFigures(key, label, start, end, 0, 0, 0, 0)
        a = (counted_start - self.start).days
        b = (end - self.start).days + 1
        return WindowFigures(
            key, label, start, end, b - a,
            self.use_sum[b] - self.use_sum[a],
            self.leaf_sum[b] - self.leaf_sum[a],
            self.dose_sum[b] - self.dose_sum[a],
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
    recent = series.window("recent", f"the last {span_words(s.recent_days)}", today, 1, s.recent_days)
    short_base = series.window("short_base", f"days {s.recent_days + 1}-{s.middle_days}",
                               today, s.recent_days + 1, s.middle_days)
    middle = series.window("middle", f"the last {span_words(s.middle_days)}", today, 1, s.middle_days)
    long_base = series.window("long_base", f"days {s.middle_days + 1}-{s.long_days}",
                              today, s.middle_days + 1, s.long_days)
    figures = Figures(recent, short_base, middle, long_base)

    this = this_window_words(s.recent_days)
    short_window = f"over the {span_words(s.middle_days - s.recent_days)} before"
    long_window = f"over the {span_words(s.long_days - s.middle_days)} before"
    # What was compared: only the days that have records (a young log has fewer).
    short_before = _before_words(short_base, s.middle_days - s.recent_days)
    long_before = _before_words(long_base, s.long_days - s.middle_days)
    short_ok = short_base.days >= s.short_min_history
    long_ok = long_base.days >= s.long_min_history

    frequent = Condition(
        FREQUENT, "Frequent use", recent.use_days >= s.frequent_days, True,
        f"used {recent.use_days} of the last {s.recent_days} days",
        {"use_days": recent.use_days, "days": s.recent_days, "needed": s.frequent_days},
    )
    short = _grams_condition(
        SHORT_TERM, "Rising over the short term", recent, short_base, short_ok, s.short_min_history,
        f"average {{now}} g/day {this} vs {{then}} g/day {short_before}", short_window, s)
    long = _grams_condition(
        LONG_TERM, "Rising over the long term", middle, long_base, long_ok, s.long_min_history,
        f"average {{now}} g/day over the last {span_words(s.middle_days)} vs {{then}} g/day {long_before}",
        long_window, s)
    doses = _doses_condition(recent, short_base, long_base, short_ok, long_ok, this,
                             short_before, f"{long_before} the last {span_words(s.middle_days)}", s)
    conditions = (frequent, short, long, doses)
    on = frequent.held and (short.held or long.held or doses.held)
    supporting = _supporting(series, today, recent, s, withdrawal, sds)
    return WarningResult(today, WARNING if on else NONE, conditions, supporting, figures, s)


def _grams_words(mg: int) -> str:
    """6000 -> "6.0", 5250 -> "5.25": every decimal the amount has, at least one."""
    text = f"{mg / 1000:.3f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _before_words(base: WindowFigures, full_days: int) -> str:
    """ "over the 3 weeks before", or the days actually counted when fewer had records."""
    return f"over the {span_words(min(base.days, full_days) or full_days)} before"


def _grams_condition(key, name, now: WindowFigures, base: WindowFigures, enough: bool, needed: int,
                     template: str, base_phrase: str, s: WarningSettings) -> Condition:
    if not enough:
        return Condition(key, name, False, False,
                         f"not enough history yet to compare with the time before "
                         f"({base.days} of the {needed} days needed {base_phrase.replace('over ', 'in ')})",
                         {"history_days": base.days, "history_needed": needed})
    mean_now, mean_then = now.mean_leaf or Fraction(0), base.mean_leaf
    held = (mean_now >= mean_then * (1 + exact(s.rise_percent) / 100)
            and mean_now - mean_then >= exact(s.rise_grams))
    figures = {
        "mean_leaf_g_per_day": rounded(float(mean_now), 2),
        "baseline_mean_leaf_g_per_day": rounded(float(mean_then), 2),
        "percent_higher": rounded(float((mean_now - mean_then) / mean_then * 100), 1) if mean_then else None,
        "window": now.key, "baseline": base.key,
    }
    return Condition(key, name, held, True,
                     template.format(now=f"{float(mean_now):.1f}", then=f"{float(mean_then):.1f}"),
                     figures)


def _doses_condition(recent, short_base, long_base, short_ok, long_ok, this, short_before,
                     long_before, s: WarningSettings) -> Condition:
    name = "More doses per day of use"
    if not (short_ok or long_ok):
        return Condition(DOSES_PER_USE_DAY, name, False, False,
                         "not enough history yet to compare doses per day of use with the time before",
                         {})
    now = recent.per_use_day
    rise = exact(s.doses_rise)
    compared = []
    for ok, base, phrase in ((short_ok, short_base, short_before), (long_ok, long_base, long_before)):
        if ok and base.per_use_day is not None:
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
            LARGE_DOSE, f"a single dose of {_grams_words(largest)} g on {date_text(largest_day)} "
                        f"(side effects are reported mainly at {s.large_dose_grams:g} g or more per dose)",
            {"grams": largest / 1000, "date": largest_day.isoformat()}))
    if recent.doses >= s.many_doses:
        lines.append(SupportingLine(
            MANY_DOSES, f"{recent.doses} doses in the last {s.recent_days} days "
                        f"(side effects are reported mainly at {s.many_doses} or more a week)",
            {"doses": recent.doses}))
    regular = series.window("regular", "", today, 1, s.regular_use_days)
    if (series.first_day is not None and regular.days == s.regular_use_days
            and series.first_day < regular.start
            and regular.use_days * s.recent_days >= s.frequent_days * s.regular_use_days):
        lines.append(SupportingLine(
            REGULAR_USE, f"regular use for more than {months_words(s.regular_use_days)}: used on "
                         f"{regular.use_days} of the last {s.regular_use_days} days",
            {"use_days": regular.use_days, "days": s.regular_use_days}))
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

