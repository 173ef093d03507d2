"""Daily aggregation: what each calendar day adds up to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kratomtrack.core.records import CheckIn, Dose, Form


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


@dataclass(frozen=True)
class DayRecord(DayTotals):
    """A calendar day's intake together with its check-in (History and the summary).

    ``pain`` None means not recorded. ``ratings`` are (name, rating) pairs in
    the check-in's order, which is the side-effect list's order for stored
    check-ins. ``checked_in`` is true when the day has a check-in with
    something in it.
    """

    pain: int | None = None
    ratings: tuple[tuple[str, int], ...] = ()
    note: str = ""
    checked_in: bool = False


def day_records(
    days: Sequence[dt.date], doses: Iterable[Dose], checkins: Mapping[dt.date, CheckIn]
) -> list[DayRecord]:
    """A DayRecord for each of ``days``, in that order, from the doses and check-ins given.

    Doses and check-ins on other days are ignored.
    """
    totals = daily_totals(doses)
    records = []
    for day in days:
        t = totals.get(day, DayTotals(day))
        checkin = checkins.get(day)
        records.append(DayRecord(
            **vars(t),
            pain=checkin.pain if checkin else None,
            ratings=tuple(checkin.ratings.items()) if checkin else (),
            note=checkin.note if checkin else "",
            checked_in=checkin is not None and not checkin.is_empty,
        ))
    return records


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every calendar day from start to end, both included."""
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
