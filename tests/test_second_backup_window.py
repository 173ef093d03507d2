"""The second backup folder in the window: chosen in Settings → Backups, filled off
the window's thread after the day's backup, a missing disk said in the status bar
(never a dialog) and tried again, restore offering both places, and the word on
a data folder inside a synced folder."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton, QWidget

from kratomtrack.store import second_folder
from kratomtrack.store.backups import Retention, list_backups, make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.startup import make_todays_backup
from kratomtrack.ui.dialogs.backups_tab import BackupsTab
from kratomtrack.ui.dialogs.restore import RestoreDialog

from log_files import fill
from second_folder_helpers import copies_in, new_usb

pytestmark = pytest.mark.window


@pytest.fixture
def usb(tmp_path):
    return new_usb(tmp_path)


def _backups_tab(window) -> BackupsTab:
    dialog = window.open_settings()
    tab = dialog.findChild(BackupsTab)
    dialog.show_tab_of(tab)
    return tab


def test_choosing_the_folder_in_settings_copies_the_newest_backup_there(qtbot, window, db, data_dir, usb):
    fill(db, 5)
    made = make_backup(db)
    tab = _backups_tab(window)
    assert tab.isVisible() and tab.chosen.text() == "" and not tab.copy_button.isEnabled()
    assert str(data_dir / "backups") in tab.findChildren(QLabel)[0].text()
    tab.choose_button.click()
    chooser = tab.folder_dialog
    qtbot.waitUntil(chooser.isVisible)
    assert isinstance(chooser, QFileDialog)
    chooser.selectFile(str(usb))
    chooser.accept()
    qtbot.waitUntil(lambda: bool(copies_in(usb)) and not tab.work.busy, timeout=10000)
    assert [c.name for c in copies_in(usb)] == [made.path.name]
    assert second_folder.chosen_folder(data_dir) == usb and tab.chosen.text() == str(usb)
    assert "The newest backup is in the second folder" in tab.result.text()
    tab.clear_button.click()
    assert second_folder.chosen_folder(data_dir) is None and copies_in(usb)  # the copies stay


def test_settings_refuses_a_folder_inside_the_data_folder_in_words(qtbot, window, db, data_dir):
    inside = data_dir / "copies"
    inside.mkdir()
    tab = _backups_tab(window)
    assert not tab.choose(inside)
    assert "inside your data folder" in tab.result.text() and "not changed" in tab.result.text()
    assert second_folder.chosen_folder(data_dir) is None


def test_the_days_copy_runs_off_the_windows_thread(qtbot, window, db, data_dir, usb):
    fill(db, 5)
    second_folder.choose_folder(data_dir, usb)
    make_todays_backup(db, window)
    assert window.second_copy.busy  # the call returned before the copy was made
    qtbot.waitUntil(lambda: bool(copies_in(usb)) and not window.second_copy.busy, timeout=10000)
    assert [c.name for c in copies_in(usb)] == [list_backups(data_dir)[0].path.name]


def test_a_missing_disk_is_said_in_the_status_bar_and_tried_again_on_return(qtbot, window, db,
                                                                             data_dir, usb, tmp_path):
    fill(db, 5)
    second_folder.choose_folder(data_dir, usb)
    unplugged = tmp_path / "unplugged"
    usb.rename(unplugged)
    make_todays_backup(db, window)
    qtbot.waitUntil(lambda: window.second_copy.pending, timeout=10000)
    said = window.statusBar().currentMessage()
    assert said.startswith(f"Second backup folder not found: {usb} — will try again")
    assert "when you come back to this window" in said and "next start" in said
    assert QApplication.activeModalWidget() is None  # no dialog
    assert len(list_backups(data_dir)) == 1  # the backup here was made all the same
    unplugged.rename(usb)
    window.second_copy.retry_after_seconds = 0
    other = QWidget()  # the person goes to another window, then comes back
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    window.activateWindow()
    qtbot.waitUntil(lambda: bool(copies_in(usb)), timeout=10000)
    qtbot.waitUntil(lambda: not window.second_copy.pending)
    assert "copied to the second backup folder" in window.statusBar().currentMessage()


def test_a_file_where_the_folder_should_be_is_said_in_words(qtbot, window, db, data_dir, usb):
    fill(db, 5)
    second_folder.choose_folder(data_dir, usb)
    (usb / second_folder.PLACE_NAME).write_text("")
    make_todays_backup(db, window)
    qtbot.waitUntil(lambda: window.second_copy.pending, timeout=10000)
    said = window.statusBar().currentMessage()
    assert "is a file" in said and "will try again" in said and "Traceback" not in said


def test_restore_offers_both_places_and_restores_from_the_second_folder(qtbot, db, data_dir, usb):
    fill(db, 3)
    older = make_backup(db, now=dt.datetime(2026, 11, 18, 9, 0))
    second_folder.choose_folder(data_dir, usb)
    second_folder.copy_backup(data_dir, older.path, usb, Retention())
    older.path.unlink()  # only the copy in the second folder holds 3 days
    fill(db, 4, start=dt.date(2026, 11, 1))
    make_backup(db, now=dt.datetime(2026, 11, 19, 9, 0))
    dialog = RestoreDialog(data_dir)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.topLevelItemCount() == 2, timeout=10000)
    table = dialog.table
    assert table.headerItem().text(4) == "Where"
    assert [(table.topLevelItem(i).text(1), table.topLevelItem(i).text(4)) for i in range(2)] == [
        ("7", "this computer"), ("3", "second folder")]
    dialog.select(copies_in(usb)[0])
    dialog.restore_button.click()
    assert dialog.restored is not None and db.dose_count() == 3


def test_restore_says_when_the_second_folder_is_not_there(qtbot, db, data_dir, usb, tmp_path):
    fill(db, 2)
    make_backup(db)
    second_folder.choose_folder(data_dir, usb)
    usb.rename(tmp_path / "away")
    dialog = RestoreDialog(data_dir)
    qtbot.addWidget(dialog)
    assert "Second backup folder not found" in dialog.second_place.text()
    assert dialog.table.topLevelItemCount() == 1 and dialog.restore_button.isEnabled()


def test_a_data_folder_in_a_synced_folder_is_told_once_with_why_and_how(qtbot, open_window, tmp_path):
    synced = tmp_path / "Sync"
    synced.mkdir()
    (synced / ".stfolder").mkdir()
    with LogDatabase.open_folder(synced / "kratomtrack") as log:
        window = open_window(log)
        labels = window.statusBar().findChildren(QLabel, "synced_folder_warning")
        assert len(labels) == 1 and labels[0].isVisible()
        assert "synced folder" in labels[0].text()
        why = window.statusBar().findChild(QPushButton, "synced_folder_why")
        why.click()
        box = window.findChild(QMessageBox, "synced_folder_box")
        qtbot.waitUntil(box.isVisible)
        for words in ("Syncthing", "kratomtrack.db-wal", "corrupt", "--data-dir"):
            assert words in box.text(), words
        box.accept()
        window.close()


def test_a_data_folder_outside_synced_folders_is_not_warned_about(window):
    assert window.statusBar().findChild(QLabel, "synced_folder_warning") is None
