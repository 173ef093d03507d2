"""A table behind every Trends chart: the "Chart / Table" switch beside the
view tabs, and behind each view its figures as tables (table_rows.py).

A screen reader cannot read a picture; a table it reads cell by cell, with
the column names. Each table is a QTableView whose header holds the column
names; Tab leaves it (the arrows move between cells), and its accessible
name says which view it shows ("Over time as a table: …"). A table is made
only when it is shown, so the charts cost no more for it; the choice of
chart or table holds for every view and is remembered.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.ui.pages.trends.table_rows import FiguresTable
from kratomtrack.ui.wording import fill

SETTINGS_KEY = "trends/show_tables"
# Over time's first table (every day's figures) gets this share of the room against the others' 1.
MAIN_TABLE_STRETCH = 2


def loading_area(name: str) -> QScrollArea:
    """A chart's scroll area, saying "Loading charts…" until its canvas is made;
    a Tab stop (it scrolls by keyboard), named as its tab."""
    area = QScrollArea()
    area.setAccessibleName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.NoFrame)
    placeholder = QLabel(QCoreApplication.translate("TrendsPage", "Loading charts…"))
    placeholder.setAlignment(Qt.AlignCenter)
    area.setWidget(placeholder)
    return area


class FiguresModel(QAbstractTableModel):
    """Rows of text under named columns, read only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []

    def set_table(self, headers: list[str], rows: list[list[str]]) -> None:
        self.beginResetModel()
        self.headers, self.rows = headers, rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=Qt.DisplayRole):
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.TextAlignmentRole and index.column():
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return self.headers[section]
        return None


class FiguresView(QTableView):
    """A read-only table that Tab leaves: the arrows move between its cells."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.figures = FiguresModel(self)
        self.setModel(self.figures)
        self.setTabKeyNavigation(False)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().hide()  # the first column names the row (a day, week or month)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)

    def show_table(self, table: FiguresTable) -> None:
        current = self.currentIndex()
        self.figures.set_table(table.headers, table.rows)
        self.resizeColumnsToContents()
        # An empty table is only its column names (its heading says why it is empty).
        empty = not table.rows
        self.setMaximumHeight(self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
                              if empty else 16777215)
        if current.isValid() and self.figures.rowCount():  # keep the place of someone reading it
            row = min(current.row(), self.figures.rowCount() - 1)
            column = min(current.column(), self.figures.columnCount() - 1)
            self.setCurrentIndex(self.figures.index(row, column))


class TablePanel(QWidget):
    """A view's tables, each under a heading naming it. ``make_tables()``
    returns the view's FiguresTables (None while it has no figures); it is
    called when the panel is shown after ``stale()``, not before. Tab reaches
    the tables right after ``tab_from`` (they are made after the widgets
    around them, which would put them last in the window's Tab order)."""

    def __init__(self, view: str, make_tables: Callable[[], list[FiguresTable] | None],
                 note: str = "", *, tab_from: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self._make_tables = make_tables
        self._tab_from = tab_from
        self._stale = True
        self.views: dict[str, FiguresView] = {}
        self._headings: dict[str, QLabel] = {}
        self._stretch: dict[str, int] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 0)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            self._layout.addWidget(label)
        self._layout.addStretch(0)  # the room empty tables leave (a table with rows takes it first)

    def stale(self) -> None:
        """The figures changed: the tables are made again now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.fill()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.fill()

    def fill(self) -> None:
        tables = self._make_tables()
        if tables is None:
            return  # no figures yet: made once the page has them
        self._stale = False
        for table in tables:
            view = self.views.get(table.key) or self._add(table.key, first=not self.views)
            view.show_table(table)
            name = self.tr("%1 as a table") if len(tables) == 1 else self.tr("%1 as a table: %2")
            view.setAccessibleName(fill(name, self.view, table.title))
            heading = table.title if table.rows or not table.empty else f"{table.title}: {table.empty}"
            self._headings[table.key].setText(heading)
            view.setAccessibleDescription(table.empty if not table.rows else "")
            self._layout.setStretchFactor(view, 0 if not table.rows else self._stretch[table.key])
        shown = {t.key for t in tables}
        for key, view in self.views.items():  # now, not once Qt next shows new children
            view.setVisible(key in shown)
            self._headings[key].setVisible(key in shown)

    def _add(self, key: str, first: bool) -> FiguresView:
        heading = QLabel()
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        view = FiguresView()
        heading.setBuddy(view)
        self._layout.insertWidget(self._layout.count() - 1, heading)
        self._layout.insertWidget(self._layout.count() - 1, view)
        QWidget.setTabOrder(self._tab_from, view)
        self._tab_from = view
        self.views[key] = view
        self._headings[key] = heading
        self._stretch[key] = MAIN_TABLE_STRETCH if first else 1
        return view


class ChartOrTable(QWidget):
    """Two radio buttons, "Chart" (Alt+C) and "Table" (Alt+T); ``toggled(table)``."""

    toggled = Signal(bool)

    def __init__(self, table: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart_button = QRadioButton(self.tr("&Chart"))
        self.chart_button.setAccessibleDescription(self.tr("Show each view as a chart"))
        self.table_button = QRadioButton(self.tr("&Table"))
        self.table_button.setAccessibleDescription(
            self.tr("Show each view's figures as a table a screen reader can read"))
        group = QButtonGroup(self)
        group.addButton(self.chart_button)
        group.addButton(self.table_button)
        (self.table_button if table else self.chart_button).setChecked(True)
        self._tab_to_checked()
        self.table_button.toggled.connect(self._tab_to_checked)
        self.table_button.toggled.connect(self.toggled)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 0, 4, 0)
        row.addWidget(self.chart_button)
        row.addWidget(self.table_button)

    @property
    def table(self) -> bool:
        return self.table_button.isChecked()

    def _tab_to_checked(self) -> None:
        # Tab lands on the choice made, as in any radio group (Qt moves it only
        # when a button is clicked, not when it is checked from the settings).
        for button in (self.chart_button, self.table_button):
            button.setFocusPolicy(Qt.StrongFocus if button.isChecked() else Qt.ClickFocus)


class ChartsOrTables:
    """The views of ``tabs``, each a chart with its TablePanel behind it, and
    the switch between them in the tab row's corner (one choice for every view)."""

    def __init__(self, tabs: QTabWidget):
        self.tabs = tabs
        self.switch = ChartOrTable(bool(QSettings().value(SETTINGS_KEY, False, type=bool)))
        self.switch.toggled.connect(self._toggled)
        tabs.setCornerWidget(self.switch, Qt.TopRightCorner)
        self.panels: list[TablePanel] = []
        self._stacks: list[QStackedWidget] = []
        # (view, name) for each tab: the page adds them when first shown (panels.add_tabs_once)
        self.pages: list[tuple[QStackedWidget, str]] = []

    def add(self, name: str, chart: QWidget, make_tables: Callable[[], list[FiguresTable] | None],
            note: str = "") -> TablePanel:
        """A tab ``name`` showing ``chart``, or the tables ``make_tables`` returns."""
        stack = QStackedWidget()
        stack.addWidget(chart)
        panel = TablePanel(name, make_tables, note, tab_from=self.switch.table_button)
        stack.addWidget(panel)
        stack.setCurrentIndex(int(self.switch.table))
        self.pages.append((stack, name))
        self.panels.append(panel)
        self._stacks.append(stack)
        return panel

    @property
    def tables_shown(self) -> bool:
        return self.switch.table

    def figures_changed(self) -> None:
        for panel in self.panels:
            panel.stale()

    def _toggled(self, table: bool) -> None:
        for stack in self._stacks:
            stack.setCurrentIndex(int(table))
        QSettings().setValue(SETTINGS_KEY, table)
