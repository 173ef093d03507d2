"""The evening check-in by keyboard on the real window: digits for pain, keys for ratings."""

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kratomtrack.core.records import BUILTIN_SIDE_EFFECTS
from conftest import real_today
from typical_day import ALT, PAIN, RATED, Keyboard, type_a_typical_day

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date
RATING = {"0": 0, "n": 0, "1": 1, "m": 1, "2": 2, "o": 2, "3": 3, "s": 3}


def test_a_typical_day_takes_at_most_25_keys_and_is_all_saved(window, db):
    count = type_a_typical_day(window)
    assert count <= 25
    assert [d.grams for d in db.doses_on(TODAY)] == [2.0, 3.0, 2.0]
    checkin = db.checkin(TODAY)
    assert checkin.pain == PAIN
    expected = {name: RATING[RATED.get(name, "0")] for name in BUILTIN_SIDE_EFFECTS}
    assert checkin.ratings == expected


def test_alt_p_goes_to_pain_and_a_digit_sets_it_with_the_undo_label_naming_it(window, db):
    keys = Keyboard()
    keys.press(Qt.Key.Key_P, ALT)
    assert QApplication.focusWidget() in window.today_page.pain.group.buttons()
    keys.type("4")
    keys.type("6")
    assert db.checkin(TODAY).pain == 6
    assert window.undo_action.text().replace("&", "") == "Undo Set pain to 6"
    assert "6 of 10" in window.today_page.checkin_panel.pain_heading.text()


def test_one_then_zero_quickly_is_pain_10_and_one_undo_step(window, db):
    keys = Keyboard()
    keys.press(Qt.Key.Key_P, ALT)
    keys.type("10")
    assert db.checkin(TODAY).pain == 10
    window.undo_action.trigger()
    assert db.checkin(TODAY) is None or db.checkin(TODAY).pain is None


def test_a_one_long_before_a_zero_gives_zero(window, db, monkeypatch):
    keys = Keyboard()
    keys.press(Qt.Key.Key_P, ALT)
    keys.type("1")
    window.today_page.pain.typing.one_typed_at = time.monotonic() - 10  # typed ten seconds ago
    keys.type("0")
    assert db.checkin(TODAY).pain == 0


def test_a_rating_key_rates_the_row_and_moves_to_the_next(window, db):
    grid = window.today_page.side_effects
    first, second = grid.names[:2]
    grid.groups[first].checkedButton().setFocus()
    Keyboard().type("o")
    assert db.checkin(TODAY).ratings == {first: 2}
    assert QApplication.focusWidget() is grid.groups[second].checkedButton()
    assert window.undo_action.text().replace("&", "") == f"Undo Rate {first} moderate"


def test_arrow_keys_leave_the_undo_label_on_the_final_rating(window, db):
    grid = window.today_page.side_effects
    name = grid.names[0]
    grid.groups[name].checkedButton().setFocus()
    keys = Keyboard()
    for _ in range(3):
        keys.press(Qt.Key.Key_Right)
    assert db.checkin(TODAY).ratings == {name: 2}
    assert window.undo_action.text().replace("&", "") == f"Undo Rate {name} moderate"


def test_no_other_side_effects_rates_the_rest_none_as_one_undo_step(window, db):
    page = window.today_page
    page.side_effects.rate("nausea", 3)
    page.no_other_button.click()
    ratings = db.checkin(TODAY).ratings
    assert ratings["nausea"] == 3
    assert all(ratings[name] == 0 for name in page.side_effects.names if name != "nausea")
    assert not page.no_other_button.isEnabled()  # nothing left to rate
    window.undo_action.trigger()
    assert db.checkin(TODAY).ratings == {"nausea": 3}
    assert page.side_effects.ratings() == {"nausea": 3}
    assert page.no_other_button.isEnabled()


def test_ctrl_z_in_the_day_note_undoes_the_typing_burst_without_saving_an_empty_note(window, db, qtbot):
    page = window.today_page
    page.pain.pick(5)
    page.day_note.setFocus()
    qtbot.keyClicks(page.day_note, "Slept well")
    qtbot.keyClick(page.day_note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # The burst was saved as a step, then undone: the note is as before, on disk and on screen.
    assert db.checkin(TODAY).note == ""
    assert page.day_note.toPlainText() == ""
    assert window.undo_stack.redoText() == "Edit the day's note"
    qtbot.keyClick(page.day_note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db.checkin(TODAY) is None or db.checkin(TODAY).pain is None  # the next press reaches pain
    qtbot.keyClick(page.day_note, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert db.checkin(TODAY).pain == 5


def test_withdrawal_type_symptoms_are_added_to_todays_list_with_one_click_and_one_undo(window, db):
    from kratomtrack.core.checkups import WITHDRAWAL_SYMPTOMS

    page = window.today_page
    button = page.checkin_panel.withdrawal_button
    assert button.isVisibleTo(page)
    button.click()
    assert all(name in page.side_effects.names for name in WITHDRAWAL_SYMPTOMS)
    assert not button.isVisibleTo(page)  # nothing left to add
    window.undo_action.trigger()
    assert not any(name in page.side_effects.names for name in WITHDRAWAL_SYMPTOMS)
    assert button.isVisibleTo(page)
