"""The window noticing that its log file was replaced or changed by another program.

Each save first checks that kratomtrack.db is still the file the window
opened (store/file_identity.py: the file, its header, its -shm); so does
each activation of the window. If it is not, the save is refused (the page
keeps what was typed and says "Not saved") and ``LogFileWatch`` opens the
log again: a healthy kratomtrack log read-write, a damaged one read-only
with the restore offer, a file that cannot be opened not at all (the window
then keeps showing the log as it was, read-only). It says so in words and
announces EVERYTHING, so that every page reads the log again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from kratomtrack.core.log_changes import EVERYTHING
from kratomtrack.store.file_identity import reopen_changed_log
from kratomtrack.ui.app.log_health import DAMAGED
from kratomtrack.ui.wording import fill

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from kratomtrack.ui.app.main_window import MainWindow


class LogFileWatch(QObject):
    """Opens the window's log again when its file changed under it."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.said = ""  # the last notice, in words
        self.notice: QMessageBox | None = None
        self._queued = False
        window.db.file_change_listeners.append(self._noticed)

    def check(self) -> bool:
        """Open the log again now if its file changed (the window was activated); True if it had."""
        return self.reopen()

    def _noticed(self, change: str) -> None:
        # Called from inside the refused save: the log opens again once that
        # save has returned and the page has said "Not saved".
        if not self._queued:
            self._queued = True
            QTimer.singleShot(0, self, self.reopen)

    def reopen(self, *, quiet: bool = False) -> bool:
        """Open the log again if its file changed; ``quiet`` after the window's own
        restore (the person knows why). True if it had changed."""
        self._queued = False
        window, db = self.window, self.window.db
        change = db.file_changed()  # "" if opened again already (or read-only: not watched)
        if not change:
            return False
        reopened = reopen_changed_log(db)
        # Undo steps describe the log as it was, not the file now in its place.
        window.undo_stack.clear()
        window._seen_data_version = db.data_version()
        if reopened.outcome == "writable":
            db.read_only_reason = ""
            window.read_only_bar.hide()
            text = self.tr(
                "Your log was replaced or changed by another program (%1); kratomtrack "
                "reopened it and shows it as it is now. Nothing was written to the old file. "
                "Anything not saved is still in its field: check it and save it again.")
        elif reopened.outcome == "damaged":
            db.read_only_reason = DAMAGED
            text = self.tr(
                "Your log was replaced or changed by another program (%1), and the file now in "
                "its place is damaged. kratomtrack reopened it read-only: nothing is saved until "
                "it is restored. Nothing you typed is lost: it is still in its field.")
        else:
            db.read_only_reason = self.tr("it was replaced by a file kratomtrack cannot open")
            window.read_only_bar.show_replaced(reopened.problem)
            text = self.tr(
                "Your log was replaced or changed by another program (%1), and kratomtrack cannot "
                "open the file now in its place, so it closed it and saves nothing more. Nothing "
                "you typed is lost: it is still in its field. Close kratomtrack and start it "
                "again once your log is back.")
        if reopened.outcome != "unusable":
            window.health_watch.start()  # History's health; the read-only bar of a damaged file
        window.announce(EVERYTHING)
        if not quiet:
            self._say(fill(text, change))
        return True

    def _say(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # loads with the first notice, not at start

        self.said = text
        self.window.statusBar().showMessage(text)
        if self.notice is not None:
            self.notice.close()
        self.notice = QMessageBox(QMessageBox.Icon.Warning, self.tr("Your log was changed by another program"),
                                  text, QMessageBox.StandardButton.Ok, self.window)
        self.notice.setWindowModality(Qt.WindowModality.WindowModal)
        self.notice.open()
