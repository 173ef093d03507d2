"""kratomtrack import of ten years of daily data, start-up included (target < 3 s)."""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import make_demo_folder, report

source = make_demo_folder()
out = Path(tempfile.mkdtemp(prefix="kt-bench-export-"))
subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(source), "export",
                "--format", "csv", "-o", str(out)], check=True, capture_output=True)
times = []
for _ in range(3):
    target = Path(tempfile.mkdtemp(prefix="kt-bench-import-")) / "data"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(target), "import",
                    str(out / "doses.csv"), str(out / "checkins.csv")], check=True, capture_output=True)
    times.append(time.perf_counter() - start)
doses = sum(1 for _ in open(out / "doses.csv")) - 1
checkins = sum(1 for _ in open(out / "checkins.csv")) - 1
print(f"import_doses: {doses} rows")
print(f"import_checkins: {checkins} rows")
report("import_10_years", times, "s", 3.0)
