"""Files the running app reads besides its code: the icon (and later translations).

They live in the top-level ``resources/`` folder of the source tree. A wheel
carries them as ``kratomtrack/resources`` (see setup.py) and the PyInstaller
build puts them at the same place, so one lookup serves a checkout, an
editable install, a wheel and a frozen build. No Qt here.
"""

from __future__ import annotations

from pathlib import Path

APP_ID = "io.github.kratomtrack"  # the .desktop file and AppStream component id
ICON_NAME = "kratomtrack"  # the icon's name in the freedesktop icon theme
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

_PACKAGE = Path(__file__).resolve().parent


def resource_dir() -> Path:
    """The folder holding ``icons/``: inside the package when installed, else the checkout's."""
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if (candidate / "icons").is_dir():
            return candidate
    raise FileNotFoundError(
        f"kratomtrack's resources are missing (looked in {_PACKAGE / 'resources'} "
        f"and {_PACKAGE.parent / 'resources'}); reinstall kratomtrack"
    )


def icon_pngs() -> dict[int, Path]:
    """The rendered PNGs by pixel size, for the sizes that exist."""
    hicolor = resource_dir() / "icons" / "hicolor"
    found = {size: hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png" for size in ICON_SIZES}
    return {size: path for size, path in found.items() if path.is_file()}
