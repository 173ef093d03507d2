"""The print preview of the summary: the pages as they print, on the paper they print on.

The pages are laid out off the window's thread (summary.SummaryDialog asks)
and each page's picture is painted off it too, only for the pages in sight,
so the window never waits for ten years of log. The preview fits the screen
it opens on, says which paper the pages are on and where that came from,
and has Print… and Save as PDF… of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.report.printing import job_title, page_image
from kratomtrack.ui.dialogs.summary_print import Paper, PrintJob
from kratomtrack.ui.dialogs.summary_work import LatestOnly
from kratomtrack.ui.wording import fill

PREFERRED = QSize(900, 1000)  # on a screen with room for it
SCREEN_SHARE = 0.92  # of the available screen, at most
ZOOMS = (0.5, 0.65, 0.8, 1.0, 1.25, 1.5, 2.0)  # of the page's width fitted to the view
PAGE_GAP = 12


class PreviewDialog(QDialog):
    def __init__(self, dialog):
        super().__init__(dialog)
        self.dialog = dialog  # the SummaryDialog: choices, paper, saving
        self.laid_out = None
        self.paper: Paper | None = None
        self.zoom = ZOOMS.index(1.0)
        self.page_labels: list[QLabel] = []
        self._shown_width = 0  # the width the pictures in the labels were painted at
        self._painted: set[int] = set()
        self._busy = False
        self.setWindowTitle(self.tr("Summary for the doctor: print preview"))
        self.pictures = LatestOnly("page-pictures", self)
        self.pictures.done.connect(self._pictures_painted)
        self.print_job = PrintJob(dialog, self)
        self.print_job.finished.connect(self._print_said)
        self.print_job.said.connect(self.say)
        self._build()
        self._look_again = QTimer(self, singleShot=True, interval=50)
        self._look_again.timeout.connect(self._paint_in_sight)
        self.fit_screen()
        self.area.setFocus()

    def _build(self) -> None:
        self.paper_label = QLabel()
        self.paper_label.setAccessibleName(self.tr("Paper"))
        self.count_label = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setFormat(self.tr("Laying out the pages…"))
        self.busy.setTextVisible(True)
        self.busy.setAccessibleName(self.tr("Laying out the pages"))
        self.busy.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        self.busy.hide()
        smaller = QPushButton(self.tr("Zoom out"))
        larger = QPushButton(self.tr("Zoom in"))
        for button in (smaller, larger):
            button.setAutoDefault(False)
        smaller.clicked.connect(lambda: self.set_zoom(self.zoom - 1))
        larger.clicked.connect(lambda: self.set_zoom(self.zoom + 1))
        top = QHBoxLayout()
        for widget in (self.paper_label, self.count_label):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(smaller)
        top.addWidget(larger)

        self.pages = QWidget()
        self.pages.setBackgroundRole(self.backgroundRole())
        self.column = QVBoxLayout(self.pages)
        self.column.setSpacing(PAGE_GAP)
        self.column.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.area = QScrollArea()
        self.area.setWidget(self.pages)
        self.area.setWidgetResizable(True)
        self.area.setAccessibleName(self.tr("Pages"))
        self.area.setFocusPolicy(Qt.StrongFocus)  # arrows and Page Down scroll the pages
        self.area.verticalScrollBar().valueChanged.connect(lambda _v: self._look_again.start())

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("What happened"))
        self.status.hide()  # until there is something to say

        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setAccessibleName(self.tr("Print"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_pages)
        save = QAction(self.tr("Save as PDF…"), self)
        save.setToolTip(self.tr("Save the summary as a PDF file"))
        save.setShortcut(QKeySequence.Save)
        save.triggered.connect(self.dialog.ask_pdf_path)
        self.addAction(save)
        self.dialog.preview_pdf_action = save
        self.save_button = QPushButton(self.tr("Save as P&DF…"))
        self.save_button.setAccessibleName(self.tr("Save as PDF"))
        self.save_button.clicked.connect(save.trigger)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        for sequence, zoom in ((QKeySequence.ZoomIn, 1), (QKeySequence.ZoomOut, -1)):
            action = QAction(self)
            action.setShortcut(sequence)
            action.triggered.connect(lambda _c=False, step=zoom: self.set_zoom(self.zoom + step))
            self.addAction(action)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._set_printable(False)

    def fit_screen(self) -> None:
        """900×1000 where there is room; never larger than the screen it opens on."""
        screen = (self.parentWidget() or self).screen()
        room = screen.availableGeometry()
        width = min(PREFERRED.width(), int(room.width() * SCREEN_SHARE))
        height = min(PREFERRED.height(), int(room.height() * SCREEN_SHARE))
        self.setMinimumSize(min(self.minimumSizeHint().width(), width),
                            min(self.minimumSizeHint().height(), height))
        self.resize(width, height)
        frame = self.frameGeometry()
        frame.moveCenter(room.center())
        self.move(max(frame.left(), room.left()), max(frame.top(), room.top()))

    # --- the pages -------------------------------------------------------------------------

    def page_count(self) -> int:
        return self.laid_out.count if self.laid_out is not None else 0

    def show_pages(self, laid_out, paper: Paper) -> None:
        """Show newly laid-out pages (their pictures follow, off the window's thread)."""
        self.laid_out, self.paper = laid_out, paper
        where = fill(self.tr("from the printer %1"), paper.printer) if paper.printer else \
            self.tr("from your language and region settings")
        self.paper_label.setText(fill(self.tr("Paper: %1 (%2)."), paper.words, where))
        self.count_label.setText(fill(self.tr("%1 pages."), laid_out.count))
        self._painted.clear()
        self._shown_width = 0
        while len(self.page_labels) > laid_out.count:
            self.page_labels.pop().deleteLater()
        while len(self.page_labels) < laid_out.count:
            label = QLabel()
            label.setFrameShape(QFrame.Box)
            label.setAlignment(Qt.AlignCenter)
            label.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
            label.setStyleSheet("background: white; color: #555;")
            self.column.addWidget(label)
            self.page_labels.append(label)
        self._size_pages()
        self._set_printable(True)

    def _page_width(self) -> int:
        # The width inside the scroll area once its vertical scroll bar shows (pages are tall).
        margins = self.column.contentsMargins()
        bar = self.area.verticalScrollBar().sizeHint().width()
        room = self.area.maximumViewportSize().width() - bar - margins.left() - margins.right()
        return max(120, int(room * ZOOMS[self.zoom]))

    def _size_pages(self) -> None:
        if self.laid_out is None:
            return
        rect = self.laid_out.device.pageLayout().fullRectPoints()
        width = self._page_width()
        height = round(width * rect.height() / rect.width())
        count = self.laid_out.count
        for number, label in enumerate(self.page_labels, start=1):
            label.setFixedSize(width, height)
            label.setAccessibleName(fill(self.tr("Page %1 of %2"), number, count))
            if width != self._shown_width:
                label.setPixmap(QPixmap())
                label.setText(fill(self.tr("page %1 of %2"), number, count))
        if width != self._shown_width:
            self._painted.clear()
            self._shown_width = width
        self._look_again.start()

    def set_zoom(self, index: int) -> None:
        self.zoom = max(0, min(len(ZOOMS) - 1, index))
        self._size_pages()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._size_pages()

    def _in_sight(self) -> list[int]:
        top = self.area.verticalScrollBar().value()
        bottom = top + self.area.viewport().height()
        return [number for number, label in enumerate(self.page_labels, start=1)
                if label.y() < bottom + label.height() and label.y() + 2 * label.height() > top]

    def _paint_in_sight(self) -> None:
        laid_out = self.laid_out
        if laid_out is None:
            return
        wanted = [n for n in self._in_sight() if n not in self._painted][:4]
        if not wanted:
            return
        ratio = self.devicePixelRatioF()
        pixels = round(self._shown_width * ratio)

        def paint():
            return {n: page_image(laid_out, n, pixels) for n in wanted}

        self.pictures.submit((laid_out, self._shown_width, ratio), paint)

    def _pictures_painted(self, tag, images) -> None:
        laid_out, width, ratio = tag
        if laid_out is not self.laid_out or width != self._shown_width:
            self._look_again.start()
            return
        for number, image in images.items():
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            self.page_labels[number - 1].setPixmap(pixmap)
            self._painted.add(number)
        self._look_again.start()  # more pages may be in sight

    def pictures_done(self) -> bool:
        """Whether every page in sight shows its picture (for tests and scripts)."""
        return not self.pictures.busy and all(n in self._painted for n in self._in_sight())

    # --- busy, print -------------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self._set_printable(not busy and self.laid_out is not None)

    def _set_printable(self, printable: bool) -> None:
        printing = self.print_job.busy if hasattr(self, "print_job") else False
        self.print_button.setEnabled(printable and not printing)
        self.save_button.setEnabled(printable)

    def print_pages(self) -> None:
        """Print the pages shown (the printer is chosen in the system's print dialog)."""
        if self.laid_out is None or not self.dialog.ready:
            return
        choices = self.dialog.prepared.choices
        self.print_job.start(self.laid_out, self.paper, job_title(choices.start, choices.end))

    def _print_said(self, sent: bool, words: str) -> None:
        self.say(words)
        self._set_printable(self.laid_out is not None and not self._busy)

    def say(self, words: str) -> None:
        self.status.setText(words)
        self.status.setVisible(bool(words))

    def done(self, result: int) -> None:
        for work in (self.pictures, self.print_job):
            work.wait()
        super().done(result)
