"""The Trends page: charts of intake, pain and side effects over a chosen range.

matplotlib is imported only when the page is first shown, so the window
opens without paying for it. The figures come from ``core.trends``; the
drawing from ``kratomtrack.charts`` (shared with the doctor summary).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kratomtrack.core.date_ranges import DateRange, RangePreset, preset_range
from kratomtrack.core.log_changes import LogChanges
from kratomtrack.core.trends import TrendFigures, TrendLog
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.pages.trends.log_facts import read_trend_log, with_changes
from kratomtrack.ui.pages.trends.patterns import PatternsTab
from kratomtrack.ui.pages.trends.table_rows import over_time_tables, together_note, together_tables
from kratomtrack.ui.pages.trends.tables import ChartsOrTables, loading_area
from kratomtrack.ui.pages.trends.range import PRESETS, RangeControls
from kratomtrack.ui.pages.trends.panels import MIN_CHART_WIDTH, ChartChoice, add_tabs_once, hidden_viewport
from kratomtrack.ui.pages.trends.export import ask_chart_path, check_chart_path, save_figure
from kratomtrack.ui.pages.trends.words import describe_day, long_day
from kratomtrack.ui.wording import escape, fill


class TrendsPage(QWidget):
    """Charts over a range of days; double-clicking a day asks to open it.

    ``on_log_changed()`` takes in a change (the window's ``log_changed``);
    ``refresh()`` reads the whole log again. ``peg_scores`` optionally returns
    the weekly PEG scores as [(date, score 0-10)] for the pain chart. ``today`` is for tests.
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
        (QT_TRANSLATE_NOOP("KeyboardShortcuts", "Alt+C, Alt+T"),
         QT_TRANSLATE_NOOP("KeyboardShortcuts", "Show each view as a chart, or its figures as a table")),
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
        self._stale = True  # the whole log must be read before the next draw
        self._figures_stale = False  # the figures must be computed again before the next draw
        self._log_version = 0  # counts changes (a preparation in steps stops at one)
        self.log_reads = self.days_reread = 0  # the whole log, days one by one (tests, benchmarks)
        self._together_stale = True
        self._range: DateRange | None = None
        self._preset = RangePreset.LAST_3_MONTHS
        self._figs: TrendFigures | None = None
        self._peg: list[tuple[dt.date, float]] = []
        # Created on first show (matplotlib loads then), or before it (prepare_steps).
        self._charts = None
        self._timeline = None  # TimelineView: the "Over time" canvas (timeline.py)
        self._together_canvas = None
        self._together_width = 0
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
        self.timeline_area = loading_area(self.tr("Over time"))
        self.together_area = loading_area(self.tr("What went together"))
        self.views = ChartsOrTables(self.tabs)  # tables.py: each view's figures as tables too
        self.views.add(self.tr("Over time"), self.timeline_area,
                       lambda: over_time_tables(self._figs, self._peg))
        self.views.add(self.tr("What went together"), self.together_area, lambda: together_tables(self._figs),
                       together_note())
        self.patterns_tab = PatternsTab(self.db, self._chart_palette)  # ui/pages/trends/patterns.py
        self.views.add(self.tr("Patterns"), self.patterns_tab, self.patterns_tab.tables,
                       self.patterns_tab.note_text())
        self._tab_pages = self.views.pages  # added when the page is first shown (panels.add_tabs_once)
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
    def prepared(self) -> bool:
        """Whether no first picture is being drawn off the window's thread (prepare_steps)."""
        return self._timeline is None or not self._timeline.preparing

    @property
    def chart(self):
        """The "Over time" TimelineChart on screen (None before the page was shown)."""
        if self._timeline is None:
            return None
        self._timeline.settle()
        return self._timeline.chart

    @property
    def canvas(self):
        """The "Over time" canvas widget (None before the page was shown)."""
        return self._timeline.canvas if self._timeline is not None else None

    def current_range(self) -> DateRange | None:
        return self._range

    def refresh(self) -> None:
        """Read the whole log again and redraw; waits until the page is shown if it never was."""
        self._stale = True
        self._log_version += 1
        if self._charts is not None and self.isVisible():
            self._redraw()

    def on_log_changed(self, changes: LogChanges) -> None:
        """Take in a change: read again the facts of the days it touched (the whole
        log for EVERYTHING, or if never read), the PEG scores after a check-up; the
        figures are computed again, now if shown, else when next shown."""
        if not (changes.day_records or changes.checkups or changes.side_effects or changes.plan):
            return  # the settings: nothing Trends shows
        self._log_version += 1
        if changes.every_day or self._log is None or self._stale:
            self._stale = True
        else:
            self._log = with_changes(self.db, self._log, changes)
            self.days_reread += len(changes.days) if changes.day_records else 0
            if changes.checkups and self._peg_scores:
                self._peg = list(self._peg_scores())
        self._figures_stale = True  # the plan too: the Patterns tab draws it
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
        if self._stale or self._figures_stale or self._figs is None:
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
        add_tabs_once(self.tabs, self._tab_pages)  # not before: see panels.py
        super().showEvent(event)
        if self._charts is None:
            self._ensure_charts()
            self._redraw()
        elif self._stale or self._figures_stale or self._figs is None or not self._timeline.shows(self._figs):
            self._redraw()
        else:  # drawn before it was shown (prepare_steps): the picture is taken as it is
            self.redrawn.emit()

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
        from kratomtrack.ui.pages.trends.preload import load_charts

        charts = load_charts()
        from kratomtrack.ui.pages.trends.timeline import ChartCanvas, TimelineView

        self._charts = charts
        self._timeline = TimelineView(self.timeline_area, charts, on_day=self._day_chosen,
                                      on_open=self.day_activated.emit, parent=self)
        canvas = self._timeline.canvas
        canvas.setAccessibleName(self.tr("Charts over time"))
        canvas.setToolTip(self.tr("Double-click a day to open it in Today. With the keyboard: "
                                  "Left and Right choose a day, Enter opens it."))
        self._together_canvas = ChartCanvas()
        self._together_canvas.setMinimumWidth(MIN_CHART_WIDTH)
        self.together_area.setWidget(self._together_canvas)
        self._together_canvas.mpl_connect("resize_event", self._on_together_resize)
        self._height_timer = QTimer(self, singleShot=True, interval=100)
        self._height_timer.timeout.connect(self._timeline.refit)
        self.timeline_area.viewport().installEventFilter(self)
        # Redraw "What went together" once a window resize pauses, not at every step.
        self._together_timer = QTimer(self, singleShot=True, interval=150)
        self._together_timer.timeout.connect(self._together_resized)

    def prepare_steps(self) -> Iterator[None]:
        """Draw the first picture before the page is first shown, in steps for
        the window's idle timer ticks (each well under 50 ms): the chart
        widgets, the log a year at a time, the figures; then the drawing
        itself runs on a thread of its own (timeline.py). Stops if the
        page is shown or the log changes meanwhile: it then draws as usual."""
        if self._charts is not None or self.isVisible():
            return
        # Measured before the canvas exists, so that no resize reaches it (a resize redraws).
        viewport = hidden_viewport(self, self.tabs, [title for _, title in self._tab_pages])
        yield
        self._ensure_charts()
        version = self._log_version
        for _ in self._read_log(step_days=366):
            yield
            if self.isVisible() or self._log_version != version:
                return
        self._range = self._current_range()
        self._set_controls(self._range)
        self._figs = self._log.figures(self._range.start, self._range.end)
        self._figures_stale = False
        yield
        if self.isVisible() or self._log_version != version:
            return
        self._timeline.prepare(
            self._figs, self._peg, self._chart_palette(), self.chart_choice.panels(),
            viewport=(viewport.width(), viewport.height()),
            scrollbar=self.timeline_area.verticalScrollBar().sizeHint().width(),
            pixel_ratio=self.devicePixelRatioF())
        self.patterns_tab.show_range(self._range.start, self._range.end)

    def _reload(self) -> None:
        for _ in self._read_log():
            pass

    def _read_log(self, step_days: int | None = None) -> Iterator[None]:
        """Read the whole log for the charts (log_facts.py); with ``step_days``, that
        many days of records at a time, yielding between them."""
        self.log_reads += 1
        for log in read_trend_log(self.db, self._today(), step_days):
            if log is None:
                yield
            else:
                self._log = log
        if step_days is not None:
            yield
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
        self._figures_stale = False
        self._together_stale = True
        self._draw_timeline()
        if self.tabs.currentIndex() == 1:
            self._draw_together()
        self.patterns_tab.show_range(self._range.start, self._range.end)
        if self.tabs.currentIndex() == 2:
            self.patterns_tab.draw()
        self.views.figures_changed()
        self.redrawn.emit()

    def _chart_palette(self):
        qpal = self.palette()
        return self._charts.palette_for_window(
            qpal.color(QPalette.Base).name(), qpal.color(QPalette.Text).name())

    def _draw_timeline(self) -> None:
        self._timeline.draw(self._figs, self._peg, self._chart_palette(),
                            self.chart_choice.panels())

    def _draw_together(self) -> None:
        canvas = self._together_canvas
        dpi = canvas.logical_dpi
        width = max(canvas.width(), self.together_area.viewport().width(), MIN_CHART_WIDTH)
        self._charts.together_figure(self._figs, self._chart_palette(), figure=canvas.figure,
                                     width=width / dpi)
        self._together_width = width
        pixels = round(canvas.figure.get_figheight() * dpi)
        if canvas.height() != pixels or canvas.minimumHeight() != pixels:
            canvas.setMinimumHeight(pixels)
            canvas.setMaximumHeight(pixels)
            canvas.draw_idle()  # once Qt has given the canvas its new height
        else:
            canvas.draw()
        self._together_stale = False

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Resize and watched is self.timeline_area.viewport():
            self._height_timer.start()
        return super().eventFilter(watched, event)

    def _charts_chosen(self) -> None:
        if self._figs is not None:
            self._draw_timeline()

    def _tab_changed(self, index: int) -> None:
        if index == 2 and self.patterns_tab.stale:
            self.patterns_tab.draw()
        if index == 1 and self._together_stale and self._figs is not None:
            self._draw_together()

    def _on_together_resize(self, _event) -> None:
        # Its plots are laid out for a width; a new height is our own doing.
        if self._together_canvas.width() != self._together_width:
            self._together_stale = True
            self._together_timer.start()

    def _together_resized(self) -> None:
        if self._figs is not None and self.tabs.currentIndex() == 1:
            self._draw_together()

    # --- the chosen day ------------------------------------------------------------------

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
