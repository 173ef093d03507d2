"""Undoable changes to the log, one QUndoCommand per user action.

A command is applied once by LogEditor.apply() *before* it is pushed, so a
refused or failed save never reaches the undo stack; QUndoStack's first
redo() is then a no-op. Later undo()/redo() calls do the work, and a
failure there is kept in ``error`` (QUndoStack cannot report one) so that
LogEditor can put the stack back and tell the person.

Each command says what it changed (``changes()``, a core.log_changes.LogChanges):
LogEditor hands that to the window after the change, its undo and its redo,
and each page reloads only what it shows of it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import weakref
from dataclasses import replace

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.dates import short_day_text
from kratomtrack.core.log_changes import LogChanges
from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.validation import InvalidRecord
from kratomtrack.store.database import DeletedDay, LogDatabase, SaveError
from kratomtrack.store.doctor_notes import set_for_doctor
from kratomtrack.store.no_use import set_no_use
from kratomtrack.ui.wording import fill

# Errors a save can meet: storage (disk full, read-only, locked) or a
# record refused on replay (for example a side effect removed meanwhile).
SAVE_ERRORS = (SaveError, sqlite3.Error, OSError, InvalidRecord, KeyError)

# Merge ids: consecutive edits of the same kind on the same day become one step.
MERGE_PAIN, MERGE_RATING, MERGE_DAY_NOTE = 1, 2, 3
# Only changes this close together merge (a run of key presses, not a later rethink).
MERGE_WINDOW_SECONDS = 4.0


class LogCommand(QUndoCommand):
    """Base: tracks whether the change is in the log, and the last failure."""

    def __init__(self, db: LogDatabase, text: str):
        super().__init__(text)
        self.db = db
        self.applied = False
        self.error: Exception | None = None
        # The day the change is on (the window shows it after an undo), if any.
        self.day: dt.date | None = None

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def changes(self) -> LogChanges:
        """What apply() changed, and what revert() changes back (the same days and kinds)."""
        raise NotImplementedError

    def redo(self) -> None:
        if self.applied:
            return
        try:
            self.apply()
        except SAVE_ERRORS as err:
            self.error = err
            return
        self.applied = True

    def undo(self) -> None:
        if not self.applied:
            return
        try:
            self.revert()
        except SAVE_ERRORS as err:
            self.error = err
            return
        self.applied = False


# Dose ids are SQLite rowids, which are reused: after a dose is removed,
# the next new dose (typed, or imported by another process) may take its id.
# A removed dose is therefore put back under a new id when its old one is
# taken, and every command finds its dose through this map of moves, so an
# undo never touches a dose it did not make.
_moved_ids: weakref.WeakKeyDictionary[LogDatabase, dict[int, int]] = weakref.WeakKeyDictionary()


def current_id(db: LogDatabase, dose_id: int) -> int:
    """The id a dose has now (it changes only when it was put back under a new one)."""
    moves = _moved_ids.get(db, {})
    while dose_id in moves:
        dose_id = moves[dose_id]
    return dose_id


def put_back(db: LogDatabase, dose: Dose) -> Dose:
    """Restore a removed dose, under its old id if still free, else under a new one."""
    dose_id = current_id(db, dose.id)
    with db.transaction():
        try:
            db.dose(dose_id)
        except KeyError:
            return db.restore_dose(replace(dose, id=dose_id))
        moved = db.add_dose(replace(dose, id=None), today=max(dt.date.today(), dose.day))
    _moved_ids.setdefault(db, {})[dose_id] = moved.id
    return moved


def _now(db: LogDatabase, dose: Dose) -> Dose:
    return replace(dose, id=current_id(db, dose.id))


class AddDose(LogCommand):
    def __init__(self, db: LogDatabase, dose: Dose):
        super().__init__(db, fill(QCoreApplication.translate("UndoCommand", "Log %1"),
                                  amount_text(dose.milligrams, dose.form)))
        self.dose = dose
        self.day = dose.day

    def apply(self) -> None:
        if self.dose.id is None:
            self.dose = self.db.add_dose(self.dose)
        else:  # redo after undo
            put_back(self.db, self.dose)

    def revert(self) -> None:
        self.db.delete_dose(current_id(self.db, self.dose.id))

    def changes(self) -> LogChanges:
        return LogChanges.on_days([self.dose.day], doses=True)


class EditDose(LogCommand):
    def __init__(self, db: LogDatabase, old: Dose, new: Dose):
        super().__init__(db, QCoreApplication.translate("UndoCommand", "Change dose"))
        self.old, self.new = old, new
        self.day = new.day

    def apply(self) -> None:
        self.new = self.db.update_dose(_now(self.db, self.new), today=max(dt.date.today(), self.new.day))

    def revert(self) -> None:
        self.db.update_dose(_now(self.db, self.old), today=max(dt.date.today(), self.old.day))

    def changes(self) -> LogChanges:
        return LogChanges.on_days([self.old.day, self.new.day], doses=True)  # a dose moved: both days


class SetPainAfter(EditDose):
    """Record the answer to "How is your pain now?" as the dose's pain after."""

    def __init__(self, db: LogDatabase, dose: Dose, pain_after: int | None):
        super().__init__(db, dose, replace(dose, pain_after=pain_after))
        self.setText(fill(QCoreApplication.translate("UndoCommand", "Pain after the %1 dose: %2"),
                          dose.taken_at.strftime("%H:%M"), pain_after))


class RemoveDose(LogCommand):
    def __init__(self, db: LogDatabase, dose: Dose):
        super().__init__(db, QCoreApplication.translate("UndoCommand", "Remove dose"))
        self.dose = dose
        self.day = dose.day

    def apply(self) -> None:
        self.dose = self.db.delete_dose(current_id(self.db, self.dose.id))

    def revert(self) -> None:
        put_back(self.db, self.dose)

    def changes(self) -> LogChanges:
        return LogChanges.on_days([self.dose.day], doses=True)


class SaveCheckIn(LogCommand):
    """Pain, side-effect ratings or the day note changed.

    ``merge`` (MERGE_PAIN, MERGE_RATING, MERGE_DAY_NOTE or -1) lets a run
    of arrow-key presses on one scale, or the typing of one note, undo as
    one step.
    """

    def __init__(self, db: LogDatabase, day: dt.date, old: CheckIn | None, new: CheckIn,
                 text: str, merge: int = -1, merge_detail: str = ""):
        super().__init__(db, text)
        self.day = day
        self.old = old
        self.new = new
        self._merge = merge
        self.merge_detail = merge_detail
        self.last_change = time.monotonic()
        # An emptied day loses its row and with it the note's "for my doctor"
        # mark; undo puts the mark back with the old check-in.
        self.old_for_doctor = db.for_doctor(day)

    def id(self) -> int:
        return self._merge

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SaveCheckIn) and other.day == self.day
                and other.merge_detail == self.merge_detail and other.applied
                and other.last_change - self.last_change < MERGE_WINDOW_SECONDS):
            return False
        self.new = other.new
        self.last_change = other.last_change
        self.setText(other.text())  # the label names the final value ("Set pain to 6")
        return True

    def apply(self) -> None:
        self.db.save_checkin(self.new, today=self._today())

    def revert(self) -> None:
        self.db.save_checkin(self.old or CheckIn(self.day), today=self._today(),
                             for_doctor=self.old_for_doctor)

    def _today(self) -> dt.date:
        # Replaying an old day's change is always allowed; the day was
        # validated when the person made it.
        return max(dt.date.today(), self.day)

    def changes(self) -> LogChanges:
        return LogChanges.on_days([self.day], checkins=True)


class _DayMark(LogCommand):
    """Put a mark on a day or take it off; undo does the opposite."""

    def __init__(self, db: LogDatabase, day: dt.date, marked: bool, text: str):
        super().__init__(db, fill(text, short_day_text(day)))
        self.day = day
        self.marked = marked

    def set_mark(self, marked: bool) -> None:
        raise NotImplementedError

    def apply(self) -> None:
        self.set_mark(self.marked)

    def revert(self) -> None:
        self.set_mark(not self.marked)


class MarkForDoctor(_DayMark):
    """Tick or untick "for my doctor" on the day's note (the day must have a check-in)."""

    def __init__(self, db: LogDatabase, day: dt.date, marked: bool):
        super().__init__(db, day, marked, (
            QCoreApplication.translate("UndoCommand", "Mark the note of %1 for your doctor") if marked
            else QCoreApplication.translate("UndoCommand", "Unmark the note of %1 for your doctor")))

    def set_mark(self, marked: bool) -> None:
        set_for_doctor(self.db, self.day, marked)

    def changes(self) -> LogChanges:
        return LogChanges.on_days([self.day], checkins=True)  # the mark is on the check-in


class MarkNoKratom(_DayMark):
    """Mark or unmark a day "no kratom today": a logged day without use (store.no_use)."""

    def __init__(self, db: LogDatabase, day: dt.date, marked: bool):
        super().__init__(db, day, marked, (
            QCoreApplication.translate("UndoCommand", "Mark %1 \u201cno kratom\u201d") if marked
            else QCoreApplication.translate("UndoCommand", "Unmark \u201cno kratom\u201d on %1")))

    uid: str | None = None  # the mark's stable id, the same after undo and redo

    def set_mark(self, marked: bool) -> None:
        # Replaying an old day's mark is always allowed; it was checked when made.
        self.uid = set_no_use(self.db, self.day, marked, today=max(dt.date.today(), self.day), uid=self.uid)

    def changes(self) -> LogChanges:
        return LogChanges.on_days([self.day], no_kratom=True)


class DeleteDay(LogCommand):
    def __init__(self, db: LogDatabase, day: dt.date):
        super().__init__(db, fill(QCoreApplication.translate("UndoCommand", "Delete %1"), short_day_text(day)))
        self.day = day
        self.deleted: DeletedDay | None = None

    def apply(self) -> None:
        self.deleted = self.db.delete_day(self.day)

    def revert(self) -> None:
        # Not db.restore_day: a dose's old id may have been taken meanwhile (put_back).
        with self.db.transaction():
            for dose in self.deleted.doses:
                put_back(self.db, dose)
            # The check-in and the mark as they were, their stable ids included.
            self.db.restore_day(replace(self.deleted, doses=()))

    def changes(self) -> LogChanges:
        deleted = self.deleted
        return LogChanges.on_days([self.day], doses=bool(deleted.doses), checkins=deleted.checkin is not None,
                                  no_kratom=deleted.no_use_day is not None)


class ShowSideEffect(LogCommand):
    """Add a custom side effect (or show a hidden one again); undo hides it."""

    def __init__(self, db: LogDatabase, name: str):
        super().__init__(db, fill(QCoreApplication.translate("UndoCommand", "Add side effect “%1”"), name))
        self.name = name

    def apply(self) -> None:
        self.name = self.db.add_side_effect(self.name).name

    def revert(self) -> None:
        self.db.set_side_effect_hidden(self.name, True)

    def changes(self) -> LogChanges:
        return LogChanges(side_effects=True)


class ShowSideEffects(LogCommand):
    """Add several side effects to the list at once (one step); undo hides them."""

    def __init__(self, db: LogDatabase, names: list[str], text: str):
        super().__init__(db, text)
        self.names = list(names)

    def apply(self) -> None:
        with self.db.transaction():
            self.names = [self.db.add_side_effect(name).name for name in self.names]

    def revert(self) -> None:
        with self.db.transaction():
            for name in self.names:
                self.db.set_side_effect_hidden(name, True)

    def changes(self) -> LogChanges:
        return LogChanges(side_effects=True)


class HideSideEffect(LogCommand):
    """Hide a side effect from Today; its past ratings stay in the log."""

    def __init__(self, db: LogDatabase, name: str):
        super().__init__(db, fill(QCoreApplication.translate("UndoCommand", "Hide side effect “%1”"), name))
        self.name = name

    def apply(self) -> None:
        self.db.set_side_effect_hidden(self.name, True)

    def revert(self) -> None:
        self.db.set_side_effect_hidden(self.name, False)

    def changes(self) -> LogChanges:
        return LogChanges(side_effects=True)
