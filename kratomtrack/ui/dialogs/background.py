"""Settings → For my doctor: the background the person may give for the doctor
(core.background), each answer dated the day it changes.

Every question starts "not answered"; "none" and "no" are answers of their
own. Beside each question its day shows: the stored day while the answer is
unchanged, today once it changes. "Save these answers" saves at once and
says "Saved."; the dialog's OK saves them too, with the other settings.
Yes to opioids, benzodiazepines, alcohol or other sedatives adds the
interaction caution to the window's banner and the summary.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.background import (
    ALCOHOL,
    BY_KEY,
    DRINKS_MAX,
    NAME_MAX,
    NONE,
    QUESTIONS,
    REASON_CHOICES,
    SUBSTANCES,
    TEXT_MAX,
    AMOUNT_MAX,
    Background,
    Reasons,
    Substance,
    with_answers,
)
from kratomtrack.core.dates import date_text
from kratomtrack.core.safety import interaction_caution
from kratomtrack.core.validation import FieldError
from kratomtrack.store import preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.widgets.announce import ASSERTIVE, announce
from kratomtrack.ui.wording import fill

YES, NO = True, False
# A substance combo's data: None is not answered.
TAKES, TAKES_NONE = "yes", "none"


def _label(key: str) -> str:
    """A question's label from core.background, in the person's language, capitalised."""
    text = QCoreApplication.translate("background", BY_KEY[key].label)
    return text[:1].upper() + text[1:]


def _unbroken(day: str) -> str:
    """A date that wraps as one word ("answered" over "7 Dec 2026", never "7 Dec" over "2026")."""
    return day.replace(" ", "\u00a0")


class BackgroundTab(QWidget):
    """The "For my doctor" tab. ``saved`` follows a save of the answers."""

    saved = Signal()

    def __init__(self, db: LogDatabase, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or dt.date.today()
        self.loaded = preferences.background(db, today=self.today)
        self.dates: dict[str, QLabel] = {}  # each question's day, beside it
        self.main_field: dict[str, QWidget] = {}  # told the day as its description
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields are the Tab stops
        inner = QWidget()
        layout = QVBoxLayout(inner)
        intro = QLabel(self.tr(
            "All optional. Your answers are printed on the summary for your doctor as \u201cfrom the "
            "patient\u201d, each with the day you gave it; kratomtrack computes no score from them. "
            "\u201cNone\u201d and \u201cno\u201d are answers; \u201cnot answered\u201d is printed as such. "
            "Stored only in your log."))
        intro.setObjectName("background_intro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._use_box())
        layout.addWidget(self._substance_box())
        layout.addWidget(self._health_box())
        layout.addStretch(1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save these answers"))
        self.save_button.setAccessibleName(self.tr("Save the answers for my doctor"))
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        self.status = QLabel()
        self.status.setObjectName("background_status")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        outer.addLayout(row)
        self.show_answers(self.loaded)

    # --- building ------------------------------------------------------------------------

    def _date_label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"answered_{key}")
        label.setWordWrap(True)  # "answered" over its day when the tab is narrow
        self.dates[key] = label
        return label

    def _yes_no(self, key: str, yes: str, no: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(key)
        combo.addItem(self.tr("not answered"), None)
        combo.addItem(yes, YES)
        combo.addItem(no, NO)
        combo.setAccessibleName(_label(key))
        combo.currentIndexChanged.connect(lambda: self._changed(key))
        self.main_field[key] = combo
        return combo

    def _line(self, key: str, limit: int, name: str) -> QLineEdit:
        line = QLineEdit()
        line.setMaxLength(limit)
        line.setAccessibleName(name)
        line.textChanged.connect(lambda: self._changed(key))
        return line

    def _row(self, grid: QGridLayout, key: str, field: QWidget) -> None:
        label = QLabel(_label(key) + ":")
        label.setBuddy(field)
        row = grid.rowCount()
        grid.addWidget(label, row, 0)
        # A choice is as wide as its words; text fields take the width.
        grid.addWidget(field, row, 1, Qt.AlignmentFlag.AlignLeft if isinstance(field, QComboBox)
                       else Qt.AlignmentFlag(0))
        grid.addWidget(self._date_label(key), row, 2)

    def _use_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Kratom and your pain"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        reasons = QWidget()
        reasons_layout = QGridLayout(reasons)
        reasons_layout.setContentsMargins(0, 0, 0, 0)
        self.reason_boxes: dict[str, QCheckBox] = {}
        for i, (key, text) in enumerate(REASON_CHOICES.items()):
            tick = QCheckBox(QCoreApplication.translate("background", text))
            tick.setAccessibleName(fill(self.tr("Reason for using kratom: %1"),
                                        QCoreApplication.translate("background", text)))
            tick.toggled.connect(lambda _on: self._changed("reasons"))
            reasons_layout.addWidget(tick, i // 2, i % 2)
            self.reason_boxes[key] = tick
        self.reason_other = self._line("reasons", TEXT_MAX, self.tr("Other reason for using kratom, in your words"))
        self.reason_other.setPlaceholderText(self.tr("other, in your words"))
        reasons_layout.addWidget(self.reason_other, 3, 0, 1, 2)
        self.main_field["reasons"] = self.reason_boxes["pain"]
        self._row(grid, "reasons", reasons)
        self.texts: dict[str, QLineEdit] = {}
        for key in ("pain_where", "pain_kind"):
            self.texts[key] = self._line(key, TEXT_MAX, _label(key) + " " + self.tr("(in your words)"))
            self.texts[key].setPlaceholderText(self.tr("in your words"))
            self.main_field[key] = self.texts[key]
            self._row(grid, key, self.texts[key])
        self.goal = QComboBox()
        self.goal.setObjectName("goal")
        self.goal.addItem(self.tr("not answered"), None)
        for key, text in BY_KEY["goal"].choices.items():
            self.goal.addItem(QCoreApplication.translate("background", text), key)
        self.goal.setAccessibleName(_label("goal"))
        self.goal.currentIndexChanged.connect(lambda: self._changed("goal"))
        self.main_field["goal"] = self.goal
        self._row(grid, "goal", self.goal)
        return box

    def _substance_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Other substances you take"))
        grid = QGridLayout(box)  # one grid: every substance's answer lines up
        grid.setColumnStretch(3, 1)
        self.substances: dict[str, _SubstanceRow] = {}
        for key in SUBSTANCES:
            row = _SubstanceRow(key, grid, self._date_label(key), self)
            row.changed.connect(lambda key=key: self._changed(key))
            self.substances[key] = row
            self.main_field[key] = row.taken
        self.caution = QLabel()
        self.caution.setObjectName("background_caution")
        self.caution.setWordWrap(True)
        grid.addWidget(self.caution, grid.rowCount(), 0, 1, 4)
        return box

    def _health_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Health and the product"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.yes_no: dict[str, QComboBox] = {}
        for key in ("naloxone", "liver_disease", "seizures", "pregnancy"):
            self.yes_no[key] = self._yes_no(key, self.tr("yes"), self.tr("no"))
            self._row(grid, key, self.yes_no[key])
        self.texts["product_source"] = self._line("product_source", TEXT_MAX, _label("product_source"))
        self.texts["product_source"].setPlaceholderText(self.tr("for example a shop or a website"))
        self.main_field["product_source"] = self.texts["product_source"]
        self._row(grid, "product_source", self.texts["product_source"])
        self.yes_no["lab_certificate"] = self._yes_no("lab_certificate", self.tr("yes"), self.tr("no"))
        self._row(grid, "lab_certificate", self.yes_no["lab_certificate"])
        return box

    # --- values ------------------------------------------------------------------------------

    def show_answers(self, background: Background) -> None:
        """Put ``background``'s answers in the fields (not answered where it has none)."""
        reasons = background.value("reasons") or Reasons(())
        for key, tick in self.reason_boxes.items():
            tick.setChecked(key in reasons.chosen)
        self.reason_other.setText(reasons.other)
        for key, line in self.texts.items():
            line.setText(background.value(key) or "")
        self.goal.setCurrentIndex(max(0, self.goal.findData(background.value("goal"))))
        for key, combo in self.yes_no.items():
            value = background.value(key)
            combo.setCurrentIndex(0 if value is None else combo.findData(value))
        for key, row in self.substances.items():
            row.show_value(background.value(key))
        for question in QUESTIONS:
            self._changed(question.key)

    def values(self) -> dict[str, object]:
        """Every question's value as the fields hold it (None: not answered); not checked."""
        chosen = tuple(k for k, tick in self.reason_boxes.items() if tick.isChecked())
        other = self.reason_other.text()
        values: dict[str, object] = {"reasons": Reasons(chosen, other) if chosen or other.strip() else None}
        values.update({k: line.text().strip() or None for k, line in self.texts.items()})
        values["goal"] = self.goal.currentData()
        values.update({k: combo.currentData() for k, combo in self.yes_no.items()})
        values.update({k: row.value() for k, row in self.substances.items()})
        return values

    def answers(self) -> Background:
        """The answers as they would be saved (changed ones dated today); FieldError if one cannot be."""
        return with_answers(self.loaded, self.values(), self.today)

    def _changed(self, key: str) -> None:
        """Show the question's day: the stored one while unchanged, today once changed."""
        value = self.values()[key]
        stored = self.loaded.answer(key)
        try:
            same = stored is not None and with_answers(Background(), {key: value}, self.today).value(key) == stored.value
        except FieldError:
            same = False  # not storable as it stands: it is a change, refused at save
        if value is None:
            text = self.tr("not answered")
        elif same:
            text = (fill(self.tr("answered %1"), _unbroken(date_text(stored.answered))) if stored.answered
                    else self.tr("date not recorded"))
        else:
            text = fill(self.tr("answered %1"), _unbroken(date_text(self.today)))
        self.dates[key].setText(text)
        self.main_field[key].setAccessibleDescription(text)
        if key in SUBSTANCES:
            self._update_caution()

    def _update_caution(self) -> None:
        taking = {k for k, row in self.substances.items() if row.taken.currentData() == TAKES}
        caution = interaction_caution(taking)
        self.caution.setText(" ".join(caution[1:]))
        self.caution.setVisible(bool(caution))

    # --- saving ------------------------------------------------------------------------------

    def save_answers(self) -> None:
        """Store the answers (in the caller's transaction, if any); FieldError if one cannot be."""
        answers = self.answers()
        preferences.save_background(self.db, answers, today=self.today)
        self.loaded = answers
        self.show_answers(answers)

    def save(self) -> bool:
        """The tab's own save: says "Saved." or why not, in words."""
        try:
            self.save_answers()
        except FieldError as err:
            self.status.setText(fill(self.tr("Not saved: %1"), str(err)))
            announce(self, self.status.text(), ASSERTIVE)
            return False
        self.status.setText(self.tr("Saved."))
        announce(self, self.status.text())
        self.saved.emit()
        return True


class _SubstanceRow(QObject):
    """One substance, two rows of ``grid``: not answered, none, or yes with its
    name, amount and since when (the second row, shown for yes)."""

    changed = Signal()

    def __init__(self, key: str, grid: QGridLayout, date: QLabel, parent: QWidget):
        super().__init__(parent)
        self.key = key
        name = _label(key)
        # Each detail is named by its visible label first ("Name"), then the substance.
        lower = QCoreApplication.translate("background", BY_KEY[key].label)
        row = grid.rowCount()
        self.taken = QComboBox()
        self.taken.setObjectName(f"takes_{key}")
        self.taken.addItem(self.tr("not answered"), None)
        self.taken.addItem(self.tr("none"), TAKES_NONE)
        self.taken.addItem(self.tr("yes"), TAKES)
        self.taken.setAccessibleName(fill(self.tr("%1: do you take it?"), name))
        label = QLabel(name + ":")
        label.setBuddy(self.taken)
        grid.addWidget(label, row, 0)
        grid.addWidget(self.taken, row, 1)
        grid.addWidget(date, row, 2, 1, 2)
        self.details = QWidget()
        details = QHBoxLayout(self.details)
        details.setContentsMargins(24, 0, 0, 0)
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.name.setAccessibleName(fill(self.tr("Name (%1)"), lower))
        self._labelled(details, self.tr("Name:"), self.name, 2)
        self.amount = QLineEdit()
        self.amount.setMaxLength(AMOUNT_MAX)
        self.amount.setPlaceholderText(self.tr("how much"))
        self.amount.setAccessibleName(fill(self.tr("How much (%1)"), lower))
        self.drinks = QSpinBox()
        self.drinks.setRange(0, DRINKS_MAX)
        self.drinks.setSpecialValueText(self.tr("not given"))
        self.drinks.setSuffix(self.tr(" drinks a week"))
        self.drinks.setAccessibleName(fill(self.tr("How much (%1, drinks a week)"), lower))
        self._labelled(details, self.tr("How much:"), self.drinks if key == ALCOHOL else self.amount, 2)
        self.since = QLineEdit()
        self.since.setMaxLength(10)
        self.since.setPlaceholderText(self.tr("YYYY or YYYY-MM"))
        self.since.setAccessibleName(fill(self.tr("Since (%1; YYYY, YYYY-MM or YYYY-MM-DD)"), lower))
        self._labelled(details, self.tr("Since:"), self.since, 1)
        grid.addWidget(self.details, row + 1, 0, 1, 4)
        for signal in (self.taken.currentIndexChanged, self.name.textChanged, self.amount.textChanged,
                       self.drinks.valueChanged, self.since.textChanged):
            signal.connect(self._edited)
        self._show_details()

    @staticmethod
    def _labelled(layout: QHBoxLayout, text: str, field: QWidget, stretch: int) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        layout.addWidget(label)
        layout.addWidget(field, stretch)

    def _edited(self) -> None:
        self._show_details()
        self.changed.emit()

    def _show_details(self) -> None:
        self.details.setVisible(self.taken.currentData() == TAKES)

    def show_value(self, value: Substance | None) -> None:
        taking = value is not None and value.takes
        self.taken.setCurrentIndex(self.taken.findData(None if value is None else TAKES if taking else TAKES_NONE))
        self.name.setText(value.name if taking else "")
        self.amount.setText(value.amount if taking else "")
        self.drinks.setValue((value.drinks_a_week or 0) if taking else 0)
        self.since.setText(value.since if taking else "")

    def value(self) -> Substance | None:
        chosen = self.taken.currentData()
        if chosen != TAKES:
            return None if chosen is None else NONE
        drinks = self.drinks.value() if self.key == ALCOHOL and self.drinks.value() else None
        return Substance(True, self.name.text().strip(), self.amount.text().strip() if self.key != ALCOHOL else "",
                         drinks, self.since.text().strip())
