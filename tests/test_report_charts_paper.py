"""The summary's charts as they reach paper: drawn by Qt's SVG renderer, as the PDF is.

Qt's renderer ignores matplotlib's clip paths, so what is checked here is the
picture Qt paints, not what matplotlib would show on screen.
"""

import datetime as dt
import os
import subprocess
import sys

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from kratomtrack.charts import LIGHT, PRINT, build_trends_figure
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.summary.build import SummaryInput, summarise
from kratomtrack.core.trends import trend_figures
from kratomtrack.report.charts import summary_chart_figures
from kratomtrack.report.figures import figure_svg
from kratomtrack.report.printing import ensure_gui_application
from kratomtrack.store.database import LogDatabase

pytestmark = pytest.mark.window  # charts and PDFs painted by Qt

FIRST = dt.date(2026, 9, 21)  # a Monday
DAYS = 40
WEDNESDAY = dt.date(2026, 10, 14)
FRIDAY = dt.date(2026, 10, 30)  # 17 days, Wednesday to Friday
SCALE = 3  # image pixels per SVG point
FINE = 6  # for looking inside heat-map cells


def constant_doses(days=DAYS, first=FIRST):
    return [Dose(dt.datetime.combine(first + dt.timedelta(days=i), dt.time(9)), 4.0,
                 Form.POWDER, "Green") for i in range(days)]


def rated_checkins(first=FIRST, days=DAYS):
    """Pain every day; side effects on some days, with gaps between ratings."""
    out = []
    for i in range(days):
        ratings = {}
        if i % 3 == 0:
            ratings["insomnia"] = 3 if i % 2 else 0
        if i % 5 == 1:
            ratings["nausea"] = (i // 5) % 4
        if i % 4 == 2:
            ratings["dizziness"] = (i // 4) % 4
        if i % 7 == 3:
            ratings["itching"] = 2
        out.append(CheckIn(first + dt.timedelta(days=i), pain=4 + i % 3, ratings=ratings))
    return out


def summary_for(start, end, doses, checkins=(), first=FIRST):
    return summarise(SummaryInput(
        start=start, end=end, doses=[d for d in doses if start <= d.day <= end],
        checkins=[c for c in checkins if start <= c.day <= end], first_record=first, made_on=end))


def painted(figure, scale=None):
    """The figure's SVG as Qt paints it in the PDF: an RGB array, ``scale`` px per point."""
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    scale = scale or SCALE
    ensure_gui_application()
    renderer = QSvgRenderer(QByteArray(figure_svg(figure)))
    size = renderer.defaultSize()
    image = QImage(size.width() * scale, size.height() * scale, QImage.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)
    return pixels[:, :, 2::-1].astype(int)  # BGRA -> RGB


def agg_renderer(figure):
    """A renderer to measure the figure with (after it was painted through SVG)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return canvas.get_renderer()


def pixel_box(figure, bbox, scale=None):
    """A display-space Bbox as (x0, y0, x1, y1) image pixels (y down)."""
    scale = scale or SCALE
    k = 72 * scale / figure.dpi
    height = figure.get_figheight() * 72 * scale
    return (int(bbox.x0 * k), int(height - bbox.y1 * k), int(np.ceil(bbox.x1 * k)),
            int(np.ceil(height - bbox.y0 * k)))


def data_colours():
    return [PRINT.leaf_bar, PRINT.doses_bar, PRINT.use_days_bar, PRINT.counted_days_bar,
            *PRINT.ratings[1:]]


@pytest.mark.parametrize("start, end", [
    (WEDNESDAY, FRIDAY),  # days, a part-week at each end
    (FIRST + dt.timedelta(days=2), FIRST + dt.timedelta(days=190)),  # weeks, Wednesday to Thursday
])
def test_no_chart_paints_data_outside_its_axes(start, end):
    days = (end - FIRST).days + 1
    doses = constant_doses(days)
    figures = summary_chart_figures(summary_for(start, end, doses, rated_checkins(days=days)))
    assert figures
    for figure in figures:
        image = painted(figure)
        renderer = agg_renderer(figure)
        allowed = np.zeros(image.shape[:2], bool)
        for ax in figure.axes:
            x0, y0, x1, y1 = pixel_box(figure, ax.get_window_extent(renderer))
            allowed[y0 - 2:y1 + 2, x0 - 2:x1 + 2] = True
            if ax.get_legend() is not None:
                x0, y0, x1, y1 = pixel_box(figure, ax.get_legend().get_window_extent(renderer))
                allowed[y0:y1, x0:x1] = True
        for colour in data_colours():
            rgb = np.round(np.array(to_rgb(colour)) * 255).astype(int)
            same = np.abs(image - rgb).sum(axis=2) == 0
            # A filled area, not the odd anti-aliased pixel of a letter: 3 x 3 pixels alike.
            solid = same[1:-1, 1:-1].copy()
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    solid &= same[1 + dy:same.shape[0] - 1 + dy, 1 + dx:same.shape[1] - 1 + dx]
            outside = solid & ~allowed[1:-1, 1:-1]
            assert outside.sum() == 0, f"{colour} painted outside the axes"


def test_a_part_week_is_drawn_as_a_part_week():
    """Wednesday to Friday: the first and last weeks have 5 days in range, shown as such."""
    figs = trend_figures(constant_doses(), [], WEDNESDAY, FRIDAY, first_day=FIRST)
    for palette in (LIGHT, PRINT):  # the Trends page and the paper
        figure = build_trends_figure(figs, palette, panels=("use_days",))
        ax = figure.axes[0]
        labels = sorted(t.get_text() for t in ax.texts if t.get_visible() and "of" in t.get_text())
        parts = [w for w in figs.weeks if 0 < w.days_counted < 7]
        assert labels == sorted(f"{w.use_days} of {w.days_counted} days" for w in parts)
        assert len(parts) == 2
        # A part-week's bar spans only its days in the range.
        (use,) = [c for c in ax.collections if c.get_gid() == "use-days"]
        lows, highs = ax.get_xlim()
        for path in use.get_paths():
            assert lows <= path.vertices[:, 0].min() and path.vertices[:, 0].max() <= highs


def test_not_rated_cells_look_alike_and_unlike_every_rating():
    figures = summary_for(WEDNESDAY, FRIDAY, constant_doses(), rated_checkins())
    figure = summary_chart_figures(figures)[-1]
    (ax,) = [a for a in figure.axes if "insomnia" in [t.get_text() for t in a.get_yticklabels()]]
    heat = trend_figures(constant_doses(), rated_checkins(), WEDNESDAY, FRIDAY, first_day=FIRST).heat_map
    image = painted(figure, FINE)
    agg_renderer(figure)
    means, darkest = {}, []
    for r, row in enumerate(heat.values):
        for c, value in enumerate(row):
            if r in (0, len(heat.values) - 1) or c in (0, len(row) - 1):
                continue  # cells along the frame: its lines cross them
            x = (dt.date.fromordinal(heat.columns[c].toordinal())  # the cell's day
                 - dt.date(1970, 1, 1)).days
            (x0, y0), (x1, y1) = ax.transData.transform([(x - 0.5, r - 0.5), (x + 0.5, r + 0.5)])
            bx0, by0, bx1, by1 = pixel_box(figure, type("B", (), {"x0": min(x0, x1), "x1": max(x0, x1),
                                                                    "y0": min(y0, y1), "y1": max(y0, y1)}), FINE)
            cell = image[by0 + 3:by1 - 3, bx0 + 3:bx1 - 3]  # past anti-aliased edges
            means.setdefault(value, []).append(cell.mean())
            if value is None:
                darkest.append(cell.min())
    blank = means.pop(None)
    # The same frame everywhere (line widths snap to pixels a little differently).
    assert max(darkest) - min(darkest) < 20, "a not-rated cell takes its look from its neighbours"
    assert max(blank) - min(blank) < 6
    for rating, values in means.items():
        assert min(abs(v - b) for v in values for b in blank) > 25, f"not rated looks like {rating}"


def test_print_greys_stay_visible_on_a_laser_printer():
    """Every grey that carries data is at least 15% black (lighter tones drop out)."""
    for colour in data_colours() + [PRINT.ratings[0]]:
        assert np.mean(to_rgb(colour)) <= 0.85, colour


def test_report_prints_no_qt_svg_warnings(tmp_path):
    """A log without check-ins gives an empty pain chart: nothing for Qt to complain of."""
    folder = tmp_path / "log"
    folder.mkdir()
    with LogDatabase.open_folder(folder) as db, db.transaction():
        for dose in constant_doses():
            db.add_dose(dose, today=FRIDAY)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")])))
    result = subprocess.run(
        [sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), "report",
         "--from", WEDNESDAY.isoformat(), "--to", FRIDAY.isoformat(), "-o", str(tmp_path / "r.pdf")],
        capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "qt.svg" not in result.stderr and "Invalid path" not in result.stderr, result.stderr
