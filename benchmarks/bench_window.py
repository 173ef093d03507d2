"""Start to a usable Today page on a ten-year log, against a bare PySide6 window.

Both are started the same way: a fresh Python process, a QApplication, the
window shown. The clock stops when the window's first frame is painted (the
event-loop turn after its first paint event), so everything a person waits
for before they see the window is counted, for both. "Usable" means today's
doses are in the Today page's table at that moment and the window is shown.
The figure is the ratio of the medians of 5 starts (target at most 2.0x: issue 17
measured 1.5x as out of reach with a complete Today page, whose floor is about 1.6x).

Also printed, for the record: the time to the first event-loop turn after
show() (before any paint); to the window's complete start (the warning
strip, check-up reminders, the whole-log check, the day's backup and the
single-instance listener, which follow the first paint); and both for the first start of a
day, when the day's backup of the ten-year log is due.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import installed_env, make_demo_folder, report_value

RUNS = int(os.environ.get("KT_BENCH_RUNS", "5"))
ROOT = Path(__file__).resolve().parent.parent

# Prints three times (seconds since the epoch): the first event-loop turn,
# the first painted frame of a top-level window, and the complete start.
PRELUDE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
app = QApplication(sys.argv[:1])
times = {}

def first_turn():
    times["turn"] = time.time()
    # Windows are shown by now and not yet painted (Qt paints on a later turn).
    # A filter on each window only, not on the application: an application
    # filter would run Python for every event of every widget and slow the
    # window with many widgets more than the bare one.
    for window in app.topLevelWidgets():
        window.installEventFilter(first_paint)

def painted():
    check_usable()
    times["paint"] = time.time()
    QTimer.singleShot(0, complete)

def complete():
    if not is_complete():
        QTimer.singleShot(1, complete)
        return
    times["complete"] = time.time()
    print(times["turn"], times["paint"], times["complete"], flush=True)
    app.quit()

class FirstPaint(QObject):
    # Installed last, so it sees the paint before the window's own filters:
    # "painted" is queued ahead of anything the window queues after its paint.
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "queued" not in times:
            times["queued"] = True
            QTimer.singleShot(0, painted)  # after the frame is painted and flushed
        return False

first_paint = FirstPaint()
QTimer.singleShot(0, first_turn)
"""

BARE = PRELUDE + """
from PySide6.QtWidgets import QMainWindow
check_usable = lambda: None
is_complete = lambda: True
window = QMainWindow()
window.resize(1120, 780)
window.show()
app.exec()
"""

KRATOMTRACK = PRELUDE + """
def main_window():
    return next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")

def check_usable():
    window = main_window()
    assert window.isVisible() and window.today_page.dose_table.rowCount() > 0, "today not loaded"

def is_complete():
    window = main_window()  # the day's backup follows the whole-log check
    return window.start_finished and window.health_watch.health is not None

from kratomtrack.cli import main  # the real command: kratomtrack --data-dir DIR
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def start_times(code: str, folder: Path) -> list[float]:
    """Seconds from starting the process to its first turn, first paint and complete start."""
    settings = tempfile.mkdtemp(prefix="kt-bench-settings-")
    env = installed_env(QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), PYTHONPATH=str(ROOT))
    begin = time.time()
    result = subprocess.run([sys.executable, "-c", code, str(folder), settings],
                            capture_output=True, text=True, env=env, check=True)
    return [float(value) - begin for value in result.stdout.split()[-3:]]


folder = make_demo_folder()
start_times(KRATOMTRACK, folder)  # warm the file cache for both
start_times(BARE, folder)
bare, ours, first_of_day = [], [], []
for _ in range(RUNS):  # interleaved, so a busy moment hits all alike
    bare.append(start_times(BARE, folder))
    ours.append(start_times(KRATOMTRACK, folder))
    shutil.rmtree(folder / "backups")  # as on the first start of a day: a backup is due
    first_of_day.append(start_times(KRATOMTRACK, folder))


def median(runs: list[list[float]], which: int) -> float:
    return statistics.median(run[which] for run in runs)


TURN, PAINT, COMPLETE = 0, 1, 2
print(f"start_bare_pyside6_window_painted: {median(bare, PAINT):.3g} s (reference, median of {RUNS})")
print(f"start_to_usable_today_painted_10_years: {median(ours, PAINT):.3g} s (median of {RUNS})")
report_value("start_ratio_vs_bare_window", median(ours, PAINT) / median(bare, PAINT), "x", 2.0,
             f"first painted frame, median of {RUNS}")
print(f"start_ratio_first_turn_vs_bare_window: {median(ours, TURN) / median(bare, TURN):.3g} x "
      f"(for the record: first event-loop turn after show(), before any paint)")
print(f"start_to_complete_window_10_years: {median(ours, COMPLETE):.3g} s "
      f"(for the record: warning strip, reminders and listener in place, median of {RUNS})")
print(f"start_first_of_the_day_painted_10_years: {median(first_of_day, PAINT):.3g} s, complete "
      f"{median(first_of_day, COMPLETE):.3g} s (for the record: the day's backup follows the "
      f"first paint, median of {RUNS})")
