"""History's words for a day (its rows are kratomtrack.core.daily.DayRecord)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kratomtrack.core.records import RATING_LABELS


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
