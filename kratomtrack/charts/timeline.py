"""Charts over time on one shared date axis: intake, doses, use days, pain, side effects.

Each ``draw_*`` function fills one Axes from a ``TrendFigures``; ``TimelineChart``
stacks them in one Figure with margins fixed in inches, so a chart keeps its
look at any width (the window) and on paper (the doctor summary).

Every artist that carries data has a ``gid`` (``"leaf-bars"``, ``"pain"`` …)
so that tests and the page can find what was drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib import dates as mdates
from matplotlib import transforms
from matplotlib.collections import PolyCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator

from kratomtrack.charts.palette import ChartPalette
from kratomtrack.core.records import RATING_LABELS
from kratomtrack.core.trends import TrendFigures

# matplotlib's date numbers count days from 1970-01-01.
_EPOCH = dt.date(1970, 1, 1).toordinal()

PANELS = ("intake", "doses", "use_days", "pain", "side_effects")

# Inches. Margins are fixed so labels never collide, whatever the width.
LEFT = 1.45
RIGHT = 0.25
TOP = 0.45
ABOVE_PANEL = 0.3  # the panel title
LEGEND_ROW = 0.22  # each row of a panel's legend, under the title
BELOW_PANEL = 0.32  # date labels
BOTTOM_EXTRA = 0.2  # the "date" axis label under the last panel
PANEL_HEIGHTS = {"intake": 2.3, "doses": 1.0, "use_days": 1.0, "pain": 2.0}
ROW_HEIGHT = 0.22  # one side effect's row in the heat map
DIGITS_UP_TO_COLUMNS = 35  # heat-map cells wide enough for their rating's digit
NAME_CHARS = 18
# A week's bar runs from Monday to Sunday (each day is centred on its date
# number, so the week spans monday - 0.5 to monday + 6.5), less a small gap.
WEEK_INSET = 0.25
WEEK_BAR = 6.5

FONT = 8.5
TITLE_FONT = 10


def day_x(day: dt.date) -> float:
    """A day's position on the date axis (matplotlib date number)."""
    return float(day.toordinal() - _EPOCH)


def x_day(x: float) -> dt.date:
    """The day at date-axis position ``x`` (days are centred on whole numbers)."""
    return dt.date.fromordinal(int(round(x)) + _EPOCH)


def _xs(days: Sequence[dt.date]) -> np.ndarray:
    if not days:
        return np.zeros(0)
    return np.arange(len(days), dtype=float) + day_x(days[0])


def _values(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _bars(ax, lefts, widths, heights, *, color, gid, edgecolor="none", zorder=2, label=None):
    """Bars as one PolyCollection: one artist however many days (fast to draw)."""
    lefts = np.asarray(lefts, dtype=float)
    heights = np.asarray(heights, dtype=float)
    widths = np.broadcast_to(np.asarray(widths, dtype=float), lefts.shape)
    keep = np.isfinite(heights) & (heights > 0)
    l, w, h = lefts[keep], widths[keep], heights[keep]
    verts = np.empty((len(l), 4, 2))
    verts[:, :, 0] = np.stack([l, l, l + w, l + w], axis=1)
    verts[:, :, 1] = np.stack([np.zeros_like(h), h, h, np.zeros_like(h)], axis=1)
    bars = PolyCollection(verts, facecolors=color, edgecolors=edgecolor, linewidths=0.6,
                          zorder=zorder, label=label)
    bars.set_gid(gid)
    ax.add_collection(bars, autolim=False)
    return bars


def bar_heights(collection: PolyCollection) -> list[tuple[float, float]]:
    """(left edge, height) of each bar drawn by ``_bars`` (for tests and hover)."""
    return [(float(p.vertices[0, 0]), float(p.vertices[1, 1])) for p in collection.get_paths()]


def _style_axes(ax, palette: ChartPalette) -> None:
    ax.set_facecolor(palette.axes_background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(palette.muted_text)
    ax.tick_params(colors=palette.muted_text, labelcolor=palette.text, labelsize=FONT,
                   length=3)
    ax.grid(axis="y", color=palette.grid, linewidth=0.6)
    ax.set_axisbelow(True)


def _title(ax, text: str, palette: ChartPalette, legend_rows: int = 1) -> None:
    # The legend sits between the title and the panel, left-aligned.
    ax.set_title(text, loc="left", fontsize=TITLE_FONT, fontweight="bold",
                 color=palette.text, pad=4 + LEGEND_ROW * 72 * legend_rows)


def _ylabel(ax, text: str, palette: ChartPalette) -> None:
    ax.set_ylabel(text, fontsize=FONT, color=palette.text)


def _legend(ax, handles, palette: ChartPalette, ncols: int | None = None) -> int:
    """Draw the legend under the panel title; returns how many rows it takes."""
    if not handles:
        return 0
    ncols = ncols or len(handles)
    legend = ax.legend(
        handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=ncols,
        frameon=False, fontsize=FONT - 0.5, handlelength=1.6, columnspacing=1.2,
        borderaxespad=0.15, labelcolor=palette.text, handletextpad=0.5,
    )
    legend.set_gid("legend")
    return -(-len(handles) // ncols)


def _empty_note(ax, text: str, palette: ChartPalette) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
            fontsize=FONT + 0.5, color=palette.muted_text)


# --- panels -------------------------------------------------------------------------


def draw_intake(ax, figs: TrendFigures, palette: ChartPalette) -> int:
    """Leaf grams per day as bars (per-day average of each week on long
    ranges), the 7-day average as a line, and extract / 7-OH days as
    markers of their own shape above the bars (their grams are not in them)."""
    _style_axes(ax, palette)
    x = _xs(figs.days)
    if figs.weekly:
        weeks = [w for w in figs.weeks if w.days_counted]
        heights = [w.leaf_per_day for w in weeks]
        _bars(ax, [day_x(w.start) - WEEK_INSET for w in weeks], WEEK_BAR, heights, color=palette.leaf_bar, gid="leaf-bars")
        extract_x = [day_x(w.start) + 3 for w in weeks if w.extract_days]
        seven_oh_x = [day_x(w.start) + 3 for w in weeks if w.seven_oh_days]
        bar_label = "average g per day, each week"
        title = "Leaf kratom per day (powder, capsules, tea), by week"
    else:
        heights = figs.leaf_grams
        _bars(ax, x - 0.4, 0.8, heights, color=palette.leaf_bar, gid="leaf-bars")
        extract_x = [xi for xi, g in zip(x, figs.extract_grams) if g > 0]
        seven_oh_x = [xi for xi, g in zip(x, figs.seven_oh_grams) if g > 0]
        bar_label = "leaf grams that day"
        title = "Leaf kratom per day (powder, capsules, tea)"
    average = _values(figs.leaf_average)
    ax.plot(x, average, color=palette.leaf_average, linewidth=1.8, gid="leaf-average",
            solid_capstyle="round", zorder=3)
    top = max([h for h in heights if h is not None] + [v for v in figs.leaf_average if v is not None] + [1.0])
    # Headroom above the bars for the extract / 7-OH markers.
    ax.set_ylim(0, top * 1.32)
    above = transforms.blended_transform_factory(ax.transData, ax.transAxes)
    handles = [Patch(color=palette.leaf_bar, label=bar_label),
               Line2D([], [], color=palette.leaf_average, linewidth=1.8, label="7-day average")]
    if extract_x:
        ax.plot(extract_x, [0.92] * len(extract_x), linestyle="none", marker="^", markersize=6,
                color=palette.extract_marker, transform=above, gid="extract-days", clip_on=False)
        handles.append(Line2D([], [], linestyle="none", marker="^", markersize=6,
                              color=palette.extract_marker, label="extract taken (grams not in bars)"))
    if seven_oh_x:
        ax.plot(seven_oh_x, [0.82] * len(seven_oh_x), linestyle="none", marker="D", markersize=5,
                markerfacecolor="none", markeredgewidth=1.4, color=palette.seven_oh_marker,
                transform=above, gid="seven-oh-days", clip_on=False)
        handles.append(Line2D([], [], linestyle="none", marker="D", markersize=5,
                              markerfacecolor="none", markeredgewidth=1.4,
                              color=palette.seven_oh_marker,
                              label="7-OH product taken (grams not in bars)"))
    rows = _legend(ax, handles, palette, ncols=2)
    _title(ax, title, palette, rows)
    _ylabel(ax, "grams per day (g)", palette)
    if figs.is_empty:
        _empty_note(ax, "Nothing recorded in these dates.", palette)
    return rows


def draw_doses(ax, figs: TrendFigures, palette: ChartPalette) -> int:
    """Doses per day (per-day average of each week on long ranges)."""
    _style_axes(ax, palette)
    if figs.weekly:
        weeks = [w for w in figs.weeks if w.days_counted]
        _bars(ax, [day_x(w.start) - WEEK_INSET for w in weeks], WEEK_BAR,
              [w.doses_per_day for w in weeks],
              color=palette.doses_bar, gid="dose-bars")
        top = max([w.doses_per_day for w in weeks] + [1])
        _title(ax, "Doses per day: average of each week", palette, 0)
    else:
        _bars(ax, _xs(figs.days) - 0.3, 0.6, figs.doses, color=palette.doses_bar, gid="dose-bars")
        top = max(figs.doses + [1])
        _title(ax, "Doses per day", palette, 0)
    ax.set_ylim(0, top * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    _ylabel(ax, "doses", palette)
    return 0


def draw_use_days(ax, figs: TrendFigures, palette: ChartPalette) -> int:
    """Days with any dose in each ISO week, over the week's days in the chart."""
    _style_axes(ax, palette)
    weeks = [w for w in figs.weeks if w.days_counted]
    lefts = [day_x(w.start) - WEEK_INSET for w in weeks]
    _bars(ax, lefts, WEEK_BAR, [w.days_counted for w in weeks], color=palette.counted_days_bar,
          gid="counted-days", zorder=1.5)
    _bars(ax, lefts, WEEK_BAR, [w.use_days for w in weeks], color=palette.use_days_bar, gid="use-days")
    ax.set_ylim(0, 7.4)
    ax.yaxis.set_major_locator(FixedLocator([0, 7]))
    rows = _legend(ax, [Patch(color=palette.use_days_bar, label="days used"),
                        Patch(color=palette.counted_days_bar, label="days of the week in this chart")],
                   palette)
    _title(ax, "Days with any kratom, each week (Monday to Sunday)", palette, rows)
    _ylabel(ax, "days (of 7)", palette)
    return rows


def draw_pain(ax, figs: TrendFigures, palette: ChartPalette,
              peg: Sequence[tuple[dt.date, float]] | None = None) -> int:
    """Daily pain 0-10 (unrated days are gaps), its 7-day average and weekly PEG scores."""
    _style_axes(ax, palette)
    x = _xs(figs.days)
    pain = _values(figs.pain)
    if figs.weekly:
        ax.plot(x, pain, linestyle="none", marker="o", markersize=2.2, alpha=0.55,
                color=palette.pain_point, gid="pain")
    else:
        # NaN for an unrated day breaks the line: a gap, never a zero.
        ax.plot(x, pain, linewidth=0.8, marker="o", markersize=3.2, alpha=0.8,
                color=palette.pain_point, gid="pain")
    ax.plot(x, _values(figs.pain_average), color=palette.pain_average, linewidth=1.8,
            gid="pain-average", zorder=3)
    handles = [Line2D([], [], marker="o", markersize=3.2, linewidth=0.8, color=palette.pain_point,
                      label="pain that day"),
               Line2D([], [], color=palette.pain_average, linewidth=1.8, label="7-day average")]
    peg = [(d, s) for d, s in (peg or ()) if figs.start <= d <= figs.end]
    if peg:
        ax.plot([day_x(d) for d, _ in peg], [s for _, s in peg], color=palette.peg,
                linestyle="--", linewidth=1.0, marker="s", markersize=4.5,
                markerfacecolor=palette.axes_background, markeredgewidth=1.3,
                gid="peg", zorder=4)
        handles.append(Line2D([], [], color=palette.peg, linestyle="--", linewidth=1.0, marker="s",
                              markersize=4.5, markerfacecolor=palette.axes_background,
                              markeredgewidth=1.3, label="weekly PEG score"))
    ax.set_ylim(-0.4, 10.4)
    ax.yaxis.set_major_locator(FixedLocator([0, 2, 4, 6, 8, 10]))
    rows = _legend(ax, handles, palette)
    _title(ax, "Pain (0 no pain, 10 worst pain imaginable)", palette, rows)
    _ylabel(ax, "pain (0-10)", palette)
    if all(p is None for p in figs.pain) and not peg:
        _empty_note(ax, "No pain rated in these dates.", palette)
    return rows


def draw_side_effects(ax, figs: TrendFigures, palette: ChartPalette) -> int:
    """The side-effect heat map: rows of ratings, blank where not rated."""
    _style_axes(ax, palette)
    ax.grid(False)
    heat = figs.heat_map
    span = heat.column_days
    weekly = heat.weekly
    handles = [Patch(facecolor=c, edgecolor=palette.muted_text, linewidth=0.4,
                     label=f"{i} {RATING_LABELS[i]}") for i, c in enumerate(palette.ratings)]
    handles.append(Patch(facecolor=palette.axes_background, edgecolor=palette.muted_text,
                         linewidth=0.4, label="blank: not rated"))
    rows = _legend(ax, handles, palette)
    _title(ax, "Side effects: the strongest rating of each week" if weekly
           else "Side effects as you rated them", palette, rows)
    if not heat.names:
        ax.set_yticks([])
        ax.set_ylim(0.5, -0.5)
        _empty_note(ax, "No side effects rated in these dates.", palette)
        return rows
    values = np.array([[np.nan if v is None else v for v in row] for row in heat.values], dtype=float)
    cmap = ListedColormap(list(palette.ratings))
    cmap.set_bad(alpha=0.0)  # not rated: the background shows through
    x0 = day_x(heat.columns[0]) - 0.5
    x1 = day_x(heat.columns[-1]) + span - 0.5
    image = ax.imshow(
        np.ma.masked_invalid(values), cmap=cmap, norm=BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], 4),
        aspect="auto", interpolation="nearest", extent=(x0, x1, len(heat.names) - 0.5, -0.5),
        origin="upper", zorder=2,
    )
    image.set_gid("side-effects")
    # Thin lines between rows so a blank (not rated) cell reads as a place.
    for y in np.arange(0.5, len(heat.names) - 0.5):
        ax.axhline(y, color=palette.grid, linewidth=0.6, zorder=1)
    if len(heat.columns) <= DIGITS_UP_TO_COLUMNS:
        for r, row in enumerate(heat.values):
            for c, v in enumerate(row):
                if v is not None:
                    ax.text(day_x(heat.columns[c]), r, str(v), ha="center", va="center",
                            fontsize=FONT - 1, color=palette.rating_digits[v], zorder=3)
    ax.set_yticks(range(len(heat.names)), [_short(n) for n in heat.names])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(heat.names) - 0.5, -0.5)
    ax.spines["left"].set_visible(False)
    return rows


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


DRAW = {
    "intake": draw_intake,
    "doses": draw_doses,
    "use_days": draw_use_days,
    "pain": draw_pain,
    "side_effects": draw_side_effects,
}


# --- the whole stack -----------------------------------------------------------------


def panel_height(name: str, figs: TrendFigures) -> float:
    if name == "side_effects":
        return max(0.6, ROW_HEIGHT * len(figs.heat_map.names))
    return PANEL_HEIGHTS[name]


@dataclass
class TimelineChart:
    """The panels stacked in one Figure on one shared date axis."""

    figure: Figure
    figs: TrendFigures
    palette: ChartPalette
    panels: tuple[str, ...]
    axes: dict[str, object] = field(default_factory=dict)
    legend_rows: dict[str, int] = field(default_factory=dict)

    def _above(self, name: str) -> float:
        return ABOVE_PANEL + LEGEND_ROW * self.legend_rows.get(name, 1)

    @property
    def height(self) -> float:
        """The figure height in inches these panels need."""
        return TOP + BOTTOM_EXTRA + sum(
            self._above(p) + panel_height(p, self.figs) + BELOW_PANEL for p in self.panels
        )

    def relayout(self) -> None:
        """Place the panels for the figure's current size (margins in inches)."""
        width, height = self.figure.get_size_inches()
        inner = max(width - LEFT - RIGHT, 0.5)
        y = height - TOP
        for name in self.panels:
            h = panel_height(name, self.figs)
            y -= self._above(name) + h
            self.axes[name].set_position([LEFT / width, y / height, inner / width, h / height])
            y -= BELOW_PANEL

    def day_at(self, x: float | None) -> dt.date | None:
        """The day under date-axis position ``x``, if it is in the range."""
        if x is None or not np.isfinite(x):
            return None
        day = x_day(x)
        return day if self.figs.start <= day <= self.figs.end else None


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
    """Draw the chosen panels of ``figs`` into ``figure`` (cleared) or a new Figure.

    The figure is resized to ``width`` inches and the height the panels need.
    ``peg`` is the weekly PEG series [(date, score 0-10)], drawn on the pain
    panel when given.
    """
    chart = TimelineChart(figure or Figure(), figs, palette, tuple(panels))
    fig = chart.figure
    fig.clear()
    fig.set_facecolor(palette.background)
    shared = None
    for name in chart.panels:
        ax = fig.add_axes([0, 0, 1, 1], sharex=shared, label=name)
        shared = shared or ax
        chart.axes[name] = ax
        if name == "pain":
            chart.legend_rows[name] = draw_pain(ax, figs, palette, peg)
        else:
            chart.legend_rows[name] = DRAW[name](ax, figs, palette)
    fig.set_size_inches(width, chart.height, forward=False)
    if shared is not None:
        shared.set_xlim(day_x(figs.start) - 0.5, day_x(figs.end) + 0.5)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
        shared.xaxis.set_major_locator(locator)
        shared.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
        chart.axes[chart.panels[-1]].set_xlabel("date", fontsize=FONT, color=palette.text)
    fig.text(LEFT / width, 1 - 0.18 / chart.height,
             title or range_title(figs), fontsize=TITLE_FONT + 1.5, fontweight="bold",
             color=palette.text, va="top", ha="left")
    chart.relayout()
    return chart


def range_title(figs: TrendFigures) -> str:
    days = len(figs.days)
    return f"Your records, {_long_date(figs.start)} to {_long_date(figs.end)} ({days} days)"


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def build_trends_figure(
    figs: TrendFigures,
    palette: ChartPalette,
    *,
    peg: Sequence[tuple[dt.date, float]] | None = None,
    panels: Sequence[str] = PANELS,
    width: float = 9.0,
) -> Figure:
    """A new Figure with the chosen panels (the doctor summary's entry point)."""
    return timeline_chart(figs, palette, peg=peg, panels=panels, width=width).figure
