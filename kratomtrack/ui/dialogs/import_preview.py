"""File → Import…: read the chosen files off the window's thread, ask what
the files cannot say (Track & Graph's features, a ';'-separated file, which
column of a spreadsheet of one's own holds what: ui/dialogs/sheet_mapping.py),
show what will be imported, skipped or converted, and write only on confirm.

A log of doses alone does not say whether its days without a dose were days
without kratom (clinical.md, "Days with nothing logged"): the preview then
asks, once, with the count of those days, and "I don't know" is the default.

Reading and recognising are kratomtrack.store's (the same as ``kratomtrack
import``); writing goes through LogTransfer.import_read on this thread,
where the log's connection lives, as one undoable step.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.store.database import LogDatabase
from kratomtrack.store.formats import ParsedFile
from kratomtrack.store.import_marks import DaysWithoutDoses, days_without_doses, marks_on_dose_days
from kratomtrack.store.peer_formats.options import ReadOptions, SheetChoices
from kratomtrack.store.peer_formats.peer_file import detail_lines, summary_line
from kratomtrack.store.peer_formats.recognise import SEMICOLONS, read_file
from kratomtrack.ui.wording import fill

TRACK_AND_GRAPH = "track-and-graph-csv"
NO_PAIN = "—"


class ImportPreview(QObject):
    """One import: read → (ask) → preview → ``confirmed`` with the files read."""

    # list[ParsedFile], all valid; and whether the days without a dose are to be marked "no kratom"
    confirmed = Signal(list, bool)
    refused = Signal(str)  # why nothing can be imported, in words
    _read = Signal(object, object)  # (token, list[ParsedFile]) from the reading thread

    def __init__(self, parent: QWidget, paths: list[str], db: LogDatabase):
        super().__init__(parent)
        self.parent_widget = parent
        self.paths = paths
        self.db = db  # read on this thread, for what the files' days are in the log
        self.options = ReadOptions(sheet=SheetChoices(remembered=remembered(db), apply_remembered=False))
        self.progress: QProgressDialog | None = None
        self._token = object()
        self._read.connect(self._on_read, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        """Read the files on another thread; the window stays responsive."""
        token = self._token = object()
        self.progress = QProgressDialog(self.tr("Reading the file…") if not any(
            p.lower().endswith((".xlsx", ".xlsm", ".ods")) for p in self.paths) else self.tr(
            "Reading the spreadsheet…"), self.tr("Cancel"), 0, 0,
                                        self.parent_widget)
        self.progress.setWindowTitle(self.tr("Import into your log"))
        self.progress.setMinimumDuration(300)  # quick files never flash a dialog
        self.progress.canceled.connect(self.cancel)
        options, today = self.options, dt.date.today()
        paths = list(self.paths)

        def read() -> None:
            try:
                result = [read_file(p, today=today, options=options) for p in paths]
            except Exception as err:  # noqa: BLE001 - said in words on the window's thread
                result = err
            self._read.emit(token, result)

        threading.Thread(target=read, daemon=True).start()

    def cancel(self) -> None:
        self._token = object()  # the result, when it comes, is dropped
        self._close_progress()

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _on_read(self, token, files: list[ParsedFile]) -> None:
        if token is not self._token:
            return
        self._close_progress()
        if isinstance(files, Exception):
            self.refused.emit(self.tr("Nothing was imported; your log is unchanged.") + "\n\n" + fill(
                self.tr("The file could not be read (%1)."), f"{type(files).__name__}: {files}"))
            return
        if self._ask_more(files):
            self.start()
            return
        files = self._map_sheets(files)
        if files is None:
            return  # the person cancelled the mapping step: nothing is imported
        problems = [p for f in files for p in f.problems] or marks_on_dose_days(self.db, files)
        if problems:
            self.refused.emit(self.tr("Nothing was imported; your log is unchanged.") + "\n\n"
                              + "\n".join(str(p) for p in problems[:20]))
            return
        told = days_without_doses(self.db, files)
        if told is not None and told.unlogged:
            dialog = DaysWithoutDosesPreview(self.parent_widget, self.preview_text(files), told, len(files))
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.confirmed.emit(files, dialog.yes.isChecked())
        elif self.confirm(files):
            self.confirmed.emit(files, False)

    def _ask_more(self, files: list[ParsedFile]) -> bool:
        """Ask what a file cannot say; True to read again with the answers."""
        for parsed in files:
            if parsed.kind == TRACK_AND_GRAPH and parsed.problems and getattr(parsed, "features", None):
                return self._ask_features(parsed.features)
            if parsed.kind == SEMICOLONS and not self.options.semicolons:
                answer = QMessageBox.question(
                    self.parent_widget, self.tr("Read this file?"), fill(self.tr(
                        "%1 looks like a kratomtrack export saved by a spreadsheet, with ';' between "
                        "values and decimal commas (2,5). Read it that way?"), parsed.path))
                if answer == QMessageBox.StandardButton.Yes:
                    self.options = replace(self.options, semicolons=True)
                    return True
        return False

    def _map_sheets(self, files: list[ParsedFile]) -> list[ParsedFile] | None:
        """Each spreadsheet of one's own through the mapping step; None if one was cancelled."""
        from kratomtrack.store.sheet_import import UNMAPPED
        from kratomtrack.ui.dialogs.sheet_mapping import SheetMappingDialog

        mapped = []
        for parsed in files:
            if parsed.kind == UNMAPPED and getattr(parsed, "sheet", None) is not None:
                dialog = SheetMappingDialog(self.parent_widget, parsed)
                if dialog.exec() != QDialog.DialogCode.Accepted or dialog.parsed is None:
                    return None
                parsed = dialog.parsed
            mapped.append(parsed)
        return mapped

    def _ask_features(self, features: list[str]) -> bool:
        grams, ok = QInputDialog.getItem(
            self.parent_widget, self.tr("Track & Graph"),
            self.tr("Which feature holds the grams of kratom you took?"), features, 0, False)
        if not ok:
            return False
        pain, ok = QInputDialog.getItem(
            self.parent_widget, self.tr("Track & Graph"),
            self.tr("Which feature holds your pain, 0 to 10? (optional)"),
            [NO_PAIN, *[f for f in features if f != grams]], 0, False)
        if not ok:
            return False
        self.options = replace(self.options, grams_feature=grams,
                               pain_feature=None if pain == NO_PAIN else pain)
        return True

    def confirm(self, files: list[ParsedFile]) -> bool:
        """Show what the files hold and what will be skipped or converted; True to import."""
        return QMessageBox.question(
            self.parent_widget, self.tr("Import these records?"), self.preview_text(files),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes) == QMessageBox.StandardButton.Yes

    @staticmethod
    def preview_text(files: list[ParsedFile]) -> str:
        lines = []
        for parsed in files:
            records = getattr(parsed, "records", None)
            if records is None:
                lines += [summary_line(parsed), *detail_lines(parsed)]
                continue  # a spreadsheet's rows were each listed in its mapping step
            lines += [summary_line(parsed), f"  {len(records.skipped)} rows skipped, each shown with "
                                            "why in the step before"]
            lines += [f"  {what}: {n}" for what, n in parsed.converted.most_common()]
        return "\n".join(lines)


def remembered(db: LogDatabase) -> dict:
    """The spreadsheet mappings confirmed before, offered again in the mapping step."""
    from kratomtrack.store.sheet_import import remembered_mappings

    return remembered_mappings(db)


class DaysWithoutDosesPreview(QDialog):
    """The preview of a log of doses alone, with its one question: were the
    other days days without kratom? "I don't know" is chosen until the person
    says otherwise; only "yes" writes "no kratom" marks."""

    def __init__(self, parent: QWidget, preview: str, told: DaysWithoutDoses, files: int):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import these records?"))
        layout = QVBoxLayout(self)
        shown = QLabel(preview)
        shown.setTextFormat(Qt.TextFormat.PlainText)  # file names and products are not markup
        layout.addWidget(shown)
        has = self.tr("The file has doses on %1 of the %2 days %3.") if files == 1 else \
            self.tr("The files have doses on %1 of the %2 days %3.")
        words = fill(has, told.dose_days, told.days, told.span()) + " " + (
            fill(self.tr("Were the other %1 days days without kratom?"), len(told.unlogged))
            if len(told.unlogged) > 1 else self.tr("Was the other day a day without kratom?"))
        if told.left_as_they_are > 1:
            words += " " + fill(self.tr(
                "(%1 more days are already in your log, or have a dose that cannot be imported; "
                "they stay as they are.)"), told.left_as_they_are)
        elif told.left_as_they_are:
            words += " " + self.tr("(1 more day is already in your log, or has a dose that cannot be "
                                   "imported; it stays as it is.)")
        self.question = QLabel(words)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        self.yes = QRadioButton(self.tr("&Yes, mark them \u201cno kratom\u201d") if len(told.unlogged) > 1
                                else self.tr("&Yes, mark it \u201cno kratom\u201d"))
        self.unknown = QRadioButton(self.tr("I &don't know \u2014 leave them as not logged"))
        self.unknown.setChecked(True)  # never assumed: a day without a record stays unknown
        for button in (self.yes, self.unknown):
            button.setAccessibleDescription(words)
            layout.addWidget(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
