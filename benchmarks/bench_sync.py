"""Sync through a folder with a ten-year log (issue 28).

Targets: merging ten years (the `kratomtrack demo` log) from one computer into
an empty second < 3 s; a merge after one new dose < 100 ms; the window never
stalls more than 50 ms while such a merge runs in its background. The window's
longest stall while it takes the whole ten years is printed for reference.
"""

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QTimer

from common import report, report_value
from window_session import close_window, open_window

from kratomtrack.core.records import Dose  # noqa: E402
from kratomtrack.store.database import LogDatabase  # noqa: E402
from kratomtrack.store.sync.engine import Replica  # noqa: E402
from kratomtrack.store.sync.joining import setup  # noqa: E402
from kratomtrack.store.sync.merging import sync_now  # noqa: E402

app, window = open_window()  # the first computer: a window on a ten-year demo log
first = window.db
shared = Path(tempfile.mkdtemp(prefix="kt-bench-sync-")) / "sync"
start = time.perf_counter()
setup(first, shared)
print(f"first_computer_writes_ten_years: {time.perf_counter() - start:.3g} s (for reference)")

takes = []
for i in range(3):
    folder = shared.parent / f"second{i}"
    second = LogDatabase.open_folder(folder)
    start = time.perf_counter()
    setup(second, shared)
    takes.append(time.perf_counter() - start)
    assert second.dose_count() == first.dose_count()
    second.close()
    if i:
        shutil.rmtree(folder)
report("merge_ten_years_into_an_empty_second_computer", takes, "s", 3.0)

# The second computer as a window keeps it: its merge engine warm between merges.
second = LogDatabase.open_folder(shared.parent / "second0")
replica, first_replica = Replica(), Replica()
sync_now(second, replica)
sync_now(first, first_replica)
sends, receives = [], []
for minute in range(10):
    first.add_dose(Dose(dt.datetime(2026, 1, 1, 9, minute), 2.0, product="Bench"), today=dt.date(2026, 1, 1))
    start = time.perf_counter()
    sync_now(first, first_replica)
    sends.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    assert sync_now(second, replica).received == 1
    receives.append((time.perf_counter() - start) * 1000)
report("merge_after_one_new_dose_sent", sends, "ms", 100)
report("merge_after_one_new_dose_received", receives, "ms", 100)

# The window's own merges (ui/app/sync_watch.py), with a 5-ms heartbeat on its thread.
clock = QElapsedTimer()
clock.start()
last = [clock.elapsed()]
gaps = []


def beat():
    now = clock.elapsed()
    gaps.append(now - last[0])
    last[0] = now


def longest_stall_while(action) -> float:
    """The longest gap between beats from just after ``action`` (the other computer's
    work, not the window's) until the window's merge of it ended."""
    merged = []
    window.sync_watch.merged.connect(merged.append)
    action()  # the folder watch's notice waits in the event queue meanwhile
    gaps.clear()
    last[0] = clock.elapsed()
    heart = QTimer(interval=5)
    heart.timeout.connect(beat)
    heart.start()
    deadline = time.monotonic() + 30
    while not merged and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    heart.stop()
    window.sync_watch.merged.disconnect(merged.append)
    return max(gaps, default=0)


window.start_sync()
deadline = time.monotonic() + 30
while window.sync_watch.last is None and time.monotonic() < deadline:
    app.processEvents()
stalls = []
for minute in range(5):
    def one_dose(minute=minute):
        second.add_dose(Dose(dt.datetime(2026, 1, 2, 9, minute), 2.0, product="Other"), today=dt.date(2026, 1, 2))
        sync_now(second, replica)  # its file arrives: the window's folder watch merges it
    stalls.append(longest_stall_while(one_dose))
report_value("window_longest_stall_during_a_merge_after_one_dose", max(stalls), "ms", 50,
             "the window merging another computer's new dose in its background, and showing it")
close_window(window)
