"""Reading the first bytes of a log file without cancelling SQLite's locks on it.

On POSIX, the locks SQLite takes on a file belong to the whole program and
are all cancelled the moment the program closes ANY descriptor of that file
(a known trap: sqlite.org/howtocorrupt.html, 2.2). A plain ``open()`` and
``close()`` of kratomtrack.db to look at its header, while a connection to
it is open in the same program (the window's, beside its whole-log check
or a backup), would cancel the window's shared lock; another program
closing the log then takes itself for the last one and removes the -wal
and -shm under the open window, and from then on the two no longer see
each other's writes.

So a log file (kratomtrack.db) is read through a descriptor kept open: one
per file, closed only when the file has been deleted or replaced (nobody
can open it again then) or when more than a few files were read. Backups
and other files are opened and closed as usual: no connection of ours stays
open on them. On Windows locks belong to one handle, and nothing is kept.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

from kratomtrack.store.location import DB_FILENAME

MAX_KEPT = 16  # logs read in one program: the window reads one, a test run many
_kept: OrderedDict[tuple[int, int], int] = OrderedDict()  # (device, inode): descriptor
_kept_lock = threading.Lock()  # the whole-log check reads from a thread of its own


def read_first_bytes(path: Path, size: int) -> bytes:
    """Up to ``size`` bytes from the start of ``path``; OSError if it cannot be read."""
    path = Path(path)
    if os.name != "posix" or path.name != DB_FILENAME:
        with open(path, "rb") as file:
            return file.read(size)
    info = os.stat(path)
    key = (info.st_dev, info.st_ino)
    with _kept_lock:
        fd = _kept.get(key)
        if fd is None:
            fd = os.open(path, os.O_RDONLY)
            opened = os.fstat(fd)
            key = (opened.st_dev, opened.st_ino)  # the file opened, if replaced since the stat
            _let_go_of_gone_files()
            _kept[key] = fd
        _kept.move_to_end(key)
        return os.pread(fd, size, 0)


def _let_go_of_gone_files() -> None:
    """Close the descriptors of deleted or replaced files, and the oldest beyond MAX_KEPT."""
    for key, fd in list(_kept.items()):
        try:
            gone = os.fstat(fd).st_nlink == 0
        except OSError:
            gone = True
        if gone or len(_kept) >= MAX_KEPT:
            del _kept[key]
            os.close(fd)
