"""Where an output (export, report, backup copy) may be written: a regular
file or a new name, never the log, its -wal or -shm file, the backups
folder, a device, a named pipe, a folder or a symbolic link; and why a write
failed, in words.

Writing an export over kratomtrack.db would replace the log with a JSON
file; writing into backups/ would mix a stranger file with the copies a
restore offers. A file is written beside its target and renamed over it
(store.formats.write_text_atomically): renamed over /dev/full it would
replace the device node (as root), over a symbolic link it would replace the
link, and the file it pointed to would not get the export it was meant to.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kratomtrack.store.location import BACKUP_DIRNAME, DB_FILENAME, path_length_problem

NOTHING_WRITTEN = "Nothing was written"


class OutputRefused(OSError):
    """The output path is not one an output may be written to; nothing was written."""


def refuse_unsafe_target(output: str | os.PathLike, *, folder: bool = False) -> None:
    """Raise OutputRefused, in words, unless ``output`` is a new name or a
    regular file (``folder``: a new name or a folder, a link to one allowed).

    A path whose folder does not exist is left to the writer, which creates
    it (an export) or says so (a report)."""
    path = Path(output)
    too_long = path_length_problem(path.absolute())
    if too_long:
        raise OutputRefused(f"{_short(path)} is too long a path: {too_long}. {NOTHING_WRITTEN}.")
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise OutputRefused(f"{path} is not in a folder: part of it is a file. {NOTHING_WRITTEN}.") from None
    except OSError as err:
        raise OutputRefused(f"{path} cannot be looked at ({err.strerror}). {NOTHING_WRITTEN}.") from None
    if folder and (stat.S_ISDIR(mode) or stat.S_ISLNK(mode) and os.path.isdir(path)):
        return
    if not folder and stat.S_ISREG(mode):
        return
    want = "a folder (or a new name)" if folder else "a regular file (or a new name)"
    raise OutputRefused(f"{path} is {_kind(path, mode)}; kratomtrack writes only to {want}. "
                        f"{NOTHING_WRITTEN}; choose another {'folder' if folder else 'file name'}.")


def _kind(path: Path, mode: int) -> str:
    if stat.S_ISLNK(mode):
        return (f"a symbolic link (to {os.readlink(path)}), which would be replaced by the file "
                "instead of the file it points to")
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _short(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 80 else f"{text[:40]}…{text[-30:]}"


def refuse_log_paths(output: str | os.PathLike, log: Path, *, folder: bool = False) -> None:
    """Raise OutputRefused unless ``output`` may be written (refuse_unsafe_target;
    ``folder``: it is the folder an export writes its files into) and is not
    the log at ``log``, its -wal or -shm file, or inside its backups folder."""
    refuse_unsafe_target(output, folder=folder)
    target = _resolved(Path(output))
    log = _resolved(Path(log))
    folder = log.parent
    if target in {log, Path(f"{log}-wal"), Path(f"{log}-shm"), Path(f"{log}-journal")}:
        raise OutputRefused(
            f"{output} is your log ({log.name} or a file SQLite keeps beside it); writing "
            "there would replace your records. Nothing was written; choose another file.")
    backups = folder / BACKUP_DIRNAME
    if target == backups or backups in target.parents:
        raise OutputRefused(
            f"{output} is in the backups folder {backups}, which holds only the app's own "
            "backups. Nothing was written; choose another place.")


def refuse_folder_log_paths(output: str | os.PathLike, folder: Path) -> None:
    """refuse_log_paths for the file ``output`` and the log in the data folder ``folder``."""
    refuse_log_paths(output, Path(folder) / DB_FILENAME)


def write_failure_words(err: OSError, output: Path) -> str:
    """Why writing ``output`` failed, in words a person can act on."""
    if isinstance(err, OutputRefused):
        return str(err)
    where = Path(output).parent
    number = err.errno
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"the disk that holds {where} is full; free some space and try again"
    if number == errno.EFBIG:
        return "the file would be larger than this system lets a file grow (a file size limit)"
    if number in (errno.EACCES, errno.EPERM):
        return f"you may not write in {where} (permission denied); choose another place"
    if number == errno.EROFS:
        return f"{where} is on a disk that can only be read; choose another place"
    if number == errno.ENOENT:
        return f"the folder {where} does not exist"
    if number == errno.ENAMETOOLONG:
        return "the path is longer than this system allows"
    if number is None:  # Qt's PDF writer says only "could not start a new page"
        return f"{err}: the file could not be written whole (a full disk or a file size limit does this)"
    return err.strerror or str(err)


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def make_private_folders(folder: Path) -> None:
    """Create ``folder`` and any missing parent, each readable by the owner only
    (0700, as the data folder): an export holds health data. Folders that exist
    are left as they are."""
    missing = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing.append(path)
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            os.chmod(path, 0o700)  # mkdir's mode is masked by the umask
