"""Keys to log a typical day on Today: 3 doses, pain, 3 side effects rated, the rest none."""

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
root = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(root), str(root / "tests")]

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from common import report_value  # noqa: E402
from typical_day import type_a_typical_day  # noqa: E402
from window_session import close_window  # noqa: E402

QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                  tempfile.mkdtemp(prefix="kt-bench-settings-"))
app = QApplication.instance() or QApplication([])
from kratomtrack.store.database import LogDatabase  # noqa: E402
from kratomtrack.ui.app.main_window import MainWindow  # noqa: E402

db = LogDatabase.open_folder(Path(tempfile.mkdtemp(prefix="kt-bench-")) / "data")
window = MainWindow(db)
window.resize(1366, 768)
window.show()
window.activateWindow()
deadline = time.monotonic() + 10
while not window.start_finished and time.monotonic() < deadline:
    app.processEvents()
window.today_page.grams.setFocus()
keys = type_a_typical_day(window)
report_value("typical_day_keystrokes", keys, "keys", 25,
             "3 doses by grams and Enter, pain, 3 side effects rated, the rest none")
close_window(window)
