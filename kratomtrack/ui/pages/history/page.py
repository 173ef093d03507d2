"""History: one row per logged day, newest first, read from the log as it is scrolled to,
with each run of days with nothing logged as a "not logged" row between them.

The rows and their words are in model.py; this is the page around
them: the range, the lines under the table (days not logged, records that
cannot be placed on a day), opening and deleting days. A "not logged" row
opens its first day in Today (to log it); it has nothing to delete.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QItemSelectionModel, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.log_changes import NOTHING, LogChanges
from kratomtrack.core.validation import EARLIEST_DAY
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.commands.log_commands import DeleteDay
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from kratomtrack.ui.pages.history.checkups import CheckupHistory
from kratomtrack.ui.pages.history.model import BLOCK_SIZE, COLUMNS, HistoryModel
from kratomtrack.ui.widgets.look import findings_label, heading, muted, show_findings
from kratomtrack.ui.widgets.qdates import DayEdit, from_qdate, to_qdate
from kratomtrack.ui.wording import fill

__all__ = ["BLOCK_SIZE", "COLUMNS", "HistoryModel", "HistoryPage", "HistoryView"]


class HistoryView(QTableView):
    """Enter (or a double-click) opens the day; Delete asks to delete it."""

    fill_column = -1  # this column takes the width the others leave, at least fill_minimum
    fill_minimum = 0

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.fit_fill_column()

    def fit_fill_column(self) -> None:
        header = self.horizontalHeader()
        if not 0 <= self.fill_column < header.count():
            return
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != self.fill_column)
        header.resizeSection(self.fill_column, max(self.fill_minimum, self.viewport().width() - others))

    open_requested = Signal()
    delete_requested = Signal()

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        if event.key() == Qt.Key.Key_Delete and self.currentIndex().isValid():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)

    def moveCursor(self, action, modifiers):
        # Rows are days: Home and End go to the first and last day (a table
        # view's default moves along the row's columns).
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd):
            modifiers = modifiers | Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(action, modifiers)


class HistoryPage(QWidget):
    """The table of days with a date-range filter. ``open_day`` asks the window to show a day."""

    # Listed in Help → Keyboard shortcuts (with the window's menu shortcuts).
    KEYS = (
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Enter"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Open the selected day in Today (or double-click it)")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Delete"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Delete the selected day, after asking once")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Up, Down, Home, End"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Move through the days; first or last day")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Alt+R, Alt+O"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Go to the From or to date")),
    )

    open_day = Signal(object)

    def __init__(self, db: LogDatabase, editor: LogEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.editor = editor
        self._stale = True  # read the log when first shown
        self._pending = NOTHING  # changes made while the page was hidden, applied when shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(10)

        top = QHBoxLayout()
        top.addWidget(heading(QLabel(self.tr("History"))))
        top.addSpacing(20)
        self.from_edit = self._date_edit(self.tr("From (first day shown)"))
        self.from_edit.setSpecialValueText(self.tr("the first day"))
        self.from_edit.setDate(self.from_edit.minimumDate())
        self.to_edit = self._date_edit(self.tr("To (last day shown)"))
        self.to_edit.setDate(to_qdate(dt.date.today()))
        from_label = QLabel(self.tr("F&rom"))
        from_label.setBuddy(self.from_edit)
        to_label = QLabel(self.tr("t&o"))
        to_label.setBuddy(self.to_edit)
        self.all_button = QPushButton(self.tr("Show all days"))
        self.all_button.clicked.connect(self.show_all)
        top.addWidget(from_label)
        top.addWidget(self.from_edit)
        top.addWidget(to_label)
        top.addWidget(self.to_edit)
        top.addWidget(self.all_button)
        top.addStretch(1)
        self.count_label = muted(QLabel())
        top.addWidget(self.count_label)
        layout.addLayout(top)

        self.model = HistoryModel(db, self)
        self.view = HistoryView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Days in your log"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)  # alternating rows are calmer than a grid
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        # Fixed row heights: the view never measures rows it does not show,
        # so it never asks for rows that were not scrolled to.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.view.fontMetrics()
        for column, sample in enumerate(
            ("28 Sep – 14 Oct 2026", "0 g · no dose logged", "Doses", "extract 0.6 g", "Pain",
             "", "Slept badly, long walk")
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        # Room for the warning sign beside a day that holds records that cannot be read.
        header.resizeSection(0, header.sectionSize(0) + 6
                             + self.style().pixelMetric(self.style().PixelMetric.PM_SmallIconSize))
        # Side effects take the room left; they are the longest text. Unlike Qt's
        # Stretch, never narrower than a few words: a narrow window scrolls sideways.
        self.view.fill_column = 5
        self.view.fill_minimum = metrics.horizontalAdvance("dizziness mild, nausea") + 28
        header.sectionResized.connect(lambda column, *_: column != 5 and self.view.fit_fill_column())
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.doubleClicked.connect(lambda _: self.open_current())
        self.view.open_requested.connect(self.open_current)
        self.view.delete_requested.connect(self.delete_current)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_count)
        # Days above, check-ups below; the person can move the divider.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        days = QWidget()
        days_layout = QVBoxLayout(days)
        days_layout.setContentsMargins(0, 0, 0, 0)
        days_layout.addWidget(self.view, 1)

        self.empty_label = muted(QLabel(self.tr(
            "No days in this range yet. Days you fill in on the Today page show up here.")))
        self.empty_label.setWordWrap(True)
        # Takes the table's place (and its room) while there is nothing to list.
        days_layout.addWidget(self.empty_label, 1, Qt.AlignmentFlag.AlignTop)
        # Days of the range with nothing logged: left out, and never counted as days without kratom.
        self.unlogged_label = muted(QLabel())
        self.unlogged_label.setWordWrap(True)
        days_layout.addWidget(self.unlogged_label)
        # Records whose day cannot be read (a damaged log): no row can show them.
        self.undated_label = findings_label()
        days_layout.addWidget(self.undated_label)
        self.splitter.addWidget(days)
        layout.addWidget(self.splitter, 1)

        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open in Today"))
        self.open_button.setToolTip(self.tr("Open the selected day (Enter or double-click)"))
        self.open_button.clicked.connect(self.open_current)
        self.delete_button = QPushButton(self.tr("Delete day…"))
        self.delete_button.setToolTip(self.tr("Delete everything logged on the selected day (Delete)"))
        self.delete_button.clicked.connect(self.delete_current)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        days_layout.addLayout(buttons)

        checkups_part = QWidget()
        checkups_layout = QVBoxLayout(checkups_part)
        checkups_layout.setContentsMargins(0, 8, 0, 0)
        checkups_layout.addWidget(heading(QLabel(self.tr("Check-ups in this range")), 1.1))
        self.checkups = CheckupHistory(db, editor=editor, read_now=False)  # read when first shown
        checkups_layout.addWidget(self.checkups, 1)
        # In a small window both tables keep a few rows in view (the page's minimum).
        rows = self.view.verticalHeader().defaultSectionSize()
        self.view.setMinimumHeight(int(rows * 3.5))
        self.checkups.table.setMinimumHeight(int(rows * 2.5))
        self.splitter.addWidget(checkups_part)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([3000, 1000])  # days first (scaled to the height there is)

        self.from_edit.dateChanged.connect(self._range_changed)
        self.to_edit.dateChanged.connect(self._range_changed)
        self._update_count()

    def _date_edit(self, accessible: str) -> DayEdit:
        edit = DayEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMinimumDate(to_qdate(EARLIEST_DAY))
        edit.setMaximumDate(to_qdate(dt.date.today()))
        edit.setAccessibleName(accessible)
        return edit

    # --- range and refresh ----------------------------------------------------------

    def _range_changed(self, _date: QDate | None = None) -> None:
        start = from_qdate(self.from_edit.date())
        end = from_qdate(self.to_edit.date())
        self.model.set_range(start, max(start, end))
        self.checkups.set_range(start, max(start, end))

    def show_all(self) -> None:
        self.from_edit.setMaximumDate(to_qdate(dt.date.today()))
        self.to_edit.setMaximumDate(to_qdate(dt.date.today()))
        self.from_edit.setDate(self.from_edit.minimumDate())
        self.to_edit.setDate(to_qdate(dt.date.today()))

    def on_log_changed(self, changes: LogChanges) -> None:
        """Reload what the page shows of a change (the window's ``log_changed``): the
        changed days' rows, the check-ups (or all, for EVERYTHING); now if shown, else
        when next shown."""
        if self.isVisible():
            self._apply(changes)
        else:
            self._pending = self._pending | changes

    def on_log_checked(self, health) -> None:
        """The whole-log check's result (a LogHealth, or None before it is
        known): a healthy log needs no search for records without a readable day."""
        self.model.log_checked_healthy = health is not None and health.healthy

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh()
        elif self._pending:
            self._apply(self._pending)
        super().showEvent(event)

    def _apply(self, changes: LogChanges) -> None:
        self._pending = NOTHING
        if self._stale or changes.every_day:
            self.refresh()
            return
        self._follow_today()
        if changes.day_records:  # what a day's row shows
            self._keeping_place(lambda: self.model.reread_days(changes.days))
        if changes.checkups or changes.settings:  # the settings hold the SDS threshold
            self.checkups.refresh()

    def refresh(self) -> None:
        """Read the log again, keeping the selected day and the scroll position."""
        self._stale = False
        self._pending = NOTHING
        self._follow_today()
        self.checkups.refresh()
        self._keeping_place(self.model.reload)

    def _follow_today(self) -> None:
        """After midnight: the range may end on the new today (then it is read again)."""
        today = to_qdate(dt.date.today())
        if self.to_edit.maximumDate() != today:
            follow = self.to_edit.date() == self.to_edit.maximumDate()
            self.from_edit.setMaximumDate(today)
            self.to_edit.setMaximumDate(today)
            if follow:
                self.to_edit.setDate(today)  # reloads through _range_changed

    def _keeping_place(self, read) -> None:
        """Run ``read`` (which may reset the model), keeping the selected day and the scroll position."""
        current = self.current_day()
        scroll = self.view.verticalScrollBar().value()
        read()
        self.view.verticalScrollBar().setValue(scroll)
        if current is not None:
            self.select_day(current, scroll_to=False)

    def _update_count(self) -> None:
        count = self.model.logged_count
        self.count_label.setText(self.tr("1 day logged") if count == 1
                                 else fill(self.tr("%1 days logged"), f"{count:,}"))
        rows = self.model.rowCount()
        self.view.setVisible(rows > 0)
        self.empty_label.setVisible(rows == 0)
        unlogged = self.model.unlogged
        self.unlogged_label.setText(
            self.tr("1 day in this range has nothing logged; it is not counted as a day without kratom.")
            if unlogged == 1 else
            fill(self.tr("%1 days in this range have nothing logged; they are not counted as days "
                         "without kratom."), f"{unlogged:,}"))
        self.unlogged_label.setVisible(unlogged > 0)
        undated = len(self.model.undated)
        show_findings(self.undated_label, (
            self.tr("1 record cannot be shown on any day: its date cannot be read (your log is damaged).")
            if undated == 1 else
            fill(self.tr("%1 records cannot be shown on any day: their dates cannot be read "
                         "(your log is damaged)."), undated)), self.model.undated)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_day() is not None
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has and self.model.gap_at(self.view.currentIndex().row()) is None)

    # --- selection and actions ----------------------------------------------------------

    def current_day(self) -> dt.date | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.day_at(index.row())

    def select_day(self, day: dt.date, scroll_to: bool = True) -> bool:
        row = self.model.row_of(day)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if scroll_to:
            self.view.scrollTo(index)
        self._update_buttons()
        return True

    def open_current(self) -> None:
        day = self.current_day()
        if day is not None:
            self.open_day.emit(day)

    def delete_current(self) -> None:
        day = self.current_day()
        if day is None or self.model.gap_at(self.view.currentIndex().row()) is not None:
            return  # a "not logged" row holds nothing to delete
        if self.model.day_row(self.model.row_of(day)).unreadable:
            # Undo could not put back what cannot be read (store.database.delete_day refuses too).
            QMessageBox.warning(self, self.tr("Not deleted"), self.tr(
                "This day holds records that cannot be read: your log is damaged. Nothing was "
                "deleted. File → Restore from backup… brings back a healthy copy."))
            return
        if not self.confirm_delete(day):
            return
        row = self.view.currentIndex().row()
        try:
            self.editor.apply(DeleteDay(self.db, day))
        except SaveFailed as err:
            QMessageBox.warning(self, self.tr("Not deleted"), fill(self.tr("Not deleted: %1"), err.message))
            return
        if not self.isVisible():
            self.refresh()
        if self.model.rowCount():
            index = self.model.index(min(row, self.model.rowCount() - 1), 0)
            self.view.setCurrentIndex(index)
        self.view.setFocus()

    def confirm_delete(self, day: dt.date) -> bool:
        row = self.model.day_row(self.model.row_of(day))
        what = []
        if row.doses:
            what.append(self.tr("1 dose") if row.doses == 1 else fill(self.tr("%1 doses"), row.doses))
        if row.checked_in:
            what.append(self.tr("the pain, side effects and note"))
        if row.no_use:
            what.append(self.tr("the “no kratom” mark"))
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete this day?"))
        box.setText(fill(self.tr("Delete everything logged on %1?"),
                         QLocale().toString(to_qdate(day), "dddd d MMMM yyyy")))
        box.setInformativeText(
            fill(self.tr("This removes %1."), self.tr(" and ").join(what)) + " "
            + self.tr("Edit → Undo brings it back."))
        delete = box.addButton(self.tr("&Delete day"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("&Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is delete

    def focus_table(self) -> None:
        self.view.setFocus()
        if self.model.rowCount() and not self.view.selectionModel().hasSelection():
            current = self.view.currentIndex()
            self.view.selectRow(current.row() if current.isValid() else 0)
