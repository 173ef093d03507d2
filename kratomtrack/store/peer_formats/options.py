"""What the person told the import about a file it cannot know by itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadOptions:
    grams_feature: str | None = None  # Track & Graph: the feature that holds grams
    pain_feature: str | None = None  # Track & Graph: the feature that holds pain 0-10
    semicolons: bool = False  # a kratomtrack CSV re-saved with ';' and decimal commas
