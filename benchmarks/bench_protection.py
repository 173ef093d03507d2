"""A protected ten-year log: what the passphrase adds to opening it (a fresh
program: loading SQLCipher, deriving the key from the passphrase, opening
with quick_check) and saving a dose on it."""

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import make_demo_folder, report  # noqa: E402

from kratomtrack.core.records import Dose, Form  # noqa: E402
from kratomtrack.store import protection  # noqa: E402
from kratomtrack.store.database import LogDatabase  # noqa: E402

PASSPHRASE = "correct horse battery"
ROOT = Path(__file__).resolve().parents[1]
OPEN = """
import sys, time
sys.path.insert(0, sys.argv[2])
from pathlib import Path
t = time.perf_counter()
from kratomtrack.store.database import LogDatabase
if len(sys.argv) > 3:
    from kratomtrack.store import protection
    protection.unlock(Path(sys.argv[1]), sys.argv[3])
LogDatabase.open_folder(Path(sys.argv[1])).close()
print(time.perf_counter() - t)
"""

plain = make_demo_folder()
protected = Path(tempfile.mkdtemp()) / "protected"
shutil.copytree(plain, protected)
protection.protect(protected, PASSPHRASE)


def open_seconds(folder: Path, *secret: str) -> float:
    out = subprocess.run([sys.executable, "-c", OPEN, str(folder), str(ROOT), *secret],
                         capture_output=True, text=True, check=True).stdout
    return float(out)


plain_opens = [open_seconds(plain) for _ in range(5)]
protected_opens = [open_seconds(protected, PASSPHRASE) for _ in range(5)]
report("protected_open_extra_10_years",
       [p - q for p, q in zip(sorted(protected_opens), sorted(plain_opens))], "s", 0.2)

db = LogDatabase.open_folder(protected)
saves = []
for i in range(20):
    dose = Dose(dt.datetime(2030, 1, 1, 8, 0) + dt.timedelta(minutes=i), 1.0, Form.POWDER, "Green")
    t = time.perf_counter()
    db.add_dose(dose, today=dt.date(2030, 1, 2))
    saves.append(time.perf_counter() - t)
db.close()
report("protected_dose_save_10_years", saves, "s", 0.05)
shutil.rmtree(protected.parent)
