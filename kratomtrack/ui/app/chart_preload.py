"""Load the chart library while the window is idle, so Trends opens at once.

matplotlib and kratomtrack.charts take about a second to import. The window
starts this after its first paint; the import runs on a background thread
(Python hands the window's thread a turn every few milliseconds), so the
window never waits for it. Opening Trends before it is done waits for it to
finish (``load_charts``): two threads importing matplotlib at once can each
find the other's modules half made and fail with an ImportError.
"""

from __future__ import annotations

import importlib
import threading

# In the order Trends needs them; each import finds the ones before it done.
MODULES = ("numpy", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_qtagg",
           "kratomtrack.charts")


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
    except Exception:  # noqa: BLE001 - Trends imports it again and reports any failure there
        return


def start_chart_preload() -> threading.Thread:
    """Start importing the chart library in the background; returns the thread."""
    thread = threading.Thread(target=_import_all, name="chart-preload", daemon=True)
    thread.start()
    return thread
