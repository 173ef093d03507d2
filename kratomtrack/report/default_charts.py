"""The summary's charts until the app's own chart builders plug in.

matplotlib Figures built without pyplot (no GUI backend is involved).
Readable in black and white: series differ by marker, shape and line
style, never by colour alone. Long ranges are drawn by week (over
DAILY_MAX_DAYS) or by calendar month (over WEEKLY_MAX_DAYS), which keeps a
ten-year chart light and legible.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from kratomtrack.core.summary import DayRow, Summary

DAILY_MAX_DAYS = 180
WEEKLY_MAX_DAYS = 730
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
MARKERS = {  # rating: (marker, size, face, label)
    1: ("o", 3.0, "white", "mild"),
    2: ("^", 4.2, "0.45", "moderate"),
    3: ("s", 4.6, "black", "severe"),
}


@dataclass(frozen=True)
class Bin:
    """The days one bar or point stands for."""

    middle: dt.date
    days: list[DayRow]


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


def bin_unit(summary: Summary) -> str:
    """'day', 'week' or 'month': what one bar or point of the charts covers."""
    if len(summary.days) <= DAILY_MAX_DAYS:
        return "day"
    return "week" if len(summary.days) <= WEEKLY_MAX_DAYS else "month"


def bins(summary: Summary) -> list[Bin]:
    unit = bin_unit(summary)
    days = summary.days
    if unit == "day":
        groups = [[d] for d in days]
    elif unit == "week":
        groups = [list(days[i:i + 7]) for i in range(0, len(days), 7)]
    else:
        by_month: dict[tuple[int, int], list[DayRow]] = {}
        for d in days:
            by_month.setdefault((d.day.year, d.day.month), []).append(d)
        groups = list(by_month.values())
    return [Bin(g[0].day + dt.timedelta(days=(len(g) - 1) / 2), g) for g in groups]


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


def _legend(ax, columns: int) -> None:
    """Above the axes on the right, level with the title, never over the data."""
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=columns, borderaxespad=0.15,
              handlelength=1.6, columnspacing=1.2)


def intake_figure(summary: Summary):
    unit = bin_unit(summary)
    groups = bins(summary)
    figure, (grams_ax, doses_ax) = _figure(3.3, 2, [2.6, 1.2])
    x = [b.middle for b in groups]
    grams = [sum(d.leaf_grams for d in b.days) / len(b.days) for b in groups]
    doses = [sum(d.doses for d in b.days) / len(b.days) for b in groups]
    concentrate = [b.middle for b in groups if any(d.extract_grams or d.seven_oh_grams for d in b.days)]
    if unit == "day":
        grams_ax.set_title("Leaf kratom, g/day")
        label, doses_label, width = "leaf g/day", "doses", 0.8
    else:
        grams_ax.set_title(f"Leaf kratom by {unit}")
        label, doses_label = f"leaf g/day ({unit}ly mean)", "doses/day"
        width = 6.0 if unit == "week" else 26.0
    # Plain grey bars (hatching reaches Qt's SVG renderer as a bitmap
    # pattern); outlines only while bars are wide enough to show them.
    edge = 0.4 if len(groups) <= 120 else 0.0
    grams_ax.bar(x, grams, width=width, color="0.75", edgecolor="0.15", linewidth=edge, label=label)
    top = max(grams + [1.0])
    if concentrate:
        grams_ax.plot(concentrate, [top * 1.1] * len(concentrate), "v", color="black",
                      markersize=4.5 if len(groups) <= 120 else 3.0, linestyle="none",
                      label="extract or 7-OH logged")
    grams_ax.set_ylim(0, top * 1.18)
    grams_ax.set_ylabel("g")
    _legend(grams_ax, 2)
    doses_ax.plot(x, doses, marker="o", markersize=2.8 if len(groups) <= 120 else 1.6,
                  color="black", linewidth=0.7)
    doses_ax.set_ylim(0, max(doses + [1]) + 1)
    doses_ax.set_ylabel(doses_label)
    doses_ax.yaxis.get_major_locator().set_params(integer=True)
    _dates(doses_ax, summary)
    figure.align_ylabels()
    return figure


def pain_figure(summary: Summary):
    figure, (ax,) = _figure(2.5)
    unit = bin_unit(summary)
    if unit == "day":
        rated = [(d.day, d.pain) for d in summary.days if d.pain is not None]
        if rated:
            ax.plot(*zip(*rated), "o", markersize=3.2, markerfacecolor="white",
                    markeredgecolor="black", markeredgewidth=0.7, linestyle="none",
                    label="daily rating")
        rolling = _rolling_mean(summary.days)
        if rolling:
            ax.plot(*zip(*rolling), color="black", linewidth=1.4, label="7-day mean")
        ax.set_title("Pain 0-10")
    else:
        points = [(b.middle, statistics.fmean(r)) for b in bins(summary)
                  if (r := [d.pain for d in b.days if d.pain is not None])]
        if points:
            ax.plot(*zip(*points), marker="o", markersize=2.2, color="black", linewidth=0.9,
                    label=f"{unit}ly mean pain")
        ax.set_title(f"Pain 0-10, by {unit}")
    if summary.pain.peg:
        ax.plot(*zip(*summary.pain.peg), marker="s", markersize=3.5, color="black",
                linestyle="--", linewidth=0.8, label="PEG score")
    ax.set_ylim(-0.3, 10.8)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel("0 none, 10 worst", fontsize=7)
    ax.grid(axis="y", color="0.85", linewidth=0.5)
    if ax.get_legend_handles_labels()[0]:
        _legend(ax, 3)
    else:
        ax.text(0.5, 0.5, "no pain ratings in this range", transform=ax.transAxes, ha="center")
    _dates(ax, summary)
    return figure


def _rolling_mean(days: Sequence[DayRow]) -> list[tuple[dt.date, float]]:
    """Mean of the ratings in the 7 days ending on each day (at least 4 ratings)."""
    result = []
    for i, day in enumerate(days):
        window = [d.pain for d in days[max(0, i - 6): i + 1] if d.pain is not None]
        if len(window) >= 4:
            result.append((day.day, statistics.fmean(window)))
    return result


def side_effect_figure(summary: Summary):
    names = [r.name for r in summary.side_effects[:SIDE_EFFECT_ROWS]]
    figure, (ax,) = _figure(0.95 + 0.3 * len(names))
    if bin_unit(summary) == "day":
        _daily_side_effects(ax, summary, names)
    else:
        _binned_side_effects(ax, summary, names)
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(len(names) - 0.45, -0.75)
    ax.grid(axis="y", color="0.88", linewidth=0.5)
    _dates(ax, summary)
    return figure


def _rating(day: DayRow, key: str) -> int:
    return max((v for k, v in day.ratings.items() if k.casefold() == key), default=0)


def _daily_side_effects(ax, summary: Summary, names: list[str]) -> None:
    """One marker per day rated mild or worse; its shape and fill give the rating."""
    ax.set_title("Side effects, daily")
    for rating, (marker, size, face, label) in MARKERS.items():
        xs, ys = [], []
        for row, name in enumerate(names):
            for d in summary.days:
                if _rating(d, name.casefold()) == rating:
                    xs.append(d.day)
                    ys.append(row)
        ax.plot(xs, ys, marker, markersize=size, markerfacecolor=face, markeredgecolor="black",
                markeredgewidth=0.6, linestyle="none", label=label)
    _legend(ax, 3)


def _binned_side_effects(ax, summary: Summary, names: list[str]) -> None:
    """Per week or month, a bar as tall as the share of days reported (black: any moderate or severe)."""
    unit = bin_unit(summary)
    ax.set_title(f"Side effects, share of days per {unit}")
    width = 6.0 if unit == "week" else 26.0
    for row, name in enumerate(names):
        key = name.casefold()
        xs, heights, faces = [], [], []
        for b in bins(summary):
            ratings = [_rating(d, key) for d in b.days]
            reported = sum(1 for r in ratings if r >= 1)
            if reported:
                xs.append(b.middle)
                heights.append(0.8 * reported / len(b.days))
                faces.append("black" if max(ratings) >= 2 else "white")
        # Bars grow upwards from the row's line (the y axis runs top to bottom).
        ax.bar(xs, [-h for h in heights], bottom=row + 0.4, width=width, color=faces,
               edgecolor="black", linewidth=0.3)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(facecolor="white", edgecolor="black", label="mild"),
                       Patch(facecolor="black", edgecolor="black", label="moderate/severe")], loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2,
              borderaxespad=0.15)
