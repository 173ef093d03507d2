"""Where a spreadsheet's header and rows are: titles above the header, merged
header cells, a header of two rows, blank rows.

A reader (store/sheet_files.py) hands over the cells as the sheet holds them
(a Grid); this finds the header, the first row near the top that names two
or more columns, and gives each column one name. Rows above the header are
titles, skipped with why. A header cell merged across several columns names
each of them: with the row below when that row names them too ("Dose" over
"Amount" and "Strain" gives "Dose Amount" and "Dose Strain"), else as
"Dose", "Dose (2)". A merged cell among the data (a date merged down the
rows of its day) gives its value to every row it covers, as the sheet shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kratomtrack.core.sheet_cells import (
    BadCell,
    CellError,
    Covered,
    is_blank,
    plain,
    read_amount,
    read_when,
    shown,
)

HEADER_SEARCH = 30  # the header is among the first rows; a title or two may be above it


@dataclass
class Grid:
    """One sheet as read: its rows of cells (0-based) and its merged ranges."""

    name: str  # the sheet's name in its workbook ("" for a CSV file)
    rows: list[list[object]]
    # (first row, first column, last row, last column), 0-based and inclusive
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    formulas: int = 0  # formula cells whose saved result was read


class SheetRefused(Exception):
    """The sheet cannot be read as a log; the message says why in words."""


@dataclass
class Sheet:
    """A sheet with its header found: what the mapping step shows and maps."""

    file: str  # the file's name, for messages
    kind: str  # "CSV", "xlsx" or "ods"
    name: str  # the sheet's name, "" for CSV
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (row number as the spreadsheet shows it, cells)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # rows above the header, and why
    notes: list[str] = field(default_factory=list)  # what was read in a way worth saying
    sheet_names: list[str] = field(default_factory=list)  # every sheet of the workbook
    csv_separator: str = ""  # a CSV file's separator: "," ";" or a tab

    def column(self, index: int) -> list[object]:
        return [cells[index] if index < len(cells) else None for _, cells in self.rows]

    @property
    def title(self) -> str:
        return f"{self.file} (sheet “{self.name}”)" if self.name else self.file


def sheet_from_grid(grid: Grid, *, file: str, kind: str) -> Sheet:
    """The sheet's header and data rows, or SheetRefused saying why there are none."""
    rows = [list(row) for row in grid.rows]
    while rows and all(is_blank(cell) for cell in rows[-1]):
        rows.pop()  # the empty rows at the end of every sheet are not rows of it
    spans = _fill_merges(rows, grid.merges)
    top = _header_row(rows)
    if top is None:
        raise SheetRefused(f"{_where(file, grid.name)} has no header row: kratomtrack needs a row "
                           "near the top that names the columns (such as Date, Amount)")
    width = max(len(row) for row in rows)
    rows = [row + [None] * (width - len(row)) for row in rows]
    names = [_name(cell) for cell in rows[top]]
    sheet = Sheet(file, kind, grid.name, names, [])
    sheet.skipped = [(number + 1, "above the header (a title or empty)") for number in range(top)]
    first_data = top + 1
    across = [s for s in spans if s[0] <= top <= s[2] and s[3] > s[1]]
    below = rows[first_data] if first_data < len(rows) else None
    if below is not None and _second_header(names, below, across):
        names = _combined(names, [_name(cell) for cell in below], across, sheet)
        sheet.skipped.append((first_data + 1, "the second row of the header"))
        first_data += 1
    elif across:
        for first_row, first, last_row, last in across:
            sheet.notes.append(f"header cells {_letters(first)}–{_letters(last)} are merged "
                               f"(“{names[first]}”); each column keeps that name")
    sheet.header = _unique(names)
    sheet.rows = [(number + 1, row) for number, row in enumerate(rows) if number >= first_data]
    if grid.formulas:
        sheet.notes.append(f"{grid.formulas} cell{'s are' if grid.formulas != 1 else ' is a'} "
                           f"formula{'s' if grid.formulas != 1 else ''}: "
                           "the results the spreadsheet saved are read")
    merged_data = [s for s in spans if s[0] >= first_data and s[2] > s[0]]
    if merged_data:
        sheet.notes.append(f"{len(merged_data)} merged cell{'s' if len(merged_data) != 1 else ''} among "
                           "the rows: each row a merged cell covers takes its value")
    return sheet


def _where(file: str, name: str) -> str:
    return f"{file} (sheet “{name}”)" if name else file


def _fill_merges(rows: list[list[object]], merges) -> list[tuple[int, int, int, int]]:
    """Give each merged range's value to every cell it covers (as Covered, which
    says where it was written); the ranges that cover rows."""
    spans = []
    for first_row, first_col, last_row, last_col in merges:
        if first_row >= len(rows) or last_row < first_row or last_col < first_col:
            continue
        last_row = min(last_row, len(rows) - 1)
        head = rows[first_row]
        value = head[first_col] if first_col < len(head) else None
        for r in range(first_row, last_row + 1):
            row = rows[r]
            if len(row) <= last_col:
                row.extend([None] * (last_col + 1 - len(row)))
            for c in range(first_col, last_col + 1):
                if (r, c) != (first_row, first_col):
                    row[c] = Covered(value, first_row + 1)
        spans.append((first_row, first_col, last_row, last_col))
    return spans


def _header_row(rows: list[list[object]]) -> int | None:
    """The first row that names two or more columns in words (no dates, no numbers)."""
    for number, row in enumerate(rows[:HEADER_SEARCH]):
        filled = [cell for cell in row if not is_blank(cell)]
        if len({_name(cell) for cell in filled}) >= 2 and all(_is_word(cell) for cell in filled):
            return number
    return None


def _is_word(cell: object) -> bool:
    """Text that is not a date or a number written as text."""
    cell = plain(cell)
    if not isinstance(cell, str):
        return False
    for read in (lambda c: read_when(c, "dmy"), lambda c: read_amount(c, decimal_comma=False, unit="g"),
                 lambda c: read_amount(c, decimal_comma=True, unit="g")):
        try:
            read(cell)
        except CellError:
            continue
        return False
    return True


def _second_header(names: list[str], below: list[object], across) -> bool:
    """The row under the header names columns too: under a merged header cell (or, in
    a CSV, under a name followed by empty header cells) it has words and no data."""
    if any(not is_blank(cell) and not _is_word(cell) for cell in below):
        return False
    if across:
        return any(not is_blank(below[c]) for _, first, _, last in across for c in range(first, last + 1))
    return any(not names[c] and names[c - 1] and not is_blank(below[c]) for c in range(1, len(names)))


def _combined(names: list[str], lower: list[str], across, sheet: Sheet) -> list[str]:
    top = list(names)
    for c in range(1, len(top)):  # CSV: a name is followed by the empty cells it stood over
        if not across and not top[c] and top[c - 1] and lower[c]:
            top[c] = top[c - 1]
    out = []
    for upper, low in zip(top, lower):
        out.append(f"{upper} {low}" if upper and low and upper != low else upper or low)
    merged = ", ".join(f"“{u}”" for u in dict.fromkeys(t for t, o in zip(top, out) if t != o))
    sheet.notes.append(f"the header has two rows ({merged} over the names below it); "
                       "each column is named by both")
    return out


def _name(cell: object) -> str:
    cell = plain(cell)
    if is_blank(cell) or isinstance(cell, BadCell):
        return ""
    if isinstance(cell, (dt.date, dt.time)):
        return shown(cell)
    return " ".join(shown(cell, limit=80).split())


def _unique(names: list[str]) -> list[str]:
    """Every column a name people can tell apart: 'Column C' for an unnamed one,
    'Amount (2)' for a second 'Amount'."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        name = name or f"Column {_letters(index)}"
        key = name.casefold()
        seen[key] = seen.get(key, 0) + 1
        out.append(name if seen[key] == 1 else f"{name} ({seen[key]})")
    return out


def _letters(index: int) -> str:
    """A column's letters as spreadsheets show them: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


column_letters = _letters
