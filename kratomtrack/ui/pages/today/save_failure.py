"""The strip at the top of Today shown when a save failed: what happened, and "Try again"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from kratomtrack.ui.widgets.announce import ASSERTIVE, announce
from kratomtrack.ui.widgets.look import refusal_style
from kratomtrack.ui.wording import fill


class SaveFailureStrip(QFrame):
    """Hidden until a save fails; "Try again" repeats the last thing tried."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._retry: Callable[[], object] | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Not saved"))
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.clicked.connect(self.retry)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        self.hide()

    def show_failure(self, message: str, retry: Callable[[], object] | None = None) -> None:
        self._retry = retry
        self.label.setStyleSheet(refusal_style(self))
        text = fill(self.tr("Not saved: %1"), message)
        self.label.setText("⚠ " + text)
        self.retry_button.setVisible(retry is not None)
        self.show()
        announce(self, text, ASSERTIVE)

    def clear(self) -> None:
        self._retry = None
        self.hide()

    def retry(self) -> None:
        retry, self._retry = self._retry, None
        if retry is not None:
            retry()
