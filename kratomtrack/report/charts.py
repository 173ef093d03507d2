"""The summary's charts: the Trends page's own chart builders, in the print palette.

One set of chart code serves the window and the paper, so the doctor sees
the same pictures the person saw. No hatching: Qt draws SVG hatches as
bitmaps, slowly; the print palette tells things apart by shape and shade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kratomtrack.core.dates import date_text
from kratomtrack.core.trends import TrendFigures
from kratomtrack.report.document import Chart, days_text

if TYPE_CHECKING:
    from kratomtrack.core.patterns import Patterns
    from kratomtrack.core.summary.build import Summary

WIDTH_IN = 7.0  # fits A4 and Letter inside the margins
# Intake and pain on one page (one figure under the range's heading), then
# use days and side effects: each figure fits a page under its heading.
FIGURE_PANELS = (("intake", "doses", "pain"), ("use_days", "side_effects"))
# A long range (month or year rows): one figure on one shared date axis, so the
# whole story is on one page, and no use-days panel (over years it is a solid
# band; the month/year table counts use days of logged days instead).
LONG_FIGURE_PANELS = (("intake", "doses", "pain", "side_effects"),)
# A range of up to two weeks: the same one figure (its week bars would add
# nothing to the day table under it).
SHORT_RANGE_DAYS = 14


@dataclass(frozen=True)
class ChartRequest:
    """What the summary's charts are drawn from: the summary's own series, nothing else."""

    figures: TrendFigures | None
    peg: tuple
    side_effects: bool
    long_range: bool
    has_records: bool
    patterns: Patterns | None = None  # relief per dose, when any dose has pain before and after

    @classmethod
    def of(cls, summary: Summary) -> ChartRequest:
        return cls(summary.trends, tuple(summary.pain.peg), bool(summary.side_effects),
                   summary.table_periods is not None, summary.has_records, summary.patterns)


def summary_chart_figures(summary: Summary) -> list:
    """Intake, pain and side-effect figures for the summary's counted days."""
    return chart_figures(ChartRequest.of(summary))


def chart_figures(request: ChartRequest) -> list:
    from kratomtrack.charts import PRINT, build_trends_figure
    from kratomtrack.charts.patterns import relief_figure

    # The summary's own series (core.summary), so the pictures and the
    # printed figures come from the same day figures; never the raw records.
    figures = request.figures
    if figures is None or not request.has_records:
        return []
    short = len(figures.days) <= SHORT_RANGE_DAYS
    chosen = LONG_FIGURE_PANELS if request.long_range or short else FIGURE_PANELS
    panels = [tuple(name for name in p if name != "side_effects" or request.side_effects)
              for p in chosen]
    panels = [p for p in panels if p]
    # Third person on paper: the doctor reads it (the Trends page says "Your records").
    title = (f"The patient's records, {date_text(figures.start)} to {date_text(figures.end)} "
             f"({days_text(len(figures.days))})")
    # The range in words heads the first figure only: the others follow under it.
    drawn = [build_trends_figure(figures, PRINT, peg=request.peg, width=WIDTH_IN, panels=p,
                                 title=title, heading=i == 0)
             for i, p in enumerate(panels)]
    if request.patterns is not None and request.patterns.relief:
        drawn.append(relief_figure(request.patterns, PRINT, width=WIDTH_IN))
    return [_images_as_vectors(figure) for figure in drawn]


def draw_charts(request: ChartRequest) -> list[Chart]:
    """The charts as the document's Chart blocks (SVG and size)."""
    from kratomtrack.report.figures import chart_block

    return [chart_block(figure) for figure in chart_figures(request)]


def _images_as_vectors(figure):
    """Make the figure print as it shows: vector cells, and nothing outside its axes.

    Qt's SVG renderer ignores matplotlib's clip paths and warns of lines
    without points, so every data artist is cut to its axes here (see
    ``report.paper``) and an empty line is left out. On screen the heat map is
    an image because that redraws fast; on paper each rated cell becomes a
    vector rectangle, sharp at any zoom.
    """
    from kratomtrack.report.paper import clip_to_axes, heat_map_cells

    for ax in figure.axes:
        for image in list(ax.images):
            heat_map_cells(ax, image)
        clip_to_axes(ax)
    return figure
