"""Today's dose entry form: grams, time, form, product and note, the refusals
under them, and the "Is this right?" question before an unusually large amount.

The rules are core's (kratomtrack.core.entry): the time a dose is given when
none is typed, and the typo-guard thresholds. The page saves what the form
returns (``checked_dose``) through the log editor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.amounts import amount_digits, amount_text
from kratomtrack.core.entry import (
    TYPO_GUARD_DAY_LEAF_GRAMS,
    TYPO_GUARD_DOSE_GRAMS,
    TypoCheck,
    parse_time_of_day,
    time_for_dose,
    typo_check,
)
from kratomtrack.core.quick_dose import typed_dose
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.validation import FieldError, InvalidRecord, Problem
from kratomtrack.core.whole_records import parse_dose_pain
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.recent_doses import recent_products
from kratomtrack.ui.pages.today.fields import FieldBox, UndoPassThrough, form_label
from kratomtrack.ui.widgets.announce import ASSERTIVE, announce
from kratomtrack.ui.widgets.look import heading, muted
from kratomtrack.ui.wording import fill


class DoseEntryForm(QWidget):
    """Log a new dose, or change the one picked (``editing``).

    ``log_requested`` on Enter in any field or the button; ``mode_changed``
    when it switches between logging and changing.
    """

    log_requested = Signal()
    cancel_requested = Signal()
    mode_changed = Signal()

    def __init__(self, db: LogDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.editing: Dose | None = None  # the dose being changed, if any
        self.on_today = True  # the day shown is today (the hints say so)
        self.read_as = ""  # how the last amount read was read, when that needs saying ("read “2,5” as 2.5 g")
        # Product names for completion are read when the product field is
        # first used (a full scan of the doses; not needed to start).
        self.products_loaded = False
        self._undo_pass = UndoPassThrough(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.entry_heading = heading(QLabel(self.tr("Log a dose")))
        layout.addWidget(self.entry_heading)

        self.grams = QLineEdit()
        self.grams.setPlaceholderText(self.tr("e.g. 2.5"))
        self.grams.setMaxLength(12)
        # "Pain now" (0-10, optional) is one Tab from the amount: stored as the
        # dose's pain before, for relief per dose (docs/health-content.md,
        # "Patterns over time"). Empty changes nothing: a number and Enter logs.
        self.pain_now = QLineEdit()
        self.pain_now.setMaxLength(2)
        self.pain_now.setPlaceholderText(self.tr("0-10"))
        self.pain_now.setToolTip(self.tr("Optional: your pain as you take this dose, 0 (none) to 10 (worst)"))
        self.time = QLineEdit()
        self.time.setMaxLength(12)
        self.form = QComboBox()
        self.form.installEventFilter(self)  # Enter on the form logs too
        for form in Form:
            self.form.addItem(form_label(form), form.value)
        # 7-OH products are labelled in milligrams: the amount is typed in mg.
        self.form.currentIndexChanged.connect(self._show_unit)
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
            "pain_before": FieldBox(self.tr("Pain no&w"), self.pain_now, detached_problem=True),
            "time": FieldBox(self.tr("T&ime taken"), self.time, detached_problem=True),
            "form": FieldBox(self.tr("Fo&rm"), self.form, detached_problem=True),
            "product": FieldBox(self.tr("Produc&t"), self.product),
            "note": FieldBox(self.tr("N&ote"), self.dose_note),
        }
        self.grams.setAccessibleName(self.tr("Grams"))
        self.pain_now.setAccessibleName(self.tr("Pain now, 0 to 10"))
        self.dose_note.setAccessibleName(self.tr("Note for this dose"))
        # Short values get short fields (they stay readable when the page is wide).
        em = self.fontMetrics().horizontalAdvance("M")
        for name, width in (("grams", 9), ("pain_before", 7), ("time", 9), ("form", 14)):
            self.fields[name].setMinimumWidth(6 * em)
            self.fields[name].setMaximumWidth(width * em)
        row1 = QHBoxLayout()
        row1.setSpacing(10)
        row1.addWidget(self.fields["grams"], 2)
        row1.addWidget(self.fields["pain_before"], 1)
        row1.addWidget(self.fields["time"], 2)
        row1.addWidget(self.fields["form"], 3)
        row1.addStretch(0)
        row2 = QHBoxLayout()
        row2.setSpacing(10)
        row2.addWidget(self.fields["product"], 1)
        row2.addWidget(self.fields["note"], 1)
        layout.addLayout(row1)
        for name in ("grams", "pain_before", "time", "form"):  # their refusals, under the row
            layout.addWidget(self.fields[name].problem)
        layout.addLayout(row2)
        for line in (self.grams, self.pain_now, self.time, self.product, self.dose_note):
            line.returnPressed.connect(self.log_requested)
            line.installEventFilter(self._undo_pass)
            line.textEdited.connect(self._clear_problem_of)
        self.grams.textEdited.connect(self._forget_read_as)

        buttons = QHBoxLayout()
        self.log_button = QPushButton(self.tr("Log dose"))
        self.log_button.clicked.connect(self.log_requested)
        self.cancel_edit_button = QPushButton(self.tr("Cancel"))
        self.cancel_edit_button.clicked.connect(self.cancel_requested)
        self.cancel_edit_button.hide()
        self.entry_hint = muted(QLabel())
        self.entry_hint.setWordWrap(True)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.cancel_edit_button)
        buttons.addWidget(self.entry_hint, 1)
        layout.addLayout(buttons)
        self.load_last_form_and_product()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched is self.product and not self.products_loaded:
            self.load_products()
        elif (event.type() == QEvent.Type.KeyPress and watched is self.form
              and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.form.view().isVisible()):
            self.log_requested.emit()
            return True
        return super().eventFilter(watched, event)

    def load_products(self) -> None:
        """Offer the products of the last 90 days for completion, most used first."""
        self.products_loaded = True
        self.product_completer.model().setStringList(recent_products(self.db, dt.date.today()))

    def load_last_form_and_product(self) -> None:
        last = self.db.last_dose()
        if last is not None:
            self.form.setCurrentIndex(self.form.findData(last.form.value))
            self.product.setText(last.product)

    def _forget_read_as(self) -> None:
        """The next amount is being typed: "read “2,5” as 2.5 g" was about the one before."""
        if self.read_as:
            self.read_as = ""
            self.show_hints(self.on_today)

    def show_hints(self, on_today: bool) -> None:
        """What Enter does and what an empty time means, on today or a past day."""
        self.on_today = on_today
        self.time.setPlaceholderText(self.tr("now") if on_today else self.tr("e.g. 08:30"))
        self.time.setToolTip(
            self.tr("Empty means now. Type a time such as 08:30 for an earlier dose.")
            if on_today else self.tr("The time you took it, such as 08:30")
        )
        self.entry_hint.setText(
            self.tr("Enter logs it now.") if on_today and self.editing is None
            else self.tr("Enter logs it at the time typed.") if self.editing is None
            else self.tr("Enter saves the change; Esc cancels.")
        )

    # --- reading the form ----------------------------------------------------------

    def _clear_problem_of(self, _text: str = "") -> None:
        sender = self.sender()
        for box in self.fields.values():
            if box.field is sender:
                box.clear_problem()

    def clear_problems(self) -> None:
        for box in self.fields.values():
            box.clear_problem()

    def dose_from_inputs(self, day: dt.date) -> Dose:
        """The dose the form describes on ``day``, or InvalidRecord naming every refused field."""
        problems: list[Problem] = []
        time_of_day = None
        try:
            typed = parse_time_of_day(self.time.text())
        except FieldError as err:
            problems.append(err.problem)
        else:
            kept = self.editing.taken_at.time() if self.editing is not None else None
            time_of_day = time_for_dose(typed, day, dt.datetime.now(), kept)
            if time_of_day is None:
                problems.append(Problem("time", self.tr("enter the time you took it, such as 08:30")))
        try:
            pain_before = parse_dose_pain(self.pain_now.text().strip() or None, "pain_before")
        except FieldError:
            problems.append(Problem("pain_before", self.tr("type your pain now as a whole number from 0 to 10")))
            pain_before = None
        taken_at = dt.datetime.combine(day, time_of_day or dt.time(0))
        self.read_as = ""
        try:
            dose, amount = typed_dose(taken_at, self.grams.text(), self.form.currentData(), self.product.text(),
                                      self.dose_note.text(), decimal_mark=system_decimal_mark(),
                                      today=dt.date.today())
        except InvalidRecord as err:
            problems.extend(err.problems)
        else:
            self.read_as = amount.read_as
        if problems:
            raise InvalidRecord(problems)
        dose = replace(dose, pain_before=pain_before)
        if self.editing is not None:
            # A changed dose keeps its pain after (asked later, not in this form).
            dose = replace(dose, id=self.editing.id, pain_after=self.editing.pain_after)
        return dose

    def checked_dose(self, day: dt.date, day_doses: Iterable[Dose]) -> Dose | None:
        """The dose to save, once valid and (if unusually large) confirmed; None to keep typing."""
        try:
            dose = self.dose_from_inputs(day)
        except InvalidRecord as err:
            self.show_problems(err.problems)
            return None
        self.clear_problems()
        others = [d for d in day_doses if self.editing is None or d.id != self.editing.id]
        check = typo_check(dose, others)
        if check.needs_confirmation and not self.confirm_large_amount(check, dose.form):
            self.grams.setFocus()
            self.grams.selectAll()
            return None
        return dose

    def show_problems(self, problems: list[Problem]) -> None:
        """Show each refusal next to its field; the first refused field gets focus."""
        self.clear_problems()
        said = []
        for problem in problems:
            name = {"taken_at": "time", "date": "time"}.get(problem.field, problem.field)
            said.append(self.fields.get(name, self.fields["grams"]).show_problem(problem.message, spoken=False))
        first = next((box for box in self.fields.values() if box.has_problem), None)
        if first is not None:
            first.field.setFocus()
            if isinstance(first.field, QLineEdit):
                first.field.selectAll()
            # Focus often stays in the field (Enter pressed there): nothing else would be read.
            announce(first.field, fill(self.tr("Not saved. %1"), " ".join(
                words if words.endswith(".") else words + "." for words in said)), ASSERTIVE)

    def confirm_large_amount(self, check: TypoCheck, form: Form = Form.POWDER) -> bool:
        """Ask "Is this right?" before an unusually large amount (a typo guard)."""
        return ask_if_right(self, check, form)

    # --- logging or changing ---------------------------------------------------------

    def _show_unit(self) -> None:
        """The amount field names its unit: milligrams for a 7-OH product, else grams."""
        in_mg = self.form.currentData() == Form.SEVEN_OH.value
        box = self.fields["grams"]
        box.label.setText(self.tr("&Milligrams") if in_mg else self.tr("&Grams"))
        box.name = box.label.text().replace("&", "")
        self.grams.setAccessibleName(box.name)
        self.grams.setPlaceholderText(self.tr("e.g. 15") if in_mg else self.tr("e.g. 2.5"))

    def start_edit(self, dose: Dose) -> None:
        """Fill the form with ``dose`` to change it."""
        self.editing = dose
        self.form.setCurrentIndex(self.form.findData(dose.form.value))
        self.grams.setText(amount_digits(dose.milligrams, dose.form))
        self.pain_now.setText("" if dose.pain_before is None else str(dose.pain_before))
        self.time.setText(dose.taken_at.strftime("%H:%M"))
        self.product.setText(dose.product)
        self.dose_note.setText(dose.note)
        self._set_mode()
        self.grams.setFocus()
        self.grams.selectAll()

    def clear_after_save(self) -> None:
        """Empty the form for the next dose (form and product stay)."""
        self.editing = None
        # setText (not clear) also empties the fields' own undo history, so
        # the next Ctrl+Z reaches Edit → Undo.
        self.grams.setText("")
        self.pain_now.setText("")
        self.dose_note.setText("")
        self.time.setText("")
        self._set_mode()

    def cancel_edit(self) -> bool:
        """Stop changing a dose without saving; False if none was being changed."""
        if self.editing is None:
            return False
        self.editing = None
        self.clear_problems()
        self.grams.setText("")
        self.pain_now.setText("")
        self.time.setText("")
        self.dose_note.setText("")
        self.load_last_form_and_product()
        self._set_mode()
        self.grams.setFocus()
        return True

    def _set_mode(self) -> None:
        editing = self.editing is not None
        if editing:
            self.entry_heading.setText(fill(self.tr("Change the %1 dose"),
                                            self.editing.taken_at.strftime("%H:%M")))
            self.log_button.setText(self.tr("Save change"))
        else:
            self.entry_heading.setText(self.tr("Log a dose"))
            self.log_button.setText(self.tr("Log dose"))
        self.cancel_edit_button.setVisible(editing)
        self.mode_changed.emit()


def system_decimal_mark() -> str:
    """The decimal mark of the system's locale: "," or "." (any other mark: ".")."""
    from PySide6.QtCore import QLocale

    mark = QLocale().decimalPoint()
    return mark if mark in (".", ",") else "."


def ask_if_right(parent: QWidget, check: TypoCheck, form: Form = Form.POWDER) -> bool:
    """Ask "Is this right?" before an unusually large amount (a typo guard); True to save it.
    Today's form and the tray's "Log a dose…" window ask it the same way."""
    from PySide6.QtWidgets import QMessageBox  # loads with the first question, not at start

    lines = []
    if check.large_dose:
        lines.append(fill(QCoreApplication.translate("DoseEntryForm", "%1 in one dose is more than %2."),
                          amount_text(_mg(check.dose_grams), form), amount_text(_mg(TYPO_GUARD_DOSE_GRAMS))))
    if check.large_day:
        lines.append(fill(QCoreApplication.translate("DoseEntryForm", "It brings this day's leaf total to %1, "
                                                                       "more than %2."),
                          amount_text(_mg(check.day_leaf_after)), amount_text(_mg(TYPO_GUARD_DAY_LEAF_GRAMS))))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("DoseEntryForm", "Is this right?"))
    box.setText(QCoreApplication.translate("DoseEntryForm", "Is this right?"))
    box.setInformativeText(" ".join(lines) + "\n\n" + QCoreApplication.translate(
        "DoseEntryForm", "This check only catches typing slips, such as 25 for 2.5."))
    save = box.addButton(QCoreApplication.translate("DoseEntryForm", "&Save it"), QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton(QCoreApplication.translate("DoseEntryForm", "&Go back and fix it"),
                         QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is save


def _mg(grams: float) -> int:
    """Grams that core.entry gives (a dose's milligrams / 1000, or a threshold) as whole milligrams."""
    return round(grams * 1000)
