"""The chart builders (matplotlib Figures, no Qt): what they draw and how it reads."""

import datetime as dt
import math
import subprocess
import sys

import numpy as np
import pytest
from pypdf import PdfReader

from kratomtrack.charts import DARK, LIGHT, PRINT, build_trends_figure, timeline_chart, together_figure
from kratomtrack.charts.palette import _lightness, palette_for_window
from kratomtrack.charts.axis import day_x, x_day
from kratomtrack.charts.panels import bar_heights
from kratomtrack.charts.timeline import PANELS
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.chart_periods import period_start
from kratomtrack.core.trends import trend_figures

D = dt.date
START = D(2026, 3, 2)  # a Monday


def at(day, hour, grams, form=Form.POWDER):
    return Dose(dt.datetime.combine(day, dt.time(hour)), grams, form)


def short_figures():
    days = [START + dt.timedelta(days=i) for i in range(14)]
    doses = [at(days[0], 8, 2.0), at(days[0], 14, 1.5), at(days[2], 9, 3.0),
             at(days[3], 9, 0.5, Form.EXTRACT), at(days[5], 9, 2.5), at(days[5], 10, 0.3, Form.SEVEN_OH)]
    checkins = [CheckIn(days[0], pain=6, ratings={"dizziness": 2}),
                CheckIn(days[1], pain=5),
                CheckIn(days[3], pain=7, ratings={"dizziness": 0, "insomnia": 3}),
                CheckIn(days[5], ratings={"nausea": 1})]
    return trend_figures(doses, checkins, days[0], days[-1], side_effect_order=["dizziness", "insomnia", "nausea"])


def long_figures(days=400):
    doses = [at(START + dt.timedelta(days=i), 9, 1.0 + (i % 7)) for i in range(days)]
    checkins = [CheckIn(START + dt.timedelta(days=i), pain=i % 11, ratings={"anxiety": i % 4})
                for i in range(0, days, 2)]
    return trend_figures(doses, checkins, START, START + dt.timedelta(days=days - 1))


def test_day_positions_round_trip():
    assert x_day(day_x(D(2026, 3, 29))) == D(2026, 3, 29)
    assert x_day(day_x(D(2026, 3, 29)) + 0.45) == D(2026, 3, 29)


def test_daily_bars_show_leaf_grams_only_and_markers_mark_concentrate_days():
    figs = short_figures()
    chart = timeline_chart(figs, LIGHT)
    bars = bar_heights(chart.artist("leaf-bars"))
    assert [(x_day(left + 0.4), h) for left, h in bars] == [
        (START, 3.5), (START + dt.timedelta(days=2), 3.0), (START + dt.timedelta(days=5), 2.5)]
    extract = chart.artist("extract-days")
    seven_oh = chart.artist("seven-oh-days")
    assert [x_day(x) for x in extract.get_xdata()] == [START + dt.timedelta(days=3)]
    assert [x_day(x) for x in seven_oh.get_xdata()] == [START + dt.timedelta(days=5)]
    # Told apart by shape, not only colour.
    assert extract.get_marker() != seven_oh.get_marker()


def test_pain_line_has_gaps_for_unrated_days():
    chart = timeline_chart(short_figures(), LIGHT)
    pain = chart.artist("pain").get_ydata()
    assert list(pain[:2]) == [6, 5]
    assert math.isnan(pain[2])  # not rated: a gap, not a zero
    assert pain[3] == 7


def test_peg_scores_are_drawn_when_given():
    figs = short_figures()
    assert timeline_chart(figs, LIGHT).artist("peg") is None
    peg = [(START + dt.timedelta(days=6), 6.3), (START + dt.timedelta(days=13), 5.0), (D(2025, 1, 6), 9.0)]
    chart = timeline_chart(figs, LIGHT, peg=peg)
    line = chart.artist("peg")
    assert list(line.get_ydata()) == [6.3, 5.0]  # the score outside the range is left out
    labels = [t.get_text() for t in chart.axes["pain"].get_legend().get_texts()]
    assert "PEG score (0-10)" in labels


def _cells(chart, gid="side-effects"):
    """Each heat-map cell drawn: (row, day, colour) from its rectangle (one compound path a colour)."""
    cells = chart.artist(gid)
    colours = cells.get_facecolors()
    return [(round((box[:, 1].min() + box[:, 1].max()) / 2), x_day((box[:, 0].min() + box[:, 0].max()) / 2),
             tuple(np.round(colours[i], 3)))
            for i, path in enumerate(cells.get_paths()) for box in path.to_polygons()]


def test_heat_map_draws_rated_cells_in_their_shade_and_writes_digits_on_short_ranges():
    from matplotlib.colors import to_rgba

    chart = timeline_chart(short_figures(), LIGHT)
    assert [label.get_text() for label in chart.axes["side_effects"].get_yticklabels()] == [
        "dizziness", "insomnia", "nausea"]
    shade = {i: tuple(np.round(to_rgba(c), 3)) for i, c in enumerate(LIGHT.ratings)}
    rated = _cells(chart)
    assert (0, START, shade[2]) in rated and (0, START + dt.timedelta(days=3), shade[0]) in rated
    assert len(rated) == 4  # not rated is no rating cell (not "none")
    digits = sorted(t.get_text() for t in chart.axes["side_effects"].texts if t.get_text().isdigit())
    assert digits == ["0", "1", "2", "3"]


def test_long_ranges_draw_weekly_bars_and_weekly_heat_map_columns():
    figs = long_figures()
    chart = timeline_chart(figs, LIGHT)
    bars = bar_heights(chart.artist("leaf-bars"))
    assert len(bars) == len([w for w in figs.weeks if w.days_counted])
    first_week = figs.weeks[0]
    assert bars[0][1] == pytest.approx(first_week.leaf_per_day)
    # A week's cell stacks its days at each rating (anxiety is rated 0-3 in turn, every 2nd day).
    days = {x for _, x, _ in _cells(chart)}
    rated = {c for c, v in zip(figs.heat_map.columns, figs.heat_map.values[0]) if v is not None}
    assert {period_start(d, "week") for d in days} == rated
    assert "mean of each week" in chart._titles["intake"].get_text()


def test_updating_a_chart_replaces_the_data_and_keeps_the_axes():
    chart = timeline_chart(short_figures(), LIGHT)
    axes = dict(chart.axes)
    chart.update(long_figures())
    assert chart.axes == axes
    assert len(chart.axes["intake"].collections) == 1  # the old bars are gone
    assert len(bar_heights(chart.artist("leaf-bars"))) > 50


def test_empty_range_says_so():
    figs = trend_figures([], [], START, START + dt.timedelta(days=27))
    chart = timeline_chart(figs, LIGHT)
    notes = [chart._notes[name].get_text() for name in ("intake", "pain", "side_effects")]
    assert notes == ["Nothing recorded in these dates.", "No pain rated in these dates.",
                     "No side effects rated in these dates."]


def test_every_panel_has_a_unit_on_its_value_axis():
    chart = timeline_chart(short_figures(), LIGHT)
    labels = {name: chart.axes[name].get_ylabel() for name in PANELS if name != "side_effects"}
    assert labels == {"intake": "g per logged day", "doses": "doses", "use_days": "days (of 7)",
                      "pain": "pain (0-10)"}
    assert chart.axes["side_effects"].get_xlabel() == "date"


@pytest.mark.parametrize("palette", [LIGHT, PRINT])
def test_rating_colours_get_darker_in_even_steps_for_grey_print(palette):
    light = [_lightness(c) for c in palette.ratings]
    assert all(a - b > 0.15 for a, b in zip(light, light[1:]))


def test_dark_palette_ratings_get_brighter_with_severity():
    light = [_lightness(c) for c in DARK.ratings]
    assert all(b - a > 0.1 for a, b in zip(light, light[1:]))


def test_window_colours_choose_light_or_dark():
    assert palette_for_window("#1e1e1e", "#eeeeee").name == "dark"
    assert palette_for_window("#ffffff", "#000000").background == "#ffffff"


def test_print_palette_is_grey_only():
    for value in vars(PRINT).values():
        colours = value if isinstance(value, tuple) else (value,)
        for colour in colours:
            if isinstance(colour, str) and colour.startswith("#"):
                assert colour[1:3] == colour[3:5] == colour[5:7], colour


def test_trends_figure_saves_as_a_vector_pdf_with_plain_words(tmp_path):
    figure = build_trends_figure(short_figures(), PRINT, panels=("intake", "pain"), width=7)
    path = tmp_path / "chart.pdf"
    figure.savefig(path)
    text = PdfReader(path).pages[0].extract_text()
    assert "Leaf kratom per logged day" in text
    assert "pain (0-10)" in text
    assert "Side effects" not in text  # only the panels asked for


def test_together_figure_has_pain_then_each_side_effect_and_the_caption():
    figs = short_figures()
    figure = together_figure(figs, LIGHT)
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert titles == ["Pain (3 days)", "Dizziness (2 days)", "Insomnia (1 day)", "Nausea (1 day)"]
    assert any("not what caused what" in t.get_text() for t in figure.texts)
    pain_ax = figure.axes[0]
    plain = next(line for line in pain_ax.lines if line.get_gid() == "scatter")
    strong = next(line for line in pain_ax.lines if line.get_gid() == "scatter-concentrate")
    assert list(plain.get_xdata()) == [3.5, 0.0]
    assert list(strong.get_xdata()) == [0.0]  # the extract day: no leaf grams
    # Ratings are nudged apart a little, never onto another rating.
    assert np.all(np.abs(np.asarray(plain.get_ydata()) - np.array([6, 5])) < 0.3)


def test_charts_use_neither_qt_nor_pyplot():
    code = ("import sys, kratomtrack.charts; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'matplotlib.pyplot'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
