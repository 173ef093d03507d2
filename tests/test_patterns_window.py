"""Issue 19 in the real window: "Pain now" with a dose, "How is your pain now?"
later, the reduction plan on Today and in its dialog, and the timing lines
in the warning's "also in your log"."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kratomtrack.core.log_changes import EVERYTHING
from kratomtrack.core.records import Dose
from kratomtrack.core.reminder import PainAfterSetting
from kratomtrack.core.warning.settings import SETTING_FIELDS_BY_NAME, WarningSettings
from kratomtrack.core.warning.timing import FIRST_EARLIER, GAP_SHRUNK
from kratomtrack.store import plans, preferences
from kratomtrack.store.safety_status import current_warning
from kratomtrack.ui.settings.reminders import save_pain_after_setting
from conftest import real_today
from window_helpers import press, type_into

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date


def ago(n):
    return TODAY - dt.timedelta(days=n)


# --- pain now ----------------------------------------------------------------------------

def test_pain_now_is_one_tab_from_grams_stored_as_pain_before_and_undoable(window, db, qtbot):
    page = window.today_page
    qtbot.keyClicks(page.grams, "2.5")
    press(page.grams, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.pain_now
    qtbot.keyClicks(page.pain_now, "6")
    press(page.pain_now, Qt.Key.Key_Return)
    [dose] = db.doses_on(TODAY)
    assert (dose.grams, dose.pain_before, dose.pain_after) == (2.5, 6, None)
    assert page.pain_now.text() == "" and QApplication.focusWidget() is page.grams
    assert window.editor.undo() and db.doses_on(TODAY) == []
    assert window.editor.redo()
    [again] = db.doses_on(TODAY)
    assert again.pain_before == 6


def test_a_pain_now_outside_0_to_10_is_refused_next_to_its_field_and_nothing_is_stored(window, db, qtbot):
    page = window.today_page
    type_into(page.grams, "3")
    type_into(page.pain_now, "11")
    press(page.pain_now, Qt.Key.Key_Return)
    assert db.doses_on(TODAY) == []
    assert "0 to 10" in page.fields["pain_before"].problem.text()
    assert page.grams.text() == "3" and QApplication.focusWidget() is page.pain_now


def test_changing_a_dose_shows_its_pain_now_and_keeps_its_pain_after(window, db, qtbot):
    db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(0, 1)), 2.0, pain_before=7, pain_after=4))
    window.today_page.refresh()
    page = window.today_page
    page.dose_table.selectRow(0)
    page.edit_selected_dose()
    assert page.pain_now.text() == "7"
    type_into(page.grams, "2.5")
    press(page.grams, Qt.Key.Key_Return)
    [dose] = db.doses_on(TODAY)
    assert (dose.grams, dose.pain_before, dose.pain_after) == (2.5, 7, 4)


def test_shortcuts_list_names_the_pain_now_key():
    from kratomtrack.ui.pages.today.page import TodayPage

    assert any("Pain now" in what for _, what in TodayPage.KEYS)


# --- how is your pain now? -------------------------------------------------------------------

def test_pain_after_is_off_by_default_then_asked_once_saved_and_undoable(window, db, qtbot):
    taken = (dt.datetime.now() - dt.timedelta(hours=2, minutes=10)).replace(second=0, microsecond=0)
    dose = db.add_dose(Dose(taken, 3.0, pain_before=7), today=taken.date())
    prompt = window.today_page.pain_after_prompt
    assert prompt.timer.isActive()
    assert not prompt.check() and prompt.isHidden()  # off by default
    save_pain_after_setting(PainAfterSetting(True, 2))
    assert prompt.check() and not prompt.isHidden()
    assert "How is your pain now?" in prompt.question.text() and taken.strftime("%H:%M") in prompt.question.text()
    qtbot.mouseClick(prompt.buttons[3], Qt.MouseButton.LeftButton)
    assert db.dose(dose.id).pain_after == 3 and prompt.isHidden()
    assert "Pain after" in window.undo_stack.undoText()
    assert window.editor.undo() and db.dose(dose.id).pain_after is None
    assert not prompt.check()  # each dose is asked about once
    assert window.editor.redo() and db.dose(dose.id).pain_after == 3


def test_a_dose_due_when_the_window_opens_is_asked_about_right_after_the_start(open_window, db):
    save_pain_after_setting(PainAfterSetting(True, 2))
    taken = (dt.datetime.now() - dt.timedelta(hours=2, minutes=10)).replace(second=0, microsecond=0)
    db.add_dose(Dose(taken, 3.0, pain_before=6), today=taken.date())
    window = open_window(db)  # returns once the start has finished, well within the first minute
    prompt = window.today_page.pain_after_prompt
    assert prompt.isVisibleTo(window) and taken.strftime("%H:%M") in prompt.question.text()


def test_pain_after_is_not_asked_too_soon_or_without_a_pain_now(window, db):
    save_pain_after_setting(PainAfterSetting(True, 3))
    now = dt.datetime.now().replace(second=0, microsecond=0)
    db.add_dose(Dose(now - dt.timedelta(hours=2), 3.0, pain_before=7), today=now.date())
    db.add_dose(Dose(now - dt.timedelta(hours=3, minutes=5), 3.0), today=now.date())
    assert not window.today_page.pain_after_prompt.check()


def test_pain_after_setting_dialog_saves_on_ok(window, qtbot):
    from kratomtrack.ui.settings.reminders import load_pain_after_setting

    dialog = window.edit_pain_after()
    assert not dialog.settings_widget.enabled_box.isChecked()
    dialog.settings_widget.enabled_box.click()
    dialog.settings_widget.hours.setCurrentIndex(2)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert load_pain_after_setting() == PainAfterSetting(True, 3)


# --- the plan ---------------------------------------------------------------------------------

def test_plan_from_numbers_shows_steps_then_today_shows_planned_and_logged_all_undoable(window, db, qtbot):
    dialog = window.open_plan()
    dialog.from_date.setDate(dialog.from_date.date().addDays(-7))
    dialog.start_grams.setValue(6)
    dialog.end_grams.setValue(4)
    dialog.step_grams.setValue(1)
    dialog.days_per_step.setValue(7)
    dialog.work_out_button.click()
    assert [dialog.steps.item(r, 1).text() for r in range(dialog.steps.rowCount())] == ["6", "5", "4"]
    assert plans.all_plans(db) == []  # shown for confirmation, not stored yet
    dialog.start_button.click()
    [plan] = plans.all_plans(db)
    assert plan.active and plan.step_on(TODAY).leaf_mg == 5000
    assert "5 g leaf a day" in dialog.current_label.text()
    page = window.today_page
    type_into(page.grams, "4.5")
    press(page.grams, Qt.Key.Key_Return)
    assert page.plan_line.isVisible()
    assert page.plan_line.text() == "Your plan: planned 5 g · logged 4.5 g"
    # Without the dose today has nothing logged: unknown, not "logged 0 g" (issue 31).
    assert window.editor.undo() and page.plan_line.text() == "Your plan: planned 5 g · nothing logged yet today"
    assert window.editor.undo()  # the plan
    assert plans.all_plans(db) == [] and not page.plan_line.isVisible()
    assert dialog.current_label.text() == "No plan is on."
    assert window.editor.redo() and plans.active_plan(db) is not None and page.plan_line.isVisible()


def test_ending_a_plan_keeps_it_in_the_history_and_undo_puts_it_back_on(window, db, qtbot):
    dialog = window.open_plan()
    dialog.add_step_row()
    for column, text in enumerate((ago(10).isoformat(), "6", "3")):
        dialog.steps.item(0, column).setText(text)
    dialog.start_button.click()
    assert window.today_page.plan_line.text() == "Your plan: planned 6 g and 3 doses · nothing logged yet today"
    dialog.end_button.click()
    [plan] = plans.all_plans(db)
    assert plan.ended == TODAY and "Plans before:" in dialog.history_label.text()
    assert window.editor.undo() and plans.active_plan(db) is not None
    assert dialog.end_button.isEnabled()


def test_a_wrong_step_is_refused_in_words_and_nothing_is_stored(window, db):
    dialog = window.open_plan()
    dialog.add_step_row()
    dialog.steps.item(0, 0).setText("2026-13-01")
    dialog.steps.item(0, 1).setText("4")
    assert not dialog.start_plan()
    assert "YYYY-MM-DD" in dialog.problem.text() and plans.all_plans(db) == []
    dialog.steps.item(0, 0).setText(TODAY.isoformat())
    dialog.steps.item(0, 1).setText("4,5")
    assert not dialog.start_plan() and "point" in dialog.problem.text()


# --- timing in the warning's "also in your log" -------------------------------------------------

def timing_log(db, recent_grams=2.0):
    """12 weeks, two doses a day: 10:00 and 14:00 until 4 weeks ago, then 07:00 and 09:00."""
    with db.transaction():
        for n in range(84):
            early = n < 28
            grams = recent_grams if n < 7 else 2.0
            for at in ((dt.time(7), dt.time(9)) if early else (dt.time(10), dt.time(14))):
                db.add_dose(Dose(dt.datetime.combine(ago(n), at), grams))


def test_timing_lines_are_supporting_and_never_turn_the_warning_on(db):
    timing_log(db)
    result = current_warning(db, TODAY)
    assert result.level == "none"
    keys = [line.key for line in result.supporting]
    assert FIRST_EARLIER in keys and GAP_SHRUNK in keys
    first = next(line for line in result.supporting if line.key == FIRST_EARLIER)
    assert "07:00" in first.sentence and "10:00" in first.sentence and "pattern, not a diagnosis" in first.sentence


def test_timing_thresholds_are_settings_labelled_as_conventions(db):
    for name in ("timing_earlier_minutes", "timing_gap_shrink_percent"):
        assert "convention" in SETTING_FIELDS_BY_NAME[name].label
    timing_log(db)
    preferences.save_warning_settings(db, WarningSettings(timing_earlier_minutes=240))
    keys = [line.key for line in current_warning(db, TODAY).supporting]
    assert FIRST_EARLIER not in keys and GAP_SHRUNK in keys  # 3 h earlier is under 4 h


def test_banner_and_warning_command_show_the_timing_lines(window, db, run_cli):
    import json

    timing_log(db, recent_grams=4.0)
    window.announce(EVERYTHING)  # written straight to the log
    status, out, _ = run_cli("warning", "--json")
    command = json.loads(out)
    assert command["level"] == "warning"
    timing = [line for line in command["supporting"] if line["key"].startswith("timing_")]
    assert len(timing) == 2
    why = window.warning_banner.why_text.text()
    assert all(line["sentence"][1:] in why for line in timing)
