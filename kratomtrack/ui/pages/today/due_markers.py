"""The small, dismissible "due" markers on Today that offer the weekly PEG and the monthly SDS.

Whether a check-up is due is store.safety_status.checkup_due's rule; the
markers only show it and open the dialog (kratomtrack.ui.dialogs.checkups).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStyle, QWidget

from kratomtrack.store import preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.safety_status import checkup_due
from kratomtrack.ui.commands.log_editor import LogEditor
from kratomtrack.ui.dialogs.checkups import PegDialog, SdsDialog


class CheckupDueMarker(QFrame):
    """A small, dismissible "due" marker for the PEG (weekly) or the SDS (monthly).

    Hidden when not due, when reminders are off in Settings, or after "Not
    now" (until the next period). "Answer now" opens the dialog; ``answered``
    is emitted after it is saved.
    """

    answered = Signal(str)

    TEXTS = {
        "peg": QT_TRANSLATE_NOOP("CheckupDueMarker",
                                 "Your weekly pain check (PEG) is due: three short questions."),
        "sds": QT_TRANSLATE_NOOP("CheckupDueMarker",
                                 "Your monthly Severity of Dependence Scale is due: five optional questions."),
    }

    def __init__(self, db: LogDatabase, kind: str, parent: QWidget | None = None,
                 *, editor: LogEditor | None = None):
        super().__init__(parent)
        if kind not in self.TEXTS:
            raise ValueError(f"unknown check-up {kind!r}")
        self.db = db
        self.kind = kind
        self.editor = editor
        self.today: dt.date | None = None
        self.setObjectName(f"due_{kind}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_FileDialogDetailedView).pixmap(16, 16))
        row.addWidget(icon)
        self.text = QLabel(QCoreApplication.translate("CheckupDueMarker", self.TEXTS[kind]))
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.answer_button = QPushButton(self.tr("Answer now"))
        self.answer_button.setAccessibleName(self.tr("Answer the check-up now"))
        self.answer_button.clicked.connect(self.open_dialog)
        row.addWidget(self.answer_button)
        self.later_button = QPushButton(self.tr("Not now"))
        self.later_button.setAccessibleName(self.tr("Hide this reminder until the next one is due"))
        self.later_button.clicked.connect(self.dismiss)
        row.addWidget(self.later_button)
        self.setVisible(False)

    def update_from(self, db: LogDatabase | None = None, today: dt.date | None = None) -> bool:
        """Show the marker if the check-up is due on ``today``; returns whether it is."""
        if db is not None:
            self.db = db
        self.today = today
        due = checkup_due(self.db, self.kind, today or dt.date.today())
        self.setVisible(due)
        return due

    def dismiss(self) -> None:
        preferences.dismiss_due_marker(self.db, self.kind, self.today or dt.date.today())
        self.update_from(today=self.today)

    def dialog(self) -> PegDialog | SdsDialog:
        cls = PegDialog if self.kind == "peg" else SdsDialog
        dialog = cls(self.db, None, self.window(), today=self.today, editor=self.editor)
        dialog.saved.connect(lambda _: (self.update_from(today=self.today), self.answered.emit(self.kind)))
        return dialog

    def open_dialog(self) -> None:
        self.dialog().open()
