"""Dismissing the warning: hidden for some days, back sooner if the figures get worse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from kratomtrack.core.coverage import mean_per_logged_day
from kratomtrack.core.warning.results import WarningResult
from kratomtrack.core.warning.settings import WarningSettings, exact


@dataclass(frozen=True)
class Dismissal:
    """The person dismissed the warning on ``on``; the recent figures then.

    ``logged_days`` None: stored before days with nothing logged were left
    out; its mean then divides by ``days`` (calendar days), as it did."""

    on: dt.date
    leaf_mg: int  # leaf milligrams of the recent days then
    days: int
    use_days: int
    logged_days: int | None = None

    def as_dict(self) -> dict:
        return {"on": self.on.isoformat(), "leaf_mg": self.leaf_mg,
                "days": self.days, "use_days": self.use_days, "logged_days": self.logged_days}

    @classmethod
    def from_dict(cls, data: object) -> Dismissal | None:
        """A stored dismissal, or None if it cannot be read (then the warning shows)."""
        try:
            # Stored before amounts were summed in milligrams: whole tenths of a gram.
            leaf = data["leaf_mg"] if "leaf_mg" in data else _tenths_as_mg(data["leaf_tenths"])
            values = (dt.date.fromisoformat(data["on"]), leaf, data["days"], data["use_days"],
                      data.get("logged_days"))
        except (TypeError, KeyError, ValueError, AttributeError):
            return None
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values[1:4]):
            return None
        if values[4] is not None and not (isinstance(values[4], int) and not isinstance(values[4], bool)
                                          and 0 <= values[4] <= values[2]):
            return None
        return cls(*values)

    @property
    def mean_leaf(self) -> Fraction | None:
        """Mean leaf grams per logged day of the recent days then; None without one."""
        per_day = self.days if self.logged_days is None else self.logged_days
        mean = mean_per_logged_day(self.leaf_mg, per_day)
        return None if mean is None else mean / 1000

    def until(self, settings: WarningSettings = WarningSettings()) -> dt.date:
        """The first day the warning shows again unless it gets worse sooner."""
        return self.on + dt.timedelta(days=settings.dismiss_days)


def _tenths_as_mg(tenths):
    return tenths * 100 if isinstance(tenths, int) and not isinstance(tenths, bool) else tenths


def dismissal_for(result: WarningResult) -> Dismissal:
    recent = result.figures.recent
    return Dismissal(result.today, recent.leaf_mg, recent.days, recent.use_days, recent.logged_days)


def is_dismissed(dismissal: Dismissal | None, result: WarningResult) -> bool:
    """Whether a warning that is on stays hidden because the person dismissed it.

    Hidden for ``dismiss_days`` from the day of dismissal, unless the figures
    got worse since: mean leaf grams per logged day of the recent days up by a
    further ``worse_percent`` or more, or more use days. Days with nothing
    logged count in neither mean, so a gap in logging makes nothing "worse".
    """
    if dismissal is None or not result.is_on:
        return False
    settings = result.settings
    if not 0 <= (result.today - dismissal.on).days < settings.dismiss_days:
        return False
    recent = result.figures.recent
    if recent.use_days > dismissal.use_days:
        return False
    then, now = dismissal.mean_leaf or Fraction(0), recent.mean_leaf
    if now is not None and now > then and now >= then * (1 + exact(settings.worse_percent) / 100):
        return False
    return True

