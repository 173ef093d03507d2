"""Words the warning uses: the note about its thresholds, and spans of days."""

from __future__ import annotations

from kratomtrack.core.translatable import translatable

THRESHOLDS_ARE_CONVENTIONS = translatable(
    "warning",
    "These thresholds (how many days, how many percent, how many grams and how "
    "long the windows are) are conventions, not validated medical cut-offs.",
)


def span_words(days: int) -> str:
    """7 -> "week", 21 -> "3 weeks", 10 -> "10 days"."""
    if days % 7 == 0:
        weeks = days // 7
        return "week" if weeks == 1 else f"{weeks} weeks"
    return "day" if days == 1 else f"{days} days"


def this_window_words(days: int) -> str:
    return "this week" if days == 7 else f"over the last {span_words(days)}"


def months_words(days: int) -> str:
    months = round(days / 30.5)
    return f"{months} months" if months > 1 and abs(days - months * 30.5) < 3 else f"{days} days"
