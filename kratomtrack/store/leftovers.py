"""Removing what a killed backup or restore left behind.

A backup is written to backups/.<name>.partial and a restore to
.kratomtrack.db.restoring (or .converting) beside the log, each renamed into
place only when whole. A process killed in between leaves that hidden file
(and SQLite's -journal of it); the next start removes it. Only files older
than a few minutes go, so a backup another program is making right now is
left alone.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from kratomtrack.store.location import backups_dir
from kratomtrack.store.sqlite_file import remove_quietly

MIN_AGE_SECONDS = 10 * 60
_LEFTOVER = re.compile(r"^\..+\.(partial|restoring|converting)(-journal)?$")


def remove_leftovers(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove stale hidden leftovers in the data folder and its backups; returns them."""
    now = time.time() if now is None else now
    removed = []
    for directory in (Path(folder), backups_dir(folder)):
        try:
            entries = list(directory.iterdir())
        except OSError:
            continue
        for path in entries:
            try:
                old = now - path.lstat().st_mtime > MIN_AGE_SECONDS
            except OSError:
                continue
            if _LEFTOVER.match(path.name) and old and path.is_file():
                remove_quietly(path)
                removed.append(path)
    return removed
