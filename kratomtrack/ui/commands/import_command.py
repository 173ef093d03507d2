"""File → Import… as one undoable step: everything the import wrote goes with one undo.

The import writes doses, check-ins, side effects, check-ups, plans and "no
kratom" marks (the files' own, or those the person asked for in the
preview) in one transaction; store/row_changes.py records the reverse of
each row it changed, and undo runs them, again in one transaction. Redo
imports the same files again, with the same answers.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from kratomtrack.core.log_changes import EVERYTHING, LogChanges
from kratomtrack.core.validation import InvalidRecord, Problem
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.formats import ParsedFile
from kratomtrack.store.row_changes import RowChanges, recording
from kratomtrack.store.transfer import ImportRefused, ImportReport, apply_import, backup_before_replacing
from kratomtrack.ui.commands.log_commands import LogCommand
from kratomtrack.ui.wording import fill


class ImportFiles(LogCommand):
    """Import files already read (and found valid); ``report`` says what the first import did."""

    def __init__(self, db: LogDatabase, files: list[ParsedFile], *, replace: bool = False,
                 mark_days_without_doses: bool = False):
        names = [Path(f.path).name for f in files]
        super().__init__(db, fill(QCoreApplication.translate("UndoCommand", "Import %1"), ", ".join(names))
                         if len(names) <= 2 else
                         fill(QCoreApplication.translate("UndoCommand", "Import %1 files"), len(names)))
        self.files = files
        self.replace = replace
        self.mark_days_without_doses = mark_days_without_doses
        self.report: ImportReport | None = None
        self.written: RowChanges | None = None  # the rows the import wrote, to take back

    def apply(self) -> None:
        """Import; ImportRefused the first time (the window says why), InvalidRecord on a
        redo the log no longer allows (a dose since logged on a day the file marks)."""
        first = self.report is None
        if self.replace and first:
            backup_before_replacing(self.db)  # the log as it was before any of this
        try:
            with recording(self.db) as changes:
                report = apply_import(self.db, self.files, replace=self.replace,
                                      mark_days_without_doses=self.mark_days_without_doses)
        except ImportRefused as refused:
            if first:
                raise
            raise InvalidRecord([Problem("import", str(p)) for p in refused.problems]) from None
        self.report = self.report or report
        self.written = changes

    def revert(self) -> None:
        self.written.take_back(self.db)

    def changes(self) -> LogChanges:
        # Any kind of record, on any number of days: every page reads again.
        return EVERYTHING
