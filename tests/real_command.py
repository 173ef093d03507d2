"""The real ``kratomtrack`` program run on a folder, and what its log then holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import all_no_use_days

from log_files import table_snapshot

ROOT = Path(__file__).parents[1]


def kratomtrack(folder: Path, *args, tz: str | None = None) -> subprocess.CompletedProcess:
    """Run ``kratomtrack --data-dir folder ARGS`` as its own process (this tree's code)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if tz:
        env["TZ"] = tz
    return subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


def snapshot(folder: Path) -> dict:
    """Every row of the folder's log (log_files.table_snapshot)."""
    with LogDatabase.open_folder(folder, create=False) as db:
        return table_snapshot(db)


def marks_in(folder: Path) -> set:
    """The days the folder's log marks "no kratom"."""
    with LogDatabase.open_folder(folder, create=False) as db:
        return all_no_use_days(db)
