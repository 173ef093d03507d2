"""kratomtrack report: a 90-day and a ten-year summary PDF from the command, start-up included.

Targets (issue 25, the charts drawn in the command's own process): 90 days under 1.5 s
median, ten years under 3 s (without the day table, at most 4 pages). Issue 18's 1 s for
90 days was met with a forked process loading matplotlib meanwhile, removed in issue 25.
"""

import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import TEN_YEARS, installed_env, make_demo_folder, report

folder = make_demo_folder(TEN_YEARS)
out = Path(tempfile.mkdtemp(prefix="kt-bench-report-"))
today = dt.date.today()


def run(days: int) -> float:
    start = (today - dt.timedelta(days=days - 1)).isoformat()
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), "report",
                    "--from", start, "--to", today.isoformat(), "-o", str(out / f"{days}.pdf")],
                   check=True, capture_output=True, env=installed_env())
    return time.perf_counter() - began


run(90)  # warm the file cache, as a second print of the day would find it
report("report_90_days", [run(90) for _ in range(5)], "s", 1.5)
report("report_10_years", [run(TEN_YEARS) for _ in range(3)], "s", 3.0)
