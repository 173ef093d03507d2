"""Dates in the words people and clinicians read: '3 Oct 2026'.

Not ISO (2026-10-03) and not 10/03/2026: day, short month name and year are
unambiguous in every English-speaking country. Every date or time the app
shows in words is written here; the names are English whatever the locale,
like the rest of the words core gives.
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DASH = "\u2013"


def month_text(day: dt.date) -> str:
    """'Oct'."""
    return MONTHS[day.month - 1]


def month_year_text(day: dt.date) -> str:
    """'Oct 2026'."""
    return f"{month_text(day)} {day.year}"


def short_day_text(day: dt.date) -> str:
    """'3 Oct': a day of the current stretch, where the year goes without saying."""
    return f"{day.day} {month_text(day)}"


def date_text(day: dt.date) -> str:
    """'3 Oct 2026'."""
    return f"{day.day} {month_text(day)} {day.year}"


def weekday_date_text(day: dt.date) -> str:
    """'Sat 3 Oct 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {date_text(day)}"


def moment_text(moment: dt.datetime) -> str:
    """'Sat 03 Oct 2026 14:05': when something was made, to the minute (backups)."""
    return (f"{WEEKDAYS[moment.weekday()]} {moment.day:02d} {month_text(moment)} {moment.year} "
            f"{moment.hour:02d}:{moment.minute:02d}")


def span_text(start: dt.date, end: dt.date) -> str:
    """'3–9 Oct 2026', '28 Sep – 4 Oct 2026', or one date when start is end."""
    if start == end:
        return date_text(start)
    if start.year == end.year and start.month == end.month:
        return f"{start.day}{DASH}{end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} {DASH} {date_text(end)}"
    return f"{date_text(start)} {DASH} {date_text(end)}"
