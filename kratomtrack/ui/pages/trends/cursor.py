"""The chosen day on the "Over time" charts: a line over every panel, moved by
the mouse (hover, click, double-click) and the keyboard (Left, Right, Enter).

The line is drawn by blitting over a picture of the chart taken after each
full paint, so moving it never redraws the charts. A day chosen by key is
also announced to a screen reader (the label under the charts has no focus,
so its new words would go unheard).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt

from kratomtrack.ui.pages.trends.words import day_words
from kratomtrack.ui.widgets.announce import ASSERTIVE, announce


class DayCursor:
    """Follows the pointer and the keys on ``canvas`` (a FigureCanvasQTAgg).

    ``chart()`` is the TimelineChart on screen (or None), ``day_x`` turns a
    day into the charts' x value. ``on_day(day)`` is called when the chosen
    day changes (to show its numbers), ``on_open(day)`` on a double-click or
    Enter. ``announced`` holds the words last announced for a day chosen by key.
    """

    def __init__(self, canvas, *, chart: Callable[[], object | None],
                 day_x: Callable[[dt.date], float],
                 on_day: Callable[[dt.date], None], on_open: Callable[[dt.date], None]):
        self.canvas = canvas
        self._chart = chart
        self._day_x = day_x
        self._on_day = on_day
        self._on_open = on_open
        self._lines: list = []
        self._background = None  # picture of the whole chart, under the day line
        self.day: dt.date | None = None
        self.announced = ""
        canvas.setFocusPolicy(Qt.StrongFocus)
        canvas.mpl_connect("key_press_event", self._on_key)
        canvas.mpl_connect("motion_notify_event", self._on_motion)
        canvas.mpl_connect("button_press_event", self._on_press)
        canvas.mpl_connect("figure_leave_event", self._on_leave)

    def new_chart(self, chart, colour: str) -> None:
        """Make the day lines for a chart's panels (after its axes were made)."""
        self._lines = [
            ax.axvline(0, color=colour, linewidth=0.8, alpha=0.6, animated=True, visible=False)
            for ax in chart.axes.values()
        ]

    def painted(self) -> None:
        """The chart was just painted: keep its picture and draw the line on it."""
        self._background = self.canvas.copy_from_bbox(self.canvas.figure.bbox)
        if self.day is not None:
            self._draw(self.day)

    def _choose(self, day: dt.date) -> None:
        self.day = day
        self._on_day(day)
        self._show(day)

    def _day_at(self, event) -> dt.date | None:
        chart = self._chart()
        if chart is None or event.inaxes not in chart.axes.values():
            return None
        return chart.day_at(event.xdata)

    def _on_motion(self, event) -> None:
        day = self._day_at(event)
        if day is not None and day != self.day:
            self._choose(day)

    def _on_press(self, event) -> None:
        day = self._day_at(event)
        if day is None:
            return
        if event.dblclick:
            self._on_open(day)
        else:
            self._choose(day)

    def _on_key(self, event) -> None:
        """Left/Right move the chosen day, Enter opens it: the charts without a mouse."""
        chart = self._chart()
        figs = chart.figs if chart is not None else None
        if figs is None:
            return
        day = self.day
        if event.key in ("left", "right"):
            step = dt.timedelta(days=-1 if event.key == "left" else 1)
            day = min(max((day + step) if day is not None else figs.end, figs.start), figs.end)
            self._choose(day)
            self.announced = day_words(figs, day)  # the words the label under the charts now shows
            # Assertive: a key held down says the day reached, not every day passed on the way.
            announce(self.canvas, self.announced, ASSERTIVE)
        elif event.key == "enter" and day is not None:
            self._on_open(day)

    def _on_leave(self, _event) -> None:
        self.day = None
        self._show(None)

    def _show(self, day: dt.date | None) -> None:
        """Move the day line over every panel by blitting (no full redraw)."""
        if self._background is None:
            return
        self.canvas.restore_region(self._background)
        if day is not None:
            self._draw(day)
        self.canvas.blit(self.canvas.figure.bbox)

    def _draw(self, day: dt.date) -> None:
        x = self._day_x(day)
        for line in self._lines:
            line.set_xdata([x, x])
            line.set_visible(True)
            line.axes.draw_artist(line)
