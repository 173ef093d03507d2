"""Reading a spreadsheet file's cells: CSV, Excel's .xlsx and OpenDocument's .ods.

.xlsx is read with openpyxl, .ods (a zip with content.xml) with defusedxml's
ElementTree, each imported only when a workbook is read: the window's start
never loads them. (odfpy, which writes the tests' .ods files, is not used to
read: its load() prints a content.xml it cannot parse and goes on with part
of it, so a damaged sheet would be read short without a word.) Each cell comes out
as the sheet holds it (core/sheet_cells.py): a formula as the result the
spreadsheet saved, an error (#DIV/0!) or a formula never calculated as a
BadCell that says so. Merged ranges are handed on (core/sheet_layout.py
decides what they mean). A damaged file, an old .xls, a password or a
zip that unpacks to more than MAX_UNPACKED is refused in words
(SheetRefused), never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from kratomtrack.core.sheet_cells import BadCell
from kratomtrack.core.sheet_layout import Grid, SheetRefused

ZIP_START = b"PK\x03\x04"
OLE_START = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any workbook with a password
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls", ".xlsb", ".numbers")
MAX_UNPACKED = 400 * 2**20  # what a workbook may unpack to: a log of a million doses is far less
MAX_BLANK_RUN = 10_000  # rows: past this many blank rows in a row, the sheet has ended
SEPARATORS = (",", ";", "\t")
_NEVER_SAVED = ("a formula whose result was never saved ({}); open the file in your spreadsheet "
                "and save it again")


def is_workbook(path: str, raw: bytes) -> bool:
    """Whether the file is a workbook (by its name, or by being a zip or OLE file)."""
    return Path(path).suffix.casefold() in WORKBOOK_SUFFIXES or raw.startswith((ZIP_START, OLE_START))


def read_workbook(path: str, raw: bytes) -> tuple[str, list[Grid]]:
    """The workbook's kind ("xlsx" or "ods") and its sheets, or SheetRefused."""
    name = Path(path).name
    suffix = Path(path).suffix.casefold()
    if raw.startswith(OLE_START) or suffix in (".xls", ".xlsb"):
        raise SheetRefused(f"{name} is an Excel 97–2003 workbook (.xls), a binary .xlsb, or a workbook "
                           "with a password; kratomtrack reads .xlsx and .ods: save it as .xlsx "
                           "(without a password) and import that")
    if suffix == ".numbers":
        raise SheetRefused(f"{name} is an Apple Numbers file; export it as .xlsx or CSV and import that")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise SheetRefused(f"{name} is not a readable workbook: it is damaged, cut short, or not "
                           "a spreadsheet at all") from None
    if sum(info.file_size for info in members.values()) > MAX_UNPACKED:
        raise SheetRefused(f"{name} unpacks to more than {MAX_UNPACKED // 2**20} MB; "
                           "it is not read (save the log's own sheet alone and import that)")
    if "xl/workbook.xml" in members:
        kind, read = "xlsx", _xlsx_grids
    elif "content.xml" in members and b"spreadsheet" in _member(archive, "mimetype", name):
        kind, read = "ods", _ods_grids
    else:
        raise SheetRefused(f"{name} is a zip archive, not an .xlsx or .ods workbook; unzip it and "
                           "import the spreadsheet or CSV inside")
    try:
        grids = read(raw)
    except SheetRefused:
        raise
    except Exception as err:  # noqa: BLE001 - a damaged workbook breaks a reader in any of its ways
        raise SheetRefused(f"{name} could not be read as an {kind} workbook; it may be damaged "
                           f"({type(err).__name__}: {str(err)[:120]})") from None
    if not grids:
        raise SheetRefused(f"{name} has no sheets with cells")
    return kind, grids


def _member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    try:
        return archive.read(member)[:200]
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return b""


# --- CSV --------------------------------------------------------------------------------------


def csv_grid(text: str, name: str) -> tuple[Grid, str]:
    """A CSV file's rows (row numbers as a spreadsheet shows them) and its separator."""
    separator = _separator(text)
    try:
        rows = [[cell if cell.strip() else None for cell in row]
                for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)]
    except csv.Error as err:
        raise SheetRefused(f"{name} is not a readable CSV file ({err}); is it cut short?") from None
    return Grid("", rows), separator


def _separator(text: str) -> str:
    """The separator the first line with content uses most, outside quotes (',' on a tie)."""
    line = next((line for line in text.splitlines() if line.strip()), "")
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {sep: outside.count(sep) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: (counts[sep], sep == ","))


# --- .xlsx (openpyxl) ----------------------------------------------------------------------------


def _xlsx_grids(raw: bytes) -> list[Grid]:
    import openpyxl  # only when a workbook is read: never on the window's start

    values = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    # The formulas themselves, only to tell a result never saved from an empty cell
    # (a second pass, skipped for a workbook without formulas).
    formulas = (openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
                if _has_formulas(raw) else None)
    grids = []
    try:
        for sheet in values.worksheets:
            written = _formula_cells(formulas[sheet.title]) if formulas is not None else {}
            grid = Grid(sheet.title, [], [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
                                         for r in sheet.merged_cells.ranges])
            blank_run = []
            for row in sheet.iter_rows():
                cells = [_xlsx_cell(cell, written, grid) for cell in row]
                if all(c is None for c in cells):
                    blank_run.append(cells)
                    if len(blank_run) > MAX_BLANK_RUN:
                        break
                    continue
                grid.rows += blank_run + [cells]
                blank_run = []
            grids.append(grid)
    finally:
        if formulas is not None:
            formulas.close()
    return grids


def _has_formulas(raw: bytes) -> bool:
    """Whether any worksheet of an .xlsx holds a formula (an <f> element)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return any(re.search(rb"<(?:\w+:)?f[ >/]", archive.read(name))
                   for name in archive.namelist() if name.startswith("xl/worksheets/"))


def _formula_cells(sheet) -> dict[tuple[int, int], str]:
    found = {}
    for row in sheet.iter_rows():
        for cell in row:
            if getattr(cell, "data_type", None) == "f" and isinstance(cell.value, str):
                found[(cell.row, cell.column)] = cell.value
    return found


def _xlsx_cell(cell, written: dict, grid: Grid) -> object:
    value = cell.value
    formula = written.get((cell.row, cell.column))
    if cell.data_type == "e":
        return BadCell(f"an error ({value})" + (f" from the formula {formula}" if formula else ""))
    if value is None:
        return BadCell(_NEVER_SAVED.format(formula)) if formula else None
    if formula:
        grid.formulas += 1
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and not _shows_time(cell.number_format):
        return value.date()
    if isinstance(value, dt.timedelta):  # a [h]:mm format: a time of day if under a day
        if dt.timedelta(0) <= value < dt.timedelta(days=1):
            return (dt.datetime.min + value).time()
        return BadCell(f"a duration ({value}), not a time of day")
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _shows_time(number_format: str) -> bool:
    """Whether a date cell's number format shows hours (h) or seconds (s)."""
    shown_part = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", str(number_format).casefold())
    return "h" in shown_part or "s" in shown_part


# --- .ods (its content.xml, read with defusedxml) ----------------------------------------------

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"


def _ods_grids(raw: bytes) -> list[Grid]:
    """Every table of the workbook, read row by row as the XML streams in (a cleared row
    keeps no memory). Any XML error refuses the whole file: a damaged sheet is never
    read in part."""
    from defusedxml.ElementTree import iterparse  # only when a workbook is read

    grids: list[Grid] = []
    depth = 0  # tables inside cells (rare) are not rows of the sheet
    grid = None
    blank_rows = 0
    with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open("content.xml") as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            if element.tag == TABLE + "table":
                depth += 1 if event == "start" else -1
                if event == "start" and depth == 1:
                    grid, blank_rows = Grid(element.get(TABLE + "name", ""), []), 0
                elif event == "end" and depth == 0:
                    grids.append(grid)
                continue
            if event != "end" or element.tag != TABLE + "table-row" or depth != 1:
                continue
            repeat = _count(element.get(TABLE + "number-rows-repeated"))
            cells = _ods_cells(element, len(grid.rows) + blank_rows, grid)
            element.clear()
            if all(c is None for c in cells):
                blank_rows += repeat
                continue
            if blank_rows > MAX_BLANK_RUN or len(grid.rows) + blank_rows + repeat > 1_000_000:
                raise SheetRefused("the sheet has more than a million rows")
            grid.rows += [[] for _ in range(blank_rows)] + [list(cells) for _ in range(repeat)]
            blank_rows = 0
    return grids


def _ods_cells(row, row_index: int, grid: Grid) -> list[object]:
    cells: list[object] = []
    pending = 0  # blank cells not yet known to be followed by one with a value
    for cell in row:
        if cell.tag not in (TABLE + "table-cell", TABLE + "covered-table-cell"):
            continue
        repeat = _count(cell.get(TABLE + "number-columns-repeated"))
        value = _ods_value(cell, grid) if cell.tag == TABLE + "table-cell" else None
        if value is None:
            pending += repeat
            continue
        column = len(cells) + pending
        rows_spanned = _count(cell.get(TABLE + "number-rows-spanned"))
        columns_spanned = _count(cell.get(TABLE + "number-columns-spanned"))
        if rows_spanned > 1 or columns_spanned > 1:
            grid.merges.append((row_index, column, row_index + rows_spanned - 1, column + columns_spanned - 1))
        cells += [None] * pending + [value] * min(repeat, 1024)
        pending = 0
    return cells


def _count(text) -> int:
    try:
        return max(1, int(text)) if text else 1
    except ValueError:
        return 1


def _ods_value(cell, grid: Grid) -> object:
    kind = cell.get(OFFICE + "value-type")
    formula = cell.get(TABLE + "formula")
    text = "\n".join(_text(p) for p in cell if p.tag == TEXT + "p")
    if formula and (cell.get(CALCEXT + "value-type") == "error" or not kind):
        return BadCell(f"an error ({text})" if kind else _NEVER_SAVED.format(formula.removeprefix("of:")))
    if formula:
        grid.formulas += 1
    if kind in ("float", "percentage", "currency"):
        number = float(cell.get(OFFICE + "value"))
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "date":
        stamp = cell.get(OFFICE + "date-value", "")
        moment = dt.datetime.fromisoformat(stamp)
        return moment if "T" in stamp and moment.time() != dt.time(0) else moment.date()
    if kind == "time":
        return _ods_time(cell.get(OFFICE + "time-value", ""))
    if kind == "boolean":
        return cell.get(OFFICE + "boolean-value") == "true"
    return text if text.strip() else None


def _text(element) -> str:
    """A paragraph's text as Calc shows it: runs of spaces (text:s), tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == TEXT + "s":
            parts.append(" " * _count(child.get(TEXT + "c")))
        elif child.tag == TEXT + "tab":
            parts.append("\t")
        elif child.tag == TEXT + "line-break":
            parts.append("\n")
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _ods_time(text: str) -> object:
    match = re.fullmatch(r"PT(\d+)H(\d+)M(\d+)(?:[.,]\d+)?S", text or "")
    if not match:
        return BadCell(f"'{text}' is not a time of day")
    hours, minutes, seconds = (int(g) for g in match.groups())
    if hours >= 24 or minutes > 59 or seconds > 59:
        return BadCell(f"a duration ({hours}:{minutes:02d}), not a time of day")
    return dt.time(hours, minutes, seconds)
