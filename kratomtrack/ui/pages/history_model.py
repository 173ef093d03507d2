"""History's table model: the logged days of a range, read a block at a time, in words.

A row is a logged day (store/history.py): a dose, a check-in or a "no
kratom today" mark. A "no kratom" day reads 0 g and 0 doses with the mark
in the note column. A day holding records that damage inside the file made
unreadable shows what can be read, in the refusal colour with a warning
sign, and says what cannot ("1 dose cannot be read"); its figures count
only what can be read, and its tooltip names each finding.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from kratomtrack.core.daily import DayRecord
from kratomtrack.core.history import side_effects_in_words
from kratomtrack.core.validation import EARLIEST_DAY
from kratomtrack.store import history as queries
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.widgets.look import WARNING_SIGN, findings_tooltip, refusal_colour
from kratomtrack.ui.widgets.qdates import to_qdate
from kratomtrack.ui.wording import fill

# Rows are read from the log in blocks of this many days as they are scrolled to.
BLOCK_SIZE = 200

# The sort key (in store.history) of each column, in column order.
COLUMNS = ("date", "leaf", "doses", "concentrate", "pain", "side_effects", "note")
NUMERIC_COLUMNS = {1, 2, 4}
FINDINGS_SHOWN = 5  # in a tooltip; the read-only bar and `kratomtrack check` give the rest


class HistoryModel(QAbstractTableModel):
    """Logged days in a date range, in the chosen order.

    The ordered list of days is read at once (one date per day, cheap); the
    rows themselves are read a block at a time when the view first asks for
    one of them, so a ten-year log opens at once. ``unlogged`` (days of the
    range with nothing logged) and ``undated`` (findings for records whose
    day cannot be read) are read with the list.
    """

    def __init__(self, db: LogDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.start = EARLIEST_DAY
        self.end = dt.date.today()
        self.sort_key = "date"
        self.descending = True
        self._days: list[dt.date] = []
        self._blocks: dict[int, list[DayRecord]] = {}
        self.unlogged = 0
        self.undated: list[str] = []
        # Set once the whole-log check (ui/app/log_health.py) found the log healthy:
        # then no record lacks a readable day, and the scan for them is skipped.
        self.log_checked_healthy = False
        self.blocks_read = 0  # how many blocks were read from the log (tests and benchmarks)
        self._locale = QLocale()
        self._rating_words = [self.tr("none"), self.tr("mild"), self.tr("moderate"), self.tr("severe")]
        self._titles = [self.tr("Date"), self.tr("Leaf grams"), self.tr("Doses"), self.tr("Extract / 7-OH"),
                        self.tr("Pain"), self.tr("Side effects"), self.tr("Note")]
        self._warning_icon = None  # made when first needed (only a damaged log needs it)
        # Empty until History is first shown (reload), so the window starts sooner.

    # --- reading ------------------------------------------------------------------

    def reload(self) -> None:
        """Read the ordered days again (after a change to the log, the range or the sort)."""
        self.beginResetModel()
        self._days = queries.ordered_days(self.db, self.start, self.end, self.sort_key, self.descending)
        self.unlogged = queries.unlogged_days(self.db, self.start, self.end, self._days)
        self.undated = [] if self.log_checked_healthy else queries.records_without_a_day(self.db)
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
                        Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole):
            return None
        row = self.day_row(index.row())
        if role == Qt.ItemDataRole.FontRole:  # the "no kratom" mark apart from typed notes
            return self._italic() if row.no_use and column == 6 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return refusal_colour(self.parent()) if row.unreadable and self.parent() else None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._warning() if row.unreadable and column == 0 else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return self._display(row, column)

    def _italic(self) -> QFont:
        font = QFont(QApplication.font())
        font.setItalic(True)
        return font

    def _warning(self):
        if self._warning_icon is None:
            self._warning_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning_icon

    def _display(self, row: DayRecord, column: int) -> str:
        if column == 0:
            return self._locale.toString(to_qdate(row.day), "ddd d MMM yyyy")
        if column == 1:
            if row.leaf_grams:
                return fill(self.tr("%1 g"), f"{row.leaf_grams:g}")
            return self.tr("0 g") if row.doses or row.no_use else "–"
        if column == 2:
            return str(row.doses)
        if column == 3:
            return self._concentrate(row)
        if column == 4:
            if row.pain is None:
                return WARNING_SIGN if row.unreadable_checkin else "–"
            return str(row.pain)
        if column == 5:
            return self._side_effects(row)
        if column == 6:
            return " · ".join(self._note_parts(row))
        return ""

    def _concentrate(self, row: DayRecord) -> str:
        parts = []
        if row.extract_grams:
            parts.append(fill(self.tr("extract %1 g"), f"{row.extract_grams:g}"))
        if row.seven_oh_grams:
            # 7-OH products are labelled in milligrams, so they are shown in mg.
            parts.append(fill(self.tr("7-OH %1 mg"), f"{row.seven_oh_mg}"))
        return ", ".join(parts)

    def _side_effects(self, row: DayRecord) -> str:
        words = side_effects_in_words(row.ratings, self._rating_words)
        if not row.unreadable_checkin:
            return words
        if not words:
            return WARNING_SIGN + " " + self.tr("cannot be read")
        return words + " · " + WARNING_SIGN + " " + self.tr("not all can be read")

    def _note_parts(self, row: DayRecord) -> list[str]:
        parts = []
        if row.unreadable_doses:
            count = len(row.unreadable_doses)
            parts.append(WARNING_SIGN + " " + (self.tr("1 dose cannot be read") if count == 1
                                               else fill(self.tr("%1 doses cannot be read"), count)))
        if row.no_use:
            parts.append(self.tr("No kratom"))
        first_line = row.note.split("\n", 1)[0]
        if first_line:
            parts.append(first_line)
        return parts

    def _tooltip(self, row: DayRecord, column: int) -> str | None:
        if row.unreadable:
            text = self._damage_text(row)
            return text + "\n\n" + row.note if column == 6 and row.note else text
        if column == 1:
            return self.tr("Powder, capsules and tea. Extract and 7-OH products are not added in.")
        if row.no_use and column in (1, 2, 6):
            text = self.tr("Marked \u201cno kratom today\u201d: a logged day without kratom.")
            return text + "\n\n" + row.note if column == 6 and row.note else text
        if column == 4 and row.pain is None:
            return self.tr("Pain not recorded")
        if column == 5 and not row.ratings:
            return self.tr("Side effects not recorded")
        if column == 6 and row.note:
            return row.note
        return None

    def _damage_text(self, row: DayRecord) -> str:
        findings = row.unreadable
        text = (self.tr("Some of this day's records cannot be read: your log is damaged. "
                        "The figures shown count only what can be read.")
                + "\n" + findings_tooltip(findings[:FINDINGS_SHOWN]))
        if len(findings) > FINDINGS_SHOWN:
            text += "\n" + fill(self.tr("and %1 more"), len(findings) - FINDINGS_SHOWN)
        return text

    def _accessible(self, row: DayRecord, column: int) -> str:
        if column == 1 and not row.leaf_grams:
            return self.tr("no leaf")
        if column == 4 and row.pain is None:
            return self.tr("pain cannot be read") if row.unreadable_checkin else self.tr("pain not recorded")
        if column == 5 and not row.ratings and not row.unreadable_checkin:
            return self.tr("side effects not recorded")
        text = self._display(row, column)
        if column == 0 and row.unreadable:
            text += ", " + self.tr("some records cannot be read")
        return text

    def sort(self, column: int, order=Qt.SortOrder.DescendingOrder) -> None:
        key = COLUMNS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self.reload()
