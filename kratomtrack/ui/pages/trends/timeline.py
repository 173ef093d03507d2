"""The "Over time" charts on screen: their canvas, their height in the window,
and redraws quick enough for clicking through ranges.

A range change alters the data, the date axes and the gram scales. The view
keeps a picture of the unchanging parts (titles, legends, the pain and
side-effect axes: the chart's "static" layer) for each look it has drawn, so
that going back to a range already seen paints only the changing artists over
a kept picture. Text is drawn from kept pictures too (charts/text_pictures.py).

Before the page is first shown, ``prepare`` draws its first picture on a
thread of its own (matplotlib with the Agg renderer touches no Qt object
there); the canvas then only shows that picture.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from matplotlib.backend_bases import ResizeEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget

from kratomtrack.charts.text_pictures import TextPictures
from kratomtrack.ui.pages.trends.cursor import DayCursor
from kratomtrack.ui.pages.trends.panels import MIN_CHART_WIDTH

# Static layers kept: the looks of the preset ranges (each is one canvas picture).
STATIC_LAYERS_KEPT = 4
PREPARED_CHECK_MS = 20  # how often the window looks whether the first picture is ready


class ChartCanvas(TextPictures, FigureCanvasQTAgg):
    """A Qt canvas whose text is drawn from kept pictures. A new size is
    handed to ``resized`` (by default a redraw when the window is next idle):
    Qt resizes a canvas in passing while it lays a page out (before and after
    the scroll bar appears), which need not cost a drawing each time.
    matplotlib's "resize_event" listeners hear of each new size, as from its own canvas."""

    def __init__(self, figure: Figure | None = None):
        super().__init__(figure or Figure())
        # The figure's dpi for one device pixel per logical pixel. matplotlib
        # scales the figure's dpi by the screen's pixel ratio (and so do we,
        # before it learns that ratio: use_pixel_ratio).
        self.logical_dpi = self.figure.dpi
        self._fitted_dpi = self.figure.dpi  # the dpi the figure's size was last set for
        self.before_use: Callable[[], None] = lambda: None
        self.resized: Callable[[], None] = self.draw_idle

    def pixel_ratio(self) -> float:
        """Device pixels per logical pixel, as the figure is drawn."""
        return self.figure.dpi / self.logical_dpi

    def resizeEvent(self, event) -> None:
        self.before_use()
        ratio = self.pixel_ratio()
        wanted = (round(event.size().width() * ratio), round(event.size().height() * ratio))
        # A new pixel ratio (the window moved to another screen) comes as a
        # new figure dpi and a resize to the same size: it needs a drawing too.
        if wanted != self.pixel_size() or self.figure.dpi != self._fitted_dpi:
            dpi = self._fitted_dpi = self.figure.dpi
            self.figure.set_size_inches(wanted[0] / dpi, wanted[1] / dpi, forward=False)
            self.callbacks.process("resize_event", ResizeEvent("resize_event", self))
            self.resized()
        QWidget.resizeEvent(self, event)

    def paintEvent(self, event) -> None:
        self.before_use()
        super().paintEvent(event)

    def draw(self) -> None:
        self.before_use()  # never two threads drawing one figure
        super().draw()

    def use_pixel_ratio(self, ratio: float) -> None:
        """Draw for this device pixel ratio from now on. matplotlib learns the
        screen's ratio only when the canvas is first shown, and then sets the
        figure's dpi for it: set already, a picture drawn before is shown as it is."""
        self.figure.set_dpi((ratio or 1.0) * self.logical_dpi)  # Qt may say 0 for "unknown"
        self._fitted_dpi = self.figure.dpi  # the drawing sets the figure's size for it


class TimelineView(QObject):
    """The chart stack on a ChartCanvas inside ``area`` (a QScrollArea).

    ``chart_module`` is kratomtrack.charts (imported by the page). ``on_day``
    and ``on_open`` are the DayCursor's callbacks.
    """

    def __init__(self, area: QScrollArea, chart_module, *, on_day, on_open,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.area = area
        self._charts = chart_module
        self.chart = None
        self._statics: OrderedDict[tuple, object] = OrderedDict()
        self._unpainted: list = []  # changing artists out of sight, not yet painted
        self._preparing: threading.Thread | None = None
        self._prepared: dict | None = None
        self._ready_timer = QTimer(self, interval=PREPARED_CHECK_MS)
        self._ready_timer.timeout.connect(self._check_prepared)
        self._refit_timer = QTimer(self, singleShot=True, interval=0)
        self._refit_timer.timeout.connect(self.refit)
        self._painted = None  # what the canvas's picture shows (_shown)
        self.canvas = ChartCanvas()
        self.canvas.setMinimumWidth(MIN_CHART_WIDTH)
        self.canvas.before_use = self.settle
        self.canvas.resized = self._refit_timer.start  # once Qt's layout settles
        self.cursor = DayCursor(self.canvas, chart=lambda: self.chart, day_x=chart_module.day_x,
                                on_day=on_day, on_open=on_open)
        self.canvas.mpl_connect("draw_event", self._on_draw)
        self.canvas.mpl_connect("resize_event", self._on_resize)
        area.setWidget(self.canvas)
        area.verticalScrollBar().valueChanged.connect(self._paint_the_rest)

    # --- drawing on the window's thread ---------------------------------------------

    def draw(self, figs, peg, palette, panels) -> None:
        """Show ``figs`` in the chosen ``panels``, fitted to the window."""
        self.settle()
        chart = self.chart
        if chart is None or chart.palette != palette or chart.panels != tuple(panels):
            self._new_chart(palette, panels)
            chart = self.chart
        chart.update(figs, peg=peg)
        chart.set_layered(True)
        self._painted = None
        self.refit()

    def refit(self) -> None:
        """Fit the charts to the window's height again, and paint them."""
        self.settle()
        if self.chart is None or self.chart.figs is None:
            return
        dpi = self.canvas.logical_dpi
        pixels = self._lay_out(self.chart, self.area.viewport().height(), dpi)
        canvas = self.canvas
        if canvas.minimumHeight() != pixels or canvas.maximumHeight() != pixels:
            # Qt gives the canvas this height when it next lays out; the
            # figure has it already, so that resize draws nothing.
            canvas.setMinimumHeight(pixels)
            canvas.setMaximumHeight(pixels)
        if self._painted == self._shown():
            return  # the picture shows this already (Qt resized the canvas in passing)
        static = self._statics.get(self.chart.static_key())
        if static is None:
            canvas.draw()  # _on_draw keeps the static layer and paints the rest
            return
        self._statics.move_to_end(self.chart.static_key())
        renderer = canvas.get_renderer()
        renderer.restore_region(static)
        self._paint_dynamic(renderer)
        canvas.update()

    def _shown(self) -> tuple:
        """What a picture of the chart shows: its look, its figures and its size."""
        return (self.chart.static_key(), id(self.chart.figs), self.canvas.pixel_size())

    def _paint_dynamic(self, renderer) -> None:
        """Paint the changing artists in sight (the others once scrolled to:
        ``_paint_the_rest``) over the static layer."""
        shown = self.chart.dynamic_artists(self._in_sight())
        self.chart.draw_dynamic(renderer, shown)
        self._unpainted = [a for a in self.chart.dynamic_artists() if a not in shown]
        self._painted = self._shown()
        self.cursor.painted()

    def _in_sight(self) -> tuple[float, float]:
        """The figure's band in the viewport, in inches up from its bottom."""
        dpi = self.canvas.logical_dpi
        top = self.canvas.figure.get_figheight() - self.area.verticalScrollBar().value() / dpi
        return top - self.area.viewport().height() / dpi, top

    def _paint_the_rest(self) -> None:
        """Scrolled: paint the changing artists that came into sight."""
        if not self._unpainted or self._preparing is not None or self.chart is None:
            return
        sight = self.chart.dynamic_artists(self._in_sight())
        shown = [a for a in self._unpainted if a in sight]
        if shown:
            self.chart.draw_dynamic(self.canvas.get_renderer(), shown)
            self._unpainted = [a for a in self._unpainted if a not in shown]
            self.cursor.painted()
            self.canvas.update()

    def relayout(self) -> None:
        """The canvas has a new size (Qt): keep the panels' margins in inches."""
        if self.chart is not None:
            self.chart.relayout()

    def _new_chart(self, palette, panels) -> None:
        # New axes only for a new palette or choice of charts; a range change reuses them.
        self.chart = self._charts.TimelineChart(palette, figure=self.canvas.figure,
                                                panels=tuple(panels))
        self.cursor.new_chart(self.chart, palette.cursor)
        self._statics.clear()

    def _lay_out(self, chart, viewport_height: int, dpi: float) -> int:
        """Fit ``chart`` to a viewport this many pixels high; returns the figure's height in pixels."""
        figure = self.canvas.figure
        pixels = round(chart.fit_to(viewport_height / dpi) * dpi)
        figure.set_size_inches(figure.get_figwidth(), pixels / dpi, forward=False)
        chart.relayout()
        return pixels

    def _on_draw(self, _event) -> None:
        # A full draw painted the static layer only: keep it, then add the rest.
        if self._preparing is not None or self.chart is None or self.chart.figs is None:
            return
        renderer = self.canvas.get_renderer()
        self._keep_static(renderer)
        self._paint_dynamic(renderer)

    def _keep_static(self, renderer) -> None:
        self._statics[self.chart.static_key()] = renderer.copy_from_bbox(self.canvas.figure.bbox)
        while len(self._statics) > STATIC_LAYERS_KEPT:
            self._statics.popitem(last=False)

    def _on_resize(self, _event) -> None:
        self.relayout()

    # --- the first picture, drawn off the window's thread ------------------------------

    def prepare(self, figs, peg, palette, panels, *, viewport: tuple[int, int],
                scrollbar: int, pixel_ratio: float) -> None:
        """Draw the first picture of a page not shown yet on a thread of its
        own. ``viewport`` is the (width, height) the charts will have in the
        window without scroll bars, ``scrollbar`` what a scroll bar takes from it.

        Using the view waits for that thread (``settle``); if the page then
        turns out another size, the canvas simply redraws.
        """
        self.settle()
        self.canvas.use_pixel_ratio(pixel_ratio)
        self.chart = None
        self._statics.clear()
        canvas, charts = self.canvas, self._charts
        dpi = self.canvas.logical_dpi
        width, height = viewport

        def draw() -> None:
            try:
                chart = charts.TimelineChart(palette, figure=canvas.figure, panels=tuple(panels))
                chart.update(figs, peg=peg)
                chart.set_layered(True)
                # The scroll bars the area will show: a chart taller than the
                # viewport takes a vertical one, one wider a horizontal one.
                across = width < MIN_CHART_WIDTH
                while True:
                    high = height - (scrollbar if across else 0)
                    pixels = self._lay_out(chart, high, dpi)
                    shown = width - (scrollbar if pixels > high else 0)
                    if across or shown >= MIN_CHART_WIDTH:
                        break
                    across = True
                canvas.figure.set_size_inches(max(shown, MIN_CHART_WIDTH) / dpi, pixels / dpi,
                                              forward=False)
                chart.relayout()
                renderer = canvas.get_renderer()
                renderer.clear()
                canvas.figure.draw(renderer)
                static = renderer.copy_from_bbox(canvas.figure.bbox)
                chart.draw_dynamic(renderer)
                self._prepared = {"chart": chart, "static": static, "key": chart.static_key(),
                                  "height": pixels}
            except Exception:  # noqa: BLE001 - the page draws on the window's thread instead
                self._prepared = None

        self._prepared = None
        self._preparing = threading.Thread(target=draw, name="trends-first-picture", daemon=True)
        self._preparing.start()
        self._ready_timer.start()

    def shows(self, figs) -> bool:
        """Whether the canvas holds the picture of ``figs`` (drawn or prepared)."""
        self.settle()
        return self.chart is not None and self.chart.figs is figs

    @property
    def preparing(self) -> bool:
        """Whether a first picture is being drawn (or drawn and not yet taken)."""
        return self._preparing is not None

    def _check_prepared(self) -> None:
        if self._preparing is not None and not self._preparing.is_alive():
            self.settle()

    def settle(self) -> None:
        """Wait for the first picture's thread, and take its picture (or, if it
        failed, leave the chart to be drawn on the window's thread)."""
        thread = self._preparing
        if thread is None:
            return
        thread.join()
        self._preparing = None
        self._ready_timer.stop()
        prepared, self._prepared = self._prepared, None
        if prepared is None:
            return  # the next draw makes a new chart
        self.chart = prepared["chart"]
        self.cursor.new_chart(self.chart, self.chart.palette.cursor)
        self._statics[prepared["key"]] = prepared["static"]
        self._painted = self._shown()
        self.canvas.setMinimumHeight(prepared["height"])
        self.canvas.setMaximumHeight(prepared["height"])
        self.cursor.painted()
