"""What the warning rule reports: its conditions, supporting lines and figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from kratomtrack.core.coverage import mean_per_logged_day, unknown_words
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.core.warning.words import THRESHOLDS_ARE_CONVENTIONS

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


@dataclass(frozen=True)
class WindowFigures:
    """What one window of days adds up to (clinical.md, "Days with nothing logged").

    ``days`` counts the calendar days on or after the first record; of them,
    ``logged_days`` hold a dose, a check-in or a "no kratom" mark, and the rest
    are unknown: left out of every mean. The window is judged only with at
    least ``needed`` logged days.
    """

    key: str
    label: str  # "the last week", "days 8-28"
    start: dt.date
    end: dt.date
    days: int
    logged_days: int
    use_days: int
    leaf_mg: int  # leaf grams in whole milligrams, exact
    doses: int
    needed: int = 1

    @property
    def length(self) -> int:
        """The window's calendar days, also those before the first record."""
        return (self.end - self.start).days + 1

    @property
    def unknown_days(self) -> int:
        return self.days - self.logged_days

    @property
    def judged(self) -> bool:
        return self.logged_days >= max(self.needed, 1)

    @property
    def not_judged_reason(self) -> str | None:
        """Why the window is not judged, in words; None when it is.

        For example "in days 8-28, 12 of these 21 days have nothing logged
        (9 logged days; at least 14 needed)"."""
        if self.judged:
            return None
        parts = []
        if self.days < self.length:
            covered = f"only {self.days}" if self.days else "none"
            parts.append(f"the log covers {covered} of these {self.length} days")
        if self.unknown_days:
            parts.append(unknown_words(self.unknown_days, self.days))
        return (f"in {self.label}, {'; '.join(parts)} "
                f"({self.logged_days} logged {'day' if self.logged_days == 1 else 'days'}; "
                f"at least {self.needed} needed)")

    @property
    def leaf_grams(self) -> float:
        return self.leaf_mg / 1000

    @property
    def mean_leaf(self) -> Fraction | None:
        """Mean leaf grams per logged day (exact), or None without a logged day."""
        mean = mean_per_logged_day(self.leaf_mg, self.logged_days)
        return None if mean is None else mean / 1000

    @property
    def mean_leaf_per_day(self) -> float | None:
        mean = self.mean_leaf
        return None if mean is None else float(mean)

    @property
    def per_use_day(self) -> Fraction | None:
        return Fraction(self.doses, self.use_days) if self.use_days else None

    @property
    def doses_per_use_day(self) -> float | None:
        return float(self.per_use_day) if self.use_days else None

    def as_dict(self) -> dict:
        """The window's figures; its means are null when it is not judged (never 0)."""
        judged = self.judged
        return {
            "label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat(),
            "days_counted": self.days, "logged_days": self.logged_days, "unknown_days": self.unknown_days,
            "logged_days_needed": self.needed, "judged": judged, "reason": self.not_judged_reason,
            "use_days": self.use_days, "leaf_grams": self.leaf_grams, "doses": self.doses,
            "mean_leaf_g_per_day": rounded(self.mean_leaf_per_day, 2) if judged else None,
            "doses_per_use_day": rounded(self.doses_per_use_day, 2) if judged else None,
        }


@dataclass(frozen=True)
class Figures:
    """The figures behind the warning: four windows (last 7, days 8-28, last 28, days 29-84)."""

    recent: WindowFigures
    short_base: WindowFigures
    middle: WindowFigures
    long_base: WindowFigures

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
    """One condition of the rule: whether it held, whether it could be judged, and why.

    A condition that is not judged never holds; ``sentence`` then says why
    ("not judged: in days 8-28, 12 of these 21 days have nothing logged ...")."""

    key: str
    name: str
    held: bool
    assessable: bool
    sentence: str
    figures: Mapping = field(default_factory=dict)

    @property
    def judged(self) -> bool:
        return self.assessable

    def as_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "held": self.held,
                "assessable": self.assessable, "judged": self.assessable, "sentence": self.sentence,
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
    def not_judged(self) -> list[str]:
        """For each condition that could not be judged: its name and why."""
        return [f"{c.name}: {c.sentence}" for c in self.conditions if not c.judged]

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


@dataclass(frozen=True)
class WarningDay:
    """The warning as it was on one day (for the doctor summary). ``not_judged``
    says, for each condition that could not be judged that day, its name and why."""

    day: dt.date
    level: str
    held: tuple[str, ...]
    summary: str
    not_judged: tuple[str, ...] = ()


def rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
