"""Removing what a killed backup or restore left behind.

A backup is written to backups/.<name>.partial and a restore to
.kratomtrack.db.restoring (or .converting) beside the log, each renamed into
place only when whole. A process killed in between leaves that hidden file,
and SQLite's -journal, -wal and -shm of it; the next start (the window's or
a command's) removes them.

Only when no other program holds the log: a backup or restore another
program is making right now is left alone. On Linux the system's list of
file locks says so (/proc/locks): every SQLite connection to the log holds a
lock on its -shm (or on the file itself), and the window and the commands
that replace the log hold the owner lock (store/log_owner.py). Where that
cannot be known, only leftovers older than a few minutes go.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from kratomtrack.store.location import DB_FILENAME, backups_dir
from kratomtrack.store.log_owner import LOCK_FILENAME
from kratomtrack.store.sqlite_file import remove_quietly

MIN_AGE_SECONDS = 10 * 60
_LEFTOVER = re.compile(r"^\..+\.(partial|restoring|converting)(-journal|-wal|-shm)?$")
SYSTEM_LOCKS = Path("/proc/locks")


def remove_leftovers(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove the hidden leftovers in the data folder and its backups; returns them.

    All of them if no other program holds the log; if that cannot be known,
    those older than MIN_AGE_SECONDS; none while another program holds it.
    """
    folder = Path(folder)
    in_use = log_in_use_elsewhere(folder)
    if in_use:
        return []
    now = time.time() if now is None else now
    removed = []
    for directory in (folder, backups_dir(folder)):
        try:
            entries = list(directory.iterdir())
        except OSError:
            continue
        for path in entries:
            try:
                old = now - path.lstat().st_mtime > MIN_AGE_SECONDS
            except OSError:
                continue
            if _LEFTOVER.match(path.name) and (old or in_use is False) and path.is_file():
                remove_quietly(path)
                removed.append(path)
    return removed


def log_in_use_elsewhere(folder: Path) -> bool | None:
    """Whether another program holds a lock on the log, its -wal or -shm, or the
    folder's owner lock; None where the system does not say (not Linux).

    Only reads the system's list: opening the log's files here and closing them
    would cancel this program's own SQLite locks on them (store/first_bytes.py).
    """
    files = [folder / DB_FILENAME, folder / f"{DB_FILENAME}-wal", folder / f"{DB_FILENAME}-shm",
             folder / LOCK_FILENAME]
    identities = set()
    for path in files:
        try:
            info = os.stat(path)
        except OSError:
            continue
        identities.add((os.major(info.st_dev), os.minor(info.st_dev), info.st_ino))
    try:
        table = SYSTEM_LOCKS.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return any(holder != os.getpid() and identity in identities
               for holder, identity in _locks(table))


def _locks(table: str):
    """(process id, (major, minor, inode)) of each lock in /proc/locks.

    A line reads "1: POSIX  ADVISORY  READ 1234 08:01:5678 128 128"; a lock
    another program waits for starts its line with "->"; an OFD lock's
    process id is -1 (someone, and never this program's SQLite).
    """
    for line in table.splitlines():
        fields = line.replace("->", " ").split()
        if len(fields) < 6:
            continue
        try:
            pid = int(fields[4])
            major, minor, inode = fields[5].split(":")
            yield pid, (int(major, 16), int(minor, 16), int(inode))
        except ValueError:
            continue
