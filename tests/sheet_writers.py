"""Spreadsheets written as Excel and LibreOffice write them, with the libraries
the import reads them with (openpyxl for .xlsx, odfpy for .ods), and CSV as a
spreadsheet saves it in a locale with decimal commas.

Excel saves the result of every formula beside it (``<f>`` then ``<v>``);
openpyxl writes formulas without one, as a file never opened in a spreadsheet
is. ``excel_results`` adds the results Excel would have saved, so a test can
have both: formulas with a saved result, and one never calculated.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path


def write_xlsx(path: Path, rows: list[list], *, merges: tuple[str, ...] = (), sheet: str = "Log",
               results: dict[str, object] | None = None, number_formats: dict[str, str] | None = None,
               extra_sheets: dict[str, list[list]] | None = None) -> Path:
    """An .xlsx with ``rows`` from A1, merged ranges such as "A1:E1", and the saved
    result of each formula cell named in ``results`` ({"C5": 2.5})."""
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = sheet
    for row in rows:
        first.append(row)
    for cells in merges:
        first.merge_cells(cells)
    for cell, shown_as in (number_formats or {}).items():
        first[cell].number_format = shown_as
    for name, more in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in more:
            other.append(row)
    book.save(path)
    if results:
        excel_results(path, sheet_number=1, results=results)
    return path


def excel_results(path: Path, *, sheet_number: int, results: dict[str, object]) -> None:
    """Write each formula cell's result into the file, as Excel saves it."""
    member = f"xl/worksheets/sheet{sheet_number}.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info.filename) for info in archive.infolist()}
    for info in parts:
        if info.filename == member:
            xml = parts[info].decode()
            for cell, value in results.items():
                if isinstance(value, str):  # a text or error result: Excel marks its type
                    kind = "e" if value.startswith("#") else "str"
                    xml, count = re.subn(rf'<c r="{cell}"([^>]*)><f>([^<]*)</f><v\s*/>',
                                         rf'<c r="{cell}"\1 t="{kind}"><f>\2</f><v>{value}</v>', xml)
                else:
                    xml, count = re.subn(rf'<c r="{cell}"([^>]*)><f>([^<]*)</f><v\s*/>',
                                         rf'<c r="{cell}"\1><f>\2</f><v>{value}</v>', xml)
                assert count == 1, f"no formula in {cell}"
            parts[info] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            archive.writestr(info, data)


# --- .ods, as LibreOffice Calc writes it ---------------------------------------------------------


def ods_cell(value=None, *, formula: str | None = None, span: tuple[int, int] = (1, 1), shown: str | None = None,
             error: bool = False, repeat: int = 1):
    """A cell as Calc writes it: typed value (float, date, time, string), its text,
    the formula beside its saved result, an error result, columns spanned."""
    from odf.table import TableCell
    from odf.text import P

    attributes = {}
    if span != (1, 1):
        attributes.update(numberrowsspanned=span[0], numbercolumnsspanned=span[1])
    if repeat > 1:
        attributes["numbercolumnsrepeated"] = repeat
    if formula:
        attributes["formula"] = formula
    text = shown
    if error:
        attributes.update(valuetype="float", value="0")
    elif isinstance(value, bool):
        attributes.update(valuetype="boolean", booleanvalue=str(value).lower())
    elif isinstance(value, (int, float)):
        attributes.update(valuetype="float", value=repr(value))
        text = text or str(value).replace(".", ",")
    elif isinstance(value, dt.datetime):
        attributes.update(valuetype="date", datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"))
        text = text or value.strftime("%d.%m.%Y %H:%M")
    elif isinstance(value, dt.date):
        attributes.update(valuetype="date", datevalue=value.isoformat())
        text = text or value.strftime("%d.%m.%Y")
    elif isinstance(value, dt.time):
        attributes.update(valuetype="time", timevalue=f"PT{value.hour:02d}H{value.minute:02d}M{value.second:02d}S")
        text = text or value.strftime("%H:%M")
    elif isinstance(value, str):
        attributes.update(valuetype="string")
        text = value
    cell = TableCell(**attributes)
    if error:  # Calc marks an error result in its own namespace
        cell.setAttrNS("urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
                       "value-type", "error")
    if text:
        cell.addElement(P(text=text))
    return cell


def write_ods(path: Path, rows: list[list], *, sheet: str = "Log", trailing_rows: int = 1048000) -> Path:
    """An .ods of ``rows``; each cell a plain value or ods_cell(...), "covered" for a
    cell under a merged one; a row given as ("repeated", n, cells) is n equal rows
    written once, as Calc writes them. Calc ends a sheet with its empty rows as one
    repeated row."""
    from odf.element import Element
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow

    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in rows:
        element = TableRow()
        if isinstance(row, tuple) and row[0] == "repeated":
            element = TableRow(numberrowsrepeated=row[1])
            row = row[2]
        for value in row:
            if isinstance(value, Element):  # made by ods_cell
                element.addElement(value)
            elif value == "covered":
                element.addElement(CoveredTableCell())
            elif value is None:
                element.addElement(TableCell())
            else:
                element.addElement(ods_cell(value))
        element.addElement(TableCell(numbercolumnsrepeated=1000))  # Calc's empty cells to the right
        table.addElement(element)
    if trailing_rows:
        empty = TableRow(numberrowsrepeated=trailing_rows)
        empty.addElement(TableCell(numbercolumnsrepeated=1024))
        table.addElement(empty)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def write_semicolon_csv(path: Path, rows: list[list[str]], *, bom: bool = True) -> Path:
    """A CSV as a spreadsheet saves it where the decimal mark is a comma: ';' between cells."""
    text = "\r\n".join(";".join(f'"{c}"' if ";" in c or '"' in c else c for c in row) for row in rows)
    path.write_text(("\ufeff" if bom else "") + text + "\r\n", encoding="utf-8")
    return path
