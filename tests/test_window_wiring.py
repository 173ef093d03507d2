"""The pages and dialogs of other features, reached from the real window."""

import datetime as dt

import pytest
from pypdf import PdfReader
from conftest import real_today
from window_helpers import answer_next_dialog

from kratomtrack.core.log_changes import EVERYTHING
from kratomtrack.core.records import Dose

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date


def add_dose(db, day, grams):
    db.add_dose(Dose(dt.datetime.combine(day, dt.time(9, 0)), grams))


def test_print_summary_opens_the_dialog_and_saves_a_pdf(window, db, qtbot, tmp_path):
    add_dose(db, TODAY - dt.timedelta(days=3), 2.5)
    assert window.print_action.isEnabled()
    dialog = window.print_summary()
    qtbot.waitExposed(dialog)
    assert dialog.save_pdf(str(tmp_path / "summary.pdf"))
    qtbot.waitUntil(lambda: dialog.last_saved == tmp_path / "summary.pdf")  # written off the window's thread
    text = " ".join(PdfReader(tmp_path / "summary.pdf").pages[0].extract_text().split())
    assert "self-reported by the patient with kratomtrack" in text
    dialog.close()


def test_trends_double_click_day_opens_it_in_today(window, db, qtbot):
    day = TODAY - dt.timedelta(days=5)
    add_dose(db, day, 3.0)
    window.show_page("trends")
    window.trends_page.day_activated.emit(day)
    assert window.current_page_name() == "today"
    assert window.today_page.day == day


def test_trends_follow_changes_made_in_today(window, db, qtbot):
    window.show_page("trends")
    qtbot.waitUntil(lambda: window.trends_page.charts_loaded, timeout=5000)
    window.show_page("today")
    add_dose(db, TODAY, 4.2)
    window.announce(EVERYTHING)  # as after a change made elsewhere
    window.show_page("trends")  # a hidden page redraws when it is shown again
    qtbot.waitUntil(lambda: window.trends_page.figures.day(TODAY).leaf_mg == 4200, timeout=5000)


def test_file_menu_restore_replaces_the_log_and_clears_undo(window, db, qtbot, data_dir):
    from kratomtrack.store.backups import list_backups, make_backup
    from kratomtrack.store.restore import restore_backup

    add_dose(db, TODAY - dt.timedelta(days=2), 2.0)
    make_backup(db)
    window.today_page.set_day(TODAY)
    window.today_page.grams.setText("3.5")
    window.today_page.log_dose()  # a change made in the window, on the undo stack
    assert window.undo_stack.canUndo() and db.dose_count() == 2
    assert any(a.text().replace("&", "") == "Restore from backup…" for a in window.file_menu.actions())
    result = restore_backup(data_dir, list_backups(data_dir)[-1].path)  # what the dialog does
    window.after_restore(result)
    assert db.dose_count() == 1
    assert not window.undo_stack.canUndo()  # old steps would rewrite the restored log
    assert window.today_page.dose_table.rowCount() == 0


def test_day_menu_reaches_every_page_command(window, db, qtbot):
    """Every action has a menu entry: dose and day commands too, enabled where they apply."""
    window.show_page("today")
    window.today_page.grams.setText("2.5")
    window.log_dose_action.trigger()
    assert [d.grams for d in db.doses_on(TODAY)] == [2.5]
    window._update_day_actions()
    assert not window.change_dose_action.isEnabled()  # nothing selected yet
    window.today_page.dose_table.selectRow(0)
    window._update_day_actions()
    assert window.change_dose_action.isEnabled() and window.remove_dose_action.isEnabled()
    assert not window.open_day_action.isEnabled()  # a History command, on Today
    window.remove_dose_action.trigger()
    assert db.doses_on(TODAY) == []
    window.undo_action.trigger()
    assert len(db.doses_on(TODAY)) == 1

    window.show_page("history")
    qtbot.waitUntil(lambda: window.history_page.current_day() is not None, timeout=3000)
    window._update_day_actions()
    assert window.open_day_action.isEnabled() and window.delete_day_action.isEnabled()
    window.open_day_action.trigger()
    assert window.current_page_name() == "today" and window.today_page.day == TODAY
    window.show_page("history")
    answer_next_dialog("Delete day")  # it asks once, as from the button
    window.delete_day_action.trigger()
    assert db.doses_on(TODAY) == []
