"""Trends fits the window: intake and pain seen together at 1366×768; charts can be hidden, remembered."""

import datetime as dt

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.ui.pages.trends_panels import ChartChoice

TODAY = dt.date.today()


def fill_month(db):
    with db.transaction():
        for n in range(1, 60):
            day = TODAY - dt.timedelta(days=n)
            db.add_dose(Dose(dt.datetime.combine(day, dt.time(9)), 2.0))
            db.save_checkin(CheckIn(day, pain=5, ratings={"nausea": 1}))


def bottom_of(page, panel):
    """The panel's lowest pixel row, in the scroll area's viewport."""
    ax = page.chart.axes[panel]
    ratio = page.canvas.device_pixel_ratio
    y0 = ax.get_window_extent().y0 / ratio
    return page.canvas.height() - y0 + page.canvas.y()


def test_intake_and_pain_are_seen_together_at_1366_by_768(open_window, db, qtbot):
    fill_month(db)
    window = open_window(db)
    window.resize(1366, 768)
    window.show_page("trends")
    page = window.trends_page
    qtbot.waitUntil(lambda: page.chart is not None, timeout=10000)
    qtbot.wait(300)  # the charts take the window's height once it settles
    viewport = page.timeline_area.viewport().height()
    assert bottom_of(page, "intake") <= viewport
    assert bottom_of(page, "pain") <= viewport
    # The rest scroll below, never squeezed past reading.
    assert page.canvas.height() >= round(page.chart.min_height * page.canvas.figure.dpi
                                         / page.canvas.device_pixel_ratio) - 1


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

    code = ("from kratomtrack.ui.app.chart_preload import start_chart_preload, load_charts\n"
            "thread = start_chart_preload()\n"
            "charts = load_charts()\n"
            "thread.join()\n"
            "print(charts.TimelineChart.__name__)\n")
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "TimelineChart"
