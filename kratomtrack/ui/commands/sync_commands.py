"""Undoable choices in "Changed on both computers" (Day → Sync): restore the version
the merge did not keep, or put it away. One step each, undone in one step
(store/sync/conflicts.py records the rows they change)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kratomtrack.core.log_changes import EVERYTHING, LogChanges
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.log_commands import LogCommand
from kratomtrack.ui.wording import fill


class TakeVersion(LogCommand):
    """Restore the listed version over the kept one (``restore``), or put it away."""

    def __init__(self, db: LogDatabase, listed, restore: bool):
        text = (QCoreApplication.translate("UndoCommand", "Restore the other version of %1") if restore
                else QCoreApplication.translate("UndoCommand", "Put away the other version of %1"))
        super().__init__(db, fill(text, listed.title()))
        self.listed, self.restore = listed, restore
        self.row_changes = None

    def apply(self) -> None:
        from kratomtrack.store.sync import conflicts

        take = conflicts.restore if self.restore else conflicts.put_away
        self.row_changes = take(self.db, self.listed.key)

    def revert(self) -> None:
        self.row_changes.take_back(self.db)

    def changes(self) -> LogChanges:
        return EVERYTHING  # any kind of record, on a day the key alone does not always say
