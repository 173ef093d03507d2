"""Small pieces the parts of Today share: a labelled field with its refusal,
the names of dose forms, and the Ctrl+Z pass-through for line edits."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kratomtrack.core.records import Form
from kratomtrack.ui.widgets.announce import ASSERTIVE, announce
from kratomtrack.ui.widgets.look import refusal_style


def form_label(form: Form) -> str:
    """The form's name as the window shows it (each literal, for translators)."""
    return {
        Form.POWDER: QCoreApplication.translate("DoseForm", "powder"),
        Form.CAPSULES: QCoreApplication.translate("DoseForm", "capsules"),
        Form.TEA: QCoreApplication.translate("DoseForm", "tea"),
        Form.EXTRACT: QCoreApplication.translate("DoseForm", "extract"),
        Form.SEVEN_OH: QCoreApplication.translate("DoseForm", "7-OH product"),
        Form.OTHER: QCoreApplication.translate("DoseForm", "other"),
    }[form]


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] if message else message


class FieldBox(QWidget):
    """A labelled input with room under it for why its value was refused.

    With ``detached_problem`` the refusal label is left for the caller to
    place (under a row of narrow fields, where a message has room), and it
    names the field.
    """

    def __init__(self, label: str, field: QWidget, parent: QWidget | None = None,
                 trailing: QWidget | None = None, detached_problem: bool = False):
        super().__init__(parent)
        self.field = field
        self.name = label.replace("&", "")
        self.detached_problem = detached_problem
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.label = QLabel(label)
        self.label.setBuddy(field)
        field.setAccessibleName(label.replace("&", ""))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.label)
        if trailing is None:
            layout.addWidget(field)
        else:  # e.g. an "Add" button on the field's line
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(trailing)
            layout.addLayout(row)
        if not detached_problem:
            layout.addWidget(self.problem)
        layout.addStretch(1)

    def show_problem(self, message: str, *, spoken: bool = True) -> str:
        """Show why the value was refused; ``spoken`` also says it to a screen reader
        (a form refusing several fields says them together). Returns the words shown."""
        self.problem.setStyleSheet(refusal_style(self))
        text = f"{self.name}: {message}" if self.detached_problem else _sentence(message)
        self.problem.setText("⚠ " + text)
        self.problem.show()
        self.field.setAccessibleDescription(message)
        if spoken:
            announce(self.field, text, ASSERTIVE)
        return text

    def clear_problem(self) -> None:
        self.problem.hide()
        self.problem.clear()
        self.field.setAccessibleDescription("")

    @property
    def has_problem(self) -> bool:
        return not self.problem.isHidden()


class NoteUndoToWindow(QObject):
    """Ctrl+Z and Ctrl+Y in a saved text box go to the window's undo stack.

    The box's own undo would clear the typed text and the autosave would then
    store the emptied note without a word. Instead ``flush`` saves the burst
    being typed (one step on the window's stack), and the shortcut reaches
    Edit → Undo, which puts back the note as it was before that burst.
    """

    def __init__(self, flush, parent: QObject | None = None):
        super().__init__(parent)
        self._flush = flush

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
        ):
            self._flush()
            event.ignore()
            return True
        return False


class UndoPassThrough(QObject):
    """Let Ctrl+Z reach Edit → Undo from a line edit with nothing of its own to undo,
    and Ctrl+D reach Day → Log the same dose again.

    A QLineEdit claims the Undo shortcut even when empty; after logging a
    dose the grams field is empty and has focus, and Ctrl+Z must undo the dose.
    On X11 desktops a QLineEdit also takes Ctrl+D as Delete (the Delete key still is).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            if (event.matches(QKeySequence.StandardKey.Undo) and not watched.isUndoAvailable()) or (
                event.matches(QKeySequence.StandardKey.Redo) and not watched.isRedoAvailable()
            ) or (event.key() == Qt.Key.Key_D and event.modifiers() == Qt.KeyboardModifier.ControlModifier):
                event.ignore()
                return True
        return False
