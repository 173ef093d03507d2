"""Chart figures drawn with matplotlib, without Qt and without pyplot.

The Trends page puts these Figures on a QtAgg canvas; the doctor summary
draws the same builders into a PDF. Importing this package imports
matplotlib, so the window imports it only when a chart is first shown.
"""

from kratomtrack.charts.axis import day_x, x_day
from kratomtrack.charts.palette import DARK, LIGHT, PALETTES, PRINT, ChartPalette, palette_for_window
from kratomtrack.charts.timeline import PANELS, TimelineChart, build_trends_figure, timeline_chart
from kratomtrack.charts.together import CAPTION, together_figure

__all__ = [
    "CAPTION", "DARK", "LIGHT", "PALETTES", "PANELS", "PRINT", "ChartPalette", "TimelineChart",
    "build_trends_figure", "day_x", "palette_for_window", "timeline_chart", "together_figure",
    "x_day",
]
