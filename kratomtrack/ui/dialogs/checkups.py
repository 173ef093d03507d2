"""The weekly PEG and monthly SDS dialogs (the "due" markers that offer them are in
kratomtrack.ui.pages.today.due_markers).

Wording, anchors and scoring are core.checkups' (see docs/health-content.md,
"Check-ups (PEG, SDS)"). Nothing is pre-selected: an unanswered item is not a 0.
The check-ups are offered, never forced.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
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
from kratomtrack.ui.widgets.announce import ASSERTIVE, announce
from kratomtrack.ui.widgets.accessible import keep_tab_stop_on_checked
from kratomtrack.ui.widgets.digit_keys import TEN_TYPED_WITHIN_SECONDS, TenTyping, digit_of, plain_key
from kratomtrack.ui.widgets.look import MarksChosen
from kratomtrack.ui.widgets.qdates import DayEdit, day_text, fit_longest_day, from_qdate, to_qdate
from kratomtrack.ui.wording import fill


class _CheckupDialog(MarksChosen, QDialog):
    """Shared by both dialogs: the date, the answers, Save / Delete / Cancel.

    Each question's answers are radio buttons in one exclusive group: a screen
    reader says "radio button, 3 of 11", Tab enters the group once (at the
    chosen answer) and the arrow keys move along it.
    """

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
        self.typing = TenTyping()
        self._waiting_for_zero: int | None = None  # the question where a 1 may become 10
        self._moved_to: QWidget | None = None  # where a typed answer just moved the focus
        # The date is shown as text: the answers come first, and a typed
        # answer can never land in a date field. "Change date" opens the field.
        date_row = QHBoxLayout()
        self.date_text = QLabel()
        self.date_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_date_button = QPushButton(self.tr("Change date…"))
        self.change_date_button.clicked.connect(self._open_date)
        self.date_edit = DayEdit()
        self.date_edit.setCalendarPopup(True)
        fit_longest_day(self.date_edit)
        self.date_edit.setMaximumDate(to_qdate(self.today))
        self.date_edit.setAccessibleName(self.tr("Date answered"))
        self.date_edit.hide()
        date_row.addWidget(self.date_text)
        date_row.addWidget(self.date_edit)
        date_row.addWidget(self.change_date_button)
        date_row.addStretch(1)
        self.layout_.addLayout(date_row)
        self._initial_day = day or self.today

    def _open_date(self) -> None:
        self.date_text.hide()
        self.change_date_button.hide()
        self.date_edit.show()
        self.date_edit.setFocus()

    def _show_date_text(self) -> None:
        self.date_text.setText(fill(self.tr("Date: %1"), day_text(self.day(), self)))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        first = self.groups[0]
        (first.checkedButton() or first.buttons()[0]).setFocus()

    # --- answers typed as digits ---------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        index = watched.property("question")
        if index is None or event.type() != QEvent.Type.KeyPress:
            return False
        moved_here, self._moved_to = self._moved_to, None
        if plain_key(event) == Qt.Key.Key_Tab and (moved_here is watched or self._waiting_for_zero == index):
            # A digit already moved on (or a 1 waits for a 0): Tab, typed out of
            # habit after an answer, goes to the next question, not past it.
            if self._waiting_for_zero == index:
                self._move_on(index)
            return True
        digit = digit_of(event)
        if digit is None:
            return False
        self._type_digit(index, digit)
        return True

    def _type_digit(self, index: int, digit: int) -> None:
        """A digit answers the question (1 then 0 is 10 on a 0-10 scale) and moves on."""
        group = self.groups[index]
        top = len(group.buttons()) - 1
        if (self._waiting_for_zero == index and digit != 0 and self.typing.waiting_for_zero()
                and index + 1 < len(self.groups)):
            # The 1 stands; this digit answers the next question.
            self._move_on(index)
            self._type_digit(index + 1, digit)
            return
        value = self.typing.value(digit, group.checkedId()) if top >= 10 else digit
        if value > top:
            return
        group.button(value).setChecked(True)
        group.button(value).setFocus()
        if top >= 10 and value == 1:
            self._waiting_for_zero = index
            QTimer.singleShot(int(TEN_TYPED_WITHIN_SECONDS * 1000), lambda: self._move_on(index, waited=True))
        else:
            self._move_on(index)

    def _move_on(self, index: int, waited: bool = False) -> None:
        if waited and (self._waiting_for_zero != index or self.typing.waiting_for_zero()):
            return
        self._waiting_for_zero = None
        if index + 1 < len(self.groups):
            following = self.groups[index + 1]
            self._moved_to = following.checkedButton() or following.buttons()[0]
            self._moved_to.setFocus()
        elif self.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled():
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setFocus()

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
        for index, group in enumerate(self.groups):
            group.buttonToggled.connect(self._refresh)
            for button in group.buttons():
                button.setProperty("question", index)
                button.installEventFilter(self)
        # Tab: the answers, then the date, then Save / Delete / Cancel.
        chain = [b for g in self.groups for b in g.buttons()]
        chain += [self.change_date_button, self.date_edit, *self.buttons.buttons()]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
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
        self._show_date_text()
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
        announce(self, text, ASSERTIVE)  # focus stays where the person is

    def _add_intro(self, text: str) -> None:
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)

    def _add_question(self, index: int, question_text: str, labels: list[str], *,
                      marked: bool = False) -> QGridLayout:
        """A numbered bold question over its row of answers (their group joins ``groups``);
        ``marked``: the chosen answer stands out (a number alone is easy to miss).

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
        if marked:
            self.mark_chosen_in(group)
        for value, text in enumerate(labels):
            button = QRadioButton(text)
            words = "" if text == str(value) else f" ({text})"
            button.setAccessibleName(f"{question_text}: {value}{words}")
            group.addButton(button, value)
            grid.addWidget(button, 0, value)
        keep_tab_stop_on_checked(group)
        self.layout_.addLayout(grid)
        self.groups.append(group)
        return grid


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
                                      [str(v) for v in range(11)], marked=True)
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
            self._add_question(index, QCoreApplication.translate("checkups", text), labels)
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
