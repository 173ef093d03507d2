"""CSV cells a spreadsheet opens safely, and back.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return before one of them) as a formula, so a product named
``=HYPERLINK(…)`` would become a live link. kratomtrack writes such a cell,
header cells included, with one leading apostrophe; a cell that really starts
with an apostrophe gets one too, so reading removes exactly one apostrophe
from any cell that starts with one and the round trip is exact. Amounts are
never negative, so numeric cells stay numbers.

Files start with a UTF-8 byte-order mark so that Excel shows accents and
emoji as they are.
"""

from __future__ import annotations

import csv

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def quote_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unquote_cell(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


class SafeWriter:
    """csv.writer with every cell passed through quote_cell (LF line ends)."""

    def __init__(self, out):
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row) -> None:
        self._writer.writerow([quote_cell(cell) for cell in row])

