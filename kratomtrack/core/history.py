"""One line per day for the History table: what a day adds up to, in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kratomtrack.core.daily import DayTotals, daily_totals
from kratomtrack.core.records import RATING_LABELS, CheckIn, Dose


@dataclass(frozen=True)
class DayRow:
    """A day as History shows it. ``pain`` None means not recorded."""

    day: dt.date
    leaf_grams: float = 0.0
    doses: int = 0
    extract_grams: float = 0.0
    seven_oh_grams: float = 0.0
    other_grams: float = 0.0
    pain: int | None = None
    ratings: tuple[tuple[str, int], ...] = ()  # in the side-effect list's order
    note: str = ""
    has_checkin: bool = False

    @property
    def has_concentrate(self) -> bool:
        return self.extract_grams > 0 or self.seven_oh_grams > 0


def day_rows(
    days: Sequence[dt.date], doses: Iterable[Dose], checkins: dict[dt.date, CheckIn]
) -> list[DayRow]:
    """A DayRow for each of ``days``, in that order, from the days' doses and check-ins."""
    totals = daily_totals(doses)
    rows = []
    for day in days:
        t = totals.get(day, DayTotals(day))
        checkin = checkins.get(day)
        rows.append(DayRow(
            day=day,
            leaf_grams=t.leaf_grams,
            doses=t.doses,
            extract_grams=t.extract_grams,
            seven_oh_grams=t.seven_oh_grams,
            other_grams=t.other_grams,
            pain=checkin.pain if checkin else None,
            ratings=tuple(checkin.ratings.items()) if checkin else (),
            note=checkin.note if checkin else "",
            has_checkin=checkin is not None,
        ))
    return rows


def side_effects_in_words(
    ratings: Iterable[tuple[str, int]], labels: Sequence[str] = RATING_LABELS
) -> str:
    """"insomnia moderate, anxiety mild": the felt ones, worst first.

    Ratings of 0 are left out; if every rated side effect was 0 the result
    is the word for none; with no ratings at all it is empty (not recorded).
    ``labels`` are the words for 0-3 (translated by the window).
    """
    ratings = list(ratings)
    felt = [(name, value) for name, value in ratings if value > 0]
    if not felt:
        return labels[0] if ratings else ""
    # sorted() is stable: equal ratings keep the side-effect list's order.
    felt = sorted(felt, key=lambda item: -item[1])
    return ", ".join(f"{name} {labels[value]}" for name, value in felt)


def side_effect_burden(ratings: Iterable[tuple[str, int]]) -> int:
    """The sum of a day's ratings (History sorts its side-effect column by it)."""
    return sum(value for _, value in ratings)
