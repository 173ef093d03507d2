"""The whole-log check of a ten-year log, as the window runs it after its first
paint: how long it takes (target < 1 s) and the longest the window's event
loop waits meanwhile (target < 50 ms; a 5 ms timer measures the gaps)."""

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from common import make_demo_folder, report, report_value  # noqa: E402
from kratomtrack.store.database import LogDatabase  # noqa: E402
from kratomtrack.store.integrity import check_whole_log  # noqa: E402
from kratomtrack.ui.app.log_health import LogHealthWatch, ReadOnlyBar  # noqa: E402

folder = make_demo_folder()
path = folder / "kratomtrack.db"
times = []
for _ in range(3):
    start = time.perf_counter()
    assert check_whole_log(path).healthy
    times.append(time.perf_counter() - start)
report("log_check_10_years", times, "s", 1.0)

app = QApplication.instance() or QApplication(sys.argv[:1])
db = LogDatabase.open_folder(folder)
bar = ReadOnlyBar()
watch = LogHealthWatch(db, bar)
gaps: list[float] = []
clock = QElapsedTimer()
ticker = QTimer()
ticker.setInterval(5)


def tick() -> None:
    gaps.append(clock.restart())


ticker.timeout.connect(tick)
done = []
watch.checked.connect(lambda health: done.append(health))
clock.start()
ticker.start()
watch.start()
deadline = time.monotonic() + 30
while not done and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.001)
ticker.stop()
db.close()
longest = max(gaps[1:] or [0])
report_value("log_check_longest_stall", longest, "ms", 50.0, f"{len(gaps)} ticks while checking")
