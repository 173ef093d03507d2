"""File > Print summary…: choose a range, add questions, preview, print or save as PDF.

The preview, the printer and "Save as PDF…" all paint the same Document
(kratomtrack.report), so what the person sees is what the doctor gets.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QMarginsF, QStandardPaths, Qt
from PySide6.QtGui import QAction, QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.summary.build import (
    DAY_TABLE_DEFAULT_MAX_DAYS,
    Summary,
    SummaryInput,
    check_summary_range,
    summarise,
)
from kratomtrack.core.validation import FieldError
from kratomtrack.core.dates import date_text, span_text
from kratomtrack.report.content import SECTIONS, Document
from kratomtrack.report.content import summary_document
from kratomtrack.report.printing import MARGIN_MM, write_summary_pdf
from kratomtrack.store.output_paths import refuse_log_paths
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.widgets.qdates import DayEdit, from_qdate, to_qdate
from kratomtrack.ui.wording import fill

PERIODS = (30, 90, 180, 365)  # days; then "Choose dates…"
DEFAULT_PERIOD = 90
QUESTIONS_MAX = 2000

Gather = Callable[[dt.date, dt.date], SummaryInput]


class SummaryDialog(QDialog):
    """Range, questions and day table; then print preview or a PDF.

    ``gather(start, end)`` returns the SummaryInput for a range (see
    ``kratomtrack.store.summary_source.gather_summary_input``); the
    questions typed here are added to it. ``chart_figures`` is passed to
    the document (default: kratomtrack.report.charts).
    """

    def __init__(self, gather: Gather, parent: QWidget | None = None, *,
                 chart_figures=None, today: dt.date | None = None):
        super().__init__(parent)
        self.gather = gather
        self.chart_figures = chart_figures
        self.today = today or dt.date.today()
        self.printer = QPrinter(QPrinter.HighResolution)
        self.printer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                    QPageLayout.Millimeter)
        self.preview: QPrintPreviewDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.last_saved: Path | None = None
        self.log_path: Path | None = None  # a PDF is never written over the log or its backups
        self._document_key = None
        self._document: Document | None = None
        self._table_touched = False
        # The summary of the chosen range, computed once per range (questions are added to it).
        self._summary: Summary | None = None
        self.setWindowTitle(self.tr("Print summary for the doctor"))
        self._build()
        self._range_changed()
        # Never smaller than its natural size: Qt lets a window shrink below what its
        # wrapped text needs, and the fields would then overlap.
        self.setMinimumSize(self.sizeHint())

    @classmethod
    def for_log(cls, db: LogDatabase, parent: QWidget | None = None, *,
                chart_figures=None, today: dt.date | None = None) -> SummaryDialog:
        """A dialog over the log, gathering exactly what ``kratomtrack report`` prints."""
        from kratomtrack.store.summary_source import summary_input

        dialog = cls(lambda start, end: summary_input(db, start, end, made_on=today),
                     parent, chart_figures=chart_figures, today=today)
        dialog.log_path = db.path
        return dialog

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(self.tr(
            "A summary of what you logged, to take to your doctor: page 1 shows the main "
            "figures, then pain, side effects, safety, your notes and questions, and charts."))
        intro.setWordWrap(True)

        self.period = QComboBox()
        for days in PERIODS:
            self.period.addItem(fill(self.tr("Last %1 days"), days), days)
        self.period.addItem(self.tr("Choose dates…"), None)
        self.period.setCurrentIndex(PERIODS.index(DEFAULT_PERIOD))
        self.period.setAccessibleName(self.tr("Period to summarise"))

        self.start_edit = self._date_edit(self.tr("First day"))
        self.end_edit = self._date_edit(self.tr("Last day"))
        dates = QHBoxLayout()
        dates.addWidget(self.start_edit)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.end_edit)
        dates.addStretch(1)

        self.range_note = QLabel()
        self.range_note.setWordWrap(True)
        self.range_note.setAccessibleName(self.tr("About the chosen period"))

        self.questions = QPlainTextEdit()
        self.questions.setPlaceholderText(self.tr(
            "Questions you want to ask at the visit. They are printed in the summary."))
        self.questions.setAccessibleName(self.tr("Questions for my doctor"))
        self.questions.setTabChangesFocus(True)
        self.questions.setFixedHeight(self.fontMetrics().lineSpacing() * 6)

        self.day_table = QCheckBox(self.tr("Add a day-by-day table"))
        self.day_table.setAccessibleName(self.tr("Add a day-by-day table"))
        self.day_table.setToolTip(fill(self.tr(
            "On by default for up to %1 days; longer tables run to many pages."), DAY_TABLE_DEFAULT_MAX_DAYS))

        form = QFormLayout()
        form.addRow(self.tr("&Period:"), self.period)
        form.addRow(self.tr("Dates:"), dates)
        form.addRow("", self.range_note)
        form.addRow(self.tr("&Questions for my doctor:"), self.questions)
        form.addRow("", self.day_table)
        form.addRow(self.tr("Sections:"), self._build_sections())

        self.preview_button = QPushButton(self.tr("Print pre&view…"))
        self.preview_button.setAccessibleName(self.tr("Print preview"))
        self.pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.pdf_button.setAccessibleName(self.tr("Save as PDF"))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.preview_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        self.preview_button.setDefault(True)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        self.period.currentIndexChanged.connect(self._period_changed)
        self.start_edit.dateChanged.connect(self._range_changed)
        self.end_edit.dateChanged.connect(self._range_changed)
        self.day_table.clicked.connect(self._table_clicked)
        self.day_table.toggled.connect(self._choice_changed)
        self.preview_button.clicked.connect(self.open_preview)
        self.pdf_button.clicked.connect(self.ask_pdf_path)
        self._period_changed()

    def _date_edit(self, name: str) -> DayEdit:
        edit = DayEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMaximumDate(to_qdate(self.today))
        edit.setMinimumDate(QDate(1970, 1, 1))
        edit.setAccessibleName(name)
        return edit

    # --- the range ---------------------------------------------------------------------------

    def _period_changed(self) -> None:
        days = self.period.currentData()
        custom = days is None
        self.start_edit.setEnabled(custom)
        self.end_edit.setEnabled(custom)
        if not custom:
            for edit, day in ((self.end_edit, self.today),
                              (self.start_edit, self.today - dt.timedelta(days=days - 1))):
                edit.blockSignals(True)
                edit.setDate(to_qdate(day))
                edit.blockSignals(False)
        self._range_changed()

    def range(self) -> tuple[dt.date, dt.date]:
        return from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())

    def set_range(self, start: dt.date, end: dt.date) -> None:
        """Choose two dates (as the person would with "Choose dates…")."""
        self.period.setCurrentIndex(len(PERIODS))
        self.start_edit.setDate(to_qdate(start))
        self.end_edit.setDate(to_qdate(end))

    def _range_changed(self) -> None:
        start, end = self.range()
        try:
            check_summary_range(start, end, self.today)
        except FieldError as err:
            self.range_note.setText(fill(self.tr("This period cannot be summarised: %1"), err.problem.message))
            self._set_ready(False)
            return
        summary = self._summary_of(start, end)
        if not self._table_touched:
            self.day_table.setChecked(summary.day_table_by_default)
        note = f"{span_text(start, end)} ({summary.range_days} days)."
        if summary.records_begin_in_range:
            note += " " + fill(self.tr("Your records begin on %1; earlier days are not counted."),
                               date_text(summary.counted_start))
        if not summary.has_records:
            note += " " + self.tr("Nothing was logged in this period.")
        self.range_note.setText(note)
        self._set_ready(True)

    def _build_sections(self) -> QWidget:
        """A tick box per section (report.content.SECTIONS; the day table has its own)."""
        labels = {"now": self.tr("Now"), "flags": self.tr("Flags"), "pain": self.tr("Pain"),
                  "side-effects": self.tr("Side effects"), "withdrawal": self.tr("Withdrawal-type symptoms"),
                  "dependence": self.tr("Dependence and safety"), "background": self.tr("Background from the patient"),
                  "notes": self.tr("Notes and questions"),
                  "charts": self.tr("Charts")}
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.section_boxes: dict[str, QCheckBox] = {}
        for i, name in enumerate(n for n, _ in SECTIONS if n in labels):
            tick = QCheckBox(labels[name])
            tick.setChecked(True)
            tick.setAccessibleName(fill(self.tr("Print the section %1"), labels[name]))
            tick.toggled.connect(self._choice_changed)
            grid.addWidget(tick, i // 4, i % 4)
            self.section_boxes[name] = tick
        return box

    def sections(self) -> list[str]:
        """The sections ticked, with the day table when it is ticked."""
        chosen = [name for name, tick in self.section_boxes.items() if tick.isChecked()]
        return chosen + (["table"] if self.day_table.isChecked() else [])

    def _choice_changed(self) -> None:
        # The preview shows the new choice at once.
        if self.preview is not None and self.preview.isVisible():
            self.preview.findChild(QPrintPreviewWidget).updatePreview()

    def _set_ready(self, ready: bool) -> None:
        self.preview_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)

    def _table_clicked(self) -> None:
        self._table_touched = True

    # --- the document ---------------------------------------------------------------------------

    def _summary_of(self, start: dt.date, end: dt.date) -> Summary:
        if self._summary is None or (self._summary.start, self._summary.end) != (start, end):
            data = dataclasses.replace(self.gather(start, end), made_on=self.today)
            self._summary = summarise(data)
        return self._summary

    def summary(self) -> Summary:
        """The summary of the chosen range with the questions typed (computed once per range)."""
        questions = self.questions.toPlainText().strip()[:QUESTIONS_MAX].strip()
        return dataclasses.replace(self._summary_of(*self.range()), questions=questions)

    def document(self) -> Document:
        """The document for the current choices (charts are built once per choice)."""
        key = (self.range(), self.questions.toPlainText(), tuple(self.sections()))
        if key != self._document_key:
            self._document = summary_document(self.summary(), sections=self.sections(),
                                            chart_figures=self.chart_figures)
            self._document_key = key
        return self._document

    def paint(self, printer) -> None:
        from kratomtrack.report.pages import render_document

        render_document(self.document(), printer)

    # --- preview, print, PDF -----------------------------------------------------------------------

    def open_preview(self) -> QPrintPreviewDialog:
        """The print preview: page setup and the system print dialog are in its tool bar."""
        self.preview = QPrintPreviewDialog(self.printer, self)
        self.preview.setWindowTitle(self.tr("Summary for the doctor: print preview"))
        self.preview.paintRequested.connect(self.paint)
        toolbar = self.preview.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addSeparator()
            save = QAction(self.tr("Save as PDF…"), self.preview)
            save.setToolTip(self.tr("Save the summary as a PDF file"))
            save.triggered.connect(self.ask_pdf_path)
            toolbar.addAction(save)
            self.preview_pdf_action = save
        self.preview.resize(900, 1000)
        self.preview.open()
        return self.preview

    def ask_pdf_path(self) -> QFileDialog:
        parent = self.preview if self.preview is not None and self.preview.isVisible() else self
        start, end = self.range()
        folder = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        name = f"summary-for-doctor-{start.isoformat()}-to-{end.isoformat()}.pdf"
        self.file_dialog = QFileDialog(parent, self.tr("Save the summary as PDF"), folder)
        self.file_dialog.setAcceptMode(QFileDialog.AcceptSave)
        self.file_dialog.setNameFilter(self.tr("PDF files (*.pdf)"))
        self.file_dialog.setDefaultSuffix("pdf")
        self.file_dialog.selectFile(name)
        self.file_dialog.fileSelected.connect(self.save_pdf)
        self.file_dialog.open()
        return self.file_dialog

    def save_pdf(self, path: str) -> bool:
        """Write the same document as the preview, on the printer's page setup."""
        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(path.suffix + ".pdf") if path.suffix else path.with_suffix(".pdf")
        try:
            if self.log_path is not None:
                refuse_log_paths(path, self.log_path)
            pages = write_summary_pdf(self.document(), path, self.printer.pageLayout())
        except OSError as err:
            QMessageBox.warning(self, self.tr("The PDF was not saved"),
                                fill(self.tr("Could not write %1: %2"), path, err))
            return False
        self.last_saved = path
        self.status.setText(fill(self.tr("Saved %1 (%2 pages)."), path, pages))
        return True

