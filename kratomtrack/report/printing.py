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
    size = QPageSize(QPageSize.A4 if paper == "a4" else QPageSize.Letter)
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(size, QPageLayout.Portrait, margins, QPageLayout.Millimeter)


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

    ``layout`` is a QPageLayout (default: A4 or Letter from the locale). The
    file appears whole or not at all: it is written beside and then renamed.
    """
    from kratomtrack.report.pages import render_document  # Qt painting: loads with the first PDF

    path = Path(path)
    if not path.parent.is_dir():
        raise OSError(f"the folder {path.parent} does not exist")
    ensure_gui_application()
    layout = layout or page_layout(default_paper())
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    # Created owner-only before Qt opens it (Qt keeps the mode when it
    # truncates): the summary is health data, like every file the app writes.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    if os.name == "posix":
        os.chmod(partial, 0o600)
    writer = QPdfWriter(str(partial))
    writer.setPageLayout(layout)
    writer.setResolution(600)
    # Neutral metadata: desktop search indexes a PDF's title and creator,
    # so neither names the person nor what the log is about.
    writer.setTitle(PDF_TITLE)
    writer.setCreator(PDF_TITLE)
    try:
        pages = render_document(document, writer)
        del writer  # closes the file
        _check_written_whole(partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return pages
