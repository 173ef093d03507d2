"""A day of the Trends charts in words: what the label under the charts says on hover and click.

The text keeps the Trends page's translation context ("TrendsPage").
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from kratomtrack.core.amounts import amount_text, mean_grams_text
from kratomtrack.core.records import RATING_LABELS, Form
from kratomtrack.core.trends import DayFigures, TrendFigures, WeekFigures
from kratomtrack.core.date_ranges import week_start
from kratomtrack.ui.wording import escape, fill


def describe_day(figs: TrendFigures | None, day: dt.date) -> str:
    """That day's numbers in plain words, as rich text ("" for a day outside ``figs``).

    A day with nothing logged reads "not logged", never "0 g"; amounts read as
    ``core.amounts`` writes them ("2.25 g", a 7-OH product "15 mg")."""
    words = _day_parts(figs, day)
    if words is None:
        return ""
    when, parts, week = words
    text = f"<b>{escape(when)}</b>: " + "; ".join(escape(p) for p in parts)
    return text + "<br>" + escape(week) if week else text


def day_words(figs: TrendFigures | None, day: dt.date) -> str:
    """The words of ``describe_day`` as plain text (a line break before the
    week's): what a screen reader is asked to say for the day."""
    words = _day_parts(figs, day)
    if words is None:
        return ""
    when, parts, week = words
    text = f"{when}: " + "; ".join(parts)
    return text + "\n" + week if week else text


def _day_parts(figs: TrendFigures | None, day: dt.date) -> tuple[str, list[str], str] | None:
    """The day's date, its numbers and its week's line ("" on short ranges); None outside ``figs``."""
    numbers = figs.day(day) if figs else None
    if numbers is None:
        return None
    parts = []
    if not numbers.logged:
        parts.append(QCoreApplication.translate("TrendsPage", "not logged"))
    elif numbers.doses:
        parts.append(_doses_words(numbers))
    else:
        parts.append(QCoreApplication.translate("TrendsPage", "no kratom"))
    # What the chart marks above the bars, in words too.
    if numbers.night:
        parts.append(QCoreApplication.translate("TrendsPage", "a dose at night (00:00-05:00)"))
    if numbers.red_flags:
        parts.append(fill(QCoreApplication.translate("TrendsPage", "red flag ticked: %1"),
                          ", ".join(numbers.red_flags)))
    if numbers.leaf_average is not None:
        parts.append(fill(QCoreApplication.translate("TrendsPage", "7-day average %1/day"),
                          mean_grams_text(numbers.leaf_average)))
    if numbers.pain is not None:
        parts.append(fill(QCoreApplication.translate("TrendsPage", "pain %1 of 10"), numbers.pain))
    elif numbers.logged:  # "not logged" says it already
        parts.append(QCoreApplication.translate("TrendsPage", "pain not rated"))
    if numbers.ratings:
        rated = ", ".join(f"{name} {RATING_LABELS[value]}" for name, value in numbers.ratings.items())
        parts.append(fill(QCoreApplication.translate("TrendsPage", "side effects: %1"), rated))
    week_line = ""
    if figs.weekly:
        monday = week_start(day)
        week = next((w for w in figs.weeks if w.start == monday), None)
        if week is not None and week.days_counted:
            week_line = week_words(week)
    return long_day(day, weekday=True), parts, week_line


def _doses_words(numbers: DayFigures) -> str:
    """ "2 doses: leaf kratom 2.25 g, 7-OH product 15 mg" """
    taken = []
    if numbers.leaf_mg or not (numbers.extract_mg or numbers.seven_oh_mg):
        taken.append(fill(QCoreApplication.translate("TrendsPage", "leaf kratom %1"),
                          amount_text(numbers.leaf_mg)))
    if numbers.extract_mg:
        taken.append(fill(QCoreApplication.translate("TrendsPage", "extract %1"),
                          amount_text(numbers.extract_mg, Form.EXTRACT)))
    if numbers.seven_oh_mg:
        taken.append(fill(QCoreApplication.translate("TrendsPage", "7-OH product %1"),
                          amount_text(numbers.seven_oh_mg, Form.SEVEN_OH)))
    if numbers.doses == 1:
        count = QCoreApplication.translate("TrendsPage", "1 dose")
    else:
        count = fill(QCoreApplication.translate("TrendsPage", "%1 doses"), numbers.doses)
    return f"{count}: " + ", ".join(taken)


def week_words(week: WeekFigures) -> str:
    """The week's use days of its logged days and its leaf grams per logged day;
    a week with nothing logged says so (not "0 g")."""
    when = long_day(week.start)
    if not week.logged_days:
        return fill(QCoreApplication.translate("TrendsPage", "Week of %1: nothing logged"), when)
    if week.logged_days == 1:
        return fill(QCoreApplication.translate(
            "TrendsPage", "Week of %1: kratom on %2 of 1 logged day, %3 leaf that day"),
            when, week.use_days, amount_text(week.leaf_mg))
    return fill(QCoreApplication.translate(
        "TrendsPage", "Week of %1: kratom on %2 of %3 logged days, %4 leaf per logged day on average"),
        when, week.use_days, week.logged_days, mean_grams_text(week.leaf_per_day))


def long_day(day: dt.date, weekday: bool = False) -> str:
    """"3 Mar 2026", or "Tue 3 Mar 2026" with ``weekday``."""
    text = f"{day.day} {day:%b %Y}"
    return f"{day:%a} {text}" if weekday else text
