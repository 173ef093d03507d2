"""The Trends page: charts of intake, pain and side effects over a chosen range.

matplotlib is imported only when the page is first shown, so the window
opens without paying for it. The figures come from ``core.trends``; the
drawing from ``kratomtrack.charts`` (shared with the doctor summary).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.trends import DateRange, RangePreset, TrendFigures, TrendLog, preset_range
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import all_no_use_days
from kratomtrack.ui.pages.trends_patterns import PatternsTab
from kratomtrack.ui.pages.trends_range import PRESETS, RangeControls
from kratomtrack.ui.pages.trends_panels import ChartChoice, fitted_pixels
from kratomtrack.ui.pages.trends_cursor import DayCursor
from kratomtrack.ui.pages.trends_export import ask_chart_path, check_chart_path, save_figure
from kratomtrack.ui.pages.trends_words import describe_day, long_day
from kratomtrack.ui.wording import escape, fill

MIN_CHART_WIDTH = 720  # px; narrower, the page scrolls sideways


class TrendsPage(QWidget):
    """Charts over a range of days; double-clicking a day asks to open it.

    ``refresh()`` reloads the log (the window calls it when the log
    changes). ``peg_scores`` optionally returns the weekly PEG scores as
    [(date, score 0-10)] for the pain chart. ``today`` is for tests.
    """

    day_activated = Signal(object)  # a datetime.date
    redrawn = Signal()  # after the charts were drawn for a new range or log

    # Listed in Help → Keyboard shortcuts (with the window's menu shortcuts).
    KEYS = (
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Left, Right"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "On the charts: choose a day and see its numbers")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Enter"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "On the charts: open the chosen day in Today")),
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Alt+S, Alt+R"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Go to the range (Show) or its first day (From)")),
    )

    PRESETS = PRESETS

    def __init__(
        self,
        db: LogDatabase,
        parent: QWidget | None = None,
        *,
        peg_scores: Callable[[], Sequence[tuple[dt.date, float]]] | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ):
        super().__init__(parent)
        self.db = db
        self._peg_scores = peg_scores
        self._today = today
        self._log: TrendLog | None = None
        self._stale = True  # the log must be reloaded before the next draw
        self._together_stale = True
        self._range: DateRange | None = None
        self._preset = RangePreset.LAST_3_MONTHS
        self._figs: TrendFigures | None = None
        self._peg: list[tuple[dt.date, float]] = []
        # Created on first show (matplotlib loads then).
        self._charts = None
        self._timeline = None
        self._timeline_canvas = None
        self._together_canvas = None
        self._together_width = 0
        self._cursor: DayCursor | None = None  # the chosen day's line (trends_cursor.py)
        self._static = None  # (static_key, picture of the chart's static layer)
        self._build()

    # --- widgets -----------------------------------------------------------------

    def _build(self) -> None:
        self.controls = RangeControls(self._preset, self._today)
        self.preset_box = self.controls.preset_box
        self.start_edit = self.controls.start_edit
        self.end_edit = self.controls.end_edit
        self.save_button = self.controls.save_button
        self.preset_box.currentIndexChanged.connect(self._preset_chosen)
        self.controls.typing_pause.timeout.connect(self._dates_chosen)
        self.save_button.clicked.connect(self._save_clicked)

        self.chart_choice = ChartChoice()
        self.chart_choice.changed.connect(self._charts_chosen)
        self.controls.layout().addWidget(self.chart_choice)
        self.tabs = QTabWidget()
        self.timeline_area = self._scroll_area()
        self.together_area = self._scroll_area()
        self.tabs.addTab(self.timeline_area, self.tr("Over time"))
        self.tabs.addTab(self.together_area, self.tr("What went together"))
        self.patterns_tab = PatternsTab(self.db, self._chart_palette)  # ui/pages/trends_patterns.py
        self.tabs.addTab(self.patterns_tab, self.tr("Patterns"))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.day_label = QLabel()
        self.day_label.setWordWrap(True)
        self.day_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.day_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        self._show_hint()

        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.day_label)

    def _scroll_area(self) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.NoFrame)
        placeholder = QLabel(self.tr("Loading charts…"))
        placeholder.setAlignment(Qt.AlignCenter)
        area.setWidget(placeholder)
        return area

    def _show_hint(self) -> None:
        self.day_label.setText(self.tr(
            "Point at a day to see its numbers. Double-click a day to open it in Today."))

    # --- public ------------------------------------------------------------------

    @property
    def figures(self) -> TrendFigures | None:
        """The figures last drawn (None before the page was first shown)."""
        return self._figs

    @property
    def charts_loaded(self) -> bool:
        return self._charts is not None

    @property
    def chart(self):
        """The "Over time" TimelineChart on screen (None before the page was shown)."""
        return self._timeline

    @property
    def canvas(self):
        """The "Over time" canvas widget (None before the page was shown)."""
        return self._timeline_canvas

    def current_range(self) -> DateRange | None:
        return self._range

    def refresh(self) -> None:
        """Reload the log and redraw; waits until the page is shown if it never was."""
        self._stale = True
        if self._charts is not None and self.isVisible():
            self._redraw()

    def set_preset(self, preset: RangePreset) -> None:
        """Show one of the preset ranges (ending today)."""
        index = self.PRESETS.index(RangePreset(preset))
        if self.preset_box.currentIndex() != index:
            self.preset_box.setCurrentIndex(index)  # redraws through _preset_chosen
        else:
            self._preset_chosen()

    def set_range(self, start: dt.date, end: dt.date) -> None:
        """Show the days from start to end (a custom range)."""
        rng = DateRange(start, end)
        self._preset = RangePreset.CUSTOM
        self._set_controls(rng)
        self._range = rng
        if self._charts is not None:
            self._redraw()  # otherwise drawn when first shown

    def save_chart(self, path: str | Path) -> Path:
        """Write the chart on the current tab to ``path`` (.png, .svg or .pdf)."""
        path = Path(path)
        check_chart_path(path)
        self._ensure_charts()
        if self._stale or self._figs is None:
            self._redraw()
        charts = self._charts
        palette = self._chart_palette()
        width = max(self.timeline_area.viewport().width(), MIN_CHART_WIDTH) / 100
        if self.tabs.currentIndex() == 1:
            figure = charts.together_figure(self._figs, palette, width=width)
        else:
            figure = charts.build_trends_figure(self._figs, palette, peg=self._peg, width=width)
        save_figure(figure, path)
        return path

    # --- range chooser --------------------------------------------------------------

    def _preset_chosen(self) -> None:
        preset = self.controls.preset()
        self._preset = preset
        if preset is RangePreset.CUSTOM:
            self._dates_chosen()
            return
        if self._charts is None:
            return  # drawn when first shown
        self._redraw()

    def _dates_chosen(self) -> None:
        self.controls.typing_pause.stop()
        start, end = self.controls.dates()
        if self._range is not None and (start, end) == (self._range.start, self._range.end):
            return
        if start > end:
            self.day_label.setText(fill(self.tr(
                "The first day is after the last day; choose a first day on or before %1."), long_day(end)))
            return
        self._preset = RangePreset.CUSTOM
        self._range = DateRange(start, end)
        self._set_controls(self._range)
        if self._charts is not None:
            self._redraw()

    def _set_controls(self, rng: DateRange) -> None:
        self.controls.show_range(self._preset, rng)

    # --- drawing --------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._charts is None:
            self._ensure_charts()
            self._redraw()
        elif self._stale:
            self._redraw()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.PaletteChange and self._charts is not None:
            self._together_stale = True
            self._redraw()

    def _ensure_charts(self) -> None:
        if self._charts is not None:
            return
        # The first showing pays for matplotlib, not the start of the app
        # (or waits for the import the window began after its first paint).
        from kratomtrack.ui.app.chart_preload import load_charts

        charts = load_charts()
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self._charts = charts
        self._timeline_canvas = FigureCanvasQTAgg(Figure())
        self._together_canvas = FigureCanvasQTAgg(Figure())
        for canvas, area in ((self._timeline_canvas, self.timeline_area),
                             (self._together_canvas, self.together_area)):
            canvas.setMinimumWidth(MIN_CHART_WIDTH)
            area.setWidget(canvas)
        canvas = self._timeline_canvas
        self._cursor = DayCursor(canvas, chart=lambda: self._timeline, day_x=charts.day_x,
                                 on_day=self._day_chosen, on_open=self.day_activated.emit)
        canvas.setAccessibleName(self.tr("Charts over time"))
        canvas.setToolTip(self.tr("Double-click a day to open it in Today. With the keyboard: "
                                  "Left and Right choose a day, Enter opens it."))
        canvas.mpl_connect("draw_event", self._on_draw)
        canvas.mpl_connect("resize_event", self._on_resize)
        self._together_canvas.mpl_connect("resize_event", self._on_together_resize)
        self._height_timer = QTimer(self, singleShot=True, interval=100)
        self._height_timer.timeout.connect(self._viewport_resized)
        self.timeline_area.viewport().installEventFilter(self)
        # Redraw "What went together" once a window resize pauses, not at every step.
        self._together_timer = QTimer(self, singleShot=True, interval=150)
        self._together_timer.timeout.connect(self._together_resized)

    def _reload(self) -> None:
        log = self.db
        self._log = TrendLog(
            log.all_doses(), log.all_checkins(), first_day=log.first_day(),
            side_effect_order=[s.name for s in log.side_effects(include_hidden=True)],
            no_use_days=all_no_use_days(log),  # "no kratom today": logged, without use
        )
        self._peg = list(self._peg_scores()) if self._peg_scores else []
        self._stale = False

    def _current_range(self) -> DateRange:
        if self._preset is RangePreset.CUSTOM and self._range is not None:
            return self._range
        today = self._today()
        return preset_range(self._preset, today, self._log.first_day if self._log else None)

    def _redraw(self) -> None:
        """Compute the range's figures and redraw the charts."""
        self._ensure_charts()
        if self._stale or self._log is None:
            self._reload()
        self._range = self._current_range()
        self._set_controls(self._range)
        self._figs = self._log.figures(self._range.start, self._range.end)
        self._together_stale = True
        self._draw_timeline()
        if self.tabs.currentIndex() == 1:
            self._draw_together()
        self.patterns_tab.show_range(self._range.start, self._range.end)
        if self.tabs.currentIndex() == 2:
            self.patterns_tab.draw()
        self.redrawn.emit()

    def _chart_palette(self):
        qpal = self.palette()
        return self._charts.palette_for_window(
            qpal.color(QPalette.Base).name(), qpal.color(QPalette.Text).name())

    def _logical_dpi(self, canvas) -> float:
        return canvas.figure.dpi / canvas.device_pixel_ratio

    def _draw_timeline(self) -> None:
        canvas = self._timeline_canvas
        palette = self._chart_palette()
        chart = self._timeline
        if chart is None or chart.palette != palette or chart.panels != self.chart_choice.panels():
            # New axes only for a new palette or choice of charts; a range change reuses them.
            chart = self._timeline = self._charts.TimelineChart(
                palette, figure=canvas.figure, panels=self.chart_choice.panels())
            self._cursor.new_chart(chart, palette.cursor)
            self._static = None
        chart.update(self._figs, peg=self._peg)
        chart.set_layered(True)
        dpi = self._logical_dpi(canvas)
        pixels = fitted_pixels(round(chart.height * dpi), round(chart.min_height * dpi),
                               self.timeline_area.viewport().height())
        canvas.figure.set_size_inches(canvas.figure.get_figwidth(), pixels / dpi, forward=False)
        chart.relayout()  # update() sized the figure to the charts' natural height
        if self._fit_height(canvas, pixels / dpi):
            # Qt resizes the canvas when it next lays out, and the canvas then redraws.
            self._static = None
            canvas.draw_idle()
        elif self._static is not None and self._static[0] == chart.static_key():
            # Only the data, dates and scales changed: paint them over the static layer.
            canvas.restore_region(self._static[1])
            self._paint_dynamic()
            canvas.blit(canvas.figure.bbox)
        else:
            canvas.draw()  # _on_draw paints the dynamic layer

    def _paint_dynamic(self) -> None:
        canvas = self._timeline_canvas
        self._timeline.draw_dynamic(canvas.get_renderer())
        self._cursor.painted()

    def _draw_together(self) -> None:
        canvas = self._together_canvas
        dpi = self._logical_dpi(canvas)
        width = max(canvas.width(), self.together_area.viewport().width(), MIN_CHART_WIDTH)
        self._charts.together_figure(self._figs, self._chart_palette(), figure=canvas.figure,
                                     width=width / dpi)
        self._together_width = width
        if self._fit_height(canvas, canvas.figure.get_figheight()):
            canvas.draw_idle()
        else:
            canvas.draw()
        self._together_stale = False

    def _fit_height(self, canvas, inches: float) -> bool:
        """Size the canvas to the chart's height; True if it had to change."""
        pixels = round(inches * self._logical_dpi(canvas))
        if canvas.height() == pixels and canvas.minimumHeight() == pixels:
            return False
        canvas.setMinimumHeight(pixels)
        canvas.setMaximumHeight(pixels)
        return True

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Resize and watched is self.timeline_area.viewport():
            self._height_timer.start()
        return super().eventFilter(watched, event)

    def _charts_chosen(self) -> None:
        if self._figs is not None:
            self._draw_timeline()

    def _viewport_resized(self) -> None:
        # The window's height changed: the charts take the new height.
        if self._timeline is not None and self._figs is not None:
            self._draw_timeline()

    def _tab_changed(self, index: int) -> None:
        if index == 2 and self.patterns_tab.stale:
            self.patterns_tab.draw()
        if index == 1 and self._together_stale and self._figs is not None:
            self._draw_together()

    def _on_resize(self, _event) -> None:
        # The canvas set the figure's new size; keep panel margins in inches.
        if self._timeline is not None:
            self._timeline.relayout()

    def _on_together_resize(self, _event) -> None:
        # Its plots are laid out for a width; a new height is our own doing.
        if self._together_canvas.width() != self._together_width:
            self._together_stale = True
            self._together_timer.start()

    def _together_resized(self) -> None:
        if self._figs is not None and self.tabs.currentIndex() == 1:
            self._draw_together()

    # --- layered painting and the chosen day ------------------------------------------

    def _on_draw(self, _event) -> None:
        # A full draw painted the static layer only: keep it, then add the rest.
        canvas = self._timeline_canvas
        if self._timeline is None or self._timeline.figs is None:
            return
        self._static = (self._timeline.static_key(), canvas.copy_from_bbox(canvas.figure.bbox))
        self._paint_dynamic()

    def _day_chosen(self, day: dt.date) -> None:
        self.day_label.setText(self.describe_day(day))

    def describe_day(self, day: dt.date) -> str:
        """That day's numbers in plain words (shown on hover and click)."""
        return describe_day(self._figs, day)

    # --- saving ---------------------------------------------------------------------------

    def _save_clicked(self) -> None:
        tab = "together" if self.tabs.currentIndex() == 1 else "trends"
        path = ask_chart_path(self, f"kratomtrack-{tab}-{self._today().isoformat()}.png")
        if path is None:
            return
        try:
            self.save_chart(path)
        except (OSError, ValueError) as err:
            QMessageBox.warning(self, self.tr("The chart was not saved"), str(err))
            return
        self.day_label.setText(escape(fill(self.tr("Saved the chart to %1"), path)))
