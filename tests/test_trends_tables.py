"""A table behind every Trends chart (issue 29): each view's "Table" holds the
figures its chart draws, read from the chart's own figures objects; a day or
period with nothing logged reads "not logged", never 0; the tables are
reached and left by keyboard; the keyboard cursor on "Over time" announces
the words its label shows."""

import datetime as dt
import random

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from kratomtrack.charts.axis import x_day
from kratomtrack.charts.panels import bar_heights
from kratomtrack.core.amounts import amount_text
from kratomtrack.core.checkups import Peg
from kratomtrack.core.dates import date_text, month_year_text, weekday_date_text
from kratomtrack.core.date_ranges import RangePreset
from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.core.records import RATING_LABELS, CheckIn, Dose, Form
from kratomtrack.core.trends import peg_scores
from kratomtrack.store import plans
from kratomtrack.store.checkups import all_pegs, save_peg
from kratomtrack.store.no_use import set_no_use
from kratomtrack.ui.pages.trends.page import TrendsPage
from kratomtrack.ui.pages.trends.tables import SETTINGS_KEY

from conftest import TODAY

pytestmark = pytest.mark.window  # makes widgets

NOT_LOGGED = "not logged"
OVER_TIME, TOGETHER, PATTERNS = 0, 1, 2
ALT = Qt.KeyboardModifier.AltModifier
# A dose long before the rest, so that "Everything" spans years (a bar per month).
LONG_AGO = TODAY - dt.timedelta(days=1000)


def write_log(db) -> None:
    """200 days ending TODAY: doses (leaf, some extract and 7-OH), "no kratom"
    days, days with nothing logged, pain and side effects, relief pairs,
    weekly PEG answers and a reduction plan; and one dose LONG_AGO."""
    rng = random.Random(29)
    with db.transaction():
        db.add_dose(Dose(dt.datetime.combine(LONG_AGO, dt.time(9)), 3.0), today=TODAY)
        for i in range(200):
            day = TODAY - dt.timedelta(days=i)
            roll = rng.random()
            if roll < 0.15:
                continue  # nothing logged: an unknown day
            if roll < 0.25:
                set_no_use(db, day, True, today=TODAY)
            else:
                for n in range(rng.randint(1, 3)):
                    before = rng.randint(4, 8) if rng.random() < 0.4 else None
                    after = None if before is None else before - rng.randint(-1, 3)
                    db.add_dose(Dose(dt.datetime.combine(day, dt.time(7 + 5 * n, rng.choice((0, 15, 40)))),
                                     rng.choice((1.25, 2.0, 2.5, 3.75)), Form.POWDER,
                                     pain_before=before, pain_after=after), today=TODAY)
                if rng.random() < 0.15:
                    db.add_dose(Dose(dt.datetime.combine(day, dt.time(21)), 0.4, Form.EXTRACT), today=TODAY)
                if rng.random() < 0.08:
                    db.add_dose(Dose(dt.datetime.combine(day, dt.time(22)), 0.015, Form.SEVEN_OH),
                                today=TODAY)
            if rng.random() < 0.75:
                ratings = {}
                if rng.random() < 0.5:
                    ratings["dizziness"] = rng.randint(0, 3)
                if rng.random() < 0.3:
                    ratings["nausea"] = rng.randint(0, 3)
                pain = rng.randint(0, 10) if rng.random() < 0.8 or not ratings else None
                db.save_checkin(CheckIn(day, pain=pain, ratings=ratings), today=TODAY)
            if i % 7 == 3:
                save_peg(db, Peg(day, rng.randint(3, 8), rng.randint(3, 8), rng.randint(3, 8)), today=TODAY)
    plans.set_plan(db, Plan((PlanStep(TODAY - dt.timedelta(days=20), 3000, 3),
                             PlanStep(TODAY - dt.timedelta(days=6), 2500))))


@pytest.fixture
def page(db, qtbot):
    write_log(db)
    widget = TrendsPage(db, peg_scores=lambda: peg_scores(all_pegs(db)), today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.set_preset(RangePreset.LAST_3_MONTHS)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def show_tables(page, qtbot, view: int = OVER_TIME) -> None:
    page.tabs.setCurrentIndex(view)
    page.views.switch.table_button.setChecked(True)
    qtbot.waitUntil(lambda: page.views.panels[view].isVisible())


def table(page, view: int, key: str):
    return page.views.panels[view].views[key]


def cells(table_view) -> list[list[str]]:
    model = table_view.model()
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def headers(table_view) -> list[str]:
    model = table_view.model()
    return [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]


def amount_or_unknown(grams, form=None) -> str:
    return NOT_LOGGED if grams is None else amount_text(round(grams * 1000), form)


def rating_or_unknown(rating, logged: bool) -> str:
    if rating is not None:
        return RATING_LABELS[rating]
    return "not rated" if logged else NOT_LOGGED


# --- the figures ---------------------------------------------------------------------------------


def test_over_time_has_a_row_per_day_with_the_figures_the_chart_draws(page, qtbot):
    show_tables(page, qtbot)
    figs = page.chart.figs  # what the "Over time" chart drew
    assert figs.period == "day"
    peg = {d: s for d, s in peg_scores(all_pegs(page.db)) if figs.start <= d <= figs.end}
    rows = cells(table(page, OVER_TIME, "over-time"))
    assert len(rows) == len(figs.days) == (figs.end - figs.start).days + 1
    for i, (day, row) in enumerate(zip(figs.days, rows)):
        logged = figs.logged[i]
        expected = [
            weekday_date_text(day),
            amount_or_unknown(figs.leaf_grams[i]),
            "too few logged days" if figs.leaf_average[i] is None else f"{figs.leaf_average[i]:.1f} g",
            amount_or_unknown(figs.extract_grams[i], Form.EXTRACT),
            amount_or_unknown(figs.seven_oh_grams[i], Form.SEVEN_OH),
            NOT_LOGGED if figs.doses[i] is None else str(figs.doses[i]),
            str(figs.pain[i]) if figs.pain[i] is not None else "not rated" if logged else NOT_LOGGED,
            "too few ratings" if figs.pain_average[i] is None else f"{figs.pain_average[i]:.1f}",
            f"{peg[day]:.1f}" if day in peg else "none answered",
        ] + [rating_or_unknown(values[i], logged) for values in figs.heat_map.values]
        assert row == expected, day
    unknown = [row for i, row in enumerate(rows) if not figs.logged[i]]
    # Leaf, extract, 7-OH and doses: never "0 g" (the 7-day average may stand on the days around).
    assert unknown and all([row[1], *row[3:6]] == [NOT_LOGGED] * 4 for row in unknown)
    # The bars on the chart: each drawn height is the row's leaf grams; a day
    # without a bar is a logged day without leaf (0 g) or a day not logged.
    drawn = {x_day(left + 0.4): height for left, height in bar_heights(page.chart.artist("leaf-bars"))}
    for i, (day, row) in enumerate(zip(figs.days, rows)):
        if day in drawn:
            assert row[1] == amount_text(round(drawn[day] * 1000))
        else:
            assert row[1] == ("0 g" if figs.logged[i] else NOT_LOGGED)
    assert sum(row[1] == "0 g" for row in rows) and sum(row[1] == NOT_LOGGED for row in rows)
    assert any(row[4].endswith(" mg") and row[4] != "0 mg" for row in rows)  # 7-OH in milligrams


def test_the_weeks_table_follows_the_days_of_use_bars(page, qtbot):
    show_tables(page, qtbot)
    figs = page.chart.figs
    weeks = [w for w in figs.weeks if w.days_counted]
    rows = cells(table(page, OVER_TIME, "use-days"))
    assert [r[0] for r in rows] == [date_text(w.start) for w in weeks]
    for week, row in zip(weeks, rows):
        known = bool(week.logged_days)
        assert row[1:] == [str(week.use_days) if known else NOT_LOGGED,
                           str(week.logged_days - week.use_days) if known else NOT_LOGGED,
                           str(week.days_counted - week.logged_days), str(week.days_counted)]
    drawn = [height for _, height in bar_heights(page.chart.artist("use-days"))]  # none of 0 days
    assert [int(r[1]) for r in rows if r[1] not in (NOT_LOGGED, "0")] == drawn


@pytest.mark.parametrize("preset, period", [(RangePreset.LAST_12_MONTHS, "week"), (RangePreset.ALL, "month")])
def test_on_long_ranges_a_row_per_week_or_month_as_the_bars(page, qtbot, preset, period):
    show_tables(page, qtbot)
    with qtbot.waitSignal(page.redrawn):
        page.set_preset(preset)
    figs = page.chart.figs
    assert figs.period == period
    scores = {}
    for day, score in peg_scores(all_pegs(page.db)):
        if figs.start <= day <= figs.end:
            first = day.replace(day=1) if period == "month" else day - dt.timedelta(days=day.weekday())
            scores.setdefault(first, []).append(score)
    rows = cells(table(page, OVER_TIME, "over-time"))
    assert len(rows) == len(figs.periods)
    heat = figs.heat_map
    for p, row in zip(figs.periods, rows):
        known = bool(p.logged_days)
        if period == "month":
            first, name = p.start.replace(day=1), month_year_text(p.start)
        else:
            first = p.start - dt.timedelta(days=p.start.weekday())
            name = f"{date_text(p.start)} to {date_text(p.end)}"
        mean_peg = sum(scores[first]) / len(scores[first]) if first in scores else None
        column = heat.columns.index(first)
        assert row == [
            name, f"{p.logged_days} of {(p.end - p.start).days + 1}",
            f"{p.leaf_per_day:.1f} g" if known else NOT_LOGGED,
            str(p.extract_days) if known else NOT_LOGGED,
            str(p.seven_oh_days) if known else NOT_LOGGED,
            f"{p.doses_per_day:.1f}" if known else NOT_LOGGED,
            f"{p.pain_mean:.1f}" if p.pain_mean is not None else "not rated" if known else NOT_LOGGED,
            "none answered" if mean_peg is None else f"{mean_peg:.1f}",
        ] + [rating_or_unknown(values[column], known) for values in heat.values], name
    # Each bar drawn is a row's leaf grams per logged day; the rows without a bar are not logged.
    drawn = [height for _, height in bar_heights(page.chart.artist("leaf-bars"))]
    assert [f"{h:.1f} g" for h in drawn] == [r[2] for r in rows if r[2] not in (NOT_LOGGED, "0.0 g")]
    if period == "month":  # the years between LONG_AGO and the log: months with nothing logged
        assert sum(r[2] == NOT_LOGGED for r in rows) > 12
    assert headers(table(page, OVER_TIME, "over-time"))[0] == period.capitalize()
    assert headers(table(page, OVER_TIME, "over-time"))[-1] == f"Nausea, strongest that {period}"


def test_what_went_together_lists_each_dot_of_its_plots(page, qtbot):
    show_tables(page, qtbot, TOGETHER)
    figs = page.figures
    dots: dict[dt.date, dict[str, int]] = {}
    grams: dict[dt.date, tuple[float, bool]] = {}
    for point in figs.pain_vs_leaf:
        dots.setdefault(point.day, {})["Pain"] = point.value
        grams[point.day] = (point.leaf_grams, point.concentrate)
    for name, points in figs.side_effect_vs_leaf.items():
        for point in points:
            dots.setdefault(point.day, {})[name] = point.value
            grams[point.day] = (point.leaf_grams, point.concentrate)
    view = table(page, TOGETHER, "together")
    assert headers(view) == ["Day", "Leaf kratom that day", "Extract or 7-OH product (grams not counted)",
                             "Pain (0-10)", "Dizziness", "Nausea"]
    rows = cells(view)
    assert [r[0] for r in rows] == [weekday_date_text(d) for d in sorted(dots)]
    for day, row in zip(sorted(dots), rows):
        leaf, concentrate = grams[day]
        rated = dots[day]
        assert row == [weekday_date_text(day), amount_text(round(leaf * 1000)),
                       "yes" if concentrate else "no",
                       str(rated["Pain"]) if "Pain" in rated else "not rated",
                       *(RATING_LABELS[rated[n]] if n in rated else "not rated"
                         for n in ("dizziness", "nausea"))]
    assert view.accessibleName() == "What went together as a table"
    notes = [label.text() for label in page.views.panels[TOGETHER].findChildren(QLabel)]
    assert any("not what caused what" in text for text in notes)  # the chart's caption, kept


def test_patterns_tables_hold_what_the_patterns_chart_draws(page, qtbot):
    page.tabs.setCurrentIndex(PATTERNS)  # drawn as a chart first, then read as tables
    figure = page.patterns_tab.canvas.figure
    found, plan = page.patterns_tab.figures()
    show_tables(page, qtbot, PATTERNS)

    def line(gid):
        return next(a for ax in figure.axes for a in ax.get_children() if a.get_gid() == gid)

    timing = cells(table(page, PATTERNS, "timing"))
    first_hours = line("first-dose").get_ydata()
    gap_hours = line("median-gap").get_ydata()
    assert len(timing) == len(found.weeks) == len(first_hours)
    for week, row, first, gap in zip(found.weeks, timing, first_hours, gap_hours):
        minutes = round(first * 60)
        assert row == [date_text(week.start), str(week.use_days), str(week.logged_days),
                       f"{minutes // 60:02d}:{minutes % 60:02d}",
                       f"{gap:.1f} hours" if gap == gap else "no day with two doses"]
    relief = cells(table(page, PATTERNS, "relief"))
    assert [int(r[3]) for r in relief] == list(line("relief").get_ydata())
    assert [float(r[4]) for r in relief] == list(line("relief-median").get_ydata())
    assert [r[0] for r in relief] == [f"{weekday_date_text(p.taken_at.date())} {p.taken_at:%H:%M}"
                                      for p in found.relief]
    planned = cells(table(page, PATTERNS, "plan"))
    assert len(planned) == len(plan.days) == len(line("planned").get_ydata())
    for day, row, drawn in zip(plan.days, planned, line("planned").get_ydata()):
        assert row[1] == amount_text(round(drawn * 1000))
        assert row[2] == (NOT_LOGGED if not day.logged else amount_text(day.logged_leaf_mg))
        assert row[3] == ("none planned" if day.planned_doses is None else str(day.planned_doses))
    bars = next(c for ax in figure.axes for c in ax.containers if c.get_label() == "logged")
    logged_bars = [bar.get_height() for bar in bars]
    assert [amount_text(round(h * 1000)) for h in logged_bars] == [r[2] for r in planned
                                                                   if r[2] != NOT_LOGGED]
    assert any(r[2] == NOT_LOGGED for r in planned)  # a plan day with nothing logged is not a 0 g day


# --- a new range, a new log -------------------------------------------------------------------------


def test_a_range_change_and_a_new_dose_update_the_table_shown(page, qtbot):
    show_tables(page, qtbot)
    view = table(page, OVER_TIME, "over-time")
    with qtbot.waitSignal(page.redrawn):
        page.set_preset(RangePreset.LAST_4_WEEKS)
    assert len(cells(view)) == 28
    assert cells(view)[0][0] == weekday_date_text(TODAY - dt.timedelta(days=27))
    assert view.accessibleName() == ("Over time as a table: Grams, doses, pain and side effects each day")
    before = cells(view)[-1]
    page.db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(6)), 4.5), today=TODAY)
    page.refresh()
    after = cells(view)[-1]
    assert after[5] == str(int(before[5]) + 1 if before[5] != NOT_LOGGED else 1)


def test_a_table_is_made_only_once_it_is_shown(page, qtbot):
    assert not page.views.tables_shown
    assert page.views.panels[OVER_TIME].views == {}  # charts only: no table was made
    show_tables(page, qtbot, TOGETHER)
    assert page.views.panels[OVER_TIME].views == {}  # not its view: made when its tab is opened
    page.tabs.setCurrentIndex(OVER_TIME)
    qtbot.waitUntil(lambda: "over-time" in page.views.panels[OVER_TIME].views)


# --- by keyboard ---------------------------------------------------------------------------------


def test_alt_t_and_alt_c_switch_every_view_and_the_choice_is_remembered(page, qtbot, db):
    stacks = [page.tabs.widget(i) for i in range(3)]
    page.preset_box.setFocus()
    QTest.keyClick(page.preset_box, Qt.Key_T, ALT)
    qtbot.waitUntil(lambda: page.views.tables_shown)
    assert QApplication.focusWidget() is page.views.switch.table_button
    assert [s.currentWidget() for s in stacks] == page.views.panels
    assert QSettings().value(SETTINGS_KEY, type=bool) is True
    again = TrendsPage(db, today=lambda: TODAY)  # opened again: tables, as left
    qtbot.addWidget(again)
    assert again.views.tables_shown
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_C, ALT)
    qtbot.waitUntil(lambda: not page.views.tables_shown)
    assert [s.currentIndex() for s in stacks] == [0, 0, 0]
    assert page.canvas.isVisible()
    QTest.keyClick(page.views.switch.chart_button, Qt.Key_Right)  # a radio group: the arrows choose
    qtbot.waitUntil(lambda: page.views.tables_shown)


def next_in_tab_order(widget):
    """The widget after ``widget`` and its own parts (a table's viewport, header, scroll bars)."""
    after = widget.nextInFocusChain()
    while widget.isAncestorOf(after):
        after = after.nextInFocusChain()
    return after


def test_tab_goes_from_the_switch_into_each_table_and_out_of_it(page, qtbot):
    show_tables(page, qtbot)
    page.tabs.tabBar().setFocus()
    order = []
    for _ in range(5):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        order.append(QApplication.focusWidget())
    main, weeks = table(page, OVER_TIME, "over-time"), table(page, OVER_TIME, "use-days")
    # Tab lands on the choice made, then each table once, then leaves the page's tables.
    assert order[:3] == [page.views.switch.table_button, main, weeks]
    assert order[3] not in (main, weeks) and not page.views.panels[OVER_TIME].isAncestorOf(order[3])
    # Made after the widgets around them, the tables still follow the switch in the Tab order
    # (not the window's last widget, wherever that is).
    assert next_in_tab_order(page.views.switch.table_button) is main and next_in_tab_order(main) is weeks
    main.setFocus()
    QTest.keyClick(main, Qt.Key_Down)  # inside a table the arrows move between cells
    assert main.currentIndex().row() == 1 and QApplication.focusWidget() is main
    QTest.keyClick(main, Qt.Key_Backtab)
    assert QApplication.focusWidget() is page.views.switch.table_button


def test_tables_are_named_for_their_view_with_their_columns_in_the_header(page, qtbot):
    for view in (OVER_TIME, TOGETHER, PATTERNS):
        show_tables(page, qtbot, view)
    names = {key: v.accessibleName() for panel in page.views.panels for key, v in panel.views.items()}
    assert names == {
        "over-time": "Over time as a table: Grams, doses, pain and side effects each day",
        "use-days": "Over time as a table: Days with any kratom, each week",
        "together": "What went together as a table",
        "timing": "Patterns as a table: Dose timing per week (a pattern, not a diagnosis)",
        "relief": "Patterns as a table: Relief per dose (your own observation)",
        "plan": "Patterns as a table: Your plan: planned and logged leaf each day",
    }
    main = table(page, OVER_TIME, "over-time")
    assert headers(main) == ["Day", "Leaf kratom", "Leaf, 7-day average", "Extract", "7-OH product", "Doses",
                             "Pain (0-10)", "Pain, 7-day average", "PEG score (0-10)", "Dizziness", "Nausea"]
    assert not main.tabKeyNavigation() and main.verticalHeader().isHidden()
    assert headers(table(page, OVER_TIME, "use-days"))[1:3] == ["Days with kratom",
                                                                "Days without kratom (logged)"]
    assert headers(table(page, PATTERNS, "plan")) == ["Day", "Leaf planned", "Leaf logged", "Doses planned",
                                                      "Doses logged"]


# --- the keyboard cursor ------------------------------------------------------------------------


def plain(rich: str) -> str:
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText().replace("\u2028", "\n")


@pytest.mark.parametrize("preset", [RangePreset.LAST_3_MONTHS, RangePreset.LAST_12_MONTHS])
def test_the_keyboard_cursor_announces_what_its_label_shows(page, qtbot, preset):
    with qtbot.waitSignal(page.redrawn):
        page.set_preset(preset)
    from kratomtrack.ui.pages.trends.timeline import TimelineView  # loaded with the charts

    cursor = page.findChild(TimelineView).cursor
    page.canvas.setFocus()
    QTest.keyClick(page.canvas, Qt.Key_Right)  # the cursor starts on the last day
    assert cursor.day == TODAY
    assert cursor.announced == plain(page.day_label.text()) != ""
    unknown = next(d for d, logged in zip(reversed(page.figures.days), reversed(page.figures.logged))
                   if not logged)
    for _ in range((TODAY - unknown).days):
        QTest.keyClick(page.canvas, Qt.Key_Left)
    assert cursor.day == unknown
    assert cursor.announced == plain(page.day_label.text())
    assert f"{weekday_date_text(unknown)}: not logged" in cursor.announced
    if page.figures.weekly:  # the week's line, on its own line as under the charts
        assert "\nWeek of " in cursor.announced
    assert QApplication.focusWidget() is page.canvas  # announced, not focused elsewhere

