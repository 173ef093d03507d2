"""What the date panels mark besides their data: days with nothing logged, and
the rows of markers above the intake bars (red flags, night doses, extract
and 7-OH product days).

Unknown is not zero (docs/health-content.md, "Days with nothing logged"): a
day or period with nothing logged gets a faint band the height of the panel,
keyed "not logged", rather than an empty place that reads as a day without
use. A marker row and its legend key are drawn only when the range holds one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import transforms
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kratomtrack.charts.axis import day_x
from kratomtrack.charts.palette import ChartPalette
from kratomtrack.core.trends import TrendFigures

NOT_LOGGED = "not logged"
# Below the grid lines (drawn at 0.5 with axisbelow) and the bars.
NOT_LOGGED_ZORDER = 0.4
# Marker rows, in axes fractions from the top of the intake panel.
FIRST_ROW, ROW_STEP = 0.93, 0.09
GAP_UNDER_ROWS = 0.05  # between the lowest row and the tallest bar


def not_logged_spans(figs: TrendFigures) -> list[tuple[float, float]]:
    """(left, right) on the date axis of each run of days with nothing logged
    (of each week or month with no logged day, on long ranges; days before the
    first record included)."""
    if figs.periods:
        spans = [(day_x(p.start) - 0.5, day_x(p.end) + 0.5) for p in figs.periods if not p.logged_days]
        first = figs.periods[0].start
        if first > figs.start:  # the range starts before the log does
            spans.insert(0, (day_x(figs.start) - 0.5, day_x(first) - 0.5))
        return spans
    unknown = ~np.asarray(figs.logged or [False] * len(figs.days), dtype=bool)
    if not unknown.any():
        return []
    edges = np.diff(np.concatenate(([0], unknown.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    origin = day_x(figs.start)
    return [(origin + s - 0.5, origin + e - 0.5) for s, e in zip(starts, ends)]


def shade_not_logged(ax, figs: TrendFigures, palette: ChartPalette, *,
                     spans: Sequence[tuple[float, float]] | None = None) -> bool:
    """Faint full-height bands over the days with nothing logged; whether any was drawn."""
    spans = not_logged_spans(figs) if spans is None else spans
    if not spans:
        return False
    lefts, rights = np.array(spans, dtype=float).T
    verts = np.empty((len(lefts), 4, 2))
    verts[:, :, 0] = np.stack([lefts, lefts, rights, rights], axis=1)
    verts[:, :, 1] = [0, 1, 1, 0]
    bands = PolyCollection(verts, facecolors=palette.not_logged, edgecolors="none",
                           zorder=NOT_LOGGED_ZORDER,
                           transform=transforms.blended_transform_factory(ax.transData, ax.transAxes))
    bands.set_gid("not-logged")
    ax.add_collection(bands, autolim=False)
    return True


def not_logged_key(palette: ChartPalette) -> Patch:
    return Patch(facecolor=palette.not_logged, edgecolor=palette.muted_text, linewidth=0.4,
                 label=NOT_LOGGED)


@dataclass(frozen=True)
class MarkRow:
    """One row of markers above the intake bars."""

    gid: str
    xs: list[float]
    marker: str
    size: float
    color: str
    label: str
    hollow: bool = False
    edge_width: float = 1.0


def mark_rows(figs: TrendFigures, palette: ChartPalette) -> list[MarkRow]:
    """The rows this range needs, top first: red flags, night doses, extract, 7-OH product."""
    if figs.periods:
        middles = [day_x(p.start) + (p.end - p.start).days / 2 for p in figs.periods]
        when = f"that {figs.period}"
        flagged = [m for m, p in zip(middles, figs.periods) if p.red_flag_days]
        night = [m for m, p in zip(middles, figs.periods) if p.night_days]
        extract = [m for m, p in zip(middles, figs.periods) if p.extract_days]
        seven_oh = [m for m, p in zip(middles, figs.periods) if p.seven_oh_days]
    else:
        xs = np.arange(len(figs.days), dtype=float) + day_x(figs.start)
        when = ""
        flagged = [day_x(d) for d in sorted(figs.red_flags)]
        night = xs[np.asarray(figs.night, dtype=bool)].tolist() if figs.night else []
        extract = [x for x, g in zip(xs, figs.extract_grams) if g]  # None: unknown
        seven_oh = [x for x, g in zip(xs, figs.seven_oh_grams) if g]
    # Long ranges: a thin tick per week or month with extract / 7-OH, so that a
    # run of them stays a row of ticks rather than a black band.
    thin = bool(figs.periods)
    rows = [
        MarkRow("red-flags", flagged, "X", 6.5, palette.red_flag, f"red flag ticked {when}".strip()),
        MarkRow("night-doses", night, "*", 6.5 if not thin else 5, palette.night_marker,
                f"dose at night (00:00-05:00) {when}".strip()),
        MarkRow("extract-days", extract, "|" if thin else "^", 6, palette.extract_marker,
                f"extract {when or 'taken'} (grams not in bars)", edge_width=0.8 if thin else 1.0),
        MarkRow("seven-oh-days", seven_oh, "|" if thin else "D", 5, palette.seven_oh_marker,
                f"7-OH product {when or 'taken'} (grams not in bars)", hollow=True,
                edge_width=0.8 if thin else 1.4),
    ]
    return [row for row in rows if row.xs]


def draw_mark_rows(ax, rows: Sequence[MarkRow]) -> list:
    """Each row at its height from the top of ``ax``; returns their legend keys."""
    above = transforms.blended_transform_factory(ax.transData, ax.transAxes)
    keys = []
    for i, row in enumerate(rows):
        style = dict(linestyle="none", marker=row.marker, markersize=row.size, color=row.color,
                     markeredgewidth=row.edge_width)
        if row.hollow:
            style["markerfacecolor"] = "none"
        ax.plot(row.xs, [row_height(i)] * len(row.xs), transform=above, gid=row.gid, zorder=4,
                **style)
        keys.append(Line2D([], [], label=row.label, **style))
    return keys


def row_height(index: int) -> float:
    return FIRST_ROW - index * ROW_STEP


def headroom(rows: int) -> float:
    """The share of the panel's height the bars may fill, under ``rows`` marker rows."""
    return (row_height(rows - 1) - GAP_UNDER_ROWS) if rows else 0.93
