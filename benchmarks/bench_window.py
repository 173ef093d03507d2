"""Start to a usable Today page on a ten-year log, against a bare PySide6 window.

Both are started the same way (a fresh Python process, a QApplication, the
window shown, then the first turn of the event loop); "usable" means the
window is shown and today's doses are in the Today page's table. The figure
is the ratio of the medians of 5 starts (target at most 1.5x).
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import make_demo_folder, report_value

RUNS = 5
ROOT = Path(__file__).resolve().parent.parent

PRELUDE = """
import sys, time
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
app = QApplication(sys.argv[:1])
"""

BARE = PRELUDE + """
from PySide6.QtWidgets import QMainWindow
def ready():
    print(time.time(), flush=True)
    app.quit()
window = QMainWindow()
window.resize(1120, 780)
window.show()
QTimer.singleShot(0, ready)
app.exec()
"""

KRATOMTRACK = PRELUDE + """
def ready():
    window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
    assert window.isVisible() and window.today_page.dose_table.rowCount() > 0, "today not loaded"
    print(time.time(), flush=True)
    app.quit()
QTimer.singleShot(0, ready)
from kratomtrack.cli import main  # the real command: kratomtrack --data-dir DIR
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


# Compiled bytecode is kept (in a temporary folder), as an installed app has it.
PYCACHE = tempfile.mkdtemp(prefix="kt-bench-pycache-")


def start_time(code: str, folder: Path) -> float:
    settings = tempfile.mkdtemp(prefix="kt-bench-settings-")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=PYCACHE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    begin = time.time()
    result = subprocess.run([sys.executable, "-c", code, str(folder), settings],
                            capture_output=True, text=True, env=env, check=True)
    return float(result.stdout.split()[-1]) - begin


folder = make_demo_folder()
start_time(KRATOMTRACK, folder)  # warm the file cache for both
start_time(BARE, folder)
bare, ours = [], []
for _ in range(RUNS):  # interleaved, so a busy moment hits both alike
    bare.append(start_time(BARE, folder))
    ours.append(start_time(KRATOMTRACK, folder))
print(f"start_bare_pyside6_window: {statistics.median(bare):.3g} s (reference, median of {RUNS})")
print(f"start_to_usable_today_10_years: {statistics.median(ours):.3g} s (median of {RUNS})")
report_value("start_ratio_vs_bare_window", statistics.median(ours) / statistics.median(bare), "x", 1.5,
             f"median of {RUNS}")
