"""Trends' Patterns tab and the patterns chart: what was drawn comes from core.patterns and core.plan."""

import datetime as dt

import pytest
import numpy as np

from kratomtrack.charts import LIGHT
from kratomtrack.charts.patterns import patterns_figure
from kratomtrack.core.patterns import patterns
from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.core.records import Dose
from kratomtrack.core.date_ranges import RangePreset
from kratomtrack.store import plans
from kratomtrack.ui.pages.trends.page import TrendsPage

from conftest import TODAY

pytestmark = pytest.mark.window



def _line(figure, gid):
    return next(a for ax in figure.axes for a in ax.get_children() if a.get_gid() == gid)


def test_chart_draws_weekly_first_dose_and_relief_from_the_figures():
    doses = [Dose(dt.datetime(2026, 6, d, 8), 2.0, pain_before=7, pain_after=5) for d in range(1, 15)]
    p = patterns(doses, dt.date(2026, 6, 1), dt.date(2026, 6, 14))
    figure = patterns_figure(p, None, LIGHT)
    assert list(_line(figure, "first-dose").get_ydata()) == [8.0, 8.0]
    assert np.isnan(_line(figure, "median-gap").get_ydata()).all()  # one dose a day: no gap
    assert list(_line(figure, "relief").get_ydata()) == [2] * 14
    # Timing (with its gap axis), relief and under it each dose's amount; no plan panel.
    assert len(figure.axes) == 4
    stems = _line(figure, "relief-dose-grams").get_segments()
    assert [tuple(s[:, 1]) for s in stems] == [(0.0, 2.0)] * 14


def test_patterns_tab_draws_planned_against_logged_when_shown(db, qtbot):
    for i in range(10):
        day = TODAY - dt.timedelta(days=i)
        db.add_dose(Dose(dt.datetime.combine(day, dt.time(9)), 3.0), today=TODAY)
    plans.set_plan(db, Plan((PlanStep(TODAY - dt.timedelta(days=6), 2500),)))
    page = TrendsPage(db, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.set_preset(RangePreset.LAST_4_WEEKS)
    page.show()
    qtbot.waitExposed(page)
    assert page.patterns_tab.canvas is None  # not drawn until shown
    page.tabs.setCurrentIndex(2)
    figure = page.patterns_tab.canvas.figure
    planned = _line(figure, "planned")
    assert list(planned.get_ydata()) == [2.5] * 7
    assert page.tabs.tabText(2) == "Patterns"
