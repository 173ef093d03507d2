"""Where an output (export, report, backup copy) may not be written: onto the
log, its -wal or -shm file, or into the backups folder.

Writing an export over kratomtrack.db would replace the log with a JSON
file; writing into backups/ would mix a stranger file with the copies a
restore offers.
"""

from __future__ import annotations

import os
from pathlib import Path

from kratomtrack.store.location import BACKUP_DIRNAME
from kratomtrack.store.location import DB_FILENAME


class OutputRefused(OSError):
    """The output path would overwrite the log or land in its backups; nothing was written."""


def refuse_log_paths(output: str | os.PathLike, log: Path) -> None:
    """Raise OutputRefused if ``output`` (a file or folder) is the log at
    ``log``, its -wal or -shm file, or inside its backups folder."""
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
    """refuse_log_paths for the log in the data folder ``folder``."""
    refuse_log_paths(output, Path(folder) / DB_FILENAME)


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
