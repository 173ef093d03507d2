"""Trends fits the window: intake and pain seen together at 1366×768; charts can be hidden, remembered."""

import datetime as dt

import pytest
from PySide6.QtGui import QGuiApplication

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.ui.pages.trends.panels import ChartChoice
from conftest import real_today
from window_helpers import settled

pytestmark = pytest.mark.window

TODAY = real_today()  # the window shows the computer's date


def fill_month(db):
    with db.transaction():
        for n in range(1, 60):
            day = TODAY - dt.timedelta(days=n)
            db.add_dose(Dose(dt.datetime.combine(day, dt.time(9)), 2.0))
            db.save_checkin(CheckIn(day, pain=5, ratings={"nausea": 1}))


def trends_shown(open_window, db, qtbot, size):
    """Trends in a window of ``size`` (in the window's pixels), its charts drawn and settled."""
    window = open_window(db)
    window.resize(*size)
    window.show_page("trends")
    page = window.trends_page
    qtbot.waitUntil(lambda: page.chart is not None and page.chart.figs is not None, timeout=10000)
    settled(page, qtbot)  # the charts take the window's height once it settles
    return page


def extent_of(page, panel):
    """The panel's top (its title) and bottom (its date labels, if it has them)
    rows, in the scroll area's viewport, in the window's (logical) pixels."""
    ax = page.chart.axes[panel]
    renderer = page.canvas.get_renderer()
    parts = [ax.get_window_extent(renderer), page.chart._titles[panel].get_window_extent(renderer)]
    if ax.xaxis.get_visible():
        parts += [label.get_window_extent(renderer) for label in ax.get_xticklabels()
                  if label.get_visible() and label.get_text()]
    ratio = page.canvas.device_pixel_ratio
    offset = page.canvas.y()  # negative once scrolled
    top = page.canvas.height() - max(b.y1 for b in parts) / ratio + offset
    bottom = page.canvas.height() - min(b.y0 for b in parts) / ratio + offset
    return top, bottom


def test_intake_and_pain_are_seen_together_on_a_1366_by_768_screen(open_window, db, qtbot):
    # At the scale the test runs at: run it also with QT_SCALE_FACTOR=1.5 in
    # the environment, where the window's 1366x768 screen pixels are 911x512.
    fill_month(db)
    ratio = QGuiApplication.primaryScreen().devicePixelRatio()
    page = trends_shown(open_window, db, qtbot, (round(1366 / ratio), round(768 / ratio)))
    viewport = page.timeline_area.viewport().height()
    for panel in ("intake", "pain"):
        top, bottom = extent_of(page, panel)
        assert 0 <= top and bottom <= viewport, (panel, top, bottom, viewport)
    # The rest scroll below, never squeezed past reading.
    assert page.canvas.height() >= round(page.chart.min_height * page.canvas.figure.dpi
                                         / page.canvas.device_pixel_ratio) - 1


def test_a_low_window_tightens_the_margins_and_keeps_pain_dates_under_intake(open_window, db, qtbot):
    from kratomtrack.charts.panels import FEW_PAIN_TICKS_BELOW
    from kratomtrack.charts.timeline import COMPACT, ROOMY

    fill_month(db)
    page = trends_shown(open_window, db, qtbot, (1366, 768))
    window = page.window()
    assert page.chart.margins is ROOMY and page.chart.axes["intake"].xaxis.get_visible()
    window.resize(911, 512)  # 1366x768 at 150%
    qtbot.waitUntil(lambda: page.chart.margins is COMPACT, timeout=5000)
    viewport = page.timeline_area.viewport().height()
    assert all(extent_of(page, p)[1] <= viewport for p in ("intake", "pain"))
    # Intake leaves its dates to pain right under it; its y labels thin out where it is low.
    assert not page.chart.axes["intake"].xaxis.get_visible()
    pain = page.chart.axes["pain"]
    assert pain.xaxis.get_visible()
    inches = pain.get_position().height * page.canvas.figure.get_figheight()
    assert list(pain.get_yticks()) == ([0, 5, 10] if inches < FEW_PAIN_TICKS_BELOW else [0, 2, 4, 6, 8, 10])
    assert inches / (len(pain.get_yticks()) - 1) >= 0.12  # a label's height apart: never touching


def test_hidden_charts_are_left_out_and_remembered(open_window, db, qtbot):
    fill_month(db)
    window = open_window(db)
    window.show_page("trends")
    page = window.trends_page
    qtbot.waitUntil(lambda: page.chart is not None, timeout=10000)
    page.chart_choice.actions_by_panel["doses"].setChecked(False)
    page.chart_choice.actions_by_panel["use_days"].setChecked(False)
    assert "doses" not in page.chart.panels and "use_days" not in page.chart.panels
    assert page.chart.panels[:2] == ("intake", "pain")
    assert ChartChoice().panels() == ("intake", "pain", "side_effects")  # as a restart finds it


def test_the_chart_library_is_loaded_in_the_background_after_the_start(open_window, db, qtbot):
    import sys

    window = open_window(db)
    qtbot.waitUntil(lambda: window.chart_preload is not None and not window.chart_preload.is_alive(),
                    timeout=20000)
    assert {"matplotlib.backends.backend_qtagg", "kratomtrack.charts"} <= set(sys.modules)


def test_opening_trends_while_the_chart_library_preloads_waits_for_it_instead_of_failing():
    # Two threads importing matplotlib at once can each find the other's
    # modules half made (ImportError); Trends opened right after the start
    # must wait for the preload instead. A fresh interpreter, as at a start.
    import subprocess
    import sys

    code = ("from kratomtrack.ui.pages.trends.preload import start_chart_preload, load_charts\n"
            "thread = start_chart_preload()\n"
            "charts = load_charts()\n"
            "thread.join()\n"
            "print(charts.TimelineChart.__name__)\n")
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "TimelineChart"
