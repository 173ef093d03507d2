"""Daily aggregation: what each calendar day adds up to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kratomtrack.core.records import Dose, Form


@dataclass(frozen=True)
class DayTotals:
    """One local calendar day's intake.

    Leaf grams hold powder, capsules and tea only; extract, 7-OH product and
    "other" grams are kept apart because they are not comparable with leaf.
    """

    day: dt.date
    leaf_grams: float = 0.0
    doses: int = 0
    extract_grams: float = 0.0
    seven_oh_grams: float = 0.0
    other_grams: float = 0.0
    largest_dose: float = 0.0

    @property
    def used(self) -> bool:
        return self.doses > 0

    @property
    def has_concentrate(self) -> bool:
        return self.extract_grams > 0 or self.seven_oh_grams > 0


def daily_totals(doses: Iterable[Dose]) -> dict[dt.date, DayTotals]:
    """Sum doses by the local calendar day they were taken on.

    Sums are kept in whole tenths of a gram so that many small doses add up
    exactly (0.1 g steps, no floating-point drift).
    """
    tenths: dict[dt.date, list[int]] = {}
    for dose in doses:
        # leaf, extract, 7-oh, other, count, largest
        row = tenths.setdefault(dose.day, [0, 0, 0, 0, 0, 0])
        amount = round(dose.grams * 10)
        if dose.form.is_leaf:
            row[0] += amount
        elif dose.form is Form.EXTRACT:
            row[1] += amount
        elif dose.form is Form.SEVEN_OH:
            row[2] += amount
        else:
            row[3] += amount
        row[4] += 1
        row[5] = max(row[5], amount)
    return {
        day: DayTotals(day, r[0] / 10, r[4], r[1] / 10, r[2] / 10, r[3] / 10, r[5] / 10)
        for day, r in tenths.items()
    }


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every calendar day from start to end, both included."""
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def totals_for_range(
    doses: Iterable[Dose], start: dt.date, end: dt.date
) -> list[DayTotals]:
    """One DayTotals per calendar day from start to end, empty days included."""
    by_day = daily_totals(d for d in doses if start <= d.day <= end)
    return [by_day.get(day, DayTotals(day)) for day in days_between(start, end)]
