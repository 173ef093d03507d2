"""History and Today on a log with values damage made unreadable: the day's
readable part is shown with a plain marker naming what cannot be read, a
record whose day cannot be read is named under the table, figures count only
what can be read, no page crashes, and the file is never written."""

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kratomtrack.core.records import Dose, Form
from kratomtrack.store import history
from kratomtrack.store.database import LogDatabase, SaveError
from kratomtrack.ui.app.startup import open_log_for_window

from conftest import TODAY
from log_files import fill, table_snapshot, write_bad_values
from window_helpers import answer_next_dialog, press

pytestmark = pytest.mark.window

DOSE_GONE = TODAY - dt.timedelta(days=1)     # its 08:30 dose has a time that cannot be read
PAIN_GONE = TODAY - dt.timedelta(days=2)     # its check-in's pain is 99
RATING_GONE = TODAY - dt.timedelta(days=3)   # its side-effect rating is 7
NO_DAY = TODAY - dt.timedelta(days=4)        # its dose's day is "2026-1x-16"


@pytest.fixture
def damaged_copy(data_dir, tmp_path):
    """A copy of a healthy ten-day log with bad values written into it with sqlite3."""
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 10)
        db.add_dose(Dose(dt.datetime.combine(DOSE_GONE, dt.time(14)), 1.5, Form.CAPSULES), today=TODAY)
    copy = tmp_path / "damaged"
    shutil.copytree(data_dir, copy)
    path = copy / "kratomtrack.db"
    write_bad_values(
        path,
        f"UPDATE doses SET taken_at = '{DOSE_GONE}T08:x0' WHERE taken_at = '{DOSE_GONE}T08:30'",
        f"UPDATE checkins SET pain = 99 WHERE day = '{PAIN_GONE}'",
        f"UPDATE ratings SET rating = 7 WHERE day = '{RATING_GONE}'",
        f"UPDATE doses SET day = '2026-1x-16' WHERE day = '{NO_DAY}'",
    )
    return path


def test_rows_name_what_cannot_be_read_and_count_only_what_can(damaged_copy):
    with LogDatabase.open_folder(damaged_copy.parent, read_only=True) as db:
        days = history.ordered_days(db, TODAY - dt.timedelta(days=30), TODAY)
        rows = {r.day: r for r in history.rows_for_days(db, days)}
        assert rows[NO_DAY].doses == 0 and rows[NO_DAY].checked_in  # its dose has no readable day
        dose_gone = rows[DOSE_GONE]
        assert (dose_gone.doses, dose_gone.leaf_grams) == (1, 1.5)  # the readable capsules only
        assert len(dose_gone.unreadable_doses) == 1 and "08:x0" in dose_gone.unreadable_doses[0]
        assert rows[PAIN_GONE].pain is None and "pain is not 0 to 10" in rows[PAIN_GONE].unreadable_checkin[0]
        assert rows[PAIN_GONE].leaf_grams == 2.0  # the day's dose is still counted
        assert rows[RATING_GONE].ratings == () and rows[RATING_GONE].pain is not None
        assert "rating" in rows[RATING_GONE].unreadable_checkin[0]
        assert not rows[TODAY].unreadable
        [undated] = history.records_without_a_day(db)
        assert "2026-1x-16" in undated


def test_deleting_a_day_with_an_unreadable_record_is_refused_by_the_store(damaged_copy):
    with LogDatabase.open_folder(damaged_copy.parent) as db:
        before = table_snapshot(db)
        for day in (DOSE_GONE, PAIN_GONE):
            with pytest.raises(SaveError, match="cannot be read"):
                db.delete_day(day)
        assert table_snapshot(db) == before


def cells(model, row, role=Qt.ItemDataRole.DisplayRole):
    return [model.index(row, c).data(role) for c in range(model.columnCount())]


def test_history_shows_unreadable_records_as_marked_rows_and_writes_nothing(
        open_window, qtbot, damaged_copy):
    before = damaged_copy.read_bytes()
    db = open_log_for_window(damaged_copy.parent)
    window = open_window(db)
    window.health_watch.wait()
    qtbot.waitUntil(lambda: window.health_watch.health is not None, timeout=5000)
    assert window.read_only_bar.isVisible()
    window.show_page("history")
    page = window.history_page
    model = page.model

    row = model.row_of(DOSE_GONE)
    date, leaf, doses, _, _, _, note = cells(model, row)
    assert (leaf, doses) == ("1.5 g", "1") and note.startswith("⚠ 1 dose cannot be read")
    assert model.index(row, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(row, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    tooltip = model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "cannot be read" in tooltip and "08:x0" in tooltip
    assert "some records cannot be read" in model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)

    pain_row = cells(model, model.row_of(PAIN_GONE))
    assert pain_row[1] == "2 g" and pain_row[4] == "⚠" and pain_row[5] == "⚠ cannot be read"
    assert model.index(model.row_of(PAIN_GONE), 4).data(
        Qt.ItemDataRole.AccessibleTextRole) == "Pain cannot be read"
    assert cells(model, model.row_of(RATING_GONE))[5] == "⚠ cannot be read"
    healthy = model.row_of(TODAY)
    assert model.index(healthy, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.index(healthy, 1).data(Qt.ItemDataRole.ForegroundRole) is None

    assert page.undated_label.isVisible()
    assert "1 record cannot be shown on any day" in page.undated_label.text()
    assert "2026-1x-16" in page.undated_label.toolTip()

    # Every column sorts, every cell of every role reads, in both orders: nothing crashes.
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            page.view.sortByColumn(column, order)
            assert model.logged_count == 10 and DOSE_GONE in {model.day_at(r) for r in range(model.rowCount())}
            for r in range(model.rowCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                             Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ForegroundRole):
                    cells(model, r, role)
            page.view.viewport().repaint()
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)

    # Delete is refused with a plain message before anything is asked or written.
    page.select_day(DOSE_GONE)
    seen = []
    answer_next_dialog("OK", seen)
    press(page.view, Qt.Key.Key_Delete)
    assert "cannot be read" in seen[0] and "Nothing was deleted" in seen[0]
    assert model.row_of(DOSE_GONE) >= 0

    # Today says the day has a dose it cannot read, instead of leaving it out without a word.
    page.select_day(DOSE_GONE)
    press(page.view, Qt.Key.Key_Return)
    doses = window.today_page.day_doses
    assert window.today_page.day == DOSE_GONE and doses.table.rowCount() == 1
    assert doses.unreadable_label.isVisible()
    assert "1 dose cannot be read (the log is damaged)" in doses.unreadable_label.text()
    assert "08:x0" in doses.unreadable_label.toolTip()
    assert not doses.no_doses_label.isVisible()
    checkin = window.today_page.checkin_panel
    assert not checkin.unreadable_label.isVisible()  # that day's check-in reads fine
    # A day whose check-in (pain 99) or a rating (7) cannot be read says so above the check-in.
    for day in (PAIN_GONE, RATING_GONE):
        window.today_page.set_day(day)
        assert checkin.unreadable_label.isVisible(), day
        assert "check-in cannot be read in full (the log is damaged)" in checkin.unreadable_label.text()
    assert "side-effect rating" in checkin.unreadable_label.toolTip()  # the last day shown: its rating
    window.today_page.set_day(TODAY)
    assert not checkin.unreadable_label.isVisible()
    for name in ("trends", "history", "today"):
        window.show_page(name)
        QApplication.processEvents()
    window.close()
    db.close()
    assert damaged_copy.read_bytes() == before
