"""What the person told the import about a file it cannot know by itself."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReadOptions:
    grams_feature: str | None = None  # Track & Graph: the feature that holds grams
    pain_feature: str | None = None  # Track & Graph: the feature that holds pain 0-10
    semicolons: bool = False  # a kratomtrack CSV re-saved with ';' and decimal commas
    sheet: SheetChoices = field(default_factory=lambda: SheetChoices())


@dataclass(frozen=True)
class SheetChoices:
    """A spreadsheet of someone's own (store/sheet_import.py): which column holds what.

    Each None: not said, so the remembered mapping or the sheet itself decides.
    """

    map: str | None = None  # --map: date=Date,grams=Amount (g),...
    date_order: str | None = None  # "dmy" or "mdy"
    units: str | None = None  # "g" or "mg"
    time_zone: str | None = None  # "local", "UTC" or a zone name
    decimal: str | None = None  # "point" or "comma"
    sheet_name: str | None = None  # which sheet of a workbook
    # Mappings confirmed before, by header key (core.sheet_mapping.header_key): their JSON.
    remembered: dict = field(default_factory=dict)
    # Read a sheet with its remembered mapping (the command); False: only offer it, so the
    # window's mapping step shows it to be confirmed.
    apply_remembered: bool = True
