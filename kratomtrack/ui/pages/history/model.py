"""History's table model: the logged days of a range, read a block at a time, in words.

A row is a logged day (store/history.py): a dose, a check-in or a "no
kratom today" mark. The amount column tells three things apart
(core.coverage): a day marked "no kratom" reads "no kratom"; a check-in
without a dose reads "0 g · no dose logged" (a day without kratom, visibly
not a mark); in date order, each run of days with nothing logged is one
muted row reading "not logged" (unknown, never a day without kratom).
Today is not such a row until something is logged for it. Amounts are
core.amounts' ("2.25 g", a 7-OH product "15 mg"). A day holding records that damage inside the file made
unreadable shows what can be read, in the refusal colour with a warning
sign, and says what cannot ("1 dose cannot be read"); its figures count
only what can be read, and its tooltip names each finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.coverage import DayKind, day_kind
from kratomtrack.core.daily import DayRecord
from kratomtrack.core.history import Gap, side_effects_in_words
from kratomtrack.core.records import Form
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
    """Logged days in a date range, in the chosen order, with the gaps between
    them (runs of days with nothing logged) as rows of their own in date order.

    The ordered list of days is read at once (one date per day, cheap); the
    rows themselves are read a block at a time when the view first asks for
    one of them, so a ten-year log opens at once. ``unlogged`` (days of the
    range with nothing logged) and ``undated`` (findings for records whose
    day cannot be read) are read with the list. After a change on a few days
    ``reread_days`` reads those days' rows again, and no others.
    """

    def __init__(self, db: LogDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.start = EARLIEST_DAY
        self.end = dt.date.today()
        self.sort_key = "date"
        self.descending = True
        self._days: list[dt.date] = []  # the logged days, in order
        self._rows: list[dt.date | Gap] = []  # the logged days and, in date order, the gaps
        self._row_of: dict[dt.date, int] = {}
        self._records: dict[dt.date, DayRecord] = {}  # the rows read so far, by day
        self.unlogged = 0
        self.undated: list[str] = []
        # Set once the whole-log check (ui/app/log_health.py) found the log healthy:
        # then no record lacks a readable day, and the scan for them is skipped.
        self.log_checked_healthy = False
        # How much was read from the log (tests and benchmarks): blocks of rows, the
        # days' rows in them, and whole reloads (the range's list of days read again).
        self.blocks_read = 0
        self.days_read = 0
        self.reloads = 0
        self._locale = QLocale()
        self._rating_words = [self.tr("none"), self.tr("mild"), self.tr("moderate"), self.tr("severe")]
        self._titles = [self.tr("Date"), self.tr("Leaf grams"), self.tr("Doses"), self.tr("Extract / 7-OH"),
                        self.tr("Pain"), self.tr("Side effects"), self.tr("Note")]
        # A cell read aloud says its column: "Leaf grams 16.2 g", not "16.2 g".
        self._cell_read = self.tr("%1 %2", "a History cell read aloud: the column's title, then the value")
        self._warning_icon = None  # made when first needed (only a damaged log needs it)
        # Empty until History is first shown (reload), so the window starts sooner.

    # --- reading ------------------------------------------------------------------

    def reload(self) -> None:
        """Read the ordered days again (after the range or the sort changed, or the whole log)."""
        self.reloads += 1
        self.beginResetModel()
        self._records.clear()
        self._lay_out(queries.ordered_days(self.db, self.start, self.end, self.sort_key, self.descending))
        self.undated = [] if self.log_checked_healthy else queries.records_without_a_day(self.db)
        self.endResetModel()

    def reread_days(self, days: Iterable[dt.date]) -> None:
        """Read the rows of ``days`` again after a change on them, and no other day's.

        A day that stays logged (or unlogged) keeps its place: its row is read
        again when next shown. A day that became logged, or stopped being
        logged, moves the rows and the gaps around it: the list is put together
        again in memory, the rows read so far kept. In an order other than by
        date a changed day may move, so the list of days (one date each) is
        read again; the other days' rows are still kept.
        """
        days = set(days)
        # A day before the range can move where the log begins, and so the gaps in it.
        earlier = any(day < self.start for day in days)
        days = {day for day in days if self.start <= day <= self.end}
        if not days and not earlier:
            return
        logged = {day for day in days if queries.ordered_days(self.db, day, day)}
        for day in days:
            self._records.pop(day, None)
        if self.sort_key == "date" and logged == days & self._row_of.keys() and not earlier:
            for day in logged:
                row = self._row_of[day]
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        if self.sort_key == "date":
            listed = (set(self._days) - days) | logged
            self._lay_out(sorted(listed, reverse=self.descending))
        else:
            self._lay_out(queries.ordered_days(self.db, self.start, self.end, self.sort_key, self.descending))
        self.endResetModel()

    def _lay_out(self, days: list[dt.date]) -> None:
        """The rows for the ordered logged ``days``: by date, the gaps between them too."""
        self._days = days
        gaps = queries.unlogged_gaps(self.db, self.start, self.end, days, today=dt.date.today())
        self.unlogged = sum(gap.days for gap in gaps)
        self._rows = list(days)
        if self.sort_key == "date":  # a gap has no value to sort by in the other columns
            self._rows = sorted(self._rows + gaps, key=lambda r: r.first if isinstance(r, Gap) else r,
                                reverse=self.descending)
        self._row_of = {entry: row for row, entry in enumerate(self._rows) if not isinstance(entry, Gap)}

    def set_range(self, start: dt.date, end: dt.date) -> None:
        if (start, end) != (self.start, self.end):
            self.start, self.end = start, end
            self.reload()

    @property
    def logged_count(self) -> int:
        """How many logged days the rows hold (gaps are not counted)."""
        return len(self._days)

    def _entry(self, row: int) -> DayRecord | Gap:
        entry = self._rows[row]
        if isinstance(entry, Gap):
            return entry
        record = self._records.get(entry)
        if record is None:  # the rows of its block not read yet (or read again after a change)
            block = row // BLOCK_SIZE
            unread = [e for e in self._rows[block * BLOCK_SIZE:(block + 1) * BLOCK_SIZE]
                      if not isinstance(e, Gap) and e not in self._records]
            self._records.update(zip(unread, queries.rows_for_days(self.db, unread)))
            self.blocks_read += 1
            self.days_read += len(unread)
            record = self._records[entry]
        return record

    def day_row(self, row: int) -> DayRecord:
        """The logged day on ``row`` (not a gap row: see ``gap_at``)."""
        entry = self._entry(row)
        if isinstance(entry, Gap):
            raise ValueError(f"row {row} is a gap, not a logged day")
        return entry

    def gap_at(self, row: int) -> Gap | None:
        """The gap on ``row``, or None when the row is a logged day."""
        entry = self._rows[row]
        return entry if isinstance(entry, Gap) else None

    def day_at(self, row: int) -> dt.date:
        """The row's day; a gap's first day (Open in Today logs it)."""
        entry = self._rows[row]
        return entry.first if isinstance(entry, Gap) else entry

    def row_of(self, day: dt.date) -> int:
        """The row of a logged day, else of the gap holding ``day``, else -1."""
        row = self._row_of.get(day)
        if row is not None:
            return row
        return next((r for r, e in enumerate(self._rows) if isinstance(e, Gap) and e.first <= day <= e.last), -1)

    # --- Qt model -------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

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
        row = self._entry(index.row())
        if isinstance(row, Gap):
            return self._gap_data(row, column, role)
        if role == Qt.ItemDataRole.FontRole:  # the "no kratom" mark apart from typed notes
            return self._italic() if row.no_use and column == 6 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return refusal_colour(self.parent()) if row.unreadable and self.parent() else None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._warning() if row.unreadable and column == 0 else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._read_aloud(column, self._accessible(row, column))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return self._display(row, column)

    def _read_aloud(self, column: int, value: str) -> str:
        """A cell as a screen reader says it: the column's title, then the value
        (an empty cell says nothing, so a row read whole skips it)."""
        return fill(self._cell_read, self._titles[column], value) if value else ""

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
            return self._leaf(row)
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
        if row.extract_mg:
            parts.append(fill(self.tr("extract %1"), amount_text(row.extract_mg, Form.EXTRACT)))
        if row.seven_oh_mg:
            # 7-OH products are labelled in milligrams, so they are shown in mg.
            parts.append(fill(self.tr("7-OH %1"), amount_text(row.seven_oh_mg, Form.SEVEN_OH)))
        return ", ".join(parts)

    @staticmethod
    def _kind(row: DayRecord) -> DayKind:
        # A check-in that damage made unreadable is still a check-in: the day is logged.
        return day_kind(row.doses, row.checked_in or bool(row.unreadable_checkin), row.no_use)

    def _leaf(self, row: DayRecord) -> str:
        """Leaf grams, or which kind of day without leaf this is."""
        if row.leaf_mg:
            return amount_text(row.leaf_mg)
        if row.unreadable_doses:  # a dose that cannot be read may be leaf
            return WARNING_SIGN
        kind = self._kind(row)
        if kind is DayKind.USE:
            return self.tr("0 g")  # extract, 7-OH or other only
        if kind is DayKind.NO_KRATOM:
            return self.tr("no kratom")
        if kind is DayKind.NO_DOSE:
            return self.tr("0 g · no dose logged")
        return self.tr("not logged")

    # --- a run of days with nothing logged ------------------------------------------------

    def _gap_span(self, gap: Gap) -> str:
        if gap.days == 1:
            return self._locale.toString(to_qdate(gap.first), "ddd d MMM yyyy")
        first = "d MMM" if gap.first.year == gap.last.year else "d MMM yyyy"
        return fill(self.tr("%1 – %2"), self._locale.toString(to_qdate(gap.first), first),
                    self._locale.toString(to_qdate(gap.last), "d MMM yyyy"))

    def _gap_data(self, gap: Gap, column: int, role):
        if role == Qt.ItemDataRole.FontRole:
            return self._italic()
        if role == Qt.ItemDataRole.ForegroundRole:
            parent = self.parent()
            return (parent or QApplication).palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.DecorationRole:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("Nothing logged on this day.") if gap.days == 1
                    else fill(self.tr("Nothing logged on these %1 days."), gap.days)) + " " + self.tr(
                "Not counted as days without kratom, and left out of every average. "
                "Open in Today to log what you remember.")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            value = {0: self._gap_span(gap) + ", " + (self.tr("1 day") if gap.days == 1
                                                      else fill(self.tr("%1 days"), gap.days)),
                     1: self.tr("not logged")}.get(column, "")
            return self._read_aloud(column, value)
        if column == 0:
            return self._gap_span(gap)
        if column == 1:
            return self.tr("not logged")
        return "–" if column in NUMERIC_COLUMNS else ""

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
        kind = self._kind(row)
        if row.no_use and column in (1, 2, 6):
            text = self.tr("Marked \u201cno kratom today\u201d: a logged day without kratom.")
            return text + "\n\n" + row.note if column == 6 and row.note else text
        if kind is DayKind.NO_DOSE and column in (1, 2):
            return self.tr("0 g \u00b7 no dose logged: a check-in (pain, side effects or a note) "
                           "but no dose. Counted as a day without kratom; not marked \u201cno kratom\u201d.")
        if column == 1:
            return self.tr("Powder, capsules and tea. Extract and 7-OH products are not added in.")
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
        """The cell's value in words, said after the column's title ("Pain not recorded")."""
        if column == 1 and not row.leaf_mg and self._kind(row) is DayKind.USE and not row.unreadable_doses:
            return self.tr("none")  # extract, 7-OH or other only
        if column == 1:
            return self._leaf(row).replace(" \u00b7 ", ", ").replace(WARNING_SIGN, self.tr("cannot be read"))
        if column == 4 and row.pain is None:
            return self.tr("cannot be read") if row.unreadable_checkin else self.tr("not recorded")
        if column == 5 and not row.ratings and not row.unreadable_checkin:
            return self.tr("not recorded")
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
