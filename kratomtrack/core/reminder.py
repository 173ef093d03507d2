"""The daily reminder: when to invite the person to log (plain rules, no clock of its own).

The reminder is off unless the person turns it on. When on, it fires once a
day, at or after the chosen time, and only on a day with nothing logged yet
(no dose and no check-in). It waits while the window is in front: the person
is already there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# How often a running reminder (the daily one, and "How is your pain now?")
# looks at the clock: the rules below are checked once a minute.
CHECK_INTERVAL_MS = 60_000

DEFAULT_TIME = dt.time(20, 0)


@dataclass(frozen=True)
class ReminderSetting:
    """On or off, and the time of day from which to remind."""

    enabled: bool = False
    at: dt.time = DEFAULT_TIME


def should_remind(
    now: dt.datetime,
    setting: ReminderSetting,
    *,
    last_reminded: dt.date | None,
    logged_today: bool,
    window_in_front: bool = False,
) -> bool:
    """True if the reminder should be shown at ``now``.

    ``last_reminded`` is the day it was last shown (None if never);
    ``logged_today`` is whether ``now``'s day has a dose or a check-in.
    A time past the chosen one still reminds (the computer may have been
    asleep at that minute), but never twice on one day.
    """
    if not setting.enabled or logged_today or window_in_front:
        return False
    if last_reminded is not None and last_reminded >= now.date():
        return False
    return now.time().replace(second=0, microsecond=0) >= setting.at.replace(second=0, microsecond=0)


def time_text(at: dt.time) -> str:
    """The stored form of a reminder time: "HH:MM"."""
    return at.strftime("%H:%M")


def time_from_text(text: object, default: dt.time = DEFAULT_TIME) -> dt.time:
    """Read a stored "HH:MM"; anything else gives ``default`` (a damaged setting must not stop the app)."""
    try:
        hours, minutes = str(text).split(":")
        return dt.time(int(hours), int(minutes))
    except (ValueError, TypeError):
        return default


# "How is your pain now?" (docs/health-content.md, "Patterns over time"):
# asked 1-3 h after a dose logged with its pain now, once per dose.
PAIN_AFTER_HOURS = (1, 2, 3)
DEFAULT_PAIN_AFTER_HOURS = 2
# A dose older than this many hours past the chosen delay is not asked about
# (the window may have been closed; pain much later says little about the dose).
PAIN_AFTER_LATE_HOURS = 2


@dataclass(frozen=True)
class PainAfterSetting:
    """Off unless the person turns it on; asked ``hours`` after a dose."""

    enabled: bool = False
    hours: int = DEFAULT_PAIN_AFTER_HOURS


def pain_after_due(doses, now: dt.datetime, setting: PainAfterSetting, asked: set[int]):
    """The dose to ask "How is your pain now?" about at ``now``, or None.

    The latest dose with a pain now and no pain after yet, taken between
    ``hours`` and ``hours + PAIN_AFTER_LATE_HOURS`` ago, not asked about before.
    """
    if not setting.enabled:
        return None
    due_after = now - dt.timedelta(hours=setting.hours)
    too_old = due_after - dt.timedelta(hours=PAIN_AFTER_LATE_HOURS)
    waiting = [d for d in doses if d.pain_before is not None and d.pain_after is None
               and d.id not in asked and too_old <= d.taken_at <= due_after]
    return max(waiting, key=lambda d: d.taken_at, default=None)
