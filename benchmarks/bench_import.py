"""kratomtrack import of ten years of daily data, start-up included (target < 3 s)."""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import installed_env, make_demo_folder, report

source = make_demo_folder()
out = Path(tempfile.mkdtemp(prefix="kt-bench-export-"))
subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(source), "export",
                "--format", "csv", "-o", str(out)], check=True, capture_output=True)
times = []
for _ in range(3):
    target = Path(tempfile.mkdtemp(prefix="kt-bench-import-")) / "data"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(target), "import",
                    str(out / "doses.csv"), str(out / "checkins.csv")], check=True, capture_output=True,
                   env=installed_env())
    times.append(time.perf_counter() - start)
doses = sum(1 for _ in open(out / "doses.csv")) - 1
checkins = sum(1 for _ in open(out / "checkins.csv")) - 1
print(f"import_doses: {doses} rows")
print(f"import_checkins: {checkins} rows")
report("import_10_years", times, "s", 3.0)

# Ten years of a Herbal Tracker+ CSV export (written as its csv_export.dart
# writes it: BOM, LF, oldest first, local ISO times, any precision), about
# 11,000 doses, imported into a new log, start-up included (target < 3 s).
herbal = Path(tempfile.mkdtemp(prefix="kt-bench-herbal-")) / "herbal_tracker_export.csv"
rows = ["date,time,iso_timestamp,strain_code,strain_name,amount_g,notes"]
first = __import__("datetime").datetime(2016, 11, 20, 7, 5)
step = __import__("datetime").timedelta(hours=8, minutes=1)
for i in range(11_000):
    moment = first + i * step
    name = ("Green Maeng Da", "Red Bali caps", "White tea", "Gold extract")[i % 4]
    rows.append(f"{moment:%Y-%m-%d},{moment:%H:%M},{moment:%Y-%m-%dT%H:%M:%S}.{i % 1000:03d},"
                f"S{i % 4},{name},{1 + (i % 300) / 100:.2f},{'after work' if i % 3 else ''}")
herbal.write_bytes(b"\xef\xbb\xbf" + ("\n".join(rows) + "\n").encode())
times = []
for _ in range(3):
    target = Path(tempfile.mkdtemp(prefix="kt-bench-import-")) / "data"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(target), "import", str(herbal)],
                   env=installed_env(),
                   check=True, capture_output=True)
    times.append(time.perf_counter() - start)
print("import_herbal_tracker_doses: 11000 rows")
report("import_herbal_tracker_10_years", times, "s", 3.0)
