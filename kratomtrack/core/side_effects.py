"""Side-effect rules of the day editor: which names are already listed, and
which ratings a check-in keeps for side effects that are hidden from the list.

Names compare without regard to case ("Headache" is "headache"), as the log
stores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def is_listed(name: str, names: Iterable[str]) -> bool:
    """Whether ``name`` is already among ``names`` (case aside): adding it again is refused."""
    folded = name.casefold()
    return any(folded == other.casefold() for other in names)


def ratings_to_save(stored: Mapping[str, int], shown_names: Iterable[str],
                    shown_ratings: Mapping[str, int]) -> dict[str, int]:
    """The day's ratings after a change made in the list shown.

    A side effect hidden from the list keeps the rating stored for the day
    (hiding it never erases its history); for the ones shown, what is shown
    is what is saved, so an unrated row drops its stored rating.
    """
    shown = {name.casefold() for name in shown_names}
    ratings = {name: value for name, value in stored.items() if name.casefold() not in shown}
    ratings.update(shown_ratings)
    return ratings
