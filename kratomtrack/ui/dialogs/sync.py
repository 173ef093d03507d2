"""Sync in the window: Settings → Sync (start, merge now, stop) and Day → Sync
("Changed on both computers", each version restorable in one undoable step).

Setting up reads the folder and, on a second computer, the other log's files:
that runs off the window's thread with a busy indicator (ui/dialogs/privacy.py's
Job), on a connection of its own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.dialogs.privacy import Job, _BusyDialog
from kratomtrack.ui.widgets.look import refusal_style
from kratomtrack.ui.wording import fill

EXPLAINED = QT_TRANSLATE_NOOP("SyncTab", "Keep this log the same on your other computers through a folder they all see "
             "(Syncthing, Nextcloud, Dropbox, a USB stick). Each computer writes only its own files "
             "there and merges the others'; your live log never goes into the folder. No server, "
             "no account. A protected log's files are encrypted with its passphrase.")  # noqa: E501


def _in_own_connection(path: Path, work):
    """Run ``work(db)`` on a connection of this thread's own (a Job's thread)."""
    with LogDatabase.open(path, create=False) as db:
        return work(db)


class SyncTab(QWidget):
    """Settings → Sync. ``parent`` is the Settings dialog; its parent the main window."""

    changed = Signal()

    def __init__(self, db: LogDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.main_window = parent.parent() if parent is not None else None
        self.job = self.busy = None
        layout = QVBoxLayout(self)
        intro = QLabel(QCoreApplication.translate("SyncTab", EXPLAINED))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.status = QLabel()
        self.status.setObjectName("sync_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.start_box = QWidget()
        start = QVBoxLayout(self.start_box)
        start.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Sync folder"))
        self.folder.setPlaceholderText(self.tr("A folder your other computers also see"))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self.choose_folder)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        start.addLayout(row)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase for the sync folder's files"))
        self.passphrase.setPlaceholderText(self.tr("Your log's passphrase (or the other computer's)"))
        start.addWidget(self.passphrase)
        self.start_button = QPushButton(self.tr("Start syncing"))
        self.start_button.clicked.connect(self.start)
        start.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.start_box)
        self.running_box = QWidget()
        running = QHBoxLayout(self.running_box)
        running.setContentsMargins(0, 0, 0, 0)
        self.merge_button = QPushButton(self.tr("Merge now"))
        self.merge_button.clicked.connect(self.merge_now)
        self.leave_button = QPushButton(self.tr("Stop syncing"))
        self.leave_button.clicked.connect(self.leave)
        running.addWidget(self.merge_button)
        running.addWidget(self.leave_button)
        running.addStretch(1)
        layout.addWidget(self.running_box)
        self.problem = QLabel()
        self.problem.setObjectName("sync_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(refusal_style(self))
        self.problem.hide()
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.show_state()

    def show_state(self) -> None:
        from kratomtrack.store import cipher
        from kratomtrack.store.sync.status import sync_status

        status = sync_status(self.db)
        self.status.setText("\n".join(status.lines()))
        self.start_box.setVisible(not status.syncing)
        self.running_box.setVisible(status.syncing)
        self.passphrase.setVisible(not status.syncing and cipher.is_encrypted(self.db.conn))

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the sync folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _run(self, work, text: str, then) -> None:
        self._say("")
        self.busy = _BusyDialog(text, self)
        self.busy.show()
        self.job = Job(lambda: _in_own_connection(self.db.path, work), self)

        def finished(result, error) -> None:
            self.job.wait()
            self.busy.finish()
            if error is not None:
                self._say(str(error))
            else:
                then(result)
            self.show_state()

        self.job.finished_with.connect(finished)
        self.job.start()

    def start(self) -> None:
        from kratomtrack.store.sync import joining

        folder = self.folder.text().strip()
        if not folder:
            self._say(self.tr("Choose a folder first."))
            return
        secret = self.passphrase.text() or None
        self._run(lambda db: joining.prepare(db, folder, passphrase=secret),
                  self.tr("Looking at the sync folder…"), self._prepared)

    def _prepared(self, prepared) -> None:
        from kratomtrack.store.sync import joining

        if prepared.role == "merged":
            answer = QMessageBox.question(self, self.tr("Merge both logs?"), prepared.sides.sentence()
                                          + "\n\n" + self.tr("Merge both logs now?"))
            if answer != QMessageBox.StandardButton.Yes:
                self._say(self.tr("Sync was not set up; nothing was changed."))
                return
        self._run(lambda db: joining.begin(db, prepared), self.tr("Merging with the sync folder…"),
                  self._started)

    def _started(self, result) -> None:
        self.passphrase.clear()
        words = {"first": self.tr("This is the first computer: the whole log was written to the sync folder."),
                 "took everything": self.tr("This computer took the whole log from the sync folder."),
                 "merged": self.tr("Both logs were merged.")}[result.role]
        self._tell(words, everything=result.role != "first")
        if self.main_window is not None and hasattr(self.main_window, "start_sync"):
            self.main_window.start_sync()

    def merge_now(self) -> None:
        watch = getattr(self.main_window, "sync_watch", None)
        if watch is not None:
            watch.merge_now()
            self._tell(self.tr("Merging with the sync folder."))
            return
        from kratomtrack.store.sync.merging import sync_now

        self._run(sync_now, self.tr("Merging with the sync folder…"),
                  lambda result: self._tell(self.tr("Merged."), everything=bool(result.received)))

    def leave(self) -> None:
        from kratomtrack.store.sync.joining import leave

        if self.main_window is not None and hasattr(self.main_window, "stop_sync"):
            self.main_window.stop_sync()
        config = leave(self.db)
        self.show_state()
        if config is not None:
            self._tell(fill(self.tr("This log no longer syncs with %1. It keeps every record; the files "
                                    "in the folder were left there."), config.folder))

    def _tell(self, text: str, *, everything: bool = False) -> None:
        self.changed.emit()
        if self.main_window is not None and hasattr(self.main_window, "statusBar"):
            self.main_window.statusBar().showMessage(text)
            if everything:
                from kratomtrack.core.log_changes import EVERYTHING

                self.main_window.announce(EVERYTHING)


class SyncDialog(QDialog):
    """Day → Sync: how sync stands, and "Changed on both computers" with restore."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.window = window
        self.db: LogDatabase = window.db
        self.setWindowTitle(self.tr("Sync"))
        self.setMinimumSize(560, 420)
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("sync_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        heading = QLabel(self.tr("Changed on both computers"))
        heading.setObjectName("sync_both_heading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        explain = QLabel(self.tr(
            "Each of these records was changed on two computers before they merged. The same version "
            "was kept on every computer; the other is listed here. Restore it to use it instead "
            "(Edit → Undo takes that back), or put it away."))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.listing = QListWidget()
        self.listing.setAccessibleName(self.tr("Changed on both computers"))
        self.listing.setWordWrap(True)
        heading.setBuddy(self.listing)
        layout.addWidget(self.listing, 1)
        row = QHBoxLayout()
        self.restore_button = QPushButton(self.tr("&Restore this version"))
        self.restore_button.clicked.connect(lambda: self._take(restore=True))
        self.put_away_button = QPushButton(self.tr("&Put it away"))
        self.put_away_button.clicked.connect(lambda: self._take(restore=False))
        self.merge_button = QPushButton(self.tr("&Merge now"))
        self.merge_button.clicked.connect(self._merge_now)
        for button in (self.restore_button, self.put_away_button, self.merge_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.listing.currentRowChanged.connect(lambda _row: self._enable())
        window.log_changed.connect(lambda _changes: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        from kratomtrack.store.sync.conflicts import changed_on_both, describe
        from kratomtrack.store.sync.status import sync_status

        self.status.setText("\n".join(sync_status(self.db).lines()))
        self.versions = changed_on_both(self.db)
        self.listing.clear()
        for listed in self.versions:
            text = fill(self.tr("%1 (noticed %2)\nKept: %3\nOther version: %4"), listed.title(),
                        listed.noticed.isoformat(), describe(listed.kind, listed.kept),
                        describe(listed.kind, listed.other))
            self.listing.addItem(QListWidgetItem(text))
        if not self.versions:
            self.listing.addItem(QListWidgetItem(self.tr("Nothing was changed on both computers.")))
        self.listing.setCurrentRow(0)
        self.merge_button.setEnabled(self.window.sync_watch is not None)
        self._enable()

    def _enable(self) -> None:
        chosen = bool(self.versions) and self.listing.currentRow() >= 0
        self.restore_button.setEnabled(chosen)
        self.put_away_button.setEnabled(chosen)

    def _take(self, *, restore: bool) -> None:
        from kratomtrack.ui.commands.log_editor import SaveFailed
        from kratomtrack.ui.commands.sync_commands import TakeVersion

        row = self.listing.currentRow()
        if not 0 <= row < len(self.versions):
            return
        try:
            self.window.editor.apply(TakeVersion(self.db, self.versions[row], restore))
        except (SaveFailed, KeyError) as err:
            self.window.statusBar().showMessage(str(err))
        self.refresh()

    def _merge_now(self) -> None:
        if self.window.sync_watch is not None:
            self.window.sync_watch.merge_now()
