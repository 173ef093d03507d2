"""File → Import… of a spreadsheet of one's own: which column holds what.

Between choosing the file and the import's preview (ui/dialogs/import_preview.py).
Each of kratomtrack's fields has a choice of column, guessed from the column
names and values (core/sheet_mapping.py), with the unit, the date order (with
the row that proves it, or the person chooses), the time zone and the
decimal mark. Beside them: the first rows as they will be stored and every
row that will be skipped, with why. Rows are read again off the window's
thread after each change; Continue hands on exactly what is shown.
"""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.sheet_cells import DMY, MDY
from kratomtrack.core.sheet_layout import Sheet
from kratomtrack.core.sheet_mapping import LOCAL, UNITS, ColumnMapping, needs_date_order
from kratomtrack.core.sheet_rows import check_mapping
from kratomtrack.core.sheet_words import date_order_words, stored_row
from kratomtrack.store.sheet_import import SheetFile, parsed_from_sheet
from kratomtrack.ui.widgets.look import heading, muted, refusal_style
from kratomtrack.ui.widgets.screen_fit import fit_to_screen, scrolled, whole_height
from kratomtrack.ui.wording import fill

ROWS_SHOWN = 8  # doses in the table of rows as they will be stored
NOT_IN_SHEET = -1  # a field's "(not in this sheet)" choice
UTC = "UTC"


class SheetMappingDialog(QDialog):
    """The mapping step for one sheet; after ``exec()`` is accepted, ``parsed`` is the
    sheet read with the chosen mapping (what the import then shows and writes)."""

    def __init__(self, parent: QWidget | None, unmapped: SheetFile, today: dt.date | None = None):
        super().__init__(parent)
        self.sheet: Sheet = unmapped.sheet
        self.path = unmapped.path
        self.today = today or dt.date.today()
        self.parsed: SheetFile | None = None
        # The reading thread touches no Qt object (the dialog may be gone when it ends): it
        # fills in its job, and this timer on the window's thread collects the result.
        self._job: dict | None = None
        self._collect = QTimer(self)
        self._collect.setInterval(30)
        self._collect.timeout.connect(self._collect_rows)
        self.setWindowTitle(self.tr("Which column holds what?"))
        layout = QVBoxLayout(self)
        intro = QLabel(fill(self.tr(
            "%1 is a spreadsheet of your own. kratomtrack guessed which column holds what from "
            "the column names and values: check each choice. Nothing is imported until you "
            "confirm the next step."), self.sheet.title))
        intro.setTextFormat(Qt.TextFormat.PlainText)  # file and sheet names are not markup
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if unmapped.remembered:
            layout.addWidget(muted(QLabel(self.tr(
                "These are the choices you confirmed for a file with this header before."))))
        sides = QHBoxLayout()
        self.choices = scrolled(self._build_choices())
        sides.addWidget(self.choices, 4)
        sides.addLayout(self._build_preview(), 7)
        layout.addLayout(sides, 1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(refusal_style(self))
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.continue_button = buttons.addButton(self.tr("&Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.setDefault(True)
        # Enter never cancels: while Continue waits for the rows, no other button takes Enter.
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_mapping(unmapped.guess or ColumnMapping())
        self.read_rows()
        hint = self.sizeHint()
        em = self.fontMetrics().horizontalAdvance("M")
        fit_to_screen(self, QSize(max(hint.width(), em * 80), hint.height() + whole_height(self.choices)))

    @classmethod
    def for_window(cls, window) -> SheetMappingDialog:
        """The step on a small example sheet (what the accessibility walk opens)."""
        from kratomtrack.core.sheet_layout import Grid, sheet_from_grid
        from kratomtrack.store.sheet_import import unmapped

        grid = Grid("", [["Date", "Time", "Amount (g)", "Strain", "Pain", "Nausea", "Notes"],
                         ["03/04/2026", "08:15", "2.5", "Red Bali", "6", "1", "after breakfast"]])
        return cls(window, unmapped("example.csv", sheet_from_grid(grid, file="example.csv", kind="CSV"),
                                    None))

    # --- the choices ---------------------------------------------------------------------------

    def _build_choices(self) -> QWidget:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)  # the choices stay together at the top
        form.addRow(heading(QLabel(self.tr("Your columns")), 1.1))
        self.fields: dict[str, QComboBox] = {}
        for name, label in (("date", self.tr("&Date (or date and time)")), ("time", self.tr("&Time")),
                            ("amount", self.tr("&Amount")), ("form", self.tr("&Form")),
                            ("product", self.tr("&Product")), ("pain", self.tr("Pa&in (0–10)")),
                            ("note", self.tr("&Note"))):
            box = QComboBox()
            box.addItem(self.tr("(not in this sheet)"), NOT_IN_SHEET)
            for index, title in enumerate(self.sheet.header):
                box.addItem(title, index)
            box.setAccessibleName(label.replace("&", ""))
            box.currentIndexChanged.connect(self.read_rows)
            self.fields[name] = box
            form.addRow(label, box)
        self.unit = QComboBox()
        grams, milligrams = UNITS
        self.unit.addItem(self.tr("grams (g)"), grams)
        self.unit.addItem(self.tr("milligrams (mg)"), milligrams)
        self.unit.setAccessibleName(self.tr("Amounts are in"))
        self.unit.currentIndexChanged.connect(self.read_rows)
        form.addRow(self.tr("Amounts are in"), self.unit)
        self.effects = QListWidget()
        self.effects.setAccessibleName(self.tr("Side effects (0–3)"))
        self.effects.setAccessibleDescription(self.tr(
            "Tick each column that rates one side effect from 0 (none) to 3 (severe); "
            "Space ticks the column selected."))
        for index, title in enumerate(self.sheet.header):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.effects.addItem(item)
        self.effects.setMaximumHeight(self.fontMetrics().height() * 5)
        self.effects.itemChanged.connect(self.read_rows)
        form.addRow(self.tr("Side &effects (0–3)"), self.effects)
        self.date_order = QComboBox()
        self.date_order.addItem(self.tr("Choose…"), None)
        self.date_order.addItem(self.tr("day/month (31/12/2026)"), DMY)
        self.date_order.addItem(self.tr("month/day (12/31/2026)"), MDY)
        self.date_order.setAccessibleName(self.tr("Date order"))
        self.date_order.currentIndexChanged.connect(self.read_rows)
        form.addRow(self.tr("Date &order"), self.date_order)
        self.order_proof = muted(QLabel())
        self.order_proof.setWordWrap(True)
        self.order_proof.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.order_proof)
        self.time_zone = QComboBox()
        self.time_zone.addItem(self.tr("As written (this computer's time)"), LOCAL)
        for zone in [UTC, *sorted(zoneinfo.available_timezones() - {UTC})]:  # names, not words
            self.time_zone.addItem(zone, zone)
        self.time_zone.setAccessibleName(self.tr("Time zone of the times"))
        self.time_zone.currentIndexChanged.connect(self.read_rows)
        form.addRow(self.tr("Time &zone of the times"), self.time_zone)
        self.decimal = QComboBox()
        self.decimal.addItem(self.tr("point (2.5)"), False)
        self.decimal.addItem(self.tr("comma (2,5)"), True)
        self.decimal.setAccessibleName(self.tr("Decimal mark in text numbers"))
        self.decimal.currentIndexChanged.connect(self.read_rows)
        form.addRow(self.tr("Deci&mal mark in text numbers"), self.decimal)
        for box in body.findChildren(QComboBox):  # as narrow as a short name: the rows need the room
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
        return body

    def _build_preview(self) -> QVBoxLayout:
        side = QVBoxLayout()
        side.addWidget(heading(QLabel(self.tr("As they will be stored")), 1.1))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        side.addWidget(self.summary)
        self.rows = QTableWidget(0, 6)
        self.rows.setHorizontalHeaderLabels([self.tr("Row"), self.tr("When"), self.tr("Amount"),
                                             self.tr("Form"), self.tr("Product"), self.tr("Note")])
        self.rows.setAccessibleName(self.tr("First rows as they will be stored"))
        self.rows.verticalHeader().hide()
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.setTabKeyNavigation(False)  # Tab leaves the table for the next field
        self.rows.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rows.horizontalHeader().setStretchLastSection(True)
        side.addWidget(self.rows, 3)
        side.addWidget(heading(QLabel(self.tr("Skipped, and why")), 1.1))
        self.skipped = QPlainTextEdit()
        self.skipped.setReadOnly(True)
        self.skipped.setAccessibleName(self.tr("Rows that will be skipped, and why"))
        self.skipped.setTabChangesFocus(True)
        side.addWidget(self.skipped, 2)
        return side

    def _show_mapping(self, mapping: ColumnMapping) -> None:
        """Set every choice to ``mapping`` without reading the rows once per choice."""
        widgets = [*self.fields.values(), self.unit, self.date_order, self.time_zone, self.decimal,
                   self.effects]
        for widget in widgets:
            widget.blockSignals(True)
        for name, box in self.fields.items():
            column = mapping.column(name)
            box.setCurrentIndex(box.findData(NOT_IN_SHEET if column is None else column))
        self.unit.setCurrentIndex(self.unit.findData(mapping.unit))
        self.date_order.setCurrentIndex(max(0, self.date_order.findData(mapping.date_order)))
        self.time_zone.setCurrentIndex(max(0, self.time_zone.findData(mapping.time_zone)))
        self.decimal.setCurrentIndex(self.decimal.findData(mapping.decimal_comma))
        for row in range(self.effects.count()):
            item = self.effects.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in mapping.effects
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if checked and not self.effects.currentItem():
                self.effects.setCurrentItem(item)  # the first ticked column in sight
        for widget in widgets:
            widget.blockSignals(False)

    def mapping(self) -> ColumnMapping:
        """The mapping the choices say now."""
        columns = {name: (None if box.currentData() == NOT_IN_SHEET else box.currentData())
                   for name, box in self.fields.items()}
        used = {c for c in columns.values() if c is not None}
        effects = tuple(self.effects.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.effects.count())
                        if self.effects.item(r).checkState() == Qt.CheckState.Checked
                        and self.effects.item(r).data(Qt.ItemDataRole.UserRole) not in used)
        return ColumnMapping(columns, effects, self.unit.currentData(), self.date_order.currentData(),
                             self.time_zone.currentData(), bool(self.decimal.currentData()))

    # --- the rows, read off the window's thread ------------------------------------------------------

    def read_rows(self) -> None:
        """Read every row with the mapping chosen now; the preview follows when done."""
        mapping = self.mapping()
        self.order_proof.setText(date_order_words(self.sheet, mapping))
        self.date_order.setEnabled(needs_date_order(self.sheet, mapping))
        self.parsed = None
        self.continue_button.setEnabled(False)
        missing = self._missing(mapping)
        if missing:
            self._job = None
            self._collect.stop()
            self._show_problem(self.tr("Still to choose:") + " " + "; ".join(missing) + ".")
            self._show_rows(None)
            return
        self._show_problem("")
        self.summary.setText(self.tr("Reading the rows…"))
        job = self._job = {"result": None}  # a later choice starts a job of its own
        sheet, path, today = self.sheet, self.path, self.today

        def read() -> None:
            try:
                job["result"] = parsed_from_sheet(path, sheet, mapping, today)
            except Exception as err:  # noqa: BLE001 - said in words on the window's thread
                job["result"] = err

        threading.Thread(target=read, daemon=True).start()
        self._collect.start()

    def _missing(self, mapping: ColumnMapping) -> list[str]:
        chosen = [c for c in mapping.columns.values() if c is not None]
        problems = check_mapping(self.sheet, mapping)
        if len(chosen) != len(set(chosen)):
            problems.append(self.tr("one column is chosen for two fields"))
        return problems

    def _collect_rows(self) -> None:
        job = self._job
        if job is None or job["result"] is None:
            return  # still reading
        self._collect.stop()
        self._job = None
        self._on_read(job["result"])

    def _on_read(self, parsed) -> None:
        if isinstance(parsed, Exception):
            self._show_problem(fill(self.tr("The rows could not be read (%1)."), f"{type(parsed).__name__}: {parsed}"))
            return
        if parsed.problems:
            self._show_problem("; ".join(p.message for p in parsed.problems))
            return
        self.parsed = parsed
        self._show_rows(parsed)
        self.continue_button.setEnabled(bool(parsed.doses or parsed.checkins or parsed.no_use_days))
        self.continue_button.setDefault(True)  # a disabled default button gives the role up
        if not self.continue_button.isEnabled():
            self._show_problem(self.tr("No row can be imported with these choices."))

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _show_rows(self, parsed: SheetFile | None) -> None:
        records = parsed.records if parsed is not None else None
        self.rows.setRowCount(0)
        if records is None:
            self.summary.setText("")
            self.skipped.setPlainText("")
            return
        for row, dose in records.doses[:ROWS_SHOWN]:
            at = self.rows.rowCount()
            self.rows.insertRow(at)
            for column, text in enumerate([str(row), *stored_row(dose)]):
                self.rows.setItem(at, column, QTableWidgetItem(text))
        summary = fill(self.tr(
            "%1 doses, %2 days with pain or ratings, %3 days marked “no kratom”; %4 rows skipped."),
            len(records.doses), len(records.checkins), len(records.no_kratom), len(records.skipped))
        if records.side_effects:
            summary += " " + fill(self.tr("Side effects rated: %1."), ", ".join(records.side_effects))
        self.summary.setText(summary)
        lines = list(parsed.listed)
        lines += [f"{what}: {count}" for what, count in parsed.converted.most_common()]
        self.skipped.setPlainText("\n".join(lines) or self.tr("No row is skipped."))

    def accept(self) -> None:
        if self.parsed is None:  # Enter before the rows are read: nothing to hand on yet
            return
        super().accept()
