"""Trends' "Patterns" tab: dose timing, relief per dose and the plan against
the log, for the range the page shows (charts.patterns draws them; its
"Table" view shows the same figures, table_rows.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from kratomtrack.core.patterns import Patterns
from kratomtrack.core.plan import PlanReport
from kratomtrack.ui.pages.trends.table_rows import FiguresTable, patterns_tables


class PatternsTab(QScrollArea):
    """Drawn only when shown; ``show_range`` marks it stale. The figures drawn
    are read once per range (``figures``), for the chart and the tables."""

    def __init__(self, db, palette, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self._palette = palette  # a callable returning the ChartPalette in use
        self._range: tuple[dt.date, dt.date] | None = None
        self._stale = True
        self._figures: tuple[Patterns, PlanReport | None] | None = None
        self.canvas = None
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.NoFrame)
        inner = QWidget()
        self._layout = QVBoxLayout(inner)
        self.note = QLabel(self.note_text())
        self.note.setWordWrap(True)
        self._layout.addWidget(self.note)
        self.setWidget(inner)
        self.setAlignment(Qt.AlignTop)
        self.setAccessibleName(self.tr("Patterns: dose timing, relief per dose and your plan"))

    def note_text(self) -> str:
        return self.tr("Dose timing is a pattern, not a diagnosis: it is not a validated measure of "
                       "dependence. Relief per dose is your own observation.")

    def show_range(self, start: dt.date, end: dt.date) -> None:
        self._range = (start, end)
        self._stale = True
        self._figures = None

    def figures(self) -> tuple[Patterns, PlanReport | None] | None:
        """The range's patterns and plan (None before a range is given)."""
        if self._range is None:
            return None
        if self._figures is None:
            from kratomtrack.store.pattern_source import patterns_as_of, plan_as_of

            start, end = self._range
            self._figures = (patterns_as_of(self.db, end, (end - start).days + 1),
                             plan_as_of(self.db, start, end))
        return self._figures

    def tables(self) -> list[FiguresTable] | None:
        """The figures as the tab's "Table" view shows them (None before a range is given)."""
        figures = self.figures()
        return None if figures is None else patterns_tables(*figures)

    @property
    def stale(self) -> bool:
        return self._stale

    def draw(self) -> None:
        """Compute the range's patterns and plan and draw them."""
        if self._range is None:
            return
        from kratomtrack.ui.pages.trends.preload import load_charts

        load_charts()  # never alongside the window's preload (ui/app/chart_preload.py)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from kratomtrack.charts.patterns import patterns_figure

        found, plan = self.figures()
        if self.canvas is None:
            self.canvas = FigureCanvasQTAgg(Figure())
            self._layout.addWidget(self.canvas)
        dpi = self.canvas.figure.dpi
        width = max(self.viewport().width() - 24, 480) / dpi
        figure = patterns_figure(found, plan, self._palette(), width=width, figure=self.canvas.figure)
        self.canvas.setMinimumHeight(round(figure.get_figheight() * dpi))
        self.canvas.draw()
        self._stale = False
