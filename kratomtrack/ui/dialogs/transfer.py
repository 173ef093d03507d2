"""File → Import… and Export…: choose files, move the log in or out, say what happened.

The reading, merging and writing are kratomtrack.store.transfer's (the same as
``kratomtrack import`` and ``export``); this module only asks and tells.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.wording import fill

# A refused import lists this many problems; the rest are counted.
PROBLEMS_SHOWN = 20
# The finished import lists this many conflicting days; the rest are counted.
CONFLICTS_SHOWN = 10


class LogTransfer(QObject):
    """Import into and export from ``db`` for ``window`` (its dialogs' parent and status bar).

    ``before`` runs first (the window saves a half-typed note with it);
    ``imported`` is emitted after an import changed the log. An import is one
    step on the window's undo stack (``window.editor``).
    """

    imported = Signal()

    def __init__(self, db: LogDatabase, window: QMainWindow, before: Callable[[], None]):
        super().__init__(window)
        self.db = db
        self.window = window
        self.before = before

    # --- import ---------------------------------------------------------------------------

    def choose_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # loaded when first needed

        paths, _ = QFileDialog.getOpenFileNames(
            self.window, self.tr("Import into your log"), os.path.expanduser("~"),
            self.tr("Logs and spreadsheets (*.csv *.json *.xlsx *.xlsm *.ods);;All files (*)"))
        if paths:
            self.preview(paths).start()

    def preview(self, paths: list[str]):
        """The import of ``paths`` with its preview: read off this thread, written on confirm."""
        from kratomtrack.ui.dialogs.import_preview import ImportPreview

        preview = ImportPreview(self.window, paths, self.db)
        preview.confirmed.connect(lambda files, mark: self.import_read(files, mark_days_without_doses=mark))
        preview.refused.connect(lambda text: self._refused(text, True))
        return preview

    def import_paths(self, paths: list[str], *, replace: bool = False, ask: bool = True) -> str:
        """Import files into the log; returns (and shows, if ``ask``) the outcome in words."""
        from kratomtrack.store.transfer import ImportRefused, read_files

        try:
            files = read_files(paths, today=dt.date.today())
        except ImportRefused as refused:
            return self._refused(self.refusal_text(refused.problems), ask)
        return self.import_read(files, replace=replace, ask=ask)

    def refusal_text(self, problems: list) -> str:
        """Why nothing was imported: the problems, file and line each, the first PROBLEMS_SHOWN."""
        text = self.tr("Nothing was imported; your log is unchanged.") + "\n\n" + "\n".join(
            str(p) for p in problems[:PROBLEMS_SHOWN])
        if len(problems) > PROBLEMS_SHOWN:
            text += "\n" + fill(self.tr("…and %1 more."), len(problems) - PROBLEMS_SHOWN)
        return text

    def import_read(self, files: list, *, replace: bool = False, ask: bool = True,
                    mark_days_without_doses: bool = False) -> str:
        """Write files already read into the log as one undoable step; returns (and
        shows) the outcome in words. ``mark_days_without_doses``: the person said
        the days without a dose in a log of doses alone were days without kratom."""
        from kratomtrack.store.transfer import ImportRefused
        from kratomtrack.ui.commands.import_command import ImportFiles
        from kratomtrack.ui.commands.log_editor import SaveFailed

        self.before()
        command = ImportFiles(self.db, files, replace=replace, mark_days_without_doses=mark_days_without_doses)
        try:
            self.window.editor.apply(command)
        except ImportRefused as refused:  # a "no kratom" mark on a day with doses
            return self._refused(self.refusal_text(refused.problems), ask)
        except SaveFailed as failed:
            return self._refused(self._failure_text(failed.cause), ask)
        except Exception as err:  # noqa: BLE001 - every failure ends in words, never a traceback
            return self._refused(self._failure_text(err), ask)
        report = command.report
        self._remember_mappings(files)
        self.imported.emit()
        text = self.import_summary(report)
        self.window.say(self.tr("Imported. Saved."))
        if ask and report.conflicts:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Import finished"), text, parent=self.window)
            box.setInformativeText(self.tr(
                "Some days already have a different check-in. Keep yours, or use the file's?"))
            keep = box.addButton(self.tr("&Keep mine"), QMessageBox.ButtonRole.RejectRole)
            use = box.addButton(self.tr("&Use the file's"), QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is use:  # a second step: the replaced check-ins alone
                return self.import_read(files, replace=True, ask=ask)
        elif ask:
            QMessageBox.information(self.window, self.tr("Import finished"), text)
        return text

    def _remember_mappings(self, files: list) -> None:
        """A spreadsheet's confirmed mapping is offered again for the next file with its header."""
        from kratomtrack.store.sheet_import import remember_mappings

        try:
            remember_mappings(self.db, files)
        except Exception:  # noqa: BLE001 - a convenience: the import is written all the same
            pass

    def _failure_text(self, err: BaseException) -> str:
        if isinstance(err, OSError):
            return fill(self.tr("Nothing was imported; the log could not be written (%1)."), err)
        return self.import_failure(err)

    def import_failure(self, err: Exception) -> str:
        """What happened, for a failure other than a refused file: busy, full disk,
        damaged or read-only log, failed backup, or something unexpected. The
        import is one transaction, so in every case the log is unchanged."""
        from kratomtrack.store.backups import BackupError
        from kratomtrack.store.database import SaveError
        from kratomtrack.store.schema import SchemaError

        unchanged = self.tr("Nothing was imported; your log is unchanged.")
        if isinstance(err, (SaveError, SchemaError, BackupError)):
            return unchanged + "\n\n" + str(err)  # their words say what to do
        return unchanged + "\n\n" + fill(self.tr(
            "Something unexpected went wrong (%1). Please try again; if it happens again, "
            "'kratomtrack check' tells whether the log is healthy."), f"{type(err).__name__}: {err}")

    def _refused(self, text: str, ask: bool) -> str:
        if ask:
            QMessageBox.warning(self.window, self.tr("Nothing was imported"), text)
        return text

    def import_summary(self, report) -> str:
        """The import's outcome in the words ``kratomtrack import`` prints (ImportReport.lines()).

        Those words are not translated yet. Two changes for the window: the
        command line's "--replace" and "--days-without-doses" hints are left out
        (the window asks instead), and a long list of conflicting days, or of a
        spreadsheet's skipped rows (each shown in its mapping step), is cut short
        (their count stays).
        """
        lines, conflicts, skipped, more_at = [], 0, 0, 0
        for line in report.lines():
            if "--replace" in line or "--days-without-doses" in line or "--map" in line:
                continue
            if line.startswith("  conflict:"):
                conflicts += 1
                if conflicts > CONFLICTS_SHOWN:
                    continue
            if line.startswith(("  row ", "  rows ")) and " skipped: " in line:
                skipped += 1
                if skipped > CONFLICTS_SHOWN:
                    more_at = more_at or len(lines)  # the count follows the rows shown
                    continue
            lines.append(line)
        if skipped > CONFLICTS_SHOWN:
            lines.insert(more_at, "  " + fill(self.tr("…and %1 more skipped rows or runs of rows."),
                                              skipped - CONFLICTS_SHOWN))
        if conflicts > CONFLICTS_SHOWN:
            lines.append(fill(self.tr("…and %1 more."), conflicts - CONFLICTS_SHOWN))
        return "\n".join(lines)

    # --- export ---------------------------------------------------------------------------

    def choose_export(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Export your log"),
                          self.tr("How should the log be written?"), parent=self.window)
        box.setInformativeText(self.tr(
            "One JSON file holds everything and can be imported back exactly. "
            "CSV writes doses.csv and checkins.csv into a folder, for spreadsheets."))
        as_json = box.addButton(self.tr("One &JSON file…"), QMessageBox.ButtonRole.AcceptRole)
        as_csv = box.addButton(self.tr("&CSV files…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(as_json)
        box.exec()
        from PySide6.QtWidgets import QFileDialog  # loaded when first needed

        if box.clickedButton() is as_json:
            path, _ = QFileDialog.getSaveFileName(
                self.window, self.tr("Export as JSON"),
                os.path.join(os.path.expanduser("~"), f"kratomtrack-{dt.date.today()}.json"),
                self.tr("JSON files (*.json)"))
            if path:
                self.export_log("json", path)
        elif box.clickedButton() is as_csv:
            folder = QFileDialog.getExistingDirectory(
                self.window, self.tr("Choose a folder for doses.csv and checkins.csv"), os.path.expanduser("~"))
            if folder:
                self.export_log("csv", folder)

    def export_log(self, kind: str, path: str, *, ask: bool = True) -> str:
        """Write the log as "json" (a file) or "csv" (two files in a folder); returns the outcome."""
        from kratomtrack.store.transfer import export_csv, export_json

        self.before()
        try:
            written = export_csv(self.db, path) if kind == "csv" else [export_json(self.db, path)]
        except OSError as err:
            text = fill(self.tr("The log could not be exported: %1"), err)
            if ask:
                QMessageBox.warning(self.window, self.tr("Not exported"), text)
            return text
        text = self.tr("Exported to:") + "\n" + "\n".join(str(p) for p in written)
        self.window.say(self.tr("Exported."))
        if ask:
            QMessageBox.information(self.window, self.tr("Export finished"), text)
        return text
