"""Going back to a backup: File → Restore from backup…, and the offer made at
start when the log is damaged."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.dates import moment_text
from kratomtrack.store.backups import (
    BackupError,
    BackupInfo,
    backups_dir,
    list_backups,
    newest_good_backup,
)
from kratomtrack.store.database import SaveError
from kratomtrack.store.integrity import LogHealth, check_whole_log
from kratomtrack.store.location import db_path
from kratomtrack.store.restore import DamagedBackupError, RestoreResult, restore_backup, set_aside_log
from kratomtrack.store.schema import SchemaError
from kratomtrack.store.second_folder import (
    SECOND_FOLDER,
    THIS_COMPUTER,
    PlacedBackup,
    chosen_folder,
    second_folder_backups,
)
from kratomtrack.ui.dialogs.summary_work import LatestOnly
from kratomtrack.ui.wording import fill

_RESTORE_ERRORS = (BackupError, SchemaError, SaveError, OSError)
_PROBLEM_COLOUR = "#a40000"


def _problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {_PROBLEM_COLOUR};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class _BackupChecks(QObject):
    """The whole-log check of each backup (store/integrity.py), newest first, on a
    thread of its own: a ten-year log's takes a fifth of a second, each."""

    found = Signal(str, object)  # the backup's path, its LogHealth; on the window's thread

    def __init__(self, paths: list[Path]):
        # No parent: the thread keeps this object alive while it runs, so a dialog
        # deleted meanwhile never takes the object it emits from with it (Qt drops
        # the queued results of a receiver that is gone).
        super().__init__()
        self._paths = paths
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kratomtrack-backup-checks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop_soon(self, *_) -> None:
        """Stop after the backup being checked."""
        self._stop.set()

    def stop(self) -> None:
        """Stop after the backup being checked, and wait for it."""
        self.stop_soon()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        for path in self._paths:
            if self._stop.is_set():
                return
            self.found.emit(str(path), check_whole_log(path))


class RestoreDialog(QDialog):
    """The backups, newest first, with date, days and doses; restores the chosen one.

    Each backup is checked in full in the background; one the check finds
    damaged is marked, and is restored only if the person ticks "Restore it
    even though it is damaged" (restore_backup refuses it otherwise).
    After ``exec()`` returns Accepted, ``restored`` says what was restored and
    where the log as it was has been backed up; the window should then
    reload everything it shows.
    """

    COLUMNS = (QT_TRANSLATE_NOOP("RestoreDialog", "Made"), QT_TRANSLATE_NOOP("RestoreDialog", "Days"),
               QT_TRANSLATE_NOOP("RestoreDialog", "Doses"), QT_TRANSLATE_NOOP("RestoreDialog", "Why it was made"),
               QT_TRANSLATE_NOOP("RestoreDialog", "Where"), QT_TRANSLATE_NOOP("RestoreDialog", "Full check"))
    PLACES = {THIS_COMPUTER: QT_TRANSLATE_NOOP("RestoreDialog", "this computer"),
              SECOND_FOLDER: QT_TRANSLATE_NOOP("RestoreDialog", "second folder")}
    CHECK_COLUMN = 5

    def __init__(self, folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = Path(folder)
        self.restored: RestoreResult | None = None
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.resize(640, 420)

        intro = QLabel(self.tr(
            "Choose a copy of your log to go back to. Your log as it is now is backed up "
            "first, so you can undo this by restoring that copy."
        ))
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([QCoreApplication.translate("RestoreDialog", c) for c in self.COLUMNS])
        self.table.setAccessibleName(self.tr("Backups of your log, newest first"))
        self.table.setAlternatingRowColors(True)
        self.empty = QLabel(fill(self.tr(
            "There are no backups yet (in %1). kratomtrack makes one on the first start of each day."
        ), backups_dir(self.folder)))
        self.empty.setWordWrap(True)
        self.problem = _problem_label()
        self.checking = QProgressBar()
        self.checking.setAccessibleName(self.tr("Checking the backups"))
        self.even_if_damaged = QCheckBox(self.tr(
            "Restore it even though it is damaged (what cannot be read in it stays unreadable)"))
        self.even_if_damaged.hide()
        self.even_if_damaged.toggled.connect(self._update_buttons)
        self.damage_note = _problem_label()  # what the check found in the chosen backup
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            self.tr("Restore this backup"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.second_place = QLabel()  # looking there, or why it cannot
        self.second_place.setObjectName("second_place")
        self.second_place.setWordWrap(True)
        self.second_place.hide()
        layout = QVBoxLayout(self)
        for widget in (intro, self.table, self.empty, self.second_place, self.checking, self.problem,
                       self.damage_note, self.even_if_damaged, self.buttons):
            layout.addWidget(widget)

        self.backups: list[BackupInfo] = []
        self.health: dict[Path, LogHealth] = {}  # each backup's full check, as it arrives
        self._checks: list[_BackupChecks] = []  # one per batch of backups listed
        self.checking.setRange(0, 0)
        self.checking.setValue(0)
        self.checking.setFormat(self.tr("Checking each backup in full: %v of %m"))
        self.checking.hide()
        self._places: dict[Path, str] = {}  # where each backup is (store/second_folder.py's words)
        self.table.currentItemChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(self._double_clicked)
        self._add([PlacedBackup(info, THIS_COMPUTER)
                   for info in list_backups(self.folder, with_counts=True)])
        self.second_work: LatestOnly | None = None
        self._look_in_second_folder()

    def _look_in_second_folder(self) -> None:
        """The second folder's backups, read off the window's thread (a slow USB disk)."""
        chosen = chosen_folder(self.folder)
        if chosen is None:
            return
        self.second_place.show()
        if not chosen.is_dir():
            self.second_place.setText(fill(self.tr(
                "Second backup folder not found: %1 (is the disk plugged in?). Its backups are "
                "not listed."), chosen))
            return
        self.second_place.setText(fill(self.tr("Looking in the second backup folder %1…"), chosen))
        folder = self.folder
        self.second_work = LatestOnly("restore-list", self)
        self.second_work.done.connect(lambda _, found: self._second_found(found))
        self.second_work.failed.connect(lambda _, err: self.second_place.setText(str(err)))
        QCoreApplication.instance().aboutToQuit.connect(self.second_work.wait)
        self.second_work.submit(chosen, lambda: second_folder_backups(folder, chosen, with_counts=True))

    def _second_found(self, found: list[PlacedBackup]) -> None:
        self.second_place.hide()
        self._add(found)

    def _add(self, placed: list[PlacedBackup]) -> None:
        """Add backups to the list (newest first), each marked with where it is."""
        chosen = self.selected_backup()
        self.backups += [p.info for p in placed]
        self._places.update({p.info.path: p.place for p in placed})
        self.backups.sort(key=lambda info: info.made_at, reverse=True)
        self.table.clear()
        for info in self.backups:
            self.table.addTopLevelItem(self._item(info))
        for column in range(len(self.COLUMNS)):
            self.table.resizeColumnToContents(column)
        self.table.setVisible(bool(self.backups))
        self.empty.setVisible(not self.backups)
        readable = [i for i, b in enumerate(self.backups) if not b.problem]
        if chosen is not None:
            self.select(chosen.path)
        elif readable:
            self.table.setCurrentItem(self.table.topLevelItem(readable[0]))
        for path, health in self.health.items():  # rows made anew keep what was found
            self._mark(path, health)
        new = [p.info.path for p in placed if not p.info.problem]
        if new:
            checks = _BackupChecks(new)
            checks.found.connect(self._checked)
            self.destroyed.connect(checks.stop_soon)  # deleted without done()
            self._checks.append(checks)
            self.checking.setMaximum(self.checking.maximum() + len(new))
            self.checking.show()
            checks.start()
        self._selection_changed()

    def place_of(self, info: BackupInfo) -> str:
        place = self._places.get(info.path, THIS_COMPUTER)
        if place in self.PLACES:
            return QCoreApplication.translate("RestoreDialog", self.PLACES[place])
        return fill(self.tr("second folder, from %1"), place.rpartition(", from ")[2])

    def _item(self, info: BackupInfo) -> QTreeWidgetItem:
        if info.problem:
            texts = [moment_text(info.made_at), "", "",
                     fill(self.tr("cannot be read: %1"), info.problem), self.place_of(info)]
        else:
            texts = [moment_text(info.made_at), str(info.days), str(info.doses),
                     info.reason_label, self.place_of(info), self.tr("checking…")]
        item = QTreeWidgetItem(texts)
        item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
        item.setToolTip(0, str(info.path))
        item.setToolTip(4, str(info.path))  # where
        for column in (1, 2):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if info.problem:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable & ~Qt.ItemFlag.ItemIsEnabled)
        return item

    def selected_backup(self) -> BackupInfo | None:
        item = self.table.currentItem()
        if item is None:
            return None
        path = Path(item.data(0, Qt.ItemDataRole.UserRole))
        return next((b for b in self.backups if b.path == path and not b.problem), None)

    def select(self, path: Path) -> None:
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if Path(item.data(0, Qt.ItemDataRole.UserRole)) == Path(path):
                self.table.setCurrentItem(item)

    def _double_clicked(self, *_) -> None:
        self.accept()

    def _checked(self, path: str, health: LogHealth) -> None:
        """A backup's full check arrived: count it and mark its row."""
        self.checking.setValue(self.checking.value() + 1)
        self.checking.setVisible(self.checking.value() < self.checking.maximum())
        self._mark(Path(path), health)

    def _mark(self, path: Path, health: LogHealth) -> None:
        self.health[path] = health
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if Path(item.data(0, Qt.ItemDataRole.UserRole)) == Path(path):
                column = self.CHECK_COLUMN
                if health.healthy:
                    item.setText(column, self.tr("healthy"))
                else:
                    item.setText(column, self.tr("damaged"))
                    item.setToolTip(column, "\n".join(health.findings))
                    item.setForeground(column, QColor(_PROBLEM_COLOUR))
        self._update_buttons()

    def _damaged_selection(self) -> LogHealth | None:
        backup = self.selected_backup()
        health = self.health.get(backup.path) if backup is not None else None
        return health if health is not None and not health.healthy else None

    def _selection_changed(self, *_) -> None:
        self.even_if_damaged.setChecked(False)  # chosen anew for each backup
        self._update_buttons()

    def _update_buttons(self, *_) -> None:
        health = self._damaged_selection()
        damaged = health is not None
        if damaged:
            unreadable = (fill(self.tr(" %1 record(s) in it cannot be read."), health.unreadable_records)
                          if health.unreadable_records else "")
            self.damage_note.setText(fill(self.tr("This backup is damaged: %1.%2"),
                                          health.findings[0], unreadable))
        self.damage_note.setVisible(damaged)
        self.even_if_damaged.setVisible(damaged)
        self.restore_button.setEnabled(self.selected_backup() is not None
                                       and (not damaged or self.even_if_damaged.isChecked()))

    def accept(self) -> None:
        """Restore the chosen backup; on a problem say why and stay open. A damaged
        one only if "even though it is damaged" is ticked."""
        backup = self.selected_backup()
        if backup is None:
            return
        try:
            self.restored = restore_backup(self.folder, backup.path,
                                           even_if_damaged=self.even_if_damaged.isChecked())
        except DamagedBackupError as err:
            self._mark(backup.path, err.health)  # found damaged before its turn came
            self.problem.setText(fill(self.tr("%1 Tick the box below to restore it even so."), err))
            self.problem.show()
            return
        except _RESTORE_ERRORS as err:
            self.problem.setText(str(err))
            self.problem.show()
            return
        super().accept()

    def done(self, result: int) -> None:
        for checks in self._checks:  # no check outlives the dialog
            checks.stop()
        super().done(result)


class DamagedLogDialog(QDialog):
    """Said at start when the log is damaged: nothing was written; restore the
    newest good backup, choose another, or (with no backup) keep the damaged
    file aside and start a new log. Never writes over the damaged file.

    ``outcome`` is "restored", "new-log", "read-only" or None (the person
    chose Quit); after "restored" or "new-log" the log can be opened again,
    after "read-only" opened read-only.
    """

    def __init__(self, folder: Path, error: Exception, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = Path(folder)
        self.outcome: str | None = None
        self.restored: RestoreResult | None = None
        self.newest = newest_good_backup(self.folder)
        self.setWindowTitle(self.tr("Your log is damaged"))
        self.setMinimumWidth(520)

        heading = QLabel("<b>" + self.tr("kratomtrack could not open your log: the file is damaged.") + "</b>")
        said = QLabel(self.tr(
            "Nothing was written to it, and kratomtrack will not replace it with an "
            "empty log."
        ))
        said.setWordWrap(True)
        detail = QLabel(str(error))
        detail.setWordWrap(True)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail.setStyleSheet("color: #555555;")
        self.offer = QLabel()
        self.offer.setWordWrap(True)
        self.problem = _problem_label()
        self.buttons = QDialogButtonBox()
        self.buttons.rejected.connect(self.reject)
        self.restore_button: QPushButton | None = None
        self.choose_button: QPushButton | None = None
        self.new_log_button: QPushButton | None = None
        if self.newest is not None:
            self.offer.setText(fill(self.tr(
                "The newest good backup was %1. Restoring it replaces the damaged log; the "
                "damaged file is moved into the backups folder, not deleted."
            ), self.newest.sentence()))
            self.restore_button = self.buttons.addButton(
                self.tr("Restore this backup"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.restore_button.setDefault(True)
            self.restore_button.clicked.connect(self.restore_newest)
            self.choose_button = self.buttons.addButton(
                self.tr("Choose another backup…"), QDialogButtonBox.ButtonRole.ActionRole)
            self.choose_button.clicked.connect(self.choose_backup)
        else:
            self.offer.setText(fill(self.tr(
                "There is no good backup to restore. Keep the damaged file (%1): a data recovery "
                "service may be able to read it. You can move it into the backups folder and start "
                "a new, empty log."
            ), db_path(self.folder)))
            self.new_log_button = self.buttons.addButton(
                self.tr("Keep it aside and start a new log"), QDialogButtonBox.ButtonRole.DestructiveRole)
            self.new_log_button.clicked.connect(self.start_new_log)

        # What can still be read stays reachable (export, the summary) without
        # anything being written; the window says it is read-only.
        self.read_only_button = self.buttons.addButton(
            self.tr("Open it read-only"), QDialogButtonBox.ButtonRole.ActionRole)
        self.read_only_button.clicked.connect(lambda: self._done("read-only"))
        # Added last, so last in the Tab order as on screen: added first, it sat
        # before the default button, which Tab reaches through the box itself,
        # and Tab never reached it.
        self.quit_button = self.buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        for widget in (heading, said, self.offer, self.problem, detail, self.buttons):
            layout.addWidget(widget)

    def restore_newest(self) -> None:
        self._restore(self.newest.path)

    def choose_backup(self) -> None:
        chooser = RestoreDialog(self.folder, self)
        if chooser.exec() == QDialog.DialogCode.Accepted:
            self.restored = chooser.restored
            self._done("restored")

    def start_new_log(self) -> None:
        try:
            set_aside_log(self.folder)
        except OSError as err:
            self._say(fill(self.tr("The damaged file could not be moved aside (%1)."), err.strerror or err))
            return
        self._done("new-log")

    def _restore(self, path: Path) -> None:
        try:
            self.restored = restore_backup(self.folder, path)
        except _RESTORE_ERRORS as err:
            self._say(str(err))
            return
        self._done("restored")

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _done(self, outcome: str) -> None:
        self.outcome = outcome
        super().accept()


def damaged_log_prompt(folder: Path, error: Exception, parent: QWidget | None = None) -> DamagedLogDialog:
    """The offer made at start when opening the log raised DamagedDatabaseError."""
    return DamagedLogDialog(folder, error, parent)
