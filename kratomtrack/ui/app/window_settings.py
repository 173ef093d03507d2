"""The window's own preferences (size, position, last page) in QSettings.

Always an INI file in the per-user configuration folder, on every platform,
so tests can point it at a temporary folder with QSettings.setPath. Health
records never go here; they live in the log.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANISATION = "kratomtrack"
APPLICATION = "kratomtrack"


def app_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)
