"""Today: the day editor. Doses on the left, how the day went on the right.

Keyboard-first: the grams field has focus when the page opens; a number and
Enter log a dose now (on a past day: at the time typed) with the form and
product used last. Every change is saved as it is made, through LogEditor,
so it can be undone.

The page assembles its parts (date bar, save-failure strip, dose entry, the
day's doses, the check-in panel), keeps the day shown, the tab order and the
check-up "due" markers, and saves through the editor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QBoxLayout, QFrame, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kratomtrack.core.records import Dose
from kratomtrack.core.validation import InvalidRecord
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.history import checkin_and_findings_on
from kratomtrack.store.no_use import is_no_use, logged_days_between
from kratomtrack.ui.commands.log_commands import AddDose, EditDose, MarkNoKratom, RemoveDose
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from kratomtrack.ui.pages.today.checkin_panel import CheckInPanel
from kratomtrack.ui.pages.today.date_bar import DateBar
from kratomtrack.ui.pages.today.dose_entry import DoseEntryForm
from kratomtrack.ui.pages.today.dose_table import DayDoses
from kratomtrack.ui.pages.today.keys import TODAY_KEYS
from kratomtrack.ui.pages.today.last_dose_line import LastDoseLine, log_same_again
from kratomtrack.ui.pages.today.save_failure import SaveFailureStrip
from kratomtrack.ui.wording import fill

if TYPE_CHECKING:
    from kratomtrack.core.log_changes import LogChanges
    from kratomtrack.ui.pages.today.due_markers import CheckupDueMarker

# Below this width the two columns stack.
TWO_COLUMN_MIN_WIDTH = 980


class TodayPage(QWidget):
    """The day editor for one day (today unless another is picked)."""

    KEYS = TODAY_KEYS  # listed in Help → Keyboard shortcuts (with the window's menu shortcuts)
    said = Signal(str)  # words for the window's status line ("Logged again: …")

    def __init__(self, db: LogDatabase, editor: LogEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.editor = editor
        self.follows_today = True  # moves on at midnight if it was showing today
        self._doses: list[Dose] = []
        self.day_reads = 0  # how often the day shown was read from the log (tests and benchmarks)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Not a Tab stop of its own (a screen reader would meet an unnamed pane):
        # its fields take the focus, and the page scrolls to the one focused.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        self._scroll = scroll
        # A jump by keyboard (Alt+P to pain, Alt+G to grams) brings its field into
        # view when the columns are stacked on a small screen; Tab alone would not.
        QApplication.instance().focusChanged.connect(self._show_focused)
        page = QVBoxLayout(content)
        page.setContentsMargins(20, 14, 20, 16)
        page.setSpacing(14)

        self.date_bar = DateBar()
        self.date_bar.day_picked.connect(self.set_day)
        page.addWidget(self.date_bar)
        self.failure_strip = SaveFailureStrip()
        page.addWidget(self.failure_strip)
        # "How is your pain now?" goes here, made after the window's first paint
        # (show_pain_after_prompt): it is hidden unless the person turned it on.
        self.pain_after_prompt = None
        self._pain_after_area = QVBoxLayout()
        self._pain_after_area.setContentsMargins(0, 0, 0, 0)
        page.addLayout(self._pain_after_area)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(32)
        self.columns.addWidget(self._build_doses_column(), 5)
        self.checkin_panel = CheckInPanel(db, editor, self._apply)
        self.columns.addWidget(self.checkin_panel, 4)
        page.addLayout(self.columns)
        page.addStretch(1)
        self._expose_parts()

        self._set_tab_order()
        self.refresh()

    def _build_doses_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.dose_entry = DoseEntryForm(self.db)
        self.dose_entry.log_requested.connect(self.log_dose)
        self.dose_entry.cancel_requested.connect(self.cancel_edit)
        self.dose_entry.mode_changed.connect(self._update_date_bar)
        layout.addWidget(self.dose_entry)
        self.last_dose_line = LastDoseLine(self.db)  # "Last dose 3 h 20 min ago (…)", on today only
        layout.addWidget(self.last_dose_line)
        # Esc stops changing a dose from the form or the list of doses.
        cancel = QShortcut(QKeySequence(Qt.Key.Key_Escape), column)
        cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel.activated.connect(self.cancel_edit)
        layout.addSpacing(6)
        self.day_doses = DayDoses()
        self.day_doses.edit_requested.connect(self.edit_selected_dose)
        self.day_doses.remove_requested.connect(self.remove_selected_dose)
        # "Your plan: planned … · logged …", above the list where it is seen without
        # scrolling; made after the window's first paint (show_plans), like the due markers.
        self.plan_line = None
        self._plan_area = QVBoxLayout()
        self._plan_area.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._plan_area)
        layout.addWidget(self.day_doses)
        # A day without kratom is logged with one action, so it is never
        # mistaken for a forgotten day (docs/health-content.md, "Logging coverage").
        self.no_kratom_button = QPushButton()
        self.no_kratom_button.setCheckable(True)
        self.no_kratom_button.clicked.connect(self.toggle_no_kratom)
        layout.addWidget(self.no_kratom_button, 0, Qt.AlignmentFlag.AlignLeft)
        # Where the weekly PEG and monthly SDS "due" markers go (offered, never
        # forced): under the day's doses, never above the dose form. The window
        # makes them after its first paint (refresh_due_markers).
        self.due_area = QVBoxLayout()
        self.due_area.setSpacing(6)
        self.due_markers: dict[str, CheckupDueMarker] = {}
        layout.addLayout(self.due_area)
        layout.addStretch(1)
        return column

    def _expose_parts(self) -> None:
        """The parts' widgets under the page's own names (the window, tests and benchmarks use them)."""
        bar, entry, doses, panel = self.date_bar, self.dose_entry, self.day_doses, self.checkin_panel
        self.prev_button, self.date_edit, self.next_button = bar.prev_button, bar.date_edit, bar.next_button
        self.today_button, self.relative_label = bar.today_button, bar.relative_label
        self.failure_label, self.retry_button = self.failure_strip.label, self.failure_strip.retry_button
        self.entry_heading, self.fields = entry.entry_heading, entry.fields
        self.grams, self.time, self.form = entry.grams, entry.time, entry.form
        self.pain_now = entry.pain_now
        self.product, self.dose_note = entry.product, entry.dose_note
        self.log_button, self.cancel_edit_button = entry.log_button, entry.cancel_edit_button
        self.dose_table, self.totals_label = doses.table, doses.totals_label
        self.edit_button, self.remove_button = doses.edit_button, doses.remove_button
        self.pain, self.side_effects = panel.pain, panel.side_effects
        self.new_side_effect, self.add_side_effect_box = panel.new_side_effect, panel.add_side_effect_box
        self.add_side_effect_button = panel.add_side_effect_button
        self.day_note, self.day_note_box = panel.day_note, panel.day_note_box
        self.no_other_button = panel.no_other_button
        self.for_doctor, self.red_flags = panel.for_doctor, panel.red_flags

    def _set_tab_order(self) -> None:
        chain = [
            self.prev_button, self.date_edit, self.next_button, self.today_button,
            self.retry_button, self.grams, self.pain_now, self.time, self.form, self.product, self.dose_note,
            self.log_button, self.cancel_edit_button, self.dose_table,
            self.edit_button, self.remove_button, *self.pain.group.buttons(),
        ]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.checkin_panel.fix_tab_order()

    def _show_focused(self, _old, new) -> None:
        if new is not None and self._scroll.widget().isAncestorOf(new):
            self._scroll.ensureWidgetVisible(new, 40, 60)

    def resizeEvent(self, event) -> None:
        wide = event.size().width() >= TWO_COLUMN_MIN_WIDTH
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
        super().resizeEvent(event)

    # --- the day shown ------------------------------------------------------------

    @property
    def day(self) -> dt.date:
        """The day shown (the date bar's)."""
        return self.date_bar.day

    @day.setter
    def day(self, day: dt.date) -> None:
        self.date_bar.day = day

    @property
    def _today(self) -> dt.date:
        # The last day taken as today (check_today moves it on at midnight).
        return self.date_bar.today

    @_today.setter
    def _today(self, today: dt.date) -> None:
        self.date_bar.today = today

    def set_day(self, day: dt.date) -> None:
        """Show a day (clamped to today); pending typing in the day note is saved first."""
        self.save_day_note()
        today = dt.date.today()
        self.date_bar.roll_today(today)
        day = min(day, today)
        changed = day != self.day
        self.follows_today = day == today
        self.date_bar.show_day(day)
        if changed:
            if self.checkin_panel.unsaved:  # its retry would now apply to the new day
                self.clear_failure()
            self.checkin_panel.leave_day()
            self.cancel_edit()
            self.time.clear()
        self.refresh()

    def check_today(self) -> None:
        """Called on activation and each minute: move on at midnight if showing today."""
        self.last_dose_line.tick()
        today = dt.date.today()
        if today == self._today:
            return
        following = self.follows_today
        self.date_bar.roll_today(today)
        if following:
            self.set_day(today)
        else:
            self._update_date_bar()

    def _update_date_bar(self) -> None:
        self.date_bar.update_words()
        self.dose_entry.show_hints(on_today=self.day == dt.date.today())

    def on_log_changed(self, changes: LogChanges) -> None:
        """Reload what the page shows of a change (the window's ``log_changed``): the day
        shown when its records or the list of side effects changed; otherwise only the
        plan line, the check-ups' "due" markers or the products offered, as touched."""
        if changes.side_effects or (changes.touches_day(self.day) and (changes.day_records or changes.checkups)):
            self.refresh()
            return
        if changes.plan and self.plan_line is not None:
            self._show_plan()
        # Due or not depends on the days logged, the check-ups and the reminders' setting.
        if self.due_markers and (changes.day_records or changes.checkups or changes.settings):
            self.refresh_due_markers()
        if changes.doses:
            self.last_dose_line.reload(self.day == dt.date.today())
            if self.dose_entry.products_loaded:
                self.dose_entry.load_products()

    def refresh(self) -> None:
        """Reload the day from the log (a change on it, another day shown)."""
        self.day_reads += 1
        self._doses, unreadable_doses = self.db.doses_and_findings_on(self.day)
        self.day_doses.show_doses(self.day, self._doses, unreadable_doses)
        if self.plan_line is not None:
            self._show_plan()
        self.checkin_panel.show_day(self.day, *checkin_and_findings_on(self.db, self.day))
        self._show_no_kratom()
        self.last_dose_line.reload(self.day == dt.date.today())
        if self.due_markers:
            self.refresh_due_markers()
        if self.dose_entry.products_loaded:
            self.dose_entry.load_products()
        self._update_date_bar()

    # --- doses ----------------------------------------------------------------------

    def selected_dose(self) -> Dose | None:
        return self.day_doses.selected_dose()

    def log_dose(self) -> bool:
        """Save the dose in the form (new, or the one being changed). True if saved."""
        entry = self.dose_entry
        dose = entry.checked_dose(self.day, self._doses)
        if dose is None:
            return False
        command = AddDose(self.db, dose) if entry.editing is None else EditDose(self.db, entry.editing, dose)
        if not self._apply(command, self.log_dose):
            return False
        was_editing = entry.editing is not None
        entry.clear_after_save()
        if not was_editing:
            self.dose_table.clearSelection()
        self.grams.setFocus()
        # Also in the focused field's description (cleared as the next dose is typed): Orca
        # before 45 (Debian 12 ships 43) ignores announcement events but reads this change.
        said = self.editor.saved_text(command.text())
        if entry.read_as:  # "2,5" typed: say what was read, by the field, until the next typing
            self.dose_entry.entry_hint.setText(fill(self.tr("Saved: %1."), entry.read_as))
            said = f"{said}. {entry.read_as}"
        self.grams.setAccessibleDescription(said)
        return True

    def log_same_again(self) -> bool:
        """Ctrl+D: with Grams empty, log the last dose's amount, form and product again, now."""
        return log_same_again(self)

    def edit_selected_dose(self) -> None:
        dose = self.selected_dose()
        if dose is not None:
            self.dose_entry.start_edit(dose)

    def cancel_edit(self) -> None:
        self.dose_entry.cancel_edit()

    def remove_selected_dose(self) -> None:
        dose = self.selected_dose()
        if dose is None:
            return
        editing = self.dose_entry.editing
        if editing is not None and editing.id == dose.id:
            self.cancel_edit()
        row = self.dose_table.currentRow()
        if self._apply(RemoveDose(self.db, dose), self.remove_selected_dose):
            if self._doses:
                self.dose_table.selectRow(min(row, len(self._doses) - 1))
                self.dose_table.setFocus()
            else:
                self.grams.setFocus()

    def focus_grams(self) -> None:
        self.grams.setFocus()

    # --- no kratom ----------------------------------------------------------------------

    def _show_no_kratom(self) -> None:
        button = self.no_kratom_button
        on_today = self.day == dt.date.today()
        button.setText(self.tr("No &kratom today") if on_today else self.tr("No &kratom on this day"))
        button.setChecked(not self._doses and is_no_use(self.db, self.day))
        button.setEnabled(not self._doses)
        button.setToolTip(
            self.tr("Doses are logged on this day.") if self._doses else
            self.tr("Marks the day as logged with no kratom, so it is not taken for a forgotten day. "
                    "Press again to take the mark off."))

    def toggle_no_kratom(self) -> None:
        """Mark the day shown "no kratom" (or take the mark off), undoably."""
        if self._doses:
            self._show_no_kratom()
            return
        marked = not is_no_use(self.db, self.day)
        self._apply(MarkNoKratom(self.db, self.day, marked), self.toggle_no_kratom)
        self._show_no_kratom()

    # --- the check-in -----------------------------------------------------------------

    def save_day_note(self) -> None:
        """Save the day note now if it was typed in (called on idle, focus-out, day change, close)."""
        self.checkin_panel.save_day_note()

    def hide_side_effect(self, name: str) -> None:
        self.checkin_panel.hide_side_effect(name)

    # --- saving --------------------------------------------------------------------------

    def _apply(self, command, retry: Callable[[], object]) -> bool:
        """Apply through the editor; on a storage failure keep the inputs and offer a retry."""
        try:
            self.editor.apply(command)
        except InvalidRecord as err:
            self.dose_entry.show_problems(err.problems)
            return False
        except SaveFailed as err:
            self.show_failure(err.message, retry)
            return False
        self.clear_failure()
        return True

    def show_failure(self, message: str, retry: Callable[[], object] | None = None) -> None:
        self.failure_strip.show_failure(message, retry)

    def clear_failure(self) -> None:
        self.failure_strip.clear()

    # --- check-up "due" markers ------------------------------------------------------

    def show_plans(self) -> None:
        """Make the plan line and show the day's plan (the window calls it after its first paint)."""
        if self.plan_line is None:
            from kratomtrack.ui.pages.today.plan_line import PlanLine

            self.plan_line = PlanLine(self)
            self._plan_area.addWidget(self.plan_line)
        self._show_plan()

    def show_pain_after_prompt(self) -> None:
        """Make the pain-after strip and ask at once if a dose is due (the window calls
        it after its first paint; then the strip asks once a minute)."""
        if self.pain_after_prompt is None:
            from kratomtrack.ui.pages.today.pain_after import PainAfterPrompt

            self.pain_after_prompt = PainAfterPrompt(self.db, self._apply)
            self._pain_after_area.addWidget(self.pain_after_prompt)
        self.pain_after_prompt.check()

    def _show_plan(self) -> None:
        from kratomtrack.store import plans

        self.plan_line.show_day(plans.all_plans(self.db), self.day, self._doses,
                                logged_days_between(self.db, self.day, self.day), self._today)

    def refresh_due_markers(self) -> None:
        """Show the PEG/SDS "due" markers that apply today, only while today is shown;
        the first call makes them."""
        if not self.due_markers:
            from kratomtrack.ui.pages.today.due_markers import CheckupDueMarker

            previous: QWidget = self.remove_button  # in the tab order: after the day's doses
            for kind in ("peg", "sds"):
                marker = CheckupDueMarker(self.db, kind, self, editor=self.editor)
                self.due_area.addWidget(marker)
                self.due_markers[kind] = marker
                for button in (marker.answer_button, marker.later_button):
                    QWidget.setTabOrder(previous, button)
                    previous = button
        on_today = self.day == dt.date.today()
        for marker in self.due_markers.values():
            if on_today:
                marker.update_from()
            else:  # a past day is being filled in: the check-ups ask about this week
                marker.setVisible(False)
