"""Trends: first opening (matplotlib import included), redraw after a range change, aggregation.

Targets (issue 4): first opening < 1.5 s; redraw of a 10-year log shown
whole < 300 ms and its last 12 months < 100 ms, also for a look not drawn yet
(no kept static layer: the whole chart is drawn); aggregating 10 years < 50 ms.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from common import TEN_YEARS, make_demo_folder, report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
       "PYTHONPATH": str(ROOT)}

# Runs in a fresh interpreter: the app has started (Qt up, log open, page
# built); we time from showing Trends to its first charts being painted.
FIRST_OPENING = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.pages.trends.page import TrendsPage
page = TrendsPage(LogDatabase.open_folder(Path(sys.argv[1])))
page.resize(1100, 800)
assert "matplotlib" not in sys.modules
start = time.perf_counter()
page.show()
app.processEvents()
page.canvas.repaint()
print(time.perf_counter() - start)
"""

REDRAW = """
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kratomtrack.core.date_ranges import RangePreset
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.pages.trends.page import TrendsPage
page = TrendsPage(LogDatabase.open_folder(Path(sys.argv[1])))
page.resize(1100, 800)
page.show()
app.processEvents()

def switch(preset, new_look=False):
    if new_look:  # a look not drawn yet: no kept static layer to paint over
        page._timeline._statics.clear()
    start = time.perf_counter()
    page.set_preset(preset)
    app.processEvents()  # the repaint, and a redraw if the canvas changed size
    app.processEvents()
    return time.perf_counter() - start

times = {"all": [], "12m": [], "all_new": [], "12m_new": []}
# Into each range from its neighbours, as a person clicks through them.
for origin in [RangePreset.LAST_12_MONTHS, RangePreset.LAST_3_MONTHS] * 4:
    switch(origin)
    times["all"].append(switch(RangePreset.ALL))
for origin in [RangePreset.ALL, RangePreset.LAST_3_MONTHS] * 4:
    switch(origin)
    times["12m"].append(switch(RangePreset.LAST_12_MONTHS))
for origin in [RangePreset.LAST_12_MONTHS, RangePreset.LAST_3_MONTHS] * 4:
    switch(origin)
    times["all_new"].append(switch(RangePreset.ALL, new_look=True))
for origin in [RangePreset.ALL, RangePreset.LAST_3_MONTHS] * 4:
    switch(origin)
    times["12m_new"].append(switch(RangePreset.LAST_12_MONTHS, new_look=True))
print(json.dumps(times))
"""


def first_opening(folder: Path, runs: int = 5) -> list[float]:
    return [
        float(subprocess.run([sys.executable, "-c", FIRST_OPENING, str(folder)], env=ENV,
                             check=True, capture_output=True, text=True).stdout.split()[-1])
        for _ in range(runs)
    ]


def redraws(folder: Path) -> dict[str, list[float]]:
    result = subprocess.run([sys.executable, "-c", REDRAW, str(folder)], env=ENV, check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.splitlines()[-1])


def aggregation(folder: Path, runs: int = 7) -> list[float]:
    from kratomtrack.core.trends import TrendLog
    from kratomtrack.store.database import LogDatabase

    with LogDatabase.open_folder(folder) as db:
        doses, checkins, first = db.all_doses(), db.all_checkins(), db.first_day()
        order = [s.name for s in db.side_effects(include_hidden=True)]
        last = max(d.day for d in doses)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        log = TrendLog(doses, checkins, first_day=first, side_effect_order=order)
        log.figures(first, last)
        times.append(time.perf_counter() - start)
    return times


folder = make_demo_folder(TEN_YEARS)
report("trends_first_opening", first_opening(folder), "s", 1.5)
redraw = redraws(folder)
report("trends_redraw_10_years_all", [t * 1000 for t in redraw["all"]], "ms", 300)
report("trends_redraw_12_months", [t * 1000 for t in redraw["12m"]], "ms", 100)
report("trends_redraw_10_years_all_new_look", [t * 1000 for t in redraw["all_new"]], "ms", 300)
report("trends_redraw_12_months_new_look", [t * 1000 for t in redraw["12m_new"]], "ms", 100)
report("trends_aggregate_10_years", [t * 1000 for t in aggregation(folder)], "ms", 50)
