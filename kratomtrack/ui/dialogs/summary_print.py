"""Printing the summary from the window: the paper, the system print dialog, the job.

- The paper is the printer's own (the default queue's default size, as CUPS
  gives it to Qt) or, with no printer, the locale's (Letter in a US locale,
  as ``kratomtrack report`` picks); the preview lays its pages out on it and
  says which.
- "Print…" with no print system says so and offers "Save as PDF…" instead
  (Qt would otherwise offer only a file, ~/print.pdf).
- A printer chosen in the print dialog with another paper gets the pages laid
  out again and shown first: what prints is what the preview showed.
- The pages are painted and sent off the window's thread, and the job is
  followed (report.print_queue) until the print system has it: "Sent to PDF."
  or why not, in words. "Print to File" writes an owner-only (0600) file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kratomtrack.report import print_queue
from kratomtrack.report.printing import (
    RESOLUTION,
    create_private_file,
    default_paper,
    page_layout,
    paint_laid_out,
    paper_words,
    summary_layout,
)
from kratomtrack.store.output_paths import refuse_log_paths
from kratomtrack.ui.dialogs.summary_work import LatestOnly
from kratomtrack.ui.wording import fill


@dataclass(frozen=True)
class Paper:
    """The paper the pages are laid out on, and where that choice came from."""

    words: str  # "A4", "Letter"
    printer: str  # the queue whose paper it is; '' for the locale's
    key: str  # QPageSize.key(): two papers are the same when their keys are
    layout: QPageLayout = field(compare=False, hash=False)


def paper_of(size: QPageSize, printer: str = "") -> Paper:
    layout = summary_layout(size)
    return Paper(paper_words(layout), printer, size.key(), layout)


def locale_paper() -> Paper:
    layout = page_layout(default_paper())
    return Paper(paper_words(layout), "", layout.pageSize().key(), layout)


def printer_names() -> list[str]:
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def summary_printer() -> tuple[QPrinter, Paper]:
    """A printer for the default queue (or the first one) on its own paper; with no
    queue, one on the locale's paper that is never printed to."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        infos = QPrinterInfo.availablePrinters()
        info = infos[0] if infos else None
    if info is not None and not info.isNull():
        printer = QPrinter(info, QPrinter.HighResolution)
        size = info.defaultPageSize()
        # Qt starts every printer on A4 whatever the queue says: the queue's own size is used.
        paper = paper_of(size, info.printerName()) if size.isValid() else locale_paper()
    else:
        printer = QPrinter(QPrinter.HighResolution)
        paper = locale_paper()
    use_paper(printer, paper)
    return printer, paper


def use_paper(printer: QPrinter, paper: Paper) -> None:
    printer.setPageLayout(paper.layout)  # portrait, the summary's margins
    printer.setResolution(RESOLUTION)


class PrintJob(QObject):
    """"Print…" in the preview, from the print system's check to the job's fate."""

    said = Signal(str)  # on the way: "Sending the pages…", or the paper changed
    finished = Signal(bool, str)  # printed or saved?, what happened in words

    def __init__(self, dialog, parent: QWidget):
        super().__init__(parent)
        self.dialog = dialog  # the SummaryDialog: its printer, paper and log
        self.parent_widget = parent
        self.print_dialog: QPrintDialog | None = None
        self.message: QMessageBox | None = None
        self.work = LatestOnly("print", self)
        self.work.done.connect(self._done)
        self.work.failed.connect(lambda _tag, err: self._done(None, (False, fill(
            self.tr("Not printed: %1"), err))))

    @property
    def busy(self) -> bool:
        return self.work.busy

    def start(self, laid_out, paper: Paper, title: str) -> None:
        if not printer_names():
            self._no_print_system()
            return
        printer = self.dialog.printer
        self.print_dialog = QPrintDialog(printer, self.parent_widget)
        self.print_dialog.setWindowTitle(self.tr("Print the summary"))
        # Every page prints: a page range would leave out what the doctor needs.
        self.print_dialog.setOptions(QAbstractPrintDialog.PrintToFile | QAbstractPrintDialog.PrintShowPageSize)
        self.print_dialog.accepted.connect(lambda: self._chosen(laid_out, paper, title))
        QDialog.open(self.print_dialog)  # QPrintDialog.open() in PySide wants a receiver

    def _no_print_system(self) -> None:
        box = QMessageBox(QMessageBox.Information, self.tr("No printer"), self.tr(
            "This computer has no printer set up, or its print service is not running, so the "
            "summary cannot be printed from here. You can save it as a PDF and print that "
            "elsewhere, or send it to your doctor."), QMessageBox.Close, self.parent_widget)
        save = box.addButton(self.tr("Save as PDF…"), QMessageBox.AcceptRole)
        box.setDefaultButton(save)
        save.clicked.connect(self.dialog.ask_pdf_path)
        self.message = box
        box.open()

    def _chosen(self, laid_out, paper: Paper, title: str) -> None:
        printer = self.dialog.printer
        to_file = printer.outputFormat() == QPrinter.PdfFormat
        queue = printer.printerName()
        if not to_file and queue not in printer_names():
            # Gone since the dialog listed it (deleted, or the print service stopped): why, in words.
            self.work.submit(title, lambda: (False, "Not printed: " + (
                print_queue.queue_problem(queue) or "the printer is no longer there.")))
            return
        size = printer.pageLayout().pageSize()
        chosen = paper_of(size, "" if to_file else printer.printerName())
        if chosen.key != paper.key:
            # Lay out again and show it first: never print a page the preview did not show.
            use_paper(printer, chosen)
            self.dialog.use_paper(chosen)
            where = self.tr("The file") if to_file else fill(self.tr("The printer %1"), printer.printerName())
            self._tell(fill(self.tr("%1 uses %2 paper: the preview now shows the pages on %2. "
                                    "Look them over, then choose Print again."), where, chosen.words))
            return
        use_paper(printer, paper)
        printer.setDocName(title)
        target = ""
        if to_file:
            target = printer.outputFileName()
            problem = self._cannot_write(target)
            if problem:
                self._done(None, (False, problem))
                return
        queue = "" if to_file else queue

        def send():
            before = print_queue.last_job(queue) if queue else 0
            pages = paint_laid_out(laid_out, printer)
            if to_file:
                os.chmod(target, 0o600)
                return True, fill(self.tr("Saved %1 (%2 pages)."), target, pages)
            outcome = print_queue.follow_job(queue, before)
            return outcome.sent, outcome.words

        self._tell(self.tr("Sending the pages…") if queue else fill(self.tr("Saving %1…"), target))
        self.work.submit(title, send)

    def _cannot_write(self, target: str) -> str:
        """Why ``target`` cannot take the summary, in words; '' when it can (it is then an
        empty owner-only file)."""
        try:
            if not target:
                raise OSError(self.tr("no file name was given"))
            if self.dialog.log_path is not None:
                refuse_log_paths(Path(target), self.dialog.log_path)
            create_private_file(target)
        except OSError as err:
            reason = err.strerror or str(err)
            return fill(self.tr("Not saved: could not write %1: %2"), target, reason)
        return ""

    def _tell(self, words: str) -> None:
        self.said.emit(words)

    def _done(self, _tag, result) -> None:
        sent, words = result
        self.finished.emit(sent, words)
        if not sent:
            box = QMessageBox(QMessageBox.Warning, self.tr("The summary was not printed"), words,
                              QMessageBox.Close, self.parent_widget)
            save = box.addButton(self.tr("Save as PDF…"), QMessageBox.AcceptRole)
            save.clicked.connect(self.dialog.ask_pdf_path)
            self.message = box
            box.open()

    def wait(self) -> None:
        self.work.wait()
