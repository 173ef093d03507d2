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


# Whether the welcome panel (ui/app/welcome.py) was closed for good.
WELCOME_SEEN_KEY = "welcome/seen"


def welcome_seen() -> bool:
    return app_settings().value(WELCOME_SEEN_KEY, False, type=bool)


def remember_welcome_seen() -> None:
    settings = app_settings()
    settings.setValue(WELCOME_SEEN_KEY, True)
    settings.sync()
