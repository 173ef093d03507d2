"""The summary's pain figures: mean, lowest and highest, and the first and
last two weeks compared (docs/health-content.md, "What the summary tells a
doctor"). Missing ratings are left out, never counted as 0."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from kratomtrack.core.daily import DayRecord

# Pain means are printed to one decimal; changes are computed from the printed means.
MEAN_DECIMALS = 1
# Two non-overlapping fortnights need 28 days; each needs this many ratings.
PAIN_PERIOD_DAYS = 14
MIN_RATED_DAYS_PER_PAIN_PERIOD = 7


@dataclass(frozen=True)
class PeriodPain:
    start: dt.date
    end: dt.date
    rated_days: int
    mean: float | None


@dataclass(frozen=True)
class PainSummary:
    rated_days: int
    mean: float | None
    lowest: int | None
    highest: int | None
    first_weeks: PeriodPain | None  # None when the range is too short for two fortnights
    last_weeks: PeriodPain | None
    peg: list[tuple[dt.date, float]]

    @property
    def comparable(self) -> bool:
        """Both fortnights have enough ratings for their means to be compared."""
        return (
            self.first_weeks is not None
            and self.last_weeks is not None
            and self.first_weeks.rated_days >= MIN_RATED_DAYS_PER_PAIN_PERIOD
            and self.last_weeks.rated_days >= MIN_RATED_DAYS_PER_PAIN_PERIOD
        )

    @property
    def change(self) -> float | None:
        """Last fortnight's mean minus the first's as printed, in points (negative: less pain).

        From the means as the summary prints them (one decimal), so that the
        change a reader works out from the two printed means is the one printed.
        """
        if not self.comparable:
            return None
        return round(self.last_weeks.mean, MEAN_DECIMALS) - round(self.first_weeks.mean, MEAN_DECIMALS)

    @property
    def change_percent(self) -> float | None:
        """The change in percent of the first fortnight's printed mean; None when that is 0."""
        first = round(self.first_weeks.mean, MEAN_DECIMALS) if self.comparable else 0
        if self.change is None or first == 0:
            return None
        return self.change / first * 100


def pain_summary(days: list[DayRecord], peg: list[tuple[dt.date, float]]) -> PainSummary:
    """Pain over the counted days; ``peg`` is the PEG scores in the range, sorted."""
    rated = [d.pain for d in days if d.pain is not None]
    first_weeks = last_weeks = None
    if len(days) >= 2 * PAIN_PERIOD_DAYS:
        first_weeks = _period_pain(days[:PAIN_PERIOD_DAYS])
        last_weeks = _period_pain(days[-PAIN_PERIOD_DAYS:])
    return PainSummary(
        rated_days=len(rated),
        mean=statistics.fmean(rated) if rated else None,
        lowest=min(rated) if rated else None,
        highest=max(rated) if rated else None,
        first_weeks=first_weeks,
        last_weeks=last_weeks,
        peg=peg,
    )


def _period_pain(days: list[DayRecord]) -> PeriodPain:
    rated = [d.pain for d in days if d.pain is not None]
    return PeriodPain(days[0].day, days[-1].day, len(rated),
                      statistics.fmean(rated) if rated else None)
