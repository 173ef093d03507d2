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

    def try_unlock(self) -> None:
        secret = self.field.text()
        if not secret:
            refuse_typed(self.problem, self.tr("Type your passphrase first."), self.field)
            return
        try:
            protection.unlock(self.folder, secret)
        except protection.WrongPassphraseError as err:
            refuse_typed(self.problem, str(err), self.field)
            return
        self.accept()


def unlock_for_window(folder: Path, parent: QWidget | None = None) -> bool:
    """Whether the log in ``folder`` can be opened: plain, already unlocked, or
    unlocked now by the person; False if they cancelled."""
    if not protection.is_protected(folder) or protection.is_unlocked(folder):
        return True  # plain, missing or foreign (opening then says what is wrong), or unlocked
    protection.check_cipher()  # no passphrase is asked for that this SQLCipher cannot use
    return PassphraseDialog(folder, parent).exec() == QDialog.DialogCode.Accepted
