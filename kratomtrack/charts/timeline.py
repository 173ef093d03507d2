"""Charts over time on one shared date axis: intake, doses, use days, pain, side effects.

Each panel is drawn by a ``draw_*`` function of charts.panels; ``TimelineChart``
stacks the panels in one Figure with margins in inches, so a chart keeps its look
at any width (the window) and on paper (the doctor summary). ``fit_to`` fits it
to a window's height: the panels shrink first, and a window too low for intake
and pain together gets tighter margins (``COMPACT``). It keeps its axes and
legends between updates and replaces only the data, and tells which artists
a range change alters (the window repaints only those).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from matplotlib import transforms
from matplotlib.figure import Figure

from kratomtrack.charts.axis import FONT, TITLE_FONT, DateLabels, DateTicks, day_x, x_day
from kratomtrack.charts.palette import ChartPalette
from kratomtrack.charts.panels import DRAW, PanelText, draw_pain, fit_y_ticks, panel_height
from kratomtrack.core.dates import date_text
from kratomtrack.core.trends import TrendFigures

PANELS = ("intake", "doses", "use_days", "pain", "side_effects")
# Small panels right under the intake chart share its dates; they skip the
# date labels (fewer labels also draw faster).
NO_DATE_LABELS = frozenset({"doses", "use_days"})

# Inches, so that they follow the text (in points) at any width and scaling:
# labels never collide, on screen or on paper.
LEFT = 1.45
RIGHT = 0.25
LEGEND_FONT = FONT - 0.5


@dataclass(frozen=True)
class Margins:
    """The room around the panels, in inches."""

    top: float  # the heading
    above_panel: float  # a panel's title
    legend_row: float  # each row of a panel's legend, between title and panel
    below_panel: float  # date labels
    below_unlabelled: float
    bottom_extra: float  # the "date" axis label under the last panel
    # A figure shorter than the panels need shrinks the panels (never their
    # titles and labels), down to this share of their height.
    min_panel_scale: float
    heading: bool  # the range in words above the panels
    shared_dates: bool  # a panel leaves its date labels to the panel right under it


ROOMY = Margins(top=0.45, above_panel=0.3, legend_row=0.22, below_panel=0.32,
                below_unlabelled=0.12, bottom_extra=0.2, min_panel_scale=0.45,
                heading=True, shared_dates=False)
# A figure under another's heading (the summary's second chart): no heading of its own.
UNTITLED = replace(ROOMY, top=0.1, heading=False)
# A window too low for intake and pain together (a 768-px laptop screen at
# 150%): no heading (the range is shown above the charts), tighter title and
# legend rows, intake's dates left to the pain chart under it, and the two
# panels shrunk further (their y labels thin out to stay legible).
COMPACT = Margins(top=0.08, above_panel=0.24, legend_row=0.18, below_panel=0.28,
                  below_unlabelled=0.08, bottom_extra=0.2, min_panel_scale=0.25,
                  heading=False, shared_dates=True)
# Side-effect names are one text line a row (8.5 pt, about 0.12 in): their rows
# shrink no further than this (0.6 of 0.22 in), so that names never overlap.
MIN_ROW_SCALE = 0.6
# The doses panel keeps room for a label at each whole dose up to about 6 (so "3 a day" reads).
MIN_DOSES_SCALE = 0.8
# On screen, intake and pain (the first two panels there) are meant to be seen together.
SEEN_TOGETHER = 2


# --- the whole stack -----------------------------------------------------------------


class TimelineChart:
    """The panels stacked in one Figure on one shared date axis.

    Create it once, then ``update()`` with new figures as often as needed:
    the axes, their styling and unchanged legends are kept, only the data
    artists are replaced.
    """

    def __init__(self, palette: ChartPalette, *, panels: Sequence[str] = PANELS,
                 figure: Figure | None = None, width: float = 9.0, heading: bool = True):
        self.figure = figure or Figure(figsize=(width, 10))
        self.palette = palette
        self.panels = tuple(panels)
        self.figs: TrendFigures | None = None
        self.axes: dict[str, object] = {}
        self._text: dict[str, PanelText] = {}
        self._data: dict[str, list] = {name: [] for name in self.panels}
        self._titles: dict[str, object] = {}
        self._notes: dict[str, object] = {}
        self._legend_keys: dict[str, tuple] = {}
        self._legends: dict[tuple[str, tuple], object] = {}
        self.roomy = ROOMY if heading else UNTITLED  # the margins when the panels fit
        self.margins = self.roomy
        self._scale = 1.0  # the panels' share of their natural height (fit_to)
        fig = self.figure
        fig.clear()
        fig.set_facecolor(palette.background)
        shared = None
        for name in self.panels:
            ax = fig.add_axes((0, 0, 1, 1), sharex=shared, label=name)
            shared = shared or ax
            self.axes[name] = ax
            self._style(name, ax)
        if shared is not None:
            shared.xaxis.set_major_locator(DateTicks())
            shared.xaxis.set_major_formatter(DateLabels())
            self.axes[self.panels[-1]].set_xlabel("date", fontsize=FONT, color=palette.text)
        self._heading = fig.text(0, 1, "", fontsize=TITLE_FONT + 1.5, fontweight="bold",
                                 color=palette.text, va="top", ha="left")
        self._heading.set_visible(self.margins.heading)

    def _style(self, name: str, ax) -> None:
        palette = self.palette
        ax.set_facecolor(palette.axes_background)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(palette.muted_text)
        ax.tick_params(colors=palette.muted_text, labelcolor=palette.text, labelsize=FONT,
                       length=3)
        if name in NO_DATE_LABELS:
            ax.xaxis.set_visible(False)
        if name == "side_effects":
            ax.tick_params(axis="y", length=0)
            ax.spines["left"].set_visible(False)
        else:
            ax.grid(axis="y", color=palette.grid, linewidth=0.6)
        ax.set_axisbelow(True)
        # Axis labels at fixed distances: matplotlib would otherwise measure
        # every tick label on every draw to place them.
        ax.xaxis.set_label_coords(0.5, 0, transforms.offset_copy(
            ax.transAxes, fig=self.figure, y=-24, units="points"))
        ax.yaxis.set_label_coords(0, 0.5, transforms.offset_copy(
            ax.transAxes, fig=self.figure, x=-34, units="points"))
        self._titles[name] = ax.text(0, 1, "", transform=ax.transAxes, ha="left", va="bottom",
                                     fontsize=TITLE_FONT, fontweight="bold", color=palette.text)
        self._notes[name] = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center",
                                    va="center", fontsize=FONT + 0.5, color=palette.muted_text,
                                    visible=False)

    def update(self, figs: TrendFigures, *, peg: Sequence[tuple[dt.date, float]] | None = None,
               title: str | None = None) -> TimelineChart:
        """Draw ``figs`` (and the weekly PEG series [(date, score)], if given)."""
        self.figs = figs
        for name in self.panels:
            ax = self.axes[name]
            for artist in self._data[name]:
                artist.remove()
            before = set(ax.get_children())
            if name == "pain":
                text = draw_pain(ax, figs, self.palette, peg)
            else:
                text = DRAW[name](ax, figs, self.palette)
            self._data[name] = [a for a in ax.get_children() if a not in before]
            self._apply_text(name, ax, text)
        if self.panels:
            self.axes[self.panels[0]].set_xlim(day_x(figs.start) - 0.5, day_x(figs.end) + 0.5)
        self._heading.set_text(title or range_title(figs))
        self.figure.set_size_inches(self.figure.get_figwidth(), self.fit_to(None), forward=False)
        self.relayout()
        return self

    def _apply_text(self, name: str, ax, text: PanelText) -> None:
        text.fit_columns((self.figure.get_figwidth() - LEFT - RIGHT) * 72, LEGEND_FONT)
        self._text[name] = text
        palette = self.palette
        title = self._titles[name]
        title.set_text(text.title)
        self._place_title(name)
        if ax.get_ylabel() != text.ylabel:
            ax.set_ylabel(text.ylabel, fontsize=FONT, color=palette.text)
        key = (tuple(h.get_label() for h in text.legend), text.legend_columns)
        if key != self._legend_keys.get(name):
            self._legend_keys[name] = key
            # Each legend is made once: going back to a range kind puts its legend back.
            legend = self._legends.get((name, key))
            if legend is None and text.legend:
                legend = self._legends[name, key] = ax.legend(
                    handles=text.legend, loc="lower left", bbox_to_anchor=(0.0, 1.0),
                    ncols=text.legend_columns or len(text.legend), frameon=False,
                    fontsize=LEGEND_FONT, handlelength=1.6, columnspacing=1.2,
                    borderaxespad=0.15, labelcolor=palette.text, handletextpad=0.5,
                )
                legend.set_gid("legend")
            ax.legend_ = legend  # the Axes draws the one legend it holds
        note = self._notes[name]
        note.set_text(text.note)
        note.set_visible(bool(text.note))

    def _place_title(self, name: str) -> None:
        # The title sits above the legend rows, in points from the panel top.
        text = self._text[name]
        offset = 4 + self.margins.legend_row * 72 * text.legend_rows
        self._titles[name].set_transform(transforms.offset_copy(
            self.axes[name].transAxes, fig=self.figure, y=offset, units="points"))

    def _above(self, name: str, margins: Margins) -> float:
        text = self._text.get(name)
        return margins.above_panel + margins.legend_row * (text.legend_rows if text else 1)

    def _below(self, name: str, margins: Margins) -> float:
        return margins.below_unlabelled if not self._dated(name, margins) else margins.below_panel

    def _dated(self, name: str, margins: Margins) -> bool:
        """Whether the panel draws its own date labels."""
        if name in NO_DATE_LABELS:
            return False
        if margins.shared_dates:
            following = self.panels[self.panels.index(name) + 1:]
            return not following or following[0] in NO_DATE_LABELS
        return True

    @property
    def height(self) -> float:
        """The figure height in inches these panels need."""
        return self._labels_height(self.roomy) + self._panels_height()

    @property
    def min_height(self) -> float:
        """The least height in inches of the current layout (``fit_to``): panels at their least scale."""
        return self._labels_height(self.margins) + self._panels_height(self.margins.min_panel_scale)

    def _labels_height(self, margins: Margins, panels: Sequence[str] | None = None) -> float:
        panels = self.panels if panels is None else panels
        return margins.top + margins.bottom_extra + sum(
            self._above(p, margins) + self._below(p, margins) for p in panels)

    def _panels_height(self, scale: float = 1.0, panels: Sequence[str] | None = None) -> float:
        return sum(panel_height(p, self.figs) * self._panel_scale(p, scale)
                   for p in (self.panels if panels is None else panels))

    @staticmethod
    def _panel_scale(name: str, scale: float) -> float:
        least = {"side_effects": MIN_ROW_SCALE, "doses": MIN_DOSES_SCALE}.get(name, 0.0)
        return max(scale, least)

    def fit_to(self, available: float | None) -> float:
        """Lay the panels out for a window ``available`` inches high (None: as
        tall as they need, as on paper); returns the figure height to use.

        The panels fill the window, shrinking down to the roomy margins' least scale;
        below that the figure is taller than the window (it scrolls). A window
        too low for the first two panels together gets the COMPACT margins and
        panels shrunk until those two fit (down to COMPACT's least scale).
        """
        natural = self.height
        panels = self._panels_height()
        margins, scale = self.roomy, 1.0
        if available is not None and available < natural and panels:
            scale = (available - self._labels_height(self.roomy)) / panels
            if scale < self.roomy.min_panel_scale:
                scale = self.roomy.min_panel_scale
                first = self.panels[:SEEN_TOGETHER]
                if self._top_height(self.roomy, first, scale) > available:
                    margins = COMPACT
                    room = available - self._top_height(COMPACT, first, 0.0)
                    scale = min(self.roomy.min_panel_scale,
                                max(COMPACT.min_panel_scale, room / self._panels_height(1.0, first)))
        self._set_layout(margins, scale)
        if margins is self.roomy and scale == 1.0:
            return natural
        return max(available, self._labels_height(margins) + self._panels_height(scale))

    def _top_height(self, margins: Margins, first: Sequence[str], scale: float) -> float:
        """From the figure's top to the bottom of the ``first`` panels' labels."""
        return (self._labels_height(margins, first) - margins.bottom_extra
                + self._panels_height(scale, first))

    def _set_layout(self, margins: Margins, scale: float) -> None:
        if margins is not self.margins:
            self.margins = margins
            self._heading.set_visible(margins.heading)
            for name in self.panels:
                self.axes[name].xaxis.set_visible(self._dated(name, margins))
                if name in self._text:
                    self._place_title(name)
        self._scale = scale

    def relayout(self) -> None:
        """Place the panels in the figure's current size, as ``fit_to`` chose
        (margins in inches: only the panels take a new width)."""
        width, height = self.figure.get_size_inches()
        inner = max(width - LEFT - RIGHT, 0.5)
        margins = self.margins
        y = height - margins.top
        for name in self.panels:
            h = panel_height(name, self.figs) * self._panel_scale(name, self._scale)
            y -= self._above(name, margins) + h
            self.axes[name].set_position([LEFT / width, y / height, inner / width, h / height])
            fit_y_ticks(name, self.axes[name], h)
            y -= self._below(name, margins)
        self._heading.set_position((LEFT / width, 1 - 0.15 / height))

    # --- layers for quick redraws on screen ---------------------------------------------
    #
    # A range change alters the data, the date axes and the gram scales, but
    # mostly not the titles, legends, pain and side-effect axes. The window
    # draws the unchanging parts ("static" layer), keeps that picture for each
    # look it has drawn (``static_key``), and on a range change paints only
    # the changing artists over it. matplotlib leaves "animated" artists out
    # of a normal draw (but not out of savefig).

    DYNAMIC_Y = frozenset({"intake", "doses"})

    def dynamic_artists(self, within: tuple[float, float] | None = None) -> list:
        """The artists a range change can alter, in drawing order; with
        ``within`` (low, high: inches up from the figure's bottom), only those
        that reach into that band of the figure."""
        width, height = self.figure.get_size_inches()
        artists = []
        for name in self.panels:
            ax = self.axes[name]
            low, high = (v * height for v in ax.get_position().intervaly)
            below = self._below(name, self.margins)
            bands = [(ax.xaxis, low - below, low), (self._notes[name], low, high)]
            # The axis lines too: the data is drawn under them, as in a whole drawing.
            bands += [(a, low, high) for a in (*self._data[name], *ax.spines.values())]
            if name in self.DYNAMIC_Y:
                bands.append((ax.yaxis, low, high))
            if name == self.panels[0]:
                bands.append((self._heading, high, height))
            artists += sorted((a for a, bottom, top in bands
                               if within is None or (bottom < within[1] and top > within[0])),
                              key=lambda a: a.get_zorder())
        return artists

    def set_layered(self, layered: bool = True) -> None:
        """Leave the dynamic artists out of normal draws (to paint them with ``draw_dynamic``)."""
        for artist in self.dynamic_artists():
            artist.set_animated(layered)

    def draw_dynamic(self, renderer, artists: Sequence | None = None) -> None:
        for artist in self.dynamic_artists() if artists is None else artists:
            artist.draw(renderer)

    def static_key(self) -> tuple:
        """Changes whenever the static layer would look different."""
        panels = []
        for name in self.panels:
            text = self._text.get(name)
            ax = self.axes[name]
            panels.append((
                name, text and text.title, text and text.ylabel, text and text.legend_rows,
                self._legend_keys.get(name), tuple(ax.get_position().bounds),
                None if name in self.DYNAMIC_Y else (ax.get_ylim(), tuple(ax.get_yticks())),
                tuple(t.get_text() for t in ax.get_yticklabels()) if name == "side_effects" else (),
            ))
        return (tuple(self.figure.get_size_inches()), self.figure.dpi, self.palette, self.margins,
                tuple(panels))

    def day_at(self, x: float | None) -> dt.date | None:
        """The day under date-axis position ``x``, if it is in the range."""
        if self.figs is None or x is None or not np.isfinite(x):
            return None
        day = x_day(x)
        return day if self.figs.start <= day <= self.figs.end else None

    def artist(self, gid: str):
        """The data artist with this gid (None if the panel drew none)."""
        for artists in self._data.values():
            for artist in artists:
                if artist.get_gid() == gid:
                    return artist
        return None


def range_title(figs: TrendFigures) -> str:
    return (f"Your records, {date_text(figs.start)} to {date_text(figs.end)} "
            f"({len(figs.days)} days)")


def timeline_chart(
    figs: TrendFigures,
    palette: ChartPalette,
    *,
    peg: Sequence[tuple[dt.date, float]] | None = None,
    panels: Sequence[str] = PANELS,
    width: float = 9.0,
    figure: Figure | None = None,
    title: str | None = None,
    heading: bool = True,
) -> TimelineChart:
    """A new TimelineChart drawn from ``figs``, ``width`` inches wide and as tall as needed
    (``heading`` False: without the range in words above the panels)."""
    chart = TimelineChart(palette, panels=panels, figure=figure, width=width, heading=heading)
    chart.figure.set_size_inches(width, chart.figure.get_figheight(), forward=False)
    return chart.update(figs, peg=peg, title=title)


def build_trends_figure(
    figs: TrendFigures,
    palette: ChartPalette,
    *,
    peg: Sequence[tuple[dt.date, float]] | None = None,
    panels: Sequence[str] = PANELS,
    width: float = 9.0,
    title: str | None = None,
    heading: bool = True,
) -> Figure:
    """A new Figure with the chosen panels (what the doctor summary draws into its PDF).

    ``panels`` picks and orders any of ``PANELS``; ``peg`` is the weekly
    PEG series [(date, score 0-10)] for the pain panel.
    """
    return timeline_chart(figs, palette, peg=peg, panels=panels, width=width, title=title,
                          heading=heading).figure
