"""The records a person keeps: doses, daily check-ins and side effects.

The whole log in memory (with its check-ups) is core.log.Log; it lives apart
so that this module imports nothing of the app and validation and check-ups
can build on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Form(str, Enum):
    """How the kratom was taken. The value is what files and the database hold."""

    POWDER = "powder"
    CAPSULES = "capsules"
    TEA = "tea"
    EXTRACT = "extract"
    SEVEN_OH = "7-oh"
    OTHER = "other"

    @property
    def label(self) -> str:
        return FORM_LABELS[self]

    @property
    def is_leaf(self) -> bool:
        return self in LEAF_FORMS

    @property
    def is_concentrate(self) -> bool:
        return self in CONCENTRATE_FORMS


FORM_LABELS = {
    Form.POWDER: "powder",
    Form.CAPSULES: "capsules",
    Form.TEA: "tea",
    Form.EXTRACT: "extract",
    Form.SEVEN_OH: "7-OH product",
    Form.OTHER: "other",
}

# Only leaf forms add up to "leaf grams". Extract and 7-OH grams are not
# comparable with leaf, so they are counted apart and never summed with it.
LEAF_FORMS = frozenset({Form.POWDER, Form.CAPSULES, Form.TEA})
CONCENTRATE_FORMS = frozenset({Form.EXTRACT, Form.SEVEN_OH})

# Side-effect ratings (docs/health-content.md, "Pain and side-effect scales"): 0 none, 1 mild, 2 moderate, 3 severe.
RATING_LABELS = ("none", "mild", "moderate", "severe")

# Always offered, in this order (docs/health-content.md, "Pain and side-effect scales":
# the three the product is about, then the common others).
BUILTIN_SIDE_EFFECTS = (
    "dizziness",
    "insomnia",
    "anxiety",
    "nausea",
    "constipation",
    "loss of appetite",
    "irritability",
    "fast heartbeat",
    "sweating",
    "itching",
)

PAIN_LABELS = {0: "no pain", 10: "worst pain imaginable"}


@dataclass(frozen=True)
class Dose:
    """One dose: when it was taken (local time, minute precision) and how much."""

    taken_at: dt.datetime
    grams: float
    form: Form = Form.POWDER
    product: str = ""
    note: str = ""
    id: int | None = field(default=None, compare=False)
    # Optional "pain now" (0-10) when the dose was taken, and the pain the
    # person recorded for it one to three hours later (docs/health-content.md,
    # "Patterns over time": their own observation). None: not recorded.
    pain_before: int | None = None
    pain_after: int | None = None
    # The stable id of a stored dose (schema 6): the same dose on two computers
    # (store/sync/). Like id, not part of what the dose is.
    uid: str | None = field(default=None, compare=False)

    @property
    def day(self) -> dt.date:
        return self.taken_at.date()

    @property
    def milligrams(self) -> int:
        """The amount in whole milligrams: what every sum of amounts adds up, exactly (no float drift)."""
        return round(self.grams * 1000)

    @property
    def identity(self) -> tuple:
        """What makes two doses 'the same dose' (used to skip re-imports)."""
        return (
            self.taken_at.strftime("%Y-%m-%dT%H:%M"),
            self.milligrams,
            self.form.value,
            self.product,
            self.note,
        )


@dataclass(frozen=True)
class CheckIn:
    """A day's check-in. ``pain`` None means "not recorded", which is not 0.

    ``ratings`` holds only the side effects the person rated; a missing one
    was not recorded, while 0 means "none".
    """

    day: dt.date
    pain: int | None = None
    ratings: dict[str, int] = field(default_factory=dict)
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return self.pain is None and not self.ratings and not self.note

    def same_content(self, other: CheckIn) -> bool:
        return (
            self.day == other.day
            and self.pain == other.pain
            and self.note == other.note
            and {k.casefold(): v for k, v in self.ratings.items()}
            == {k.casefold(): v for k, v in other.ratings.items()}
        )


@dataclass(frozen=True)
class SideEffect:
    """A side effect the app offers. Hidden ones keep their history."""

    name: str
    builtin: bool = False
    hidden: bool = False
    position: int = 0
