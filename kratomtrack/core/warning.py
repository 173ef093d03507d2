"""The dependence-warning rule of clinical.md, as a pure function of the log and "today".

The rule, with its defaults (every number is a field of WarningSettings):

- Frequent: doses logged on at least 5 of the last 7 days.
- Escalating, any one of
  - short term: mean leaf g/day over the last 7 days at least 25% above, and
    at least 1 g/day above, the mean over days 8-28 (needs 14 days of
    history in days 8-28);
  - long term: mean leaf g/day over the last 28 days at least 25% above, and
    at least 1 g/day above, the mean over days 29-84 (needs 28 days of
    history in days 29-84);
  - doses per use day: the mean over the last 7 days at least 1 higher than
    over days 8-28 or over days 29-84 (same history minimums).
- The warning is on when use is frequent AND escalating.

Day 1 is "today". Everything is per local calendar day. "Daily grams" of a
window is its total leaf grams (powder, capsules, tea) divided by its
calendar days; days before the first record do not count toward a window.
Use days and doses count every form. Comparisons are exact (whole tenths of
a gram and fractions), so a figure exactly on a threshold counts as "at
least".

Supporting lines (single dose of 5 g or more, 22 or more doses, regular use
for more than 6 months, withdrawal-type symptoms, SDS of 4 or more) are
reported with the warning and never turn it on by themselves.

The thresholds are conventions, not validated cut-offs; the app says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from fractions import Fraction

from kratomtrack.core.dates import date_text
from kratomtrack.core.records import Dose
from kratomtrack.core.translatable import translatable
from kratomtrack.core.validation import InvalidRecord, Problem

NONE = "none"
WARNING = "warning"

FREQUENT = "frequent"
SHORT_TERM = "short_term"
LONG_TERM = "long_term"
DOSES_PER_USE_DAY = "doses_per_use_day"
ESCALATION_KEYS = (SHORT_TERM, LONG_TERM, DOSES_PER_USE_DAY)

LARGE_DOSE = "large_dose"
MANY_DOSES = "many_doses"
REGULAR_USE = "regular_use"
WITHDRAWAL = "withdrawal"
SDS_HIGH = "sds"

THRESHOLDS_ARE_CONVENTIONS = translatable(
    "warning",
    "These thresholds (how many days, how many percent, how many grams and how "
    "long the windows are) are conventions, not validated medical cut-offs.",
)


# --- settings -----------------------------------------------------------------------


@dataclass(frozen=True)
class WarningSettings:
    """Every number of the rule, with clinical.md's defaults."""

    recent_days: int = 7          # "the last 7 days"
    frequent_days: int = 5        # used on at least this many of the recent days
    middle_days: int = 28         # days 8-28 are the short-term baseline; "the last 28 days"
    long_days: int = 84           # days 29-84 are the long-term baseline
    rise_percent: float = 25.0    # mean g/day at least this much above the baseline ...
    rise_grams: float = 1.0       # ... and at least this many g/day higher
    doses_rise: float = 1.0       # doses per use day at least this much higher
    short_min_history: int = 14   # days of history needed in days 8-28
    long_min_history: int = 28    # days of history needed in days 29-84
    large_dose_grams: float = 5.0  # supporting: a single leaf dose of this or more
    many_doses: int = 22          # supporting: this many doses or more in the recent days
    regular_use_days: int = 183   # supporting: regular use for more than 6 months
    sds_threshold: int = 4        # supporting: latest SDS total of this or more
    sds_recent_days: int = 31     # ... if it was answered within this many days
    dismiss_days: int = 7         # "Dismiss for 7 days"
    worse_percent: float = 10.0   # a dismissed warning returns if g/day rises this much more

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> WarningSettings:
        """Settings from stored values; unknown keys are ignored, invalid ones refused."""
        known = {f.name for f in fields(cls)}
        return validate_settings(replace(cls(), **{k: v for k, v in data.items() if k in known}))


@dataclass(frozen=True)
class SettingField:
    """How the settings page shows one number, and the range it accepts."""

    name: str
    label: str
    unit: str
    minimum: float
    maximum: float
    decimals: int = 0
    group: str = "rule"  # "rule", "supporting" or "dismissal"


# Labels and units are marked for translators (context "warning"); the window
# shows them with QCoreApplication.translate("warning", text).
SETTING_FIELDS = (
    SettingField("recent_days", translatable("warning", 'Recent window ("this week")'),
                 translatable("warning", "days"), 1, 28),
    SettingField("frequent_days", translatable("warning", "Frequent: days with doses in the recent window, at least"),
                 translatable("warning", "days"), 1, 28),
    SettingField("middle_days", translatable("warning", "Short-term baseline runs up to day"),
                 "", 2, 182),
    SettingField("long_days", translatable("warning", "Long-term baseline runs up to day"),
                 "", 3, 730),
    SettingField("rise_percent", translatable("warning", "Rising: mean grams a day higher by at least"),
                 "%", 0, 1000, 1),
    SettingField("rise_grams", translatable("warning", "Rising: and higher by at least"),
                 translatable("warning", "g/day"), 0, 100, 1),
    SettingField("doses_rise", translatable("warning", "Rising: doses per day of use higher by at least"),
                 translatable("warning", "doses"), 0, 50, 1),
    SettingField("short_min_history", translatable("warning", "History needed for the short-term comparison"),
                 translatable("warning", "days"), 1, 181),
    SettingField("long_min_history", translatable("warning", "History needed for the long-term comparison"),
                 translatable("warning", "days"), 1, 728),
    SettingField("large_dose_grams", translatable("warning", "A single dose of at least"),
                 "g", 0.1, 100, 1, "supporting"),
    SettingField("many_doses", translatable("warning", "Doses in the recent window, at least"),
                 translatable("warning", "doses"), 1, 1000, group="supporting"),
    SettingField("regular_use_days", translatable("warning", "Regular use for longer than"),
                 translatable("warning", "days"), 28, 3650, group="supporting"),
    SettingField("sds_threshold", translatable("warning", "Severity of Dependence Scale total of at least"),
                 translatable("warning", "of 15"), 1, 15, group="supporting"),
    SettingField("sds_recent_days", translatable("warning", "The scale counts if answered within the last"),
                 translatable("warning", "days"), 1, 365, group="supporting"),
    SettingField("dismiss_days", translatable("warning", "Dismissing hides the warning for"),
                 translatable("warning", "days"), 1, 90, group="dismissal"),
    SettingField("worse_percent", translatable("warning", "It returns sooner if mean grams a day rise by"),
                 "%", 0, 1000, 1, group="dismissal"),
)
SETTING_FIELDS_BY_NAME = {f.name: f for f in SETTING_FIELDS}


def validate_settings(settings: WarningSettings) -> WarningSettings:
    """Return the settings (numbers normalised) or raise InvalidRecord naming each bad one."""
    problems: list[Problem] = []
    values: dict[str, float | int] = {}
    for spec in SETTING_FIELDS:
        value = getattr(settings, spec.name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            problems.append(Problem(spec.name, f"{value!r} is not a number"))
            continue
        if spec.decimals == 0 and not float(value).is_integer():
            problems.append(Problem(spec.name, f"{value} must be a whole number"))
            continue
        if not spec.minimum <= value <= spec.maximum:
            problems.append(Problem(spec.name, f"{value:g} is outside {spec.minimum:g} to {spec.maximum:g}"))
            continue
        values[spec.name] = int(value) if spec.decimals == 0 else round(float(value), spec.decimals)
    if not problems:
        s = WarningSettings(**values)
        if s.frequent_days > s.recent_days:
            problems.append(Problem("frequent_days", f"{s.frequent_days} days cannot be more than "
                                                     f"the {s.recent_days} days looked at"))
        if not s.recent_days < s.middle_days < s.long_days:
            problems.append(Problem("middle_days", "the windows must be in order: recent days < "
                                                   "short-term baseline end < long-term baseline end"))
        elif s.short_min_history > s.middle_days - s.recent_days:
            problems.append(Problem("short_min_history", "cannot be more than the "
                                    f"{s.middle_days - s.recent_days} days of the short-term baseline"))
        elif s.long_min_history > s.long_days - s.middle_days:
            problems.append(Problem("long_min_history", "cannot be more than the "
                                    f"{s.long_days - s.middle_days} days of the long-term baseline"))
    if problems:
        raise InvalidRecord(problems)
    return WarningSettings(**values)


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowFigures:
    """What one window of days adds up to. ``days`` counts only days on or after the first record."""

    key: str
    label: str
    start: dt.date
    end: dt.date
    days: int
    use_days: int
    leaf_tenths: int  # leaf grams in whole tenths, exact
    doses: int

    @property
    def leaf_grams(self) -> float:
        return self.leaf_tenths / 10

    @property
    def mean_leaf(self) -> Fraction | None:
        """Mean leaf g/day (exact), or None if no day of the window counts."""
        return Fraction(self.leaf_tenths, 10 * self.days) if self.days else None

    @property
    def mean_leaf_per_day(self) -> float | None:
        return float(self.mean_leaf) if self.days else None

    @property
    def per_use_day(self) -> Fraction | None:
        return Fraction(self.doses, self.use_days) if self.use_days else None

    @property
    def doses_per_use_day(self) -> float | None:
        return float(self.per_use_day) if self.use_days else None

    def as_dict(self) -> dict:
        return {
            "label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat(),
            "days_counted": self.days, "use_days": self.use_days,
            "leaf_grams": self.leaf_grams, "doses": self.doses,
            "mean_leaf_g_per_day": _rounded(self.mean_leaf_per_day, 2),
            "doses_per_use_day": _rounded(self.doses_per_use_day, 2),
        }


@dataclass(frozen=True)
class Figures:
    """The figures behind the warning: four windows (last 7, days 8-28, last 28, days 29-84)."""

    recent: WindowFigures
    short_base: WindowFigures
    middle: WindowFigures
    long_base: WindowFigures

    @property
    def use_days_recent(self) -> int:
        return self.recent.use_days

    @property
    def windows(self) -> tuple[WindowFigures, ...]:
        return (self.recent, self.short_base, self.middle, self.long_base)

    def as_dict(self) -> dict:
        return {
            "use_days_last_window": self.recent.use_days,
            "days_in_last_window": (self.recent.end - self.recent.start).days + 1,
            "windows": {w.key: w.as_dict() for w in self.windows},
        }


@dataclass(frozen=True)
class Condition:
    """One condition of the rule: whether it held, whether it could be judged, and why."""

    key: str
    name: str
    held: bool
    assessable: bool
    sentence: str
    figures: Mapping = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "held": self.held,
                "assessable": self.assessable, "sentence": self.sentence,
                "figures": dict(self.figures)}


@dataclass(frozen=True)
class SupportingLine:
    """Something that adds to a warning but never turns it on by itself."""

    key: str
    sentence: str
    figures: Mapping = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"key": self.key, "sentence": self.sentence, "figures": dict(self.figures)}


@dataclass(frozen=True)
class WarningResult:
    today: dt.date
    level: str  # NONE or WARNING
    conditions: tuple[Condition, ...]
    supporting: tuple[SupportingLine, ...]
    figures: Figures
    settings: WarningSettings

    @property
    def is_on(self) -> bool:
        return self.level == WARNING

    @property
    def frequent(self) -> bool:
        return self.condition(FREQUENT).held

    @property
    def escalating(self) -> bool:
        return any(self.condition(k).held for k in ESCALATION_KEYS)

    @property
    def held(self) -> tuple[str, ...]:
        """Keys of the conditions that held, in rule order."""
        return tuple(c.key for c in self.conditions if c.held)

    def condition(self, key: str) -> Condition:
        return next(c for c in self.conditions if c.key == key)

    @property
    def reasons(self) -> list[str]:
        """The sentences of the conditions that held."""
        return [c.sentence for c in self.conditions if c.held]

    @property
    def summary(self) -> str:
        """One line: for example "used 7 of the last 7 days; average 9.8 g/day this week vs …"."""
        return "; ".join(self.reasons)

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "today": self.today.isoformat(),
            "frequent": self.frequent,
            "escalating": self.escalating,
            "summary": self.summary,
            "conditions": [c.as_dict() for c in self.conditions],
            "supporting": [s.as_dict() for s in self.supporting],
            "figures": self.figures.as_dict(),
            "settings": self.settings.as_dict(),
            "thresholds_note": THRESHOLDS_ARE_CONVENTIONS,
        }


# --- the rule -----------------------------------------------------------------------------


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


@dataclass(frozen=True)
class WarningDay:
    day: dt.date
    level: str
    held: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class WarningPeriod:
    """Consecutive days on which the warning was on, with the conditions that held."""

    start: dt.date
    end: dt.date
    held: tuple[str, ...]  # every condition that held on any day of the period
    last_summary: str  # the figures on the period's last day, in words

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


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


def warning_periods(history: Iterable[WarningDay]) -> list[WarningPeriod]:
    """Merge consecutive warning days into periods."""
    periods: list[WarningPeriod] = []
    current: list[WarningDay] = []

    def close():
        if current:
            held = tuple(k for k in (FREQUENT, *ESCALATION_KEYS)
                         if any(k in d.held for d in current))
            periods.append(WarningPeriod(current[0].day, current[-1].day, held, current[-1].summary))
            current.clear()

    previous = None
    for day in history:
        if day.level != WARNING or (previous and (day.day - previous).days != 1):
            close()
        if day.level == WARNING:
            current.append(day)
        previous = day.day
    close()
    return periods


# --- dismissal -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dismissal:
    """The person dismissed the warning on ``on``; the recent figures then."""

    on: dt.date
    leaf_tenths: int
    days: int
    use_days: int

    def as_dict(self) -> dict:
        return {"on": self.on.isoformat(), "leaf_tenths": self.leaf_tenths,
                "days": self.days, "use_days": self.use_days}

    @classmethod
    def from_dict(cls, data: object) -> Dismissal | None:
        """A stored dismissal, or None if it cannot be read (then the warning shows)."""
        try:
            values = (dt.date.fromisoformat(data["on"]), data["leaf_tenths"], data["days"], data["use_days"])
        except (TypeError, KeyError, ValueError):
            return None
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values[1:]):
            return None
        return cls(*values)

    def until(self, settings: WarningSettings = WarningSettings()) -> dt.date:
        """The first day the warning shows again unless it gets worse sooner."""
        return self.on + dt.timedelta(days=settings.dismiss_days)


def dismissal_for(result: WarningResult) -> Dismissal:
    recent = result.figures.recent
    return Dismissal(result.today, recent.leaf_tenths, recent.days, recent.use_days)


def is_dismissed(dismissal: Dismissal | None, result: WarningResult) -> bool:
    """Whether a warning that is on stays hidden because the person dismissed it.

    Hidden for ``dismiss_days`` from the day of dismissal, unless the figures
    got worse since: mean leaf g/day of the recent days up by a further
    ``worse_percent`` or more, or more use days.
    """
    if dismissal is None or not result.is_on:
        return False
    settings = result.settings
    if not 0 <= (result.today - dismissal.on).days < settings.dismiss_days:
        return False
    recent = result.figures.recent
    if recent.use_days > dismissal.use_days:
        return False
    then = Fraction(dismissal.leaf_tenths, dismissal.days) if dismissal.days else Fraction(0)
    now = recent.mean_leaf * 10 if recent.days else Fraction(0)
    if now > then and now >= then * (1 + _fraction(settings.worse_percent) / 100):
        return False
    return True


# --- implementation ---------------------------------------------------------------------------


class _Series:
    """Per-day totals from ``start`` to ``end`` with prefix sums, so any window is O(1)."""

    def __init__(self, doses: Iterable[Dose], start: dt.date, end: dt.date, first_day: dt.date | None):
        n = (end - start).days + 1
        self.start = start
        leaf = [0] * n
        count = [0] * n
        self.largest = [0] * n  # largest single leaf dose, tenths
        earliest = None
        for dose in doses:
            day = dose.taken_at.date()
            if day > end:
                continue
            if earliest is None or day < earliest:
                earliest = day
            i = (day - start).days
            if i < 0:
                continue
            count[i] += 1
            if dose.form.is_leaf:
                tenths = round(dose.grams * 10)
                leaf[i] += tenths
                if tenths > self.largest[i]:
                    self.largest[i] = tenths
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
    recent = series.window("recent", f"the last {_span(s.recent_days)}", today, 1, s.recent_days)
    short_base = series.window("short_base", f"days {s.recent_days + 1}-{s.middle_days}",
                               today, s.recent_days + 1, s.middle_days)
    middle = series.window("middle", f"the last {_span(s.middle_days)}", today, 1, s.middle_days)
    long_base = series.window("long_base", f"days {s.middle_days + 1}-{s.long_days}",
                              today, s.middle_days + 1, s.long_days)
    figures = Figures(recent, short_base, middle, long_base)

    this = _this(s.recent_days)
    short_before = f"over the {_span(s.middle_days - s.recent_days)} before"
    long_before = f"over the {_span(s.long_days - s.middle_days)} before"
    short_ok = short_base.days >= s.short_min_history
    long_ok = long_base.days >= s.long_min_history

    frequent = Condition(
        FREQUENT, "Frequent use", recent.use_days >= s.frequent_days, True,
        f"used {recent.use_days} of the last {s.recent_days} days",
        {"use_days": recent.use_days, "days": s.recent_days, "needed": s.frequent_days},
    )
    short = _grams_condition(
        SHORT_TERM, "Rising over the short term", recent, short_base, short_ok, s.short_min_history,
        f"average {{now}} g/day {this} vs {{then}} g/day {short_before}", short_before, s)
    long = _grams_condition(
        LONG_TERM, "Rising over the long term", middle, long_base, long_ok, s.long_min_history,
        f"average {{now}} g/day over the last {_span(s.middle_days)} vs {{then}} g/day {long_before}",
        long_before, s)
    doses = _doses_condition(recent, short_base, long_base, short_ok, long_ok, this,
                             short_before, f"{long_before} the last {_span(s.middle_days)}", s)
    conditions = (frequent, short, long, doses)
    on = frequent.held and (short.held or long.held or doses.held)
    supporting = _supporting(series, today, recent, s, withdrawal, sds)
    return WarningResult(today, WARNING if on else NONE, conditions, supporting, figures, s)


def _grams_condition(key, name, now: WindowFigures, base: WindowFigures, enough: bool, needed: int,
                     template: str, base_phrase: str, s: WarningSettings) -> Condition:
    if not enough:
        return Condition(key, name, False, False,
                         f"not enough history yet to compare with the time before "
                         f"({base.days} of the {needed} days needed {base_phrase.replace('over ', 'in ')})",
                         {"history_days": base.days, "history_needed": needed})
    mean_now, mean_then = now.mean_leaf or Fraction(0), base.mean_leaf
    held = (mean_now >= mean_then * (1 + _fraction(s.rise_percent) / 100)
            and mean_now - mean_then >= _fraction(s.rise_grams))
    figures = {
        "mean_leaf_g_per_day": _rounded(float(mean_now), 2),
        "baseline_mean_leaf_g_per_day": _rounded(float(mean_then), 2),
        "percent_higher": _rounded(float((mean_now - mean_then) / mean_then * 100), 1) if mean_then else None,
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
    rise = _fraction(s.doses_rise)
    compared = []
    for ok, base, phrase in ((short_ok, short_base, short_before), (long_ok, long_base, long_before)):
        if ok and base.per_use_day is not None:
            then = base.per_use_day
            compared.append((now is not None and now - then >= rise, then, phrase, base.key))
    figures = {"doses_per_use_day": _rounded(recent.doses_per_use_day, 2),
               "baselines": {key: _rounded(float(then), 2) for _, then, _, key in compared}}
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
    if largest and Fraction(largest, 10) >= _fraction(s.large_dose_grams):
        lines.append(SupportingLine(
            LARGE_DOSE, f"a single dose of {largest / 10:.1f} g on {date_text(largest_day)} "
                        f"(side effects are reported mainly at {s.large_dose_grams:g} g or more per dose)",
            {"grams": largest / 10, "date": largest_day.isoformat()}))
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
            REGULAR_USE, f"regular use for more than {_months(s.regular_use_days)}: used on "
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


def _span(days: int) -> str:
    """7 -> "week", 21 -> "3 weeks", 10 -> "10 days"."""
    if days % 7 == 0:
        weeks = days // 7
        return "week" if weeks == 1 else f"{weeks} weeks"
    return "day" if days == 1 else f"{days} days"


def _this(days: int) -> str:
    return "this week" if days == 7 else f"over the last {_span(days)}"


def _months(days: int) -> str:
    months = round(days / 30.5)
    return f"{months} months" if months > 1 and abs(days - months * 30.5) < 3 else f"{days} days"


def _fraction(value: float) -> Fraction:
    # Through str so that 0.1 is exactly a tenth, not its binary approximation.
    return Fraction(str(value))


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
