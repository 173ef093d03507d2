"""Re-keying the log and its backups (protect, unprotect) as one transaction.

Every file is first written anew beside itself (``.NAME.rekeyed``, in its
own folder) while the old files stay as they are; only when every new copy
is whole and on disk does the journal beside the log (``.kratomtrack.db.rekeying``)
say "committing", and the new copies are renamed over the old ones. So:

- Before anything is written, the free space is checked: every copy needs
  room beside its original. Too little is refused in words with both figures.
- A failure while the copies are written (a full disk, a kill) leaves the old
  files whole: the copies are removed, now or at the next start ("undone").
- A kill while the copies are renamed leaves whole copies to rename: the next
  command or start renames them ("finished"). Renaming needs no room and no
  key, so finishing cannot fail for want of space or of the passphrase.

Either way the log and every backup end up all in the old form or all in
the new one, never a mix. The staged names do not match store/leftovers.py's
patterns, so a start's tidy-up never removes a copy that a commit still needs.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from kratomtrack.store.location import backups_dir, db_path
from kratomtrack.store.log_owner import OwnerLock, held_by_this_process
from kratomtrack.store.sqlite_file import error_code, fsync_dir, fsync_file, remove_quietly

STAGED_SUFFIX = ".rekeyed"
STAGING = "staging"
COMMITTING = "committing"
ACTIONS = ("protect", "unprotect", "encrypt-backups")
# Room asked for beyond each file's size: SQLCipher keeps 80 bytes of every
# 4096-byte page for its IV and HMAC (2 % more pages), plus the -journal and
# the file system's blocks.
GROWTH = 0.03
SLACK_PER_FILE = 64 * 1024
SLACK = 64 * 1024  # the journal and the key file
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_SQLITE_FULL = 13


class ProtectionError(Exception):
    """Protection could not be turned on or off; the log is as it was."""


def journal_path(folder: Path) -> Path:
    log = db_path(Path(folder))
    return log.with_name(f".{log.name}.rekeying")


def staged_path(path: Path) -> Path:
    """Where the new copy of ``path`` is written before it replaces ``path``."""
    return path.with_name(f".{path.name}{STAGED_SUFFIX}")


# --- room ----------------------------------------------------------------------------


def size_text(n: int, *, round_up: bool) -> str:
    """Bytes in words a file manager also uses: "2.9 MB", "850 kB" (decimal units).
    Needed figures round up and free ones down, so two different figures never
    read the same."""
    step = math.ceil if round_up else math.floor
    if n >= 1_000_000:
        return f"{step(n / 100_000) / 10:.1f} MB"
    return f"{step(n / 1000)} kB"


def room_needed(folder: Path, sources: list[Path]) -> dict[Path, int]:
    """Bytes each file system needs for new copies of ``sources``, by a folder on it
    (the data folder for its own)."""
    needed: dict[int, tuple[Path, int]] = {folder.stat().st_dev: (folder, SLACK)}
    for source in sources:
        size = source.stat().st_size
        wal = Path(f"{source}-wal")
        if wal.exists():  # folded into the file before it is copied
            size += wal.stat().st_size
        device = source.parent.stat().st_dev
        where, total = needed.get(device, (source.parent, 0))
        needed[device] = (where, total + size + math.ceil(size * GROWTH) + SLACK_PER_FILE)
    return dict(needed.values())


def check_room(folder: Path, sources: list[Path], doing: str, state: str) -> None:
    """Refuse in words, before any file is touched, if a disk lacks room for the copies."""
    if not Path(folder).is_dir():
        return  # no log yet: protect makes a new, empty one
    why = f" ({_files_text(len(sources) - 1)} each written anew before the old copies are removed)"
    for where, needed in room_needed(Path(folder), sources).items():
        require_room(where, needed, doing, f"your log and its backups are {state}, as before", why)


def require_room(where: Path, needed: int, doing: str, unchanged: str, why: str = "") -> None:
    """ProtectionError naming both figures if the disk that holds ``where`` has
    less than ``needed`` bytes free; nothing if that cannot be told (the
    writing then says what went wrong)."""
    try:
        free = shutil.disk_usage(where).free
    except OSError:
        return
    if free < needed:
        raise ProtectionError(
            f"There is not enough free space to {doing}: it needs about "
            f"{size_text(needed, round_up=True)} free on the disk that holds {where}, and "
            f"{size_text(free, round_up=False)} is free{why}. Nothing was changed: "
            f"{unchanged}. Free some space and try again.")


def _files_text(backups: int) -> str:
    if backups == 0:
        return "your log is"
    return "your log and its backup are" if backups == 1 else f"your log and its {backups} backups are"


def is_full(err: BaseException) -> bool:
    """Whether ``err`` says the disk (or the folder's quota, or a file size limit) is full."""
    if isinstance(err, sqlite3.Error):
        return error_code(err) == _SQLITE_FULL
    return isinstance(err, OSError) and err.errno in _FULL_ERRNOS


def failure(err: BaseException, failed: str, unchanged: str, folder: Path) -> ProtectionError:
    """What went wrong while a file was written, in words, after ``failed`` ("Your
    log could not be protected"); ``unchanged`` says what stayed as it was."""
    if is_full(err):
        what = f"the disk that holds {folder} became full"
    else:
        detail = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        what = f"a file could not be written ({detail})"
    return ProtectionError(f"{failed}: {what}. Nothing was changed: {unchanged}.")


# --- the transaction --------------------------------------------------------------------


def run(folder: Path, action: str, sources: list[Path], write_copy: Callable[[Path, Path], None],
        write_key: Callable[[Path], None] | None = None) -> None:
    """Replace every file of ``sources`` by its new copy, all or none.

    ``write_copy(source, staged)`` writes the new copy of one file (fsynced);
    ``write_key(staged)``, for protect, the key file that must be in place
    before the first encrypted file is. The caller owns the log
    (store/log_owner.py) and has checked the room. An error leaves every
    original as it was and is raised as it came.
    """
    folder = Path(folder)
    finish_interrupted(folder)  # one transaction at a time: an earlier one cut off first
    _write_journal(folder, action, STAGING)
    try:
        if write_key is not None:
            write_key(staged_path(_key_file(folder)))
        for source in sources:
            staged = staged_path(source)
            remove_quietly(staged, Path(f"{staged}-journal"))
            write_copy(source, staged)
            if os.name == "posix":
                os.chmod(staged, 0o600)
            fsync_file(staged)
        for directory in {s.parent for s in sources}:
            fsync_dir(directory)
        _write_journal(folder, action, COMMITTING)  # from here on the copies are what counts
    except BaseException:
        _roll_back(folder)
        raise
    try:
        _commit(folder, action)
    except OSError as err:  # a rename refused (the disk gone, an I/O error): finished later
        raise ProtectionError(
            f"Putting the new copies in place was cut off ({err.strerror or err}); every copy "
            "is whole, and the next start of kratomtrack (or its next command) finishes it."
        ) from err


def finish_interrupted(folder: Path) -> str | None:
    """Finish or undo a protect or unprotect that was cut off (a kill, a crash);
    what was done, in words, or None if there was nothing to do.

    Cut off while the copies were written, it is undone: the copies may be
    incomplete, and the old files are all whole. Cut off while they were
    renamed, it is finished: some files are already new, and the other
    copies are whole. Left alone while another program owns the log (it
    may be doing it right now), and if the folder cannot be changed.
    """
    folder = Path(folder).absolute()
    journal = journal_path(folder)
    if not journal.exists():
        return None
    record = _read_journal(journal)
    action = record.get("action") if record.get("action") in ACTIONS else "protect"
    with owning(folder) as owned:
        if not owned:
            return None
        try:
            if record.get("state") == COMMITTING:
                _commit(folder, action)
                return _FINISHED[action]
            _roll_back(folder)
            return _UNDONE[action]
        except OSError as err:
            return (f"A change of your log's protection that was cut off could not be tidied "
                    f"up ({err.strerror or err}); your log opens as it is. It is tried again "
                    "at the next start.")


@contextlib.contextmanager
def owning(folder: Path):
    """Whether this program owns the folder's log (store/log_owner.py) for the
    block: it already did, or took the lock now (released after). False while
    another program owns it."""
    if held_by_this_process(folder):
        yield True
        return
    lock = OwnerLock(folder, "protect")
    try:
        taken = lock.acquire()
    except OSError:  # no lock can be made there: nor can anything be renamed
        yield False
        return
    try:
        yield taken
    finally:
        lock.release()


_FINISHED = {
    "protect": "Protecting your log was cut off after every file had been encrypted; it was "
               "finished now, so your log and its backups are protected.",
    "unprotect": "Turning protection off was cut off after every file had been decrypted; it "
                 "was finished now, so your log and its backups are plain files.",
    "encrypt-backups": "Encrypting the plain backups of your protected log was cut off; it was "
                       "finished now.",
}
_UNDONE = {
    "protect": "Protecting your log was cut off before every file had been encrypted; it was "
               "undone, so your log and its backups are plain files, as before. Protect it "
               "again to turn protection on.",
    "unprotect": "Turning protection off was cut off before every file had been decrypted; it "
                 "was undone, so your log and its backups are still protected.",
    "encrypt-backups": "Encrypting the plain backups of your protected log was cut off; it was "
                       "undone and is tried again when the log is next unlocked.",
}


def _commit(folder: Path, action: str) -> None:
    """Rename every whole copy over its original (the key file first for protect),
    remove the key file last for unprotect, then the journal."""
    key_copy = staged_path(_key_file(folder))
    if key_copy.exists():
        os.replace(key_copy, _key_file(folder))
        fsync_dir(folder)
    for directory in (folder, backups_dir(folder)):
        for staged in _staged_in(directory):
            if staged.name.endswith(f"{STAGED_SUFFIX}-journal"):
                remove_quietly(staged)  # of a copy that was whole before "committing"
                continue
            original = directory / staged.name[1:-len(STAGED_SUFFIX)]
            if original.name == db_path(folder).name or original.name.startswith("kratomtrack-"):
                os.replace(staged, original)
        fsync_dir(directory)
    if action == "unprotect":
        remove_quietly(_key_file(folder))
    remove_quietly(journal_path(folder))
    fsync_dir(folder)


def _roll_back(folder: Path) -> None:
    for directory in (folder, backups_dir(folder)):
        remove_quietly(*_staged_in(directory))
    remove_quietly(journal_path(folder))
    fsync_dir(folder)


def _staged_in(directory: Path) -> list[Path]:
    try:
        return sorted(p for p in directory.iterdir() if p.name.startswith(".") and p.is_file()
                      and p.name.endswith((STAGED_SUFFIX, f"{STAGED_SUFFIX}-journal")))
    except OSError:
        return []


def _key_file(folder: Path) -> Path:
    from kratomtrack.store.cipher import key_file

    return key_file(folder)


def _write_journal(folder: Path, action: str, state: str) -> None:
    journal = journal_path(folder)
    partial = journal.with_name(f"{journal.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8") as file:
            json.dump({"format": 1, "action": action, "state": state}, file)
        if os.name == "posix":
            os.chmod(partial, 0o600)
        fsync_file(partial)
        os.replace(partial, journal)
    finally:
        remove_quietly(partial)
    fsync_dir(folder)


def _read_journal(journal: Path) -> dict:
    """The journal's record; {} for one that cannot be read (it is then undone:
    undoing removes only copies, never an original)."""
    with contextlib.suppress(OSError, ValueError):
        record = json.loads(journal.read_text(encoding="utf-8"))
        if isinstance(record, dict):
            return record
    return {}
