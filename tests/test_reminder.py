"""The daily reminder: when it fires (core), its setting (offscreen: no tray), and opening Today."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.reminder import ReminderSetting, should_remind, time_from_text, time_text
from kratomtrack.ui.app.reminder import DailyReminder, ReminderDialog, ReminderSettings
from kratomtrack.ui.settings.reminders import (
    last_reminded,
    load_reminder_setting,
    save_reminder_setting,
    set_last_reminded,
)

from conftest import real_today
from log_files import table_snapshot

pytestmark = pytest.mark.window

ON_AT_8PM = ReminderSetting(True, dt.time(20, 0))
DAY = dt.date(2026, 11, 20)


def at(hour, minute=0, day=DAY):
    return dt.datetime.combine(day, dt.time(hour, minute))


# --- when (core) ----------------------------------------------------------------------------

def test_off_by_default_and_off_never_reminds():
    assert ReminderSetting().enabled is False
    assert not should_remind(at(21), ReminderSetting(), last_reminded=None, logged_today=False)


def test_reminds_from_the_chosen_minute_on_a_day_with_nothing_logged():
    assert not should_remind(at(19, 59), ON_AT_8PM, last_reminded=None, logged_today=False)
    assert should_remind(at(20, 0), ON_AT_8PM, last_reminded=None, logged_today=False)
    # Later the same evening still reminds (the computer may have been asleep at 20:00).
    assert should_remind(at(23, 30), ON_AT_8PM, last_reminded=None, logged_today=False)


def test_a_dose_or_check_in_today_means_no_reminder():
    assert not should_remind(at(21), ON_AT_8PM, last_reminded=None, logged_today=True)


def test_reminds_once_a_day():
    assert not should_remind(at(21), ON_AT_8PM, last_reminded=DAY, logged_today=False)
    assert should_remind(at(21), ON_AT_8PM, last_reminded=DAY - dt.timedelta(days=1), logged_today=False)


def test_waits_while_the_window_is_in_front():
    assert not should_remind(at(21), ON_AT_8PM, last_reminded=None, logged_today=False,
                             window_in_front=True)


def test_stored_time_reads_back_and_damage_falls_back_to_the_default():
    assert time_from_text(time_text(dt.time(7, 5))) == dt.time(7, 5)
    for damaged in ("", "25:00", "noon", None, "7:5:3"):
        assert time_from_text(damaged) == dt.time(20, 0)


# --- stored setting ----------------------------------------------------------------------------

def test_setting_is_kept_in_qsettings_not_in_the_log(db, qsettings_in_tmp):
    before = table_snapshot(db)
    save_reminder_setting(ReminderSetting(True, dt.time(9, 30)))
    assert load_reminder_setting() == ReminderSetting(True, dt.time(9, 30))
    assert table_snapshot(db) == before
    assert "reminder" in "".join(p.read_text() for p in qsettings_in_tmp.rglob("*.ini"))


def test_damaged_stored_setting_reads_as_off(qsettings_in_tmp):
    from kratomtrack.ui.settings.window import app_settings

    settings = app_settings()
    settings.setValue("reminder/enabled", "maybe")
    settings.setValue("reminder/time", "late")
    settings.setValue("reminder/last_shown", "yesterday")
    settings.sync()
    assert load_reminder_setting() == ReminderSetting()
    assert last_reminded() is None


# --- the setting's widget, offscreen: no system tray -----------------------------------------------

def test_without_a_tray_the_setting_says_so_and_is_disabled(qtbot):
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # the offscreen platform has none
    save_reminder_setting(ON_AT_8PM)
    widget = ReminderSettings()
    qtbot.addWidget(widget)
    assert not widget.isEnabled()
    assert not widget.enabled_box.isChecked()
    assert "no system tray" in widget.explanation.text()


def test_without_a_tray_the_dialog_only_closes_and_keeps_what_is_stored(qtbot):
    save_reminder_setting(ReminderSetting(True, dt.time(7, 0)))
    dialog = ReminderDialog()
    qtbot.addWidget(dialog)
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok) is None
    dialog.buttons.button(dialog.buttons.StandardButton.Close).click()
    assert load_reminder_setting() == ReminderSetting(True, dt.time(7, 0))


def test_with_a_tray_the_setting_turns_on_at_a_chosen_time(qtbot):
    dialog = ReminderDialog(available=True)
    qtbot.addWidget(dialog)
    widget = dialog.settings_widget
    assert widget.isEnabled() and not widget.enabled_box.isChecked()
    assert not widget.time_edit.isEnabled()  # no time to choose while off
    widget.enabled_box.click()
    assert widget.time_edit.isEnabled()
    widget.time_edit.setTime(widget.time_edit.time().fromString("21:15", "HH:mm"))
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert saved.args == [ReminderSetting(True, dt.time(21, 15))]
    assert load_reminder_setting() == ReminderSetting(True, dt.time(21, 15))


# --- the reminder over a real log ---------------------------------------------------------------------

@pytest.fixture
def reminder(db, qtbot):
    """A DailyReminder at 20:05 on DAY, turned on at 20:00; no tray, so no timer and no icon."""
    now = at(20, 5)
    made = DailyReminder(db, clock=lambda: now, available=False)
    made.apply_setting(ON_AT_8PM)
    yield made
    made.stop()


def test_due_on_a_day_with_nothing_logged(reminder):
    assert reminder.due()


def test_not_due_after_a_dose_today(reminder, db):
    db.add_dose(Dose(at(8), 2.0), today=DAY)
    assert not reminder.due()


def test_not_due_after_a_check_in_today(reminder, db):
    db.save_checkin(CheckIn(DAY, pain=3), today=DAY)
    assert not reminder.due()


def test_a_dose_yesterday_does_not_count_for_today(reminder, db):
    db.add_dose(Dose(at(8, day=DAY - dt.timedelta(days=1)), 2.0), today=DAY)
    assert reminder.due()


def test_not_due_again_once_shown_today(reminder):
    set_last_reminded(DAY)
    assert not reminder.due()


def test_without_a_tray_nothing_runs_and_nothing_is_shown(reminder):
    assert not reminder.running
    assert reminder.tray is None
    assert reminder.check() is False
    assert last_reminded() is None


# --- the window -------------------------------------------------------------------------------------

def test_the_window_starts_with_the_reminder_off_and_no_timer(window):
    assert window.reminder.setting.enabled is False
    assert not window.reminder.running


def test_edit_menu_opens_the_reminder_setting(window, qtbot):
    assert window.reminder_action in window.edit_menu.actions()
    dialog = window.edit_reminder()
    qtbot.waitExposed(dialog)
    assert isinstance(dialog, ReminderDialog)
    dialog.reject()


def test_clicking_the_notification_opens_today_in_front(window, qtbot):
    window.show_page("history")
    window.open_day(real_today() - dt.timedelta(days=3))
    window.show_page("history")
    window.showMinimized()
    window.reminder.open_today.emit()  # what the tray's messageClicked is connected to
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=2000)
    assert window.current_page_name() == "today"
    assert window.today_page.day == real_today()
