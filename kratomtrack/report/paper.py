"""Charts made ready for Qt's SVG renderer, which paints the summary's PDF.

Qt's renderer ignores matplotlib's clip paths (so a bar reaching past its
axes is painted over the labels and margin) and warns "Invalid path data"
for a line without points. Here each data artist is cut to its axes and an
empty line is hidden, so the paper shows what the screen shows.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PolyCollection

from kratomtrack.charts import PRINT

# A not-rated heat-map cell: paper white in a thin frame, the same whatever
# its neighbours are, and unlike every rating's grey. Frames are drawn only
# where a cell is wide enough for one not to blacken the row.
NOT_RATED_EDGE = PRINT.muted_text
NOT_RATED_MIN_POINTS = 5.0
NOT_RATED_INSET = 0.14  # of the cell, on each side
NOT_RATED_LINE_POINTS = 0.5


def _view(ax) -> tuple[float, float, float, float]:
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    return x0, x1, y0, y1


def _in_data(artist, ax) -> tuple[bool, bool]:
    """Whether the artist's x and y are data coordinates of ``ax``."""
    return artist.get_transform().contains_branch_seperately(ax.transData)


def clip_to_axes(ax) -> None:
    """Cut every bar and line of ``ax`` to its view limits; hide lines with no point."""
    x0, x1, y0, y1 = _view(ax)
    for collection in ax.collections:
        if not isinstance(collection, PolyCollection) or not collection.get_paths():
            continue
        in_x, in_y = _in_data(collection, ax)
        paths = collection.get_paths()
        sizes = [len(path.vertices) for path in paths]
        v = np.concatenate([path.vertices for path in paths]).astype(float)
        inside = True
        if in_x:
            inside &= bool(((v[:, 0] >= x0) & (v[:, 0] <= x1)).all())
        if in_y:
            inside &= bool(((v[:, 1] >= y0) & (v[:, 1] <= y1)).all())
        if inside:
            continue  # most bars are drawn inside already: leave them be
        if in_x:
            v[:, 0] = np.clip(v[:, 0], x0, x1)
        if in_y:
            v[:, 1] = np.clip(v[:, 1], y0, y1)
        collection.set_verts(np.split(v, np.cumsum(sizes)[:-1]))
    for line in ax.lines:
        in_x, in_y = _in_data(line, ax)
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        outside = np.zeros(x.shape, bool)
        if in_x:
            outside |= (x < x0) | (x > x1)
        if in_y:
            outside |= (y < y0) | (y > y1)
        y = np.where(outside, np.nan, y)
        line.set_data(x, y)
        if not np.isfinite(x + y).any():
            line.set_visible(False)


def heat_map_cells(ax, image) -> None:
    """Replace the heat-map image with one vector rectangle per rated cell.

    Columns are cut to the axes (a weekly column may start before the range);
    not-rated cells get a thin frame where they are wide enough to carry one.
    """
    values = image.get_array()
    rows, columns = values.shape
    left, right, bottom, top = image.get_extent()
    x0, x1, _, _ = _view(ax)
    xs = np.clip(np.linspace(left, right, columns + 1), x0, x1)
    ys = np.linspace(top, bottom, rows + 1)
    mask = np.ma.getmaskarray(values)
    colours = image.get_cmap()(image.norm(np.ma.getdata(values)))
    # One box per cell, (left, right, low, high); columns wholly outside the range have no width.
    rows_i, cols_i = np.indices((rows, columns))
    boxes = np.stack([xs[cols_i], xs[cols_i + 1], ys[rows_i], ys[rows_i + 1]], axis=-1)
    shown = boxes[..., 1] > boxes[..., 0]
    rated, blank = shown & ~mask, shown & mask
    cells = PolyCollection(_rectangles(boxes[rated]), facecolors=colours[rated], edgecolors="none",
                           zorder=image.get_zorder())
    cells.set_gid(image.get_gid())
    ax.add_collection(cells, autolim=False)
    if blank.any() and _cell_points(ax, xs) >= NOT_RATED_MIN_POINTS:
        frames = PolyCollection(
            _rectangles(_inset(boxes[blank])), facecolors="none", edgecolors=NOT_RATED_EDGE,
            linewidths=NOT_RATED_LINE_POINTS, zorder=image.get_zorder())
        frames.set_gid("not-rated")
        ax.add_collection(frames, autolim=False)
    image.remove()


def _rectangles(boxes: np.ndarray) -> np.ndarray:
    """(n, 4) boxes (left, right, low, high) as (n, 4, 2) rectangle corners."""
    left, right, low, high = boxes.T
    xs = np.stack([left, left, right, right], axis=1)
    ys = np.stack([low, high, high, low], axis=1)
    return np.stack([xs, ys], axis=-1)


def _inset(boxes: np.ndarray) -> np.ndarray:
    left, right, low, high = boxes.T
    dx, dy = (right - left) * NOT_RATED_INSET, (high - low) * NOT_RATED_INSET
    return np.stack([left + dx, right - dx, low + dy, high - dy], axis=1)


def _cell_points(ax, xs) -> float:
    """A whole column's width in points on the page (part columns are narrower)."""
    x0, x1, _, _ = _view(ax)
    widths = np.diff(xs)
    widest = widths.max() if len(widths) else 0.0
    axes_points = ax.get_position().width * ax.figure.get_figwidth() * 72
    return widest * axes_points / (x1 - x0)
