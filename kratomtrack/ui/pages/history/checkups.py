"""History's list of check-ups: weekly PEG, monthly SDS and red flags, newest first, editable."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.checkups import EMERGENCY, RED_FLAGS_BY_KEY
from kratomtrack.store import checkups, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.checkup_commands import SaveCheckup, SetRedFlag
from kratomtrack.ui.dialogs.checkups import PegDialog, SdsDialog
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from kratomtrack.ui.widgets.qdates import to_qdate
from kratomtrack.ui.wording import fill


def fit_columns(table: QTableWidget, texts: list[set[str]]) -> None:
    """What ``table.resizeColumnsToContents()`` does for plain text items, from each
    column's distinct texts: Qt measures every cell, and years of weekly check-ups
    are some 2,000 cells of far fewer distinct texts (the measuring was about
    15 ms of History's first opening)."""
    metrics = QFontMetricsF(table.font())
    # QCommonStyle's item size: the text's width rounded up, and a focus-frame margin and a pixel each side.
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    header = table.horizontalHeader()
    for column, distinct in enumerate(texts):
        content = max((math.ceil(metrics.horizontalAdvance(text)) + margin for text in distinct), default=0)
        header.resizeSection(column, max(content, header.sectionSizeHint(column)))


class CheckupHistory(QWidget):
    """A table of the check-ups between two dates; Edit opens the dialog, Delete can be undone.

    ``changed`` is emitted after an edit, a delete or an undo. With an
    ``editor`` (the window's) edits and deletes go on its undo stack, and
    Edit → Undo takes the place of the "Undo delete" button. ``open_day``
    asks to show a day (Edit on a red flag: they are ticked on the day's page).
    """

    changed = Signal()
    open_day = Signal(object)
    COLUMNS = (QT_TRANSLATE_NOOP("CheckupHistory", "Date"), QT_TRANSLATE_NOOP("CheckupHistory", "Check-up"),
               QT_TRANSLATE_NOOP("CheckupHistory", "Result"), QT_TRANSLATE_NOOP("CheckupHistory", "Details"))

    def __init__(self, db: LogDatabase, parent: QWidget | None = None, *, today: dt.date | None = None,
                 editor: LogEditor | None = None, read_now: bool = True):
        super().__init__(parent)
        self.db = db
        self.editor = editor
        self.today = today
        self.start, self.end = dt.date.min, dt.date.max
        self.rows: list[tuple[str, dt.date, object]] = []  # (kind, day, record)
        self._undo: tuple[str, object] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("CheckupHistory", c) for c in self.COLUMNS])
        self.table.setAccessibleName(self.tr("Check-ups: weekly pain checks, dependence scale and red flags"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the table (a cell-by-cell Tab wraps inside it: a keyboard
        # trap); the arrow keys move between its cells.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Looks like History's table of days above it.
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        for corner in self.table.findChildren(QAbstractButton):  # the "select all" corner
            corner.setAccessibleName(self.tr("Select all check-ups"))
        self.table.cellDoubleClicked.connect(lambda row, _: self.edit(row))
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setAccessibleName(self.tr("Edit the selected check-up"))
        self.edit_button.clicked.connect(lambda: self.edit(self.table.currentRow()))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setAccessibleName(self.tr("Delete the selected check-up"))
        self.delete_button.clicked.connect(lambda: self.delete(self.table.currentRow()))
        self.undo_button = QPushButton(self.tr("Undo delete"))
        self.undo_button.setAccessibleName(self.tr("Undo the last delete"))
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.setVisible(False)
        self.status = QLabel()
        for widget in (self.edit_button, self.delete_button, self.undo_button, self.status):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        if read_now:  # else the owner calls refresh() (History: when first shown)
            self.refresh()
        else:
            self._update_buttons(False)

    def set_range(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self.refresh()

    def refresh(self) -> None:
        rows: list[tuple[str, dt.date, object]] = []
        rows += [("peg", p.day, p) for p in checkups.pegs_between(self.db, self.start, self.end)]
        rows += [("sds", s.day, s) for s in checkups.sds_between(self.db, self.start, self.end)]
        rows += [("flag", day, flag)
                 for day, flags in checkups.red_flags_between(self.db, self.start, self.end).items()
                 for flag in sorted(flags)]
        rows.sort(key=lambda r: (r[1], r[0]), reverse=True)
        self.rows = rows
        threshold = preferences.warning_settings(self.db).sds_threshold
        self.table.setRowCount(len(rows))
        locale = QLocale()  # once: years of weekly check-ups are hundreds of rows
        words = self._words()
        titles = [self.table.horizontalHeaderItem(c).text() for c in range(len(self.COLUMNS))]
        texts: list[set[str]] = [set() for _ in self.COLUMNS]
        for i, (kind, day, record) in enumerate(rows):
            day_text = locale.toString(to_qdate(day), "ddd d MMM yyyy")
            for column, text in enumerate((day_text, *self._describe(kind, record, threshold, words))):
                item = QTableWidgetItem(text)
                # Read aloud with its column's title: "Result 5.0 of 10", not "5.0 of 10".
                item.setData(Qt.ItemDataRole.AccessibleTextRole, fill(words["read"], titles[column], text))
                self.table.setItem(i, column, item)
                texts[column].add(text)
        fit_columns(self.table, texts)
        self._update_buttons(bool(rows))

    def _update_buttons(self, has_rows: bool) -> None:
        self.edit_button.setEnabled(has_rows)
        self.delete_button.setEnabled(has_rows)

    def _words(self) -> dict[str, str]:
        """The table's translated words, looked up once per refresh rather than per row."""
        return {
            "pain": self.tr("pain"), "enjoyment": self.tr("enjoyment"), "activity": self.tr("activity"),
            "peg": self.tr("Weekly pain check (PEG)"), "of 10": self.tr("%1 of 10"),
            "of 15": self.tr("%1 of 15"), "discuss": self.tr("worth discussing with your doctor"),
            "sds": self.tr("Severity of Dependence Scale"), "answers": self.tr("answers %1"),
            "emergency": self.tr("emergency sign"), "liver": self.tr("possible liver injury"),
            "flag": self.tr("Red flag"),
            "read": self.tr("%1 %2", "a check-up cell read aloud: the column's title, then the value"),
        }

    def _describe(self, kind: str, record, threshold: int, words: dict[str, str]) -> tuple[str, str, str]:
        if kind == "peg":
            details = ", ".join(f"{label} {value}" for label, value in zip(
                (words["pain"], words["enjoyment"], words["activity"]), record.answers))
            return words["peg"], fill(words["of 10"], f"{record.score:.1f}"), details
        if kind == "sds":
            result = fill(words["of 15"], record.total)
            if record.worth_discussing(threshold):
                result += " — " + words["discuss"]
            return words["sds"], result, fill(words["answers"], " ".join(map(str, record.answers)))
        advice = words["emergency"] if RED_FLAGS_BY_KEY[record].kind == EMERGENCY else words["liver"]
        return words["flag"], record, advice

    def edit(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        kind, day, _ = self.rows[row]
        if kind == "flag":
            self.status.setText(self.tr("Red flags are changed on that day's page."))
            self.open_day.emit(day)
            return
        cls = PegDialog if kind == "peg" else SdsDialog
        dialog = cls(self.db, day, self, today=self.today, editor=self.editor)
        dialog.saved.connect(lambda _: (self.refresh(), self.changed.emit()))
        dialog.deleted.connect(lambda _: (self.refresh(), self.changed.emit()))
        dialog.open()
        self.dialog = dialog  # kept for tests and so it is not collected while open

    def delete(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        kind, day, record = self.rows[row]
        if self.editor is not None:
            self._delete_undoably(row, kind, day, record)
            return
        if kind == "peg":
            checkups.delete_peg(self.db, day)
        elif kind == "sds":
            checkups.delete_sds(self.db, day)
        else:
            checkups.set_red_flag(self.db, day, record, False, today=max(day, dt.date.today()))
        self._undo = (kind, (day, record))
        self.undo_button.setVisible(True)
        self.status.setText(fill(self.tr("Deleted the %1 of %2."),
                                 self.table.item(row, 1).text(), self.table.item(row, 0).text()))
        self.refresh()
        self.changed.emit()

    def _delete_undoably(self, row: int, kind: str, day: dt.date, record) -> None:
        command = (SetRedFlag(self.db, day, record, False) if kind == "flag"
                   else SaveCheckup.deleting(self.db, kind, day))
        what, when = self.table.item(row, 1).text(), self.table.item(row, 0).text()
        try:
            self.editor.apply(command)
        except SaveFailed as err:
            self.status.setText(fill(self.tr("Not deleted: %1"), err.message))
            return
        self.status.setText(fill(self.tr("Deleted the %1 of %2. Edit → Undo brings it back."), what, when))
        self.refresh()
        self.changed.emit()

    def undo(self) -> None:
        if self._undo is None:
            return
        kind, (day, record) = self._undo
        today = max(day, dt.date.today())
        if kind == "peg":
            checkups.save_peg(self.db, record, today=today)
        elif kind == "sds":
            checkups.save_sds(self.db, record, today=today)
        else:
            checkups.set_red_flag(self.db, day, record, True, today=today)
        self._undo = None
        self.undo_button.setVisible(False)
        self.status.setText(self.tr("Restored."))
        self.refresh()
        self.changed.emit()

