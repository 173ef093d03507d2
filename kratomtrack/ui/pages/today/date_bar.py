"""Today's date bar: previous and next day, the day picker, how long ago the
day is, and "Back to today". It also knows which day is today, and moves its
limit on when midnight passes (``roll_today``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from kratomtrack.ui.widgets.look import muted
from kratomtrack.ui.widgets.qdates import DayEdit, fit_longest_day, from_qdate, to_qdate
from kratomtrack.ui.wording import fill


class DateBar(QWidget):
    """Shows one day; ``day_picked(date)`` when the person asks for another.

    The page decides what is shown (it clamps to today) and calls ``show_day``.
    """

    day_picked = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.today = dt.date.today()  # the last day seen as today; see roll_today
        self.day = self.today
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(6)
        self.prev_button = QToolButton()
        self.prev_button.setText("‹")
        self.prev_button.setAccessibleName(self.tr("Previous day"))
        self.prev_button.setToolTip(self.tr("Previous day (Alt+Left)"))
        self.prev_button.clicked.connect(lambda: self.day_picked.emit(self.day - dt.timedelta(days=1)))
        self.date_edit = DayEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName(self.tr("Day shown"))
        self.date_edit.setToolTip(self.tr("Pick a day to fill in or correct. Days after today cannot be picked."))
        self.date_edit.setMinimumDate(QDate(1970, 1, 1))
        self.date_edit.setMaximumDate(to_qdate(self.today))
        self.date_edit.setDate(to_qdate(self.day))
        font = self.date_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.date_edit.setFont(font)
        fit_longest_day(self.date_edit)  # "Wednesday 28 September 2000" never loses its year
        self.date_edit.dateChanged.connect(lambda d: self.day_picked.emit(from_qdate(d)))
        self.next_button = QToolButton()
        self.next_button.setText("›")
        self.next_button.setAccessibleName(self.tr("Next day"))
        self.next_button.setToolTip(self.tr("Next day (Alt+Right)"))
        self.next_button.clicked.connect(lambda: self.day_picked.emit(self.day + dt.timedelta(days=1)))
        for button in (self.prev_button, self.next_button):
            button.setFont(font)
            button.setMinimumWidth(button.sizeHint().height())
        self.today_button = QPushButton(self.tr("Back to today"))
        self.today_button.clicked.connect(lambda: self.day_picked.emit(dt.date.today()))
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

    def show_day(self, day: dt.date) -> None:
        """Put ``day`` in the picker without announcing it as picked."""
        self.day = day
        if self.date_edit.date() != to_qdate(day):
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(to_qdate(day))
            self.date_edit.blockSignals(False)

    def roll_today(self, today: dt.date) -> None:
        """Take ``today`` as today (after midnight): the picker's last day moves on."""
        if today != self.today:
            self.today = today
            self.date_edit.setMaximumDate(to_qdate(today))

    def update_words(self) -> None:
        """How long ago the day is, and which buttons apply to it."""
        today = dt.date.today()
        self.next_button.setEnabled(self.day < today)
        self.today_button.setVisible(self.day != today)
        ago = (today - self.day).days
        if ago == 0:
            text = self.tr("today")
        elif ago == 1:
            text = self.tr("yesterday")
        else:
            text = fill(self.tr("%1 days ago"), ago)
        self.relative_label.setText(text)
