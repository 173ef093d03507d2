"""Today's right column, how the day went: pain, side effects (rate, add, hide),
the day note with its autosave timer, "for my doctor", and the red flags.

Each change is saved at once through the page's ``apply`` (the log editor,
with a retry on failure). The rules for which ratings are saved and which
names are refused are core's (kratomtrack.core.side_effects).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.checkups import WITHDRAWAL_SYMPTOMS
from kratomtrack.core.records import CheckIn
from kratomtrack.core.side_effects import is_listed, ratings_to_save
from kratomtrack.core.validation import NOTE_MAX, FieldError, parse_text, side_effect_name
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.log_commands import (
    MERGE_DAY_NOTE,
    MERGE_PAIN,
    MERGE_RATING,
    HideSideEffect,
    MarkForDoctor,
    SaveCheckIn,
    ShowSideEffect,
    ShowSideEffects,
)
from kratomtrack.ui.commands.log_editor import LogEditor
from kratomtrack.ui.pages.today.fields import FieldBox, NoteUndoToWindow, UndoPassThrough
from kratomtrack.ui.widgets.checkin_grid import PainScale, SideEffectGrid
from kratomtrack.ui.widgets.look import findings_label, heading, muted, show_findings
from kratomtrack.ui.widgets.red_flags import RedFlagsSection
from kratomtrack.ui.wording import fill

# Idle time after the last key press in the day note before it is saved.
NOTE_SAVE_DELAY_MS = 800

# The page's way to save: apply(command, retry) -> True if saved.
Apply = Callable[[object, Callable[[], object]], bool]


class CheckInPanel(QWidget):
    """How the day shown went; ``show_day`` loads it, every change is saved at once."""

    def __init__(self, db: LogDatabase, editor: LogEditor, apply: Apply, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self._apply = apply
        self.day = dt.date.today()
        self.checkin: CheckIn | None = None  # as stored
        self.unsaved = False  # a check-in save failed; keep the inputs as typed
        self._note_pending = False  # typed in the day note, not yet saved
        self._undo_pass = UndoPassThrough(self)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_day_note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading(QLabel(self.tr("How the day went"))))
        # A check-in that damage inside the file made unreadable: said, never shown as empty.
        self.unreadable_label = findings_label()
        layout.addWidget(self.unreadable_label)

        self.pain_heading = heading(QLabel(self.tr("&Pain")), 1.0)
        layout.addWidget(self.pain_heading)
        self.pain = PainScale()
        self.pain.setAccessibleName(self.tr("Pain today, 0 to 10"))
        self.pain.picked.connect(self._pain_picked)
        self.pain_heading.setBuddy(self.pain)  # Alt+P
        layout.addWidget(self.pain)
        self.pain_keys_hint = muted(QLabel(self.tr("Alt+P, then type 0-9; for 10 type 1 then 0.")))
        layout.addWidget(self.pain_keys_hint)

        layout.addSpacing(6)
        layout.addWidget(heading(QLabel(self.tr("Side effects")), 1.0))
        self.side_effects = SideEffectGrid()
        self.side_effects.setAccessibleName(self.tr("Side effects"))
        self.side_effects.rated.connect(self._side_effect_rated)
        self.side_effects.hide_requested.connect(self.hide_side_effect)
        layout.addWidget(self.side_effects)
        self.no_other_button = QPushButton(self.tr("&No other side effects today"))
        self.no_other_button.setToolTip(self.tr(
            "Rates every side effect not yet rated as “none” (one step to undo). "
            "On a row: 0-3 or n, m, o, s rate it and move to the next row."))
        self.no_other_button.clicked.connect(self.no_other_side_effects)
        self.side_effects.last_row_rated.connect(lambda: self.no_other_button.setFocus())
        self.withdrawal_button = QPushButton(self.tr("Add withdrawal-type symptoms"))
        self.withdrawal_button.setToolTip(fill(self.tr("Adds to this list: %1."), ", ".join(WITHDRAWAL_SYMPTOMS)))
        self.withdrawal_button.clicked.connect(self.add_withdrawal_symptoms)
        no_other_row = QHBoxLayout()
        no_other_row.addWidget(self.no_other_button)
        no_other_row.addWidget(self.withdrawal_button)
        no_other_row.addStretch(1)
        layout.addLayout(no_other_row)

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
        self.day_note.setUndoRedoEnabled(False)  # its undo is the window's (NoteUndoToWindow)
        self._note_undo = NoteUndoToWindow(self.save_day_note, self)
        self.day_note.installEventFilter(self._note_undo)
        self.day_note_box = FieldBox(self.tr("Note for the &day"), self.day_note)
        layout.addWidget(self.day_note_box)
        self.for_doctor = QCheckBox(self.tr("For my doctor: print this note on the summary"))
        self.for_doctor.setAccessibleName(self.tr("For my doctor: print this day's note on the summary"))
        self.for_doctor.toggled.connect(self._for_doctor_toggled)
        layout.addWidget(self.for_doctor)

        layout.addSpacing(6)
        self.red_flags = RedFlagsSection(self.db, editor=editor)
        layout.addWidget(self.red_flags)

    def fix_tab_order(self) -> None:
        """Pain, each side-effect row, "add a side effect", the note, "for my doctor", red flags."""
        # Radio rows are (re)built at run time; keep them between the pain
        # scale and the "add a side effect" field.
        previous: QWidget = self.pain.group.buttons()[-1]
        for group in self.side_effects.groups.values():
            for button in group.buttons():
                QWidget.setTabOrder(previous, button)
                previous = button
        QWidget.setTabOrder(previous, self.no_other_button)
        QWidget.setTabOrder(self.no_other_button, self.withdrawal_button)
        QWidget.setTabOrder(self.withdrawal_button, self.new_side_effect)
        QWidget.setTabOrder(self.new_side_effect, self.add_side_effect_button)
        QWidget.setTabOrder(self.add_side_effect_button, self.day_note)
        previous = self.day_note
        for widget in (self.for_doctor, self.red_flags.header, *self.red_flags.boxes.values()):
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # (Events can arrive while the panel is still being built.)
        if event.type() == QEvent.Type.FocusOut and watched is getattr(self, "day_note", None):
            self.save_day_note()
        return super().eventFilter(watched, event)

    # --- loading ----------------------------------------------------------------------

    def show_day(self, day: dt.date, checkin: CheckIn | None, unreadable: Sequence[str] = ()) -> None:
        """Show ``day`` with its stored check-in (after any change, here or elsewhere).

        ``unreadable``: findings for the day's check-in or ratings that cannot be
        read (store.history.checkin_and_findings_on), said above the check-in."""
        self.day = day
        self.checkin = checkin
        show_findings(self.unreadable_label, self.tr(
            "This day's check-in cannot be read in full (the log is damaged). "
            "What cannot be read is shown as not recorded."), unreadable)
        self._fill_checkin()
        self._fill_for_doctor()
        self.red_flags.set_day(day)

    def leave_day(self) -> None:
        """Another day is shown next: what was refused or left unsaved here is dropped."""
        self.unsaved = False
        self.day_note_box.clear_problem()

    def _fill_checkin(self) -> None:
        names = [s.name for s in self.db.side_effects()]
        if names != self.side_effects.names:
            self.side_effects.set_side_effects(names)
            self.fix_tab_order()
        self.withdrawal_button.setVisible(bool(self._missing_withdrawal_symptoms()))
        if self.unsaved:
            return
        checkin = self.checkin or CheckIn(self.day)
        self.pain.set_value(checkin.pain)
        self._update_pain_heading()
        self.side_effects.set_ratings(checkin.ratings)
        self._update_no_other_enabled()
        # Never overwrite what is being typed: only load a note that differs
        # from the text (trimmed, as the log stores it).
        if (self.day_note.toPlainText().strip() != checkin.note and not self._note_pending
                and not self.day_note_box.has_problem):
            self.day_note.blockSignals(True)
            self.day_note.setPlainText(checkin.note)
            self.day_note.blockSignals(False)

    # --- saving -------------------------------------------------------------------------

    def _checkin_from_inputs(self) -> CheckIn:
        """The check-in the inputs describe; hidden side effects keep their ratings.

        A day note over its limit is shown as refused and the stored note is
        kept, so pain and ratings still save.
        """
        stored = self.checkin or CheckIn(self.day)
        ratings = ratings_to_save(stored.ratings, self.side_effects.names, self.side_effects.ratings())
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
        old = self.checkin
        if new.same_content(old or CheckIn(self.day)):
            return True
        command = SaveCheckIn(self.db, self.day, old, new, text, merge, detail)
        command.while_typing = merge == MERGE_DAY_NOTE  # saved after a pause in typing: not spoken
        saved = self._apply(command, lambda: self._save_checkin(text, merge, detail))
        self.unsaved = not saved
        return saved

    def _update_pain_heading(self) -> None:
        # The chosen value in words too: a small radio dot is easy to miss.
        value = self.pain.value()
        self.pain_heading.setText(
            self.tr("&Pain: not recorded") if value is None else fill(self.tr("&Pain: %1 of 10"), value))

    def _pain_picked(self, value: int | None) -> None:
        self._update_pain_heading()
        text = self.tr("Pain not recorded") if value is None else fill(self.tr("Set pain to %1"), value)
        self._save_checkin(text, MERGE_PAIN)

    def _side_effect_rated(self, name: str, rating: int | None) -> None:
        word = self.side_effects.column_titles[(rating if rating is not None else -1) + 1]
        self._save_checkin(fill(self.tr("Rate %1 %2"), name, word), MERGE_RATING, name)
        self._update_no_other_enabled()

    def no_other_side_effects(self) -> None:
        """Rate every unrated row "none": one save, one undo step."""
        names = self.side_effects.mark_unrated_none()
        if names:
            self._save_checkin(fill(self.tr("No other side effects (%1 rated none)"), len(names)), -1)
        self._update_no_other_enabled()

    def _update_no_other_enabled(self) -> None:
        self.no_other_button.setEnabled(bool(self.side_effects.unrated()))

    def _day_note_typed(self) -> None:
        self._note_pending = True
        self._note_timer.start()
        self._update_for_doctor_enabled()

    def save_day_note(self) -> None:
        """Save the day note now if it was typed in (called on idle, focus-out, day change, close)."""
        if not self._note_pending:
            return
        self._note_timer.stop()
        self._note_pending = False
        self._save_checkin(self.tr("Edit the day's note"), MERGE_DAY_NOTE)

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

    # --- the list of side effects -------------------------------------------------------

    def add_side_effect(self) -> None:
        try:
            name = side_effect_name(self.new_side_effect.text())
        except FieldError as err:
            self.add_side_effect_box.show_problem(err.problem.message)
            return
        if is_listed(name, self.side_effects.names):
            self.add_side_effect_box.show_problem(fill(self.tr("“%1” is already in the list"), name))
            return
        if self._apply(ShowSideEffect(self.db, name), self.add_side_effect):
            self.new_side_effect.setText("")
            self.add_side_effect_box.clear_problem()

    def _missing_withdrawal_symptoms(self) -> list[str]:
        return [name for name in WITHDRAWAL_SYMPTOMS if not is_listed(name, self.side_effects.names)]

    def add_withdrawal_symptoms(self) -> None:
        """Put the withdrawal-type symptoms not yet listed on the list (one undo step)."""
        missing = self._missing_withdrawal_symptoms()
        if missing:
            self._apply(ShowSideEffects(self.db, missing, self.tr("Add withdrawal-type symptoms")),
                        self.add_withdrawal_symptoms)

    def hide_side_effect(self, name: str) -> None:
        self._apply(HideSideEffect(self.db, name), lambda: self.hide_side_effect(name))
