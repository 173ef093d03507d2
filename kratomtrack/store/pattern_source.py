"""Patterns and the plan as of a day, read from the log (``kratomtrack patterns``,
``kratomtrack plan show``, Today's "planned · logged" line and Trends)."""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.daily import daily_totals
from kratomtrack.core.patterns import Patterns, PatternSettings, patterns
from kratomtrack.core.plan import PlanReport, plan_report
from kratomtrack.core.warning.timing import pattern_settings
from kratomtrack.store import checkups, plans, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import logged_days_between

# ``kratomtrack patterns`` describes the last 4 weeks by default.
DEFAULT_DAYS = 28


def patterns_as_of(db: LogDatabase, today: dt.date, days: int = DEFAULT_DAYS,
                   settings: PatternSettings | None = None) -> Patterns:
    """Timing and relief over the ``days`` ending ``today``; the timing change
    reads the weeks before as the settings say (by default the warning's
    stored timing thresholds, so ``patterns`` and ``warning`` agree)."""
    settings = settings or pattern_settings(preferences.warning_settings(db))
    start = today - dt.timedelta(days=days - 1)
    read_from = min(start, today - dt.timedelta(days=settings.recent_days + settings.before_days))
    return patterns(db.doses_between(read_from, today), start, today,
                    logged_days=logged_days_between(db, start, today), settings=settings)


def plan_as_of(db: LogDatabase, start: dt.date, end: dt.date) -> PlanReport | None:
    """The plan on (or else the latest) over start..end, planned against logged."""
    plan = plans.latest_plan(db)
    if plan is None:
        return None
    read_from = min(start, plan.start - dt.timedelta(days=28))
    return plan_report(plan, daily_totals(db.doses_between(start, end)),
                       list(db.checkins_between(read_from, end).values()),
                       [(s.day, s.total) for s in checkups.sds_between(db, start, end)], start, end,
                       logged_days_between(db, start, end))
