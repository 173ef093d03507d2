"""History on a ten-year log: opening it, and scrolling from top to bottom page by page."""

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from common import report, report_value
from window_session import close_window, open_window

app, window = open_window()
start = time.perf_counter()
window.show_page("history")
view = window.history_page.view
view.viewport().repaint()
app.processEvents()
opened = (time.perf_counter() - start) * 1000

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
report_value("history_open_10_years", opened, "ms", 100)
report("history_scroll_step", steps, "ms", 100)
report_value("history_scroll_longest_step", max(steps), "ms", 100, "no stall over 100 ms")
close_window(window)
