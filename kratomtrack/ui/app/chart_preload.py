"""Load the chart library while the window is idle, so Trends opens at once.

matplotlib and kratomtrack.charts take about a second to import. The window
starts this after its first paint; the import runs on a background thread
(Python hands the window's thread a turn every few milliseconds), so the
window never waits for it. Opening Trends before it is done simply finishes
the import (Python's import lock makes the two share the work).
"""

from __future__ import annotations

import importlib
import threading

# In the order Trends needs them; each import finds the ones before it done.
MODULES = ("numpy", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_qtagg",
           "kratomtrack.charts")


def _import_all() -> None:
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - Trends imports it again and reports any failure there
            return


def start_chart_preload() -> threading.Thread:
    """Start importing the chart library in the background; returns the thread."""
    thread = threading.Thread(target=_import_all, name="chart-preload", daemon=True)
    thread.start()
    return thread
