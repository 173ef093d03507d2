"""The weekly PEG and monthly SDS dialogs (the "due" markers that offer them are in
kratomtrack.ui.widgets.due_markers).

Wording, anchors and scoring are core.checkups' (see docs/health-content.md,
"Check-ups (PEG, SDS)"). Nothing is pre-selected: an unanswered item is not a 0.
The check-ups are offered, never forced.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.checkups import (
    PEG_ITEMS,
    SDS_QUESTIONS,
    Peg,
    Sds,
    peg_score,
    sds_answer_labels,
    sds_total,
)
from kratomtrack.core.validation import InvalidRecord
from kratomtrack.store import checkups, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.checkup_commands import SaveCheckup
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from kratomtrack.ui.widgets.qdates import from_qdate, to_qdate
from kratomtrack.ui.wording import fill


class _CheckupDialog(QDialog):
    """Shared by both dialogs: the date, the answers, Save / Delete / Cancel."""

    saved = Signal(object)  # the stored Peg or Sds
    deleted = Signal(object)  # the day whose check-up was deleted

    def __init__(self, db: LogDatabase, day: dt.date | None, parent: QWidget | None,
                 today: dt.date | None, editor: LogEditor | None = None):
        super().__init__(parent)
        self.db = db
        # With an editor (the window's), saves and deletes go on its undo stack.
        self.editor = editor
        self.today = today or dt.date.today()
        self.original_day: dt.date | None = None
        self.groups: list[QButtonGroup] = []
        self.layout_ = QVBoxLayout(self)
        date_row = QHBoxLayout()
        date_label = QLabel(self.tr("Date:"))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(to_qdate(self.today))
        self.date_edit.setAccessibleName(self.tr("Date answered"))
        date_label.setBuddy(self.date_edit)
        date_row.addWidget(date_label)
        date_row.addWidget(self.date_edit)
        date_row.addStretch(1)
        self.layout_.addLayout(date_row)
        self._initial_day = day or self.today

    def _finish(self) -> None:
        self.result_label = QLabel()
        self.result_label.setObjectName("score")
        self.result_label.setWordWrap(True)
        font = self.result_label.font()
        font.setBold(True)
        self.result_label.setFont(font)
        self.layout_.addWidget(self.result_label)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.layout_.addWidget(self.note)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.layout_.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = self.buttons.addButton(self.tr("Delete"),
                                                    QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setAccessibleName(self.tr("Delete this check-up"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self.delete)
        self.layout_.addWidget(self.buttons)
        for group in self.groups:
            group.buttonToggled.connect(self._refresh)
        self.date_edit.dateChanged.connect(lambda _: self._load_day())
        self.date_edit.setDate(to_qdate(self._initial_day))
        self._load_day(initial=True)

    # --- answers -------------------------------------------------------------------

    def answers(self) -> list[int | None]:
        return [g.checkedId() if g.checkedId() >= 0 else None for g in self.groups]

    def set_answers(self, answers) -> None:
        for group, value in zip(self.groups, answers):
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(group.id(button) == value)
            group.setExclusive(True)
        self._refresh()

    def day(self) -> dt.date:
        return from_qdate(self.date_edit.date())

    def _load_day(self, initial: bool = False) -> None:
        existing = self._stored(self.day())
        if initial:
            self.original_day = existing.day if existing else None
        if existing is not None and (initial or self.original_day is None):
            self.original_day = existing.day
            self.set_answers(existing.answers)
        self._refresh()

    def _refresh(self, *args) -> None:
        answers = self.answers()
        complete = all(a is not None for a in answers)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(complete)
        self.delete_button.setVisible(self.original_day is not None)
        self._show_result(answers if complete else None)

    def save(self) -> None:
        record = self._record(self.day(), self.answers())
        other = self._stored(record.day)
        if other is not None and record.day != self.original_day:
            self._show_problem(fill(self.tr("There is already one for %1. Open that day to change it, "
                                            "or choose another date."), record.day.isoformat()))
            return
        replaces = self.original_day if self.original_day != record.day else None
        try:
            if self.editor is None:
                stored = self._save(record, replaces)
            else:
                command = SaveCheckup.saving(self.db, record, replaces)
                self.editor.apply(command)
                stored = command.stored()
        except InvalidRecord as err:
            self._show_problem(fill(self.tr("Not saved: %1"), err))
            return
        except SaveFailed as err:
            self._show_problem(fill(self.tr("Not saved: %1"), err.message))
            return
        self.saved.emit(stored)
        self.accept()

    def delete(self) -> None:
        if self.original_day is None:
            return
        if self.editor is None:
            self._delete(self.original_day)
        else:
            try:
                self.editor.apply(SaveCheckup.deleting(self.db, self.kind, self.original_day))
            except SaveFailed as err:
                self._show_problem(fill(self.tr("Not deleted: %1"), err.message))
                return
        self.deleted.emit(self.original_day)
        self.accept()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)

    def _add_intro(self, text: str) -> None:
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)

    def _add_question(self, index: int, question_text: str, labels: list[str], radio: bool) -> QGridLayout:
        """A numbered bold question over its row of answers (their group joins ``groups``).

        Returns the answers' grid, row 0 taken, for anything the scale shows under it.
        """
        question = QLabel(f"{index + 1}. {question_text}")
        question.setWordWrap(True)
        font = question.font()
        font.setBold(True)
        question.setFont(font)
        self.layout_.addWidget(question)
        grid = QGridLayout()
        group = QButtonGroup(self)
        self._scale_row(group, labels, question_text, grid, 0, radio)
        self.layout_.addLayout(grid)
        self.groups.append(group)
        return grid

    def _scale_row(self, group: QButtonGroup, labels: list[str], name: str, grid: QGridLayout,
                   row: int, radio: bool) -> None:
        for value, text in enumerate(labels):
            button: QAbstractButton = QRadioButton(text) if radio else QPushButton(text)
            button.setCheckable(True)
            if not radio:
                button.setFixedWidth(max(34, button.fontMetrics().horizontalAdvance("10") + 18))
                # The chosen number must stand out clearly, not only by a shade of grey.
                button.setStyleSheet("QPushButton:checked { background: #1f5fa8; color: white; "
                                     "font-weight: bold; border: 2px solid #0d3466; }")
            button.setAccessibleName(f"{name}: {value}" + ("" if text == str(value) else f" ({text})"))
            group.addButton(button, value)
            grid.addWidget(button, row, value)


class PegDialog(_CheckupDialog):
    """The weekly PEG: pain, enjoyment of life, general activity, each 0-10; score is the mean."""

    kind = "peg"

    def __init__(self, db: LogDatabase, day: dt.date | None = None, parent: QWidget | None = None,
                 *, today: dt.date | None = None, editor: LogEditor | None = None):
        super().__init__(db, day, parent, today, editor)
        self.setWindowTitle(self.tr("Weekly pain check (PEG)"))
        self.setMinimumWidth(560)
        self._add_intro(self.tr("Three questions about the past week. Choose a number from 0 to 10 "
                                "for each."))
        for index, item in enumerate(PEG_ITEMS):
            grid = self._add_question(index, QCoreApplication.translate("checkups", item.question),
                                      [str(v) for v in range(11)], radio=False)
            grid.setHorizontalSpacing(2)
            low = QLabel(fill(self.tr("0 = %1"), QCoreApplication.translate("checkups", item.low)))
            high = QLabel(fill(self.tr("10 = %1"), QCoreApplication.translate("checkups", item.high)))
            high.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(low, 1, 0, 1, 6)
            grid.addWidget(high, 1, 5, 1, 6)
            self.layout_.addSpacing(6)
        self._finish()

    def _show_result(self, answers) -> None:
        if answers is None:
            self.result_label.setText(self.tr("Answer all three to see the score."))
        else:
            self.result_label.setText(fill(self.tr("Score: %1 of 10 (the mean of the three answers)"),
                                           f"{peg_score(answers):.1f}"))

    def _record(self, day, answers) -> Peg:
        return Peg(day, *answers)

    def _stored(self, day):
        return checkups.peg_on(self.db, day)

    def _save(self, record, replaces):
        return checkups.save_peg(self.db, record, today=self.today, replaces=replaces)

    def _delete(self, day):
        checkups.delete_peg(self.db, day)


class SdsDialog(_CheckupDialog):
    """The optional monthly Severity of Dependence Scale: five items 0-3, total 0-15."""

    kind = "sds"

    def __init__(self, db: LogDatabase, day: dt.date | None = None, parent: QWidget | None = None,
                 *, today: dt.date | None = None, editor: LogEditor | None = None):
        super().__init__(db, day, parent, today, editor)
        self.setWindowTitle(self.tr("Severity of Dependence Scale (monthly, optional)"))
        self.threshold = preferences.warning_settings(db).sds_threshold
        self._add_intro(self.tr("Five questions about your kratom use in the past month. "
                                "Answering is optional."))
        for index, text in enumerate(SDS_QUESTIONS):
            labels = [QCoreApplication.translate("checkups", label) for label in sds_answer_labels(index)]
            self._add_question(index, QCoreApplication.translate("checkups", text), labels, radio=True)
            self.layout_.addSpacing(4)
        self._finish()
        # Room for the two-line note under the total even when the dialog is made as small
        # as it goes (Qt does not grow a window's minimum for wrapped text).
        self.note.setMinimumHeight(self.note.fontMetrics().lineSpacing() * 2 + 2)

    def _show_result(self, answers) -> None:
        if answers is None:
            self.result_label.setText(self.tr("Answer all five to see the total."))
            self.note.setText("")
            return
        total = sds_total(answers)
        self.result_label.setText(fill(self.tr("Total: %1 of 15"), total))
        if total >= self.threshold:
            self.note.setText(fill(self.tr(
                "A total of %1 or more is worth discussing with your doctor. No cut-off has been "
                "validated for kratom; published ones for other drugs run from 3 to 5."), self.threshold))
        else:
            self.note.setText(fill(self.tr(
                "No cut-off has been validated for kratom; kratomtrack suggests discussing a total "
                "of %1 or more with your doctor."), self.threshold))

    def _record(self, day, answers) -> Sds:
        return Sds(day, tuple(answers))

    def _stored(self, day):
        return checkups.sds_on(self.db, day)

    def _save(self, record, replaces):
        return checkups.save_sds(self.db, record, today=self.today, replaces=replaces)

    def _delete(self, day):
        checkups.delete_sds(self.db, day)
