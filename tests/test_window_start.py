"""The window's start: today's day is painted first; warnings, check-ups, the day's
backup and the single-instance listener follow, and nothing the first paint does not
need is loaded."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kratomtrack.ui.app.main_window import MainWindow

pytestmark = pytest.mark.window

ROOT = Path(__file__).resolve().parent.parent

# Modules the first paint of Today must not wait for.
LATER = ("kratomtrack.ui.widgets.warning_banner", "kratomtrack.core.warning", "kratomtrack.core.safety",
         "kratomtrack.store.safety_status", "kratomtrack.ui.dialogs.checkups", "kratomtrack.ui.pages.today.due_markers",
         "kratomtrack.ui.pages.history.page",
         "kratomtrack.ui.pages.trends.page", "kratomtrack.ui.app.reminder", "PySide6.QtNetwork", "matplotlib",
         "platformdirs", "sqlcipher3", "argon2", "kratomtrack.ui.app.idle_lock", "kratomtrack.store.protection",
         "kratomtrack.core.plan", "kratomtrack.store.plans")  # platformdirs: not with --data-dir

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


def test_today_is_painted_before_warnings_checkups_and_the_backup_then_they_follow(tmp_path):
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
