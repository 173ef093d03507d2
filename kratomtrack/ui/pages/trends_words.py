"""A day of the Trends charts in words: what the label under the charts says on hover and click.

The text keeps the Trends page's translation context ("TrendsPage").
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from kratomtrack.core.records import RATING_LABELS
from kratomtrack.core.trends import TrendFigures, week_start
from kratomtrack.ui.wording import escape, fill


def describe_day(figs: TrendFigures | None, day: dt.date) -> str:
    """That day's numbers in plain words, as rich text ("" for a day outside ``figs``)."""
    numbers = figs.day(day) if figs else None
    if numbers is None:
        return ""
    parts = []
    if numbers.doses:
        taken = []
        if numbers.leaf_grams or not (numbers.extract_grams or numbers.seven_oh_grams):
            taken.append(fill(QCoreApplication.translate("TrendsPage", "leaf kratom %1 g"),
                              grams_text(numbers.leaf_grams)))
        if numbers.extract_grams:
            taken.append(fill(QCoreApplication.translate("TrendsPage", "extract %1 g"),
                              grams_text(numbers.extract_grams)))
        if numbers.seven_oh_grams:
            taken.append(fill(QCoreApplication.translate("TrendsPage", "7-OH product %1 g"),
                              grams_text(numbers.seven_oh_grams)))
        count = (QCoreApplication.translate("TrendsPage", "1 dose") if numbers.doses == 1
                 else fill(QCoreApplication.translate("TrendsPage", "%1 doses"), numbers.doses))
        parts.append(f"{count}: " + ", ".join(taken))
    elif figs.first_day is not None and day >= figs.first_day:
        parts.append(QCoreApplication.translate("TrendsPage", "no kratom logged"))
    if numbers.leaf_average is not None:
        parts.append(fill(QCoreApplication.translate("TrendsPage", "7-day average %1 g/day"),
                          grams_text(numbers.leaf_average)))
    if numbers.pain is not None:
        parts.append(fill(QCoreApplication.translate("TrendsPage", "pain %1 of 10"), numbers.pain))
    else:
        parts.append(QCoreApplication.translate("TrendsPage", "pain not rated"))
    if numbers.ratings:
        rated = ", ".join(f"{name} {RATING_LABELS[value]}" for name, value in numbers.ratings.items())
        parts.append(fill(QCoreApplication.translate("TrendsPage", "side effects: %1"), rated))
    text = f"<b>{long_day(day, weekday=True)}</b>: " + "; ".join(escape(p) for p in parts)
    if figs.weekly:
        monday = week_start(day)
        week = next((w for w in figs.weeks if w.start == monday), None)
        if week is not None and week.days_counted:
            text += "<br>" + escape(fill(QCoreApplication.translate(
                "TrendsPage", "Week of %1: kratom on %2 of %3 days, %4 g leaf per day on average"),
                long_day(monday), week.use_days, week.days_counted, grams_text(week.leaf_per_day)))
    return text


def long_day(day: dt.date, weekday: bool = False) -> str:
    """"3 Mar 2026", or "Tue 3 Mar 2026" with ``weekday``."""
    text = f"{day.day} {day:%b %Y}"
    return f"{day:%a} {text}" if weekday else text


def grams_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"
