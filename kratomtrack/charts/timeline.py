"""Charts over time on one shared date axis: intake, doses, use days, pain, side effects.

Each panel is drawn by a ``draw_*`` function of charts.panels; ``TimelineChart``
stacks the panels in one Figure with margins fixed in inches, so a chart keeps its look
at any width (the window) and on paper (the doctor summary). It keeps its
axes between updates and replaces only the data, which is what makes a
range change quick in the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from matplotlib import dates as mdates
from matplotlib import transforms
from matplotlib.figure import Figure

from kratomtrack.charts.axis import FONT, TITLE_FONT, DateLabels, day_x, x_day
from kratomtrack.charts.palette import ChartPalette
from kratomtrack.charts.panels import DRAW, PanelText, draw_pain, panel_height
from kratomtrack.core.dates import date_text
from kratomtrack.core.trends import TrendFigures

PANELS = ("intake", "doses", "use_days", "pain", "side_effects")
# Small panels right under the intake chart share its dates; they skip the
# date labels (fewer labels also draw faster).
NO_DATE_LABELS = frozenset({"doses", "use_days"})

# Inches. Margins are fixed so labels never collide, whatever the width.
LEFT = 1.45
RIGHT = 0.25
TOP = 0.45
ABOVE_PANEL = 0.3  # the panel title
LEGEND_ROW = 0.22  # each row of a panel's legend, between title and panel
BELOW_PANEL = 0.32  # date labels
BELOW_UNLABELLED = 0.12
BOTTOM_EXTRA = 0.2  # the "date" axis label under the last panel
# A figure shorter than the panels need shrinks the panels (never their
# titles and labels), down to this share of their height.
MIN_PANEL_SCALE = 0.45


# --- the whole stack -----------------------------------------------------------------


class TimelineChart:
    """The panels stacked in one Figure on one shared date axis.

    Create it once, then ``update()`` with new figures as often as needed:
    the axes, their styling and unchanged legends are kept, only the data
    artists are replaced.
    """

    def __init__(self, palette: ChartPalette, *, panels: Sequence[str] = PANELS,
                 figure: Figure | None = None, width: float = 9.0):
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
            shared.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
            shared.xaxis.set_major_formatter(DateLabels())
            self.axes[self.panels[-1]].set_xlabel("date", fontsize=FONT, color=palette.text)
        self._heading = fig.text(0, 1, "", fontsize=TITLE_FONT + 1.5, fontweight="bold",
                                 color=palette.text, va="top", ha="left")

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
        self.figure.set_size_inches(self.figure.get_figwidth(), self.height, forward=False)
        self.relayout()
        return self

    def _apply_text(self, name: str, ax, text: PanelText) -> None:
        self._text[name] = text
        palette = self.palette
        title = self._titles[name]
        title.set_text(text.title)
        # The title sits above the legend rows, in points from the panel top.
        offset = 4 + LEGEND_ROW * 72 * text.legend_rows
        title.set_transform(transforms.offset_copy(ax.transAxes, fig=self.figure, y=offset,
                                                   units="points"))
        if ax.get_ylabel() != text.ylabel:
            ax.set_ylabel(text.ylabel, fontsize=FONT, color=palette.text)
        key = tuple(h.get_label() for h in text.legend)
        if key != self._legend_keys.get(name):
            self._legend_keys[name] = key
            if text.legend:
                legend = ax.legend(
                    handles=text.legend, loc="lower left", bbox_to_anchor=(0.0, 1.0),
                    ncols=text.legend_columns or len(text.legend), frameon=False,
                    fontsize=FONT - 0.5, handlelength=1.6, columnspacing=1.2,
                    borderaxespad=0.15, labelcolor=palette.text, handletextpad=0.5,
                )
                legend.set_gid("legend")
            elif ax.get_legend() is not None:
                ax.get_legend().remove()
        note = self._notes[name]
        note.set_text(text.note)
        note.set_visible(bool(text.note))

    def _above(self, name: str) -> float:
        text = self._text.get(name)
        return ABOVE_PANEL + LEGEND_ROW * (text.legend_rows if text else 1)

    def _below(self, name: str) -> float:
        return BELOW_UNLABELLED if name in NO_DATE_LABELS else BELOW_PANEL

    @property
    def height(self) -> float:
        """The figure height in inches these panels need."""
        return self._labels_height() + self._panels_height()

    @property
    def min_height(self) -> float:
        """The least height in inches the panels stay readable at (MIN_PANEL_SCALE)."""
        return self._labels_height() + MIN_PANEL_SCALE * self._panels_height()

    def _labels_height(self) -> float:
        return TOP + BOTTOM_EXTRA + sum(self._above(p) + self._below(p) for p in self.panels)

    def _panels_height(self) -> float:
        return sum(panel_height(p, self.figs) for p in self.panels)

    def relayout(self) -> None:
        """Place the panels for the figure's current size (margins in inches); in a
        figure shorter than ``height`` the panels shrink to fit (not below MIN_PANEL_SCALE)."""
        width, height = self.figure.get_size_inches()
        inner = max(width - LEFT - RIGHT, 0.5)
        panels = self._panels_height()
        scale = min(1.0, max(MIN_PANEL_SCALE, (height - self._labels_height()) / panels)) if panels else 1.0
        y = height - TOP
        for name in self.panels:
            h = panel_height(name, self.figs) * scale
            y -= self._above(name) + h
            self.axes[name].set_position([LEFT / width, y / height, inner / width, h / height])
            y -= self._below(name)
        self._heading.set_position((LEFT / width, 1 - 0.15 / height))

    # --- layers for quick redraws on screen ---------------------------------------------
    #
    # A range change alters the data, the date axes and the gram scales, but
    # not the titles, legends, pain and side-effect axes. The window draws the
    # unchanging parts once ("static" layer), keeps that picture, and on a
    # range change paints only the changing artists over it. matplotlib leaves
    # "animated" artists out of a normal draw (but not out of savefig).

    DYNAMIC_Y = frozenset({"intake", "doses"})

    def dynamic_artists(self) -> list:
        """The artists a range change can alter, in drawing order."""
        artists = []
        for name in self.panels:
            ax = self.axes[name]
            items = [ax.xaxis, self._titles[name], self._notes[name],
                     *self._data[name]]
            if name in self.DYNAMIC_Y:
                items.append(ax.yaxis)
            artists += sorted(items, key=lambda a: a.get_zorder())
        artists.append(self._heading)
        return artists

    def set_layered(self, layered: bool = True) -> None:
        """Leave the dynamic artists out of normal draws (to paint them with ``draw_dynamic``)."""
        for artist in self.dynamic_artists():
            artist.set_animated(layered)

    def draw_dynamic(self, renderer) -> None:
        for artist in self.dynamic_artists():
            artist.draw(renderer)

    def static_key(self) -> tuple:
        """Changes whenever the static layer would look different."""
        panels = []
        for name in self.panels:
            text = self._text.get(name)
            ax = self.axes[name]
            panels.append((
                name, text and text.ylabel, text and text.legend_rows, self._legend_keys.get(name),
                None if name in self.DYNAMIC_Y else (ax.get_ylim(), tuple(ax.get_yticks())),
                tuple(t.get_text() for t in ax.get_yticklabels()) if name == "side_effects" else (),
            ))
        return (tuple(self.figure.get_size_inches()), self.figure.dpi, self.palette, tuple(panels))

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
) -> TimelineChart:
    """A new TimelineChart drawn from ``figs``, ``width`` inches wide and as tall as needed."""
    chart = TimelineChart(palette, panels=panels, figure=figure, width=width)
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
) -> Figure:
    """A new Figure with the chosen panels (what the doctor summary draws into its PDF).

    ``panels`` picks and orders any of ``PANELS``; ``peg`` is the weekly
    PEG series [(date, score 0-10)] for the pain panel.
    """
    return timeline_chart(figs, palette, peg=peg, panels=panels, width=width, title=title).figure
