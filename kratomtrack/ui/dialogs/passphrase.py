"""Asking for the passphrase of a protected log before the window shows it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.store import protection
from kratomtrack.ui.widgets.look import refuse_typed


class PassphraseDialog(QDialog):
    """The passphrase (or recovery key) prompt; accepted only once the log is unlocked.

    A wrong passphrase is refused in the dialog itself, in words, and the
    person can try again; nothing of the log changes.
    """

    def __init__(self, folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle(self.tr("kratomtrack: your log is protected"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Your log is protected with a passphrase. Type it (or your "
                               "recovery key) to open it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(self.tr("Passphrase"))
        layout.addWidget(self.field)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("passphraseProblem")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Open my log"))
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        # Wide enough for the intro on two or three lines and a recovery key typed in
        # full, never wider than the screen; the height follows the words (fit_height).
        width = self.fontMetrics().averageCharWidth() * 52
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(min(width, screen.width() - 40) if screen is not None else width, 0)
        self.fit_height()

    def try_unlock(self) -> None:
        secret = self.field.text()
        if not secret:
            self._refuse(self.tr("Type your passphrase first."))
            return
        try:
            protection.unlock(self.folder, secret)
        except protection.WrongPassphraseError as err:
            self._refuse(str(err))
            return
        self.accept()

    def _refuse(self, message: str) -> None:
        refuse_typed(self.problem, message, self.field)
        self.fit_height()

    def fit_height(self) -> None:
        """Grow (or shrink) to the height the wrapped words need at this width:
        a window does not follow its labels' height for width by itself."""
        layout = self.layout()
        layout.activate()
        height = layout.totalHeightForWidth(self.width())
        self.setMinimumHeight(height)
        self.resize(self.width(), height)


def unlock_for_window(folder: Path, parent: QWidget | None = None) -> bool:
    """Whether the log in ``folder`` can be opened: plain, already unlocked, or
    unlocked now by the person; False if they cancelled."""
    if not protection.is_protected(folder) or protection.is_unlocked(folder):
        return True  # plain, missing or foreign (opening then says what is wrong), or unlocked
    protection.check_cipher()  # no passphrase is asked for that this SQLCipher cannot use
    return PassphraseDialog(folder, parent).exec() == QDialog.DialogCode.Accepted
