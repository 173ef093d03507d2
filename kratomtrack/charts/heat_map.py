"""The side-effect heat map panel: rows of ratings on the shared date axis.

Day columns hold the day's rating (its digit too, where cells are wide
enough). Week and month columns hold how many days of the week or month had
the side effect at each rating, as a stack from the cell's foot: severe
lowest, then moderate, mild and none; the cell's full height is all its days,
so a month with one severe day shows a thin dark foot, not a dark cell (the
strongest rating of each month read as "severe every month" over years).

Not rated is faint (the not-logged grey), so the rated cells stand out.
Withdrawal-type symptoms follow the side effects under their own heading
row (docs/health-content.md, "For the doctor"). Cells are vector
rectangles, one compound path a rating and one for not rated: sharp on paper,
and drawn in a few calls on screen however many cells there are.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.patches import Patch
from matplotlib.path import Path

from kratomtrack.charts.axis import FONT, day_x
from kratomtrack.charts.palette import ChartPalette
from kratomtrack.charts.panel_text import PanelText
from kratomtrack.core.heat_map import HeatMap
from kratomtrack.core.records import RATING_LABELS
from kratomtrack.core.trends import TrendFigures

ROW_HEIGHT = 0.22  # inches: one side effect's row
DIGITS_UP_TO_COLUMNS = 35  # day cells wide enough for their rating's digit
NAME_CHARS = 18
CELL = 0.84  # of a row: a cell's height (the rest parts the rows)
WITHDRAWAL_HEADING = "withdrawal-type:"
NOT_RATED = "not rated"


def row_places(heat: HeatMap) -> tuple[list[int], int | None]:
    """Each heat-map row's place (0 at the top) and the withdrawal heading's
    place (None without withdrawal-type rows): the heading sits between the
    side effects and the withdrawal-type symptoms."""
    first = next((i for i, w in enumerate(heat.withdrawal) if w), None)
    if first is None:
        return list(range(len(heat.names))), None
    return [i if i < first else i + 1 for i in range(len(heat.names))], first


def slots(heat: HeatMap) -> int:
    """The rows the panel needs: the heat map's, and its heading."""
    places, heading = row_places(heat)
    return len(places) + (heading is not None)


def column_edges(heat: HeatMap, figs: TrendFigures) -> tuple[np.ndarray, np.ndarray]:
    """The left and right of each column on the date axis, cut to the range."""
    starts = np.array([day_x(c) for c in heat.columns], dtype=float)
    if heat.monthly:
        ends = np.append(starts[1:], day_x(heat.end) + 1)
    else:
        ends = starts + heat.column_days
    low, high = day_x(figs.start) - 0.5, day_x(figs.end) + 0.5
    return np.clip(starts - 0.5, low, high), np.clip(ends - 0.5, low, high)


def _rectangles(lefts, rights, tops, bottoms) -> Path:
    """Rectangles as one compound path: drawn in one call however many there are."""
    n = len(lefts)
    verts = np.empty((n, 5, 2))
    verts[:, :, 0] = np.stack([lefts, lefts, rights, rights, lefts], axis=1)
    verts[:, :, 1] = np.stack([bottoms, tops, tops, bottoms, bottoms], axis=1)
    codes = np.tile([Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY], n)
    return Path(verts.reshape(-1, 2), codes.astype(Path.code_type))


def draw_side_effects(ax, figs: TrendFigures, palette: ChartPalette) -> PanelText:
    """The heat map's rows, cells and legend."""
    heat = figs.heat_map
    periods = not heat.column_days == 1
    legend = [Patch(facecolor=c, edgecolor=palette.muted_text, linewidth=0.4,
                    label=f"{i} {RATING_LABELS[i]}") for i, c in enumerate(palette.ratings)]
    unit = "month" if heat.monthly else "week"
    title = (f"Side effects: days at each rating in each {unit} (a full cell: every day)" if periods
             else "Side effects as rated")
    if not heat.names:
        ax.set_yticks([])
        ax.set_ylim(0.5, -0.5)
        return PanelText(title, "", [], note="No side effects rated in these dates.")
    places, heading = row_places(heat)
    ys = np.array(places, dtype=float)
    lefts, rights = column_edges(heat, figs)
    shown = rights > lefts
    rows, columns = len(places), len(lefts)
    feet = ys + CELL / 2  # the y axis points down: a cell's foot has the larger y
    r_i, c_i = np.indices((rows, columns))
    if periods:
        # A stack from each cell's foot: severe, moderate, mild, none.
        counts = np.array(heat.counts, dtype=float).reshape(rows, columns, 4)
        lengths = np.maximum(np.array(heat.column_lengths, dtype=float), 1)
        shares = counts[:, :, ::-1] / lengths[None, :, None] * CELL  # severe first
        tops = feet[:, None, None] - np.cumsum(shares, axis=2)
        layers = [(3 - k, (shares[:, :, k] > 0) & shown[None, :], tops[:, :, k], tops[:, :, k] + shares[:, :, k])
                  for k in range(4)]
    else:
        values = np.array([[-1 if v is None else v for v in row] for row in heat.values], dtype=int)
        top, foot = np.broadcast_to((feet - CELL)[:, None], values.shape), np.broadcast_to(feet[:, None], values.shape)
        layers = [(rating, (values == rating) & shown[None, :], top, foot) for rating in range(4)]
    paths, colours = [], []
    for rating, where, top, foot in sorted(layers):
        if where.any():
            paths.append(_rectangles(lefts[c_i[where]], rights[c_i[where]], top[where], foot[where]))
            colours.append(palette.ratings[rating])
    # Not rated: a faint band along each row, under the ratings.
    low, high = lefts[shown].min(), rights[shown].max()
    not_rated = PathCollection([_rectangles(np.full(rows, low), np.full(rows, high), feet - CELL, feet)],
                               facecolors=palette.not_logged, edgecolors="none", zorder=1.5)
    not_rated.set_gid("not-rated")
    ax.add_collection(not_rated, autolim=False)
    image = PathCollection(paths, facecolors=colours, edgecolors="none", zorder=2)
    image.set_gid("side-effects")
    ax.add_collection(image, autolim=False)
    if _any_not_rated(heat, periods):  # the rating scale is keyed whole; "not rated" when there is one
        legend.append(Patch(facecolor=palette.not_logged, edgecolor=palette.muted_text, linewidth=0.4,
                            label=NOT_RATED))
    if not periods and columns <= DIGITS_UP_TO_COLUMNS:
        _digits(ax, heat, ys, palette)
    names = [_short(n) for n in heat.names]
    ticks, labels = list(places), names
    if heading is not None:
        ticks, labels = ticks + [heading], names + [WITHDRAWAL_HEADING]
    ax.set_yticks(ticks, labels)
    if heading is not None:
        ax.get_yticklabels()[-1].set_fontweight("bold")
    ax.set_ylim(slots(heat) - 0.5, -0.5)
    return PanelText(title, "", legend)


def _any_not_rated(heat: HeatMap, periods: bool) -> bool:
    """Whether some cell (or, in a week or month, some day) of the heat map is not rated."""
    if periods:
        return any(sum(cell) < length for row in heat.counts for cell, length in zip(row, heat.column_lengths))
    return any(v is None for row in heat.values for v in row)


def _digits(ax, heat: HeatMap, ys: np.ndarray, palette: ChartPalette) -> None:
    for r, row in enumerate(heat.values):
        for c, v in enumerate(row):
            if v is not None:
                ax.text(day_x(heat.columns[c]), ys[r], str(v), ha="center", va="center",
                        fontsize=FONT - 1, color=palette.rating_digits[v], zorder=3)


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"

