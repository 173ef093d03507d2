"""The print preview on a ten-year log (issue 27): the window's longest stall
while the range changes to the whole log, and while the year is stepped five
times with the arrow key, a moment apart. The layout runs off the window's
thread (ui/dialogs/summary_work.py); target: no stall over 100 ms.

This figure was a timed test; timed tests fail on a busy machine, so it is
measured here, as the other speed figures are.
"""

import datetime as dt
import time

from PySide6.QtCore import QCoreApplication, QTimer

from common import report_value
from window_session import close_window, open_window


class Heartbeat:
    """A 5 ms timer on the window's thread: the longest gap between its beats."""

    def __init__(self):
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._beat)
        self.reset()
        self.timer.start()

    def reset(self):
        self.last = time.perf_counter()
        self.longest = 0.0

    def _beat(self):
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def wait_until(condition, timeout: float = 120.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the preview did not finish")
        QCoreApplication.processEvents()
        time.sleep(0.002)


def wait(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QCoreApplication.processEvents()
        time.sleep(0.002)


app, window = open_window()
wholes, arrows = [], []
for _ in range(3):
    dialog = window.print_summary()
    preview = dialog.open_preview()
    wait_until(lambda: dialog.ready and preview.page_count() > 0 and preview.pictures_done())
    heart = Heartbeat()
    today = dt.date.today()
    dialog.set_range(today - dt.timedelta(days=3649), today)
    wait_until(lambda: dialog.ready and preview.pictures_done())
    wholes.append(heart.longest * 1000)
    heart.reset()
    edit = dialog.start_edit
    edit.setCurrentSection(edit.sectionAt(edit.sectionCount() - 1))  # the year
    for _ in range(5):
        edit.stepBy(1)
        wait(0.15)
    wait_until(lambda: dialog.ready and preview.pictures_done())
    arrows.append(heart.longest * 1000)
    heart.timer.stop()
    preview.close()
    dialog.close()
    wait(0.2)
report_value("print_preview_whole_range_longest_stall", max(wholes), "ms", 100, "worst of 3")
report_value("print_preview_year_arrows_longest_stall", max(arrows), "ms", 100, "worst of 3")
close_window(window)
