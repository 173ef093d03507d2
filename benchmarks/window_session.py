"""A kratomtrack window on a ten-year demo log, offscreen, for in-process benchmarks."""

import gc
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from common import make_demo_folder  # noqa: E402


def open_window(settled: bool = True):
    """(app, window) on a fresh ten-year demo log; QSettings go to a temporary folder.

    ``settled``: also wait for the start's background work (the whole-log
    check, the chart library) to finish. The cyclic collector is handled as
    the app's start handles it (ui/app/launch.py run_app): off until the
    window is painted, then the start's objects frozen and the collector on.
    """
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      tempfile.mkdtemp(prefix="kt-bench-settings-"))
    folder = make_demo_folder()
    gc.disable()
    app = QApplication.instance() or QApplication([])
    from kratomtrack.store.database import LogDatabase
    from kratomtrack.ui.app.launch import collect_from_now_on
    from kratomtrack.ui.app.main_window import MainWindow

    db = LogDatabase.open_folder(folder)
    window = MainWindow(db)
    window.started.connect(collect_from_now_on)
    window.resize(1120, 780)
    window.show()
    # As a person finds it: painted, then the warning strip and reminders in place.
    deadline = time.monotonic() + 10
    while not window.start_finished:
        assert time.monotonic() < deadline, "the window did not finish starting"
        app.processEvents()
    # And settled: the background whole-log check done and the chart library
    # loaded (it starts a second after the start), so that a figure measures
    # its own page, not the start's background work sharing Python with it.
    deadline = time.monotonic() + 30
    while settled and (window.health_watch.health is None or window.chart_preload is None
           or window.chart_preload.is_alive()):
        assert time.monotonic() < deadline, "the window's background work did not finish"
        app.processEvents()
        time.sleep(0.005)
    return app, window


def close_window(window) -> None:
    """Close cleanly (see kratomtrack.ui.app.launch.shut_down)."""
    from kratomtrack.ui.app.launch import shut_down

    window.close()
    shut_down(window)
