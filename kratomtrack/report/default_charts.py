"""The summary's charts until the app's own chart builders plug in.

matplotlib Figures built without pyplot (no GUI backend is involved).
Readable in black and white: series differ by marker, shape and line
style, never by colour alone. Ranges longer than LONG_RANGE_DAYS are
drawn by week, which keeps ten-year charts light and legible.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence

from kratomtrack.core.summary import DayRow, Summary

LONG_RANGE_DAYS = 180
WIDTH_IN = 7.0
LEFT_IN = 1.25  # room for the side effects' names
SIDE_EFFECT_ROWS = 6
STYLE = {
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.titlelocation": "left",
    "axes.titleweight": "bold",
    "axes.labelsize": 8,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def summary_figures(summary: Summary) -> list:
    """Intake, pain and side-effect charts for the summary's counted days."""
    import matplotlib

    if not summary.days:
        return []
    with matplotlib.rc_context(STYLE):
        figures = [intake_figure(summary), pain_figure(summary)]
        if summary.side_effects:
            figures.append(side_effect_figure(summary))
    return figures


def _weekly(summary: Summary) -> bool:
    return len(summary.days) > LONG_RANGE_DAYS


def _weeks(days: Sequence[DayRow]) -> list[list[DayRow]]:
    return [list(days[i:i + 7]) for i in range(0, len(days), 7)]


def _mid(week: list[DayRow]) -> dt.date:
    return week[0].day + dt.timedelta(days=(len(week) - 1) / 2)


def _dates(ax, summary: Summary) -> None:
    from matplotlib import dates

    locator = dates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
    first, last = summary.days[0].day, summary.days[-1].day
    ax.set_xlim(first - dt.timedelta(days=0.6), last + dt.timedelta(days=0.6))


def _figure(height: float, rows: int = 1, ratios=None):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, height))
    # Fixed margins, the same for every chart: the date axes line up on the
    # page, and no layout engine has to draw each figure twice.
    figure.subplots_adjust(left=LEFT_IN / WIDTH_IN, right=1 - 0.15 / WIDTH_IN,
                           top=1 - 0.38 / height, bottom=0.42 / height, hspace=0.12)
    axes = figure.subplots(rows, 1, sharex=True, squeeze=False,
                           gridspec_kw={"height_ratios": ratios} if ratios else None)[:, 0]
    return figure, axes


def intake_figure(summary: Summary):
    weekly = _weekly(summary)
    figure, (grams_ax, doses_ax) = _figure(3.3, 2, [2.6, 1.2])
    if weekly:
        weeks = _weeks(summary.days)
        x = [_mid(w) for w in weeks]
        grams = [sum(d.leaf_grams for d in w) / len(w) for w in weeks]
        doses = [sum(d.doses for d in w) / len(w) for w in weeks]
        concentrate = [_mid(w) for w in weeks if any(d.extract_grams or d.seven_oh_grams for d in w)]
        width = 6.0
        grams_ax.set_title("Leaf kratom by week")
        doses_label = "doses/day"
    else:
        x = [d.day for d in summary.days]
        grams = [d.leaf_grams for d in summary.days]
        doses = [d.doses for d in summary.days]
        concentrate = [d.day for d in summary.days if d.extract_grams or d.seven_oh_grams]
        width = 0.8
        grams_ax.set_title("Leaf kratom, g/day")
        doses_label = "doses"
    # Plain grey bars: hatching reaches Qt's SVG renderer as a bitmap pattern.
    grams_ax.bar(x, grams, width=width, color="0.8", edgecolor="0.15", linewidth=0.4,
                 label="leaf g/day" + (" (weekly mean)" if weekly else ""))
    top = max(grams + [1.0])
    if concentrate:
        grams_ax.plot(concentrate, [top * 1.1] * len(concentrate), "v", color="black",
                      markersize=4.5, linestyle="none",
                      label="extract or 7-OH logged")
    grams_ax.set_ylim(0, top * 1.18)
    grams_ax.set_ylabel("g")
    _legend(grams_ax, 2)
    doses_ax.plot(x, doses, marker="o", markersize=2.8, color="black", linewidth=0.7)
    doses_ax.set_ylim(0, max(doses + [1]) + 1)
    doses_ax.set_ylabel(doses_label)
    doses_ax.yaxis.get_major_locator().set_params(integer=True)
    _dates(doses_ax, summary)
    figure.align_ylabels()
    return figure


def pain_figure(summary: Summary):
    figure, (ax,) = _figure(2.5)
    days = summary.days
    if _weekly(summary):
        weeks = _weeks(days)
        points = [(_mid(w), statistics.fmean(r)) for w in weeks
                  if (r := [d.pain for d in w if d.pain is not None])]
        if points:
            ax.plot(*zip(*points), marker="o", markersize=2.5, color="black", linewidth=1.0,
                    label="weekly mean pain")
        ax.set_title("Pain 0-10, by week")
    else:
        rated = [(d.day, d.pain) for d in days if d.pain is not None]
        if rated:
            ax.plot(*zip(*rated), "o", markersize=3.2, markerfacecolor="white",
                    markeredgecolor="black", markeredgewidth=0.7, linestyle="none",
                    label="daily rating")
        rolling = _rolling_mean(days)
        if rolling:
            ax.plot(*zip(*rolling), color="black", linewidth=1.4, label="7-day mean")
        ax.set_title("Pain 0-10")
    if summary.pain.peg:
        ax.plot(*zip(*summary.pain.peg), marker="s", markersize=4, color="black",
                linestyle="--", linewidth=0.8, label="PEG score")
    ax.set_ylim(-0.3, 10.8)
    ax.set_yticks(range(0, 11, 2))
    ax.grid(axis="y", color="0.85", linewidth=0.5)
    ax.set_ylabel("0 none, 10 worst", fontsize=7)
    if ax.get_legend_handles_labels()[0]:
        _legend(ax, 3)
    else:
        ax.text(0.5, 0.5, "no pain ratings in this range", transform=ax.transAxes, ha="center")
    _dates(ax, summary)
    return figure


def _legend(ax, columns: int) -> None:
    """Above the axes on the right, level with the title, never over the data."""
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=columns, borderaxespad=0.15,
              handlelength=1.6, columnspacing=1.2)


def _rolling_mean(days: Sequence[DayRow]) -> list[tuple[dt.date, float]]:
    """Mean of the ratings in the 7 days ending on each day (at least 4 ratings)."""
    result = []
    for i, day in enumerate(days):
        window = [d.pain for d in days[max(0, i - 6): i + 1] if d.pain is not None]
        if len(window) >= 4:
            result.append((day.day, statistics.fmean(window)))
    return result


MARKERS = {  # rating: (marker, size, face, label)
    1: ("o", 3.0, "white", "mild"),
    2: ("^", 4.2, "0.45", "moderate"),
    3: ("s", 4.6, "black", "severe"),
}


def side_effect_figure(summary: Summary):
    names = [r.name for r in summary.side_effects[:SIDE_EFFECT_ROWS]]
    figure, (ax,) = _figure(0.95 + 0.3 * len(names))
    weekly = _weekly(summary)
    if weekly:
        columns = [(_mid(w), w) for w in _weeks(summary.days)]
        ax.set_title("Side effects, worst each week")
    else:
        columns = [(d.day, [d]) for d in summary.days]
        ax.set_title("Side effects, daily")
    for rating, (marker, size, face, label) in MARKERS.items():
        xs, ys = [], []
        for row, name in enumerate(names):
            key = name.casefold()
            for x, group in columns:
                worst = max((v for d in group for k, v in d.ratings.items() if k.casefold() == key),
                            default=0)
                if worst == rating:
                    xs.append(x)
                    ys.append(row)
        ax.plot(xs, ys, marker, markersize=size, markerfacecolor=face, markeredgecolor="black",
                markeredgewidth=0.6, linestyle="none", label=label)
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(len(names) - 0.4, -0.8)
    ax.grid(axis="y", color="0.88", linewidth=0.5)
    _legend(ax, 3)
    _dates(ax, summary)
    return figure
