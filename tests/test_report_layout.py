"""How the summary's pages break: tables stay with their header, short tables whole."""

import re

import pytest
from pypdf import PdfReader

from kratomtrack.report.document import Document, Heading, Paragraph, Table
from kratomtrack.report.printing import page_layout, write_summary_pdf

pytestmark = pytest.mark.window  # PDFs are painted by Qt

ROW = "row-{}-cell"


def pages_text(path):
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


def document_with_table_at(lines: int, rows: int) -> Document:
    """Filler paragraphs, then a heading and a table of ``rows`` rows.

    ``lines`` counts small-print lines: body lines (taller) for most of it, so
    that stepping ``lines`` moves the table down by less than a row's height.
    """
    body, small = divmod(lines, 3)
    blocks = [Paragraph(f"Filler line {n}.") for n in range(body)]
    blocks += [Paragraph(f"Small line {n}.", "small") for n in range(small)]
    blocks.append(Heading("The table", 3))
    blocks.append(Table(["Header one", "Header two"],
                        [[ROW.format(i), "value"] for i in range(rows)], [0.5, 0.5]))
    return Document("Title", [], "running", blocks)


def page_of(pages, text):
    return next(i for i, page in enumerate(pages) if text in page)


def table_pages(tmp_path, lines, rows):
    path = tmp_path / f"t{lines}-{rows}.pdf"
    write_summary_pdf(document_with_table_at(lines, rows), path, page_layout("a4"))
    pages = pages_text(path)
    return pages, [page_of(pages, ROW.format(i)) for i in range(rows)], page_of(pages, "Header one")


def test_a_short_table_is_never_split_across_pages(tmp_path):
    # Move the table down the first page line by line: wherever it falls, it stays whole.
    split_seen = False
    for lines in range(138, 180):
        pages, row_pages, header_page = table_pages(tmp_path, lines, 3)
        assert set(row_pages) == {header_page}, f"split after {lines} lines: {row_pages}"
        split_seen |= header_page == 1
    assert split_seen  # the table did reach the foot of page 1 and moved whole to page 2


def test_a_long_table_keeps_its_header_with_its_first_rows(tmp_path):
    for lines in range(138, 180):
        pages, row_pages, header_page = table_pages(tmp_path, lines, 30)
        assert row_pages[0] == row_pages[1] == header_page, f"after {lines} lines: {row_pages[:3]}"
