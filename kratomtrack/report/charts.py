"""The summary's charts: the Trends page's own chart builders, in the print palette.

One set of chart code serves the window and the paper, so the doctor sees
the same pictures the person saw. No hatching: Qt draws SVG hatches as
bitmaps, slowly; the print palette tells things apart by shape and shade.
"""

from __future__ import annotations

from kratomtrack.core.dates import date_text
from kratomtrack.core.summary import Summary
from kratomtrack.report.document import days_text

WIDTH_IN = 7.0  # fits A4 and Letter inside the margins
# Three figures rather than one tall one, so each fits under its heading.
FIGURE_PANELS = (("intake", "doses", "use_days"), ("pain",), ("side_effects",))
# A long range (month or year rows): one figure on one shared date axis, so the
# whole story is on one page, and no use-days panel (over years it is a solid
# band; the month/year table counts use days of logged days instead).
LONG_FIGURE_PANELS = (("intake", "doses", "pain", "side_effects"),)


def summary_chart_figures(summary: Summary) -> list:
    """Intake, pain and side-effect figures for the summary's counted days."""
    from kratomtrack.charts import PRINT, build_trends_figure

    # The summary's own series (core.summary), so the pictures and the
    # printed figures come from the same day figures; never the raw records.
    figures = summary.trends
    if figures is None or not summary.has_records:
        return []
    chosen = LONG_FIGURE_PANELS if summary.table_periods is not None else FIGURE_PANELS
    panels = [tuple(name for name in p if name != "side_effects" or summary.side_effects)
              for p in chosen]
    panels = [p for p in panels if p]
    # Third person on paper: the doctor reads it (the Trends page says "Your records").
    title = (f"The patient's records, {date_text(figures.start)} to {date_text(figures.end)} "
             f"({days_text(len(figures.days))})")
    return [_images_as_vectors(build_trends_figure(figures, PRINT, peg=summary.pain.peg,
                                                   width=WIDTH_IN, panels=p, title=title))
            for p in panels]


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
