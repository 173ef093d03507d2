"""Importing a 1-million-row doses CSV: peak memory of the importing process
(target < 1 GB) and how long it takes (printed; no target)."""

import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import report_value

ROWS = 1_000_000
folder = Path(tempfile.mkdtemp(prefix="kt-bench-million-"))
csv = folder / "doses.csv"
rng = random.Random(3)
start_day = dt.datetime(1990, 1, 1, 0, 0)
with open(csv, "w", encoding="utf-8") as out:
    out.write("taken_at,grams,form,product,notes\n")
    for i in range(ROWS):  # a dose every 15 minutes: about 28 years, all distinct
        moment = start_day + dt.timedelta(minutes=15 * i)
        out.write(f"{moment:%Y-%m-%dT%H:%M},{rng.randint(1, 60) / 10},powder,Green,\n")
code = (
    "import resource, sys\n"
    "from kratomtrack.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print('peak_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(status)\n"
)
started = time.perf_counter()
result = subprocess.run([sys.executable, "-c", code, "--data-dir", str(folder / "data"), "import",
                         str(csv)], capture_output=True, text=True)
seconds = time.perf_counter() - started
if result.returncode != 0:
    print(result.stderr[-2000:])
    sys.exit(1)
peak_mb = int(result.stderr.split("peak_kb")[-1].split()[0]) / 1024
print(f"import_million_rows_time: {seconds:.1f} s (no target; {ROWS} doses)")
report_value("import_million_rows_peak_memory", peak_mb, "MB", 1024.0)
