"""The dependence-warning rule on a 10-year demo log (target < 20 ms).

Three figures: the pure rule over all ten years of doses held in memory; the
same through the store as the banner and 'kratomtrack warning' call it
(reading the log included); and a year of day-by-day warning history, as the
doctor summary asks for it.
"""

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import TEN_YEARS, TODAY, make_demo_folder, report, timed  # noqa: E402

from kratomtrack.core.demo import demo_log  # noqa: E402
from kratomtrack.core.warning.rule import evaluate_warning  # noqa: E402
from kratomtrack.store.database import LogDatabase  # noqa: E402
from kratomtrack.store.safety_status import current_warning, safety_status, warning_days  # noqa: E402


doses, _ = demo_log(TEN_YEARS, today=TODAY)
print(f"warning_log_doses: {len(doses)} doses over {TEN_YEARS} days")
first = min(d.day for d in doses)
logged = frozenset(d.day for d in doses)
report("warning_rule_10_years_in_memory",
       timed(lambda: evaluate_warning(doses, TODAY, logged_days=logged, first_day=first), 30), "ms", 20)

folder = make_demo_folder()
with LogDatabase.open_folder(folder) as db:
    report("warning_rule_10_years_from_store", timed(lambda: current_warning(db, TODAY), 30), "ms", 20)
    report("banner_status_10_years_from_store", timed(lambda: safety_status(db, TODAY), 30), "ms", 50)
    report("warning_history_1_year", timed(
        lambda: warning_days(db, TODAY - dt.timedelta(days=364), TODAY), 5), "ms", 500)
