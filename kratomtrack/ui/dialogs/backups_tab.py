"""Settings → Backups: where the backups go, and a second backup folder off this computer.

Choosing a folder (or none) takes effect at once, as Settings → Privacy's
actions do, and copies the newest backup there off the window's thread
(store/second_folder.py): a slow USB disk never freezes the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.store import second_folder
from kratomtrack.store.backups import Retention, backups_dir
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.dialogs.summary_work import LatestOnly
from kratomtrack.ui.widgets.announce import ASSERTIVE, POLITE, announce
from kratomtrack.ui.widgets.look import refusal_style
from kratomtrack.ui.wording import fill


class BackupsTab(QWidget):
    """Shows where backups go; chooses, clears and fills the second backup folder."""

    def __init__(self, db: LogDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.folder_dialog: QFileDialog | None = None
        self.work = LatestOnly("second-backup-folder-settings", self)
        self.work.done.connect(self._copied)
        self.work.failed.connect(self._not_copied)
        self.work.busy_changed.connect(self._show_busy)
        QCoreApplication.instance().aboutToQuit.connect(self.work.wait)
        layout = QVBoxLayout(self)
        kept = Retention.from_db(db)
        here = QLabel(fill(self.tr(
            "Every day kratomtrack backs up your log in %1, on this computer's disk, and keeps "
            "the newest backup of each of the last %2 days, %3 weeks and %4 months. A disk that "
            "fails, or a computer that is lost, takes those with it."), backups_dir(self.folder),
            kept.daily, kept.weekly, kept.monthly))
        here.setWordWrap(True)
        here.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(here)
        layout.addWidget(self._second_box())
        layout.addStretch(1)
        self._show_choice()

    @property
    def folder(self) -> Path:
        return self.db.path.parent

    def _second_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("A second backup folder"))
        layout = QVBoxLayout(box)
        about = QLabel(self.tr(
            "Choose a folder on a USB disk, or one a sync program (Syncthing, Nextcloud, "
            "Dropbox) copies to another computer: each day's backup is copied there too, kept by "
            "the same rules. When your log is protected with a passphrase, the copies are "
            "encrypted and your passphrase opens them on another computer. A disk that is not "
            "plugged in is said in the status bar and tried again."))
        about.setWordWrap(True)
        layout.addWidget(about)
        row = QHBoxLayout()
        self.chosen = QLineEdit()
        self.chosen.setObjectName("second_folder")
        self.chosen.setReadOnly(True)
        self.chosen.setAccessibleName(self.tr("Second backup folder"))
        self.choose_button = QPushButton(self.tr("Choose a folder…"))
        self.choose_button.clicked.connect(self.open_folder_dialog)
        self.clear_button = QPushButton(self.tr("No second folder"))
        self.clear_button.setAccessibleName(self.tr("Stop copying backups to a second folder"))
        self.clear_button.clicked.connect(lambda: self.choose(None))
        for widget in (self.chosen, self.choose_button, self.clear_button):
            row.addWidget(widget)
        row.setStretch(0, 1)
        layout.addLayout(row)
        self.copy_button = QPushButton(self.tr("Copy the newest backup there now"))
        self.copy_button.clicked.connect(self.copy_now)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Copying the backup to the second folder"))
        self.busy.hide()
        layout.addWidget(self.busy)
        self.result = QLabel()
        self.result.setObjectName("second_folder_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        return box

    def _show_choice(self) -> None:
        chosen = second_folder.chosen_folder(self.folder)
        self.chosen.setText(str(chosen) if chosen else "")
        self.chosen.setPlaceholderText(self.tr("none: backups stay on this computer only"))
        self.clear_button.setEnabled(chosen is not None)
        self.copy_button.setEnabled(chosen is not None and not self.work.busy)

    # --- choosing ----------------------------------------------------------------------------

    def open_folder_dialog(self) -> QFileDialog:
        """The folder chooser (Qt's own, so it looks and is driven alike everywhere)."""
        dialog = QFileDialog(self, self.tr("Choose the second backup folder"))
        dialog.setObjectName("second_folder_chooser")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        chosen = second_folder.chosen_folder(self.folder)
        dialog.setDirectory(str(chosen if chosen and chosen.is_dir() else Path.home()))
        dialog.fileSelected.connect(lambda path: self.choose(Path(path)))
        self.folder_dialog = dialog
        dialog.open()
        return dialog

    def choose(self, chosen: Path | None) -> bool:
        """Keep ``chosen`` (None: no second folder) and copy the newest backup there."""
        try:
            kept = second_folder.choose_folder(self.folder, chosen)
        except second_folder.SecondFolderProblem as err:
            self._say(fill(self.tr("%1 The second backup folder was not changed."), err), refused=True)
            return False
        self._show_choice()
        if kept is None:
            self._say(self.tr("No second backup folder: backups stay on this computer only. "
                              "The copies already in that folder were left there."))
            return True
        note = second_folder.same_disk_note(self.folder, kept)
        self._say(self.tr("Copying the newest backup there…") + (f"\n{note}" if note else ""))
        self.copy_now()
        return True

    def copy_now(self) -> None:
        chosen = second_folder.chosen_folder(self.folder)
        if chosen is None:
            return
        folder, retention = self.folder, Retention.from_db(self.db)
        self.work.submit(chosen, lambda: second_folder.copy_newest(folder, chosen, retention))

    # --- what came of it ------------------------------------------------------------------

    def _copied(self, chosen: Path, copy: Path | None) -> None:
        if copy is None:
            self._say(fill(self.tr("Your log has no backup yet; the next one (at the next start, "
                                   "or made with kratomtrack backup) is copied to %1."), chosen))
        else:
            self._say(fill(self.tr("The newest backup is in the second folder: %1"), copy))
        window = self.window().parent()
        pending_copy = getattr(window, "second_copy", None)
        if pending_copy is not None:
            pending_copy.pending = False  # the window no longer needs to try again

    def _not_copied(self, chosen: Path, error: Exception) -> None:
        self._say(fill(self.tr("%1. The backup on this computer is unchanged; kratomtrack tries "
                               "again at the next start."), str(error).rstrip(".")), refused=True)

    def _show_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self._show_choice()

    def _say(self, text: str, *, refused: bool = False) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(refusal_style(self) if refused else "")
        announce(self, text, ASSERTIVE if refused else POLITE)
