"""The PEG and SDS dialogs by keyboard: focus on the first question, digits answer,
the date is text with "Change date" after the answers."""

import datetime as dt

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateEdit, QDialogButtonBox, QLineEdit

from kratomtrack.store import checkups
from kratomtrack.ui.dialogs.checkups import PegDialog, SdsDialog
from kratomtrack.ui.widgets.qdates import fit_longest_day, longest_day_text

from conftest import real_today

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date


def open_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def type_keys(text):
    for char in text:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key(ord(char) if char != "\t" else Qt.Key.Key_Tab))


def test_peg_opens_on_the_first_question_and_digits_answer_without_touching_the_date(qtbot, db):
    dialog = open_dialog(qtbot, PegDialog(db, today=TODAY))
    assert QApplication.focusWidget() in dialog.groups[0].buttons()
    type_keys("6\t4")  # the natural answer that once moved the date five months back
    assert dialog.day() == TODAY and dialog.answers()[:2] == [6, 4]
    type_keys("3")
    assert dialog.answers() == [6, 4, 3]
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert QApplication.focusWidget() is save
    with qtbot.waitSignal(dialog.saved):
        QTest.keyClick(save, Qt.Key.Key_Return)
    assert [p.day for p in checkups.all_pegs(db)] == [TODAY]


def test_peg_takes_ten_as_one_then_zero(qtbot, db):
    dialog = open_dialog(qtbot, PegDialog(db, today=TODAY))
    type_keys("10")
    type_keys("15")  # a 1 followed by another digit: 1 here, 5 for the next question
    assert dialog.answers() == [10, 1, 5]


def test_sds_digits_answer_each_question_and_the_date_is_text_with_change_date_after_them(qtbot, db):
    dialog = open_dialog(qtbot, SdsDialog(db, today=TODAY))
    assert not dialog.date_edit.isVisible()
    assert dialog.date_text.text().endswith(str(TODAY.year))
    type_keys("01239")  # 9 is no answer on a 0-3 scale
    assert dialog.answers() == [0, 1, 2, 3, None]
    type_keys("2")
    assert dialog.answers() == [0, 1, 2, 3, 2]
    # Tab from the last answers reaches "Change date" before Save; it opens the date field.
    chain, widget = [], dialog.groups[-1].buttons()[-1]
    for _ in range(3):
        widget = widget.nextInFocusChain()
        chain.append(widget)
    assert dialog.change_date_button in chain
    dialog.change_date_button.click()
    assert dialog.date_edit.isVisible() and QApplication.focusWidget() is dialog.date_edit


def test_the_date_field_fits_the_longest_day_in_english_and_german(qtbot):
    for language in (QLocale.Language.English, QLocale.Language.German):
        edit = QDateEdit()
        qtbot.addWidget(edit)
        edit.setLocale(QLocale(language))
        fit_longest_day(edit)
        longest = longest_day_text(edit.locale(), edit.fontMetrics())
        edit.resize(edit.minimumWidth(), edit.sizeHint().height())
        edit.show()
        line = edit.findChild(QLineEdit)
        assert line.fontMetrics().horizontalAdvance(longest) <= line.width() - 4, (language, longest)


def test_due_markers_sit_below_the_dose_form_and_never_show_on_a_past_day(open_window, db, qtbot):
    from kratomtrack.core.records import Dose

    for n_ago in range(30, 0, -1):
        db.add_dose(Dose(dt.datetime.combine(TODAY - dt.timedelta(days=n_ago), dt.time(9)), 2.0))
    window = open_window(db)
    page = window.today_page
    qtbot.waitUntil(lambda: "peg" in page.due_markers and page.due_markers["peg"].isVisible())
    marker = page.due_markers["peg"]
    form_bottom = page.log_button.mapTo(page, page.log_button.rect().bottomLeft()).y()
    assert marker.mapTo(page, marker.rect().topLeft()).y() > form_bottom
    page.set_day(TODAY - dt.timedelta(days=3))
    assert not marker.isVisible() and not page.due_markers["sds"].isVisible()
    page.set_day(TODAY)
    assert marker.isVisible()
