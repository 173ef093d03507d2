"""What the warning rule reports: its conditions, supporting lines and figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

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
    """What one window of days adds up to. ``days`` counts only days on or after the first record."""

    key: str
    label: str
    start: dt.date
    end: dt.date
    days: int
    use_days: int
    leaf_mg: int  # leaf grams in whole milligrams, exact
    doses: int

    @property
    def leaf_grams(self) -> float:
        return self.leaf_mg / 1000

    @property
    def mean_leaf(self) -> Fraction | None:
        """Mean leaf g/day (exact), or None if no day of the window counts."""
        return Fraction(self.leaf_mg, 1000 * self.days) if self.days else None

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
            "mean_leaf_g_per_day": rounded(self.mean_leaf_per_day, 2),
            "doses_per_use_day": rounded(self.doses_per_use_day, 2),
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


@dataclass(frozen=True)
class WarningDay:
    """The warning as it was on one day (for the doctor summary)."""

    day: dt.date
    level: str
    held: tuple[str, ...]
    summary: str


def rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
