"""Day → Reduction plan…: enter your plan, end it, see the plans before.

docs/health-content.md, "A reduction plan": the app never proposes an
amount. The person types the steps (a date and leaf g/day and/or doses/day),
or their own start amount, end amount, step and days per step, from which
core.plan works the steps out and shows them in the table before anything
is stored. Every change goes on the window's undo stack (ui.commands.plan_commands).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.amounts import amount_digits, amount_text
from kratomtrack.core.dates import date_text
from kratomtrack.core.plan import Plan, PlanStep, steps_from_numbers, validate_plan
from kratomtrack.core.plan import leaf_mg as planned_leaf_mg
from kratomtrack.core.validation import FieldError, InvalidRecord
from kratomtrack.store import plans
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from kratomtrack.ui.commands.plan_commands import EndPlan, StartPlan
from kratomtrack.ui.widgets.announce import ASSERTIVE, announce
from kratomtrack.ui.widgets.look import heading, muted, refusal_style
from kratomtrack.ui.widgets.qdates import DayEdit, fit_longest_day, from_qdate, to_qdate
from kratomtrack.ui.widgets.screen_fit import fit_to_screen, scrolled, whole_height
from kratomtrack.ui.wording import fill


class PlanDialog(QDialog):
    """The plan on and the plans before; a table of steps to start a new one."""

    def __init__(self, db: LogDatabase, editor: LogEditor, parent: QWidget | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.db, self.editor = db, editor
        self.today = today or dt.date.today()
        self.setWindowTitle(self.tr("Your reduction plan"))
        body = QWidget()  # scrolls on a small screen; the problem and Close stay in sight below
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = muted(QLabel(self.tr(
            "Your plan is the one you agreed, typically with your doctor. kratomtrack keeps it and "
            "shows planned beside logged; it does not propose amounts.")))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        layout.addWidget(heading(QLabel(self.tr("Your plan")), 1.1))
        self.current_label = QLabel()
        self.current_label.setWordWrap(True)
        layout.addWidget(self.current_label)
        end_row = QHBoxLayout()
        self.end_date = DayEdit(to_qdate(self.today))
        self.end_date.setCalendarPopup(True)
        self.end_date.setAccessibleName(self.tr("Day your plan ends"))
        fit_longest_day(self.end_date)
        self.end_button = QPushButton(self.tr("&End your plan on"))
        self.end_button.clicked.connect(self.end_plan)
        end_row.addWidget(self.end_button)
        end_row.addWidget(self.end_date)
        end_row.addStretch(1)
        layout.addLayout(end_row)
        self.history_label = muted(QLabel())
        self.history_label.setWordWrap(True)
        layout.addWidget(self.history_label)

        layout.addWidget(self._build_new_plan())
        layout = QVBoxLayout(self)
        self.body = scrolled(body)
        layout.addWidget(self.body, 1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(refusal_style(self))
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.editor.changed.connect(self.show_plans)  # an undo from the window shows here too
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)
        self.show_plans()
        hint = self.sizeHint()
        fit_to_screen(self, QSize(hint.width(), hint.height() + whole_height(self.body)))

    def _build_new_plan(self) -> QGroupBox:
        box = QGroupBox(self.tr("A new plan (it replaces the plan on)"))
        layout = QVBoxLayout(box)
        numbers = QFormLayout()
        self.from_date = DayEdit(to_qdate(self.today))
        self.from_date.setCalendarPopup(True)
        self.from_date.setAccessibleName(self.tr("Starting on (day the new plan starts)"))
        fit_longest_day(self.from_date)
        self.start_grams, self.end_grams, self.step_grams = (self._grams_box() for _ in range(3))
        self.days_per_step = QSpinBox()
        self.days_per_step.setRange(1, 365)
        self.days_per_step.setValue(7)
        self.days_per_step.setSuffix(self.tr(" days"))
        numbers.addRow(self.tr("&Starting on"), self.from_date)
        numbers.addRow(self.tr("Your start amount (leaf g/day)"), self.start_grams)
        numbers.addRow(self.tr("Your end amount (leaf g/day)"), self.end_grams)
        numbers.addRow(self.tr("Your step (g/day less each step)"), self.step_grams)
        numbers.addRow(self.tr("Days per step"), self.days_per_step)
        layout.addLayout(numbers)
        self.work_out_button = QPushButton(self.tr("&Work out the steps from these numbers"))
        self.work_out_button.clicked.connect(self.work_out_steps)
        layout.addWidget(self.work_out_button)
        hint = muted(QLabel(self.tr(
            "Or type the steps yourself: from a date (YYYY-MM-DD), leaf g/day and/or doses/day. "
            "Check them, then start the plan.")))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.steps = QTableWidget(0, 3)
        self.steps.setHorizontalHeaderLabels([self.tr("From"), self.tr("Leaf g/day"), self.tr("Doses/day")])
        self.steps.setAccessibleName(self.tr("Steps of the new plan"))
        self.steps.verticalHeader().hide()
        self.steps.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.steps.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.steps.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.steps.setMinimumHeight(140)
        layout.addWidget(self.steps)
        row = QHBoxLayout()
        add = QPushButton(self.tr("&Add a step"))
        add.clicked.connect(self.add_step_row)
        remove = QPushButton(self.tr("Re&move the step"))
        remove.clicked.connect(lambda: self.steps.removeRow(self.steps.currentRow()))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("note, optional (e.g. agreed with Dr Lee)"))
        self.note.setMaxLength(500)
        self.note.setAccessibleName(self.tr("Note on the new plan"))
        row.addWidget(add)
        row.addWidget(remove)
        row.addWidget(self.note, 1)
        layout.addLayout(row)
        self.start_button = QPushButton(self.tr("Start &this plan"))
        self.start_button.clicked.connect(self.start_plan)
        layout.addWidget(self.start_button)
        return box

    def _grams_box(self) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0, 100)
        box.setDecimals(2)
        box.setSingleStep(0.5)
        box.setSuffix(" g")
        return box

    # --- showing ------------------------------------------------------------------

    def step_words(self, step: PlanStep) -> str:
        parts = []
        if step.leaf_mg is not None:
            parts.append(fill(self.tr("%1 leaf a day"), amount_text(step.leaf_mg)))
        if step.doses is not None:
            parts.append(fill(self.tr("%1 doses a day"), step.doses))
        return fill(self.tr("from %1: %2"), date_text(step.start), ", ".join(parts))

    def show_plans(self) -> None:
        """The plan on (its steps) and the plans before, from the log."""
        every = plans.all_plans(self.db)
        on = next((p for p in reversed(every) if p.active), None)
        if on is None:
            self.current_label.setText(self.tr("No plan is on."))
        else:
            lines = [self.step_words(s) for s in on.steps]
            if on.note:
                lines.append(on.note)
            self.current_label.setText("\n".join(lines))
        self.end_button.setEnabled(on is not None)
        self.end_date.setEnabled(on is not None)
        before = [p for p in every if not p.active]
        self.history_label.setText(
            self.tr("Plans before: none.") if not before else self.tr("Plans before:") + "\n" + "\n".join(
                fill(self.tr("%1 to %2, %3 steps"), date_text(p.start), date_text(p.ended), len(p.steps))
                for p in reversed(before)))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        announce(self, text, ASSERTIVE)  # focus stays where the person is

    # --- the new plan's steps --------------------------------------------------------

    def add_step_row(self, step: PlanStep | None = None) -> None:
        row = self.steps.rowCount()
        self.steps.insertRow(row)
        values = ("", "", "") if not isinstance(step, PlanStep) else (
            step.start.isoformat(), "" if step.leaf_mg is None else amount_digits(step.leaf_mg),
            "" if step.doses is None else str(step.doses))
        for column, text in enumerate(values):
            self.steps.setItem(row, column, QTableWidgetItem(text))

    def work_out_steps(self) -> None:
        """Fill the table from the person's numbers, to check before starting."""
        try:
            steps = steps_from_numbers(from_qdate(self.from_date.date()), self.start_grams.value(),
                                       self.end_grams.value(), self.step_grams.value(),
                                       self.days_per_step.value())
        except FieldError as err:
            self.show_problem(fill(self.tr("Cannot work out the steps: %1"), err.problem))
            return
        self.show_problem("")
        self.steps.setRowCount(0)
        for step in steps:
            self.add_step_row(step)

    def typed_plan(self) -> Plan:
        """The plan in the table; raises FieldError naming the first wrong cell."""
        steps = []
        for row in range(self.steps.rowCount()):
            start, leaf, doses = (
                (self.steps.item(row, c).text().strip() if self.steps.item(row, c) else "") for c in range(3))
            if not (start or leaf or doses):
                continue
            where = fill(self.tr("step %1"), row + 1)
            try:
                day = dt.date.fromisoformat(start)
            except ValueError:
                raise FieldError(where, self.tr("type the date as YYYY-MM-DD")) from None
            try:
                # leaf_mg refuses what no arithmetic may meet: nan, 1e400.
                leaf_mg = None if not leaf else planned_leaf_mg(float(leaf), where)
                count = None if not doses else int(doses)
            except ValueError:
                raise FieldError(where, self.tr("leaf g/day is a number from 0 to 100 such as 4.5 (with a "
                                                "point); doses/day a whole number")) from None
            steps.append(PlanStep(day, leaf_mg, count))
        return validate_plan(Plan(tuple(steps), None, self.note.text()))

    # --- changes -------------------------------------------------------------------

    def start_plan(self) -> bool:
        try:
            plan = self.typed_plan()
        except FieldError as err:
            self.show_problem(fill(self.tr("Not started: %1"), err.problem))
            return False
        return self._apply(StartPlan(self.db, plan))

    def end_plan(self) -> bool:
        return self._apply(EndPlan(self.db, from_qdate(self.end_date.date())))

    def _apply(self, command) -> bool:
        try:
            self.editor.apply(command)
        except (FieldError, InvalidRecord) as err:
            self.show_problem(fill(self.tr("Not saved: %1"), getattr(err, "problem", err)))
            return False
        except SaveFailed as err:
            self.show_problem(fill(self.tr("Not saved: %1"), err.message))
            return False
        self.show_problem("")
        self.show_plans()
        return True
