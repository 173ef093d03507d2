"""What went together: pain and each side effect against the same day's leaf grams.

One small scatter plot per measure. Ratings are whole numbers, so dots are
nudged up or down a little (the same nudge for a day every time) to keep
days with the same rating from hiding each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator

from kratomtrack.charts.axis import FONT, TITLE_FONT
from kratomtrack.charts.palette import ChartPalette
from kratomtrack.core.records import RATING_LABELS
from kratomtrack.core.trends import ScatterPoint, TrendFigures

CAPTION = (
    "Each dot is one day from your own records: the leaf kratom you took that day and how you "
    "rated it. It shows what went together in your records, not what caused what."
)
COLUMNS = 3
CELL_HEIGHT = 2.0  # inches per row of plots
LEFT, RIGHT, TOP, BOTTOM = 0.95, 0.25, 1.55, 0.55
H_GAP, V_GAP = 0.95, 0.75


def _style_axes(ax, palette: ChartPalette) -> None:
    ax.set_facecolor(palette.axes_background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(palette.muted_text)
    ax.tick_params(colors=palette.muted_text, labelcolor=palette.text, labelsize=FONT, length=3)
    ax.grid(color=palette.grid, linewidth=0.6)
    ax.set_axisbelow(True)


def _nudge(point: ScatterPoint, spread: float) -> float:
    """A fixed offset in -spread/2..spread/2 from the day (stable between redraws)."""
    return ((point.day.toordinal() * 2654435761) % 1000 / 1000 - 0.5) * spread


def draw_scatter(ax, points: Sequence[ScatterPoint], palette: ChartPalette, *,
                 title: str, rating_scale: bool, max_grams: float) -> None:
    """One measure against leaf grams; extract/7-OH days as triangles."""
    _style_axes(ax, palette)
    spread = 0.35 if rating_scale else 0.5
    plain = [p for p in points if not p.concentrate]
    strong = [p for p in points if p.concentrate]
    alpha = 0.75 if len(points) < 150 else 0.4
    ax.plot([p.leaf_grams for p in plain], [p.value + _nudge(p, spread) for p in plain],
            linestyle="none", marker="o", markersize=3.5, alpha=alpha, markeredgewidth=0,
            color=palette.scatter_point, gid="scatter")
    if strong:
        ax.plot([p.leaf_grams for p in strong], [p.value + _nudge(p, spread) for p in strong],
                linestyle="none", marker="^", markersize=5, markerfacecolor="none",
                markeredgewidth=1.0, color=palette.extract_marker, gid="scatter-concentrate")
    ax.set_xlim(-0.3, max_grams * 1.05 + 0.3)
    if rating_scale:
        ax.set_ylim(-0.45, 3.45)
        ax.yaxis.set_major_locator(FixedLocator([0, 1, 2, 3]))
        ax.set_yticklabels(RATING_LABELS)
        ax.set_ylabel("rating", fontsize=FONT, color=palette.text)
    else:
        ax.set_ylim(-0.6, 10.6)
        ax.yaxis.set_major_locator(FixedLocator([0, 2, 4, 6, 8, 10]))
        ax.set_ylabel("pain (0-10)", fontsize=FONT, color=palette.text)
    ax.set_xlabel("leaf kratom that day (g)", fontsize=FONT, color=palette.text)
    days = "1 day" if len(points) == 1 else f"{len(points)} days"
    ax.set_title(f"{title} ({days})", loc="left", fontsize=TITLE_FONT - 0.5,
                 fontweight="bold", color=palette.text)
    if not points:
        ax.text(0.5, 0.5, "not rated in these dates", transform=ax.transAxes, ha="center",
                va="center", fontsize=FONT, color=palette.muted_text)


def together_figure(
    figs: TrendFigures,
    palette: ChartPalette,
    *,
    width: float = 9.0,
    columns: int = COLUMNS,
    figure: Figure | None = None,
) -> Figure:
    """Pain, then each rated side effect, against the same day's leaf grams.

    Draws into ``figure`` (cleared) or a new Figure sized ``width`` inches
    wide and as tall as the plots need.
    """
    measures: list[tuple[str, Sequence[ScatterPoint], bool]] = [
        ("Pain", figs.pain_vs_leaf, False)
    ]
    measures += [(name[:1].upper() + name[1:], figs.side_effect_vs_leaf[name], True)
                 for name in figs.heat_map.names]
    rows = math.ceil(len(measures) / columns)
    height = TOP + BOTTOM + rows * CELL_HEIGHT + (rows - 1) * V_GAP
    fig = figure or Figure()
    fig.clear()
    fig.set_size_inches(width, height, forward=False)
    fig.set_facecolor(palette.background)
    grams = [p.leaf_grams for _, pts, _ in measures for p in pts]
    max_grams = max(grams + [1.0])
    cell_w = (width - LEFT - RIGHT - (columns - 1) * H_GAP) / columns
    for i, (title, points, rating_scale) in enumerate(measures):
        row, col = divmod(i, columns)
        left = LEFT + col * (cell_w + H_GAP)
        top = height - TOP - row * (CELL_HEIGHT + V_GAP)
        ax = fig.add_axes([left / width, (top - CELL_HEIGHT) / height, cell_w / width,
                           CELL_HEIGHT / height], label=title)
        draw_scatter(ax, points, palette, title=title, rating_scale=rating_scale,
                     max_grams=max_grams)
        if rating_scale and col:
            ax.set_ylabel("")
    fig.text(LEFT / width, 1 - 0.15 / height, "What went together, day by day",
             fontsize=TITLE_FONT + 1.5, fontweight="bold", color=palette.text, va="top")
    fig.text(LEFT / width, 1 - 0.45 / height, CAPTION, fontsize=FONT, color=palette.text,
             va="top", wrap=True)
    handles = [Line2D([], [], linestyle="none", marker="o", markersize=4, color=palette.scatter_point,
                      label="a day"),
               Line2D([], [], linestyle="none", marker="^", markersize=5, markerfacecolor="none",
                      color=palette.extract_marker,
                      label="a day with extract or 7-OH product (its grams are not counted)")]
    legend = fig.legend(handles=handles, loc="upper left", ncols=2, frameon=False,
                        bbox_to_anchor=(LEFT / width - 0.01, 1 - 0.9 / height),
                        fontsize=FONT - 0.5, labelcolor=palette.text)
    legend.set_gid("legend")
    return fig
