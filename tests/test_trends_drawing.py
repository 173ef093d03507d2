"""How Trends draws quickly, proved to draw the same chart: text from kept
pictures, kept static layers, artists out of sight painted when scrolled to,
and the first picture drawn while the window was idle."""

import datetime as dt

import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure

from kratomtrack.charts import LIGHT, TimelineChart
from kratomtrack.charts import text_pictures
from kratomtrack.charts.panels import bar_heights
from kratomtrack.charts.text_pictures import TextPictureRenderer
from kratomtrack.core.log_changes import LogChanges
from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.trends import TrendLog
from kratomtrack.core.date_ranges import RangePreset
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.pages.trends.page import TrendsPage
from conftest import real_today
from test_trends_fit import trends_shown
from window_helpers import settled

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date


def records(days=400):
    doses, checkins = [], []
    for n in range(days):
        day = TODAY - dt.timedelta(days=n)
        doses.append(Dose(dt.datetime.combine(day, dt.time(9)), 2.0 + n % 5))
        checkins.append(CheckIn(day, pain=n % 11, ratings={"nausea": n % 4, "insomnia": (n // 3) % 4}))
    return doses, checkins


def fill(db, days=400):
    doses, checkins = records(days)
    with db.transaction():
        for dose in doses:
            db.add_dose(dose)
        for checkin in checkins:
            db.save_checkin(checkin)


def drawn(figure, renderer_class):
    width, height = (round(v) for v in figure.bbox.size)
    renderer = renderer_class(width, height, figure.dpi)
    figure.draw(renderer)
    return np.asarray(renderer.buffer_rgba()).astype(int)


def test_text_drawn_from_kept_pictures_looks_as_matplotlib_draws_it():
    doses, checkins = records()
    figs = TrendLog(doses, checkins).figures(TODAY - dt.timedelta(days=90), TODAY)
    figure = TimelineChart(LIGHT, figure=Figure(figsize=(10, 4))).update(figs).figure
    plain = drawn(figure, RendererAgg)
    pictures = drawn(figure, TextPictureRenderer)
    difference = np.abs(plain - pictures).max(axis=2)
    # Text lands within an eighth of a pixel of matplotlib's: edges differ a
    # little in shade, and no pixel by much.
    assert difference.max() <= 40
    assert (difference > 0).mean() < 0.05
    kept = len(text_pictures._pictures)
    assert np.array_equal(drawn(figure, TextPictureRenderer), pictures)
    assert len(text_pictures._pictures) == kept  # the second drawing made no new picture


def full_draws(page):
    """A list that grows by one at each full draw of the "Over time" canvas."""
    draws = []
    page.canvas.mpl_connect("draw_event", lambda _event: draws.append(1))
    return draws


def screen(page):
    return np.asarray(page.canvas.get_renderer().buffer_rgba()).copy()


@pytest.fixture
def page(open_window, db, qtbot):
    fill(db)
    return trends_shown(open_window, db, qtbot, (1100, 1000))


def test_going_back_to_a_range_paints_over_its_kept_static_layer(page, qtbot):
    page.set_preset(RangePreset.LAST_12_MONTHS)
    settled(page, qtbot)
    page.set_preset(RangePreset.LAST_4_WEEKS)
    settled(page, qtbot)
    draws = full_draws(page)
    page.set_preset(RangePreset.LAST_12_MONTHS)
    settled(page, qtbot)  # every redraw the change set off (refit, new height) has run
    assert draws == []  # the titles, legends and fixed axes were not drawn again
    quick = screen(page)
    page._timeline._statics.clear()
    page.set_preset(RangePreset.LAST_4_WEEKS)
    page.set_preset(RangePreset.LAST_12_MONTHS)
    settled(page, qtbot)
    assert draws  # this time drawn whole
    assert np.array_equal(screen(page), quick)


def test_charts_scrolled_into_sight_get_their_data(page, qtbot):
    page.window().resize(1100, 600)  # the side effects end up below the window
    settled(page, qtbot)
    page.set_preset(RangePreset.LAST_3_MONTHS)
    settled(page, qtbot)
    image = page.chart.artist("side-effects")
    assert image in page._timeline._unpainted
    bar = page.timeline_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    settled(page, qtbot)
    assert page._timeline._unpainted == []
    # Everything is now exactly as a whole drawing of the figure paints it.
    scrolled = screen(page)
    page.chart.set_layered(False)
    whole = drawn(page.canvas.figure, TextPictureRenderer)
    page.chart.set_layered(True)
    assert np.array_equal(scrolled, whole)


def test_trends_opens_on_the_picture_drawn_while_the_window_was_idle(open_window, db, qtbot):
    fill(db, 120)
    window = open_window(db)
    qtbot.waitUntil(lambda: window.chart_preload is not None and not window.chart_preload.is_alive(),
                    timeout=30000)
    page = window.trends_page
    assert not page.isVisible() and page.chart.figs is page.figures  # drawn, not yet shown
    draws = full_draws(page)
    window.show_page("trends")
    settled(page, qtbot)  # showing it, and any refit that set off, are over
    assert draws == []  # shown as it was drawn off the window's thread
    assert page.chart.figs.end == TODAY
    prepared = screen(page)
    page._timeline._statics.clear()
    page._draw_timeline()
    assert draws  # drawn again on the window's thread: the same picture (of what is in sight)
    in_sight = round(page.timeline_area.viewport().height() * page.canvas.device_pixel_ratio)
    assert np.array_equal(screen(page)[:in_sight], prepared[:in_sight])


def test_a_dose_logged_while_trends_was_prepared_shows_when_it_opens(open_window, db, qtbot):
    fill(db, 60)
    window = open_window(db)
    qtbot.waitUntil(lambda: window.chart_preload is not None and not window.chart_preload.is_alive(),
                    timeout=30000)
    db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(7)), 9.5))
    window.announce(LogChanges.on_days([TODAY], doses=True))  # as a dose logged on Today
    window.show_page("trends")
    page = window.trends_page
    qtbot.waitUntil(lambda: page.chart.figs.leaf_grams[-1] == pytest.approx(9.5 + 2.0), timeout=5000)
    heights = dict(bar_heights(page.chart.artist("leaf-bars")))
    assert max(heights.values()) == pytest.approx(11.5)


DEMO_TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def demo_page(run_cli, data_dir, qtbot):
    """Trends on a ten-year demo log, in a page tall enough to show every chart."""
    assert run_cli("demo", "--days", 3650, "--today", DEMO_TODAY)[0] == 0
    with LogDatabase.open_folder(data_dir) as log:
        page = TrendsPage(log, today=lambda: DEMO_TODAY)
        qtbot.addWidget(page)
        page.resize(1100, 1300)
        page.show()
        qtbot.waitUntil(lambda: page.chart is not None and page.chart.figs is not None)
        yield page


def test_a_demo_log_shows_as_matplotlib_draws_its_whole_figure(demo_page, qtbot):
    """At 4 weeks, 12 months and all ten years, drawn whole the first time and
    over a kept static layer the second: every pixel as matplotlib draws the
    figure in one go (with the same text pictures)."""
    page = demo_page
    canvas = page.canvas
    draws = full_draws(page)
    for again in (False, True):
        for preset in (RangePreset.LAST_4_WEEKS, RangePreset.LAST_12_MONTHS, RangePreset.ALL):
            draws.clear()
            page.set_preset(preset)
            # Settled: Qt gave the canvas the height the charts were fitted to.
            qtbot.waitUntil(lambda: canvas.get_width_height() == (canvas.width(), canvas.height()))
            assert page.current_range().start == page.chart.figs.start
            assert page._timeline._unpainted == []  # every chart in sight, painted
            if again:
                assert draws == []  # painted over the look's kept static layer
            shown = screen(page)
            page.chart.set_layered(False)
            # Unheard by the page: a drawing of its figure would be kept as its static layer.
            with canvas.callbacks.blocked(signal="draw_event"):
                whole = drawn(canvas.figure, TextPictureRenderer)
            page.chart.set_layered(True)
            assert np.array_equal(shown, whole), (preset, again)
