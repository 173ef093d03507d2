"""Starting the window."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(folder: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from kratomtrack.ui.main_window import MainWindow
    from kratomtrack.ui.single_instance import SingleInstance, already_open_box, bring_to_front
    from kratomtrack.ui.startup import open_log_for_window

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("kratomtrack")
    app.setOrganizationName("kratomtrack")
    instance = SingleInstance(folder)
    if not instance.claim():  # another window has this log: bring it forward
        if not instance.activate_running():
            already_open_box().exec()
        return 0
    db = open_log_for_window(folder)  # damaged-log offer, refusals, day's backup
    if db is None:
        instance.release()
        return 1
    window = MainWindow(db)
    instance.activation_requested.connect(lambda: bring_to_front(window))
    window.show()
    try:
        return app.exec()
    finally:
        db.close()
        instance.release()
