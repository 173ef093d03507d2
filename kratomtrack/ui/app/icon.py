"""The window and taskbar icon."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from kratomtrack.resource_files import icon_pngs


def app_icon() -> QIcon:
    """The app icon from its pre-rendered PNGs (crisp at every size, no SVG plugin needed).

    An empty QIcon if the files are missing: a missing icon must never stop
    the person from reaching their log.
    """
    icon = QIcon()
    try:
        pngs = icon_pngs()
    except FileNotFoundError:
        return icon
    for path in pngs.values():
        icon.addFile(str(path))
    return icon
