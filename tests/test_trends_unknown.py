"""Trends shows a day with nothing logged as unknown, never as 0 g (issue 31):
its daily figures are None, the 7-day average leaves it out and needs 4
logged days of its 7, the charts draw nothing there, and the day's words say
"not logged". Amounts read as core.amounts writes them (a 7-OH dose "15 mg")."""

import datetime as dt
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from kratomtrack.charts import LIGHT, PRINT, timeline_chart, together_figure
from kratomtrack.charts.axis import day_x, x_day
from kratomtrack.charts.panels import bar_heights, draw_use_days
from kratomtrack.core.coverage import day_kind
from kratomtrack.core.daily import daily_totals
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.trends import AVERAGE_DAYS, AVERAGE_MIN_LOGGED, TrendLog

from conftest import TODAY


def test_an_average_needs_4_logged_days_of_its_7():
    assert (AVERAGE_MIN_LOGGED, AVERAGE_DAYS) == (4, 7)  # docs/health-content.md

D = dt.date
FIRST = D(2026, 3, 2)  # a Monday
SPAN = 45


def at(day, grams, form=Form.POWDER, hour=9):
    return Dose(dt.datetime.combine(day, dt.time(hour)), grams, form)


def window_days(day):
    return [day - dt.timedelta(days=k) for k in range(AVERAGE_DAYS - 1, -1, -1)]


# --- the figures ----------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(
    milligrams=st.integers(1, 20000),
    kinds=st.lists(st.sampled_from(["unknown", "dose", "split", "dose+7oh", "checkin"]),
                   min_size=SPAN, max_size=SPAN),
    start=st.integers(0, SPAN - 1),
    length=st.integers(1, 40),
)
def test_a_steady_log_averages_its_amount_whatever_days_are_unknown(milligrams, kinds, start, length):
    """The same leaf grams on every logged day: every defined 7-day average is
    that amount; days with nothing logged never pull it down."""
    doses, checkins = [], []
    for i, kind in enumerate(kinds):
        day = FIRST + dt.timedelta(days=i)
        if kind == "dose":
            doses.append(at(day, milligrams / 1000))
        elif kind == "split":  # the same amount in two doses
            half = milligrams // 2
            doses += [at(day, half / 1000, hour=8), at(day, (milligrams - half) / 1000, hour=20)]
        elif kind == "dose+7oh":  # a 7-OH product is never leaf grams
            doses += [at(day, milligrams / 1000), at(day, 0.015, Form.SEVEN_OH)]
        elif kind == "checkin":  # a check-in on a day of the same dose
            doses.append(at(day, milligrams / 1000))
            checkins.append(CheckIn(day, pain=4))
    first = FIRST + dt.timedelta(days=start)
    figs = TrendLog(doses, checkins).figures(first, first + dt.timedelta(days=length - 1))
    logged = {FIRST + dt.timedelta(days=i) for i, kind in enumerate(kinds) if kind != "unknown"}
    for day, average in zip(figs.days, figs.leaf_average):
        count = sum(d in logged for d in window_days(day))
        if count < 4:
            assert average is None, (day, count)
        else:
            assert average == milligrams / 1000, (day, count)


records = st.lists(st.tuples(st.integers(0, 29), st.integers(1, 9000),
                             st.sampled_from([Form.POWDER, Form.EXTRACT, Form.SEVEN_OH])), max_size=30)
checkin_days = st.lists(st.tuples(st.integers(0, 29), st.one_of(st.none(), st.integers(0, 10)),
                                  st.sampled_from(["", "a note"])), max_size=12)


@settings(max_examples=80, deadline=None)
@given(records, checkin_days, st.sets(st.integers(0, 29), max_size=8), st.integers(-5, 25),
       st.integers(1, 30))
def test_daily_series_are_none_exactly_on_unknown_days(dose_rows, checkin_rows, marked, start, length):
    doses = [at(FIRST + dt.timedelta(days=d), mg / 1000, form) for d, mg, form in dose_rows]
    # Empty check-ins (no pain, no note) too: they hold nothing, so they log nothing.
    checkins = {FIRST + dt.timedelta(days=d): CheckIn(FIRST + dt.timedelta(days=d), pain, note=note)
                for d, pain, note in checkin_rows}
    marks = {FIRST + dt.timedelta(days=d) for d in marked} - {d.day for d in doses}
    totals = daily_totals(doses)
    begin = FIRST + dt.timedelta(days=start)
    figs = TrendLog(doses, checkins.values(), no_use_days=marks).figures(
        begin, begin + dt.timedelta(days=length - 1))

    def kind(day):
        t = totals.get(day)
        checkin = checkins.get(day)
        return day_kind(t.doses if t else 0, checkin is not None and not checkin.is_empty, day in marks)

    for i, day in enumerate(figs.days):
        t = totals.get(day)
        if kind(day).logged:
            assert figs.logged[i]
            assert figs.leaf_grams[i] == (t.leaf_mg / 1000 if t else 0)
            assert figs.extract_grams[i] == (t.extract_mg / 1000 if t else 0)
            assert figs.seven_oh_grams[i] == (t.seven_oh_mg / 1000 if t else 0)
            assert figs.doses[i] == (t.doses if t else 0)
        else:
            assert not figs.logged[i]
            assert (figs.leaf_grams[i], figs.extract_grams[i], figs.seven_oh_grams[i],
                    figs.doses[i]) == (None, None, None, None)
        # The average: over the logged days of the 7, only with 4 of them.
        on = [d for d in window_days(day) if kind(d).logged]
        expected = (float(Fraction(sum(totals[d].leaf_mg for d in on if d in totals), 1000 * len(on)))
                    if len(on) >= 4 else None)
        assert figs.leaf_average[i] == expected
        numbers = figs.day(day)
        assert numbers.logged == kind(day).logged
        assert numbers.seven_oh_mg == ((t.seven_oh_mg if t else 0) if numbers.logged else None)
    # Weeks and the scatter read logged days only.
    for week in figs.weeks:
        days = [d for d in figs.days if week.start <= d < week.start + dt.timedelta(days=7)]
        logged_days = sum(1 for d in days if kind(d).logged)
        assert week.logged_days == logged_days
        if logged_days == 0:
            assert week.leaf_per_day is None and week.doses_per_day is None
        else:
            assert week.leaf_per_day == sum(totals[d].leaf_mg for d in days if d in totals) / 1000 / logged_days
    assert all(kind(p.day).logged for p in figs.pain_vs_leaf)


def test_a_range_with_nothing_logged_is_empty_and_one_with_only_marks_is_not():
    log = TrendLog([], [], no_use_days=[FIRST + dt.timedelta(days=3)])
    assert log.first_day == FIRST + dt.timedelta(days=3)
    assert log.figures(FIRST, FIRST + dt.timedelta(days=2)).is_empty
    marked = log.figures(FIRST, FIRST + dt.timedelta(days=6))
    assert not marked.is_empty
    assert marked.leaf_grams == [None, None, None, 0.0, None, None, None]


def test_long_ranges_draw_no_bar_for_a_period_with_nothing_logged():
    doses = [at(FIRST + dt.timedelta(days=i), 3.0) for i in range(200) if not 60 <= i < 100]
    figs = TrendLog(doses, []).figures(FIRST, FIRST + dt.timedelta(days=199))
    assert figs.period == "week"
    empty = [p for p in figs.periods if p.logged_days == 0]
    assert empty and all(p.leaf_per_day is None and p.doses_per_day is None for p in empty)
    assert {p.leaf_per_day for p in figs.periods if p.logged_days} == {3.0}
    chart = timeline_chart(figs, LIGHT)
    assert len(bar_heights(chart.artist("leaf-bars"))) == len(figs.periods) - len(empty)


# --- the charts ---------------------------------------------------------------------------


def gap_log():
    """4.5 g every day for 40 days, but nothing logged on days 15-24."""
    doses = [at(FIRST + dt.timedelta(days=i), 4.5) for i in range(40) if not 15 <= i < 25]
    checkins = [CheckIn(FIRST + dt.timedelta(days=i), pain=5) for i in range(0, 40, 3)
                if not 15 <= i < 25]
    return TrendLog(doses, checkins)


def test_the_intake_chart_draws_nothing_on_unknown_days_and_breaks_the_average_there():
    figs = gap_log().figures(FIRST, FIRST + dt.timedelta(days=39))
    chart = timeline_chart(figs, LIGHT)
    gap = {FIRST + dt.timedelta(days=i) for i in range(15, 25)}
    bars = [x_day(left + 0.4) for left, _ in bar_heights(chart.artist("leaf-bars"))]
    assert len(bars) == 30 and not gap & set(bars)
    doses = [x_day(left + 0.3) for left, _ in bar_heights(chart.artist("dose-bars"))]
    assert len(doses) == 30 and not gap & set(doses)
    line = chart.artist("leaf-average")
    ys = np.asarray(line.get_ydata(), dtype=float)
    days = [x_day(x) for x in line.get_xdata()]
    # Under 4 logged days of 7: a break in the line (days 18-24 have at most 3).
    broken = {d for d, y in zip(days, ys) if np.isnan(y)}
    assert {FIRST + dt.timedelta(days=i) for i in range(18, 25)} <= broken
    assert np.nanmin(ys) == np.nanmax(ys) == 4.5  # never pulled down by the gap


def test_a_lone_average_between_gaps_is_marked_so_it_shows():
    # Logged on days 0-3 only: the average is defined on day 3 alone
    # (4 logged days), and on days 4-6 with 4 logged days; then none.
    doses = [at(FIRST + dt.timedelta(days=i), 2.0) for i in (0, 1, 2, 3, 9, 10, 11, 12)]
    figs = TrendLog(doses, []).figures(FIRST, FIRST + dt.timedelta(days=13))
    assert [v is not None for v in figs.leaf_average] == (
        [False] * 3 + [True] * 4 + [False] * 5 + [True] * 2)
    line = timeline_chart(figs, LIGHT).artist("leaf-average")
    assert line.get_markevery() == []  # each defined run is longer than one day
    lone = TrendLog([at(FIRST + dt.timedelta(days=i), 2.0) for i in (0, 2, 4, 6)], []).figures(
        FIRST, FIRST + dt.timedelta(days=8))
    assert [v is not None for v in lone.leaf_average] == [False] * 6 + [True] + [False] * 2
    assert timeline_chart(lone, LIGHT).artist("leaf-average").get_markevery() == [6]


def test_a_part_week_with_unknown_days_counts_use_of_its_logged_days():
    wednesday = FIRST + dt.timedelta(days=2)
    figs = TrendLog([at(wednesday, 2.0), at(FIRST + dt.timedelta(days=8), 1.0)], [],
                    first_day=FIRST).figures(wednesday, FIRST + dt.timedelta(days=8))
    ax = Figure().add_subplot()
    draw_use_days(ax, figs, PRINT)
    labels = sorted(t.get_text() for t in ax.texts if t.get_gid() == "part-week")
    # Wednesday to Sunday: one logged day of 5; Monday to Tuesday: one logged day of 2.
    assert labels == ["1 of 1 logged day", "1 of 1 logged day"]


def test_the_together_plots_have_points_only_for_logged_days():
    figs = gap_log().figures(FIRST, FIRST + dt.timedelta(days=39))
    figure = together_figure(figs, LIGHT)
    points = next(line for line in figure.axes[0].lines if line.get_gid() == "scatter")
    assert list(points.get_xdata()) == [4.5] * len(figs.pain_vs_leaf)
    assert len(figs.pain_vs_leaf) == sum(1 for i in range(0, 40, 3) if not 15 <= i < 25)


# --- the page (a real log in tmp_path) ----------------------------------------------------


@pytest.fixture
def gap_page(db, qtbot):
    """4.5 g a day for 40 days up to today, with nothing logged on 10 days in the middle."""
    from kratomtrack.core.date_ranges import RangePreset
    from kratomtrack.ui.pages.trends.page import TrendsPage

    with db.transaction():
        for n in range(40):
            if not 12 <= n < 22:
                day = TODAY - dt.timedelta(days=n)
                db.add_dose(at(day, 4.5), today=TODAY)
                if n % 4 == 0:
                    db.save_checkin(CheckIn(day, pain=5), today=TODAY)
    db.add_dose(at(TODAY - dt.timedelta(days=2), 0.015, Form.SEVEN_OH, hour=21), today=TODAY)
    page = TrendsPage(db, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.set_preset(RangePreset.LAST_3_MONTHS)
    with qtbot.waitSignal(page.redrawn):
        page.show()
    qtbot.waitUntil(lambda: page.chart is not None and page.chart.figs is not None)
    return page


def test_the_trends_page_draws_a_log_with_a_ten_day_gap_as_a_gap(gap_page, qtbot):
    page = gap_page
    gap = [TODAY - dt.timedelta(days=n) for n in range(12, 22)]
    figs = page.figures
    assert all(figs.day(d).leaf_mg is None for d in gap)
    line = page.chart.artist("leaf-average")
    values = dict(zip((x_day(x) for x in line.get_xdata()), line.get_ydata()))
    # The average needs 4 logged days of 7: from the gap's 4th day on (3 logged days
    # of 7 at most) to its last, the line breaks.
    assert all(np.isnan(values[TODAY - dt.timedelta(days=n)]) for n in range(12, 19))
    assert not np.isnan(values[TODAY - dt.timedelta(days=19)])  # 4 logged days of 7
    assert np.nanmin(list(values.values())) == pytest.approx(4.5)  # the gap never lowers it
    bars = {x_day(left + 0.4) for left, _ in bar_heights(page.chart.artist("leaf-bars"))}
    assert not bars & set(gap)
    # The canvas shows it: painted after the draw, no error on the way.
    assert page._timeline._painted is not None
    qtbot.mouseMove(page.canvas, _point(page, gap[3]))
    qtbot.waitUntil(lambda: "not logged" in page.day_label.text())
    assert "0 g" not in page.day_label.text()


def test_a_15_mg_7oh_dose_reads_15_mg_on_hover(gap_page, qtbot):
    page = gap_page
    day = TODAY - dt.timedelta(days=2)
    qtbot.mouseMove(page.canvas, _point(page, day))
    qtbot.waitUntil(lambda: "7-OH product" in page.day_label.text())
    text = page.day_label.text()
    assert "2 doses: leaf kratom 4.5 g, 7-OH product 15 mg" in text
    assert "0.0 g" not in text and "0.015" not in text


def _point(page, day):
    from PySide6.QtCore import QPoint

    ax = page.chart.axes["intake"]
    x_px, y_px = ax.transData.transform((day_x(day), 1.0))
    ratio = page.canvas.device_pixel_ratio
    return QPoint(round(x_px / ratio), round(page.canvas.height() - y_px / ratio))


def test_a_week_with_unknown_days_shows_them_as_not_logged_above_its_logged_days():
    # Monday to Sunday twice: the first week fully logged, the second with 2 logged days.
    # (Was an outline up to 7 keyed "blank: not logged"; now the unknown days are a faint
    # part of their own on top of the logged ones, keyed "not logged" as on every chart.)
    doses = [at(FIRST + dt.timedelta(days=i), 2.0) for i in (0, 1, 2, 3, 4, 5, 6, 7, 9)]
    figs = TrendLog(doses, []).figures(FIRST, FIRST + dt.timedelta(days=13))
    ax = Figure().add_subplot()
    text = draw_use_days(ax, figs, PRINT)
    unknown = next(c for c in ax.collections if c.get_gid() == "unlogged-days")
    assert [(x_day(left + 0.5), h) for left, h in bar_heights(unknown)] == [
        (FIRST + dt.timedelta(days=7), 5.0)]
    assert unknown.get_paths()[0].vertices[0, 1] == 2.0  # standing on the 2 logged days
    assert "not logged" in [h.get_label() for h in text.legend]


def test_a_range_with_only_no_kratom_marks_says_so_not_nothing_recorded():
    figs = TrendLog([], [], no_use_days=[FIRST + dt.timedelta(days=2)]).figures(
        FIRST, FIRST + dt.timedelta(days=6))
    chart = timeline_chart(figs, LIGHT)
    assert chart._notes["intake"].get_text() == "No kratom on the days logged in these dates."
    assert bar_heights(chart.artist("leaf-bars")) == []
