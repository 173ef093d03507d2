"""File > Print summary…: choose a range, add questions, preview, print or save as PDF.

The preview, the printer and "Save as PDF…" all paint the same laid-out pages
(kratomtrack.report), and ``kratomtrack report`` lays out the same document
for the same choices, so what the person sees is what the doctor gets.
Reading the log, summarising and laying out run off the window's thread
(summary_work.LatestOnly), a moment after the last change of the range.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QStandardPaths, Qt, QTimer
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
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.dates import date_text, span_text
from kratomtrack.core.summary.build import DAY_TABLE_DEFAULT_MAX_DAYS, Summary, check_summary_range
from kratomtrack.core.validation import FieldError
from kratomtrack.report.content import Document
from kratomtrack.report.sections import TABLE, section_choices
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.output_paths import refuse_log_paths
from kratomtrack.ui.dialogs.summary_print import Paper, summary_printer
from kratomtrack.ui.dialogs.summary_making import Choices, Gather, Prepared, SummaryMaker, log_gather
from kratomtrack.ui.dialogs.summary_work import LatestOnly
from kratomtrack.ui.widgets.qdates import DayEdit, from_qdate, to_qdate
from kratomtrack.ui.wording import fill

PERIODS = (30, 90, 180, 365)  # days; then "Choose dates…"
DEFAULT_PERIOD = 90
QUESTIONS_MAX = 2000
# A change of the range (an arrow held on the year) is read this long after the last one.
SETTLE_MS = 250

class SummaryDialog(QDialog):
    """Range, questions, sections and day table; then print preview or a PDF.

    ``gather(start, end)`` returns the SummaryInput for a range (see
    ``kratomtrack.store.summary_source.summary_input``); it runs in a worker
    thread unless ``read_here`` is set. The questions typed here are added to
    it. ``chart_figures`` is passed to the document (default: report.charts).
    """

    def __init__(self, gather: Gather, parent: QWidget | None = None, *,
                 chart_figures=None, today: dt.date | None = None):
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.maker = SummaryMaker(gather, self.today, chart_figures)
        self.read_here = False  # gather on the window's thread (a damaged log's copy in memory)
        self.printer, self.paper = summary_printer()
        self.preview = None  # summary_preview.PreviewDialog
        self.file_dialog: QFileDialog | None = None
        self.last_saved: Path | None = None
        self.log_path: Path | None = None  # a PDF is never written over the log or its backups
        self.prepared: Prepared | None = None  # the newest result, for the choices it names
        self._summaries: dict[tuple[dt.date, dt.date], Summary] = {}
        self._table_touched = False
        self._table_default_for: tuple[dt.date, dt.date] | None = None
        self.work = LatestOnly("summary", self)
        self.work.done.connect(self._prepared)
        self.work.failed.connect(self._failed)
        self.saving = LatestOnly("save-pdf", self)
        self.saving.done.connect(self._saved)
        self.saving.failed.connect(self._not_saved)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._ask)
        QCoreApplication.instance().aboutToQuit.connect(self.stop_work)
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
        gather, in_memory = log_gather(db, today)
        dialog = cls(gather, parent, chart_figures=chart_figures, today=today)
        dialog.read_here = in_memory
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
        self.reading = QProgressBar()
        self.reading.setRange(0, 0)  # busy: how long reading takes is not known
        self.reading.setTextVisible(False)
        self.reading.setMaximumHeight(self.fontMetrics().height() // 2)
        self.reading.setAccessibleName(self.tr("Reading the log"))
        self.reading.hide()

        self.questions = QPlainTextEdit()
        self.questions.setPlaceholderText(self.tr(
            "Questions you want to ask at the visit. They are printed in the summary."))
        self.questions.setAccessibleName(self.tr("Questions for my doctor"))
        self.questions.setTabChangesFocus(True)
        self.questions.setFixedHeight(self.fontMetrics().lineSpacing() * 5)

        self.day_table = QCheckBox(self.tr("Add a day-by-day table"))
        self.day_table.setAccessibleName(self.tr("Add a day-by-day table"))
        self.day_table.setToolTip(fill(self.tr(
            "On by default for up to %1 days; longer tables run to many pages."), DAY_TABLE_DEFAULT_MAX_DAYS))

        form = QFormLayout()
        form.addRow(self.tr("&Period:"), self.period)
        form.addRow(self.tr("Dates:"), dates)
        about = QVBoxLayout()
        about.setSpacing(2)
        about.addWidget(self.range_note)
        about.addWidget(self.reading)
        form.addRow("", about)
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
        self.day_table.clicked.connect(lambda: setattr(self, "_table_touched", True))
        self.day_table.toggled.connect(self._choice_changed)
        self.questions.textChanged.connect(self._choice_changed)
        self.preview_button.clicked.connect(self.open_preview)
        self.pdf_button.clicked.connect(self.ask_pdf_path)
        self.work.busy_changed.connect(self._busy)
        self._period_changed()

    def _date_edit(self, name: str) -> DayEdit:
        edit = DayEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMaximumDate(to_qdate(self.today))
        edit.setMinimumDate(QDate(1970, 1, 1))
        edit.setAccessibleName(name)
        return edit

    def _build_sections(self) -> QWidget:
        """A tick box per section of report.sections (the day table has its own above)."""
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.section_boxes: dict[str, QCheckBox] = {}
        for i, (name, title) in enumerate(section_choices()):
            words = QCoreApplication.translate("SummaryDialog", title)
            tick = QCheckBox(words)
            tick.setChecked(True)
            tick.setAccessibleName(fill(self.tr("Print the section %1"), words))
            tick.toggled.connect(self._choice_changed)
            grid.addWidget(tick, i // 3, i % 3)
            self.section_boxes[name] = tick
        return box

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

    def range_problem(self) -> str:
        """Why the chosen range cannot be summarised; '' when it can."""
        try:
            check_summary_range(*self.range(), self.today)
        except FieldError as err:
            return err.problem.message
        return ""

    def _range_changed(self) -> None:
        problem = self.range_problem()
        if problem:
            self._settle.stop()
            self.work.forget_waiting()
            self.range_note.setText(fill(self.tr("This period cannot be summarised: %1"), problem))
            self._set_ready(False)
            return
        self._set_ready(True)
        start, end = self.range()
        summary = self._summaries.get((start, end))
        if summary is not None:
            self._show_range(summary)
        else:
            self.range_note.setText(fill(self.tr("%1 (%2 days). Reading the log…"), span_text(start, end),
                                         str((end - start).days + 1)))
        self._changed()

    def _show_range(self, summary: Summary) -> None:
        if not self._table_touched and self._table_default_for != (summary.start, summary.end):
            # Once per range (a change asks for the pages again, if previewed).
            self._table_default_for = (summary.start, summary.end)
            self.day_table.setChecked(summary.day_table_by_default)
        note = f"{span_text(summary.start, summary.end)} ({summary.range_days} days)."
        if summary.records_begin_in_range:
            note += " " + fill(self.tr("Your records begin on %1; earlier days are not counted."),
                               date_text(summary.counted_start))
        if not summary.has_records:
            note += " " + self.tr("Nothing was logged in this period.")
        self.range_note.setText(note)

    def sections(self) -> list[str]:
        """The sections ticked, with the day table when it is ticked."""
        chosen = [name for name, tick in self.section_boxes.items() if tick.isChecked()]
        return chosen + ([TABLE] if self.day_table.isChecked() else [])

    def _set_ready(self, ready: bool) -> None:
        self.preview_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)

    # --- the work off the window's thread -----------------------------------------------------

    def choices(self, paper: Paper | None = None) -> Choices:
        start, end = self.range()
        questions = self.questions.toPlainText().strip()[:QUESTIONS_MAX].strip()
        return Choices(start, end, questions, tuple(self.sections()), paper)

    @property
    def ready(self) -> bool:
        """Whether what is shown (range note, preview) is for the current choices."""
        if self.range_problem():
            return True
        if self._settle.isActive() or self.work.busy or self.prepared is None:
            return False
        have = self.prepared.choices
        wanted = self.choices(self.paper if self.preview_open() else None)
        if wanted.paper is None:
            return (have.start, have.end) == (wanted.start, wanted.end)
        return have == wanted

    def preview_open(self) -> bool:
        return self.preview is not None and self.preview.isVisible()

    def _choice_changed(self) -> None:
        if self.preview_open():
            self._changed()

    def _changed(self) -> None:
        """Ask again a moment after the last change (an arrow held on the year)."""
        if not self.range_problem():
            self._settle.start()
            self._busy(True)

    def _ask(self) -> None:
        if self.range_problem():
            return
        choices = self.choices(self.paper if self.preview_open() else None)
        summary = self._summaries.get((choices.start, choices.end))
        if summary is None and self.read_here:
            summary = self.maker.summarise(choices.start, choices.end)
        self.work.submit(choices, lambda: self.maker.prepare(choices, summary))

    def _prepared(self, choices: Choices, prepared: Prepared) -> None:
        self._summaries = {(choices.start, choices.end): prepared.summary}
        self.prepared = prepared
        if (choices.start, choices.end) == self.range():
            self._show_range(prepared.summary)
        if prepared.laid_out is not None and self.preview is not None:
            self.preview.show_pages(prepared.laid_out, choices.paper)
        self._busy(self.work.busy or self._settle.isActive())

    def _failed(self, choices: Choices, error: Exception) -> None:
        self._busy(False)
        self.range_note.setText(fill(self.tr("The summary could not be made: %1"), error))

    def _busy(self, busy: bool) -> None:
        self.reading.setVisible(bool(busy))
        if self.preview is not None:
            self.preview.set_busy(bool(busy))

    def summary(self) -> Summary:
        """The summary of the chosen range with the questions typed (for scripts and tests:
        read on the calling thread unless the range's summary is already made)."""
        start, end = self.range()
        summary = self._summaries.get((start, end))
        if summary is None:
            summary = self._summaries[(start, end)] = self.maker.summarise(start, end)
        return dataclasses.replace(summary, questions=self.choices().questions)

    def document(self) -> Document:
        """The document of the current choices (for scripts and tests, on the calling thread)."""
        return self.maker.document(self.summary(), self.choices())

    # --- preview and PDF -------------------------------------------------------------------------

    def open_preview(self):
        """The print preview: its pages are laid out off the window's thread."""
        from kratomtrack.ui.dialogs.summary_preview import PreviewDialog

        if self.preview is None:
            self.preview = PreviewDialog(self)
            self.preview.destroyed.connect(lambda: setattr(self, "preview", None))
        self.preview.open()
        self._changed()
        return self.preview

    def use_paper(self, paper: Paper) -> None:
        """Lay the pages out again on ``paper`` (the printer chosen uses another size)."""
        self.paper = paper
        self._changed()

    def ask_pdf_path(self) -> QFileDialog:
        parent = self.preview if self.preview_open() else self
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
        """Write the pages the preview shows (laid out again only if the choices changed) as a
        PDF, off the window's thread; False if the path is refused at once."""
        from kratomtrack.report.printing import write_pages_pdf

        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(path.suffix + ".pdf") if path.suffix else path.with_suffix(".pdf")
        try:
            if self.log_path is not None:
                refuse_log_paths(path, self.log_path)
        except OSError as err:
            self._not_saved(path, err)
            return False
        choices = self.choices(self.paper)
        prepared = self.prepared if self.prepared is not None and self.prepared.choices == choices else None
        summary = self._summaries.get((choices.start, choices.end))

        def save():
            laid_out = (prepared or self.maker.prepare(choices, summary)).laid_out
            return write_pages_pdf(laid_out, path)

        self.status.setText(fill(self.tr("Saving %1…"), path))
        self.saving.submit(path, save)
        return True

    def _saved(self, path: Path, pages: int) -> None:
        self.last_saved = path
        words = fill(self.tr("Saved %1 (%2 pages)."), path, pages)
        self.status.setText(words)
        if self.preview is not None:
            self.preview.say(words)

    def _not_saved(self, path: Path, err: Exception) -> None:
        self.status.setText("")
        QMessageBox.warning(self.preview if self.preview_open() else self,
                            self.tr("The PDF was not saved"),
                            fill(self.tr("Could not write %1: %2"), path, err))

    def done(self, result: int) -> None:
        if self.preview is not None:
            self.preview.close()
        self.stop_work()
        super().done(result)

    def stop_work(self) -> None:
        """Wait for every thread of the dialog and its preview: none may paint after Qt
        has gone (issue 26), also when the app quits with the dialog open."""
        self._settle.stop()
        works = [self.work, self.saving]
        if self.preview is not None:
            works += [self.preview.pictures, self.preview.print_job.work]
        for work in works:
            work.wait()
