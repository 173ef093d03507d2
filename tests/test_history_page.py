"""History: days newest first, read as scrolled to, sortable, filtered, opening and deleting days.

Since issue 31 ("Unknown is not zero") each run of days with nothing logged is a
"not logged" row of its own between the logged days (in date order), so the
tests below that listed rows now list the logged days (``logged_rows``) and
say where the gaps are (``row_kinds``)."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kratomtrack.core.demo import demo_log
from kratomtrack.core.history import Gap
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.pages.history import page as history_page
from conftest import real_today
from log_files import table_snapshot
from window_helpers import answer_next_dialog, press

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date


def day(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def at(n: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(day(n), dt.time(hour))


def small_log(db):
    db.add_dose(Dose(at(1, 8), 2.5))
    db.add_dose(Dose(at(1, 14), 3.0, Form.CAPSULES))
    db.add_dose(Dose(at(1, 20), 0.6, Form.EXTRACT))
    db.save_checkin(CheckIn(day(1), 6, {"anxiety": 1, "insomnia": 2, "nausea": 0}, "Bad night\nand more"))
    db.add_dose(Dose(at(3, 9), 4.0))
    db.save_checkin(CheckIn(day(5), None, {"dizziness": 0}, ""))
    db.add_dose(Dose(at(8, 9), 1.0, Form.SEVEN_OH))


def texts(model, row):
    return [model.index(row, c).data() for c in range(model.columnCount())]


def logged_rows(model):
    """The logged days in row order (the "not logged" gap rows left out)."""
    return [model.day_at(r) for r in range(model.rowCount()) if model.gap_at(r) is None]


def row_kinds(model):
    """Each row as its day, or ("gap", first, last)."""
    return [("gap", g.first, g.last) if (g := model.gap_at(r)) else model.day_at(r) for r in range(model.rowCount())]


def test_days_are_listed_newest_first_with_side_effects_in_words(open_window, db):
    small_log(db)
    window = open_window(db)
    window.show_page("history")
    model = window.history_page.model
    # Today has nothing logged: not a gap (it counts once something is logged for it).
    assert row_kinds(model) == [day(1), ("gap", day(2), day(2)), day(3), ("gap", day(4), day(4)), day(5),
                                ("gap", day(7), day(6)), day(8)]  # a gap runs from its oldest day
    date, leaf, doses, concentrate, pain, effects, note = texts(model, 0)
    assert (leaf, doses, concentrate, pain) == ("5.5 g", "3", "extract 0.6 g", "6")
    assert effects == "insomnia moderate, anxiety mild"
    assert note == "Bad night"
    assert str(day(1).year) in date
    # A check-in without a dose: a day without kratom, visibly not a "no kratom" mark.
    assert texts(model, 4)[1:6] == ["0 g · no dose logged", "0", "", "–", "none"]
    assert texts(model, 6)[1:4] == ["0 g", "1", "7-OH 1000 mg"]  # 7-OH never added to leaf; shown in mg as labelled
    assert model.index(4, 4).data(Qt.ItemDataRole.AccessibleTextRole) == "Pain not recorded"
    assert texts(model, 1)[1:3] == ["not logged", "–"]
    assert "4 days logged" in window.history_page.count_label.text()


def test_rows_are_read_from_the_log_only_as_they_are_scrolled_to(open_window, db, qtbot):
    doses, checkins = demo_log(3 * history_page.BLOCK_SIZE + 50, today=TODAY)
    with db.transaction():
        for dose in doses:
            db.add_dose(dose)
        for checkin in checkins:
            db.save_checkin(checkin)
    window = open_window(db)
    window.show_page("history")
    page = window.history_page
    qtbot.wait(10)
    model = page.model
    days = {d.day for d in doses} | {c.day for c in checkins}
    assert len(logged_rows(model)) == len(days) > 3 * history_page.BLOCK_SIZE
    assert model.blocks_read == 1  # only the first screenful's block
    page.view.setFocus()
    press(page.view, Qt.Key.Key_End)
    page.view.viewport().repaint()
    assert model.blocks_read == 2  # jumped to the end: the last block, not those between
    assert page.current_day() == min(days)


def test_sorting_by_a_column_keeps_not_recorded_last(open_window, db):
    small_log(db)
    window = open_window(db)
    window.show_page("history")
    view, model = window.history_page.view, window.history_page.model
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # leaf grams
    assert [model.day_at(r) for r in range(4)] == [day(1), day(3), day(8), day(5)]
    view.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # pain: unrecorded last either way
    assert model.day_at(0) == day(1) and {model.day_at(r) for r in (1, 2, 3)} == {day(3), day(5), day(8)}
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert model.day_at(0) == day(8)


def test_a_date_range_shows_only_the_days_in_it(open_window, db):
    small_log(db)
    window = open_window(db)
    page = window.history_page
    window.show_page("history")
    page.from_edit.setDate(page.from_edit.date().fromString(day(5).isoformat(), "yyyy-MM-dd"))
    page.to_edit.setDate(page.to_edit.date().fromString(day(2).isoformat(), "yyyy-MM-dd"))
    assert row_kinds(page.model) == [("gap", day(2), day(2)), day(3), ("gap", day(4), day(4)), day(5)]
    page.all_button.click()
    assert len(logged_rows(page.model)) == 4


def test_enter_or_double_click_opens_the_day_in_today(open_window, db, qtbot):
    small_log(db)
    window = open_window(db)
    window.show_page("history")
    page = window.history_page
    assert QApplication.focusWidget() is page.view
    press(page.view, Qt.Key.Key_Down)  # second row: day(2), not logged
    press(page.view, Qt.Key.Key_Return)  # opens the gap's day, to log it
    assert window.current_page_name() == "today" and window.today_page.day == day(2)
    assert window.today_page.dose_table.rowCount() == 0
    window.show_page("history")
    page.view.setCurrentIndex(page.model.index(page.model.row_of(day(3)), 0))
    press(page.view, Qt.Key.Key_Return)
    assert window.current_page_name() == "today" and window.today_page.day == day(3)
    assert window.today_page.dose_table.rowCount() == 1
    assert QApplication.focusWidget() is window.today_page.grams
    window.show_page("history")
    index = page.model.index(page.model.row_of(day(8)), 0)
    rect = page.view.visualRect(index)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page_name() == "today" and window.today_page.day == day(8)


def test_deleting_a_day_asks_once_and_can_be_undone(open_window, db, qtbot):
    small_log(db)
    before = table_snapshot(db)
    window = open_window(db)
    window.show_page("history")
    page = window.history_page
    answer_next_dialog("Keep it")
    press(page.view, Qt.Key.Key_Delete)
    assert table_snapshot(db) == before
    seen = []
    answer_next_dialog("Delete day", seen)
    press(page.view, Qt.Key.Key_Delete)
    assert "3 doses" in seen[0] and "Undo" in seen[0]
    assert db.doses_on(day(1)) == [] and db.checkin(day(1)) is None
    # The deleted day now has nothing logged: it joins the gap before it.
    assert row_kinds(page.model)[:2] == [("gap", day(2), day(1)), day(3)]
    assert len(logged_rows(page.model)) == 3
    window.undo_action.trigger()
    assert table_snapshot(db) == before
    assert page.model.day_at(0) == day(1)


def test_changes_made_elsewhere_show_up_without_a_restart(open_window, db, data_dir, tmp_path, qtbot):
    window = open_window(db)
    page = window.history_page
    from PySide6.QtTest import QTest

    QTest.keyClicks(window.today_page.grams, "2")
    press(window.today_page.grams, Qt.Key.Key_Return)
    window.show_page("history")
    assert page.model.rowCount() == 1 and page.model.index(0, 1).data() == "2 g"
    # Another process (a headless import) writes to the same file.
    with LogDatabase.open_folder(data_dir) as other:
        other.add_dose(Dose(at(2, 10), 1.0))
    with qtbot.waitSignal(window.log_changed, timeout=1000):
        assert window.check_for_outside_changes()
    assert logged_rows(page.model) == [TODAY, day(2)]
    assert not window.check_for_outside_changes()  # nothing new since
    # An import from the window.
    csv_file = tmp_path / "doses.csv"
    csv_file.write_text(f"taken_at,grams,form,product,notes\n{day(4).isoformat()}T09:00,1.5,,,\n")
    text = window.transfer.import_paths([str(csv_file)], ask=False)
    assert "1 added" in text
    assert logged_rows(page.model) == [TODAY, day(2), day(4)]


def test_no_kratom_days_are_listed_and_unlogged_days_counted_apart(open_window, db):
    from kratomtrack.store.no_use import is_no_use, set_no_use

    db.add_dose(Dose(at(1, 8), 2.5))
    set_no_use(db, day(3), True)  # the mark alone
    set_no_use(db, day(5), True)
    db.save_checkin(CheckIn(day(5), 4, {}, "Walked instead"))
    window = open_window(db)
    window.show_page("history")
    page, model = window.history_page, window.history_page.model
    assert row_kinds(model) == [day(1), ("gap", day(2), day(2)), day(3), ("gap", day(4), day(4)), day(5)]
    assert texts(model, 2)[1:] == ["no kratom", "0", "", "–", "", "No kratom"]
    assert texts(model, 4)[1] == "no kratom"
    assert texts(model, 4)[4] == "4" and texts(model, 4)[6] == "No kratom · Walked instead"
    assert "no kratom today" in model.index(2, 6).data(Qt.ItemDataRole.ToolTipRole)
    # Days 4 and 2 have nothing logged: "not logged" rows, and said to be no days without kratom.
    # Today, with nothing logged yet, is neither (issue 31: today counts once something is logged).
    assert page.unlogged_label.isVisible()
    assert page.unlogged_label.text().startswith("2 days in this range have nothing logged")
    assert "not counted as days without kratom" in page.unlogged_label.text()
    page.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # 0 g first, newest first among them
    assert [model.day_at(r) for r in range(3)] == [day(3), day(5), day(1)]
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)

    before = table_snapshot(db)
    page.select_day(day(3))
    seen = []
    answer_next_dialog("Delete day", seen)
    press(page.view, Qt.Key.Key_Delete)
    assert "removes the “no kratom” mark" in seen[0]
    assert not is_no_use(db, day(3)) and model.gap_at(model.row_of(day(3))) == Gap(day(4), day(2))
    assert page.unlogged_label.text().startswith("3 days")
    window.undo_action.trigger()
    assert table_snapshot(db) == before and is_no_use(db, day(3))
    assert model.row_of(day(3)) == 2 and model.gap_at(2) is None


def test_no_unlogged_line_when_every_day_is_logged(open_window, db, qtbot):
    for n in range(3):
        db.add_dose(Dose(at(n, 0), 1.0))  # 00:00: never in the future, even today
    window = open_window(db)
    window.show_page("history")
    page = window.history_page
    assert not page.unlogged_label.isVisible() and not page.undated_label.isVisible()
    # Once the whole-log check finds the log healthy, History stops searching it for undated records.
    qtbot.waitUntil(lambda: window.health_watch.health is not None, timeout=5000)
    assert page.model.log_checked_healthy


def test_the_checkup_tables_columns_are_as_wide_as_qt_would_make_them(db, qtbot):
    import datetime as dt

    from kratomtrack.core.checkups import RED_FLAGS, Peg, Sds
    from kratomtrack.store import checkups
    from kratomtrack.ui.pages.history.checkups import CheckupHistory
    from conftest import TODAY

    for week in range(30):
        day = TODAY - dt.timedelta(days=7 * week)
        checkups.save_peg(db, Peg(day, week % 11, (week * 3) % 11, 10), today=TODAY)
        if week % 4 == 0:
            checkups.save_sds(db, Sds(day, (week % 4, 3, 2, 3, week % 2)), today=TODAY)
        checkups.set_red_flag(db, day, RED_FLAGS[week % len(RED_FLAGS)].key, today=TODAY)
    panel = CheckupHistory(db)
    qtbot.addWidget(panel)
    panel.show()
    ours = [panel.table.columnWidth(c) for c in range(panel.table.columnCount())]
    assert panel.table.rowCount() == 30 + 8 + 30
    panel.table.resizeColumnsToContents()  # Qt measuring every cell
    assert ours == [panel.table.columnWidth(c) for c in range(panel.table.columnCount())]
