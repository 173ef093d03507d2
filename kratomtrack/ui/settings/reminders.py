"""The reminders' settings on this computer: the daily reminder and the pain-after question.

Kept in the window's QSettings (ui/settings/window.py), not in the log: they
are about this computer's desktop, not part of the health record, so they are
not exported, imported or printed (see ui/app/reminder.py). Apart from the
reminder's window code so that Today's pain-after strip reads them without
importing the app.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.reminder import (
    DEFAULT_PAIN_AFTER_HOURS,
    PAIN_AFTER_HOURS,
    PainAfterSetting,
    ReminderSetting,
    time_from_text,
    time_text,
)
from kratomtrack.ui.settings.window import app_settings

ENABLED_KEY = "reminder/enabled"
TIME_KEY = "reminder/time"
LAST_SHOWN_KEY = "reminder/last_shown"
PAIN_AFTER_KEY = "reminder/pain_after"
PAIN_AFTER_HOURS_KEY = "reminder/pain_after_hours"
PAIN_AFTER_ASKED_KEY = "reminder/pain_after_asked"
ASKED_KEPT = 50  # dose ids remembered as asked about (the latest ones)



def load_reminder_setting() -> ReminderSetting:
    settings = app_settings()
    enabled = str(settings.value(ENABLED_KEY, "false")).lower() in ("true", "1")
    return ReminderSetting(enabled, time_from_text(settings.value(TIME_KEY, "")))


def save_reminder_setting(setting: ReminderSetting) -> None:
    settings = app_settings()
    settings.setValue(ENABLED_KEY, setting.enabled)
    settings.setValue(TIME_KEY, time_text(setting.at))
    settings.sync()


def last_reminded() -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(app_settings().value(LAST_SHOWN_KEY, "")))
    except ValueError:
        return None


def set_last_reminded(day: dt.date) -> None:
    settings = app_settings()
    settings.setValue(LAST_SHOWN_KEY, day.isoformat())
    settings.sync()


def load_pain_after_setting() -> PainAfterSetting:
    settings = app_settings()
    enabled = str(settings.value(PAIN_AFTER_KEY, "false")).lower() in ("true", "1")
    try:
        hours = int(settings.value(PAIN_AFTER_HOURS_KEY, DEFAULT_PAIN_AFTER_HOURS))
    except (TypeError, ValueError):
        hours = DEFAULT_PAIN_AFTER_HOURS
    return PainAfterSetting(enabled, hours if hours in PAIN_AFTER_HOURS else DEFAULT_PAIN_AFTER_HOURS)


def save_pain_after_setting(setting: PainAfterSetting) -> None:
    settings = app_settings()
    settings.setValue(PAIN_AFTER_KEY, setting.enabled)
    settings.setValue(PAIN_AFTER_HOURS_KEY, setting.hours)
    settings.sync()


def pain_after_asked() -> set[int]:
    """Ids of the doses already asked about (each is asked once)."""
    text = str(app_settings().value(PAIN_AFTER_ASKED_KEY, ""))
    return {int(part) for part in text.split(",") if part.strip().isdigit()}


def set_pain_after_asked(dose_id: int) -> None:
    kept = sorted(pain_after_asked() | {dose_id})[-ASKED_KEPT:]
    settings = app_settings()
    settings.setValue(PAIN_AFTER_ASKED_KEY, ",".join(map(str, kept)))
    settings.sync()
