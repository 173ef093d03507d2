"""File → Import…: read the chosen files off the window's thread, ask what
the files cannot say (Track & Graph's features, a ';'-separated file), show
what will be imported, skipped or converted, and write only on confirm.

Reading and recognising are kratomtrack.store's (the same as ``kratomtrack
import``); writing goes through LogTransfer.import_parsed on this thread,
where the log's connection lives.
"""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QProgressDialog, QWidget

from kratomtrack.store.formats import ParsedFile
from kratomtrack.store.peer_formats.options import ReadOptions
from kratomtrack.store.peer_formats.peer_file import detail_lines, summary_line
from kratomtrack.store.peer_formats.recognise import SEMICOLONS, read_file
from kratomtrack.ui.wording import fill

TRACK_AND_GRAPH = "track-and-graph-csv"
NO_PAIN = "—"


class ImportPreview(QObject):
    """One import: read → (ask) → preview → ``confirmed`` with the files read."""

    confirmed = Signal(list)  # list[ParsedFile], all valid
    refused = Signal(str)  # why nothing can be imported, in words
    _read = Signal(object, object)  # (token, list[ParsedFile]) from the reading thread

    def __init__(self, parent: QWidget, paths: list[str]):
        super().__init__(parent)
        self.parent_widget = parent
        self.paths = paths
        self.options = ReadOptions()
        self.progress: QProgressDialog | None = None
        self._token = object()
        self._read.connect(self._on_read, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        """Read the files on another thread; the window stays responsive."""
        token = self._token = object()
        self.progress = QProgressDialog(self.tr("Reading the file…"), self.tr("Cancel"), 0, 0,
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
        problems = [p for f in files for p in f.problems]
        if problems:
            self.refused.emit(self.tr("Nothing was imported; your log is unchanged.") + "\n\n"
                              + "\n".join(str(p) for p in problems[:20]))
            return
        if self.confirm(files):
            self.confirmed.emit(files)

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
                    self.options = ReadOptions(self.options.grams_feature, self.options.pain_feature, True)
                    return True
        return False

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
        self.options = ReadOptions(grams, None if pain == NO_PAIN else pain, self.options.semicolons)
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
            lines += [summary_line(parsed), *detail_lines(parsed)]
        return "\n".join(lines)
