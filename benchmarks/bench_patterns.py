"""Patterns on a 10-year demo log (target < 50 ms): dose timing for every day,
the weekly series, the timing change and relief per dose, in memory; and the
Trends Patterns tab's chart for ten years (target < 300 ms)."""

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import TEN_YEARS, TODAY, report, timed  # noqa: E402

from kratomtrack.charts import LIGHT  # noqa: E402
from kratomtrack.charts.patterns import patterns_figure  # noqa: E402
from kratomtrack.core.daily import daily_totals  # noqa: E402
from kratomtrack.core.demo import demo_log  # noqa: E402
from kratomtrack.core.patterns import patterns  # noqa: E402


doses, _ = demo_log(TEN_YEARS, today=TODAY)
# Pain before and after on every third dose, so relief per dose has work to do.
from dataclasses import replace  # noqa: E402

doses = [replace(d, pain_before=6, pain_after=3 + i % 3) if i % 3 == 0 else d for i, d in enumerate(doses)]
start = TODAY - dt.timedelta(days=TEN_YEARS - 1)
print(f"patterns_log_doses: {len(doses)} doses over {TEN_YEARS} days")
# The day figures (core.daily) are computed once for every view; patterns read them.
totals = daily_totals(doses)
report("patterns_10_years_in_memory", timed(lambda: patterns(doses, start, TODAY, totals=totals), 20), "ms", 50)
found = patterns(doses, start, TODAY)


def _draw(found):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(patterns_figure(found, None, LIGHT)).draw()


report("patterns_chart_10_years", timed(lambda: _draw(found), 5), "ms", 300)
