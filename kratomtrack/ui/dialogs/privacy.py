"""Settings → Privacy: protecting the log with a passphrase, from the window.

Turning protection on or off rewrites the log and its backups
(store/protection.py). The store's refusal to rewrite a log in use works
across programs only, so the window closes its own connection first and
opens the log again afterwards. The work (seconds for a ten-year log, key
derivation included) runs on a worker thread behind a busy indicator; the
window keeps painting. The idle lock's minutes are saved with the dialog's OK.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.log_changes import EVERYTHING, SETTINGS
from kratomtrack.store import cipher, protection
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.widgets.look import refusal_style, refuse_typed
from kratomtrack.ui.wording import fill


class Job(QThread):
    """Runs ``work`` off the window's thread; ``finished_with`` gets (result, error)."""

    finished_with = Signal(object, object)

    def __init__(self, work: Callable[[], object], parent=None):
        super().__init__(parent)
        self._work = work

    def run(self) -> None:
        try:
            result, error = self._work(), None
        except Exception as err:  # reported in the tab, in words
            result, error = None, err
        self.finished_with.emit(result, error)


class _BusyDialog(QDialog):
    """A busy indicator that cannot be dismissed while the work runs (it cannot be
    stopped half-way safely; a kill at any moment still leaves the log whole)."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("privacy_busy")
        self.setWindowTitle(self.tr("Please wait"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        bar = QProgressBar()
        bar.setRange(0, 0)  # busy: the rewrite reports no steps
        bar.setAccessibleName(text)
        layout.addWidget(bar)
        self.done = False

    def reject(self) -> None:  # Escape: the work goes on; finish() hides the dialog
        pass

    def closeEvent(self, event) -> None:
        if not self.done:
            event.ignore()

    def finish(self) -> None:
        self.done = True
        self.hide()


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown once, to print or write down: before anything is
    encrypted, so that no log ever depends on a key its owner has not seen.
    Accepted ("I have kept it safe"), the log is encrypted; rejected, nothing is."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None):
        super().__init__(parent)
        key = recovery_key
        self.setWindowTitle(self.tr("Your recovery key"))
        self.setMinimumWidth(560)  # the key on three lines, not five
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This recovery key opens your log if your passphrase is lost. It is shown only "
            "this once: print it or write it down, and keep it somewhere safe, away from this "
            "computer. Your log and its backups are encrypted once you have kept it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.key_label = QLabel(key)
        self.key_label.setObjectName("recovery_key")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.2)
        self.key_label.setFont(font)
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName(self.tr("Recovery key"))
        layout.addWidget(self.key_label)
        plain = QLabel(self.tr(
            "Exports, spreadsheets and printed or PDF summaries are plain files you choose to "
            "make: protection does not cover them."))
        plain.setObjectName("plain_files_note")
        plain.setWordWrap(True)
        layout.addWidget(plain)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(self.tr("Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(lambda: print_recovery_key(key, self))
        self.cancel_button = buttons.addButton(self.tr("Do not protect"),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.reject)
        self.kept_button = buttons.addButton(self.tr("I have kept it safe: protect my log"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.kept_button.clicked.connect(self.accept)
        self.kept_button.setAutoDefault(False)  # a stray Enter must not skip writing it down
        self.print_button.setDefault(True)
        layout.addWidget(buttons)


def print_recovery_key(key: str, parent: QWidget) -> None:
    """Print the recovery key on paper (the print dialog lets the person choose where)."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()
    if QPrintDialog(printer, parent).exec() != QDialog.DialogCode.Accepted:
        return
    document = QTextDocument()
    document.setPlainText(parent.tr("kratomtrack recovery key") + "\n\n" + key)
    document.print_(printer)


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class PrivacyTab(QWidget):
    """Protect with a passphrase; change it; turn it off; lock after idle minutes.

    ``parent`` is the Settings dialog; its parent, when it is the main window,
    is told (``announce``): EVERYTHING once the log was opened again (every page
    reads it again), a change of settings after a new passphrase.
    """

    changed = Signal()  # protection turned on or off, or the passphrase changed

    def __init__(self, db: LogDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.settings = parent
        self.main_window = parent.parent() if parent is not None else None
        self.job: Job | None = None
        self.busy: _BusyDialog | None = None
        self.recovery_dialog: RecoveryKeyDialog | None = None
        layout = QVBoxLayout(self)
        self._build_setup(layout)
        self._build_protected(layout)
        self.problem = QLabel()
        self.problem.setObjectName("privacy_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(refusal_style(self))
        self.problem.hide()
        layout.addWidget(self.problem)
        layout.addStretch(1)
        if parent is not None and hasattr(parent, "saved"):
            parent.saved.connect(self.save)
        self._show_state()

    # --- building -------------------------------------------------------------------

    def _build_setup(self, layout: QVBoxLayout) -> None:
        self.setup_box = QGroupBox(self.tr("Protect with a passphrase"))
        box = QVBoxLayout(self.setup_box)
        warning = QLabel(self.tr(
            "Protection encrypts your log and its backups, so that nobody can read them "
            "without your passphrase. Without the passphrase your log cannot be read by "
            "anyone, you included: you will get a recovery key, shown once, to print or write "
            "down. Each start of kratomtrack then asks for the passphrase."))
        warning.setObjectName("setup_warning")
        warning.setWordWrap(True)
        box.addWidget(warning)
        form = QFormLayout()
        self.new_passphrase = _password_field(self.tr("New passphrase"))
        self.repeat_passphrase = _password_field(self.tr("New passphrase again"))
        form.addRow(self.tr("New passphrase:"), self.new_passphrase)
        form.addRow(self.tr("New passphrase again:"), self.repeat_passphrase)
        box.addLayout(form)
        self.protect_button = QPushButton(self.tr("Protect my log"))
        self.protect_button.clicked.connect(lambda: self.protect())
        box.addWidget(self.protect_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.setup_box)

    def _build_protected(self, layout: QVBoxLayout) -> None:
        self.protected_box = QGroupBox(self.tr("Your log is protected with a passphrase"))
        box = QVBoxLayout(self.protected_box)
        form = QFormLayout()
        self.current_passphrase = _password_field(self.tr("Current passphrase"))
        form.addRow(self.tr("Current passphrase:"), self.current_passphrase)
        self.changed_passphrase = _password_field(self.tr("New passphrase"))
        self.changed_again = _password_field(self.tr("New passphrase again"))
        form.addRow(self.tr("New passphrase:"), self.changed_passphrase)
        form.addRow(self.tr("New passphrase again:"), self.changed_again)
        box.addLayout(form)
        row = QHBoxLayout()
        self.change_button = QPushButton(self.tr("Change the passphrase"))
        self.change_button.clicked.connect(lambda: self.change_passphrase())
        self.off_button = QPushButton(self.tr("Turn protection off"))
        self.off_button.setToolTip(self.tr("Needs the current passphrase; your log and its "
                                           "backups become plain files again."))
        self.off_button.clicked.connect(self.turn_off)
        for button in (self.change_button, self.off_button):
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        lock_row = QHBoxLayout()
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(0, protection.MAX_LOCK_MINUTES)
        self.lock_minutes.setSuffix(self.tr(" min"))
        self.lock_minutes.setSpecialValueText(self.tr("never"))
        self.lock_minutes.setAccessibleName(
            self.tr("Lock the window after this long without use (minutes; 0: never)"))
        lock_label = QLabel(self.tr("Lock the window after this long without use:"))
        lock_label.setBuddy(self.lock_minutes)
        lock_row.addWidget(lock_label)
        lock_row.addWidget(self.lock_minutes)
        lock_row.addStretch(1)
        box.addLayout(lock_row)
        layout.addWidget(self.protected_box)

    def _show_state(self) -> None:
        protected = self.is_protected()
        self.setup_box.setVisible(not protected and not self.db.read_only)
        self.protected_box.setVisible(protected and not self.db.read_only)
        if self.db.read_only:
            self._refuse(self.tr("Your log is open read-only; protection cannot be changed now."))
        if protected:
            self.lock_minutes.setValue(protection.lock_minutes(self.db))
        for field in (self.new_passphrase, self.repeat_passphrase, self.current_passphrase,
                      self.changed_passphrase, self.changed_again):
            field.clear()

    def is_protected(self) -> bool:
        return cipher.is_encrypted(self.db.conn)

    def save(self) -> None:
        """With the dialog's OK: the idle lock's minutes (a protected log only)."""
        if self.is_protected() and not self.db.read_only:
            protection.set_lock_minutes(self.db, self.lock_minutes.value())

    def acts_on_ok(self, then: Callable[[], None]) -> bool:
        """Settings' OK (or Enter) with a new passphrase typed here: protect the log
        (or change its passphrase) first, as its button would, and call ``then``
        (the save of the other settings) once that is done. True while the dialog
        must stay open for it; a refusal stays on this tab, in words, and nothing
        is said to be saved."""
        if self.db.read_only:
            return False
        if self.is_protected():
            typed = self.changed_passphrase.text() or self.changed_again.text()
            act = self.change_passphrase
        else:
            typed = self.new_passphrase.text() or self.repeat_passphrase.text()
            act = self.protect
        if not typed:
            return False
        if hasattr(self.settings, "show_tab_of"):
            self.settings.show_tab_of(self)
        act(after=then)
        return True

    # --- the three actions ------------------------------------------------------------

    def protect(self, *, after: Callable[[], None] | None = None) -> None:
        """Check the passphrases and the room, show the recovery key, and encrypt
        only once the person says they have kept it."""
        passphrase = self._new_passphrase(self.new_passphrase, self.repeat_passphrase)
        if passphrase is None:
            return
        folder = self.db.path.parent
        try:
            protection.check_cipher()
            protection.check_room_to_protect(folder)
        except (protection.ProtectionError, cipher.UnsupportedCipherError) as err:
            self._refuse(str(err))
            return
        key = protection.new_key()
        self.recovery_dialog = RecoveryKeyDialog(protection.recovery_text(key), self)

        def kept(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                self._refuse(self.tr("Your log was not protected; nothing was changed."))
                return
            self._run(lambda: protection.protect(folder, passphrase, key=key), close_log=True,
                      text=self.tr("Encrypting your log and its backups…"),
                      then=lambda _: self._done(
                          self.tr("Your log is protected with your passphrase."), after))

        self.recovery_dialog.finished.connect(kept)
        self.recovery_dialog.open()

    def change_passphrase(self, *, after: Callable[[], None] | None = None) -> None:
        current = self.current_passphrase.text()
        new = self._new_passphrase(self.changed_passphrase, self.changed_again)
        if new is None or not self._have_current(current):
            return
        folder = self.db.path.parent

        def work() -> None:
            protection.unlock(folder, current)
            protection.change_passphrase(folder, new)

        self._run(work, close_log=False, text=self.tr("Changing your passphrase…"),
                  then=lambda _: self._done(self.tr(
                      "Your passphrase was changed; your recovery key still opens the log."), after))

    def turn_off(self) -> None:
        current = self.current_passphrase.text()
        if not self._have_current(current):
            return
        folder = self.db.path.parent

        def work() -> None:
            protection.unlock(folder, current)  # a wrong passphrase changes nothing
            protection.unprotect(folder)

        self._run(work, close_log=True, text=self.tr("Decrypting your log and its backups…"),
                  then=lambda _: self._done(self.tr(
                      "Protection is off: your log and its backups are plain files again.")))

    def _new_passphrase(self, field: QLineEdit, again: QLineEdit) -> str | None:
        text = field.text()
        if len(text) < protection.MIN_PASSPHRASE:
            self._refuse(fill(self.tr("A passphrase needs at least %1 characters."),
                              protection.MIN_PASSPHRASE), field)
            return None
        if text != again.text():
            self._refuse(self.tr("The two passphrases differ; type the same one twice."), again)
            return None
        return text

    def _have_current(self, current: str) -> bool:
        if not current:
            self._refuse(self.tr("Type your current passphrase first."), self.current_passphrase)
            return False
        return True

    def _refuse(self, message: str, field: QLineEdit | None = None) -> None:
        refuse_typed(self.problem, message, field)

    # --- running the work off the window's thread -------------------------------------

    def _run(self, work: Callable[[], object], *, close_log: bool, text: str,
             then: Callable[[object], None]) -> None:
        self.problem.hide()
        lock = getattr(self.main_window, "idle_lock", None)
        if lock is not None:
            lock.paused = True
        if close_log:
            # Protection refuses a log another connection holds: the sync merges' too.
            getattr(self.main_window, "stop_sync", lambda: None)()
            self.db.close()
        self.busy = _BusyDialog(text, self)
        self.busy.show()
        self.job = Job(work, self)

        def finished(result: object, error: object) -> None:
            self.job.wait()
            self.busy.finish()
            if lock is not None:
                lock.paused = False
            if close_log and not self._reopen():
                return
            self._show_state()  # the fields emptied first: ``then`` may save with OK
            if isinstance(error, (protection.ProtectionError, protection.WrongPassphraseError)):
                self._refuse(str(error))
            elif error is not None:
                self._refuse(fill(self.tr("That did not work: %1. Your log is as it was."), error))
            else:
                then(result)
            if close_log or error is None:
                self.changed.emit()
                announce = getattr(self.main_window, "announce", None)
                if announce is not None:
                    announce(EVERYTHING if close_log else SETTINGS)

        self.job.finished_with.connect(finished)
        self.job.start()

    def _reopen(self) -> bool:
        """Open the log again for the window (encrypted or plain, as it now is)."""
        try:
            self.db.reopen_writable()
        except Exception as err:  # said plainly; the next start opens it again
            QMessageBox.critical(self, self.tr("Your log could not be opened again"), fill(self.tr(
                "%1\n\nClose kratomtrack and start it again."), err))
            return False
        return True

    def _done(self, message: str, after: Callable[[], None] | None = None) -> None:
        if after is not None:
            after()  # Settings' own save ("Settings saved."): this message then stays
        status = getattr(self.main_window, "statusBar", None)
        if status is not None:
            status().showMessage(message)
