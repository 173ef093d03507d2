"""The main window: pages, menus, settings, outside changes, import/export, undo failures."""

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kratomtrack import __version__
from kratomtrack.core.records import Dose
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.main_window import MainWindow
from conftest import real_today
from log_files import table_snapshot
from window_helpers import answer_next_dialog, fill_to_the_brim, make_room, press

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date
ROOT = Path(__file__).resolve().parent.parent


def test_pages_switch_by_shortcuts_view_menu_and_tabs(window, qtbot):
    assert window.current_page_name() == "today"
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.history_page
    assert window.page_tabs.currentIndex() == 1 and window.page_actions["history"].isChecked()
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.trends_page
    window.page_actions["today"].trigger()
    assert window.pages.currentWidget() is window.today_page
    assert QApplication.focusWidget() is window.today_page.grams
    window.page_tabs.setCurrentIndex(1)
    assert window.current_page_name() == "history"
    assert [a.text().replace("&", "") for a in window.view_menu.actions()][:3] == [
        "Today", "History", "Trends"]


def test_menus_hold_the_expected_entries(window):
    def names(menu):
        return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]

    assert names(window.file_menu) == [
        "Import…", "Export…", "Restore from backup…", "Save chart…", "Print summary…", "Quit"]
    assert window.print_action.isEnabled()
    assert names(window.edit_menu) == ["Undo", "Redo", "Settings…", "Daily reminder…", "Pain after a dose…"]
    assert not window.undo_action.isEnabled()
    assert names(window.checkups_menu) == [
        "Weekly pain check (PEG)…", "Monthly dependence check (SDS)…", "Red flags on the day shown"]
    assert names(window.help_menu) == ["Keyboard shortcuts", "About kratomtrack"]


def test_about_names_version_data_folder_sources_and_no_dosing_advice(window, db):
    from kratomtrack.ui.dialogs.about import about_text

    text = about_text(db.path)
    assert __version__ in text
    assert str(db.path.parent) in text
    assert "no dosing advice" in text
    assert "Farrar et al. 2001" in text
    assert "is not established" in text


def test_warning_area_is_a_strip_above_the_pages_taking_no_space_when_all_is_well(window):
    assert window.warning_area.count() == 1 and window.warning_banner.isHidden()
    assert window.warning_strip.height() == 0
    layout = window.centralWidget().layout()
    assert layout.indexOf(window.warning_strip) < layout.indexOf(window.pages)
    window.warning_area.addWidget(QLabel_("A banner"))
    QApplication.processEvents()
    assert window.warning_strip.height() > 0


def QLabel_(text):
    from PySide6.QtWidgets import QLabel

    return QLabel(text)


def test_size_position_and_last_page_are_restored(open_window, db, qsettings_in_tmp):
    first = open_window(db)
    first.resize(700, 500)
    first.show_page("history")
    first.close()
    assert any(qsettings_in_tmp.rglob("*.ini"))  # written under tmp_path, not the real home
    second = open_window(db)
    assert (second.width(), second.height()) == (700, 500)
    assert second.current_page_name() == "history"


def test_log_changed_follows_every_change_and_outside_writes_on_activation(open_window, db, data_dir, qtbot):
    window = open_window(db)
    with qtbot.waitSignal(window.log_changed, timeout=1000):
        QTest.keyClicks(window.today_page.grams, "1")
        press(window.today_page.grams, Qt.Key.Key_Return)
    with LogDatabase.open_folder(data_dir) as other:
        other.add_dose(Dose(dt.datetime.now().replace(second=0, microsecond=0), 2.0))
    assert window.today_page.dose_table.rowCount() == 1
    # Activation (the person comes back to the window) picks the change up.
    helper = QLabel_("another window")
    qtbot.addWidget(helper)
    helper.show()
    helper.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=2000)
    with qtbot.waitSignal(window.log_changed, timeout=2000):
        window.activateWindow()
    assert window.today_page.dose_table.rowCount() == 2


def test_export_and_import_from_the_window_say_what_happened(open_window, db, tmp_path, qtbot):
    db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(8)), 2.0))
    window = open_window(db)
    out = tmp_path / "log.json"
    text = window.transfer.export_log("json", str(out), ask=False)
    assert str(out) in text and json.loads(out.read_text())["doses"][0]["grams"] == 2.0
    text = window.transfer.export_log("csv", str(tmp_path / "csv"), ask=False)
    assert "doses.csv" in text and (tmp_path / "csv" / "checkins.csv").exists()
    assert "already in the log" in window.transfer.import_paths([str(out)], ask=False)
    broken = tmp_path / "broken.csv"
    broken.write_text("taken_at,grams,form,product,notes\n2026-13-01T08:00,2,,,\n")
    before = table_snapshot(db)
    text = window.transfer.import_paths([str(broken)], ask=False)
    assert "Nothing was imported" in text and "broken.csv" in text
    assert table_snapshot(db) == before


def test_import_conflicts_ask_whether_to_keep_mine(open_window, db, tmp_path, qtbot):
    from kratomtrack.core.records import CheckIn

    db.save_checkin(CheckIn(TODAY, 3))
    window = open_window(db)
    path = tmp_path / "checkins.csv"
    path.write_text(f"date,pain,notes\n{TODAY.isoformat()},8,\n")
    answer_next_dialog("Keep mine")
    window.transfer.import_paths([str(path)])
    assert db.checkin(TODAY).pain == 3
    answer_next_dialog("Use the file")
    answer_next_dialog("OK")
    window.transfer.import_paths([str(path)])
    assert db.checkin(TODAY).pain == 8
    assert window.today_page.pain.value() == 8


def test_an_undo_that_cannot_be_saved_says_so_and_can_be_tried_again(window, db, qtbot):
    page = window.today_page
    QTest.keyClicks(page.grams, "2")
    press(page.grams, Qt.Key.Key_Return)
    page.dose_table.selectRow(0)
    page.remove_selected_dose()
    assert db.doses_on(TODAY) == []
    fill_to_the_brim(db)
    seen = []
    answer_next_dialog("OK", seen)
    window.undo_action.trigger()  # putting the dose back needs room
    assert "disk is full" in seen[0]
    assert db.doses_on(TODAY) == [] and window.undo_action.isEnabled()
    make_room(db)
    window.undo_action.trigger()
    assert len(db.doses_on(TODAY)) == 1 and page.dose_table.rowCount() == 1


def test_undo_on_another_day_shows_that_day(window, db, qtbot):
    page = window.today_page
    yesterday = TODAY - dt.timedelta(days=1)
    window.open_day(yesterday)
    page.pain.group.button(4).click()
    window.open_day(TODAY)
    window.undo_action.trigger()
    assert page.day == yesterday and db.checkin(yesterday) is None and page.pain.value() is None


def test_matplotlib_is_not_imported_before_trends_is_opened(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {str(tmp_path)!r})
        app = QApplication([])
        from kratomtrack.cli import main
        main(["--data-dir", {str(tmp_path / "data")!r}, "demo", "--days", "30"])
        from kratomtrack.store.database import LogDatabase
        from kratomtrack.ui.app.main_window import MainWindow
        window = MainWindow(LogDatabase.open_folder(Path({str(tmp_path / "data")!r})))
        window.show()
        app.processEvents()
        window.show_page("history")
        app.processEvents()
        window.show_page("today")
        app.processEvents()
        print("matplotlib" in sys.modules)
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_import_summary_says_what_the_import_command_says_with_check_ups_and_no_command_line_hint(window):
    from kratomtrack.store.transfer import ImportReport

    report = ImportReport(added_doses=2, added_checkups=3, conflicts=[f"day {n}" for n in range(12)])
    text = window.transfer.import_summary(report)
    assert "Red flags, PEG and SDS: 3 added" in text
    assert "12 conflicting" in text and "day 9" in text and "day 10" not in text
    assert "…and 2 more." in text
    assert "--replace" not in text
