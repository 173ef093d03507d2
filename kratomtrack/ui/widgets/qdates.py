"""Days between Python and Qt's date widgets: the one pair of converters,
the one way the window writes a day (long weekday and month names), and the
date field every page and dialog uses (one Tab stop)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit, QTimeEdit, QWidget

# How the window writes a day: "Thursday 26 November 2026".
DAY_FORMAT = "dddd d MMMM yyyy"


def to_qdate(day: dt.date) -> QDate:
    """``day`` as a QDate (for QDateEdit and the calendar)."""
    return QDate(day.year, day.month, day.day)


def from_qdate(q: QDate) -> dt.date:
    """The day a QDate holds, as a ``datetime.date``."""
    return dt.date(q.year(), q.month(), q.day())


def day_text(day: dt.date, widget: QWidget | None = None) -> str:
    """``day`` in the window's style, in ``widget``'s language (else the default's)."""
    locale = widget.locale() if widget is not None else QLocale()
    return locale.toString(to_qdate(day), DAY_FORMAT)


def longest_day_text(locale: QLocale, font_metrics) -> str:
    """The widest day the locale writes in DAY_FORMAT (longest weekday and month names)."""
    long_ = QLocale.FormatType.LongFormat
    weekday = max((locale.dayName(d, long_) for d in range(1, 8)), key=font_metrics.horizontalAdvance)
    month = max((locale.monthName(m, long_) for m in range(1, 13)), key=font_metrics.horizontalAdvance)
    return f"{weekday} 28 {month} 2000"  # DAY_FORMAT's order, widest digits


def fit_longest_day(edit: QDateEdit) -> None:
    """Make ``edit`` (in DAY_FORMAT) wide enough for any day its language can write."""
    edit.setDisplayFormat(DAY_FORMAT)
    metrics = edit.fontMetrics()
    text = metrics.horizontalAdvance(longest_day_text(edit.locale(), metrics))
    # The frame, the text margins and the calendar button around the text.
    edit.setMinimumWidth(text + metrics.height() * 2 + 18)


class OneTabStop:
    """Tab and Shift+Tab leave the field, as they leave any other.

    Qt's date and time fields step Tab through their parts (day, month, year),
    so a screen reader user hears one field as three stops; and a field showing
    its special value ("not given") swallows Tab: nothing after it can be
    reached going forward. Left and Right still move between the parts, Up and
    Down change the one the cursor is in, and typing works as before.
    """

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        return QWidget.focusNextPrevChild(self, next)


class DayEdit(OneTabStop, QDateEdit):
    """A date field that is one Tab stop."""


class TimeEdit(OneTabStop, QTimeEdit):
    """A time field that is one Tab stop."""
