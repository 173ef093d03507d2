"""Starting the window."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(folder: Path) -> int:
    """Open the log in ``folder`` and show the window until it is closed."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from kratomtrack import __version__
    from kratomtrack.pyside_guard import guard_none_refcount
    from kratomtrack.resource_files import APP_ID
    from kratomtrack.store.database import LogDatabase
    from kratomtrack.store.schema import SchemaError
    from kratomtrack.ui.app_icon import app_icon
    from kratomtrack.ui.main_window import MainWindow
    from kratomtrack.ui.translations import install_translations

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("kratomtrack")
    app.setOrganizationName("kratomtrack")
    guard_none_refcount()
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to its .desktop entry
    install_translations(app)  # none ships yet; English unless a .qm is added
    try:
        db = LogDatabase.open_folder(folder)
    except (SchemaError, OSError) as err:
        QMessageBox.critical(None, app.translate("run_app", "kratomtrack cannot open your log"), str(err))
        return 1
    window = MainWindow(db)
    window.show()
    try:
        return app.exec()
    finally:
        shut_down(window)
        db.close()


def shut_down(window) -> None:
    """Free the window's undo history while Python is still whole.

    Left to interpreter exit (seen when a script keeps the window in a
    global), PySide6 6.11 can free the Python side of many QUndoCommands in
    the wrong order and abort with "none_dealloc"; clearing the stack and
    collecting here keeps every exit clean.
    """
    import gc

    window.undo_stack.clear()
    window.hide()
    gc.collect()
