"""Where the log lives: the per-user application data folder, or an override."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "kratomtrack"
DB_FILENAME = "kratomtrack.db"
BACKUP_DIRNAME = "backups"  # the daily copies (store/backups.py), beside the log
DATA_DIR_ENV = "KRATOMTRACK_DATA_DIR"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The folder in use: ``override``, else $KRATOMTRACK_DATA_DIR, else the platform's.

    The platform folder is ~/.local/share/kratomtrack on Linux,
    ~/Library/Application Support/kratomtrack on macOS and
    %LOCALAPPDATA%\\kratomtrack on Windows. The window and every subcommand
    resolve it the same way.
    """
    if override:
        return Path(override).expanduser().absolute()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().absolute()
    import platformdirs  # only here: an override spares the window its import

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def db_path(folder: Path) -> Path:
    return folder / DB_FILENAME


def backups_dir(folder: Path) -> Path:
    return Path(folder) / BACKUP_DIRNAME


def ensure_private_dir(folder: Path) -> Path:
    """Create the folder readable by its owner only (health data).

    A folder that exists keeps its mode: it may be shared on purpose (a
    1777 folder given as --data-dir) or made read-only by its owner;
    ``where`` and ``check`` warn when it is readable by others.
    """
    # Like Vorta: a private umask before anything is created, so no file of
    # ours is ever briefly readable by others.
    os.umask(0o077)
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def folder_warning(folder: Path) -> str:
    """A warning when the data folder can be read by other users, or ''."""
    import stat

    try:
        mode = stat.S_IMODE(folder.stat().st_mode)
    except OSError:
        return ""
    if os.name != "posix" or not mode & 0o077:
        return ""
    return (f"Warning: the data folder {folder} can be read by other users (mode {mode:o}). "
            f"To keep your log private, run: chmod go-rwx '{folder}'")


def path_length_problem(path: Path) -> str:
    """Why ``path`` is longer than this system allows (a name over NAME_MAX
    bytes, the whole over PATH_MAX), in words; '' when it is not.

    Asked before the path is used: the system's own answer is an OSError
    ("File name too long") from whichever call meets it first.
    """
    name_max, path_max = 255, 4096  # Linux's; Windows and macOS allow no more
    if hasattr(os, "pathconf"):
        existing = next((p for p in (path, *path.parents) if _is_dir(p)), None)
        if existing is not None:
            try:
                name_max = os.pathconf(existing, "PC_NAME_MAX")
                path_max = os.pathconf(existing, "PC_PATH_MAX")
            except (OSError, ValueError):
                pass
    longest = max((len(os.fsencode(part)) for part in path.parts), default=0)
    if longest > name_max:
        return (f"one of its names is {longest} bytes long; this system allows at most "
                f"{name_max} bytes for a file or folder name")
    if len(os.fsencode(path)) >= path_max:
        return (f"it is {len(os.fsencode(path))} bytes long; this system allows at most "
                f"{path_max - 1} bytes for a whole path")
    return ""


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, or a folder we may not look into
        return False
