"""Enter in the grams field to the dose saved (on disk) and shown in the day's list."""

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from common import report
from window_session import close_window, open_window

RUNS = 25

app, window = open_window()
page = window.today_page
page.form.setCurrentIndex(page.form.findData("tea"))
times = []
for run in range(RUNS):
    rows = page.dose_table.rowCount()
    QTest.keyClicks(page.grams, "0.5")  # small, so the day never reaches the typo guard
    start = time.perf_counter()
    QTest.keyClick(page.grams, Qt.Key.Key_Return)
    page.dose_table.viewport().repaint()
    times.append((time.perf_counter() - start) * 1000)
    assert page.dose_table.rowCount() == rows + 1 and page.grams.text() == ""
report("enter_to_dose_saved_and_shown", times, "ms", 50)
close_window(window)
