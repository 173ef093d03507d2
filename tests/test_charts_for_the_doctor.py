"""The charts a doctor reads (issue 27, "Charts"), checked on the artists drawn for
generated logs written into a real log: the summary's own figures (as the PDF
draws them) and the same chart code Trends uses.

Each test reads what was drawn: tick positions and labels, legend texts, line
data with NaN breaks, the not-logged bands, marker positions, cell colours
and heights.
"""

import datetime as dt

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from kratomtrack.charts import LIGHT, PRINT, build_trends_figure, timeline_chart
from kratomtrack.charts.axis import day_x, x_day
from kratomtrack.charts.heat_map import CELL, WITHDRAWAL_HEADING
from kratomtrack.charts.panels import bar_heights, draw_use_days
from kratomtrack.charts.patterns import patterns_figure, relief_figure
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.summary.build import summarise
from kratomtrack.core.trends import TrendLog
from kratomtrack.report.charts import summary_chart_figures
from kratomtrack.report.content import summary_document
from kratomtrack.report.document import Table
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.summary_source import gather_summary_input

import chart_logs
from conftest import TODAY

DAY = dt.timedelta(days=1)


def _log(tmp_path, name, days=None):
    db = LogDatabase.open_folder(tmp_path / name)
    chart_logs.LOGS[name](db, TODAY, **({"days": days} if days else {}))
    return db


def _summary(db, days):
    return summarise(gather_summary_input(db, TODAY - (days - 1) * DAY, TODAY, made_on=TODAY))


def _axes(figures, title_start):
    """The axes (of the summary's figures) whose title begins with ``title_start``."""
    for figure in figures:
        for ax in figure.axes:
            titles = [t.get_text() for t in ax.texts] + [ax.get_title(loc="left")]
            if any(t.startswith(title_start) for t in titles):
                return ax
    raise AssertionError(f"no panel titled {title_start!r}")


def _artist(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    return found[0] if found else None


def _legend(ax):
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


def _drawn(figure):
    FigureCanvasAgg(figure).draw()
    return figure


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    db = _log(tmp_path_factory.mktemp("logs"), "mixed")
    yield db, _summary(db, 90)
    db.close()


@pytest.fixture(scope="module")
def constant(tmp_path_factory):
    db = _log(tmp_path_factory.mktemp("logs"), "constant", days=120)
    yield db, _summary(db, 90)
    db.close()


# --- doses: whole-number ticks --------------------------------------------------------


def test_the_doses_axis_has_a_tick_at_each_whole_dose_so_3_a_day_reads(constant):
    _, summary = constant
    ax = _axes(_drawn_all(summary), "Doses per logged day")
    low, high = ax.get_ylim()
    shown = [t for t in ax.get_yticklabels() if low <= t.get_position()[1] <= high]
    assert [t.get_position()[1] for t in shown] == [0, 1, 2, 3]  # the log: 3 doses every day
    assert [t.get_text() for t in shown] == ["0", "1", "2", "3"]


def test_a_low_doses_panel_keeps_a_grid_line_at_each_whole_dose():
    from kratomtrack.charts.panels import dose_ticks

    ax = Figure().add_subplot()
    ax.set_ylim(0, 9.4)
    dose_ticks(ax, 0.5)  # half an inch: no room for ten labels
    assert [t for t in ax.get_yticks() if 0 <= t <= 9.4] == [0, 5]
    lines = {t for t in [*ax.get_yticks(), *ax.yaxis.get_minorticklocs()] if 0 <= t <= 9.4}
    assert sorted(lines) == list(range(10))  # a grid line at each whole dose


def _drawn_all(summary):
    return [_drawn(f) for f in summary_chart_figures(summary)]


# --- one label per quantity -----------------------------------------------------------


@pytest.mark.parametrize("days, bars", [(60, "leaf g per logged day"),
                                        (200, "leaf g per logged day, week's mean"),
                                        (800, "leaf g per logged day, month's mean")])
def test_grams_are_per_logged_day_under_one_label_on_every_range(tmp_path, days, bars):
    db = _log(tmp_path, "mixed", days=days)
    summary = _summary(db, days)
    ax = _axes(summary_chart_figures(summary), "Leaf kratom per logged day")
    assert ax.get_ylabel() == "g per logged day"
    assert _legend(ax)[0] == bars
    figs = summary.trends
    heights = [h for _, h in bar_heights(_artist(ax, "leaf-bars"))]
    if figs.periods:  # the mean over each period's logged days, never over its calendar days
        expected = [p.leaf_grams / p.logged_days for p in figs.periods if p.logged_days and p.leaf_grams]
    else:
        expected = [g for g in figs.leaf_grams if g]
    assert heights == pytest.approx(expected)
    db.close()


# --- unknown days ---------------------------------------------------------------------


def _band_days(ax):
    bands = _artist(ax, "not-logged")
    days = set()
    for path in bands.get_paths() if bands else ():
        left, right = path.vertices[:, 0].min(), path.vertices[:, 0].max()
        days |= {x_day(x) for x in np.arange(left + 0.5, right)}
    return days


def test_days_with_nothing_logged_are_a_not_logged_band_with_a_legend_key(mixed):
    _, summary = mixed
    figures = summary_chart_figures(summary)
    unknown = {d for d, on in zip(summary.trends.days, summary.trends.logged) if not on}
    gap = {TODAY - back * DAY for back in chart_logs.GAP_DAYS}
    assert gap | {TODAY} <= unknown  # the log: a 12-day gap, and today not logged yet
    for title in ("Leaf kratom per logged day", "Doses per logged day"):
        ax = _axes(figures, title)
        assert _band_days(ax) == unknown, title
    intake = _axes(figures, "Leaf kratom per logged day")
    assert "not logged" in _legend(intake)
    # Today, not logged yet, has no bar: unknown is not a zero.
    assert day_x(TODAY) not in {round(left + 0.4) for left, _ in bar_heights(_artist(intake, "leaf-bars"))}


def test_a_month_with_nothing_logged_is_a_not_logged_band_on_long_ranges(tmp_path):
    first = TODAY - 900 * DAY
    doses = [Dose(dt.datetime.combine(first + i * DAY, dt.time(9)), 2.0) for i in range(900)
             if not dt.date(2025, 3, 1) <= first + i * DAY <= dt.date(2025, 3, 31)]
    figs = TrendLog(doses, []).figures(first, TODAY)
    chart = timeline_chart(figs, PRINT)
    assert _band_days(chart.axes["intake"]) >= {dt.date(2025, 3, 1), dt.date(2025, 3, 31)}
    assert dt.date(2025, 2, 28) not in _band_days(chart.axes["intake"])
    assert "not logged" in _legend(chart.axes["intake"])


def test_the_last_part_week_with_today_not_logged_is_unknown_not_a_zero_bar():
    monday = dt.date(2026, 11, 16)  # TODAY is a Friday
    doses = [Dose(dt.datetime.combine(monday + i * DAY, dt.time(9)), 2.0) for i in range(4)]
    figs = TrendLog(doses, [], first_day=monday - 14 * DAY).figures(monday - 14 * DAY, TODAY)
    ax = Figure().add_subplot()
    text = draw_use_days(ax, figs, PRINT)
    words = [t.get_text() for t in ax.texts if t.get_gid() == "part-week"]
    assert words == ["4 of 4 logged days"]  # not "4 of 5 days", nor "0 of 1 days"
    unknown = _artist(ax, "unlogged-days")
    assert [h for _, h in bar_heights(unknown)][-1] == 1.0  # today: the not-logged part
    assert "not logged" in [k.get_label() for k in text.legend]


# --- lines break at gaps --------------------------------------------------------------


def test_the_peg_line_breaks_where_a_week_has_no_score(mixed):
    _, summary = mixed
    ax = _axes(summary_chart_figures(summary), "Pain (0 no pain")
    line = _artist(ax, "peg")
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    breaks = np.flatnonzero(np.isnan(y))
    assert len(breaks) == 1  # the 12-day gap: the scores either side of it are not joined
    before, after = x[breaks[0] - 1], x[breaks[0] + 1]
    gap = {day_x(TODAY - back * DAY) for back in chart_logs.GAP_DAYS}
    assert before < min(gap) and max(gap) < after
    joined = [(a, b) for a, b, ya, yb in zip(x, x[1:], y, y[1:]) if np.isfinite(ya) and np.isfinite(yb)]
    assert joined and all(b - a == 7 for a, b in joined)


def test_monthly_peg_means_break_at_a_month_without_a_score():
    first = dt.date(2024, 1, 1)
    peg = [(first + i * 7 * DAY, 5.0) for i in range(120) if (first + i * 7 * DAY).month != 6]
    figs = TrendLog([Dose(dt.datetime(2024, 1, 1, 9), 1.0)], []).figures(first, dt.date(2026, 3, 31))
    chart = timeline_chart(figs, LIGHT, peg=peg)
    y = np.asarray(chart.artist("peg").get_ydata(), float)
    assert np.isnan(y).sum() == 2  # June 2024 and June 2025


def test_the_weekly_timing_lines_break_at_weeks_without_doses(mixed):
    db, summary = mixed
    figure = patterns_figure(summary.patterns, None, LIGHT)
    first = next(a for ax in figure.axes for a in ax.get_lines() if a.get_gid() == "first-dose")
    assert np.isnan(np.asarray(first.get_ydata(), float)).any()


# --- legends only for what is drawn ---------------------------------------------------


def test_no_legend_key_for_what_the_range_does_not_hold(constant, mixed):
    _, steady = constant
    intake = _axes(summary_chart_figures(steady), "Leaf kratom per logged day")
    keys = " ".join(_legend(intake))
    for absent in ("7-OH", "extract", "red flag", "night", "not logged"):
        assert absent not in keys, absent
    pain = _axes(summary_chart_figures(steady), "Pain (0 no pain")
    assert "PEG score (0-10)" not in _legend(pain)  # no PEG in this log
    assert "not rated" not in _legend(_axes(summary_chart_figures(steady), "Side effects"))  # rated daily
    _, varied = mixed
    keys = " ".join(_legend(_axes(summary_chart_figures(varied), "Leaf kratom per logged day")))
    for present in ("7-OH", "extract", "red flag", "night", "not logged"):
        assert present in keys, present
    assert "not rated" in _legend(_axes(summary_chart_figures(varied), "Side effects"))


def test_a_range_without_ratings_keys_no_rating():
    first = dt.date(2026, 3, 2)
    figs = TrendLog([Dose(dt.datetime(2026, 3, 2, 9), 2.0)], []).figures(first, first + 27 * DAY)
    chart = timeline_chart(figs, LIGHT)
    assert _legend(chart.axes["side_effects"]) == []
    assert chart._notes["side_effects"].get_text() == "No side effects rated in these dates."


def test_a_peg_outside_the_range_gets_no_legend_key():
    first = dt.date(2026, 3, 2)
    figs = TrendLog([Dose(dt.datetime(2026, 3, 2, 9), 2.0)], [CheckIn(first, 5)]).figures(first, first + 27 * DAY)
    chart = timeline_chart(figs, LIGHT, peg=[(first - 30 * DAY, 6.0)])
    assert "PEG score (0-10)" not in _legend(chart.axes["pain"])


# --- the heat map ---------------------------------------------------------------------


def test_not_rated_cells_are_faint_without_frames_and_lighter_than_none(mixed):
    _, summary = mixed
    figures = summary_chart_figures(summary)
    ax = _axes(figures, "Side effects")
    faint = _artist(ax, "not-rated")
    rows = [t for t in ax.get_yticklabels() if t.get_text() != WITHDRAWAL_HEADING]
    assert len(faint.get_paths()[0].to_polygons()) == len(rows)  # a faint band along each row
    assert tuple(faint.get_facecolor()[0]) == to_rgba(PRINT.not_logged)
    assert len(faint.get_edgecolor()) == 0 or faint.get_linewidth()[0] == 0  # no frames
    assert faint.get_zorder() < _artist(ax, "side-effects").get_zorder()  # under the ratings
    grey = np.mean(to_rgba(PRINT.not_logged)[:3])
    assert all(np.mean(to_rgba(c)[:3]) < grey - 0.1 for c in PRINT.ratings)


def test_withdrawal_type_symptoms_are_under_their_own_heading(mixed):
    _, summary = mixed
    ax = _axes(summary_chart_figures(summary), "Side effects")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    places = dict(zip(labels, ax.get_yticks()))
    assert places[WITHDRAWAL_HEADING] > places["dizziness"]
    for name in ("muscle aches", "restlessness", "craving"):
        assert places[name] > places[WITHDRAWAL_HEADING], name
    heading = next(t for t in ax.get_yticklabels() if t.get_text() == WITHDRAWAL_HEADING)
    assert heading.get_fontweight() == "bold"


def test_a_long_range_heat_map_shows_days_at_each_rating_per_month_not_the_strongest():
    first = dt.date(2016, 12, 1)
    last = dt.date(2026, 11, 30)
    days = [first + i * DAY for i in range((last - first).days + 1)]
    # Every month: severe on the 1st, mild on the 2nd to the 7th, none on the 8th; else not rated.
    checkins = [CheckIn(d, 5, {"nausea": 3 if d.day == 1 else 1 if d.day <= 7 else 0})
                for d in days if d.day <= 8]
    figs = TrendLog([Dose(dt.datetime.combine(d, dt.time(9)), 2.0) for d in days], checkins).figures(first, last)
    chart = timeline_chart(figs, PRINT)
    ax = chart.axes["side_effects"]
    assert "days at each rating in each month" in chart._titles["side_effects"].get_text()
    cells = chart.artist("side-effects")  # one compound path a rating
    colours = [tuple(c) for c in cells.get_facecolors()]
    january = [(colours[i], box[:, 1].max() - box[:, 1].min())
               for i, path in enumerate(cells.get_paths()) for box in path.to_polygons()
               if x_day(box[:, 0].min() + 0.5) == dt.date(2021, 1, 1)]
    by_rating = {PRINT.ratings.index(next(c for c in PRINT.ratings if to_rgba(c) == colour)): height
                 for colour, height in january}
    assert by_rating == pytest.approx({3: CELL / 31, 1: 6 * CELL / 31, 0: CELL / 31})
    assert "not rated" in _legend(ax)


# --- red flags and night doses --------------------------------------------------------


def test_red_flags_and_night_doses_are_marked_on_the_timeline_and_in_the_day_table(mixed):
    db, summary = mixed
    intake = _axes(summary_chart_figures(summary), "Leaf kratom per logged day")
    confusion = TODAY - chart_logs.CONFUSION_BACK * DAY
    night = TODAY - chart_logs.NIGHT_DOSE_BACK * DAY
    flags = [x_day(x) for x in _artist(intake, "red-flags").get_xdata()]
    assert flags == [TODAY - chart_logs.DARK_URINE_BACK * DAY, confusion]
    nights = {x_day(x) for x in _artist(intake, "night-doses").get_xdata()}
    assert night in nights and night + DAY == confusion
    expected = {d for d in summary.trends.days
                if any(x.day == d and x.taken_at.hour < 5 for x in db.all_doses())}
    assert nights == expected
    assert {"red flag ticked", "dose at night (00:00-05:00)"} <= set(_legend(intake))
    table = next(b for b in summary_document(summary, day_table=True).blocks if isinstance(b, Table)
                 and b.headers[0] == "Date")
    rows = {r[0]: r for r in table.rows}
    marked = next(r for d, r in rows.items() if d.endswith(confusion.strftime("%-d %b %Y")))
    assert "RED FLAG: confusion or hallucinations" in marked[5]
    night_row = next(r for d, r in rows.items() if d.endswith(night.strftime("%-d %b %Y")))
    assert "(1 at night)" in night_row[2]


# --- relief against dose amount -------------------------------------------------------


def test_relief_per_dose_is_drawn_over_each_doses_amount_in_one_figure(mixed):
    db, summary = mixed
    figure = relief_figure(summary.patterns, PRINT)
    relief = next(a for ax in figure.axes for a in ax.get_lines() if a.get_gid() == "relief")
    stems = next(c for ax in figure.axes for c in ax.collections if c.get_gid() == "relief-dose-grams")
    paired = sorted((d.taken_at, d.grams) for d in db.all_doses()
                    if d.pain_before is not None and d.pain_after is not None
                    and summary.patterns.start <= d.day <= summary.patterns.end)
    assert len(relief.get_xdata()) == len(paired) == len(stems.get_segments())
    for segment, x, (_, grams) in zip(stems.get_segments(), relief.get_xdata(), paired):
        assert segment[0, 0] == x and segment[1, 1] == pytest.approx(grams)
    relief_ax, amounts_ax = figure.axes
    assert relief_ax.get_shared_x_axes().joined(relief_ax, amounts_ax)  # one time axis
    # The summary prints it with its charts.
    assert _axes(summary_chart_figures(summary), "Relief per dose")


# --- short ranges ---------------------------------------------------------------------


@pytest.mark.parametrize("days", [1, 2, 3, 7, 12])
def test_short_ranges_never_repeat_a_date_label(constant, days):
    db, _ = constant
    summary = _summary(db, days)
    figures = summary_chart_figures(summary)
    assert figures
    for figure in figures:
        _drawn(figure)
        for ax in figure.axes:
            labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
            assert len(labels) == len(set(labels)), labels


def test_a_one_day_range_is_ticked_once_on_its_day(constant):
    db, _ = constant
    figure = _drawn(build_trends_figure(_summary(db, 1).trends, PRINT, panels=("intake",)))
    ax = figure.axes[0]
    visible = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert visible == [day_x(TODAY)]
