"""The figures each Trends chart draws, as rows of text for its "Table" view.

Built from the objects the charts draw (core.trends TrendFigures,
core.patterns Patterns, core.plan PlanReport), one row for each bar or point
the chart has: a day, or a week or month on long ranges (core.chart_periods).
A day or period with nothing logged reads "not logged", never 0
(docs/health-content.md, "Days with nothing logged"); amounts are written by
core.amounts, dates as the hover label writes them (words.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kratomtrack.core.amounts import amount_text, mean_grams_text
from kratomtrack.core.chart_periods import period_start, scores_per_period
from kratomtrack.core.dates import month_year_text
from kratomtrack.core.patterns import Patterns, clock
from kratomtrack.core.plan import PlanReport
from kratomtrack.core.records import RATING_LABELS, Form
from kratomtrack.core.trends import TrendFigures
from kratomtrack.ui.pages.trends.words import long_day
from kratomtrack.ui.wording import fill

# Column names (translated when a table is made).
DAY_COLUMNS = (
    QT_TRANSLATE_NOOP("TrendsTables", "Day"), QT_TRANSLATE_NOOP("TrendsTables", "Leaf kratom"),
    QT_TRANSLATE_NOOP("TrendsTables", "Leaf, 7-day average"), QT_TRANSLATE_NOOP("TrendsTables", "Extract"),
    QT_TRANSLATE_NOOP("TrendsTables", "7-OH product"), QT_TRANSLATE_NOOP("TrendsTables", "Doses"),
    QT_TRANSLATE_NOOP("TrendsTables", "Pain (0-10)"),
    QT_TRANSLATE_NOOP("TrendsTables", "Pain, 7-day average"),
    QT_TRANSLATE_NOOP("TrendsTables", "PEG score (0-10)"),
)
PERIOD_COLUMNS = (  # after the week's or month's name
    QT_TRANSLATE_NOOP("TrendsTables", "Days logged"),
    QT_TRANSLATE_NOOP("TrendsTables", "Leaf kratom per logged day"),
    QT_TRANSLATE_NOOP("TrendsTables", "Days with extract"),
    QT_TRANSLATE_NOOP("TrendsTables", "Days with 7-OH product"),
    QT_TRANSLATE_NOOP("TrendsTables", "Doses per logged day"),
    QT_TRANSLATE_NOOP("TrendsTables", "Pain, mean"), QT_TRANSLATE_NOOP("TrendsTables", "PEG score, mean"),
)
USE_DAYS_COLUMNS = (
    QT_TRANSLATE_NOOP("TrendsTables", "Week of (Monday)"),
    QT_TRANSLATE_NOOP("TrendsTables", "Days with kratom"),
    QT_TRANSLATE_NOOP("TrendsTables", "Days without kratom (logged)"),
    QT_TRANSLATE_NOOP("TrendsTables", "Days not logged"),
    QT_TRANSLATE_NOOP("TrendsTables", "Days in these dates"),
)
TOGETHER_COLUMNS = (  # then one column per side effect
    QT_TRANSLATE_NOOP("TrendsTables", "Day"), QT_TRANSLATE_NOOP("TrendsTables", "Leaf kratom that day"),
    QT_TRANSLATE_NOOP("TrendsTables", "Extract or 7-OH product (grams not counted)"),
    QT_TRANSLATE_NOOP("TrendsTables", "Pain (0-10)"),
)
TIMING_COLUMNS = (
    QT_TRANSLATE_NOOP("TrendsTables", "Week of (Monday)"),
    QT_TRANSLATE_NOOP("TrendsTables", "Days with kratom"), QT_TRANSLATE_NOOP("TrendsTables", "Days logged"),
    QT_TRANSLATE_NOOP("TrendsTables", "First dose (mean time of day)"),
    QT_TRANSLATE_NOOP("TrendsTables", "Median gap between doses"),
)
RELIEF_COLUMNS = (
    QT_TRANSLATE_NOOP("TrendsTables", "Dose taken"), QT_TRANSLATE_NOOP("TrendsTables", "Pain before"),
    QT_TRANSLATE_NOOP("TrendsTables", "Pain after"),
    QT_TRANSLATE_NOOP("TrendsTables", "Relief (before minus after)"),
    QT_TRANSLATE_NOOP("TrendsTables", "Rolling median"),
)
PLAN_COLUMNS = (
    QT_TRANSLATE_NOOP("TrendsTables", "Day"), QT_TRANSLATE_NOOP("TrendsTables", "Leaf planned"),
    QT_TRANSLATE_NOOP("TrendsTables", "Leaf logged"), QT_TRANSLATE_NOOP("TrendsTables", "Doses planned"),
    QT_TRANSLATE_NOOP("TrendsTables", "Doses logged"),
)


@dataclass(frozen=True)
class FiguresTable:
    """One table: ``key`` names it for the page (its widget is kept across
    ranges); ``title`` heads it and ends its accessible name; ``empty`` says
    why it has no rows."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    empty: str = ""


def _tr(texts: Sequence[str]) -> list[str]:
    return [QCoreApplication.translate("TrendsTables", text) for text in texts]


def not_logged() -> str:
    return QCoreApplication.translate("TrendsTables", "not logged")


def not_rated() -> str:
    return QCoreApplication.translate("TrendsTables", "not rated")


def one_decimal(value: float | None, unknown: str) -> str:
    return unknown if value is None else f"{value:.1f}"


def rating_words(rating: int | None, unknown: str) -> str:
    """A side-effect rating as the chart's legend names it ("moderate"); ``unknown`` when not rated."""
    return unknown if rating is None else RATING_LABELS[rating]


def side_effect_title(name: str) -> str:
    """A side effect's name as the charts title it ("Dizziness")."""
    return name[:1].upper() + name[1:]


# --- "Over time" -------------------------------------------------------------------------------


def over_time_tables(figs: TrendFigures | None,
                     peg: Sequence[tuple[dt.date, float]]) -> list[FiguresTable] | None:
    """The intake, doses, pain, PEG and side-effect charts (a row per day, or
    per week or month as the charts draw them), and the days-with-kratom chart
    (a row per week). None before the page has figures."""
    if figs is None:
        return None
    main = period_table(figs, peg) if figs.periods else day_table(figs, peg)
    return [main, use_days_table(figs)]


def day_table(figs: TrendFigures, peg: Sequence[tuple[dt.date, float]]) -> FiguresTable:
    scores: dict[dt.date, list[float]] = {}
    for day, score in peg:  # the chart marks the scores inside the range
        if figs.start <= day <= figs.end:
            scores.setdefault(day, []).append(score)
    too_few = QCoreApplication.translate("TrendsTables", "too few logged days")
    too_few_ratings = QCoreApplication.translate("TrendsTables", "too few ratings")
    rows = []
    for i, day in enumerate(figs.days):
        numbers = figs.day(day)
        unknown = None if numbers.logged else not_logged()
        row = [
            long_day(day, weekday=True),
            unknown or amount_text(numbers.leaf_mg),
            mean_grams_text(numbers.leaf_average, too_few),
            unknown or amount_text(numbers.extract_mg, Form.EXTRACT),
            unknown or amount_text(numbers.seven_oh_mg, Form.SEVEN_OH),
            unknown or str(numbers.doses),
            str(numbers.pain) if numbers.pain is not None else unknown or not_rated(),
            one_decimal(numbers.pain_average, too_few_ratings),
            ", ".join(f"{s:.1f}" for s in scores.get(day, ())) or _no_peg(),
        ]
        row += [rating_words(values[i], unknown or not_rated()) for values in figs.heat_map.values]
        rows.append(row)
    title = QCoreApplication.translate("TrendsTables", "Grams, doses, pain and side effects each day")
    return FiguresTable("over-time", title, _tr(DAY_COLUMNS) + _side_effect_columns(figs), rows)


def period_table(figs: TrendFigures, peg: Sequence[tuple[dt.date, float]]) -> FiguresTable:
    """Long ranges: a row per week or month, as the charts' bars (means over logged days)."""
    heat, kind = figs.heat_map, figs.period
    scores = dict(scores_per_period([(d, s) for d, s in peg if figs.start <= d <= figs.end], kind))
    of_days = QCoreApplication.translate("TrendsTables", "%1 of %2")
    rows = []
    for p in figs.periods:
        first = period_start(p.start, kind)
        unknown = None if p.logged_days else not_logged()
        column = heat.columns.index(first)
        row = [
            month_year_text(p.start) if kind == "month" else f"{long_day(p.start)} to {long_day(p.end)}",
            fill(of_days, p.logged_days, (p.end - p.start).days + 1),
            unknown or mean_grams_text(p.leaf_per_day),
            unknown or str(p.extract_days),
            unknown or str(p.seven_oh_days),
            unknown or one_decimal(p.doses_per_day, ""),
            one_decimal(p.pain_mean, unknown or not_rated()),
            one_decimal(scores.get(first), _no_peg()),
        ]
        row += [rating_words(values[column], unknown or not_rated()) for values in heat.values]
        rows.append(row)
    if kind == "month":
        name = QCoreApplication.translate("TrendsTables", "Month")
        title = QCoreApplication.translate("TrendsTables", "Grams, doses, pain and side effects each month")
    else:
        name = QCoreApplication.translate("TrendsTables", "Week")
        title = QCoreApplication.translate("TrendsTables", "Grams, doses, pain and side effects each week")
    return FiguresTable("over-time", title, [name, *_tr(PERIOD_COLUMNS), *_side_effect_columns(figs)], rows)


def _no_peg() -> str:
    return QCoreApplication.translate("TrendsTables", "none answered")


def _side_effect_columns(figs: TrendFigures) -> list[str]:
    if figs.heat_map.monthly:
        strongest = QCoreApplication.translate("TrendsTables", "%1, strongest that month")
    elif figs.heat_map.weekly:
        strongest = QCoreApplication.translate("TrendsTables", "%1, strongest that week")
    else:
        strongest = "%1"
    return [fill(strongest, side_effect_title(n)) for n in figs.heat_map.names]


def use_days_table(figs: TrendFigures) -> FiguresTable:
    """The days-with-kratom chart: each ISO week's days of use, logged days without, days not logged."""
    rows = []
    for week in figs.weeks:
        if not week.days_counted:
            continue  # before the first record: the chart has no bar
        unknown = None if week.logged_days else not_logged()
        rows.append([
            long_day(week.start),
            unknown or str(week.use_days),
            unknown or str(week.logged_days - week.use_days),
            str(week.days_counted - week.logged_days),
            str(week.days_counted),
        ])
    title = QCoreApplication.translate("TrendsTables", "Days with any kratom, each week")
    return FiguresTable("use-days", title, _tr(USE_DAYS_COLUMNS), rows)


# --- "What went together" --------------------------------------------------------------------


def together_note() -> str:
    """What the table can and cannot say (the chart's caption, charts/together.py)."""
    return QCoreApplication.translate(
        "TrendsTables", "Each row is one day from your own records: the leaf kratom you took that day and "
        "how you rated it. It shows what went together in your records, not what caused what.")


def together_tables(figs: TrendFigures | None) -> list[FiguresTable] | None:
    """Each day that is a dot in a scatter plot: its leaf grams, its pain and its side effects."""
    if figs is None:
        return None
    names = figs.heat_map.names
    measures = [figs.pain_vs_leaf] + [figs.side_effect_vs_leaf[n] for n in names]
    values: dict[dt.date, dict[int, list[int]]] = {}
    leaf: dict[dt.date, tuple[float, bool]] = {}
    for column, points in enumerate(measures):
        for point in points:
            leaf[point.day] = (point.leaf_grams, point.concentrate)
            values.setdefault(point.day, {}).setdefault(column, []).append(point.value)
    yes = QCoreApplication.translate("TrendsTables", "yes")
    no = QCoreApplication.translate("TrendsTables", "no")
    rows = []
    for day in sorted(values):
        grams, concentrate = leaf[day]
        rated = values[day]
        rows.append([
            long_day(day, weekday=True), amount_text(round(grams * 1000)), yes if concentrate else no,
            ", ".join(str(v) for v in rated.get(0, ())) or not_rated(),
            *(", ".join(RATING_LABELS[v] for v in rated.get(c, ())) or not_rated()
              for c in range(1, len(measures))),
        ])
    title = QCoreApplication.translate("TrendsTables", "Each logged day with pain or a side effect rated")
    empty = QCoreApplication.translate("TrendsTables", "no day in these dates has a rating and its grams")
    headers = _tr(TOGETHER_COLUMNS) + [side_effect_title(n) for n in names]
    return [FiguresTable("together", title, headers, rows, empty)]


# --- "Patterns" --------------------------------------------------------------------------------


def patterns_tables(found: Patterns, plan: PlanReport | None) -> list[FiguresTable]:
    """Dose timing per week and relief per dose; planned against logged when the chart draws it."""
    tables = [timing_table(found), relief_table(found)]
    if plan is not None and plan.days:
        tables.append(plan_table(plan))
    return tables


def timing_table(found: Patterns) -> FiguresTable:
    hours = QCoreApplication.translate("TrendsTables", "%1 hours")
    one_dose = QCoreApplication.translate("TrendsTables", "no day with two doses")
    not_known = QCoreApplication.translate("TrendsTables", "not known")
    rows = [[long_day(w.start), str(w.use_days),
             not_known if w.logged_days is None else str(w.logged_days),
             clock(w.first_dose_minutes),
             one_dose if w.median_gap is None else fill(hours, f"{w.median_gap / 60:.1f}")]
            for w in found.weeks]
    title = QCoreApplication.translate("TrendsTables", "Dose timing per week (a pattern, not a diagnosis)")
    empty = QCoreApplication.translate("TrendsTables", "no doses in these dates")
    return FiguresTable("timing", title, _tr(TIMING_COLUMNS), rows, empty)


def relief_table(found: Patterns) -> FiguresTable:
    rows = [[f"{long_day(r.taken_at.date(), weekday=True)} {r.taken_at:%H:%M}", str(r.pain_before),
             str(r.pain_after), str(r.relief), f"{r.rolling_median:g}"]
            for r in found.relief]
    title = QCoreApplication.translate("TrendsTables", "Relief per dose (your own observation)")
    empty = QCoreApplication.translate("TrendsTables", "no dose with pain before and after in these dates")
    return FiguresTable("relief", title, _tr(RELIEF_COLUMNS), rows, empty)


def plan_table(plan: PlanReport) -> FiguresTable:
    none_planned = QCoreApplication.translate("TrendsTables", "none planned")
    rows = [[long_day(d.day, weekday=True),
             none_planned if d.planned_leaf_mg is None else amount_text(d.planned_leaf_mg),
             not_logged() if d.logged_leaf_mg is None else amount_text(d.logged_leaf_mg),
             none_planned if d.planned_doses is None else str(d.planned_doses),
             not_logged() if d.logged_doses is None else str(d.logged_doses)]
            for d in plan.days]
    title = QCoreApplication.translate("TrendsTables", "Your plan: planned and logged leaf each day")
    return FiguresTable("plan", title, _tr(PLAN_COLUMNS), rows)
