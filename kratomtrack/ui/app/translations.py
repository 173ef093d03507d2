"""Loading a translation of the window, when one exists for the person's language.

None ships yet (health text needs a reviewed translation; see docs/development.md, "Translations").
A translation is ``resources/translations/kratomtrack_<language>.qm``, made
from ``kratomtrack.ts`` (``packaging/update-translations``) with Qt Linguist
and ``pyside6-lrelease``. Qt's own texts (standard buttons, file dialogs) are
translated only when kratomtrack's are, so the window never mixes languages.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kratomtrack.resource_files import resource_dir


def translations_dir() -> Path:
    return resource_dir() / "translations"


def install_translations(app: QCoreApplication, locale: QLocale | None = None,
                         folder: Path | None = None) -> list[QTranslator]:
    """Install kratomtrack's translation for ``locale`` (default: the system's).

    Returns the translators installed: none if there is no translation for
    the language (the window then stays in English).
    """
    locale = locale or QLocale.system()
    folder = folder or translations_dir()
    own = QTranslator(app)
    if not own.load(locale, "kratomtrack", "_", str(folder)):
        return []
    installed = [own]
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        installed.append(qt)
    for translator in installed:
        app.installTranslator(translator)
    return installed
