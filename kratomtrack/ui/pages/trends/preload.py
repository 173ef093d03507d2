"""Load the chart library while the window is idle, and draw Trends' first
picture, so that Trends opens at once.

matplotlib and kratomtrack.charts take about a second to import. The window
starts this after its first paint; the import runs on a background thread
(Python hands the window's thread a turn every few milliseconds), so the
window never waits for it. Opening Trends before it is done waits for it to
finish (``load_charts``): two threads importing matplotlib at once can each
find the other's modules half made and fail with an ImportError.

Then the Trends page prepares its first picture: its short steps (reading the
log a year at a time, computing the figures) run on the window's idle timer
ticks, each well under 50 ms, and the drawing runs on a thread of its own
(ui/pages/trends/timeline.py).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer

# In the order Trends needs them; each import finds the ones before it done.
MODULES = ("numpy", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_qtagg",
           "kratomtrack.charts")
# The Trends page's own modules, imported by the preload too: PySide6 reads
# each module's source as it is imported, which would otherwise stall the
# window while it builds the page (no Qt object is made at import).
PAGE_MODULES = ("kratomtrack.ui.pages.trends.page", "kratomtrack.ui.pages.trends.timeline")
# After each preparation step the window answers whatever waits, at least this long.
STEP_PAUSE_MS = 5
IMPORT_CHECK_MS = 20


_importing = threading.Lock()  # one thread imports the chart library at a time


def load_charts():
    """Import the chart library (or wait for the preload to finish it); returns kratomtrack.charts."""
    with _importing:
        for name in MODULES:
            importlib.import_module(name)
    return importlib.import_module("kratomtrack.charts")


def _import_all() -> None:
    try:
        load_charts()
        with _importing:
            for name in PAGE_MODULES:
                importlib.import_module(name)
    except Exception:  # noqa: BLE001 - Trends imports it again and reports any failure there
        return


def start_chart_preload() -> threading.Thread:
    """Start importing the chart library in the background; returns the thread."""
    thread = threading.Thread(target=_import_all, name="chart-preload", daemon=True)
    thread.start()
    return thread


class ChartPreload(QObject):
    """Imports the chart library on a thread, then runs ``prepare()`` (a
    generator: each step until its next ``yield`` is short) a step at a time,
    with a pause after each in which the window answers what is waiting.

    ``prepared`` tells whether work that ``prepare`` left running off the
    window's thread (Trends' first picture) is done; ``is_alive()`` covers it all.
    """

    def __init__(self, prepare: Callable[[], Iterator[None]],
                 prepared: Callable[[], bool] = lambda: True, parent: QObject | None = None):
        super().__init__(parent)
        self._prepare = prepare
        self._prepared = prepared
        self._steps: Iterator[None] | None = None
        self._done = False
        self.thread = start_chart_preload()
        self._timer = QTimer(self, singleShot=True, interval=IMPORT_CHECK_MS)
        self._timer.timeout.connect(self._step)
        self._timer.start()

    def is_alive(self) -> bool:
        """Whether the import or the first picture is still being made."""
        return not self._done or not self._prepared()

    def _step(self) -> None:
        if self.thread.is_alive():
            self._timer.start(IMPORT_CHECK_MS)
            return
        try:
            if self._steps is None:
                self._steps = iter(self._prepare())  # a step of its own: it may build the page
            else:
                next(self._steps)
        except StopIteration:
            self._done = True
            return
        except Exception:  # noqa: BLE001 - Trends then draws when opened, and reports any failure there
            self._done = True
            return
        # Timed from the end of this step: whatever waited runs before the next.
        self._timer.start(STEP_PAUSE_MS)
