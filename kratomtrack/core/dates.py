"""Dates in the words people and clinicians read: '3 Oct 2026'.

Not ISO (2026-10-03) and not 10/03/2026: day, short month name and year are
unambiguous in every English-speaking country.
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DASH = "\u2013"


def date_text(day: dt.date) -> str:
    """'3 Oct 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def span_text(start: dt.date, end: dt.date) -> str:
    """'3–9 Oct 2026', '28 Sep – 4 Oct 2026', or one date when start is end."""
    if start == end:
        return date_text(start)
    if start.year == end.year and start.month == end.month:
        return f"{start.day}{DASH}{end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} {DASH} {date_text(end)}"
    return f"{date_text(start)} {DASH} {date_text(end)}"
