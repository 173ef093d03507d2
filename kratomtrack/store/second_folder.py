"""A second backup folder, off this computer's disk: a USB disk, a synced folder.

The backups in the data folder (store/backups.py) share a disk with the log.
When a second folder is chosen, each day's backup (and each one made by
hand) is copied there too, byte for byte: a protected log's backups are
already encrypted with its key, so the copy is too, and the key file
(wrapped with the passphrase, never the key itself) goes beside it so the
passphrase opens it on another computer.

In the chosen folder each computer has its own place, laid out like a data
folder with no log, so everything that reads a data folder's backups reads
it unchanged (listing, pruning, protection's re-encryption, unlocking)::

    CHOSEN/kratomtrack-backups/<computer>/backups/kratomtrack-2026-11-20_083015-daily.db
    CHOSEN/kratomtrack-backups/<computer>/kratomtrack.db.key   (a protected log only)

Two computers backing up into one folder therefore never prune or replace
each other's copies. The chosen folder itself is never created: a disk
that is not plugged in must not be replaced by an empty folder at its
mount point. What kratomtrack creates inside it is readable by its owner
only. The choice is kept in a small file in the data folder, not in the
log: it names a place on this computer, so it is not restored with an old
backup nor carried to another computer.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import platform
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kratomtrack.store import cipher
from kratomtrack.store.backups import (
    BackupError,
    BackupInfo,
    BadBackupError,
    Retention,
    backups_dir,
    list_backups,
    prune_backups,
    verify_backup,
)
from kratomtrack.store.location import db_path, ensure_private_dir, path_length_problem
from kratomtrack.store.sqlite_file import fsync_dir, fsync_file, remove_quietly

CHOICE_FILE = "second-backup-folder.json"  # in the data folder
PLACE_NAME = "kratomtrack-backups"  # made inside the chosen folder
_CHUNK = 1024 * 1024
LEFTOVER_SECONDS = 3600
_one_copy_at_a_time = threading.Lock()
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class SecondFolderProblem(BackupError):
    """The second folder could not be used; ``kind`` is "missing", "read-only",
    "full" or "failed". The backup in the data folder is not affected."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class PlacedBackup:
    """A backup and where it is, for the lists that offer backups from both places."""

    info: BackupInfo
    place: str  # "this computer", "second folder", "second folder, from laptop"

    @property
    def elsewhere(self) -> bool:
        return self.place != THIS_COMPUTER


THIS_COMPUTER = "this computer"
SECOND_FOLDER = "second folder"


# --- the choice ------------------------------------------------------------------------------


def chosen_folder(folder: Path) -> Path | None:
    """The second backup folder chosen for the data folder ``folder``, or None."""
    try:
        value = json.loads((Path(folder) / CHOICE_FILE).read_text(encoding="utf-8"))["folder"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none chosen, or a file damaged by hand: as if none
    return Path(value) if isinstance(value, str) and value else None


def choice_problem(folder: Path, chosen: Path) -> str:
    """Why ``chosen`` cannot be the second backup folder, in words; '' when it can."""
    chosen = Path(chosen).expanduser().absolute()
    too_long = path_length_problem(chosen)
    if too_long:
        return f"That folder's name is too long: {too_long}."
    if not _is_dir(chosen):
        return (f"{chosen} is not a folder." if chosen.exists() else
                f"The folder {chosen} does not exist (is the disk plugged in?).")
    data = Path(folder).absolute()
    if chosen == data or data in chosen.parents:
        return (f"{chosen} is inside your data folder: a copy there is lost with it. "
                "Choose a folder on another disk, or one a sync program copies elsewhere.")
    if not os.access(chosen, os.W_OK | os.X_OK):
        return f"The folder {chosen} cannot be written (it is read-only)."
    return ""


def choose_folder(folder: Path, chosen: Path | None) -> Path | None:
    """Keep ``chosen`` as the second backup folder (None: no second folder).

    Raises SecondFolderProblem, in words, for a folder that cannot be one;
    the choice is then left as it was. Returns the folder as kept.
    """
    target = Path(folder) / CHOICE_FILE
    if chosen is None:
        remove_quietly(target)
        return None
    chosen = Path(chosen).expanduser().absolute()
    problem = choice_problem(folder, chosen)
    if problem:
        raise SecondFolderProblem(problem, "failed")
    partial = target.with_name(f".{target.name}.partial")
    try:
        ensure_private_dir(Path(folder))
        partial.write_text(json.dumps({"folder": str(chosen)}), encoding="utf-8")
        os.replace(partial, target)
    except OSError as err:
        remove_quietly(partial)
        raise SecondFolderProblem(
            f"The choice could not be kept in your data folder {folder} "
            f"({err.strerror or err}); nothing was changed.", "failed") from err
    return chosen


def same_disk_note(folder: Path, chosen: Path) -> str:
    """A note when ``chosen`` is on the disk that holds the log ('' otherwise)."""
    try:
        if Path(chosen).stat().st_dev != Path(folder).stat().st_dev:
            return ""
    except OSError:
        return ""
    return (f"{chosen} is on the same disk as your log: a failed disk would take both. "
            "A USB disk, or a folder a sync program copies to another computer, is safer.")


# --- the place in the chosen folder -----------------------------------------------------------


def computer_name() -> str:
    """This computer's name as a folder name (letters, digits, '.', '-', '_')."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", platform.node()).strip(".-")
    return name[:60] or "this-computer"


def own_place(chosen: Path) -> Path:
    """This computer's place in ``chosen``: a data folder with no log, holding backups/."""
    return Path(chosen) / PLACE_NAME / computer_name()


def reachable_place(folder: Path) -> Path | None:
    """This computer's place in the chosen second folder, if one is chosen and
    its disk is there now (protection re-encrypts and re-keys what is there)."""
    chosen = chosen_folder(folder)
    if chosen is None or not _is_dir(own_place(chosen)):
        return None
    return own_place(chosen)


def lend_key(folder: Path, place: Path) -> None:
    """Let the key held for the log in ``folder`` open the copies in ``place``
    too (forgotten with it: cipher.forget_key)."""
    key = cipher.key_for(db_path(folder))
    if key is not None:
        cipher.remember_key(place, key)


# --- copying ------------------------------------------------------------------------------------


def copy_newest(folder: Path, chosen: Path, retention: Retention) -> Path | None:
    """Copy the newest backup of the data folder ``folder`` into ``chosen`` (if it
    is not there yet) and prune the copies there by ``retention``.

    Returns the copy, or None when the data folder has no backup yet. Raises
    SecondFolderProblem, in words, when the folder is missing, read-only or
    full, or the copy does not match; no half-written copy is left.
    """
    backups = list_backups(folder)
    if not backups:
        return None
    return copy_backup(folder, backups[0].path, chosen, retention)


def copy_backup(folder: Path, source: Path, chosen: Path, retention: Retention) -> Path:
    """Copy the backup ``source`` into ``chosen``: written to a temporary name,
    compared with ``source`` and checked, then renamed; mode 0600.

    One copy at a time in this program (the window's day copy and Settings'
    "Copy now" may meet); another program's copy writes its own temporary name.
    """
    with _one_copy_at_a_time:
        return _copy_backup(folder, source, Path(chosen), retention)


def _copy_backup(folder: Path, source: Path, chosen: Path, retention: Retention) -> Path:
    if not _is_dir(chosen):
        raise SecondFolderProblem(f"Second backup folder not found: {chosen}", "missing")
    place = own_place(chosen)
    for level in (place.parent, place, backups_dir(place)):
        if level.exists() and not level.is_dir():
            raise SecondFolderProblem(
                f"The backup could not be copied to the second backup folder: {level} is a file, "
                "where kratomtrack keeps its folder of backups. Move that file away, or choose "
                "another folder.", "failed")
    lend_key(folder, place)
    try:
        directory = ensure_private_dir(backups_dir(place))
        final = directory / source.name
        if final.is_file() and final.stat().st_size == source.stat().st_size:
            _mirror_key_file(folder, place)
            return final
        partial = directory / f".{source.name}.{os.getpid()}.partial"
        _remove_leftovers(directory)
        remove_quietly(partial)  # a killed copy of a program that had this process's id
        try:
            _copy_checked(source, partial)
            os.replace(partial, final)
        finally:
            remove_quietly(partial, Path(f"{partial}-journal"))
        fsync_dir(directory)
        _mirror_key_file(folder, place)
        prune_backups(place, retention)
    except OSError as err:
        raise _problem(err, chosen) from err
    return final


def _remove_leftovers(directory: Path) -> None:
    """Temporary copies left by a program killed while copying (an hour old:
    never another program's copy under way)."""
    for path in directory.glob(".kratomtrack-*.partial"):
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > LEFTOVER_SECONDS:
                path.unlink()


def _copy_checked(source: Path, partial: Path) -> None:
    written = hashlib.sha256()
    with open(source, "rb") as reader, open(partial, "xb") as writer:
        while chunk := reader.read(_CHUNK):
            writer.write(chunk)
            written.update(chunk)
    if os.name == "posix":
        os.chmod(partial, 0o600)
    fsync_file(partial)
    # Read back from the disk it went to, then opened and checked as a restore would.
    if _sha256(partial) != written.hexdigest():
        raise SecondFolderProblem(
            f"The copy in {partial.parent} did not match the backup (the disk may be "
            "failing); it was removed.", "failed")
    try:
        verify_backup(partial)
    except BadBackupError as err:
        raise SecondFolderProblem(
            f"The copy in {partial.parent} failed its check and was removed ({err}).",
            "failed") from err


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _mirror_key_file(folder: Path, place: Path) -> None:
    """The key file beside the copies as it is beside the log: copied when the log
    is protected (it holds the key wrapped with the passphrase), removed when not."""
    source, target = cipher.key_file(folder), cipher.key_file(place)
    if not source.is_file():
        remove_quietly(target)
        return
    data = source.read_bytes()
    if target.is_file() and target.read_bytes() == data:
        return
    partial = target.with_name(f".{target.name}.partial")
    remove_quietly(partial)
    try:
        with open(partial, "xb") as writer:
            writer.write(data)
        if os.name == "posix":
            os.chmod(partial, 0o600)
        fsync_file(partial)
        os.replace(partial, target)
    finally:
        remove_quietly(partial)
    fsync_dir(place)


def mirror_key_file(folder: Path) -> None:
    """After protection was turned on or off or the passphrase changed: the key
    file in the second folder follows, if its disk is there now."""
    place = reachable_place(folder)
    if place is not None:
        try:
            _mirror_key_file(folder, place)
        except OSError:
            pass  # the next copy brings it in line


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, a disk that stopped answering
        return False


def _problem(err: OSError, chosen: Path) -> SecondFolderProblem:
    if not _is_dir(chosen) or err.errno == errno.ENOENT:
        return SecondFolderProblem(f"Second backup folder not found: {chosen}", "missing")
    if err.errno in _READ_ONLY:
        return SecondFolderProblem(
            f"The second backup folder {chosen} cannot be written (it is read-only, or "
            "kratomtrack may not write there).", "read-only")
    if err.errno in _FULL:
        return SecondFolderProblem(
            f"The disk of the second backup folder {chosen} is full: free some space there.",
            "full")
    return SecondFolderProblem(
        f"The backup could not be copied to the second backup folder {chosen} "
        f"({err.strerror or err}).", "failed")


# --- listing both places --------------------------------------------------------------------


def all_backups(folder: Path, *, with_counts: bool = False) -> list[PlacedBackup]:
    """The backups in the data folder and in the second folder (this computer's
    and any other computer's place there), each marked with where it is;
    newest first."""
    placed = [PlacedBackup(info, THIS_COMPUTER) for info in list_backups(folder, with_counts=with_counts)]
    chosen = chosen_folder(folder)
    if chosen is not None:
        placed += second_folder_backups(folder, chosen, with_counts=with_counts)
    placed.sort(key=lambda p: p.info.made_at, reverse=True)
    return placed


def second_folder_backups(folder: Path, chosen: Path, *,
                          with_counts: bool = False) -> list[PlacedBackup]:
    """The backups in ``chosen``: this computer's, then other computers' places."""
    root = Path(chosen) / PLACE_NAME
    own = own_place(chosen)
    lend_key(folder, own)
    try:
        places = sorted(p for p in root.iterdir() if p.is_dir()) if _is_dir(root) else []
    except OSError:
        return []
    found = []
    for place in places:
        label = SECOND_FOLDER if place == own else f"{SECOND_FOLDER}, from {place.name}"
        try:
            found += [PlacedBackup(info, label) for info in list_backups(place, with_counts=with_counts)]
        except OSError:
            continue  # unplugged while it was read
    return found


def find_backup(folder: Path, name: str) -> Path | None:
    """The backup called ``name`` (as ``backup --list`` shows it) in either place."""
    for placed in all_backups(folder):
        if placed.info.path.name == name:
            return placed.info.path
    return None
