"""Daily figures: what each calendar day adds up to, computed once for every page.

Today's total line, the typo guard, History's rows, the Trends charts, the
dependence warning's windows and the summary for a doctor all read these
figures, so they always agree. A day is the local calendar day of the dose's
(naive, local) time: a dose at 00:10 counts on the new day.

Amounts are summed in whole milligrams (``Dose.milligrams``), so many small
doses add up exactly; grams are those sums divided by 1000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from kratomtrack.core.records import LEAF_FORMS, CheckIn, Dose, Form


@dataclass(frozen=True)
class DayTotals:
    """One local calendar day's intake, in whole milligrams.

    Leaf holds powder, capsules and tea only; extract, 7-OH product and
    "other" are kept apart because they are not comparable with leaf.
    """

    day: dt.date
    leaf_mg: int = 0
    doses: int = 0
    extract_mg: int = 0
    seven_oh_mg: int = 0
    other_mg: int = 0
    largest_leaf_mg: int = 0
    largest_concentrate_mg: int = 0  # extract or 7-OH product
    largest_mg: int = 0  # any form
    first_dose: dt.time | None = None
    last_dose: dt.time | None = None

    @property
    def used(self) -> bool:
        return self.doses > 0

    @property
    def has_concentrate(self) -> bool:
        return self.extract_mg > 0 or self.seven_oh_mg > 0

    leaf_grams = property(lambda self: self.leaf_mg / 1000)
    extract_grams = property(lambda self: self.extract_mg / 1000)
    seven_oh_grams = property(lambda self: self.seven_oh_mg / 1000)
    other_grams = property(lambda self: self.other_mg / 1000)
    largest_leaf_grams = property(lambda self: self.largest_leaf_mg / 1000)
    largest_concentrate_grams = property(lambda self: self.largest_concentrate_mg / 1000)

    @property
    def concentrate_mg(self) -> int:
        return self.extract_mg + self.seven_oh_mg


def daily_totals(doses: Iterable[Dose]) -> dict[dt.date, DayTotals]:
    """Sum doses by the local calendar day they were taken on (whole milligrams)."""
    rows: dict[dt.date, list] = {}
    for dose in doses:
        # leaf, extract, 7-oh, other, count, largest leaf, largest concentrate, largest, first, last
        row = rows.get(dose.day)
        moment = dose.taken_at.time()
        if row is None:
            row = rows[dose.day] = [0, 0, 0, 0, 0, 0, 0, 0, moment, moment]
        amount = dose.milligrams
        form = dose.form
        if form in LEAF_FORMS:
            row[0] += amount
            if amount > row[5]:
                row[5] = amount
        elif form is Form.EXTRACT or form is Form.SEVEN_OH:
            row[1 if form is Form.EXTRACT else 2] += amount
            if amount > row[6]:
                row[6] = amount
        else:
            row[3] += amount
        row[4] += 1
        if amount > row[7]:
            row[7] = amount
        if moment < row[8]:
            row[8] = moment
        elif moment > row[9]:
            row[9] = moment
    return {day: DayTotals(day, r[0], r[4], r[1], r[2], r[3], r[5], r[6], r[7], r[8], r[9])
            for day, r in rows.items()}


@dataclass(frozen=True)
class DayRecord(DayTotals):
    """A calendar day's intake together with its check-in (History and the summary).

    ``pain`` None means not recorded. ``ratings`` are (name, rating) pairs in
    the check-in's order, which is the side-effect list's order for stored
    check-ins. ``checked_in`` is true when the day has a check-in with
    something in it. ``no_use`` is true when the day is marked "no kratom
    today" and has no dose: a logged day without use.

    ``unreadable_doses`` and ``unreadable_checkin`` name (one finding each)
    the day's records that damage inside the file made unreadable; they are
    in none of the figures above. Only History reads them (store.history).
    """

    pain: int | None = None
    ratings: tuple[tuple[str, int], ...] = ()
    note: str = ""
    checked_in: bool = False
    no_use: bool = False
    unreadable_doses: tuple[str, ...] = ()
    unreadable_checkin: tuple[str, ...] = ()  # the check-in row or its ratings

    @property
    def unreadable(self) -> tuple[str, ...]:
        return self.unreadable_doses + self.unreadable_checkin


def day_records(
    days: Sequence[dt.date], doses: Iterable[Dose], checkins: Mapping[dt.date, CheckIn],
    no_use: Collection[dt.date] = frozenset(),
) -> list[DayRecord]:
    """A DayRecord for each of ``days``, in that order, from the doses, check-ins
    and "no kratom today" marks given.

    Doses and check-ins on other days are ignored.
    """
    return records_from_totals(days, daily_totals(doses), checkins, no_use)


def records_from_totals(
    days: Sequence[dt.date], totals: Mapping[dt.date, DayTotals], checkins: Mapping[dt.date, CheckIn],
    no_use: Collection[dt.date] = frozenset(),
) -> list[DayRecord]:
    """A DayRecord for each of ``days`` from totals already computed by daily_totals."""
    records = []
    for day in days:
        t = totals.get(day) or DayTotals(day)
        checkin = checkins.get(day)
        records.append(DayRecord(
            **vars(t),
            pain=checkin.pain if checkin else None,
            ratings=tuple(checkin.ratings.items()) if checkin else (),
            note=checkin.note if checkin else "",
            checked_in=checkin is not None and not checkin.is_empty,
            no_use=not t.doses and day in no_use,  # a dose makes it a use day whatever its mark
        ))
    return records


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every calendar day from start to end, both included."""
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
