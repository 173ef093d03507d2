"""Undoable changes to red flags and to the weekly PEG / monthly SDS (see undo_commands.py).

Applied once by LogEditor.apply() before they are pushed, like every
LogCommand, so Edit → Undo reverses them as it does a dose.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from kratomtrack.core.checkups import Peg, Sds
from kratomtrack.core.dates import short_day_text
from kratomtrack.core.log_changes import LogChanges
from kratomtrack.store import checkups
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.log_commands import LogCommand
from kratomtrack.ui.wording import fill


class SetRedFlag(LogCommand):
    """Tick or untick one red-flag symptom on a day."""

    def __init__(self, db: LogDatabase, day: dt.date, flag: str, ticked: bool):
        text = (QCoreApplication.translate("UndoCommand", "Tick red flag “%1”") if ticked
                else QCoreApplication.translate("UndoCommand", "Untick red flag “%1”"))
        super().__init__(db, fill(text, flag))
        self.day = day
        self.flag = flag
        self.ticked = ticked

    def apply(self) -> None:
        checkups.set_red_flag(self.db, self.day, self.flag, self.ticked, today=self._today())

    def revert(self) -> None:
        checkups.set_red_flag(self.db, self.day, self.flag, not self.ticked, today=self._today())

    def _today(self) -> dt.date:
        return max(dt.date.today(), self.day)

    def changes(self) -> LogChanges:
        return LogChanges.on_days([self.day], checkups=True)


class SaveCheckup(LogCommand):
    """Save, move or delete a PEG or an SDS.

    ``before`` and ``after`` map each day the change touches to its record
    (None: no record that day); apply writes ``after``, undo writes ``before``.
    """

    def __init__(self, db: LogDatabase, kind: str, text: str,
                 before: dict[dt.date, Peg | Sds | None], after: dict[dt.date, Peg | Sds | None]):
        if kind not in ("peg", "sds"):
            raise ValueError(f"unknown check-up {kind!r}")
        super().__init__(db, text)
        self.kind = kind
        self.before, self.after = before, after
        # Not on the Today page: after an undo the window stays where it is.
        self.day = None
        # The day the check-up is on once this change is made (see stored()).
        kept = [day for day, record in after.items() if record is not None]
        self.checkup_day = kept[0] if kept else next(iter(after))

    @classmethod
    def saving(cls, db: LogDatabase, record: Peg | Sds, replaces: dt.date | None = None) -> SaveCheckup:
        """Save ``record`` on its day (moving the one on ``replaces`` if given)."""
        kind = "peg" if isinstance(record, Peg) else "sds"
        days = [record.day] + ([replaces] if replaces is not None and replaces != record.day else [])
        before = {day: _stored(db, kind, day) for day in days}
        after = {day: None for day in days}
        after[record.day] = record
        text = (QCoreApplication.translate("UndoCommand", "Save the weekly pain check of %1") if kind == "peg"
                else QCoreApplication.translate("UndoCommand", "Save the dependence scale of %1"))
        return cls(db, kind, fill(text, short_day_text(record.day)), before, after)

    @classmethod
    def deleting(cls, db: LogDatabase, kind: str, day: dt.date) -> SaveCheckup:
        text = (QCoreApplication.translate("UndoCommand", "Delete the weekly pain check of %1") if kind == "peg"
                else QCoreApplication.translate("UndoCommand", "Delete the dependence scale of %1"))
        return cls(db, kind, fill(text, short_day_text(day)),
                   {day: _stored(db, kind, day)}, {day: None})

    def apply(self) -> None:
        self._write(self.after)

    def revert(self) -> None:
        self._write(self.before)

    def changes(self) -> LogChanges:
        return LogChanges.on_days(self.after, checkups=True)  # a moved check-up: both days

    def _write(self, records: dict[dt.date, Peg | Sds | None]) -> None:
        today = max([dt.date.today(), *records])
        delete = checkups.delete_peg if self.kind == "peg" else checkups.delete_sds
        save = checkups.save_peg if self.kind == "peg" else checkups.save_sds
        with self.db.transaction():
            for day in records:
                delete(self.db, day)
            for record in records.values():
                if record is not None:
                    save(self.db, record, today=today)

    def stored(self) -> Peg | Sds | None:
        """The record this command saved (None after a delete)."""
        return self.after.get(self.checkup_day)


def _stored(db: LogDatabase, kind: str, day: dt.date) -> Peg | Sds | None:
    return checkups.peg_on(db, day) if kind == "peg" else checkups.sds_on(db, day)
