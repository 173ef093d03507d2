"""A second backup folder for tests (a real folder in tmp_path), and the copies in it."""

from __future__ import annotations

from pathlib import Path

from kratomtrack.store import second_folder


def new_usb(tmp_path: Path) -> Path:
    """An empty folder standing for a USB disk's."""
    folder = tmp_path / "usb"
    folder.mkdir()
    folder.chmod(0o755)  # as a mounted disk's folder is, whatever umask an earlier test left
    return folder


def copies_in(usb: Path) -> list[Path]:
    """This computer's backups in the second folder ``usb``, oldest name first."""
    return sorted(second_folder.own_place(usb).joinpath("backups").glob("kratomtrack-*.db"))
