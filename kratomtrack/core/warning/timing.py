"""Timing lines for the warning's "also in your log" (never a trigger).

docs/health-content.md, "Patterns over time": the first dose of the day
moving earlier, or the median gap between doses shrinking, over the last 4
weeks against the 8 before, is described as a pattern, not a diagnosis. The
two thresholds are WarningSettings fields (conventions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from kratomtrack.core.patterns import PatternSettings, day_timings, timing_change, timing_lines
from kratomtrack.core.records import Dose
from kratomtrack.core.warning.results import SupportingLine, WarningResult
from kratomtrack.core.warning.settings import WarningSettings

FIRST_EARLIER = "timing_first_earlier"
GAP_SHRUNK = "timing_gap_shrunk"


def pattern_settings(settings: WarningSettings) -> PatternSettings:
    """The timing thresholds of the warning's settings, as core.patterns reads them."""
    return PatternSettings(earlier_minutes=settings.timing_earlier_minutes,
                           gap_shrink_percent=settings.timing_gap_shrink_percent)


def timing_days(settings: WarningSettings) -> int:
    """How many days up to today the timing comparison reads."""
    p = pattern_settings(settings)
    return p.recent_days + p.before_days


def with_timing_lines(result: WarningResult, doses: Iterable[Dose]) -> WarningResult:
    """``result`` with the timing lines added to its supporting lines; the level is unchanged.

    ``doses`` must cover ``timing_days`` up to the result's day.
    """
    p = pattern_settings(result.settings)
    start = result.today - dt.timedelta(days=timing_days(result.settings) - 1)
    change = timing_change(day_timings(d for d in doses if start <= d.day <= result.today), result.today, p)
    if change is None:
        return result
    lines = iter(timing_lines(change, p))
    added = []
    if change.first_earlier:
        added.append(SupportingLine(FIRST_EARLIER, next(lines), {
            "recent_first_dose": round(change.recent_first_minutes),
            "before_first_dose": round(change.before_first_minutes),
            "earlier_minutes": round(change.first_earlier_by)}))
    if change.gap_shrunk:
        added.append(SupportingLine(GAP_SHRUNK, next(lines), {
            "recent_median_gap_minutes": round(change.recent_gap),
            "before_median_gap_minutes": round(change.before_gap),
            "shrunk_percent": round(change.gap_shrunk_percent, 1)}))
    return replace(result, supporting=result.supporting + tuple(added)) if added else result
