"""History on a ten-year log: opening it, and scrolling from top to bottom page by page.

The first opening happens once per window, so it is measured in five fresh
windows (each its own process) and their median is the figure: one sample on
a shared machine moved by a third between runs.
"""

import os
import statistics
import subprocess
import sys
import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from common import report, report_value
from window_session import close_window, open_window

OPENINGS = 5


def open_history(app, window) -> float:
    """Milliseconds from asking for History to its first rows painted."""
    start = time.perf_counter()
    window.show_page("history")
    window.history_page.view.viewport().repaint()
    app.processEvents()
    return (time.perf_counter() - start) * 1000


if os.environ.get("KT_BENCH_HISTORY_OPEN_ONLY"):  # one of the fresh windows
    app, window = open_window()
    print(open_history(app, window))
    close_window(window)
    sys.exit(0)

env = dict(os.environ, KT_BENCH_HISTORY_OPEN_ONLY="1")
openings = [float(subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True,
                                 check=True).stdout.split()[-1]) for _ in range(OPENINGS - 1)]
app, window = open_window()
openings.append(open_history(app, window))
view = window.history_page.view

rows = window.history_page.model.rowCount()
steps = []
while True:
    before = view.verticalScrollBar().value()
    start = time.perf_counter()
    QTest.keyClick(view, Qt.Key.Key_PageDown)
    view.viewport().repaint()
    app.processEvents()
    steps.append((time.perf_counter() - start) * 1000)
    if view.verticalScrollBar().value() == before:
        break
assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()
print(f"history_rows: {rows} days, {len(steps)} page-down steps, {window.history_page.model.blocks_read} blocks read")
report_value("history_open_10_years", statistics.median(openings), "ms", 100,
             f"median of {OPENINGS} fresh windows, {min(openings):.3g}-{max(openings):.3g} ms")
report("history_scroll_step", steps, "ms", 100)
report_value("history_scroll_longest_step", max(steps), "ms", 100, "no stall over 100 ms")
close_window(window)
