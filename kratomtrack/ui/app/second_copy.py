"""The window's copies to the second backup folder, and its word on a synced data folder.

After the day's backup (ui/app/startup.py) the newest backup is copied to
the second backup folder (store/second_folder.py) off the window's thread:
a slow USB disk never freezes the window. A folder that is not there (a disk
not plugged in), read-only or full is said in the status bar, never in a
dialog, and tried again when the person comes back to the window (at most
once a minute) and at the next start.

Once per start, a data folder inside a folder a sync program keeps in step
(store/sync_markers.py) is said too: a line that stays in the status bar,
with a button that explains why and how to move it.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QPushButton

from kratomtrack.store.backups import Retention
from kratomtrack.store.second_folder import chosen_folder, copy_newest
from kratomtrack.store.sync_markers import synced_folder_warning
from kratomtrack.ui.dialogs.summary_work import LatestOnly
from kratomtrack.ui.widgets.look import refusal_style
from kratomtrack.ui.wording import fill

RETRY_AFTER_SECONDS = 60  # coming back to the window more often than this tries no more often


class SecondCopy(QObject):
    """Copies backups to the second folder for ``window`` (which has ``db`` and ``say``)."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.pending = False  # the last copy failed: try again when the window is back in front
        self.retry_after_seconds = RETRY_AFTER_SECONDS
        self._last_try = 0.0
        self.work = LatestOnly("second-backup-folder", self)
        self.work.done.connect(self._copied)
        self.work.failed.connect(self._not_copied)
        QCoreApplication.instance().aboutToQuit.connect(self.work.wait)
        self.synced_warning = ""

    @property
    def folder(self) -> Path:
        return self.window.db.path.parent

    @property
    def busy(self) -> bool:
        return self.work.busy

    def copy_newest(self) -> bool:
        """Copy the newest backup if a second folder is chosen; False when none is."""
        chosen = chosen_folder(self.folder)
        if chosen is None:
            self.pending = False
            return False
        retention = Retention.from_db(self.window.db)  # read here: the log's connection is this thread's
        folder = self.folder
        self._last_try = time.monotonic()
        self.work.submit(chosen, lambda: copy_newest(folder, chosen, retention))
        return True

    def window_activated(self) -> None:
        """The person came back to the window: try again after a failed copy."""
        if self.pending and not self.busy and time.monotonic() - self._last_try >= self.retry_after_seconds:
            self.copy_newest()

    def _copied(self, chosen: Path, copy: Path | None) -> None:
        was_pending, self.pending = self.pending, False
        if copy is not None and was_pending:
            self.window.say(fill(self.tr("The backup was copied to the second backup folder %1 again."),
                                 chosen))

    def _not_copied(self, chosen: Path, error: Exception) -> None:
        self.pending = True
        kind = getattr(error, "kind", "failed")
        retry = self.tr("will try again when you come back to this window and at the next start")
        text = (fill(self.tr("Second backup folder not found: %1 — %2."), chosen, retry)
                if kind == "missing" else f"{error} — {retry}.")
        self.window.say(text)

    # --- a data folder inside a synced folder --------------------------------------------------

    def warn_if_synced(self) -> str:
        """Say once, in the status bar, that the data folder is in a synced folder."""
        self.synced_warning = synced_folder_warning(self.folder)
        if not self.synced_warning:
            return ""
        bar = self.window.statusBar()
        label = QLabel(self.tr("Your data folder is inside a synced folder."))
        label.setObjectName("synced_folder_warning")
        label.setStyleSheet(refusal_style(label))
        button = QPushButton(self.tr("Why, and how to move it…"))
        button.setObjectName("synced_folder_why")
        button.setFlat(True)
        button.clicked.connect(self.explain_synced)
        bar.addPermanentWidget(label)
        bar.addPermanentWidget(button)
        self.window.say(label.text() + " " + self.tr(
            "A sync program can corrupt a log in use: see “Why, and how to move it…”."))
        return self.synced_warning

    def explain_synced(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Your data folder is in a synced folder"),
                          self.synced_warning, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("synced_folder_box")
        box.open()
