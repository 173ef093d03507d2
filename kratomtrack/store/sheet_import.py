"""A spreadsheet of the person's own, read into an import: its sheet, its
mapping (given, remembered, or still to choose) and the records it gives.

A sheet whose mapping is not known yet is read as an UNMAPPED file: nothing
to import, one problem saying so, and the sheet and a guessed mapping for
the window's mapping step or the command's words. A mapping the person
confirmed is kept in the log's settings under its header's key
(core.sheet_mapping.header_key) once the import is written, and used for the
next file with the same header.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

from kratomtrack.core.sheet_cells import DATE_ORDERS
from kratomtrack.core.sheet_layout import Sheet, SheetRefused, sheet_from_grid
from kratomtrack.core.sheet_mapping import (
    LOCAL,
    ColumnMapping,
    MappingError,
    guess_mapping,
    header_key,
    mapping_as_json,
    mapping_from_json,
    mapping_from_spec,
    proven_date_order,
)
from kratomtrack.core.sheet_rows import NO_TIME_NOTE, SheetRecords, records_from_sheet
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.formats import ParsedFile
from kratomtrack.store.input_files import InputRefused, decode_input, read_input
from kratomtrack.store.peer_formats.options import SheetChoices
from kratomtrack.store.peer_formats.peer_file import PeerFile
from kratomtrack.store.sheet_files import csv_grid, is_workbook, read_workbook

SHEET = "sheet"  # a spreadsheet read with a mapping
UNMAPPED = "sheet-unmapped"  # a spreadsheet whose mapping is still to be chosen
REMEMBERED = "import.sheet_mapping.{}"  # the settings key of a confirmed mapping, by header key
ROWS_LISTED = 200  # skipped rows listed one by one; the rest are counted


@dataclass
class SheetFile(PeerFile):
    """A spreadsheet as read for an import, with what the mapping step shows."""

    sheet: Sheet | None = None
    mapping: ColumnMapping | None = None  # the mapping read with (None: UNMAPPED)
    guess: ColumnMapping | None = None  # the mapping to offer (remembered, else guessed)
    remembered: bool = False  # ``guess`` is the mapping confirmed for this header before
    records: SheetRecords | None = None


def read_sheet(path: str | os.PathLike, raw: bytes | None = None, text: str | None = None,
               sheet_name: str | None = None) -> Sheet:
    """The file's sheet with its header found (the named one, else the first with rows);
    SheetRefused or InputRefused with the reason in words."""
    name = Path(path).name
    raw = read_input(path) if raw is None and text is None else raw
    if text is None and not is_workbook(str(path), raw):
        text = decode_input(raw)
    if text is not None:
        grid, separator = csv_grid(text, name)
        sheet = sheet_from_grid(grid, file=name, kind="CSV")
        sheet.csv_separator = separator
        return sheet
    kind, grids = read_workbook(str(path), raw)
    names = [g.name for g in grids]
    if sheet_name is not None:
        chosen = [g for g in grids if g.name == sheet_name]
        if not chosen:
            raise SheetRefused(f"{name} has no sheet “{sheet_name}”; its sheets: " + ", ".join(
                f"“{n}”" for n in names))
        grids = chosen
    refusals = []
    for grid in grids:
        try:
            sheet = sheet_from_grid(grid, file=name, kind=kind)
        except SheetRefused as refused:
            refusals.append(str(refused))
            continue
        if sheet.rows:
            sheet.sheet_names = names
            if len(names) > 1:
                sheet.notes.append(f"the workbook has {len(names)} sheets (" + ", ".join(
                    f"“{n}”" for n in names) + f"); “{sheet.name}” is read (kratomtrack import "
                    "--sheet NAME reads another)")
            return sheet
        refusals.append(f"{sheet.title} has a header and no rows under it")
    raise SheetRefused("; ".join(refusals))


def read_sheet_file(path: str | os.PathLike, *, today: dt.date, choices: SheetChoices,
                    raw: bytes | None = None, text: str | None = None) -> ParsedFile:
    """The file read as a spreadsheet: with a mapping (given with --map, or remembered), its
    records; without one, an UNMAPPED file carrying the sheet and the guess."""
    try:
        sheet = read_sheet(path, raw, text, choices.sheet_name)
    except (SheetRefused, InputRefused) as refused:
        parsed = ParsedFile(str(path))
        parsed.refuse("", str(refused).removeprefix(f"{Path(path).name} "))
        return parsed
    remembered = mapping_from_json(choices.remembered.get(header_key(sheet.header)), sheet.header)
    try:
        mapping = chosen_mapping(sheet, choices, remembered)
    except MappingError as err:
        parsed = unmapped(path, sheet, remembered)
        parsed.refuse("", f"--map: {err}")
        return parsed
    if mapping is None:
        parsed = unmapped(path, sheet, remembered)
        parsed.refuse("", "is a spreadsheet whose columns kratomtrack does not know yet: say which "
                          "column holds what (kratomtrack import --map; the window asks)")
        return parsed
    return parsed_from_sheet(path, sheet, mapping, today,
                             remembered=choices.map is None and remembered is not None)


def chosen_mapping(sheet: Sheet, choices: SheetChoices,
                   remembered: ColumnMapping | None) -> ColumnMapping | None:
    """The mapping the person gave (--map and its options) or confirmed before; None if neither."""
    if choices.map is not None:
        mapping = replace(mapping_from_spec(choices.map, sheet.header),
                          decimal_comma=guess_mapping(sheet).decimal_comma)
    elif remembered is not None and choices.apply_remembered:
        mapping = remembered
    else:
        return None
    mapping = replace(
        mapping,
        unit=choices.units or mapping.unit,
        time_zone=choices.time_zone or mapping.time_zone or LOCAL,
        decimal_comma=mapping.decimal_comma if choices.decimal is None else choices.decimal == "comma",
        date_order=choices.date_order if choices.date_order in DATE_ORDERS else mapping.date_order)
    if mapping.date_order is None:
        mapping = replace(mapping, date_order=proven_date_order(sheet, mapping))
    return mapping


def unmapped(path, sheet: Sheet, remembered: ColumnMapping | None) -> SheetFile:
    guess = remembered or guess_mapping(sheet)
    if guess.date_order is None:
        guess = replace(guess, date_order=proven_date_order(sheet, guess))
    parsed = SheetFile(str(path), kind=UNMAPPED, sheet=sheet, remembered=remembered is not None, guess=guess)
    parsed.format_name = f"Spreadsheet {sheet.title}"
    return parsed


def parsed_from_sheet(path, sheet: Sheet, mapping: ColumnMapping, today: dt.date, *,
                      remembered: bool = False) -> SheetFile:
    """The sheet's records as an import reads them, with every row left out listed."""
    parsed = SheetFile(str(path), kind=SHEET, sheet=sheet, mapping=mapping, guess=mapping,
                       remembered=remembered)
    parsed.format_name = f"Spreadsheet {sheet.title}"
    try:
        records = records_from_sheet(sheet, mapping, today)
    except MappingError as err:
        parsed.refuse("", f"the mapping is not complete: {err}")
        return parsed
    parsed.records = records
    parsed.doses = [(f"row {row}", dose) for row, dose in records.doses]
    parsed.checkins = [(f"row {row}", checkin) for row, checkin in records.checkins]
    parsed.no_use_days = [(f"row {row}", day) for row, day in records.no_kratom]
    parsed.unread_dose_days = set(records.unread_dose_days)
    parsed.listed = (skipped_lines(records.skipped) + [f"not imported: {why}" for why in records.left_out]
                     + sheet.notes)
    if remembered:
        parsed.listed.insert(0, "read with the mapping confirmed before for this header "
                                "(give --map to change it)")
    if records.untimed:
        parsed.convert(f"doses without a time ({NO_TIME_NOTE}, said in their note)")
    return parsed


def skipped_lines(skipped: list[tuple[int, str]]) -> list[str]:
    """'row 7 skipped: a blank row', runs of rows with the same reason as one line."""
    lines: list[str] = []
    runs: list[list] = []
    for row, why in skipped:
        if runs and runs[-1][2] == why and runs[-1][1] == row - 1:
            runs[-1][1] = row
        else:
            runs.append([row, row, why])
    for first, last, why in runs[:ROWS_LISTED]:
        rows = f"row {first}" if first == last else f"rows {first}–{last}"
        lines.append(f"{rows} skipped: {why}")
    if len(runs) > ROWS_LISTED:
        lines.append(f"…and {len(runs) - ROWS_LISTED} more skipped rows or runs of rows")
    return lines


# --- remembered mappings --------------------------------------------------------------------------


def remembered_mappings(db: LogDatabase) -> dict:
    """Every mapping confirmed before, by header key (what SheetChoices.remembered holds)."""
    prefix = REMEMBERED.format("")
    rows = db.conn.execute("SELECT key FROM settings WHERE key LIKE ?", (prefix + "%",)).fetchall()
    return {key[len(prefix):]: db.setting(key) for (key,) in rows}


def remember_mappings(db: LogDatabase, files: list[ParsedFile]) -> None:
    """Keep the mapping of each spreadsheet just imported, for the next file with its header."""
    for parsed in files:
        if isinstance(parsed, SheetFile) and parsed.mapping is not None and parsed.sheet is not None:
            db.set_setting(REMEMBERED.format(header_key(parsed.sheet.header)),
                           mapping_as_json(parsed.mapping, parsed.sheet.header))
