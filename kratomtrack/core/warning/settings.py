"""The warning's settings: every number of the rule, how the settings page shows
each one, and the checks that keep them consistent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from fractions import Fraction
from functools import lru_cache

from kratomtrack.core.checkups import SDS_DISCUSS_FROM
from kratomtrack.core.translatable import translatable
from kratomtrack.core.validation import InvalidRecord, Problem


@dataclass(frozen=True)
class WarningSettings:
    """Every number of the rule, with the defaults of docs/health-content.md
    ("Dependence warning")."""

    recent_days: int = 7          # "the last 7 days"
    frequent_days: int = 5        # used on at least this many of the recent days
    middle_days: int = 28         # days 8-28 are the short-term baseline; "the last 28 days"
    long_days: int = 84           # days 29-84 are the long-term baseline
    rise_percent: float = 25.0    # mean g/day at least this much above the baseline ...
    rise_grams: float = 1.0       # ... and at least this many g/day higher
    doses_rise: float = 1.0       # doses per use day at least this much higher
    # Logged days (a dose, a check-in or a "no kratom" mark) each window needs to
    # be judged (clinical.md, "Days with nothing logged"); a day with nothing
    # logged is left out of the window's averages, so too few would make them noise.
    recent_min_logged: int = 4    # of the last 7 days
    short_min_history: int = 14   # of days 8-28 (the name is older than the rule on logged days)
    middle_min_logged: int = 14   # of the last 28 days
    long_min_history: int = 28    # of days 29-84
    large_dose_grams: float = 5.0  # supporting: a single leaf dose of this or more
    many_doses: int = 22          # supporting: this many doses or more in the recent days
    regular_use_days: int = 183   # supporting: regular use for more than 6 months
    # ... judged only with at least this many logged days of them (half, as the
    # long-term windows ask; a convention): "used on 170 of the 175 logged days".
    regular_use_min_logged: int = 92
    sds_threshold: int = SDS_DISCUSS_FROM  # supporting: latest SDS total of this or more
    sds_recent_days: int = 31     # ... if it was answered within this many days
    dismiss_days: int = 7         # "Dismiss for 7 days"
    worse_percent: float = 10.0   # a dismissed warning returns if g per logged day rises this much more
    # Timing (docs/health-content.md, "Patterns over time"): supporting lines
    # only, conventions; the last 4 weeks against the 8 before.
    timing_earlier_minutes: int = 60      # first dose of the day this much earlier on average
    timing_gap_shrink_percent: float = 25.0  # median gap between doses this much shorter

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> WarningSettings:
        """Settings from stored values; unknown keys are ignored, invalid ones refused.

        A minimum stored before it existed takes its default, but never more
        than the days of its window (stored windows may be shorter)."""
        known = {f.name for f in fields(cls)}
        values = replace(cls(), **{k: v for k, v in data.items() if k in known})
        for name, window in _MINIMUM_WINDOWS.items():
            try:
                days = window(values)
            except TypeError:
                continue  # a window that is not a number: validation says so
            if name not in data and days >= 1:
                values = replace(values, **{name: min(getattr(values, name), days)})
        return validate_settings(values)


def _window_days(first: str, before: str | None = None):
    """The days of a window from its settings: ``first`` minus ``before``, or ``first`` alone."""
    return lambda s: getattr(s, first) - (getattr(s, before) if before else 0)


# Each logged-day minimum and the window it counts in, so that none asks for more days than there are.
_MINIMUM_WINDOWS = {
    "recent_min_logged": _window_days("recent_days"),
    "short_min_history": _window_days("middle_days", "recent_days"),
    "middle_min_logged": _window_days("middle_days"),
    "long_min_history": _window_days("long_days", "middle_days"),
    "regular_use_min_logged": _window_days("regular_use_days"),
}


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
    SettingField("recent_min_logged", translatable("warning", "Logged days needed in the recent window, at least"),
                 translatable("warning", "days"), 1, 28),
    SettingField("short_min_history",
                 translatable("warning", "Logged days needed in the short-term baseline, at least"),
                 translatable("warning", "days"), 1, 181),
    SettingField("middle_min_logged",
                 translatable("warning", "Logged days needed up to the short-term baseline's end, at least"),
                 translatable("warning", "days"), 1, 182),
    SettingField("long_min_history",
                 translatable("warning", "Logged days needed in the long-term baseline, at least"),
                 translatable("warning", "days"), 1, 728),
    SettingField("large_dose_grams", translatable("warning", "A single dose of at least"),
                 "g", 0.1, 100, 1, "supporting"),
    SettingField("many_doses", translatable("warning", "Doses in the recent window, at least"),
                 translatable("warning", "doses"), 1, 1000, group="supporting"),
    SettingField("regular_use_days", translatable("warning", "Regular use for longer than"),
                 translatable("warning", "days"), 28, 3650, group="supporting"),
    SettingField("regular_use_min_logged",
                 translatable("warning", "Regular use: logged days needed in that time, at least"),
                 translatable("warning", "days"), 1, 3650, group="supporting"),
    SettingField("sds_threshold", translatable("warning", "Severity of Dependence Scale total of at least"),
                 translatable("warning", "of 15"), 1, 15, group="supporting"),
    SettingField("sds_recent_days", translatable("warning", "The scale counts if answered within the last"),
                 translatable("warning", "days"), 1, 365, group="supporting"),
    SettingField("timing_earlier_minutes",
                 translatable("warning", "Timing (a convention): first dose of the day earlier, last 4 weeks "
                                         "vs the 8 before, by at least"),
                 translatable("warning", "minutes"), 1, 720, group="supporting"),
    SettingField("timing_gap_shrink_percent",
                 translatable("warning", "Timing (a convention): median gap between doses shorter, last 4 weeks "
                                         "vs the 8 before, by at least"),
                 "%", 1, 100, 1, "supporting"),
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
        else:
            for name, window in _MINIMUM_WINDOWS.items():
                if getattr(s, name) > window(s):
                    problems.append(Problem(name, f"cannot be more than the {window(s)} days it counts in"))
    if problems:
        raise InvalidRecord(problems)
    return WarningSettings(**values)


@lru_cache(maxsize=64)  # a handful of settings, read for every day of a summary's range
def exact(value: float) -> Fraction:
    """A setting as an exact fraction, for comparisons right on a threshold."""
    # Through str so that 0.1 is exactly a tenth, not its binary approximation.
    return Fraction(str(value))
