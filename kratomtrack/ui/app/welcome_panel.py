"""The welcome panel itself (ui/app/welcome.py decides when it is shown)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kratomtrack.ui.settings.window import remember_welcome_seen
from kratomtrack.ui.widgets.look import heading
from kratomtrack.ui.wording import escape, fill


class WelcomePanel(QFrame):
    """The first-start panel. ``import_requested``: File → Import…"""

    import_requested = Signal()

    def __init__(self, log_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcome_panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Welcome"))
        self._demo: QProcess | None = None
        self.demo_folder: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading(QLabel(self.tr("Welcome to kratomtrack"))))
        self.text = QLabel(fill(self.tr(
            "Write down each dose (grams and Enter), your pain and any side effects; the app "
            "shows how they go together over time, warns you plainly if use becomes frequent "
            "and rising, and prints a summary for your doctor. It never suggests a dose.<br><br>"
            "Your log stays on this computer, in %1. The app opens no network connection. "
            "Already keeping a record in another app or a spreadsheet? Bring it in with "
            "File → Import…"), "<b>" + escape(str(log_path)) + "</b>"))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import from another app…"))
        self.import_button.clicked.connect(self.import_requested)
        self.demo_button = QPushButton(self.tr("Try a demo"))
        self.demo_button.setToolTip(self.tr(
            "Opens a second window on a log of invented data, in a folder of its own; "
            "your log is not touched."))
        self.demo_button.clicked.connect(self.open_demo)
        self.done_button = QPushButton(self.tr("Got it"))
        self.done_button.clicked.connect(self.close_for_good)
        self.status = QLabel()
        self.status.setWordWrap(True)
        for button in (self.import_button, self.demo_button, self.done_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click never takes the dose form's focus
            buttons.addWidget(button)
        buttons.addWidget(self.status, 1)
        layout.addLayout(buttons)

    def close_for_good(self) -> None:
        """Hide the panel and remember that it was seen."""
        remember_welcome_seen()
        self.hide()

    def open_demo(self) -> None:
        """Fill a new folder with the demo log (kratomtrack demo), then open a window on it."""
        if self._demo is not None:
            return
        import tempfile  # here: the window's start never needs it

        self.demo_folder = Path(tempfile.mkdtemp(prefix="kratomtrack-demo-"))
        self._demo = QProcess(self)
        self._demo.finished.connect(self._demo_written)
        self.demo_button.setEnabled(False)
        self.status.setText(self.tr("Writing the demo log…"))
        self._demo.start(sys.executable, self._command("demo", "--data-dir", str(self.demo_folder)))

    def _demo_written(self, code: int, _status) -> None:
        self._demo = None
        self.demo_button.setEnabled(True)
        if code != 0:
            self.status.setText(self.tr("The demo could not be written."))
            return
        QProcess.startDetached(sys.executable, self._command("--data-dir", str(self.demo_folder)))
        self.status.setText(self.tr("The demo opens in a window of its own."))

    @staticmethod
    def _command(*args: str) -> list[str]:
        if getattr(sys, "frozen", False):  # a packaged app: its executable is kratomtrack itself
            return list(args)
        return ["-m", "kratomtrack", *args]
