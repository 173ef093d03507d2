"""The row above the Trends charts: the range shown (a preset or two dates) and "Save chart…"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from kratomtrack.core.date_ranges import DateRange, RangePreset
from kratomtrack.ui.widgets.qdates import DayEdit, from_qdate, to_qdate

PRESETS = (RangePreset.LAST_4_WEEKS, RangePreset.LAST_3_MONTHS,
           RangePreset.LAST_12_MONTHS, RangePreset.ALL, RangePreset.CUSTOM)
# Typing a date changes it a digit at a time: the dates count once typing pauses this long.
TYPING_PAUSE_MS = 250


class RangeControls(QWidget):
    """The preset box, the first and last day, and the save button.

    The page listens to ``preset_box.currentIndexChanged``, ``typing_pause.timeout``
    (the dates were changed) and ``save_button.clicked``.
    """

    def __init__(self, preset: RangePreset, today: Callable[[], dt.date], parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.preset_box = QComboBox()
        labels = {
            RangePreset.LAST_4_WEEKS: self.tr("Last 4 weeks"),
            RangePreset.LAST_3_MONTHS: self.tr("Last 3 months"),
            RangePreset.LAST_12_MONTHS: self.tr("Last 12 months"),
            RangePreset.ALL: self.tr("Everything"),
            RangePreset.CUSTOM: self.tr("Dates I choose"),
        }
        for each in PRESETS:
            self.preset_box.addItem(labels[each], each)
        self.preset_box.setCurrentIndex(PRESETS.index(preset))
        self.start_edit = self._date_edit(self.tr("From (first day shown)"))
        self.end_edit = self._date_edit(self.tr("To (last day shown)"))
        self.typing_pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.start_edit.dateChanged.connect(self.typing_pause.start)
        self.end_edit.dateChanged.connect(self.typing_pause.start)
        self.save_button = QPushButton(self.tr("Save chart…"))
        self.save_button.setToolTip(self.tr("Save the chart shown as a PNG picture, SVG or PDF"))

        show_label = QLabel(self.tr("&Show:"))
        show_label.setBuddy(self.preset_box)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(show_label)
        row.addWidget(self.preset_box)
        row.addSpacing(12)
        from_label = QLabel(self.tr("F&rom"))
        from_label.setBuddy(self.start_edit)
        row.addWidget(from_label)
        row.addWidget(self.start_edit)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.end_edit)
        row.addStretch(1)
        row.addWidget(self.save_button)

    def _date_edit(self, name: str) -> DayEdit:
        edit = DayEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setMaximumDate(to_qdate(self._today()))
        return edit

    def preset(self) -> RangePreset:
        return RangePreset(self.preset_box.currentData())  # Qt hands back the str value

    def dates(self) -> tuple[dt.date, dt.date]:
        """The first and last day as typed (the first may be after the last)."""
        return from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())

    def show_range(self, preset: RangePreset, rng: DateRange) -> None:
        """Show a preset and its days without signalling a change."""
        widgets = (self.preset_box, self.start_edit, self.end_edit)
        for widget in widgets:
            widget.blockSignals(True)
        today = to_qdate(self._today())  # the app may have stayed open past midnight
        self.start_edit.setMaximumDate(today)
        self.end_edit.setMaximumDate(today)
        self.preset_box.setCurrentIndex(PRESETS.index(preset))
        self.start_edit.setDate(to_qdate(rng.start))
        self.end_edit.setDate(to_qdate(rng.end))
        for widget in widgets:
            widget.blockSignals(False)
