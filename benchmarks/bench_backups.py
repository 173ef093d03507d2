"""Backups of a ten-year log: the day's backup at window start, the list the
restore dialog shows, a restore, and opening the log (its quick_check)."""

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import make_demo_folder, report  # noqa: E402

from kratomtrack.store.backups import backup_if_due, list_backups  # noqa: E402
from kratomtrack.store.database import LogDatabase  # noqa: E402
from kratomtrack.store.restore import restore_backup  # noqa: E402

folder = make_demo_folder()
start_day = dt.datetime(2026, 1, 1, 8, 0)

opens, backups = [], []
for i in range(5):
    t = time.perf_counter()
    db = LogDatabase.open_folder(folder)
    opens.append(time.perf_counter() - t)
    t = time.perf_counter()
    made = backup_if_due(db, now=start_day + dt.timedelta(days=30 * i))
    backups.append(time.perf_counter() - t)
    db.close()
    assert made is not None
print(f"log_size: {(folder / 'kratomtrack.db').stat().st_size / 2**20:.1f} MB")
report("open_log_with_quick_check_10_years", opens, "s", 0.5)
report("daily_backup_10_years", backups, "s", 1.0)

listings = []
for _ in range(5):
    t = time.perf_counter()
    listed = list_backups(folder, with_counts=True)
    listings.append(time.perf_counter() - t)
report(f"list_{len(listed)}_backups_with_counts", listings, "s", 0.5)

restores = []
for _ in range(3):
    t = time.perf_counter()
    restore_backup(folder, listed[-1].path)
    restores.append(time.perf_counter() - t)
report("restore_10_years", restores, "s", 3.0)
