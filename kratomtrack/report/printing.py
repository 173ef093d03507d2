"""Print, preview or save the summary: one document, any paged device.

``report.pages.render_document`` paints on whatever QPagedPaintDevice it is given (the
print preview's QPrinter, a real printer, a QPdfWriter), so every output
shows the same pages. ``write_summary_pdf`` is the PDF path shared by
"Save as PDF…" and ``kratomtrack report``.
"""

from __future__ import annotations

import errno
import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter

from kratomtrack.report.document import Document

PAPERS = ("a4", "letter")
MARGIN_MM = 15.0
# Territories whose paper is US Letter (CLDR); everywhere else uses A4.
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "SV", "NI", "BZ"}
)

_app = None  # the QGuiApplication made for headless use; kept alive while we paint
# Laid-out pages hold their charts' SVG renderers: one thread paints them at a time
# (the preview's pictures, a printer, a PDF may be asked for together).
_painting = threading.Lock()


def paper_for_locale(name: str) -> str:
    """'letter' for a locale such as en_US.UTF-8 or fr_CA, else 'a4'."""
    base = name.split(".")[0].split("@")[0]
    territory = base.split("_")[1] if "_" in base else ""
    return "letter" if territory.upper() in LETTER_TERRITORIES else "a4"


def default_paper() -> str:
    """The paper of the person's locale (LC_ALL, LC_PAPER, LANG, then Qt's system locale)."""
    for variable in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return paper_for_locale(value)
    return paper_for_locale(QLocale.system().name())


def page_layout(paper: str):
    """A portrait QPageLayout for 'a4' or 'letter' with 15 mm margins."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
    return summary_layout(QPageSize(QPageSize.A4 if paper == "a4" else QPageSize.Letter))


def ensure_gui_application():
    """A Qt GUI application for fonts and painting; offscreen when there is no display."""
    global _app
    app = QGuiApplication.instance()
    if app is not None:
        return app
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if "PySide6.QtWidgets" in sys.modules:
        # Widgets may follow in this process (the window, tests), and they
        # need a QApplication; a bare QGuiApplication would make them abort.
        from PySide6.QtWidgets import QApplication

        _app = QApplication(["kratomtrack"])
    else:
        _app = QGuiApplication(["kratomtrack"])
    return _app


PDF_TITLE = "Summary for the doctor"
# Every page of the summary is measured at this resolution, whatever paints it
# (the preview's pictures, a printer, a PDF), so line breaks and page breaks
# are the same on all of them.
RESOLUTION = 600


def job_title(start, end) -> str:
    """The print job's and the window's name for it: the range and nothing about health."""
    from kratomtrack.core.dates import span_text

    return f"{PDF_TITLE}, {span_text(start, end)}"


def paper_words(layout) -> str:
    """ "A4", "Letter" or Qt's own name of any other paper, as the preview says it."""
    size = layout.pageSize()
    return {QPageSize.A4: "A4", QPageSize.Letter: "Letter", QPageSize.Legal: "Legal"}.get(
        size.id(), size.name())


def summary_layout(size) -> QPageLayout:
    """A portrait layout of ``size`` (a QPageSize) with the summary's 15 mm margins."""
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(size, QPageLayout.Portrait, margins, QPageLayout.Millimeter)


def lay_out_summary(document: Document, layout=None):
    """The document's pages for ``layout`` (default: the locale's paper), measured in
    memory at RESOLUTION; any thread may call this (nothing is shown)."""
    from PySide6.QtCore import QBuffer, QIODevice

    from kratomtrack.report.pages import lay_out

    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    writer = QPdfWriter(buffer)  # never painted: only its page size and metrics are used
    writer.setPageLayout(layout or page_layout(default_paper()))
    writer.setResolution(RESOLUTION)
    laid_out = lay_out(document, writer)
    laid_out.buffer = buffer  # the writer writes into it: kept as long as the pages
    return laid_out


def create_private_file(path: str | os.PathLike) -> None:
    """Create ``path`` owner-only (0600) before Qt writes it: Qt keeps the mode when it
    truncates. The summary is health data, like every file the app writes."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    if os.name == "posix":
        os.chmod(path, 0o600)


def _check_written_whole(pdf: Path) -> None:
    """Qt reports no failed write: a full disk or a file size limit left a PDF
    cut short that it called written. A whole PDF ends with %%EOF."""
    with open(pdf, "rb") as file:
        file.seek(max(0, os.fstat(file.fileno()).st_size - 64))
        if not file.read().rstrip().endswith(b"%%EOF"):
            raise OSError(errno.EIO, "the PDF could not be written whole (a full disk or a file size "
                                     "limit does this)")


def write_summary_pdf(document: Document, path: str | os.PathLike, layout=None) -> int:
    """Write the document as a PDF at ``path``; returns the page count.

    ``layout`` is a QPageLayout (default: A4 or Letter from the locale).
    """
    return write_pages_pdf(lay_out_summary(document, layout), path)


def write_pages_pdf(laid_out, path: str | os.PathLike) -> int:
    """Write pages laid out by ``lay_out_summary`` as a PDF at ``path``; returns the page
    count. The file appears whole or not at all: it is written beside and then renamed."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OSError(f"the folder {path.parent} does not exist")
    ensure_gui_application()
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    create_private_file(partial)
    writer = QPdfWriter(str(partial))
    writer.setPageLayout(laid_out.device.pageLayout())
    writer.setResolution(RESOLUTION)
    # Neutral metadata: desktop search indexes a PDF's title and creator,
    # so neither names the person nor what the log is about.
    writer.setTitle(PDF_TITLE)
    writer.setCreator(PDF_TITLE)
    try:
        pages = paint_laid_out(laid_out, writer)
        del writer  # closes the file
        _check_written_whole(partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return pages


def paint_laid_out(laid_out, device) -> int:
    """Paint pages laid out by ``lay_out_summary`` on ``device`` (a QPrinter or QPdfWriter
    with the same page layout, at RESOLUTION); returns the page count. Any thread."""
    from kratomtrack.report.pages import paint_pages  # Qt painting: loads with the first PDF

    # Pages laid out for another paper or resolution would print other pages than shown.
    if device.resolution() != RESOLUTION:
        raise OSError(f"the printer paints at {device.resolution()} dpi, not {RESOLUTION}")
    if device.pageLayout().paintRectPixels(RESOLUTION) != laid_out.device.pageLayout().paintRectPixels(RESOLUTION):
        raise OSError("the printer's paper is not the paper the pages were laid out for")
    with _painting:
        return paint_pages(laid_out, device)


def page_image(laid_out, number: int, width: int):
    """Page ``number`` as a greyscale QImage ``width`` pixels wide, as it prints: the
    preview's picture of it, painted in any thread."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    layout = laid_out.device.pageLayout()
    full = layout.fullRectPixels(RESOLUTION)
    paint = layout.paintRectPixels(RESOLUTION)
    scale = width / full.width()
    image = QImage(width, round(full.height() * scale), QImage.Format_Grayscale8)
    image.fill(Qt.white)
    # Fonts are sized for the resolution the pages were measured at, then drawn smaller.
    dots_per_metre = round(RESOLUTION / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    with _painting:
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.Antialiasing)
            painter.setRenderHint(QPainter.TextAntialiasing)
            painter.setRenderHint(QPainter.SmoothPixmapTransform)
            painter.scale(scale, scale)
            painter.translate(paint.left(), paint.top())
            laid_out.paint_page(painter, number)
        finally:
            painter.end()
    image.setDotsPerMeterX(3780)  # shown on screen at its pixel size
    image.setDotsPerMeterY(3780)
    return image
