"""Lay a summary Document out on pages and paint it on any QPagedPaintDevice.

The same code paints the print preview, the printer and the PDF writer, so
all three show the same pages. Layout works in the device's own pixels,
measured with the device's font metrics; the page size and margins come
from the device's page layout (A4, US Letter or whatever the printer set).
Text is drawn as text, charts as vectors (SVG through QSvgRenderer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtSvg import QSvgRenderer

from kratomtrack.report.document import (
    Chart,
    Document,
    Facts,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)

FONT_FAMILIES = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"]
# style: (points, bold, italic)
STYLES = {
    "title": (15.0, True, False),
    "h2": (11.5, True, False),
    "h3": (9.0, True, False),
    "body": (9.0, False, False),
    "strong": (9.0, True, False),
    "label": (8.6, True, False),
    "small": (7.6, False, False),
    "small_bold": (7.6, True, False),
    "note": (8.2, False, True),
    "table": (8.4, False, False),
    "table_bold": (8.4, True, False),
    "footer": (7.4, False, False),
}
RULE_GREY = QColor(150, 150, 150)
SHADE_GREY = QColor(228, 228, 228)
TEXT_GREY = QColor(70, 70, 70)
FOOTER_PT = 16.0  # reserved at the bottom of every page
CELL_PAD_PT = (3.0, 2.0)  # horizontal, vertical
WHOLE_TABLE_ROWS = 6  # a table this short never splits across pages
KEEP_FIRST_ROWS = 2  # a longer table's header never ends a page with fewer rows under it


def searchable(font: QFont) -> QFont:
    """No ligatures, so that "effects" is found in the PDF (not "e\ufb00ects")."""
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    font.setHintingPreference(QFont.PreferNoHinting)
    return font


# Room left above a page-high chart for the heading that keeps with it.
HEADING_ROOM_PT = 40
# A chart that does not fit under the text before it may shrink to this share
# of its size to stay on that page (rather than leave a few lines alone there).
MIN_CHART_SCALE = 0.75


@dataclass
class Piece:
    """An unbreakable slice of the document: a line, a table row, a chart."""

    height: float
    draw: Callable[[QPainter, float], None]  # (painter, y of the piece's top)
    space_before: float = 0.0
    keep_with_next: bool = False
    repeat: Piece | None = None  # a table's header, repeated on a continuation page
    # A chart: the same piece drawn ``height`` high (None: the piece cannot shrink).
    shrunk: Callable[[float], Piece] | None = None
    min_height: float = 0.0


@dataclass
class PagePlan:
    pieces: list[tuple[Piece, float]] = field(default_factory=list)


class _Break:
    pass


BREAK = _Break()


class PageSetter:
    """Measures and draws for one paint device."""

    def __init__(self, device: QPagedPaintDevice):
        self.device = device
        layout = device.pageLayout()
        self.dpi = device.logicalDpiY()
        rect = layout.paintRectPixels(device.logicalDpiX())
        self.width = float(rect.width())
        self.page_height = float(rect.height())
        self.body_height = self.page_height - self.pt(FOOTER_PT)
        self.fonts = {name: self._font(*style) for name, style in STYLES.items()}
        self.metrics = {name: QFontMetricsF(font, device) for name, font in self.fonts.items()}

    def pt(self, points: float) -> float:
        return points * self.dpi / 72.0

    def _font(self, points: float, bold: bool, italic: bool) -> QFont:
        font = QFont()
        font.setFamilies(FONT_FAMILIES)
        font.setStyleHint(QFont.SansSerif)
        font.setPointSizeF(points)
        font.setBold(bold)
        font.setItalic(italic)
        return searchable(font)

    # --- text -------------------------------------------------------------------------

    def wrap(self, text: str, style: str, width: float) -> list[str]:
        """The lines ``text`` breaks into at ``width`` (explicit line breaks kept)."""
        lines: list[str] = []
        for part in text.split("\n") or [""]:
            layout = QTextLayout(part, self.fonts[style], self.device)
            option = QTextOption()
            option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
            layout.setTextOption(option)
            layout.beginLayout()
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                lines.append(part[line.textStart(): line.textStart() + line.textLength()].rstrip())
            layout.endLayout()
        return lines or [""]

    def line_height(self, style: str) -> float:
        return self.metrics[style].lineSpacing()

    def text(self, painter: QPainter, style: str, x: float, top: float, line: str,
             color: QColor | None = None, right_edge: float | None = None) -> None:
        painter.setFont(self.fonts[style])
        painter.setPen(color or QColor(0, 0, 0))
        if right_edge is not None:
            x = right_edge - self.metrics[style].horizontalAdvance(line)
        painter.drawText(QPointF(x, top + self.metrics[style].ascent()), line)

    def rule(self, painter: QPainter, y: float, width_pt: float = 0.5,
             color: QColor = RULE_GREY, x0: float = 0.0, x1: float | None = None) -> None:
        pen = QPen(color)
        pen.setWidthF(self.pt(width_pt))
        painter.setPen(pen)
        painter.drawLine(QPointF(x0, y), QPointF(self.width if x1 is None else x1, y))

    # --- blocks to pieces -------------------------------------------------------------------

    def pieces(self, document: Document) -> list:
        result: list = self.title_pieces(document)
        for block in document.blocks:
            if isinstance(block, PageBreak):
                result.append(BREAK)
            elif isinstance(block, Heading):
                result.append(self.heading_piece(block))
            elif isinstance(block, Paragraph):
                result += self.paragraph_pieces(block.text, block.style, self.pt(4))
            elif isinstance(block, Facts):
                result += self.facts_pieces(block)
            elif isinstance(block, Table):
                result += self.table_pieces(block)
            elif isinstance(block, Chart):
                result.append(self.chart_piece(block))
            else:  # pragma: no cover - a programming error
                raise TypeError(f"unknown block {block!r}")
        return result

    def title_pieces(self, document: Document) -> list:
        pieces = self.paragraph_pieces(document.title, "title", 0)
        for line in document.header_lines:
            pieces += self.paragraph_pieces(line, "body", self.pt(2))
        height = self.pt(6)

        def draw(painter, top):
            self.rule(painter, top + self.pt(3), 1.2, QColor(0, 0, 0))

        pieces.append(Piece(height, draw))
        return pieces

    def heading_piece(self, heading: Heading) -> Piece:
        style = {1: "title", 2: "h2", 3: "h3"}[heading.level]
        lines = self.wrap(heading.text, style, self.width)
        line_h = self.line_height(style)
        under = self.pt(3) if heading.level == 2 else 0.0
        height = line_h * len(lines) + under + self.pt(2)

        def draw(painter, top):
            for i, line in enumerate(lines):
                self.text(painter, style, 0, top + i * line_h, line)
            if heading.level == 2:
                self.rule(painter, top + line_h * len(lines) + self.pt(1), 0.8, QColor(0, 0, 0))

        space = self.pt(12 if heading.level == 2 else 7)
        return Piece(height, draw, space_before=space, keep_with_next=True)

    def paragraph_pieces(self, text: str, style: str, space_before: float) -> list[Piece]:
        color = TEXT_GREY if style in ("small", "note") else None
        line_h = self.line_height(style)
        pieces = []
        for i, line in enumerate(self.wrap(text, style, self.width)):
            pieces.append(Piece(
                line_h,
                lambda painter, top, line=line: self.text(painter, style, 0, top, line, color),
                space_before=space_before if i == 0 else 0.0,
            ))
        return pieces

    def facts_pieces(self, facts: Facts) -> list[Piece]:
        label_w = self.width * 0.29
        gap = self.pt(6)
        value_w = self.width - label_w - gap
        pad = self.pt(2.2) if facts.ruled else self.pt(0.8)
        pieces = []
        for i, (label, value) in enumerate(facts.rows):
            label_lines = self.wrap(label, "label", label_w)
            value_lines = self.wrap(value, "body", value_w)
            label_h = self.line_height("label")
            value_h = self.line_height("body")
            height = max(len(label_lines) * label_h, len(value_lines) * value_h) + 2 * pad

            def draw(painter, top, label_lines=label_lines, value_lines=value_lines,
                     label_h=label_h, value_h=value_h, height=height, first=i == 0):
                for n, line in enumerate(label_lines):
                    self.text(painter, "label", 0, top + pad + n * label_h, line)
                for n, line in enumerate(value_lines):
                    self.text(painter, "body", label_w + gap, top + pad + n * value_h, line)
                if facts.ruled:
                    if first:
                        self.rule(painter, top, 0.4)
                    self.rule(painter, top + height, 0.4)

            pieces.append(Piece(height, draw, space_before=self.pt(4) if i == 0 else 0.0))
        return pieces

    def table_pieces(self, table: Table) -> list[Piece]:
        style = table.font if table.font in STYLES else "table"
        bold = "small_bold" if style == "small" else "table_bold"
        widths = [w * self.width for w in table.widths]
        lefts = [sum(widths[:i]) for i in range(len(widths))]
        align = (table.align or "l" * len(widths)).ljust(len(widths), "l")
        pad_x, pad_y = self.pt(CELL_PAD_PT[0]), self.pt(CELL_PAD_PT[1])

        def row_piece(cells: list[str], header: bool) -> Piece:
            font = bold if header else style
            line_h = self.line_height(font)
            wrapped = [self.wrap(str(c), font, max(w - 2 * pad_x, self.pt(10)))
                       for c, w in zip(cells, widths)]
            height = max(len(lines) for lines in wrapped) * line_h + 2 * pad_y

            def draw(painter, top):
                if header:
                    painter.fillRect(QRectF(0, top, self.width, height), SHADE_GREY)
                for lines, left, w, a in zip(wrapped, lefts, widths, align):
                    for n, line in enumerate(lines):
                        y = top + pad_y + n * line_h
                        if a == "r":
                            self.text(painter, font, 0, y, line, right_edge=left + w - pad_x)
                        elif a == "c":
                            x = left + (w - self.metrics[font].horizontalAdvance(line)) / 2
                            self.text(painter, font, x, y, line)
                        else:
                            self.text(painter, font, left + pad_x, y, line)
                self.rule(painter, top + height, 0.6 if header else 0.3,
                          QColor(0, 0, 0) if header else RULE_GREY)

            return Piece(height, draw)

        header = row_piece(table.headers, True)
        header.space_before = self.pt(4)
        pieces = [header]
        for cells in table.rows:
            piece = row_piece(cells, False)
            piece.repeat = row_piece(table.headers, True)
            pieces.append(piece)
        # A short table stays whole; a long one keeps its header with its
        # first rows (the last piece of a kept run breaks freely after it).
        kept = len(pieces) if len(table.rows) <= WHOLE_TABLE_ROWS else 1 + KEEP_FIRST_ROWS
        for piece in pieces[:kept - 1]:
            piece.keep_with_next = True
        return pieces

    def chart_piece(self, chart: Chart) -> Piece:
        renderer = QSvgRenderer(QByteArray(chart.svg))
        height = self.width * chart.height / chart.width
        # Never taller than a page less its heading (kept with the chart).
        height = min(height, self.body_height - self.pt(HEADING_ROOM_PT))
        return self._chart_at(renderer, chart, height, height * MIN_CHART_SCALE)

    def _chart_at(self, renderer: QSvgRenderer, chart: Chart, height: float, least: float) -> Piece:
        """The chart drawn ``height`` high (centred, its width to scale); it may shrink to ``least``."""
        width = height * chart.width / chart.height

        def draw(painter, top):
            # QSvgRenderer starts its text from the painter's font: no ligatures there either.
            painter.setFont(self.fonts["body"])
            renderer.render(painter, QRectF((self.width - width) / 2, top, width, height))

        return Piece(height, draw, space_before=self.pt(8),
                     shrunk=lambda h: self._chart_at(renderer, chart, h, least), min_height=least)

    # --- pages ---------------------------------------------------------------------------

    def paginate(self, pieces: list) -> list[PagePlan]:
        pages = [PagePlan()]
        y = 0.0
        for index, piece in enumerate(pieces):
            if piece is BREAK:
                if pages[-1].pieces:
                    pages.append(PagePlan())
                    y = 0.0
                continue
            space = piece.space_before if y > 0 else 0.0
            kept = self._kept_height(pieces, index)
            need = space + piece.height + kept
            room = self.body_height - y - space - kept
            if y > 0 and y + need > self.body_height and piece.shrunk and room >= piece.min_height:
                piece = piece.shrunk(room)  # a chart a little smaller, on the page the text ends on
                need = space + piece.height + kept
            if y > 0 and y + need > self.body_height:
                pages.append(PagePlan())
                y, space = 0.0, 0.0
                if piece.repeat is not None:
                    pages[-1].pieces.append((piece.repeat, 0.0))
                    y = piece.repeat.height
            pages[-1].pieces.append((piece, y + space))
            y += space + piece.height
        return pages

    def _kept_height(self, pieces: list, index: int) -> float:
        """Height of what must share the page with pieces[index] (heading + next line, or a
        chart at its least size)."""
        total = 0.0
        while pieces[index] is not BREAK and pieces[index].keep_with_next and index + 1 < len(pieces):
            index += 1
            following = pieces[index]
            if following is BREAK:
                break
            # A chart may shrink to stay with what keeps with it.
            total += following.space_before + (following.min_height if following.shrunk else following.height)
        return total

    def draw_footer(self, painter: QPainter, running: str, number: int, count: int) -> None:
        top = self.page_height - self.pt(FOOTER_PT) + self.pt(5)
        self.rule(painter, top - self.pt(2), 0.4)
        page = f"page {number} of {count}"
        page_w = self.metrics["footer"].horizontalAdvance(page)
        room = self.width - page_w - self.pt(12)
        line = self.metrics["footer"].elidedText(running, Qt.ElideRight, room)
        self.text(painter, "footer", 0, top, line, TEXT_GREY)
        self.text(painter, "footer", 0, top, page, right_edge=self.width)


@dataclass
class LaidOut:
    """A document's pages as laid out for one page size and resolution.

    Any device with the same page layout and resolution paints the same
    pages (the print preview's pictures, the printer, a PDF), so what the
    preview showed is what prints; ``device`` is the one it was measured on.
    """

    setter: PageSetter
    pages: list[PagePlan]
    running: str
    device: QPagedPaintDevice

    @property
    def count(self) -> int:
        return len(self.pages)

    def paint_page(self, painter: QPainter, number: int) -> None:
        """Page ``number`` (from 1) on a painter whose origin is the page's printable area."""
        for piece, top in self.pages[number - 1].pieces:
            painter.save()
            piece.draw(painter, top)
            painter.restore()
        self.setter.draw_footer(painter, self.running, number, self.count)


def lay_out(document: Document, device: QPagedPaintDevice) -> LaidOut:
    """Measure the document on ``device`` and break it into pages (nothing is painted)."""
    setter = PageSetter(device)
    pages = setter.paginate(setter.pieces(document))
    running = f"{document.running_text} \u00b7 self-reported by the patient with kratomtrack"
    return LaidOut(setter, pages, running, device)


def paint_pages(laid_out: LaidOut, device: QPagedPaintDevice) -> int:
    """Paint laid-out pages on ``device`` (a QPrinter or QPdfWriter); returns the page count."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("could not start painting (is the file writable?)")
    try:
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setRenderHint(QPainter.TextAntialiasing)
        for number in range(1, laid_out.count + 1):
            if number > 1 and not device.newPage():
                raise OSError("could not start a new page")
            laid_out.paint_page(painter, number)
    finally:
        painter.end()
    return laid_out.count


def render_document(document: Document, device: QPagedPaintDevice) -> int:
    """Paint the document on ``device`` (a QPrinter or QPdfWriter); returns the page count."""
    return paint_pages(lay_out(document, device), device)
