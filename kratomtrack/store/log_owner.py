"""One owner of the log file at a time: the window, or a command that replaces or re-keys it.

The window holds its data folder for as long as it is open; ``restore``,
``protect``, ``unprotect`` and ``passphrase`` hold it while they work, and
``dose`` while it writes its one dose (with the window open, it hands the
dose to the window instead: cli/dose.py). Each
refuses to start while another holds it: a window writing into a file that
a command has just replaced (or encrypted) says "Saved" for rows that are
gone. Commands that only add rows (import, plan set, …) need no owner:
SQLite's own locking lets them write beside the window.

The lock is a plain file both sides understand without Qt (the command line
never loads it): ``.window.lock`` in the data folder, locked with flock on
POSIX and msvcrt.locking on Windows. The system drops such a lock when its
holder ends, however it ends, so a crashed window never blocks the next
start or command (no stale-lock guessing by process id or age). The file
names its holder, for the refusal's words.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

LOCK_FILENAME = ".window.lock"
WINDOW = "window"  # the holder's name the window writes; commands write their own
_WINDOWS_LOCK_OFFSET = 1 << 20  # the locked byte, beyond the text that names the holder


class LogInUseError(Exception):
    """Another kratomtrack program owns the log; nothing was changed."""


class OwnerLock:
    """The data folder's owner lock, taken by ``holder`` ("window", "restore", …)."""

    def __init__(self, folder: Path, holder: str):
        self.path = Path(folder) / LOCK_FILENAME
        self.holder = holder
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock at once if it is free; False if another program holds it."""
        if self._fd is not None:
            return True
        for _ in range(10):  # the file was removed by a holder letting go: take the new one
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            if not _lock(fd):
                os.close(fd)
                return False
            if _same_file(fd, self.path):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n{self.holder}\n".encode())
                self._fd = fd
                return True
            _unlock(fd)
            os.close(fd)
        return False

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if os.name == "posix":
            # Removed while still locked: a program that opened it meanwhile
            # sees that it was removed (_same_file) and makes a new one.
            with contextlib.suppress(OSError):
                self.path.unlink()
            os.close(fd)  # lets go of the lock
            return
        _unlock(fd)
        os.close(fd)
        with contextlib.suppress(OSError):  # Windows removes no file that is open
            self.path.unlink()


def holder_of(folder: Path) -> str:
    """Who holds the folder's lock, as its file says ("window" if it does not say)."""
    try:
        text = (Path(folder) / LOCK_FILENAME).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return WINDOW
    lines = text.splitlines()
    # A window of an older version (a QLockFile) wrote its program's name there.
    name = lines[1].strip() if len(lines) > 1 else ""
    return name if name in COMMANDS else WINDOW


def held_by_this_process(folder: Path) -> bool:
    """Whether this program holds the folder's lock (its file names this process)."""
    try:
        text = (Path(folder) / LOCK_FILENAME).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return text.split("\n", 1)[0].strip() == str(os.getpid())


COMMANDS = ("restore", "protect", "unprotect", "passphrase", "dose")
_IN_THE_WINDOW = {
    "dose": "Today in the window",
    "restore": "File → Restore from backup… in the window",
    "protect": "Edit → Settings… → Privacy in the window",
    "unprotect": "Edit → Settings… → Privacy in the window",
    "passphrase": "Edit → Settings… → Privacy in the window",
}


def in_use_message(folder: Path, command: str) -> str:
    """Why ``command`` did not run, in words, and what to do instead."""
    holder = holder_of(folder)
    if holder == WINDOW:
        return (f"kratomtrack is open on this log; close it first, or use "
                f"{_IN_THE_WINDOW.get(command, 'the window')}. Nothing was changed.")
    return (f"another kratomtrack command ('{holder}') is changing this log right now; wait "
            "until it has finished, then try again. Nothing was changed.")


@contextlib.contextmanager
def owning_log(folder: Path, command: str) -> Iterator[None]:
    """Hold the folder's log for ``command`` while it runs; LogInUseError if the
    window (or another such command) holds it. A folder that does not exist
    yet, or cannot be written, has no owner to keep out: the command then
    says itself what it cannot do there."""
    folder = Path(folder)
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        yield
        return
    lock = OwnerLock(folder, command)
    try:
        taken = lock.acquire()
    except OSError:  # a file system without locks: SQLite's own locking is all there is
        yield
        return
    if not taken:
        raise LogInUseError(in_use_message(folder, command))
    try:
        yield
    finally:
        lock.release()


# --- the system's locks -----------------------------------------------------------------

if os.name == "posix":
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:
    import msvcrt

    def _lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def _same_file(fd: int, path: Path) -> bool:
    """Whether ``path`` still names the open file ``fd`` (not removed or replaced meanwhile)."""
    try:
        named = os.stat(path)
    except OSError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)
