"""Today: the day editor. Doses on the left, how the day went on the right.

Keyboard-first: the grams field has focus when the page opens; a number and
Enter log a dose now (on a past day: at the time typed) with the form and
product used last. Every change is saved as it is made, through LogEditor,
so it can be undone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.daily import daily_totals
from kratomtrack.core.entry import TypoCheck, parse_time_of_day, typo_check
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.validation import (
    NOTE_MAX,
    FieldError,
    InvalidRecord,
    Problem,
    dose_from_text,
    parse_text,
    side_effect_name,
)
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.widgets.checkin_grid import PainScale, SideEffectGrid
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from kratomtrack.ui.widgets.look import heading, muted, refusal_style
from kratomtrack.ui.widgets.red_flags import RedFlagsSection
from kratomtrack.ui.commands.log_commands import (
    MERGE_DAY_NOTE,
    MERGE_PAIN,
    MERGE_RATING,
    AddDose,
    EditDose,
    HideSideEffect,
    MarkForDoctor,
    RemoveDose,
    SaveCheckIn,
    ShowSideEffect,
)

if TYPE_CHECKING:
    from kratomtrack.ui.widgets.due_markers import CheckupDueMarker

# Idle time after the last key press in the day note before it is saved.
NOTE_SAVE_DELAY_MS = 800
# Below this width the two columns stack.
TWO_COLUMN_MIN_WIDTH = 980


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


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

    def show_problem(self, message: str) -> None:
        self.problem.setStyleSheet(refusal_style(self))
        text = f"{self.name}: {message}" if self.detached_problem else _sentence(message)
        self.problem.setText("⚠ " + text)
        self.problem.show()
        self.field.setAccessibleDescription(message)

    def clear_problem(self) -> None:
        self.problem.hide()
        self.problem.clear()
        self.field.setAccessibleDescription("")

    @property
    def has_problem(self) -> bool:
        return not self.problem.isHidden()


class DoseTable(QTableWidget):
    """The day's doses, oldest first. Enter edits the selected one, Delete removes it."""

    edit_requested = Signal()
    remove_requested = Signal()

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.edit_requested.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentRow() >= 0:
            self.remove_requested.emit()
            return
        super().keyPressEvent(event)


class UndoPassThrough(QObject):
    """Let Ctrl+Z reach Edit → Undo from a line edit with nothing of its own to undo.

    A QLineEdit claims the Undo shortcut even when empty; after logging a
    dose the grams field is empty and has focus, and Ctrl+Z must undo the dose.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            if (event.matches(QKeySequence.StandardKey.Undo) and not watched.isUndoAvailable()) or (
                event.matches(QKeySequence.StandardKey.Redo) and not watched.isRedoAvailable()
            ):
                event.ignore()
                return True
        return False


class TodayPage(QWidget):
    """The day editor for one day (today unless another is picked)."""

    # Listed in Help → Keyboard shortcuts (with the window's menu shortcuts).
    KEYS = (
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Enter"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "In a dose field: log the dose, or save the change")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Tab, Shift+Tab"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Next or previous field, in page order")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Alt+G, Alt+I, Alt+R, Alt+P, Alt+O"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Go to Grams, Time, Form, Product or the dose's Note")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Enter, Delete"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "In the list of doses: change or remove the selected dose")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Esc"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Stop changing a dose without saving the change")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Left, Right"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Along the pain scale or a side effect's row")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Menu key"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "On a side effect's row: hide it from the list")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Alt+A, Alt+D"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Go to “Add a side effect” or the note for the day")),
    )

    def __init__(self, db: LogDatabase, editor: LogEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.editor = editor
        self.day = dt.date.today()
        self._today = self.day
        self.follows_today = True  # moves on at midnight if it was showing today
        self._doses: list[Dose] = []
        self._checkin: CheckIn | None = None
        self._editing: Dose | None = None
        self._retry: Callable[[], None] | None = None
        self._checkin_unsaved = False  # a check-in save failed; keep the inputs as typed
        self._undo_pass = UndoPassThrough(self)
        self._note_pending = False  # typed in the day note, not yet saved
        # Product names for completion are read when the product field is
        # first used (a full scan of the doses; not needed to start).
        self._products_loaded = False
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_day_note)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        page = QVBoxLayout(content)
        page.setContentsMargins(20, 14, 20, 16)
        page.setSpacing(14)

        page.addLayout(self._build_date_bar())
        page.addWidget(self._build_failure_strip())
        page.addLayout(self._build_due_markers())
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(32)
        self.columns.addWidget(self._build_doses_column(), 5)
        self.columns.addWidget(self._build_checkin_column(), 4)
        page.addLayout(self.columns)
        page.addStretch(1)

        self._set_tab_order()
        self._load_last_form_and_product()
        self.refresh()

    def form_label(self, form: Form) -> str:
        """The form's name as the window shows it (each literal, for translators)."""
        return {
            Form.POWDER: self.tr("powder"), Form.CAPSULES: self.tr("capsules"), Form.TEA: self.tr("tea"),
            Form.EXTRACT: self.tr("extract"), Form.SEVEN_OH: self.tr("7-OH product"),
            Form.OTHER: self.tr("other"),
        }[form]

    # --- building -------------------------------------------------------------

    def _build_date_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.prev_button = QToolButton()
        self.prev_button.setText("‹")
        self.prev_button.setAccessibleName(self.tr("Previous day"))
        self.prev_button.setToolTip(self.tr("Previous day (Alt+Left)"))
        self.prev_button.clicked.connect(lambda: self.set_day(self.day - dt.timedelta(days=1)))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dddd d MMMM yyyy")
        self.date_edit.setAccessibleName(self.tr("Day shown"))
        self.date_edit.setToolTip(self.tr("Pick a day to fill in or correct. Days after today cannot be picked."))
        self.date_edit.setMinimumDate(QDate(1970, 1, 1))
        self.date_edit.setMaximumDate(to_qdate(self._today))
        self.date_edit.setDate(to_qdate(self.day))
        font = self.date_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.date_edit.setFont(font)
        self.date_edit.dateChanged.connect(lambda d: self.set_day(from_qdate(d)))
        self.next_button = QToolButton()
        self.next_button.setText("›")
        self.next_button.setAccessibleName(self.tr("Next day"))
        self.next_button.setToolTip(self.tr("Next day (Alt+Right)"))
        self.next_button.clicked.connect(lambda: self.set_day(self.day + dt.timedelta(days=1)))
        for button in (self.prev_button, self.next_button):
            button.setFont(font)
            button.setMinimumWidth(button.sizeHint().height())
        self.today_button = QPushButton(self.tr("Back to today"))
        self.today_button.clicked.connect(lambda: self.set_day(dt.date.today()))
        self.relative_label = muted(QLabel())
        # Alt+Left and Alt+Right are View → Previous day / Next day (one owner per key:
        # Qt runs neither of two shortcuts on the same key).
        bar.addWidget(self.prev_button)
        bar.addWidget(self.date_edit)
        bar.addWidget(self.next_button)
        bar.addSpacing(8)
        bar.addWidget(self.relative_label)
        bar.addStretch(1)
        bar.addWidget(self.today_button)
        return bar

    def _build_failure_strip(self) -> QFrame:
        """Shown when a save failed: what happened, and a way to try again."""
        self.failure_strip = QFrame()
        self.failure_strip.setFrameShape(QFrame.Shape.StyledPanel)
        self.failure_strip.setAccessibleName(self.tr("Not saved"))
        layout = QHBoxLayout(self.failure_strip)
        self.failure_label = QLabel()
        self.failure_label.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.clicked.connect(self.retry_save)
        layout.addWidget(self.failure_label, 1)
        layout.addWidget(self.retry_button)
        self.failure_strip.hide()
        return self.failure_strip

    def _build_due_markers(self) -> QVBoxLayout:
        """Where the weekly PEG and monthly SDS "due" markers go (offered, never
        forced). The window makes them after its first paint (refresh_due_markers)."""
        self.due_area = QVBoxLayout()
        self.due_area.setSpacing(6)
        self.due_markers: dict[str, CheckupDueMarker] = {}
        return self.due_area

    def _build_doses_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.entry_heading = heading(QLabel(self.tr("Log a dose")))
        layout.addWidget(self.entry_heading)

        self.grams = QLineEdit()
        self.grams.setPlaceholderText(self.tr("e.g. 2.5"))
        self.grams.setMaxLength(12)
        self.time = QLineEdit()
        self.time.setMaxLength(12)
        self.form = QComboBox()
        self.form.installEventFilter(self)  # Enter on the form logs too
        for form in Form:
            self.form.addItem(self.form_label(form), form.value)
        self.product = QLineEdit()
        self.product.setPlaceholderText(self.tr("optional"))
        self.product_completer = QCompleter([], self)
        self.product_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.product_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.product.setCompleter(self.product_completer)
        self.product.installEventFilter(self)
        self.dose_note = QLineEdit()
        self.dose_note.setPlaceholderText(self.tr("optional"))
        self.fields = {
            "grams": FieldBox(self.tr("&Grams"), self.grams, detached_problem=True),
            "time": FieldBox(self.tr("T&ime"), self.time, detached_problem=True),
            "form": FieldBox(self.tr("Fo&rm"), self.form, detached_problem=True),
            "product": FieldBox(self.tr("&Product"), self.product),
            "note": FieldBox(self.tr("N&ote"), self.dose_note),
        }
        self.grams.setAccessibleName(self.tr("Grams"))
        self.time.setAccessibleName(self.tr("Time taken"))
        self.dose_note.setAccessibleName(self.tr("Note for this dose"))
        # Short values get short fields (they stay readable when the page is wide).
        em = self.fontMetrics().horizontalAdvance("M")
        for name, width in (("grams", 9), ("time", 9), ("form", 14)):
            self.fields[name].setMinimumWidth(6 * em)
            self.fields[name].setMaximumWidth(width * em)
        row1 = QHBoxLayout()
        row1.setSpacing(10)
        row1.addWidget(self.fields["grams"], 2)
        row1.addWidget(self.fields["time"], 2)
        row1.addWidget(self.fields["form"], 3)
        row1.addStretch(0)
        row2 = QHBoxLayout()
        row2.setSpacing(10)
        row2.addWidget(self.fields["product"], 1)
        row2.addWidget(self.fields["note"], 1)
        layout.addLayout(row1)
        for name in ("grams", "time", "form"):  # their refusals, under the row
            layout.addWidget(self.fields[name].problem)
        layout.addLayout(row2)
        for line in (self.grams, self.time, self.product, self.dose_note):
            line.returnPressed.connect(self.log_dose)
            line.installEventFilter(self._undo_pass)
            line.textEdited.connect(self._clear_problem_of)

        buttons = QHBoxLayout()
        self.log_button = QPushButton(self.tr("Log dose"))
        self.log_button.clicked.connect(self.log_dose)
        self.cancel_edit_button = QPushButton(self.tr("Cancel"))
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        self.cancel_edit_button.hide()
        self.entry_hint = muted(QLabel())
        self.entry_hint.setWordWrap(True)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.cancel_edit_button)
        buttons.addWidget(self.entry_hint, 1)
        layout.addLayout(buttons)
        cancel = QShortcut(QKeySequence(Qt.Key.Key_Escape), column)
        cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel.activated.connect(self.cancel_edit)

        layout.addSpacing(6)
        self.doses_heading = heading(QLabel(self.tr("Doses on this day")), 1.1)
        layout.addWidget(self.doses_heading)
        self.dose_table = DoseTable(0, 5)
        self.dose_table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Grams"), self.tr("Form"), self.tr("Product"), self.tr("Note"),
        ])
        self.dose_table.setAccessibleName(self.tr("Doses on this day"))
        self.dose_table.verticalHeader().hide()
        self.dose_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.dose_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.dose_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.dose_table.setTabKeyNavigation(False)
        self.dose_table.setAlternatingRowColors(True)
        self.dose_table.setShowGrid(False)
        self.dose_table.setWordWrap(False)
        header = self.dose_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.dose_table.setMinimumHeight(150)
        self.dose_table.doubleClicked.connect(lambda _: self.edit_selected_dose())
        self.dose_table.edit_requested.connect(self.edit_selected_dose)
        self.dose_table.remove_requested.connect(self.remove_selected_dose)
        self.dose_table.itemSelectionChanged.connect(self._update_dose_buttons)
        layout.addWidget(self.dose_table)
        self.no_doses_label = muted(QLabel(self.tr("No doses logged on this day.")))
        layout.addWidget(self.no_doses_label)

        row = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Change…"))
        self.edit_button.setToolTip(self.tr("Change the selected dose (Enter)"))
        self.edit_button.clicked.connect(self.edit_selected_dose)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected dose (Delete); Edit → Undo brings it back"))
        self.remove_button.clicked.connect(self.remove_selected_dose)
        row.addWidget(self.edit_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.totals_label)
        layout.addStretch(1)
        return column

    def _build_checkin_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading(QLabel(self.tr("How the day went"))))

        self.pain_heading = heading(QLabel(self.tr("Pain")), 1.0)
        layout.addWidget(self.pain_heading)
        self.pain = PainScale()
        self.pain.setAccessibleName(self.tr("Pain today, 0 to 10"))
        self.pain.picked.connect(self._pain_picked)
        layout.addWidget(self.pain)

        layout.addSpacing(6)
        layout.addWidget(heading(QLabel(self.tr("Side effects")), 1.0))
        self.side_effects = SideEffectGrid()
        self.side_effects.setAccessibleName(self.tr("Side effects"))
        self.side_effects.rated.connect(self._side_effect_rated)
        self.side_effects.hide_requested.connect(self.hide_side_effect)
        layout.addWidget(self.side_effects)

        self.new_side_effect = QLineEdit()
        self.new_side_effect.setPlaceholderText(self.tr("e.g. headache"))
        self.new_side_effect.installEventFilter(self._undo_pass)
        self.new_side_effect.returnPressed.connect(self.add_side_effect)
        self.new_side_effect.textEdited.connect(lambda _: self.add_side_effect_box.clear_problem())
        self.add_side_effect_button = QPushButton(self.tr("Add"))
        self.add_side_effect_button.clicked.connect(self.add_side_effect)
        self.add_side_effect_box = FieldBox(self.tr("&Add a side effect to the list"), self.new_side_effect,
                                            trailing=self.add_side_effect_button)
        row = QHBoxLayout()
        row.addWidget(self.add_side_effect_box, 3)
        row.addStretch(2)
        layout.addLayout(row)

        layout.addSpacing(6)
        self.day_note = QPlainTextEdit()
        self.day_note.setTabChangesFocus(True)
        self.day_note.setPlaceholderText(self.tr("Anything worth remembering about this day"))
        self.day_note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.day_note.setFixedHeight(self.day_note.fontMetrics().lineSpacing() * 4 + 14)
        self.day_note.textChanged.connect(self._day_note_typed)
        self.day_note.installEventFilter(self)
        self.day_note_box = FieldBox(self.tr("Note for the &day"), self.day_note)
        layout.addWidget(self.day_note_box)
        self.for_doctor = QCheckBox(self.tr("For my doctor: print this note on the summary"))
        self.for_doctor.setAccessibleName(self.tr("For my doctor: print this day's note on the summary"))
        self.for_doctor.toggled.connect(self._for_doctor_toggled)
        layout.addWidget(self.for_doctor)

        layout.addSpacing(6)
        self.red_flags = RedFlagsSection(self.db, editor=self.editor)
        layout.addWidget(self.red_flags)
        layout.addStretch(1)
        return column

    def _set_tab_order(self) -> None:
        chain = [
            self.prev_button, self.date_edit, self.next_button, self.today_button,
            self.retry_button, self.grams, self.time, self.form, self.product, self.dose_note,
            self.log_button, self.cancel_edit_button, self.dose_table,
            self.edit_button, self.remove_button, *self.pain.group.buttons(),
        ]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self._fix_checkin_tab_order()

    def _fix_checkin_tab_order(self) -> None:
        # Radio rows are (re)built at run time; keep them between the pain
        # scale and the "add a side effect" field.
        previous: QWidget = self.pain.group.buttons()[-1]
        for group in self.side_effects.groups.values():
            for button in group.buttons():
                QWidget.setTabOrder(previous, button)
                previous = button
        QWidget.setTabOrder(previous, self.new_side_effect)
        QWidget.setTabOrder(self.new_side_effect, self.add_side_effect_button)
        QWidget.setTabOrder(self.add_side_effect_button, self.day_note)
        previous = self.day_note
        for widget in (self.for_doctor, self.red_flags.header, *self.red_flags.boxes.values()):
            QWidget.setTabOrder(previous, widget)
            previous = widget

    # --- responsive layout ------------------------------------------------------

    def resizeEvent(self, event) -> None:
        wide = event.size().width() >= TWO_COLUMN_MIN_WIDTH
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
        super().resizeEvent(event)

    # --- the day shown ------------------------------------------------------------

    def set_day(self, day: dt.date) -> None:
        """Show a day (clamped to today); pending typing in the day note is saved first."""
        self.save_day_note()
        today = dt.date.today()
        self._roll_today(today)
        day = min(day, today)
        changed = day != self.day
        self.day = day
        self.follows_today = day == today
        if self.date_edit.date() != to_qdate(day):
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(to_qdate(day))
            self.date_edit.blockSignals(False)
        if changed:
            if self._checkin_unsaved:  # its retry would now apply to the new day
                self._checkin_unsaved = False
                self.clear_failure()
            self.cancel_edit()
            self.day_note_box.clear_problem()
            self.time.clear()
        self.refresh()

    def check_today(self) -> None:
        """Called on activation and each minute: move on at midnight if showing today."""
        today = dt.date.today()
        if today == self._today:
            return
        following = self.follows_today
        self._roll_today(today)
        if following:
            self.set_day(today)
        else:
            self._update_date_bar()

    def _roll_today(self, today: dt.date) -> None:
        if today != self._today:
            self._today = today
            self.date_edit.setMaximumDate(to_qdate(today))

    def _update_date_bar(self) -> None:
        today = dt.date.today()
        self.next_button.setEnabled(self.day < today)
        self.today_button.setVisible(self.day != today)
        ago = (today - self.day).days
        if ago == 0:
            text = self.tr("today")
        elif ago == 1:
            text = self.tr("yesterday")
        else:
            text = self.tr("%1 days ago").replace("%1", str(ago))
        self.relative_label.setText(text)
        self.time.setPlaceholderText(self.tr("now") if ago == 0 else self.tr("e.g. 08:30"))
        self.fields["time"].field.setToolTip(
            self.tr("Empty means now. Type a time such as 08:30 for an earlier dose.")
            if ago == 0 else self.tr("The time you took it, such as 08:30")
        )
        self.entry_hint.setText(
            self.tr("Enter logs it now.") if ago == 0 and self._editing is None
            else self.tr("Enter logs it at the time typed.") if self._editing is None
            else self.tr("Enter saves the change; Esc cancels.")
        )

    # --- loading ------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the day from the log (after any change, here or elsewhere)."""
        self._doses = self.db.doses_on(self.day)
        self._checkin = self.db.checkin(self.day)
        self._fill_dose_table()
        self._fill_checkin()
        self._fill_for_doctor()
        self.red_flags.set_day(self.day)
        if self.due_markers:
            self.refresh_due_markers()
        if self._products_loaded:
            self._load_products()
        self._update_date_bar()

    def _load_last_form_and_product(self) -> None:
        last = self.db.last_dose()
        if last is not None:
            self.form.setCurrentIndex(self.form.findData(last.form.value))
            self.product.setText(last.product)

    def _fill_dose_table(self) -> None:
        selected = self.selected_dose()
        table = self.dose_table
        table.setRowCount(len(self._doses))
        for row, dose in enumerate(self._doses):
            values = [
                dose.taken_at.strftime("%H:%M"),
                self.tr("%1 g").replace("%1", f"{dose.grams:g}"),
                self.form_label(dose.form),
                dose.product,
                dose.note.replace("\n", " "),
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 4 and dose.note:
                    item.setToolTip(dose.note)
                item.setData(Qt.ItemDataRole.UserRole, dose.id)
                table.setItem(row, column, item)
            if selected is not None and dose.id == selected.id:
                table.selectRow(row)
        has_doses = bool(self._doses)
        table.setVisible(has_doses)
        self.no_doses_label.setVisible(not has_doses)
        self._update_dose_buttons()
        self.totals_label.setText(self._totals_text())

    def _totals_text(self) -> str:
        totals = daily_totals(self._doses).get(self.day)
        if totals is None:
            return ""
        count = (self.tr("1 dose") if totals.doses == 1
                 else self.tr("%1 doses").replace("%1", str(totals.doses)))
        parts = [count]
        if totals.leaf_grams:
            parts.append(self.tr("%1 g leaf (powder, capsules, tea)").replace("%1", f"{totals.leaf_grams:g}"))
        apart = []
        if totals.extract_grams:
            apart.append(self.tr("%1 g extract").replace("%1", f"{totals.extract_grams:g}"))
        if totals.seven_oh_grams:
            apart.append(self.tr("%1 g 7-OH product").replace("%1", f"{totals.seven_oh_grams:g}"))
        if totals.other_grams:
            apart.append(self.tr("%1 g other").replace("%1", f"{totals.other_grams:g}"))
        text = self.tr("This day: ") + " · ".join(parts)
        if apart:
            text += "\n" + self.tr("Also %1, counted apart: not comparable with leaf grams.").replace(
                "%1", ", ".join(apart))
        return text

    def _fill_checkin(self) -> None:
        names = [s.name for s in self.db.side_effects()]
        if names != self.side_effects.names:
            self.side_effects.set_side_effects(names)
            self._fix_checkin_tab_order()
        if self._checkin_unsaved:
            return
        checkin = self._checkin or CheckIn(self.day)
        self.pain.set_value(checkin.pain)
        self._update_pain_heading()
        self.side_effects.set_ratings(checkin.ratings)
        # Never overwrite what is being typed: only load a note that differs
        # from the text (trimmed, as the log stores it).
        if (self.day_note.toPlainText().strip() != checkin.note and not self._note_pending
                and not self.day_note_box.has_problem):
            self.day_note.blockSignals(True)
            self.day_note.setPlainText(checkin.note)
            self.day_note.blockSignals(False)

    # --- doses ----------------------------------------------------------------------

    def selected_dose(self) -> Dose | None:
        row = self.dose_table.currentRow()
        if row < 0 or row >= len(self._doses) or not self.dose_table.selectionModel().hasSelection():
            return None
        return self._doses[row]

    def _update_dose_buttons(self) -> None:
        has = self.selected_dose() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _clear_problem_of(self, _text: str = "") -> None:
        sender = self.sender()
        for box in self.fields.values():
            if box.field is sender:
                box.clear_problem()

    def dose_from_inputs(self) -> Dose:
        """The dose the form describes, or InvalidRecord naming every refused field."""
        problems: list[Problem] = []
        now = dt.datetime.now().replace(second=0, microsecond=0)
        time_of_day = None
        try:
            time_of_day = parse_time_of_day(self.time.text())
        except FieldError as err:
            problems.append(err.problem)
        else:
            if time_of_day is None:
                if self._editing is not None:
                    time_of_day = self._editing.taken_at.time()
                elif self.day == now.date():
                    time_of_day = now.time()
                else:
                    problems.append(Problem("time", self.tr(
                        "enter the time you took it, such as 08:30")))
        taken_at = dt.datetime.combine(self.day, time_of_day or dt.time(0))
        try:
            dose = dose_from_text(
                taken_at.strftime("%Y-%m-%dT%H:%M"), self.grams.text(),
                self.form.currentData(), self.product.text(), self.dose_note.text(),
                today=dt.date.today(),
            )
        except InvalidRecord as err:
            problems.extend(err.problems)
            dose = None
        if problems:
            raise InvalidRecord(problems)
        if self._editing is not None:
            dose = Dose(dose.taken_at, dose.grams, dose.form, dose.product, dose.note,
                        id=self._editing.id)
        return dose

    def show_problems(self, problems: list[Problem]) -> None:
        """Show each refusal next to its field; the first refused field gets focus."""
        for box in self.fields.values():
            box.clear_problem()
        for problem in problems:
            name = {"taken_at": "time", "date": "time"}.get(problem.field, problem.field)
            self.fields.get(name, self.fields["grams"]).show_problem(problem.message)
        first = next((box for box in self.fields.values() if box.has_problem), None)
        if first is not None:
            first.field.setFocus()
            if isinstance(first.field, QLineEdit):
                first.field.selectAll()

    def log_dose(self) -> bool:
        """Save the dose in the form (new, or the one being changed). True if saved."""
        try:
            dose = self.dose_from_inputs()
        except InvalidRecord as err:
            self.show_problems(err.problems)
            return False
        for box in self.fields.values():
            box.clear_problem()
        others = [d for d in self._doses if self._editing is None or d.id != self._editing.id]
        check = typo_check(dose, others)
        if check.needs_confirmation and not self.confirm_large_amount(check):
            self.grams.setFocus()
            self.grams.selectAll()
            return False
        command = AddDose(self.db, dose) if self._editing is None else EditDose(self.db, self._editing, dose)
        if not self._apply(command, self.log_dose):
            return False
        self._after_dose_saved()
        return True

    def confirm_large_amount(self, check: TypoCheck) -> bool:
        """Ask "Is this right?" before an unusually large amount (a typo guard)."""
        lines = []
        if check.large_dose:
            lines.append(self.tr("%1 g in one dose is more than 15 g.").replace("%1", f"{check.dose_grams:g}"))
        if check.large_day:
            lines.append(self.tr("It brings this day's leaf total to %1 g, more than 40 g.")
                         .replace("%1", f"{check.day_leaf_after:g}"))
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Is this right?"))
        box.setText(self.tr("Is this right?"))
        box.setInformativeText(" ".join(lines) + "\n\n" + self.tr(
            "This check only catches typing slips, such as 25 for 2.5."))
        save = box.addButton(self.tr("&Save it"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(self.tr("&Go back and fix it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is save

    def _after_dose_saved(self) -> None:
        was_editing = self._editing is not None
        self._editing = None
        # setText (not clear) also empties the fields' own undo history, so
        # the next Ctrl+Z reaches Edit → Undo.
        self.grams.setText("")
        self.dose_note.setText("")
        self.time.setText("")
        self._set_entry_mode()
        if not was_editing:
            self.dose_table.clearSelection()
        self.grams.setFocus()

    def edit_selected_dose(self) -> None:
        dose = self.selected_dose()
        if dose is None:
            return
        self._editing = dose
        self.grams.setText(f"{dose.grams:g}")
        self.time.setText(dose.taken_at.strftime("%H:%M"))
        self.form.setCurrentIndex(self.form.findData(dose.form.value))
        self.product.setText(dose.product)
        self.dose_note.setText(dose.note)
        self._set_entry_mode()
        self.grams.setFocus()
        self.grams.selectAll()

    def cancel_edit(self) -> None:
        if self._editing is None:
            return
        self._editing = None
        for box in self.fields.values():
            box.clear_problem()
        self.grams.setText("")
        self.time.setText("")
        self.dose_note.setText("")
        self._load_last_form_and_product()
        self._set_entry_mode()
        self.grams.setFocus()

    def _set_entry_mode(self) -> None:
        editing = self._editing is not None
        if editing:
            self.entry_heading.setText(self.tr("Change the %1 dose").replace(
                "%1", self._editing.taken_at.strftime("%H:%M")))
            self.log_button.setText(self.tr("Save change"))
        else:
            self.entry_heading.setText(self.tr("Log a dose"))
            self.log_button.setText(self.tr("Log dose"))
        self.cancel_edit_button.setVisible(editing)
        self._update_date_bar()

    def remove_selected_dose(self) -> None:
        dose = self.selected_dose()
        if dose is None:
            return
        if self._editing is not None and self._editing.id == dose.id:
            self.cancel_edit()
        row = self.dose_table.currentRow()
        if self._apply(RemoveDose(self.db, dose), self.remove_selected_dose):
            if self._doses:
                self.dose_table.selectRow(min(row, len(self._doses) - 1))
                self.dose_table.setFocus()
            else:
                self.grams.setFocus()

    # --- check-in ---------------------------------------------------------------------

    def _checkin_from_inputs(self) -> CheckIn:
        """The check-in the inputs describe; hidden side effects keep their ratings.

        A day note over its limit is shown as refused and the stored note is
        kept, so pain and ratings still save.
        """
        stored = self._checkin or CheckIn(self.day)
        shown = {name.casefold() for name in self.side_effects.names}
        ratings = {k: v for k, v in stored.ratings.items() if k.casefold() not in shown}
        ratings.update(self.side_effects.ratings())
        try:
            note = parse_text(self.day_note.toPlainText(), "note", NOTE_MAX, True)
        except FieldError as err:
            self.day_note_box.show_problem(err.problem.message)
            note = stored.note
        else:
            self.day_note_box.clear_problem()
        return CheckIn(self.day, self.pain.value(), ratings, note)

    def _save_checkin(self, text: str, merge: int, detail: str = "") -> bool:
        new = self._checkin_from_inputs()
        old = self._checkin
        if new.same_content(old or CheckIn(self.day)):
            return True
        command = SaveCheckIn(self.db, self.day, old, new, text, merge, detail)
        saved = self._apply(command, lambda: self._save_checkin(text, merge, detail))
        self._checkin_unsaved = not saved
        return saved

    def _update_pain_heading(self) -> None:
        # The chosen value in words too: a small radio dot is easy to miss.
        value = self.pain.value()
        self.pain_heading.setText(
            self.tr("Pain: not recorded") if value is None
            else self.tr("Pain: %1 of 10").replace("%1", str(value)))

    def _pain_picked(self, value: int | None) -> None:
        self._update_pain_heading()
        text = (self.tr("Pain not recorded") if value is None
                else self.tr("Set pain to %1").replace("%1", str(value)))
        self._save_checkin(text, MERGE_PAIN)

    def _side_effect_rated(self, name: str, rating: int | None) -> None:
        word = self.side_effects.column_titles[(rating if rating is not None else -1) + 1]
        self._save_checkin(self.tr("Rate %1 %2").replace("%1", name).replace("%2", word),
                           MERGE_RATING, name)

    def _day_note_typed(self) -> None:
        self._note_pending = True
        self._note_timer.start()
        self._update_for_doctor_enabled()

    # --- "for my doctor" ----------------------------------------------------------------

    def _fill_for_doctor(self) -> None:
        self.for_doctor.blockSignals(True)
        self.for_doctor.setChecked(self.db.for_doctor(self.day))
        self.for_doctor.blockSignals(False)
        self._update_for_doctor_enabled()

    def _update_for_doctor_enabled(self) -> None:
        # Only notes are printed: there is nothing to mark until one is written.
        has_note = bool(self.day_note.toPlainText().strip())
        self.for_doctor.setEnabled(has_note or self.for_doctor.isChecked())
        self.for_doctor.setToolTip(
            self.tr("The note is printed under “For the visit” in the summary for your doctor.")
            if has_note else self.tr("Write a note first; only notes are printed."))

    def _for_doctor_toggled(self, marked: bool) -> None:
        # A note typed on a day without a check-in: saving it creates the check-in.
        self.save_day_note()
        if self.db.checkin(self.day) is None:
            self._fill_for_doctor()  # nothing stored to mark (an empty or refused note)
            return
        if not self._apply(MarkForDoctor(self.db, self.day, marked),
                           lambda: self.for_doctor.setChecked(marked)):
            self._fill_for_doctor()

    def save_day_note(self) -> None:
        """Save the day note now if it was typed in (called on idle, focus-out, day change, close)."""
        if not self._note_pending:
            return
        self._note_timer.stop()
        self._note_pending = False
        self._save_checkin(self.tr("Edit the day's note"), MERGE_DAY_NOTE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # (Events can arrive while the page is still being built.)
        if event.type() == QEvent.Type.FocusOut and watched is getattr(self, "day_note", None):
            self.save_day_note()
        elif event.type() == QEvent.Type.FocusIn and watched is self.product and not self._products_loaded:
            self._load_products()
        elif (event.type() == QEvent.Type.KeyPress and watched is self.form
              and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.form.view().isVisible()):
            self.log_dose()
            return True
        return super().eventFilter(watched, event)

    def _load_products(self) -> None:
        self._products_loaded = True
        self.product_completer.model().setStringList(self.db.products())

    def add_side_effect(self) -> None:
        try:
            name = side_effect_name(self.new_side_effect.text())
        except FieldError as err:
            self.add_side_effect_box.show_problem(err.problem.message)
            return
        if name.casefold() in {n.casefold() for n in self.side_effects.names}:
            self.add_side_effect_box.show_problem(
                self.tr("“%1” is already in the list").replace("%1", name))
            return
        if self._apply(ShowSideEffect(self.db, name), self.add_side_effect):
            self.new_side_effect.setText("")
            self.add_side_effect_box.clear_problem()

    def hide_side_effect(self, name: str) -> None:
        self._apply(HideSideEffect(self.db, name), lambda: self.hide_side_effect(name))

    # --- saving --------------------------------------------------------------------------

    def _apply(self, command, retry: Callable[[], object]) -> bool:
        """Apply through the editor; on a storage failure keep the inputs and offer a retry."""
        try:
            self.editor.apply(command)
        except InvalidRecord as err:
            self.show_problems(err.problems)
            return False
        except SaveFailed as err:
            self.show_failure(err.message, retry)
            return False
        self.clear_failure()
        return True

    def show_failure(self, message: str, retry: Callable[[], object] | None = None) -> None:
        self._retry = retry
        self.failure_label.setStyleSheet(refusal_style(self))
        self.failure_label.setText("⚠ " + self.tr("Not saved: %1").replace("%1", message))
        self.retry_button.setVisible(retry is not None)
        self.failure_strip.show()

    def clear_failure(self) -> None:
        self._retry = None
        self.failure_strip.hide()

    def retry_save(self) -> None:
        retry, self._retry = self._retry, None
        if retry is not None:
            retry()

    @property
    def failure_shown(self) -> bool:
        return not self.failure_strip.isHidden()

    def focus_grams(self) -> None:
        self.grams.setFocus()

    def refresh_due_markers(self) -> None:
        """Show the PEG/SDS "due" markers that apply today (whatever day is shown);
        the first call makes them."""
        if not self.due_markers:
            from kratomtrack.ui.widgets.due_markers import CheckupDueMarker

            previous: QWidget = self.today_button  # in the tab order: after the date bar
            for kind in ("peg", "sds"):
                marker = CheckupDueMarker(self.db, kind, self, editor=self.editor)
                self.due_area.addWidget(marker)
                self.due_markers[kind] = marker
                for button in (marker.answer_button, marker.later_button):
                    QWidget.setTabOrder(previous, button)
                    previous = button
        for marker in self.due_markers.values():
            marker.update_from()
