"""The one way the window changes the log: apply a command, keep it for undo."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from kratomtrack.core.validation import InvalidRecord
from kratomtrack.store.database import (
    LogBusyError,
    LogChangedError,
    LogDatabase,
    LogNotWritableError,
    SaveError,
    StorageFullError,
)
from kratomtrack.ui.commands.log_commands import LogCommand
from kratomtrack.ui.wording import fill


class SaveFailed(Exception):
    """The log could not be written (disk full, read-only, locked). Nothing changed."""

    def __init__(self, message: str, cause: BaseException):
        super().__init__(message)
        self.message = message
        self.cause = cause


class LogEditor(QObject):
    """Applies LogCommands to the database and keeps them on a QUndoStack.

    ``changed`` is emitted after every change that reached the log (an
    action, an undo or a redo), with what the command changed (its
    ``changes()``, a LogChanges); ``saved`` carries the status-bar message
    ("Saved: …"); ``failed`` a message when an undo or redo could not be
    saved (the stack is then put back as it was).
    """

    changed = Signal(object)  # a core.log_changes.LogChanges
    saved = Signal(str)
    # A save made while the person types (the day note, after a pause): shown in
    # the status bar, not spoken, so a screen reader does not talk over the typing.
    saved_while_typing = Signal(str)
    failed = Signal(str)
    stepped = Signal(object)  # the command just undone or redone

    def __init__(self, db: LogDatabase, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.stack = QUndoStack(self)

    def apply(self, command: LogCommand) -> None:
        """Save the change now, then keep it for undo.

        Raises InvalidRecord if a value is refused and SaveFailed if the log
        cannot be written; in both cases nothing changed and nothing is pushed.
        """
        try:
            command.apply()
        except InvalidRecord:
            raise
        except (SaveError, sqlite3.Error, OSError) as err:
            raise SaveFailed(self.describe_failure(err), err) from err
        command.applied = True
        # push() deletes a command that merges into the one before it.
        text, changes = command.text(), command.changes()
        self.stack.push(command)
        self.changed.emit(changes)
        signal = self.saved_while_typing if getattr(command, "while_typing", False) else self.saved
        signal.emit(self.saved_text(text))

    def saved_text(self, what: str) -> str:
        """ "Saved: Log 2.5 g": the words the status bar shows for a saved change."""
        return fill(self.tr("Saved: %1"), what)

    def undo(self) -> bool:
        return self._step(-1)

    def redo(self) -> bool:
        return self._step(+1)

    def _step(self, direction: int) -> bool:
        index = self.stack.index()
        target = index - 1 if direction < 0 else index
        if not 0 <= target < self.stack.count():
            return False
        command = self.stack.command(target)
        command.error = None
        if direction < 0:
            self.stack.undo()
        else:
            self.stack.redo()
        if command.error is not None:
            # The database rolled back; move the stack back without replaying
            # (commands skip work they have already done or undone).
            self.stack.setIndex(index)
            what = self.tr("Could not undo") if direction < 0 else self.tr("Could not redo")
            self.failed.emit(f"{what}: {self.describe_failure(command.error)}")
            return False
        self.changed.emit(command.changes())
        done = self.tr("Undone: %1. Saved.") if direction < 0 else self.tr("Redone: %1. Saved.")
        self.saved.emit(fill(done, command.text()))
        self.stepped.emit(command)
        return True

    def describe_failure(self, err: BaseException) -> str:
        """Why a save failed, in words a person can act on."""
        text = str(err).lower()
        if isinstance(err, LogChangedError):
            return self.tr(
                "your log file was replaced or changed by another program, so this is not in "
                "your log. kratomtrack opens the log again; what you typed is still here.")
        if isinstance(err, StorageFullError) or "full" in text or getattr(err, "errno", None) == 28:
            return self.tr(
                "the disk is full. Free some space, then try again; nothing you typed is lost."
            )
        if isinstance(err, LogNotWritableError) and self.db.read_only and self.db.read_only_reason:
            # A damaged log (the whole-log check) or a folder that cannot be written.
            return fill(self.tr(
                "your log is open read-only (%1), so nothing more is saved into it; the bar above "
                "the pages says what to do. What you typed is still here: copy it if you need it."),
                self.db.read_only_reason)
        if isinstance(err, (LogNotWritableError, PermissionError)) or "readonly" in text \
                or "read-only" in text:
            return self.tr(
                "the log file cannot be written (it is read-only). "
                "Check the data folder's permissions, then try again."
            )
        if isinstance(err, LogBusyError) or "locked" in text or "busy" in text:
            return self.tr(
                "another program is writing to the log. Wait a moment, then try again."
            )
        if isinstance(err, InvalidRecord):
            return str(err)
        return fill(self.tr("the log could not be written (%1). Try again."), err)
