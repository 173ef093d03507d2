"""Which column of a spreadsheet holds which of kratomtrack's fields: the guess,
the person's choice, and how it is written down (``--map``) and remembered.

The guess reads the column names first (in English and a few other
languages) and checks it against the values; what neither says is left
unchosen for the person. The date order is guessed only from a row that
proves it (core/sheet_cells.date_order_proof). A mapping is remembered by a
key made from the header cells (``header_key``), so the next file with the
same header opens with the same choices.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kratomtrack.core.records import BUILTIN_SIDE_EFFECTS
from kratomtrack.core.sheet_cells import (
    DATE_ORDERS,
    CellError,
    date_order_proof,
    guess_decimal_comma,
    is_blank,
    numeric_dates,
    read_amount,
    read_time,
    read_whole,
    read_when,
)
from kratomtrack.core.sheet_layout import Sheet, column_letters

# Our fields, in the order the mapping step shows them; "amount" is grams or mg (``unit``).
FIELDS = ("date", "time", "amount", "form", "product", "pain", "note")
UNITS = ("g", "mg")
LOCAL = "local"  # times as written: the computer's own time zone
# What each --map key means; "grams" and "mg" both name the amount and its unit.
SPEC_KEYS = {"date": "date", "datetime": "date", "time": "time", "grams": "amount", "g": "amount",
             "mg": "amount", "amount": "amount", "form": "form", "product": "product",
             "pain": "pain", "note": "note", "notes": "note", "effect": "effect",
             "side-effect": "effect"}

# Column names that say a field, compared without case, punctuation or a unit in brackets.
_NAMES = {
    "date": ("date", "day", "datum", "fecha", "jour", "data", "when", "date time", "datetime",
             "timestamp", "taken", "taken at", "date and time", "tag"),
    "time": ("time", "hour", "uhrzeit", "zeit", "hora", "heure", "ora", "time taken", "clock"),
    "amount": ("grams", "gram", "g", "amount", "dose", "dosage", "qty", "quantity", "mg",
               "milligrams", "menge", "cantidad", "quantite", "weight", "dosis"),
    "form": ("form", "type", "kind", "method", "format", "how"),
    "product": ("product", "strain", "brand", "vendor", "kratom", "variety", "sorte", "name",
                "source", "producto"),
    "pain": ("pain", "pain level", "pain score", "schmerz", "schmerzen", "dolor", "douleur"),
    "note": ("note", "notes", "comment", "comments", "remarks", "notiz", "notizen", "notas",
             "memo", "bemerkung", "remarque"),
}
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")


@dataclass(frozen=True)
class ColumnMapping:
    """The person's choices for one sheet. Columns are indexes into its header;
    None: the field is not in the sheet."""

    columns: dict[str, int | None] = field(default_factory=dict)  # FIELDS -> column
    effects: tuple[int, ...] = ()  # columns rating one side effect each, 0-3
    unit: str = "g"
    date_order: str | None = None  # DMY or MDY; None: not needed, or not chosen yet
    time_zone: str = LOCAL  # LOCAL, "UTC" or a zone name such as Europe/Berlin
    decimal_comma: bool = False

    def column(self, name: str) -> int | None:
        return self.columns.get(name)

    def with_column(self, name: str, column: int | None) -> ColumnMapping:
        return replace(self, columns={**self.columns, name: column})


# --- the key a mapping is remembered by ----------------------------------------------------


def header_key(header: Sequence[str]) -> str:
    """The same for every file whose header cells read the same (ignoring case and spaces)."""
    cells = "\x1f".join(" ".join(name.split()).casefold() for name in header)
    return hashlib.sha256(cells.encode("utf-8")).hexdigest()[:24]


# --- the guess ------------------------------------------------------------------------------


def guess_mapping(sheet: Sheet) -> ColumnMapping:
    """A first mapping from the column names and values; the person confirms or changes it."""
    taken: set[int] = set()
    columns: dict[str, int | None] = {}
    for name in FIELDS:
        columns[name] = _best_column(sheet, name, taken)
        if columns[name] is not None:
            taken.add(columns[name])
    effects = tuple(i for i, title in enumerate(sheet.header)
                    if i not in taken and effect_name(title).casefold() in BUILTIN_SIDE_EFFECTS
                    and _share_read(sheet.column(i), lambda v: read_whole(v, 3)) >= 0.5)
    amount = columns["amount"]
    unit = "mg" if amount is not None and re.search(r"\bmg\b|milligram", sheet.header[amount].casefold()) else "g"
    mapping = ColumnMapping(columns, effects, unit, decimal_comma=guess_decimal_comma(
        cell for _, row in sheet.rows for cell in row))
    return replace(mapping, date_order=proven_date_order(sheet, mapping))


def _best_column(sheet: Sheet, name: str, taken: set[int]) -> int | None:
    best, best_score = None, 0
    for index, title in enumerate(sheet.header):
        if index in taken:
            continue
        score = _name_score(title, name)
        if score and _share_read(sheet.column(index), _READERS[name]) < 0.5:
            score = 0  # named so, but its cells say otherwise
        if score > best_score:
            best, best_score = index, score
    if best is None and name == "date":  # unnamed: the column whose cells are dates
        for index in range(len(sheet.header)):
            if index not in taken and _share_read(sheet.column(index), _READERS["date"]) >= 0.8:
                return index
    return best


def _name_score(title: str, name: str) -> int:
    words = " ".join(re.sub(r"[^\w]+", " ", _BRACKETS.sub(" ", title).casefold()).split())
    if not words and name == "amount" and re.search(r"\((m?g)\)", title.casefold()):
        return 2
    if words in _NAMES[name]:
        return 3
    if any(re.search(rf"\b{re.escape(known)}\b", words) for known in _NAMES[name] if len(known) > 2):
        return 2
    return 0


def _read_any_date(value):
    return read_when(value, DATE_ORDERS[0])


_READERS = {
    "date": _read_any_date,
    "time": read_time,
    "amount": lambda v: read_amount(v, decimal_comma=isinstance(v, str) and "," in v, unit="g"),
    "form": lambda v: v,
    "product": lambda v: v,
    "pain": lambda v: read_whole(v, 10),
    "note": lambda v: v,
}


def _share_read(values: list[object], read) -> float:
    """The share of the column's filled cells that ``read`` can read (1.0 for an empty column)."""
    filled = [v for v in values if not is_blank(v)]
    if not filled:
        return 1.0
    good = 0
    for value in filled[:500]:
        try:
            read(value)
            good += 1
        except (CellError, ValueError):
            pass
    return good / min(len(filled), 500)


def proven_date_order(sheet: Sheet, mapping: ColumnMapping) -> str | None:
    """The date order a row proves (and only one does); None when none or both do."""
    proof = date_order_evidence(sheet, mapping)
    return next(iter(proof)) if len(proof) == 1 else None


def date_order_evidence(sheet: Sheet, mapping: ColumnMapping) -> dict[str, tuple[int, str]]:
    """For each date order, the (row number, cell text) of the first row that proves it."""
    column = mapping.column("date")
    if column is None:
        return {}
    numbers = [number for number, _ in sheet.rows]
    return {order: (numbers[index], text)
            for order, (index, text) in date_order_proof(sheet.column(column)).items()}


def needs_date_order(sheet: Sheet, mapping: ColumnMapping) -> bool:
    """The date column has text dates written with numbers only (04/03/2026)."""
    column = mapping.column("date")
    return column is not None and next(numeric_dates(sheet.column(column)), None) is not None


def effect_name(title: str) -> str:
    """A side effect's name from its column's name, less a scale in brackets: 'Nausea (0-3)'."""
    return " ".join(_BRACKETS.sub(" ", title).split()) or title.strip()


# --- written down: --map, and remembered -------------------------------------------------------


class MappingError(ValueError):
    """A written mapping names a column or field that is not there; the message says which."""


def mapping_from_spec(spec: str, header: Sequence[str], *, unit: str | None = None,
                      date_order: str | None = None, time_zone: str | None = None,
                      decimal_comma: bool | None = None) -> ColumnMapping:
    """``date=Date,grams=Amount (g),effect=Nausea`` read against the sheet's header.

    A column is named as the header names it (any case), or by its letters (C).
    """
    columns: dict[str, int | None] = dict.fromkeys(FIELDS)
    given: set[str] = set()
    effects: list[int] = []
    chosen_unit = "g"
    for part in (p for p in spec.split(",") if p.strip()):
        key, sep, title = part.partition("=")
        field_name = SPEC_KEYS.get(key.strip().casefold())
        if not sep or field_name is None:
            raise MappingError(f"'{part.strip()}' is not FIELD=COLUMN; fields: "
                               "date, time, grams (or mg), form, product, pain, note, effect")
        index = find_column(title.strip(), header)
        if field_name == "effect":
            effects.append(index)
            continue
        if field_name in given:
            raise MappingError(f"{key.strip()} is given twice")
        given.add(field_name)
        columns[field_name] = index
        if key.strip().casefold() == "mg":
            chosen_unit = "mg"
    if columns.get("date") is None:
        raise MappingError("the mapping needs date=COLUMN (the column with the dates)")
    used = [c for c in columns.values() if c is not None] + effects
    if len(used) != len(set(used)):
        raise MappingError("one column is given for two fields")
    return ColumnMapping(columns, tuple(effects), unit or chosen_unit, date_order,
                         time_zone or LOCAL, bool(decimal_comma))


def find_column(title: str, header: Sequence[str]) -> int:
    folded = " ".join(title.split()).casefold()
    for index, name in enumerate(header):
        if " ".join(name.split()).casefold() == folded:
            return index
    letters = [column_letters(i) for i in range(len(header))]
    if title.upper() in letters:
        return letters.index(title.upper())
    raise MappingError(f"no column '{title}'; the columns are: " + ", ".join(f"'{h}'" for h in header))


def mapping_spec(mapping: ColumnMapping, header: Sequence[str]) -> str:
    """The ``--map`` text of a mapping (a column whose name holds ',' or '=' by its letters)."""
    def named(index: int) -> str:
        title = header[index]
        return column_letters(index) if ("," in title or "=" in title or title != title.strip()) else title

    parts = []
    for name in FIELDS:
        index = mapping.column(name)
        if index is not None:
            key = ("mg" if mapping.unit == "mg" else "grams") if name == "amount" else name
            parts.append(f"{key}={named(index)}")
    parts += [f"effect={named(index)}" for index in mapping.effects]
    return ",".join(parts)


def mapping_as_json(mapping: ColumnMapping, header: Sequence[str]) -> dict:
    return {"map": mapping_spec(mapping, header), "date_order": mapping.date_order,
            "time_zone": mapping.time_zone, "decimal_comma": mapping.decimal_comma}


def mapping_from_json(data: object, header: Sequence[str]) -> ColumnMapping | None:
    """A remembered mapping, or None if it cannot be read against this header."""
    if not isinstance(data, dict) or not isinstance(data.get("map"), str):
        return None
    order = data.get("date_order")
    zone = data.get("time_zone")
    try:
        return mapping_from_spec(data["map"], header, date_order=order if order in DATE_ORDERS else None,
                                 time_zone=zone if isinstance(zone, str) and zone else LOCAL,
                                 decimal_comma=data.get("decimal_comma") is True)
    except MappingError:
        return None
