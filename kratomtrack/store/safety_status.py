"""The warning and alerts for a log on a day: the one place the window and the command ask.

``current_warning`` reads what the rule needs from the log (its doses, and
which days are logged at all: a day with nothing logged is unknown, never a
day without kratom) and calls
core.warning.rule.evaluate_warning; the banner and ``kratomtrack warning`` both
go through it (or through ``safety_status``, which adds the alerts, the
dismissal, the interaction caution and the help lines), so they always agree.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.checkups import (
    PEG_AFTER_DAYS_LOGGED,
    PEG_EVERY_DAYS,
    SDS_AFTER_DAYS_LOGGED,
    SDS_EVERY_DAYS,
    is_due,
)
from kratomtrack.core.safety import (
    CONCENTRATE_ALERT_DAYS,
    RED_FLAG_ALERT_DAYS,
    SafetyStatus,
    help_lines,
    interaction_caution,
    latest_concentrate,
    safety_alerts,
)
from kratomtrack.core.warning.dismissal import Dismissal, dismissal_for, is_dismissed
from kratomtrack.core.warning.results import WarningDay, WarningResult
from kratomtrack.core.warning.rule import evaluate_warning, lookback_days, warning_history
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.core.warning.timing import timing_days, with_timing_lines
from kratomtrack.store import checkups, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import logged_days_between


def current_warning(db: LogDatabase, today: dt.date | None = None,
                    *, settings: WarningSettings | None = None) -> WarningResult:
    """The dependence warning for the log on ``today``, with the stored settings;
    its supporting lines include the timing lines (which never turn it on)."""
    today = today or dt.date.today()
    settings = settings or preferences.warning_settings(db)
    start = today - dt.timedelta(days=max(lookback_days(settings), settings.sds_recent_days,
                                          timing_days(settings)) - 1)
    doses = db.doses_between(start, today)
    result = evaluate_warning(
        doses, today, logged_days=logged_days_between(db, start, today), settings=settings,
        first_day=db.first_day(),
        withdrawal_days=checkups.withdrawal_between(db, start, today),
        sds_scores={s.day: s.total for s in checkups.sds_between(db, start, today)},
    )
    return with_timing_lines(result, doses)


def safety_status(db: LogDatabase, today: dt.date | None = None,
                  *, default_country: str | None = None) -> SafetyStatus:
    """The warning, alerts and caution for ``today``.

    ``default_country`` is used for help lines when the person has not chosen
    a country (the window passes the system locale's).
    """
    today = today or dt.date.today()
    warning = current_warning(db, today)
    dismissal = preferences.warning_dismissal(db)
    start = today - dt.timedelta(days=max(CONCENTRATE_ALERT_DAYS, RED_FLAG_ALERT_DAYS) - 1)
    alerts = safety_alerts(db.doses_between(start, today),
                           checkups.red_flags_between(db, start, today), today,
                           concentrate_dismissed_through=preferences.concentrate_dismissed_through(db))
    return SafetyStatus(
        today, warning, dismissal, is_dismissed(dismissal, warning), tuple(alerts),
        interaction_caution(preferences.also_take(db)),
        help_lines(preferences.help_country(db) or default_country),
    )


def dismiss_warning(db: LogDatabase, today: dt.date | None = None) -> Dismissal:
    """Hide the warning for the dismissal period (it returns sooner if the figures get worse)."""
    dismissal = dismissal_for(current_warning(db, today))
    preferences.save_warning_dismissal(db, dismissal)
    return dismissal


def dismiss_concentrate_alert(db: LogDatabase, today: dt.date | None = None) -> None:
    """Hide the concentrate alert until the next extract or 7-OH dose."""
    today = today or dt.date.today()
    start = today - dt.timedelta(days=CONCENTRATE_ALERT_DAYS - 1)
    preferences.save_concentrate_dismissed_through(
        db, latest_concentrate(db.doses_between(start, today), start, today))


def warning_days(db: LogDatabase, start: dt.date, end: dt.date) -> list[WarningDay]:
    """The warning as it was on each day from start to end (for the doctor summary)."""
    settings = preferences.warning_settings(db)
    read_from = start - dt.timedelta(days=max(lookback_days(settings), settings.sds_recent_days) - 1)
    return warning_history(
        db.doses_between(read_from, end), start, end, logged_days=logged_days_between(db, read_from, end),
        settings=settings, first_day=db.first_day(),
        withdrawal_days=checkups.withdrawal_between(db, read_from, end),
        sds_scores={s.day: s.total for s in checkups.sds_between(db, read_from, end)},
    )


def checkup_due(db: LogDatabase, kind: str, today: dt.date | None = None) -> bool:
    """Whether to show the "due" marker for the weekly PEG or the monthly SDS."""
    today = today or dt.date.today()
    if not preferences.reminders_on(db, kind) or db.first_day() is None:
        return False  # never asked before anything is logged
    if kind == "peg":
        last, every, after = checkups.latest_peg(db, today), PEG_EVERY_DAYS, PEG_AFTER_DAYS_LOGGED
    else:
        last, every, after = checkups.latest_sds(db, today), SDS_EVERY_DAYS, SDS_AFTER_DAYS_LOGGED
    return is_due(last.day if last else None, today, every,
                  marker_dismissed_on=preferences.due_marker_dismissed_on(db, kind),
                  days_logged=db.days_with_a_record(today), after_days_logged=after)
