"""History's words for a day (its rows are kratomtrack.core.daily.DayRecord), and
the runs of days with nothing logged that it shows between them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from kratomtrack.core.records import RATING_LABELS

ONE_DAY = dt.timedelta(days=1)


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


@dataclass(frozen=True)
class Gap:
    """Consecutive days with nothing logged: unknown, never days without kratom
    (core.coverage). History shows each gap as one "not logged" row."""

    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def gaps_between(logged: Collection[dt.date], first_logged: dt.date | None, start: dt.date,
                 end: dt.date, today: dt.date | None = None) -> list[Gap]:
    """The runs of days from start to end that are not in ``logged``, oldest first.

    Days before ``first_logged`` (the log's first logged day) are not gaps: the
    log had not begun. With ``today`` given, today and later are never gaps: a
    day counts once something is logged for it, so the morning is not a gap.
    """
    if first_logged is None:
        return []
    begin = max(start, first_logged)
    stop = end if today is None else min(end, today - ONE_DAY)
    if begin > stop:
        return []
    gaps = []
    previous = begin - ONE_DAY
    for day in [*sorted(d for d in set(logged) if begin <= d <= stop), stop + ONE_DAY]:
        if day - previous > ONE_DAY:
            gaps.append(Gap(previous + ONE_DAY, day - ONE_DAY))
        previous = day
    return gaps
