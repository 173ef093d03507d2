"""Long ranges: the charts' series aggregate to weeks or months in core, so the
Trends page and the summary's charts draw the same numbers, and an unlogged
day is never counted as 0 g."""

import datetime as dt

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.summary.build import SummaryInput, summarise
from kratomtrack.core.trends import TrendLog

from conftest import real_today

START = dt.date(2020, 1, 1)


def _dose(day, grams):
    return Dose(dt.datetime.combine(day, dt.time(9)), grams)


def test_a_ten_year_range_is_drawn_by_month_with_means_over_logged_days_only():
    # January 2020: 2 g on 10 days, a "no kratom" mark on 5 days, nothing on the rest.
    doses = [_dose(START + dt.timedelta(days=i), 2.0) for i in range(10)]
    no_use = [START + dt.timedelta(days=10 + i) for i in range(5)]
    later = [_dose(dt.date(2029, 12, 1), 1.0)]
    figs = TrendLog(doses + later, [CheckIn(START, 6)], no_use_days=no_use).figures(
        START, dt.date(2029, 12, 31))
    assert figs.period == "month" and len(figs.periods) == 120
    january = figs.periods[0]
    assert (january.start, january.end, january.logged_days) == (START, dt.date(2020, 1, 31), 15)
    assert january.leaf_per_day == 20 / 15 and january.pain_mean == 6
    assert figs.periods[1].logged_days == 0 and figs.periods[1].leaf_per_day is None
    assert figs.heat_map.column_days == 0 or figs.heat_map.names == []


def test_a_six_month_range_is_drawn_by_week_and_short_ranges_by_day():
    doses = [_dose(START + dt.timedelta(days=i), 1.0) for i in range(200)]
    log = TrendLog(doses, [])
    assert log.figures(START, START + dt.timedelta(days=199)).period == "week"
    short = log.figures(START, START + dt.timedelta(days=59))
    assert short.period == "day" and short.periods == []


def test_the_summary_charts_use_the_same_month_series_as_trends():
    doses = [_dose(START + dt.timedelta(days=i), 3.0) for i in range(0, 1000, 2)]
    end = START + dt.timedelta(days=999)
    summary = summarise(SummaryInput(START, end, doses=doses, made_on=end))
    trends = TrendLog(doses, []).figures(START, end)
    assert summary.trends.periods == trends.periods and summary.trends.period == "month"


def test_weeks_count_days_without_use_only_among_logged_days():
    monday = dt.date(2026, 3, 2)
    doses = [_dose(monday, 2.0)]
    figs = TrendLog(doses, [CheckIn(monday + dt.timedelta(days=1), 3)],
                    no_use_days=[monday + dt.timedelta(days=2)]).figures(monday, monday + dt.timedelta(days=6))
    week = figs.weeks[0]
    assert (week.days_counted, week.logged_days, week.use_days) == (7, 3, 1)
    assert figs.logged == [True, True, True, False, False, False, False]


def test_the_use_days_panel_draws_days_without_only_for_logged_days():
    from matplotlib.figure import Figure

    from kratomtrack.charts import PRINT
    from kratomtrack.charts.panels import bar_heights, draw_use_days

    monday = dt.date(2026, 3, 2)
    figs = TrendLog([_dose(monday, 2.0)], [CheckIn(monday + dt.timedelta(days=1), 3)],
                    no_use_days=[monday + dt.timedelta(days=2)]).figures(monday, monday + dt.timedelta(days=6))
    ax = Figure().add_subplot()
    text = draw_use_days(ax, figs, PRINT)
    logged = next(c for c in ax.collections if c.get_gid() == "counted-days")
    assert [h for _, h in bar_heights(logged)] == [3.0]  # not 7: four days have nothing logged
    assert "days without (logged)" in [h.get_label() for h in text.legend]


def test_the_trends_page_reads_no_kratom_marks(tmp_path, qtbot):
    from kratomtrack.store.database import LogDatabase
    from kratomtrack.store.no_use import set_no_use
    from kratomtrack.ui.pages.trends.page import TrendsPage

    today = real_today()
    db = LogDatabase.open_folder(tmp_path / "data")
    db.add_dose(_dose(today - dt.timedelta(days=2), 2.0), today=today)
    set_no_use(db, today, True, today=today)
    page = TrendsPage(db)
    qtbot.addWidget(page)
    page._reload()
    figs = page._log.figures(today - dt.timedelta(days=2), today)
    assert figs.logged == [True, False, True]  # the dose, nothing, "no kratom today"
