"""Sync in the window: the other computer's dose shows within 2 s of its file's arrival
(QFileSystemWatcher, merged off the window's thread); a change made in the window
reaches the folder about a second later; Day → Sync lists what was changed on both
computers and restores it in one undoable step; Settings → Sync starts syncing; and a
window whose log does not sync loads nothing of sync."""

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync.config import read_config
from kratomtrack.store.sync.joining import setup
from kratomtrack.store.sync.merging import sync_now
from kratomtrack.ui.commands.log_commands import AddDose

from conftest import real_today
from sync_helpers import sync_files

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def syncing(tmp_path, db):
    """The window's log (``db``) and another computer's, both syncing through one folder."""
    db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(7, 0)), 2.0, product="Mine"))
    setup(db, tmp_path / "sync")
    other = LogDatabase.open_folder(tmp_path / "other")
    setup(other, tmp_path / "sync")
    yield other, tmp_path / "sync"
    other.close()


def merged_once(window, qtbot):
    qtbot.waitUntil(lambda: window.sync_watch is not None and window.sync_watch.last is not None
                    and not window.sync_watch.running, timeout=5000)


def test_the_other_computers_dose_shows_within_two_seconds_of_its_file(open_window, db, syncing, qtbot):
    other, _ = syncing
    window = open_window(db)
    merged_once(window, qtbot)
    assert window.today_page.dose_table.rowCount() == 1
    other.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(8, 30)), 3.25, product="From the laptop"))
    sync_now(other)  # its file arrives in the folder now
    arrived = time.monotonic()
    qtbot.waitUntil(lambda: window.today_page.dose_table.rowCount() == 2, timeout=2000)
    assert time.monotonic() - arrived < 2.0
    window.grab().save(str(Path(os.environ.get("SYNC_PNG_DIR", db.path.parent)) / "today_after_sync.png"))


def test_a_change_in_the_window_reaches_the_folder_a_second_later(open_window, db, syncing, qtbot):
    other, folder = syncing
    window = open_window(db)
    merged_once(window, qtbot)
    def whole_files():  # not a temporary name: a file being written is not there yet
        return [p for p in sync_files(folder) if not p.name.startswith(".")]

    before = len(whole_files())
    window.editor.apply(AddDose(db, Dose(dt.datetime.combine(TODAY, dt.time(9, 0)), 1.5, product="Typed")))
    qtbot.waitUntil(lambda: len(whole_files()) > before, timeout=4000)
    sync_now(other)
    assert "Typed" in {d.product for d in other.all_doses()}


def test_day_sync_lists_a_change_on_both_and_restores_it_in_one_undoable_step(open_window, db, syncing, qtbot):
    other, _ = syncing
    db.save_checkin(CheckIn(TODAY, 3, {}, "written here"), today=TODAY)
    other.save_checkin(CheckIn(TODAY, 7, {}, "written there"), today=TODAY)
    sync_now(other)
    sync_now(db)
    sync_now(other)
    window = open_window(db)
    merged_once(window, qtbot)
    if not db.conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0]:
        sync_now(db)  # the listing came from the other computer's merge
    dialog = window.open_sync()
    qtbot.waitUntil(lambda: bool(dialog.versions), timeout=3000)
    [listed] = dialog.versions
    kept = db.checkin(TODAY).note
    assert listed.other["note"] != kept and "Other version" in dialog.listing.item(0).text()
    dialog.resize(1366 // 2, 768 // 2)
    dialog.grab().save(str(db.path.parent / "day_sync.png"))
    dialog.restore_button.click()
    assert db.checkin(TODAY).note == listed.other["note"] and dialog.versions == []
    assert window.editor.undo()
    assert db.checkin(TODAY).note == kept
    qtbot.waitUntil(lambda: len(dialog.versions) == 1, timeout=3000)
    dialog.close()


def test_settings_sync_starts_syncing_off_the_windows_thread(open_window, db, tmp_path, qtbot):
    window = open_window(db)
    assert window.sync_watch is None
    settings = window.open_settings()
    tab = settings.sync
    settings.show_tab_of(tab)
    tab.folder.setText(str(tmp_path / "shared"))
    tab.start_button.click()
    qtbot.waitUntil(lambda: read_config(db) is not None and window.sync_watch is not None, timeout=10000)
    qtbot.waitUntil(lambda: tab.running_box.isVisible(), timeout=3000)
    assert "Syncing with" in tab.status.text()
    assert sync_files(tmp_path / "shared")
    settings.grab().save(str(db.path.parent / "settings_sync.png"))
    tab.leave_button.click()
    assert read_config(db) is None and window.sync_watch is None
    settings.close()


def test_a_data_folder_inside_the_sync_folder_is_refused_in_the_tab(open_window, db, qtbot):
    window = open_window(db)
    settings = window.open_settings()
    settings.sync.folder.setText(str(db.path.parent.parent))
    settings.sync.start_button.click()
    qtbot.waitUntil(lambda: not settings.sync.problem.isHidden(), timeout=5000)
    assert "data folder" in settings.sync.problem.text() and read_config(db) is None
    settings.close()


NOTHING_OF_SYNC = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.main_window import MainWindow
db = LogDatabase.open_folder(Path(sys.argv[1]))
window = MainWindow(db)
window.show()
window.finish_start()
app.processEvents()
print(sorted(m for m in sys.modules if m.startswith(("pycrdt", "cryptography", "kratomtrack.store.sync.",
                                                       "kratomtrack.ui.app.sync_watch"))))
"""


def test_a_window_whose_log_does_not_sync_loads_nothing_of_sync(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", NOTHING_OF_SYNC, str(tmp_path / "data")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
