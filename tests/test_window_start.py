"""The window's start: today's day is painted first; warnings, check-ups, the day's
backup and the single-instance listener follow, and nothing the first paint does not
need is loaded."""

import gc
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.launch import run_app
from kratomtrack.ui.app.main_window import MainWindow
from kratomtrack.ui.app.single_instance import SingleInstance

from log_files import fill
from window_helpers import when_modal

pytestmark = pytest.mark.window

ROOT = Path(__file__).resolve().parent.parent

# Modules the first paint of Today must not wait for: each is imported inside a
# function, at a seam (a page, a dialog, the work after the first paint, the chart
# library). test_every_module_named_here_exists fails when one is renamed or moved,
# so that this list never passes because it names nothing.
LATER = ("kratomtrack.ui.widgets.warning_banner", "kratomtrack.core.warning", "kratomtrack.core.safety",
         "kratomtrack.store.safety_status", "kratomtrack.ui.dialogs.checkups", "kratomtrack.ui.pages.today.due_markers",
         "kratomtrack.ui.pages.history.page",
         "kratomtrack.ui.pages.trends.page", "kratomtrack.ui.app.reminder", "PySide6.QtNetwork", "matplotlib",
         "platformdirs", "sqlcipher3", "argon2", "kratomtrack.ui.app.idle_lock", "kratomtrack.store.protection",
         "kratomtrack.core.plan", "kratomtrack.store.plans",  # platformdirs: not with --data-dir
         "kratomtrack.ui.app.icon", "kratomtrack.store.backups", "kratomtrack.ui.pages.trends.preload",
         "kratomtrack.ui.dialogs.passphrase", "kratomtrack.ui.dialogs.restore", "kratomtrack.ui.dialogs.summary",
         "kratomtrack.report", "kratomtrack.charts", "kratomtrack.ui.app.second_copy",
         "kratomtrack.store.second_folder", "kratomtrack.store.sync_markers",
         "kratomtrack.ui.app.tray_dose", "kratomtrack.ui.app.dose_requests",  # the tray's window, the dose command's
         "sqlite_utils",  # sqlite_utils loads numpy
         # A spreadsheet's import (issue 30): its readers and the mapping step.
         "openpyxl", "defusedxml", "kratomtrack.store.sheet_import", "kratomtrack.core.sheet_rows",
         "kratomtrack.ui.dialogs.sheet_mapping")


START = """
import sys
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
app = QApplication(sys.argv[:1])
seen = {}

def backups():
    from pathlib import Path
    return len(list((Path(sys.argv[1]) / "backups").glob("*.db")))

def window():
    return next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "paint" not in seen:
            w = window()
            seen["paint"] = (w.isVisible(), w.today_page.dose_table.rowCount(), w.start_finished,
                             sorted(name for name in LATER if name in sys.modules), backups())
        return False

def first_turn():
    window().installEventFilter(first_paint)

def finished():
    import json
    from PySide6.QtNetwork import QLocalSocket
    from kratomtrack.ui.app.single_instance import server_name
    w = window()
    # The day's backup follows the background whole-log check: wait for its
    # result, which reaches the window's thread as a queued signal.
    w.health_watch.wait()
    while w.health_watch.health is None:
        app.processEvents()
    socket = QLocalSocket()
    socket.connectToServer(server_name(sys.argv[1]))
    visible, doses, finished_then, loaded, backups_then = seen["paint"]
    print(json.dumps({"visible": visible, "doses": doses, "finished_at_paint": finished_then,
                      "loaded_at_paint": loaded, "backups_at_paint": backups_then,
                      "backups": backups(), "banner": w.warning_banner.visible_kinds(),
                      "listening": socket.waitForConnected(2000)}), flush=True)
    app.quit()

first_paint = FirstPaint()
QTimer.singleShot(0, first_turn)
from kratomtrack.cli import main
import kratomtrack.ui.app.main_window as main_window
original = main_window.MainWindow.finish_start
def finish_start(self):
    original(self)
    QTimer.singleShot(0, finished)
main_window.MainWindow.finish_start = finish_start
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


@pytest.mark.parametrize("name", LATER)
def test_every_module_named_here_exists(name):
    assert importlib.util.find_spec(name) is not None, (
        f"{name} no longer exists: name the module it became in LATER")


def test_today_is_painted_before_warnings_checkups_and_the_backup_then_they_follow(tmp_path):
    assert [name for name in LATER if importlib.util.find_spec(name) is None] == []  # else vacuous
    folder = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), "demo",
                    "--days", "60"], check=True, capture_output=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("KRATOMTRACK_DATA_DIR", None)
    script = f"LATER = {LATER!r}\n" + START
    result = subprocess.run([sys.executable, "-c", script, str(folder), str(tmp_path / "settings")],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    start = json.loads(result.stdout.strip().splitlines()[-1])
    assert start["visible"] and start["doses"] > 0 and not start["finished_at_paint"]
    assert start["loaded_at_paint"] == []
    assert (start["backups_at_paint"], start["backups"]) == (0, 1)  # the day's backup follows
    assert "warning" in start["banner"]  # the demo log's warning follows the first paint
    assert start["listening"]  # and a later start is heard


def test_the_warning_strip_is_built_after_the_first_paint(qtbot, db):
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert not window.start_finished and window.warning_area.count() == 0
    window.show()
    qtbot.waitUntil(lambda: window.start_finished, timeout=3000)
    assert window.warning_area.count() == 1 and set(window.today_page.due_markers) == {"peg", "sds"}
    window.close()


def test_first_paint_calls_back_once_after_the_paint_and_never_for_a_closed_window(qtbot):
    from PySide6.QtWidgets import QWidget
    from kratomtrack.ui.app.main_window import FirstPaint
    from window_helpers import settled

    calls = []
    shown = QWidget()
    qtbot.addWidget(shown)
    FirstPaint(shown, lambda: calls.append("shown"), latest_ms=100)
    shown.show()
    qtbot.waitUntil(lambda: calls == ["shown"], timeout=2000)
    shown.update()
    settled(shown, qtbot)  # another paint, and no deadline left to fire: still once
    assert calls == ["shown"]

    closed = QWidget()
    qtbot.addWidget(closed)
    FirstPaint(closed, lambda: calls.append("closed"), latest_ms=50)
    closed.show()
    closed.close()  # before the event loop ran: no paint
    settled(closed, qtbot)  # its deadline has fired
    assert calls == ["shown"]


# --- the cyclic collector: off during the start, one freeze point, on again after ---------

def test_the_collector_is_on_again_when_the_start_refuses_the_log(qtbot, data_dir):
    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / "kratomtrack.db")
    conn.execute("CREATE TABLE recipes (name)")  # not a kratomtrack log: refused in words
    conn.close()
    seen = []
    when_modal(QMessageBox, lambda box: (seen.append(box.text()), box.accept()))
    assert run_app(data_dir) == 1
    assert "not a kratomtrack log" in seen[0]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_collector_is_on_again_when_another_window_has_the_log(qtbot, data_dir):
    first = SingleInstance(data_dir)
    assert first.claim(listen=False)  # never answers: the second start says it is open
    seen = []
    when_modal(QMessageBox, lambda box: (seen.append(box.windowTitle()), box.accept()))
    try:
        assert run_app(data_dir) == 0
    finally:
        first.release()
    assert seen == ["kratomtrack is already open"]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_start_is_frozen_once_painted_and_unfrozen_when_the_window_closes(qtbot, data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 3)
    during = {}

    def look() -> None:
        # The window run_app shows (an earlier test's window may still wait to be deleted).
        window = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible()), None)
        if window is None or not window.start_finished:
            QTimer.singleShot(10, look)
            return
        during.update(enabled=gc.isenabled(), frozen=gc.get_freeze_count())
        # An earlier test's widget still on show in this process would keep the event
        # loop, and run_app, going: close every window, as a person quitting would.
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget is not window:
                widget.close()
        window.close()

    QTimer.singleShot(0, look)
    assert run_app(data_dir) == 0
    assert during["enabled"] and during["frozen"] > 1000  # the start's objects, frozen at started
    assert gc.isenabled() and gc.get_freeze_count() == 0
