"""Today and History in the real window on a real log (issue 31): every amount
reads through core.amounts (a 15 mg 7-OH dose is "15 mg" in Today's table,
its totals, the pain-after question, Edit → Undo and History), and History
tells three different days three ways: marked "no kratom", a check-in with no
dose ("0 g · no dose logged") and days with nothing logged ("not logged")."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from kratomtrack.core.log_changes import LogChanges
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.reminder import PainAfterSetting
from kratomtrack.store.no_use import set_no_use
from kratomtrack.ui.settings.reminders import save_pain_after_setting
from conftest import real_today
from window_helpers import press, type_into

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date


def day(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def at(n: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(day(n), dt.time(hour))


def cell(model, row, column, role=Qt.ItemDataRole.DisplayRole):
    return model.index(row, column).data(role)


def test_a_15_mg_7oh_dose_reads_15_mg_in_today_undo_and_history(window, db):
    page = window.today_page
    page.form.setCurrentIndex(page.form.findData(Form.SEVEN_OH.value))
    type_into(page.grams, "15")
    press(page.grams, Qt.Key.Key_Return)
    [dose] = db.doses_on(TODAY)
    assert (dose.milligrams, dose.form) == (15, Form.SEVEN_OH)
    assert page.dose_table.item(0, 1).text() == "15 mg"
    assert page.dose_table.horizontalHeaderItem(1).text() == "Amount"  # not "Grams" above "15 mg"
    totals = page.day_doses.totals_label.text()
    assert "15 mg 7-OH product" in totals and "0.015" not in totals and "0.0 g" not in totals
    assert window.undo_stack.undoText() == "Log 15 mg"
    # Changing it fills the field with its digits, in its unit.
    page.dose_table.selectRow(0)
    page.edit_selected_dose()
    assert page.grams.text() == "15" and page.fields["grams"].label.text() == "&Milligrams"
    page.cancel_edit()

    window.show_page("history")
    model = window.history_page.model
    row = model.row_of(TODAY)
    assert cell(model, row, 3) == "7-OH 15 mg"
    assert cell(model, row, 1) == "0 g"  # 7-OH is never added to leaf grams
    assert window.editor.undo() and window.undo_stack.redoText() == "Log 15 mg"


def test_leaf_amounts_read_to_a_hundredth_of_a_gram_and_changing_shows_the_digits(window, db):
    page = window.today_page
    type_into(page.grams, "2.25")
    press(page.grams, Qt.Key.Key_Return)
    assert page.dose_table.item(0, 1).text() == "2.25 g"
    assert "2.25 g leaf" in page.day_doses.totals_label.text()
    assert window.undo_stack.undoText() == "Log 2.25 g"
    page.dose_table.selectRow(0)
    page.edit_selected_dose()
    assert page.grams.text() == "2.25"


def test_the_pain_after_question_names_a_7oh_dose_in_mg(window, db):
    taken = (dt.datetime.now() - dt.timedelta(hours=2, minutes=10)).replace(second=0, microsecond=0)
    db.add_dose(Dose(taken, 0.015, Form.SEVEN_OH, pain_before=6), today=taken.date())
    save_pain_after_setting(PainAfterSetting(True, 2))
    prompt = window.today_page.pain_after_prompt
    assert prompt.check()
    assert "After your 15 mg dose at" in prompt.question.text()


def small_log(db):
    db.add_dose(Dose(at(1, 9), 0.015, Form.SEVEN_OH))  # day 1: a 7-OH dose
    db.save_checkin(CheckIn(day(2), 5, {}, "sore"))     # day 2: a check-in, no dose
    # days 3 and 4: nothing logged
    set_no_use(db, day(5), True)                         # day 5: marked "no kratom"
    db.add_dose(Dose(at(6, 9), 2.25))                   # day 6: leaf


def test_history_tells_a_marked_day_a_check_in_only_day_and_a_gap_apart(open_window, db):
    small_log(db)
    window = open_window(db)
    window.show_page("history")
    page, model = window.history_page, window.history_page.model
    # Newest first; today has nothing logged and has no row (it counts once something is logged).
    assert [model.day_at(r) for r in range(model.rowCount())] == [day(1), day(2), day(4), day(5), day(6)]
    assert [cell(model, r, 1) for r in range(5)] == [
        "0 g", "0 g · no dose logged", "not logged", "no kratom", "2.25 g"]
    assert [cell(model, r, 2) for r in range(5)] == ["1", "0", "–", "0", "1"]
    assert cell(model, 0, 3) == "7-OH 15 mg"
    gap = model.gap_at(2)
    assert (gap.first, gap.last, gap.days) == (day(4), day(3), 2)
    assert model.gap_at(0) is None and model.gap_at(1) is None
    # A screen reader and a tooltip say the same.
    assert cell(model, 1, 1, Qt.ItemDataRole.AccessibleTextRole) == "Leaf grams 0 g, no dose logged"
    assert "no dose" in cell(model, 1, 1, Qt.ItemDataRole.ToolTipRole)
    assert "not marked" in cell(model, 1, 1, Qt.ItemDataRole.ToolTipRole)
    assert cell(model, 2, 1, Qt.ItemDataRole.AccessibleTextRole) == "Leaf grams not logged"
    assert "2 days" in cell(model, 2, 0, Qt.ItemDataRole.AccessibleTextRole)
    assert "Nothing logged on these 2 days" in cell(model, 2, 1, Qt.ItemDataRole.ToolTipRole)
    assert "not counted as days without kratom" in cell(model, 2, 4, Qt.ItemDataRole.ToolTipRole).lower()
    assert cell(model, 3, 1, Qt.ItemDataRole.AccessibleTextRole) == "Leaf grams no kratom"
    assert "no kratom today" in cell(model, 3, 1, Qt.ItemDataRole.ToolTipRole)
    assert cell(model, 0, 1, Qt.ItemDataRole.AccessibleTextRole) == "Leaf grams none"
    assert "4 days logged" in page.count_label.text()
    assert page.unlogged_label.text().startswith("2 days in this range have nothing logged")
    # A gap row opens its first day in Today, and has nothing to delete.
    page.view.setCurrentIndex(model.index(2, 0))
    assert page.open_button.isEnabled() and not page.delete_button.isEnabled()
    press(page.view, Qt.Key.Key_Delete)  # nothing asked, nothing deleted
    assert model.rowCount() == 5
    press(page.view, Qt.Key.Key_Return)
    assert window.current_page_name() == "today" and window.today_page.day == day(4)
    # Once something is logged for today, today has its row.
    db.save_checkin(CheckIn(TODAY, 3, {}, ""))
    window.announce(LogChanges.on_days([TODAY], checkins=True))
    window.show_page("history")
    assert model.day_at(0) == TODAY and cell(model, 0, 1) == "0 g · no dose logged"
    # Sorted by another column, the gap (which has no value to sort by) is left to the line below.
    page.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert all(model.gap_at(r) is None for r in range(model.rowCount())) and model.rowCount() == 5
