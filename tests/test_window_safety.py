"""Issue 5's warning, alerts, check-ups and settings, and issue 6's "for my doctor", in the real window."""

import datetime as dt
import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from kratomtrack.core.checkups import Peg, Sds
from kratomtrack.core.log_changes import EVERYTHING, LogChanges
from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.store import checkups, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.dialogs.checkups import PegDialog, SdsDialog
from kratomtrack.ui.dialogs.settings import SettingsDialog
from kratomtrack.ui.widgets.warning_banner import SETTINGS_LINK
from conftest import real_today
from log_files import table_snapshot
from window_helpers import answer_next_dialog, press, type_into

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date


def ago(n):
    return TODAY - dt.timedelta(days=n)


def steady_baseline(db, first=7, last=40, grams=2.0):
    """2 g a day (one dose) from ``last`` days ago up to ``first`` days ago."""
    with db.transaction():
        for n in range(first, last + 1):
            db.add_dose(Dose(dt.datetime.combine(ago(n), dt.time(9)), grams))


def rising_log(db):
    """The baseline, then 4 g a day for the last 7 days: 7 of 7 days, +100%, +2 g/day."""
    steady_baseline(db)
    with db.transaction():
        for n in range(7):
            db.add_dose(Dose(dt.datetime.combine(ago(n), dt.time(9)), 4.0))


def log_in_window(window, day, grams, time="09:00"):
    """Log a dose as a person does: open the day, type the time and grams, press Enter."""
    window.open_day(day)
    page = window.today_page
    type_into(page.time, time)
    type_into(page.grams, grams)
    press(page.grams, Qt.Key.Key_Return)
    assert not any(box.has_problem for box in page.fields.values())


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tick(qtbot, box):
    """Click a check box on its box (a wide one's middle is empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


# --- the banner --------------------------------------------------------------------------


def test_banner_appears_and_disappears_with_doses_logged_and_undone_in_the_window(window, db, qtbot):
    steady_baseline(db)
    window.announce(EVERYTHING)  # written straight to the log
    banner = window.warning_banner
    assert banner.isHidden() and window.warning_strip.height() == 0
    for n in range(6, -1, -1):
        log_in_window(window, ago(n), "4", "10:00" if n else "")
    assert banner.visible_kinds() == ["warning"]
    for page in ("history", "trends", "today"):  # in the strip above every page
        window.show_page(page)
        assert banner.isVisible()
    for _ in range(3):  # three of the seven days undone: no longer frequent
        window.undo_action.trigger()
    assert db.doses_on(ago(2)) == [] and len(db.doses_on(ago(3))) == 1
    assert banner.isHidden() and banner.visible_kinds() == []


def test_explanation_shows_the_figures_of_the_log(window, db, qtbot):
    rising_log(db)
    preferences.set_help_country(db, "GB")
    window.announce(EVERYTHING)  # written straight to the log
    banner = window.warning_banner
    click(qtbot, banner.why_button)
    click(qtbot, banner.what_button)
    assert banner.why_text.isVisible() and banner.what_text.isVisible()
    why = banner.why_text.text()
    assert "Used 7 of the last 7 days" in why
    assert "Average 4.0 g per logged day this week vs 2.0 g over the 3 weeks before" in why
    assert "conventions, not validated medical cut-offs" in why
    assert "FRANK: 0300 123 6600" in banner.what_text.text()


def test_banner_and_warning_command_agree_on_the_same_log_and_day(window, db, run_cli):
    rising_log(db)
    db.add_dose(Dose(dt.datetime.combine(ago(1), dt.time(20)), 5.5))  # a supporting line: 5 g or more
    checkups.set_red_flag(db, ago(2), "dark urine")
    preferences.set_help_country(db, "AU")
    window.announce(EVERYTHING)  # written straight to the log
    status, out, _ = run_cli("warning", "--json")
    assert status == 0
    command = json.loads(out)
    # The command adds the time since the last dose (Today shows it under the dose form).
    assert isinstance(command.pop("since_last_dose_minutes"), int)
    banner = window.warning_banner
    assert banner.status.as_dict() == command
    assert command["level"] == "warning"
    assert banner.visible_kinds() == ["liver", "warning"]
    why = banner.why_text.text()
    for condition in command["conditions"]:
        sentence = condition["sentence"][:1].upper() + condition["sentence"][1:]
        assert (sentence in why) == condition["held"], sentence
    assert all(line["sentence"][1:] in why for line in command["supporting"])


def test_dismissal_survives_a_restart_and_worsening_brings_the_warning_back(
        open_window, db, data_dir, qtbot):
    rising_log(db)
    first = open_window(db)
    click(qtbot, first.warning_banner.dismiss_button)
    assert first.warning_banner.visible_kinds() == ["dismissed"]
    first.close()
    with LogDatabase.open_folder(data_dir) as reopened:
        second = open_window(reopened)
        qtbot.waitUntil(lambda: second.start_finished, timeout=5000)  # the banner is filled then
        banner = second.warning_banner
        assert banner.visible_kinds() == ["dismissed"]
        assert "dismissed until" in banner.dismissed_box.title.text()
        log_in_window(second, TODAY, "1", "")  # +3.6% over the last 7 days: still dismissed
        assert banner.visible_kinds() == ["dismissed"]
        log_in_window(second, TODAY, "2", "")  # +10.7%: worse, so back before the 7 days are up
        assert banner.visible_kinds() == ["warning"]
        second.close()


def test_settings_link_in_the_explanation_opens_settings(window, db, qtbot):
    rising_log(db)
    window.announce(EVERYTHING)  # written straight to the log
    window.warning_banner.expand()
    assert f"href='{SETTINGS_LINK}'" in window.warning_banner.why_text.text()
    window.warning_banner.why_text.linkActivated.emit(SETTINGS_LINK)
    dialog = window.findChildren(SettingsDialog)[-1]
    assert dialog.isVisible()
    dialog.reject()


# --- red flags ------------------------------------------------------------------------------


def test_a_red_flag_ticked_on_today_raises_its_alert_at_once_and_undo_removes_it(window, db, qtbot):
    page = window.today_page
    flags = page.red_flags
    assert flags.body.isHidden()  # collapsed until opened
    click(qtbot, flags.header)
    tick(qtbot, flags.boxes["seizure"])
    assert checkups.red_flags_on(db, TODAY) == {"seizure"}
    banner = window.warning_banner
    assert banner.visible_kinds() == ["emergency"]  # no wait: at once
    assert "call the local emergency number" in banner.alert_boxes[0].text.text()
    window.show_page("history")
    assert banner.isVisible()
    assert "Undo Tick red flag “seizure”" == window.undo_action.text().replace("&", "")
    window.undo_action.trigger()
    assert checkups.red_flags_on(db, TODAY) == set() and banner.isHidden()
    window.redo_action.trigger()
    assert banner.visible_kinds() == ["emergency"]


def test_red_flags_follow_the_day_shown(window, db, qtbot):
    checkups.set_red_flag(db, ago(3), "pale stools")
    window.open_day(ago(3))
    assert window.today_page.red_flags.ticked() == {"pale stools"}
    window.open_day(ago(2))
    assert window.today_page.red_flags.ticked() == set()
    window.red_flags_action.trigger()  # Check-ups → Red flags: opens the section
    assert window.today_page.red_flags.header.isChecked()


# --- PEG and SDS ------------------------------------------------------------------------------


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_peg_answered_from_the_menu_is_scored_stored_and_undoable(window, db, qtbot):
    window.peg_action.trigger()
    dialog = window.findChildren(PegDialog)[-1]
    assert dialog.isVisible() and not save_button(dialog).isEnabled()
    for item, value in enumerate((7, 5, 4)):
        click(qtbot, dialog.groups[item].button(value))
    assert dialog.result_label.text() == "Score: 5.3 of 10 (the mean of the three answers)"
    click(qtbot, save_button(dialog))
    [peg] = checkups.all_pegs(db)
    assert peg == Peg(TODAY, 7, 5, 4) and round(peg.score, 1) == 5.3
    window.undo_action.trigger()
    assert checkups.all_pegs(db) == []
    window.redo_action.trigger()
    assert checkups.all_pegs(db) == [Peg(TODAY, 7, 5, 4)]


def test_sds_answered_from_the_menu_is_scored_and_stored(window, db, qtbot):
    window.sds_action.trigger()
    dialog = window.findChildren(SdsDialog)[-1]
    for item, value in enumerate((1, 0, 1, 0, 2)):
        click(qtbot, dialog.groups[item].button(value))
    assert dialog.result_label.text() == "Total: 4 of 15"
    assert "worth discussing with your doctor" in dialog.note.text()
    click(qtbot, save_button(dialog))
    assert checkups.sds_on(db, TODAY) == Sds(TODAY, (1, 0, 1, 0, 2))


def test_due_markers_show_on_today_and_not_now_lasts_across_a_restart(open_window, db, data_dir, qtbot):
    for n_ago in range(30, 2, -1):  # 28 days with a record: both check-ups may be offered
        db.add_dose(Dose(dt.datetime.combine(ago(n_ago), dt.time(9)), 2.0))
    checkups.save_peg(db, Peg(ago(2), 3, 3, 3))
    window = open_window(db)
    markers = window.today_page.due_markers
    assert markers["peg"].isHidden()  # answered two days ago
    assert markers["sds"].isVisible()
    click(qtbot, markers["sds"].later_button)
    assert markers["sds"].isHidden()
    window.close()
    with LogDatabase.open_folder(data_dir) as reopened:
        checkups.delete_peg(reopened, ago(2))
        again = open_window(reopened)
        markers = again.today_page.due_markers
        assert markers["sds"].isHidden() and markers["peg"].isVisible()
        click(qtbot, markers["peg"].answer_button)
        dialog = again.findChildren(PegDialog)[-1]
        for item in range(3):
            click(qtbot, dialog.groups[item].button(2))
        click(qtbot, save_button(dialog))
        assert markers["peg"].isHidden() and checkups.peg_on(reopened, TODAY) == Peg(TODAY, 2, 2, 2)
        again.close()


def test_check_ups_are_listed_in_history_within_its_range(window, db, qtbot):
    checkups.save_peg(db, Peg(ago(3), 6, 5, 4))
    checkups.save_sds(db, Sds(ago(20), (1, 1, 1, 1, 1)))
    window.show_page("history")
    table = window.history_page.checkups.table
    assert table.isVisible()
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == [
        "Weekly pain check (PEG)", "Severity of Dependence Scale"]
    assert table.item(0, 2).text() == "5.0 of 10"
    window.history_page.from_edit.setDate(ago(10))
    assert table.rowCount() == 1
    window.open_day(TODAY)
    click(qtbot, window.today_page.red_flags.header)
    window.today_page.red_flags.boxes["dark urine"].click()
    window.show_page("history")
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == ["dark urine", "5.0 of 10"]
    table.selectRow(0)
    click(qtbot, window.history_page.checkups.edit_button)  # red flags are ticked on their day
    assert window.current_page_name() == "today" and window.today_page.red_flags.header.isChecked()


def test_a_check_up_deleted_in_history_comes_back_with_edit_undo(window, db, qtbot):
    checkups.save_sds(db, Sds(ago(5), (2, 2, 2, 2, 2)))
    window.show_page("history")
    history = window.history_page.checkups
    history.table.selectRow(0)
    click(qtbot, history.delete_button)
    assert checkups.all_sds(db) == [] and history.table.rowCount() == 0
    assert "Edit → Undo" in history.status.text()
    window.undo_action.trigger()
    assert checkups.all_sds(db) == [Sds(ago(5), (2, 2, 2, 2, 2))] and history.table.rowCount() == 1


# --- settings ---------------------------------------------------------------------------------


def test_settings_save_refresh_the_banner_and_reset_to_defaults(window, db, qtbot):
    rising_log(db)
    window.announce(EVERYTHING)  # written straight to the log
    assert window.warning_banner.visible_kinds() == ["warning"]
    window.settings_action.trigger()
    dialog = window.findChildren(SettingsDialog)[-1]
    dialog.inputs["rise_percent"].setValue(150)  # +100% is no longer "rising"
    alcohol = dialog.background.substances["alcohol"].taken  # "I also take" is on "For my doctor" now
    alcohol.setCurrentIndex(alcohol.findData("yes"))
    dialog.save()
    assert preferences.warning_settings(db) == WarningSettings(rise_percent=150.0)
    assert window.warning_banner.visible_kinds() == ["caution"]
    assert window.statusBar().currentMessage() == "Settings saved."
    again = window.open_settings()
    assert again.inputs["rise_percent"].value() == 150
    click(qtbot, again.reset_button)
    again.save()
    assert preferences.warning_settings(db) == WarningSettings()
    assert window.warning_banner.visible_kinds() == ["warning", "caution"]


def test_settings_keep_name_and_date_of_birth_for_the_summary(window, db, qtbot):
    from PySide6.QtCore import QDate

    from kratomtrack.ui.widgets.qdates import DAY_FORMAT

    dialog = window.open_settings()
    assert "printed on the summary for your doctor" in dialog.findChild(type(dialog.problem), "summary_note").text()
    assert dialog.born() is None and dialog.birth_date.text() == "not given"
    # The window's date style with its calendar, not a typed YYYY-MM-DD.
    assert dialog.birth_date.displayFormat() == DAY_FORMAT and dialog.birth_date.calendarPopup()
    type_into(dialog.patient_name, "Alex Example")
    dialog.birth_date.setDate(QDate(1961, 4, 30))  # before the log's earliest day (1970)
    dialog.save()
    assert preferences.patient_name(db) == "Alex Example"
    assert preferences.birth_date(db) == dt.date(1961, 4, 30)
    again = window.open_settings()
    assert again.patient_name.text() == "Alex Example" and again.born() == dt.date(1961, 4, 30)
    assert again.birth_date.text() == "Sunday 30 April 1961"
    click(qtbot, again.clear_born_button)
    assert again.birth_date.text() == "not given"
    again.save()
    assert preferences.birth_date(db) is None and preferences.patient_name(db) == "Alex Example"


def test_settings_open_on_the_person_and_keep_the_thresholds_under_advanced(window, db):
    from kratomtrack.core.warning.settings import SETTING_FIELDS
    from kratomtrack.core.warning.words import THRESHOLDS_ARE_CONVENTIONS

    dialog = window.open_settings()
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "You", "For my doctor", "Advanced", "Privacy", "Backups", "Sync"]
    assert dialog.tabs.currentIndex() == 0
    first = dialog.tabs.widget(0)
    for part in (dialog.patient_name, dialog.birth_date, dialog.country, dialog.peg_reminders,
                 dialog.sds_reminders):
        assert first.isAncestorOf(part)
    advanced = dialog.tabs.widget(2)
    statement = dialog.findChild(type(dialog.problem), "conventions_statement")
    assert advanced.isAncestorOf(statement) and statement.text().startswith(THRESHOLDS_ARE_CONVENTIONS)
    # Made from SETTING_FIELDS: a field added there appears with no change to the dialog.
    assert list(dialog.inputs) == [f.name for f in SETTING_FIELDS]
    assert all(advanced.isAncestorOf(spin) for spin in dialog.inputs.values())


# --- "for my doctor" -------------------------------------------------------------------------


def test_for_my_doctor_tick_saves_the_note_marks_it_and_survives_a_restart(
        open_window, db, data_dir, qtbot):
    window = open_window(db)
    page = window.today_page
    assert not page.for_doctor.isEnabled()  # nothing to mark without a note
    type_into(page.day_note, "Ask about sleep")
    assert page.for_doctor.isEnabled()
    tick(qtbot, page.for_doctor)  # a day without a check-in: the note is saved first
    assert db.checkin(TODAY) == CheckIn(TODAY, None, {}, "Ask about sleep")
    assert db.for_doctor(TODAY)
    click(qtbot, page.pain.group.button(6))  # saving the day's check-in keeps the mark
    assert db.checkin(TODAY).pain == 6 and db.for_doctor(TODAY)
    window.close()
    with LogDatabase.open_folder(data_dir) as reopened:
        again = open_window(reopened)
        assert again.today_page.for_doctor.isChecked()
        again.close()


def test_for_my_doctor_is_undoable_and_comes_back_with_a_deleted_day(window, db, qtbot):
    db.save_checkin(CheckIn(ago(1), 4, {}, "Dizzy after the new product"))
    window.open_day(ago(1))
    page = window.today_page
    tick(qtbot, page.for_doctor)
    assert db.for_doctor(ago(1))
    window.undo_action.trigger()
    assert not db.for_doctor(ago(1)) and not page.for_doctor.isChecked()
    window.redo_action.trigger()
    assert db.for_doctor(ago(1)) and page.for_doctor.isChecked()
    window.show_page("history")
    assert window.history_page.select_day(ago(1))
    answer_next_dialog("Delete day")
    window.history_page.delete_current()
    assert db.checkin(ago(1)) is None
    window.undo_action.trigger()
    assert db.checkin(ago(1)).note == "Dizzy after the new product" and db.for_doctor(ago(1))


def test_undoing_an_emptied_note_puts_its_mark_back(window, db, qtbot):
    db.save_checkin(CheckIn(TODAY, None, {}, "Ask about sleep"))
    window.announce(LogChanges.on_days([TODAY], checkins=True))
    page = window.today_page
    tick(qtbot, page.for_doctor)
    page.day_note.selectAll()
    page.day_note.clear()
    page.save_day_note()  # the check-in is now empty, so the day's row goes
    assert db.checkin(TODAY) is None
    window.undo_action.trigger()
    assert db.checkin(TODAY).note == "Ask about sleep" and db.for_doctor(TODAY)
