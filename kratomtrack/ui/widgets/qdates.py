"""Days between Python and Qt's date widgets: the one pair of converters."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate


def to_qdate(day: dt.date) -> QDate:
    """``day`` as a QDate (for QDateEdit and the calendar)."""
    return QDate(day.year, day.month, day.day)


def from_qdate(q: QDate) -> dt.date:
    """The day a QDate holds, as a ``datetime.date``."""
    return dt.date(q.year(), q.month(), q.day())
