"""Whether a folder sits inside a folder a sync program keeps in step with other computers.

A live SQLite log is two files that change together (kratomtrack.db and its
-wal); a sync program that copies one half-way through a write, or copies
them at different moments, can leave a corrupted log on the other side (or
bring that one back here). So the window warns when its data folder is
inside such a folder (synced_folder_warning), and sync through a folder
never puts the live log there.

Recognised by what each program leaves in the folder it syncs, or by the
name it gives it: Syncthing's ``.stfolder``, Dropbox's ``.dropbox``,
Nextcloud's and ownCloud's ``.sync_*.db`` journal (``._sync_*.db`` in older
versions) and ``.owncloudsync.log``, and the folder names OneDrive, iCloud
Drive and Google Drive use.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

# A file or folder of this name in the synced folder itself (checked by stat).
_MARKER_FILES = (
    (".stfolder", "Syncthing"),
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".owncloudsync.log", "Nextcloud or ownCloud"),
)
# Names that change (a hash in them): looked for in a listing of the folder.
_MARKER_PATTERNS = (
    (".sync_*.db", "Nextcloud or ownCloud"),
    ("._sync_*.db", "Nextcloud or ownCloud"),
)
# The folder's own name (compared without case: macOS and Windows ignore it).
_FOLDER_NAMES = {
    "onedrive": "OneDrive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "google drive": "Google Drive",
}


@dataclass(frozen=True)
class SyncedFolder:
    """A folder a sync program keeps in step, and what told it."""

    service: str  # "Syncthing", "Dropbox"…
    root: Path  # the synced folder (the data folder itself or one around it)
    sign: str  # what was found: a marker file's name, or "its name"


def synced_folder_of(folder: Path) -> SyncedFolder | None:
    """The synced folder ``folder`` is in (itself or one around it), or None.

    Looks at the folder and each one around it up to the root; a folder that
    cannot be read is passed over (it tells nothing).
    """
    folder = Path(folder).absolute()
    for place in (folder, *folder.parents):
        found = _sign_in(place)
        if found is not None:
            return found
    return None


def _sign_in(place: Path) -> SyncedFolder | None:
    for name, service in _MARKER_FILES:
        try:
            if (place / name).exists():
                return SyncedFolder(service, place, name)
        except OSError:
            continue
    name = place.name.casefold()
    service = _FOLDER_NAMES.get(name)
    if service is None and name.startswith("onedrive - "):  # "OneDrive - Company"
        service = "OneDrive"
    if service is not None:
        return SyncedFolder(service, place, "its name")
    try:
        with os.scandir(place) as entries:
            for entry in entries:
                for pattern, pattern_service in _MARKER_PATTERNS:
                    if fnmatch.fnmatchcase(entry.name, pattern):
                        return SyncedFolder(pattern_service, place, entry.name)
    except OSError:
        pass
    return None


def synced_folder_warning(folder: Path) -> str:
    """Why the data folder ``folder`` should not be in a synced folder and how to
    move it, in words; '' when it is not in one."""
    found = synced_folder_of(folder)
    if found is None:
        return ""
    told = ("by its name" if found.sign == "its name" else f"it holds {found.sign}")
    return (
        f"Your data folder {Path(folder).absolute()} is inside a folder that {found.service} "
        f"keeps in sync ({found.root}: {told}). A log in use is two files that change "
        "together (kratomtrack.db and kratomtrack.db-wal); a sync program copying them "
        "half-way through a change can corrupt your log here or on the other computer. "
        "Move it: close kratomtrack, move the data folder to a place that is not synced, "
        "and start kratomtrack with --data-dir and that place (or set KRATOMTRACK_DATA_DIR; "
        "README, \"Your data\"). To keep copies in the synced folder, choose it as your "
        "second backup folder (Settings → Backups) instead: backups are whole, finished files."
    )
