"""Which days the log speaks for: the one decision every view reads.

docs/health-content.md, "Days with nothing logged": a day is *logged* when it
holds a dose, a check-in (pain, a rating or a note) or a "no kratom" mark. A
logged day without a dose is a day without kratom; a day with nothing logged
is *unknown*: neither a day of use nor a day without, left out of every
average, count and denominator (None in figures, null in JSON, "not logged"
on the page). Today is unknown until something is logged for it.

Plain Python (no Qt, no SQL). The warning rule, Trends, History, Today, the
summary, the plan and every JSON output ask ``day_kind`` or ``logged_flags``,
so they always agree on what a day is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from enum import Enum
from fractions import Fraction


class DayKind(str, Enum):
    """What the log says about one calendar day. The value is what JSON holds."""

    USE = "use"              # at least one dose
    NO_KRATOM = "no_kratom"  # marked "no kratom" by the person, no dose
    NO_DOSE = "no_dose"      # a check-in but no dose and no mark: counted as a day without kratom
    UNKNOWN = "unknown"      # nothing logged: never counted as a day without kratom

    @property
    def logged(self) -> bool:
        return self is not DayKind.UNKNOWN

    @property
    def without_kratom(self) -> bool:
        """A logged day without a dose (marked or not)."""
        return self is DayKind.NO_KRATOM or self is DayKind.NO_DOSE


def day_kind(doses: int, checked_in: bool, marked: bool) -> DayKind:
    """The kind of a day from its dose count, whether it has a check-in, and its mark.

    A dose makes a day of use whatever its mark (an import or a damaged file
    may hold both; the dose is what happened).
    """
    if doses:
        return DayKind.USE
    if marked:
        return DayKind.NO_KRATOM
    return DayKind.NO_DOSE if checked_in else DayKind.UNKNOWN


def logged_flags(days: Sequence[dt.date], logged: Collection[dt.date],
                 dose_days: Collection[dt.date] = ()) -> list[bool]:
    """For each of ``days``, whether it is logged: one of ``logged`` (a store's
    ``logged_days_between``: doses, check-ins and marks) or a day with a dose
    (``dose_days``; a dose is always a record, whatever else was passed)."""
    return [d in logged or d in dose_days for d in days]


def mean_per_logged_day(total: int, logged: int) -> Fraction | None:
    """An exact mean over logged days (``total`` in whole units, e.g. milligrams);
    None when no day is logged: an average of nothing is unknown, not 0."""
    return Fraction(total, logged) if logged else None


def per_logged_day(total: float, logged: int) -> float | None:
    """A chart's mean over logged days (grams or doses, as a float); None when no
    day is logged. Weeks and long-range periods share it, so they agree."""
    return total / logged if logged else None


def unknown_words(unknown: int, days: int) -> str:
    """ "12 of these 21 days have nothing logged" (the reason a window is not judged)."""
    if unknown == 1:
        return f"1 of these {days} days has nothing logged"
    return f"{unknown} of these {days} days have nothing logged"
