"""The Today page driven by keyboard and mouse through the real window on a real log."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from kratomtrack.core.log_changes import LogChanges
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store.database import LogDatabase
from conftest import real_today
from window_helpers import answer_next_dialog, fill_to_the_brim, make_room, press, type_into

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date
YESTERDAY = TODAY - dt.timedelta(days=1)


def test_grams_has_focus_at_start_and_a_number_and_enter_log_a_dose_now(window, db, qtbot):
    page = window.today_page
    assert QApplication.focusWidget() is page.grams
    before = dt.datetime.now().replace(second=0, microsecond=0)
    QApplication.focusWidget() and qtbot.keyClicks(page.grams, "2.5")
    press(page.grams, Qt.Key.Key_Return)
    after = dt.datetime.now()
    [dose] = db.doses_on(TODAY)
    assert dose.grams == 2.5 and dose.form is Form.POWDER
    assert before <= dose.taken_at <= after
    assert page.dose_table.rowCount() == 1 and page.dose_table.item(0, 1).text() == "2.5 g"
    assert page.grams.text() == "" and QApplication.focusWidget() is page.grams
    assert "Saved" in window.statusBar().currentMessage()


def test_enter_uses_the_form_and_product_used_last(open_window, db):
    db.add_dose(Dose(dt.datetime.combine(YESTERDAY, dt.time(20, 0)), 3.0, Form.CAPSULES, "Red caps"))
    window = open_window(db)
    type_into(window.today_page.grams, "4")
    press(window.today_page.grams, Qt.Key.Key_Enter)
    [dose] = db.doses_on(TODAY)
    assert (dose.grams, dose.form, dose.product) == (4.0, Form.CAPSULES, "Red caps")


def test_pain_now_time_form_product_and_note_are_one_tab_away(window, db, qtbot):
    page = window.today_page
    qtbot.keyClicks(page.grams, "1.5")
    press(page.grams, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.pain_now
    qtbot.keyClicks(page.pain_now, "7")
    press(page.pain_now, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.time
    qtbot.keyClicks(page.time, "7:05")
    press(page.time, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.form
    qtbot.keyClicks(page.form, "tea")
    press(page.form, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.product
    page.product.clear()
    qtbot.keyClicks(page.product, "Leaf tea")
    press(page.product, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.dose_note
    qtbot.keyClicks(page.dose_note, "with breakfast")
    press(page.dose_note, Qt.Key.Key_Return)
    [dose] = db.doses_on(TODAY)
    assert dose.taken_at == dt.datetime.combine(TODAY, dt.time(7, 5))
    assert (dose.grams, dose.form, dose.product, dose.note) == (1.5, Form.TEA, "Leaf tea", "with breakfast")
    assert (dose.pain_before, dose.pain_after) == (7, None)


def test_a_refused_value_is_shown_next_to_its_field_and_the_rest_is_kept(window, db, qtbot):
    page = window.today_page
    qtbot.keyClicks(page.grams, "1,500")  # a thousands separator or a decimal comma: never guessed
    page.time.setText("25:70")
    page.product.setText("My product")
    page.dose_note.setText("after a bad night")
    press(page.grams, Qt.Key.Key_Return)
    assert db.doses_on(TODAY) == []
    assert "could be 1.5 or 1500" in page.fields["grams"].problem.text()
    assert "not a time" in page.fields["time"].problem.text()
    assert page.fields["grams"].problem.isVisible() and page.fields["time"].problem.isVisible()
    assert not page.fields["product"].problem.isVisible()
    assert (page.grams.text(), page.time.text(), page.product.text(), page.dose_note.text()) == (
        "1,500", "25:70", "My product", "after a bad night")
    assert QApplication.focusWidget() is page.grams  # the first refused field
    page.grams.setText("")
    qtbot.keyClicks(page.grams, "2.5")
    assert not page.fields["grams"].problem.isVisible()  # typing clears its message
    page.time.setText("9:30")
    press(page.grams, Qt.Key.Key_Return)
    [dose] = db.doses_on(TODAY)
    assert (dose.grams, dose.product, dose.note) == (2.5, "My product", "after a bad night")


def test_out_of_range_grams_are_refused_in_words(window, db, qtbot):
    page = window.today_page
    for typed, words in (("0", "more than 0"), ("150", "at most 100"), ("abc", "not a number"),
                         ("", "empty"), ("2.555", "two decimal places")):
        page.grams.setText(typed)
        press(page.grams, Qt.Key.Key_Return)
        assert words in page.fields["grams"].problem.text()
    assert db.doses_on(TODAY) == []


def test_a_past_day_needs_a_time_typed_and_keeps_the_grams(window, db, qtbot):
    page = window.today_page
    window.open_day(YESTERDAY)
    qtbot.keyClicks(page.grams, "3")
    press(page.grams, Qt.Key.Key_Return)
    assert db.doses_on(YESTERDAY) == []
    assert "time you took it" in page.fields["time"].problem.text()
    assert page.grams.text() == "3" and QApplication.focusWidget() is page.time
    qtbot.keyClicks(page.time, "2115")
    press(page.time, Qt.Key.Key_Return)
    [dose] = db.doses_on(YESTERDAY)
    assert dose.taken_at == dt.datetime.combine(YESTERDAY, dt.time(21, 15))


def test_a_large_dose_asks_is_this_right_and_going_back_keeps_it_typed(window, db, qtbot):
    page = window.today_page
    seen = []
    qtbot.keyClicks(page.grams, "25")
    answer_next_dialog("Go back", seen)
    press(page.grams, Qt.Key.Key_Return)
    assert "Is this right?" in seen[0] and "25 g" in seen[0]
    assert db.doses_on(TODAY) == [] and page.grams.text() == "25"
    answer_next_dialog("Save it")
    press(page.grams, Qt.Key.Key_Return)
    assert [d.grams for d in db.doses_on(TODAY)] == [25.0]


def test_a_day_leaf_total_over_40_g_asks_but_extract_is_not_counted(window, db, qtbot):
    page = window.today_page
    page.set_day(YESTERDAY)  # a whole day's times, none later than now
    for hour in (8, 12, 16):
        db.add_dose(Dose(dt.datetime.combine(YESTERDAY, dt.time(hour)), 12.0))
    window.announce(LogChanges.on_days([YESTERDAY], doses=True))
    page.form.setCurrentIndex(page.form.findData(Form.EXTRACT.value))
    page.time.setText("18:00")
    qtbot.keyClicks(page.grams, "5")
    press(page.grams, Qt.Key.Key_Return)  # extract: no question, leaf total stays 36 g
    assert len(db.doses_on(YESTERDAY)) == 4
    page.form.setCurrentIndex(page.form.findData(Form.POWDER.value))
    seen = []
    page.time.setText("19:00")
    qtbot.keyClicks(page.grams, "5")
    answer_next_dialog("Go back", seen)
    press(page.grams, Qt.Key.Key_Return)
    assert "41 g" in seen[0]
    assert len(db.doses_on(YESTERDAY)) == 4
    assert "counted apart" in page.totals_label.text()


def test_a_dose_can_be_changed_and_removed_and_the_removal_undone(window, db, qtbot):
    page = window.today_page
    qtbot.keyClicks(page.grams, "2")
    press(page.grams, Qt.Key.Key_Return)
    [logged] = db.doses_on(TODAY)
    page.dose_table.setFocus()
    page.dose_table.selectRow(0)
    press(page.dose_table, Qt.Key.Key_Return)  # Enter on a dose: change it
    assert page.grams.text() == "2" and page.log_button.text() == "Save change"
    page.grams.setText("3.5")
    press(page.grams, Qt.Key.Key_Return)
    [changed] = db.doses_on(TODAY)
    assert changed.id == logged.id and changed.grams == 3.5 and changed.taken_at == logged.taken_at
    page.dose_table.setFocus()
    page.dose_table.selectRow(0)
    press(page.dose_table, Qt.Key.Key_Delete)
    assert db.doses_on(TODAY) == [] and page.dose_table.isHidden()
    window.undo_action.trigger()
    assert db.doses_on(TODAY) == [changed] and page.dose_table.rowCount() == 1
    window.undo_action.trigger()  # the change
    assert db.doses_on(TODAY)[0].grams == 2.0
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert db.doses_on(TODAY) == []


def test_ctrl_z_in_the_empty_grams_field_undoes_the_dose(window, db, qtbot):
    page = window.today_page
    qtbot.keyClicks(page.grams, "2")
    press(page.grams, Qt.Key.Key_Return)
    assert len(db.doses_on(TODAY)) == 1
    press(page.grams, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db.doses_on(TODAY) == []
    qtbot.keyClicks(page.grams, "7")
    press(page.grams, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.grams.text() == "" and db.doses_on(TODAY) == []  # the field's own undo first


def test_pain_and_side_effects_by_keyboard_are_saved_at_once(window, db, qtbot):
    page = window.today_page
    page.pain.focus_target().setFocus()
    assert page.pain.value() is None  # not recorded is its own state, not 0
    press(QApplication.focusWidget(), Qt.Key.Key_Right)  # -> 0
    assert db.checkin(TODAY).pain == 0
    for _ in range(6):
        press(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert db.checkin(TODAY).pain == 6
    press(QApplication.focusWidget(), Qt.Key.Key_Tab)  # first side-effect row: dizziness
    row = QApplication.focusWidget()
    assert row.accessibleName() == "dizziness: not rated"
    press(row, Qt.Key.Key_Tab)  # insomnia
    for _ in range(3):
        press(QApplication.focusWidget(), Qt.Key.Key_Right)  # none, mild, moderate
    assert QApplication.focusWidget().accessibleName() == "insomnia: moderate"
    assert db.checkin(TODAY).ratings == {"insomnia": 2}
    assert "Saved" in window.statusBar().currentMessage()
    window.undo_action.trigger()  # the run of arrow presses on one row is one step
    assert db.checkin(TODAY).ratings == {}
    assert db.checkin(TODAY).pain == 6


def test_the_day_note_is_saved_while_typing_and_on_leaving(window, db, qtbot):
    page = window.today_page
    type_into(page.day_note, "Slept badly.")
    page.grams.setFocus()  # leaving the note saves it at once
    assert db.checkin(TODAY).note == "Slept badly."
    type_into(page.day_note, " Back pain in the evening.")
    qtbot.waitUntil(lambda: db.checkin(TODAY).note.endswith("evening."), timeout=3000)


def test_a_too_long_day_note_is_refused_but_pain_still_saves(window, db, qtbot):
    page = window.today_page
    page.day_note.setPlainText("x" * 2001)
    page.save_day_note()
    assert "2000" in page.day_note_box.problem.text()
    page.pain.group.button(4).click()
    assert db.checkin(TODAY).pain == 4
    assert len(page.day_note.toPlainText()) == 2001  # what was typed stays


def test_a_custom_side_effect_can_be_added_rated_hidden_and_its_history_kept(window, db, qtbot):
    page = window.today_page
    type_into(page.new_side_effect, "headache")
    press(page.new_side_effect, Qt.Key.Key_Return)
    assert "headache" in page.side_effects.names
    page.side_effects.groups["headache"].button(3).click()  # moderate
    assert db.checkin(TODAY).ratings == {"headache": 2}
    type_into(page.new_side_effect, "Headache")
    press(page.new_side_effect, Qt.Key.Key_Return)
    assert "already in the list" in page.add_side_effect_box.problem.text()
    page.new_side_effect.setText("")
    type_into(page.new_side_effect, "pain")
    press(page.new_side_effect, Qt.Key.Key_Return)
    assert "reserved" in page.add_side_effect_box.problem.text()
    page.hide_side_effect("headache")
    assert "headache" not in page.side_effects.names
    page.pain.group.button(3).click()  # a later change keeps the hidden rating
    assert db.checkin(TODAY).ratings == {"headache": 2}
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert "headache" in page.side_effects.names


def test_everything_is_there_after_a_restart(open_window, data_dir, qtbot):
    db = LogDatabase.open_folder(data_dir)
    window = open_window(db)
    page = window.today_page
    qtbot.keyClicks(page.grams, "2.5")
    press(page.grams, Qt.Key.Key_Return)
    page.pain.group.button(7).click()
    page.side_effects.groups["anxiety"].button(2).click()  # mild
    type_into(page.day_note, "Long walk.")
    window.close()
    db.close()

    db = LogDatabase.open_folder(data_dir)
    try:
        window = open_window(db)
        page = window.today_page
        assert page.dose_table.rowCount() == 1 and page.dose_table.item(0, 1).text() == "2.5 g"
        assert page.pain.value() == 7
        assert page.side_effects.ratings()["anxiety"] == 1
        assert page.day_note.toPlainText() == "Long walk."
        window.close()
    finally:
        db.close()


def test_a_day_after_today_cannot_be_chosen(window, qtbot):
    page = window.today_page
    tomorrow = TODAY + dt.timedelta(days=1)
    page.date_edit.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    assert page.day == TODAY
    assert not page.next_button.isEnabled()
    window.open_day(tomorrow)
    assert page.day == TODAY
    window.next_day_action.trigger()
    assert page.day == TODAY
    window.previous_day_action.trigger()
    assert page.day == YESTERDAY and page.next_button.isEnabled()
    assert page.relative_label.text() == "yesterday"


def test_any_past_day_can_be_corrected(window, db, qtbot):
    old_day = TODAY - dt.timedelta(days=400)
    db.add_dose(Dose(dt.datetime.combine(old_day, dt.time(9)), 2.0))
    db.save_checkin(CheckIn(old_day, pain=3))
    window.open_day(old_day)
    page = window.today_page
    assert page.dose_table.rowCount() == 1 and page.pain.value() == 3
    page.pain.group.button(5).click()
    assert db.checkin(old_day).pain == 5


def test_a_full_disk_keeps_the_form_and_saving_works_again_later(window, db, qtbot):
    page = window.today_page
    fill_to_the_brim(db)
    qtbot.keyClicks(page.grams, "2.5")
    page.dose_note.setText("before the appointment")
    press(page.grams, Qt.Key.Key_Return)
    assert db.doses_on(TODAY) == []
    assert page.failure_strip.isVisible() and "disk is full" in page.failure_label.text()
    assert (page.grams.text(), page.dose_note.text()) == ("2.5", "before the appointment")
    assert window.undo_stack.count() == 0  # nothing half-done to undo
    page.pain.group.button(6).click()
    assert db.checkin(TODAY) is None and page.pain.value() == 6  # the pick stays on screen
    make_room(db)
    page.retry_button.click()  # saves the pain (the last thing tried)
    assert db.checkin(TODAY).pain == 6 and not page.failure_strip.isVisible()
    press(page.grams, Qt.Key.Key_Return)
    [dose] = db.doses_on(TODAY)
    assert dose.note == "before the appointment"


def test_escape_cancels_changing_a_dose(window, db, qtbot):
    page = window.today_page
    qtbot.keyClicks(page.grams, "2")
    press(page.grams, Qt.Key.Key_Return)
    page.dose_table.selectRow(0)
    page.edit_selected_dose()
    page.grams.setText("9")
    press(page.grams, Qt.Key.Key_Escape)
    assert page.log_button.text() == "Log dose" and page.grams.text() == ""
    assert [d.grams for d in db.doses_on(TODAY)] == [2.0]


def test_products_used_before_are_offered_for_completion(open_window, db, qtbot):
    db.add_dose(Dose(dt.datetime.combine(YESTERDAY, dt.time(9)), 2.0, product="Green Maeng Da"))
    db.add_dose(Dose(dt.datetime.combine(YESTERDAY, dt.time(10)), 2.0, product="Red Bali"))
    window = open_window(db)
    page = window.today_page
    for _ in range(4):  # grams -> pain now -> time -> form -> product
        press(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.product
    page.product.clear()
    qtbot.keyClicks(page.product, "maeng")
    completer = page.product.completer()
    assert completer.currentCompletion() == "Green Maeng Da"


def test_a_window_left_open_past_midnight_moves_on_to_the_new_day(window, db):
    page = window.today_page
    # As if the page was opened yesterday and the clock has since passed midnight.
    page._today = YESTERDAY
    page.day = YESTERDAY
    page.follows_today = True
    page.check_today()
    assert page.day == TODAY and page.date_edit.maximumDate() == QDate(TODAY.year, TODAY.month, TODAY.day)
    window.open_day(YESTERDAY)  # a day picked on purpose stays
    page._today = YESTERDAY
    page.check_today()
    assert page.day == YESTERDAY


def test_a_dose_time_later_than_now_is_refused_in_the_form(window, db, qtbot):
    later = dt.datetime.now() + dt.timedelta(minutes=5)
    if later.date() != TODAY:
        return  # too close to midnight for a later time today
    page = window.today_page
    page.time.setText(later.strftime("%H:%M"))
    qtbot.keyClicks(page.grams, "2")
    press(page.grams, Qt.Key.Key_Return)
    assert db.doses_on(TODAY) == []
    assert "later than now" in page.fields["time"].problem.text()
