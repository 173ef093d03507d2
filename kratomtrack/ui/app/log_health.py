"""The window's whole-log check and its read-only bar.

After the first paint, ``LogHealthWatch`` runs store/integrity.py's full
check on a thread of its own (its own read-only connection; SQLite releases
the GIL while it checks, so the window keeps answering). A damaged log is
then never written to: the window's log turns read-only, and a bar above the
pages says so and offers the newest healthy backup. A log opened read-only
from the start (a folder that cannot be written) gets the same bar, without
the restore offer: a restore could not write there either.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from kratomtrack.store.database import LogDatabase, SaveError
from kratomtrack.store.schema import SchemaError
from kratomtrack.store.integrity import LogHealth, check_whole_log
from kratomtrack.ui.widgets.look import refusal_style
from kratomtrack.ui.wording import fill


DAMAGED = "it is damaged"  # the read-only reason of a damaged log


class ReadOnlyBar(QFrame):
    """Above the pages: why nothing can be saved, and (for a damaged log) "Restore…"."""

    restore_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("read_only_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Read-only"))
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton(self.tr("Restore a backup…"))
        self.restore_button.clicked.connect(self.restore_requested)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore_button)
        self.hide()

    def show_damaged(self, health: LogHealth, newest_backup: str) -> None:
        backup = (fill(self.tr("The newest healthy backup is from %1."), newest_backup)
                  if newest_backup else self.tr("There is no healthy backup."))
        unreadable = (fill(self.tr("%1 record(s) cannot be read and are left out. "),
                           health.unreadable_records) if health.unreadable_records else "")
        self._show(fill(self.tr(
            "Your log is damaged (%1). It is open read-only: you see what can still be read, "
            "and nothing is saved until it is restored. %2%3"), health.findings[0], unreadable,
            backup), restore=bool(newest_backup))

    def show_read_only_folder(self, reason: str) -> None:
        self._show(fill(self.tr(
            "Your log is open read-only: %1. You can look, export and print the summary; "
            "nothing new can be saved until the folder can be written."), reason), restore=False)

    def show_replaced(self, problem: str) -> None:
        """The log file was replaced by one that cannot be opened (ui/app/file_watch.py)."""
        self._show(fill(self.tr(
            "Your log was replaced by another program with a file kratomtrack cannot open "
            "(%1). What you see is your log as it was; nothing more is saved. Close kratomtrack "
            "and start it again once your log is back."), problem), restore=False)

    def _show(self, text: str, *, restore: bool) -> None:
        self.label.setStyleSheet(refusal_style(self))
        self.label.setText("⚠ " + text)
        self.restore_button.setVisible(restore)
        self.show()


class LogHealthWatch(QObject):
    """Runs the whole-log check off the window's thread; ``checked`` carries the result."""

    checked = Signal(object)  # LogHealth, delivered on the window's thread
    _found = Signal(object, str)

    def __init__(self, db: LogDatabase, bar: ReadOnlyBar, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.bar = bar
        self.health: LogHealth | None = None
        self._thread: threading.Thread | None = None
        self._found.connect(self._apply)  # queued: emitted from the check's thread
        if db.read_only and db.read_only_reason not in ("", DAMAGED):
            bar.show_read_only_folder(db.read_only_reason)

    def start(self) -> None:
        """Check the log in the background (once at a time)."""
        if self._thread is not None and self._thread.is_alive():
            return
        path = self.db.path
        folder = path.parent

        def run() -> None:
            from kratomtrack.store.backups import newest_good_backup

            health = check_whole_log(path)
            newest = ""
            if not health.healthy:
                good = newest_good_backup(folder)
                newest = good.when if good else ""
            self._found.emit(health, newest)

        self._thread = threading.Thread(target=run, name="kratomtrack-log-check", daemon=True)
        self._thread.start()

    def wait(self, timeout: float = 30.0) -> None:
        """For scripts and tests: until the check's thread has finished."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _apply(self, health: LogHealth, newest_backup: str) -> None:
        self.health = health
        if not health.healthy:
            self.db.read_only = True
            self.db.read_only_reason = DAMAGED
            self.bar.show_damaged(health, newest_backup)
        elif self.db.read_only_reason == DAMAGED:  # a healthy backup was restored since
            try:
                self.db.reopen_writable()
            except (SchemaError, SaveError, OSError) as err:
                self.bar.show_read_only_folder(str(err))
            else:
                self.bar.hide()
        self.checked.emit(health)
