"""History: one row per day, newest first, read from the log as it is scrolled to."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QDate,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
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

from kratomtrack.core.daily import DayRecord
from kratomtrack.core.history import side_effects_in_words
from kratomtrack.core.validation import EARLIEST_DAY
from kratomtrack.store import history as queries
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.pages.history_checkups import CheckupHistory
from kratomtrack.ui.commands.log_editor import LogEditor, SaveFailed
from kratomtrack.ui.widgets.look import heading, muted
from kratomtrack.ui.widgets.qdates import from_qdate, to_qdate
from kratomtrack.ui.wording import fill
from kratomtrack.ui.commands.log_commands import DeleteDay

# Rows are read from the log in blocks of this many days as they are scrolled to.
BLOCK_SIZE = 200

# The sort key (in store.history) of each column, in column order.
COLUMNS = ("date", "leaf", "doses", "concentrate", "pain", "side_effects", "note")
NUMERIC_COLUMNS = {1, 2, 4}


class HistoryModel(QAbstractTableModel):
    """Days with a dose or a check-in in a date range, in the chosen order.

    The ordered list of days is read at once (one date per day, cheap); the
    rows themselves are read a block at a time when the view first asks for
    one of them, so a ten-year log opens at once.
    """

    def __init__(self, db: LogDatabase, parent=None):
        super().__init__(parent)
        self.db = db
        self.start = EARLIEST_DAY
        self.end = dt.date.today()
        self.sort_key = "date"
        self.descending = True
        self._days: list[dt.date] = []
        self._blocks: dict[int, list[DayRecord]] = {}
        self.blocks_read = 0  # how many blocks were read from the log (tests and benchmarks)
        self._locale = QLocale()
        self._rating_words = [self.tr("none"), self.tr("mild"), self.tr("moderate"), self.tr("severe")]
        self._titles = [self.tr("Date"), self.tr("Leaf grams"), self.tr("Doses"), self.tr("Extract / 7-OH"),
                        self.tr("Pain"), self.tr("Side effects"), self.tr("Note")]
        # Empty until History is first shown (reload), so the window starts sooner.

    # --- reading ------------------------------------------------------------------

    def reload(self) -> None:
        """Read the ordered days again (after a change to the log, the range or the sort)."""
        self.beginResetModel()
        self._days = queries.ordered_days(self.db, self.start, self.end, self.sort_key, self.descending)
        self._blocks.clear()
        self.endResetModel()

    def set_range(self, start: dt.date, end: dt.date) -> None:
        if (start, end) != (self.start, self.end):
            self.start, self.end = start, end
            self.reload()

    def day_row(self, row: int) -> DayRecord:
        block = row // BLOCK_SIZE
        rows = self._blocks.get(block)
        if rows is None:
            days = self._days[block * BLOCK_SIZE:(block + 1) * BLOCK_SIZE]
            rows = self._blocks[block] = queries.rows_for_days(self.db, days)
            self.blocks_read += 1
        return rows[row - block * BLOCK_SIZE]

    def day_at(self, row: int) -> dt.date:
        return self._days[row]

    def row_of(self, day: dt.date) -> int:
        try:
            return self._days.index(day)
        except ValueError:
            return -1

    # --- Qt model -------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._days)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column in NUMERIC_COLUMNS else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.AccessibleTextRole):
            return None
        row = self.day_row(index.row())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return self._display(row, column)

    def _display(self, row: DayRecord, column: int) -> str:
        if column == 0:
            return self._locale.toString(to_qdate(row.day), "ddd d MMM yyyy")
        if column == 1:
            if row.leaf_grams:
                return fill(self.tr("%1 g"), f"{row.leaf_grams:g}")
            return "–" if not row.doses else self.tr("0 g")
        if column == 2:
            return str(row.doses)
        if column == 3:
            return self._concentrate(row)
        if column == 4:
            return "–" if row.pain is None else str(row.pain)
        if column == 5:
            return side_effects_in_words(row.ratings, self._rating_words)
        if column == 6:
            return row.note.split("\n", 1)[0]
        return ""

    def _concentrate(self, row: DayRecord) -> str:
        parts = []
        if row.extract_grams:
            parts.append(fill(self.tr("extract %1 g"), f"{row.extract_grams:g}"))
        if row.seven_oh_grams:
            # 7-OH products are labelled in milligrams, so they are shown in mg.
            parts.append(fill(self.tr("7-OH %1 mg"), f"{round(row.seven_oh_grams * 1000)}"))
        return ", ".join(parts)

    def _tooltip(self, row: DayRecord, column: int) -> str | None:
        if column == 1:
            return self.tr("Powder, capsules and tea. Extract and 7-OH products are not added in.")
        if column == 4 and row.pain is None:
            return self.tr("Pain not recorded")
        if column == 5 and not row.ratings:
            return self.tr("Side effects not recorded")
        if column == 6 and row.note:
            return row.note
        return None

    def _accessible(self, row: DayRecord, column: int) -> str:
        if column == 1 and not row.leaf_grams:
            return self.tr("no leaf")
        if column == 4 and row.pain is None:
            return self.tr("pain not recorded")
        if column == 5 and not row.ratings:
            return self.tr("side effects not recorded")
        return self._display(row, column)

    def sort(self, column: int, order=Qt.SortOrder.DescendingOrder) -> None:
        key = COLUMNS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self.reload()


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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(10)

        top = QHBoxLayout()
        top.addWidget(heading(QLabel(self.tr("History"))))
        top.addSpacing(20)
        self.from_edit = self._date_edit(self.tr("Show days from"))
        self.from_edit.setSpecialValueText(self.tr("the first day"))
        self.from_edit.setDate(self.from_edit.minimumDate())
        self.to_edit = self._date_edit(self.tr("Show days up to"))
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
            ("Wed 30 Sep 2026", "Leaf grams", "Doses", "extract 0.6 g", "Pain",
             "", "Slept badly, long walk")
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
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

    def _date_edit(self, accessible: str) -> QDateEdit:
        edit = QDateEdit()
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

    def on_log_changed(self) -> None:
        """Reload now if shown, else when next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Read the log again, keeping the selected day and the scroll position."""
        self._stale = False
        today = to_qdate(dt.date.today())
        if self.to_edit.maximumDate() != today:
            follow = self.to_edit.date() == self.to_edit.maximumDate()
            self.from_edit.setMaximumDate(today)
            self.to_edit.setMaximumDate(today)
            if follow:
                self.to_edit.setDate(today)  # reloads through _range_changed
        current = self.current_day()
        scroll = self.view.verticalScrollBar().value()
        self.checkups.refresh()
        self.model.reload()
        self.view.verticalScrollBar().setValue(scroll)
        if current is not None:
            self.select_day(current, scroll_to=False)

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(self.tr("1 day") if count == 1 else fill(self.tr("%1 days"), f"{count:,}"))
        self.view.setVisible(count > 0)
        self.empty_label.setVisible(count == 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_day() is not None
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)

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
        if day is None or not self.confirm_delete(day):
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
