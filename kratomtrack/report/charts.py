"""The summary's charts: the Trends page's own chart builders, in the print palette.

One set of chart code serves the window and the paper, so the doctor sees
the same pictures the person saw. No hatching: Qt draws SVG hatches as
bitmaps, slowly; the print palette tells things apart by shape and shade.
"""

from __future__ import annotations

from kratomtrack.core.summary import Summary

WIDTH_IN = 7.0  # fits A4 and Letter inside the margins
# Three figures rather than one tall one, so each fits under its heading.
FIGURE_PANELS = (("intake", "doses", "use_days"), ("pain",), ("side_effects",))


def summary_chart_figures(summary: Summary) -> list:
    """Intake, pain and side-effect figures for the summary's counted days."""
    from kratomtrack.charts import PRINT, build_trends_figure

    # The summary's own series (core.summary), so the pictures and the
    # printed figures come from the same day figures; never the raw records.
    figures = summary.trends
    if figures is None or not summary.has_records:
        return []
    panels = [p for p in FIGURE_PANELS if p != ("side_effects",) or summary.side_effects]
    return [_images_as_vectors(build_trends_figure(figures, PRINT, peg=summary.pain.peg,
                                                   width=WIDTH_IN, panels=p))
            for p in panels]


def _images_as_vectors(figure):
    """Redraw image cells (the side-effect heat map) as vector quads.

    On screen the heat map is an image because that redraws fast; on paper
    it must stay sharp at any zoom and print, so each cell becomes a path.
    """
    import numpy as np

    for ax in figure.axes:
        for image in list(ax.images):
            values = image.get_array()
            rows, columns = values.shape
            left, right, bottom, top = image.get_extent()
            mesh = ax.pcolormesh(np.linspace(left, right, columns + 1),
                                 np.linspace(top, bottom, rows + 1), values,
                                 cmap=image.get_cmap(), norm=image.norm, zorder=image.get_zorder())
            mesh.set_gid(image.get_gid())
            image.remove()
    return figure
