"""Starting the window."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(folder: Path) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from kratomtrack.resource_files import APP_ID
    from kratomtrack.store.database import LogDatabase
    from kratomtrack.store.schema import SchemaError
    from kratomtrack.ui.app_icon import app_icon
    from kratomtrack.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("kratomtrack")
    app.setOrganizationName("kratomtrack")
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to its .desktop entry
    try:
        db = LogDatabase.open_folder(folder)
    except SchemaError as err:
        QMessageBox.critical(None, "kratomtrack cannot open your log", str(err))
        return 1
    window = MainWindow(db)
    window.show()
    try:
        return app.exec()
    finally:
        db.close()
