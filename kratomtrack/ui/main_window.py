"""The main window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from kratomtrack.store.database import LogDatabase


class MainWindow(QMainWindow):
    def __init__(self, db: LogDatabase):
        super().__init__()
        self.db = db
        self.setWindowTitle("kratomtrack")
        self.setCentralWidget(QLabel("kratomtrack"))
