"""The day's doses on Today: the table (oldest first), "Change…" and "Remove",
and the day's totals (leaf forms together; extract, 7-OH and other apart)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.daily import daily_totals
from kratomtrack.core.records import Dose, Form
from kratomtrack.ui.pages.today.fields import form_label
from kratomtrack.ui.widgets.look import findings_label, heading, muted, show_findings
from kratomtrack.ui.wording import fill


class DoseTable(QTableWidget):
    """The day's doses, oldest first. Enter edits the selected one, Delete removes it."""

    edit_requested = Signal()
    remove_requested = Signal()

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.edit_requested.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentRow() >= 0:
            self.remove_requested.emit()
            return
        super().keyPressEvent(event)


class DayDoses(QWidget):
    """The doses of the day shown and their totals.

    ``edit_requested`` and ``remove_requested`` ask the page to change or
    remove the selected dose (keys, double-click or the buttons).
    """

    edit_requested = Signal()
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doses: list[Dose] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.doses_heading = heading(QLabel(self.tr("Doses on this day")), 1.1)
        layout.addWidget(self.doses_heading)
        self.table = DoseTable(0, 5)
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Amount"), self.tr("Form"), self.tr("Product"), self.tr("Note"),
        ])
        self.table.setAccessibleName(self.tr("Doses on this day"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        self.table.doubleClicked.connect(lambda _: self.edit_requested.emit())
        self.table.edit_requested.connect(self.edit_requested)
        self.table.remove_requested.connect(self.remove_requested)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table)
        self.no_doses_label = muted(QLabel(self.tr("No doses logged on this day.")))
        layout.addWidget(self.no_doses_label)
        # Doses that damage inside the file made unreadable: said, never silently missing.
        self.unreadable_label = findings_label()
        layout.addWidget(self.unreadable_label)

        row = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Change…"))
        self.edit_button.setToolTip(self.tr("Change the selected dose (Enter)"))
        self.edit_button.clicked.connect(self.edit_requested)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected dose (Delete); Edit → Undo brings it back"))
        self.remove_button.clicked.connect(self.remove_requested)
        row.addWidget(self.edit_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.totals_label)

    def selected_dose(self) -> Dose | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.doses) or not self.table.selectionModel().hasSelection():
            return None
        return self.doses[row]

    def _update_buttons(self) -> None:
        has = self.selected_dose() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def show_doses(self, day: dt.date, doses: list[Dose], unreadable: Sequence[str] = ()) -> None:
        """Fill the table with ``doses``; the selected row stays selected.

        ``unreadable``: findings for the day's doses that cannot be read
        (LogDatabase.doses_and_findings_on), said under the table."""
        self.doses = doses
        selected = self.selected_dose()  # the dose now on the selected row stays selected
        table = self.table
        table.setRowCount(len(doses))
        for row, dose in enumerate(doses):
            values = [
                dose.taken_at.strftime("%H:%M"),
                amount_text(dose.milligrams, dose.form),
                form_label(dose.form),
                dose.product,
                dose.note.replace("\n", " "),
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 4 and dose.note:
                    item.setToolTip(dose.note)
                item.setData(Qt.ItemDataRole.UserRole, dose.id)
                table.setItem(row, column, item)
            if selected is not None and dose.id == selected.id:
                table.selectRow(row)
        table.setVisible(bool(doses))
        self.no_doses_label.setVisible(not doses and not unreadable)
        show_findings(self.unreadable_label, (
            self.tr("1 dose cannot be read (the log is damaged). It is not in the table or the totals.")
            if len(unreadable) == 1 else
            fill(self.tr("%1 doses cannot be read (the log is damaged). They are not in the table "
                         "or the totals."), len(unreadable))), unreadable)
        self._update_buttons()
        self.totals_label.setText(self._totals_text(day))

    def _totals_text(self, day: dt.date) -> str:
        totals = daily_totals(self.doses).get(day)
        if totals is None:
            return ""
        count = self.tr("1 dose") if totals.doses == 1 else fill(self.tr("%1 doses"), totals.doses)
        parts = [count]
        if totals.leaf_mg:
            parts.append(fill(self.tr("%1 leaf (powder, capsules, tea)"), amount_text(totals.leaf_mg)))
        apart = []
        if totals.extract_mg:
            apart.append(fill(self.tr("%1 extract"), amount_text(totals.extract_mg, Form.EXTRACT)))
        if totals.seven_oh_mg:
            apart.append(fill(self.tr("%1 7-OH product"), amount_text(totals.seven_oh_mg, Form.SEVEN_OH)))
        if totals.other_mg:
            apart.append(fill(self.tr("%1 other"), amount_text(totals.other_mg, Form.OTHER)))
        text = self.tr("This day: ") + " · ".join(parts)
        if apart:
            text += "\n" + fill(self.tr("Also %1, counted apart: not comparable with leaf grams."),
                                ", ".join(apart))
        return text
