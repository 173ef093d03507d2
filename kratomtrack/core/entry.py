"""What the day editor needs beyond validation: typed times, the time a dose
is given when none is typed, and the typo guard.

The typo guard asks "Is this right?" before an unusually large amount is
saved. It catches a slipped key (25 for 2.5); it is not advice about amounts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.daily import daily_totals
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.validation import FieldError

# Typo-guard thresholds (issue "Daily entry and history"): a single dose over
# 15 g, or a day's leaf total over 40 g, is confirmed before it is saved.
TYPO_GUARD_DOSE_GRAMS = 15.0
TYPO_GUARD_DAY_LEAF_GRAMS = 40.0

_TIME = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.h]?(?P<minute>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?"
)


def parse_time_of_day(value: object) -> dt.time | None:
    """A time as people type it: 8, 08:30, 8.30, 0830, 8:30 pm. Empty means None.

    Raises FieldError("time", ...) for anything else.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldError("time", "must be a time such as 08:30")
    text = value.strip().casefold()
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if not match:
        raise FieldError("time", f"'{value.strip()[:20]}' is not a time; write it like 08:30")
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = (match["half"] or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise FieldError("time", f"'{value.strip()}' is not a time; with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise FieldError("time", f"'{value.strip()}' is not a time of day (00:00 to 23:59)")
    return dt.time(hour, minute)


def time_for_dose(typed: dt.time | None, day: dt.date, now: dt.datetime,
                  kept: dt.time | None = None) -> dt.time | None:
    """The time a dose being saved on ``day`` is given.

    The time typed, if any; else ``kept`` (a dose being changed keeps its
    own time); else, on today, ``now`` to the minute. None means the time
    must be asked for: on a past day "now" would be a wrong time.
    """
    if typed is not None:
        return typed
    if kept is not None:
        return kept
    if day == now.date():
        return now.replace(second=0, microsecond=0).time()
    return None


@dataclass(frozen=True)
class TypoCheck:
    """Whether a dose about to be saved should be confirmed first, and why."""

    dose_grams: float
    large_dose: bool
    day_leaf_after: float
    large_day: bool

    @property
    def needs_confirmation(self) -> bool:
        return self.large_dose or self.large_day


def typo_check(dose: Dose, other_doses_that_day: Iterable[Dose]) -> TypoCheck:
    """Check a new or changed dose against the typo-guard thresholds.

    ``other_doses_that_day`` are the day's doses without this one (for an
    edit, without its old version). Only leaf forms count toward the day's
    leaf total; extract and 7-OH grams are never added to it.
    """
    others = [d for d in other_doses_that_day if d.id is None or d.id != dose.id]
    totals = daily_totals([*others, dose]).get(dose.day)
    leaf_after = totals.leaf_grams if totals else 0.0
    return TypoCheck(
        dose_grams=dose.grams,
        large_dose=dose.grams > TYPO_GUARD_DOSE_GRAMS,
        day_leaf_after=leaf_after,
        large_day=dose.form.is_leaf and leaf_after > TYPO_GUARD_DAY_LEAF_GRAMS,
    )


def typo_guard_words(check: TypoCheck, form: Form = Form.POWDER) -> str:
    """Why a dose is asked about, in words (the command line's; the window asks in its own, translated)."""
    lines = []
    if check.large_dose:
        lines.append(f"{amount_text(round(check.dose_grams * 1000), form)} in one dose is more than "
                     f"{amount_text(round(TYPO_GUARD_DOSE_GRAMS * 1000))}.")
    if check.large_day:
        lines.append(f"It brings this day's leaf total to {amount_text(round(check.day_leaf_after * 1000))}, "
                     f"more than {amount_text(round(TYPO_GUARD_DAY_LEAF_GRAMS * 1000))}.")
    return " ".join([*lines, "This check only catches typing slips, such as 25 for 2.5."])
