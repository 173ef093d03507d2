"""File → Import… of a spreadsheet of one's own, through the real window: the
mapping step opens between the file and the preview, is worked with the
keyboard, shows the rows as they will be stored and each skipped row with why,
and the import is written whole as one undo step; the mapping is offered again
for the same header. It fits a 1366×768 screen at 150%."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kratomtrack.core.records import Form
from kratomtrack.store.sheet_import import REMEMBERED, remembered_mappings
from kratomtrack.ui.dialogs.import_preview import DaysWithoutDosesPreview
from kratomtrack.ui.dialogs.sheet_mapping import SheetMappingDialog

from real_command import ROOT
from sheet_writers import write_semicolon_csv
from test_sheet_import import EXCEL_DOSES, EXCEL_SKIPPED, excel_log, stored
from window_helpers import answer_next_dialog, when_modal

pytestmark = pytest.mark.window


def test_a_spreadsheet_goes_through_the_mapping_step_and_is_one_undo_step(window, db, tmp_path, qtbot):
    path = excel_log(tmp_path / "log.xlsx")
    seen = {}

    def check_and_continue(dialog: SheetMappingDialog) -> None:
        qtbot.waitUntil(dialog.continue_button.isEnabled, timeout=10000)
        seen["title"] = dialog.windowTitle()
        seen["first"] = [dialog.rows.item(0, c).text() for c in range(dialog.rows.columnCount())]
        seen["rows"] = dialog.rows.rowCount()
        seen["skipped"] = dialog.skipped.toPlainText()
        seen["summary"] = dialog.summary.text()
        answer_next_dialog("Yes")  # the preview that follows: import these records?
        answer_next_dialog("OK")  # "Import finished"
        QTest.keyClick(dialog, Qt.Key.Key_Return)  # Continue is the default button

    when_modal(SheetMappingDialog, check_and_continue)
    window.transfer.preview([str(path)]).start()
    qtbot.waitUntil(lambda: db.dose_count() == 5, timeout=15000)
    assert seen["title"] == "Which column holds what?"
    assert seen["first"] == ["4", "2026-03-13 08:15", "2.5 g", "powder", "Red Bali", "after breakfast"]
    assert seen["rows"] == 5 and "5 doses, 2 days with pain or ratings" in seen["summary"]
    assert [line for line in EXCEL_SKIPPED if line not in seen["skipped"]] == []
    assert stored(db) == EXCEL_DOSES
    assert window.undo_stack.count() == 1
    assert len(remembered_mappings(db)) == 1  # offered again for a file with this header
    window.editor.undo()
    assert db.dose_count() == 0 and db.checkins_between(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == {}


def test_the_date_order_is_chosen_with_the_keyboard_and_days_without_doses_are_asked(window, db, tmp_path,
                                                                                      qtbot):
    path = write_semicolon_csv(tmp_path / "log.csv", [
        ["Date", "Time", "Grams", "Strain"],
        ["03/04/2026", "08:00", "2,5", "Red"],
        ["05/04/2026", "09:30", "3", "Red"],
    ])
    seen = {}

    def choose_order(dialog: SheetMappingDialog) -> None:
        qtbot.waitUntil(lambda: "Still to choose" in dialog.problem.text(), timeout=10000)
        seen["before"] = dialog.continue_button.isEnabled()
        seen["proof"] = dialog.order_proof.text()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
        QTest.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # Date &order
        seen["focus"] = dialog.focusWidget() is dialog.date_order
        QTest.keyClick(dialog.date_order, Qt.Key.Key_Down)  # Choose… → day/month
        qtbot.waitUntil(dialog.continue_button.isEnabled, timeout=10000)
        seen["first"] = dialog.rows.item(0, 1).text()
        when_modal(DaysWithoutDosesPreview, lambda preview: preview.import_button.click())
        answer_next_dialog("OK")
        dialog.continue_button.click()

    when_modal(SheetMappingDialog, choose_order)
    window.transfer.preview([str(path)]).start()
    qtbot.waitUntil(lambda: db.dose_count() == 2, timeout=15000)
    assert seen["before"] is False and seen["focus"]
    assert "no row shows it; row 2 has 03/04/2026" in seen["proof"]
    assert seen["first"] == "2026-04-03 08:00"
    assert stored(db) == [(dt.datetime(2026, 4, 3, 8, 0), 2500, Form.POWDER, "Red", ""),
                          (dt.datetime(2026, 4, 5, 9, 30), 3000, Form.POWDER, "Red", "")]


def test_the_mapping_confirmed_before_is_offered_again_and_cancel_writes_nothing(window, db, tmp_path, qtbot):
    path = excel_log(tmp_path / "log.xlsx")
    key = next(iter(_first_import_remembered(window, db, path, qtbot)))
    db.set_setting(REMEMBERED.format(key), {**db.setting(REMEMBERED.format(key)), "map": "date=Date,grams=Pain"})
    before = db.dose_count()
    seen = {}

    def look_and_cancel(dialog: SheetMappingDialog) -> None:
        seen["amount"] = dialog.fields["amount"].currentText()
        seen["told"] = any("confirmed for a file with this header before" in label.text()
                           for label in dialog.findChildren(type(dialog.summary)))
        dialog.reject()

    when_modal(SheetMappingDialog, look_and_cancel)
    window.transfer.preview([str(path)]).start()
    qtbot.waitUntil(lambda: "amount" in seen, timeout=15000)
    assert seen == {"amount": "Pain", "told": True}
    assert db.dose_count() == before and window.undo_stack.count() == 1


def _first_import_remembered(window, db, path, qtbot) -> dict:
    def go_on(dialog):
        qtbot.waitUntil(dialog.continue_button.isEnabled, timeout=10000)
        answer_next_dialog("Yes")
        answer_next_dialog("OK")
        dialog.continue_button.click()

    when_modal(SheetMappingDialog, go_on)
    window.transfer.preview([str(path)]).start()
    qtbot.waitUntil(lambda: db.dose_count() == 5, timeout=15000)
    return remembered_mappings(db)


SCREEN = {"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
          "screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}

OPEN_THE_STEP = r"""
import json, sys, datetime as dt
from pathlib import Path
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QMainWindow
sys.path.insert(0, sys.argv[3])
from test_sheet_import import excel_log
from kratomtrack.store.peer_formats.recognise import read_file
from kratomtrack.ui.dialogs.sheet_mapping import SheetMappingDialog

app = QApplication([])
out = Path(sys.argv[1])
window = QMainWindow()
window.show()
free = window.screen().availableGeometry()
dialog = SheetMappingDialog(window, read_file(excel_log(out / "log.xlsx"), today=dt.date.today()))
dialog.open()
while dialog.parsed is None:
    app.processEvents()
app.processEvents()
dialog.grab().save(sys.argv[2])
off = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible() and b.window() is dialog
       and not b.parent().inherits("QAbstractScrollArea") and b.text()
       and not free.contains(QRect(b.mapToGlobal(b.rect().topLeft()), b.size()))]
print(json.dumps({"free": free.getRect(), "ratio": window.screen().devicePixelRatio(),
                  "frame": dialog.frameGeometry().getRect(), "smallest": dialog.minimumSizeHint().toTuple(),
                  "off": off}))
"""


def test_the_mapping_step_fits_a_1366_by_768_screen_at_150_percent(tmp_path):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN))
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_SCALE_FACTOR="1.5",
               QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    picture = tmp_path / "mapping.png"
    result = subprocess.run([sys.executable, "-c", OPEN_THE_STEP, str(tmp_path), str(picture),
                             str(ROOT / "tests")], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["ratio"] == 1.5 and found["free"] == [0, 0, 911, 512]
    x, y, width, height = found["frame"]
    assert x >= 0 and y >= 0 and x + width <= 911 and y + height <= 512, found
    assert found["smallest"][0] <= 911 and found["smallest"][1] <= 512, found
    assert found["off"] == [], found


def test_the_finished_import_counts_a_long_list_of_skipped_rows_instead_of_listing_them(window, db, tmp_path):
    from kratomtrack.store.peer_formats.options import ReadOptions, SheetChoices
    from kratomtrack.store.transfer import read_files

    path = tmp_path / "log.csv"
    path.write_text("Date,Grams\n" + "".join(f"2026-03-{day:02d} 08:00,2\n2026-03-{day:02d} 09:00,lots\n"
                                             for day in range(1, 29)))
    files = read_files([path], today=dt.date.today(),
                       options=ReadOptions(sheet=SheetChoices(map="date=Date,grams=Grams")))
    text = window.transfer.import_read(files, ask=False)
    assert db.dose_count() == 28
    assert sum(" skipped: " in line for line in text.splitlines()) == 10
    assert "  …and 18 more skipped rows or runs of rows." in text.splitlines()
