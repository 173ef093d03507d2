"""One panel each: ``draw_*`` adds a panel's data to an Axes and returns its
``PanelText`` (title, axis label, legend); ``TimelineChart`` (charts.timeline)
stacks them. The heat map is charts.heat_map; the not-logged bands and the
marker rows charts.marks.

Every artist that carries data has a ``gid`` (``"leaf-bars"``, ``"pain"`` …)
so that tests and the page can find what was drawn. A legend keys only what
the panel draws for the range (no 7-OH key without a 7-OH day).

One quantity, one label: leaf grams and doses are per *logged* day on every
range (a day's own figure, or the mean over a week's or month's logged days,
core.chart_periods), and an unknown day is a faint "not logged" band.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator, MultipleLocator, NullLocator

from kratomtrack.charts.axis import FONT, day_x
from kratomtrack.charts.heat_map import ROW_HEIGHT, draw_side_effects, slots
from kratomtrack.charts.marks import (
    draw_mark_rows,
    headroom,
    mark_rows,
    not_logged_key,
    shade_not_logged,
)
from kratomtrack.charts.palette import ChartPalette
from kratomtrack.charts.panel_text import FIT, PanelText
from kratomtrack.core.chart_periods import score_line, scores_per_period
from kratomtrack.core.trends import TrendFigures

PANEL_HEIGHTS = {"intake": 2.3, "doses": 1.0, "use_days": 1.0, "pain": 2.0}
# A week's bar runs from Monday to Sunday (each day is centred on its date
# number, so the week spans monday - 0.5 to monday + 6.5), less a small gap.
# Past a year the bars are too thin for gaps, which would only show as stripes.
# A part-week (the range or the log starts or ends inside it) spans only its
# days in the range, so it never reaches outside the chart.
WEEK_GAP = 0.25
GAPLESS_AFTER_DAYS = 366
USE_DAYS_TOP = 7.4
PART_WEEK_LABEL_Y = 7.35  # the row above the tallest possible bar
PART_WEEK_TOP = 9.6  # room for that row
PER_LOGGED_DAY = "g per logged day"


def _week_spans(figs: TrendFigures, weeks) -> list[tuple[dt.date, dt.date]]:
    """Each week's first and last day inside the range and on/after the first record."""
    first = max(figs.start, figs.first_day or figs.start)
    return [(max(w.start, first), min(w.start + dt.timedelta(days=6), figs.end)) for w in weeks]


def _week_bars(figs: TrendFigures, weeks) -> tuple[list[float], list[float]]:
    """Left edges and widths of weekly bars (a part-week only as wide as its days)."""
    gap = 0.0 if len(figs.days) > GAPLESS_AFTER_DAYS else WEEK_GAP
    lefts, widths = [], []
    for (low, high), week in zip(_week_spans(figs, weeks), weeks):
        left = day_x(low) - 0.5 + (gap if low == week.start else 0.0)
        right = day_x(high) + 0.5 - (gap if high == week.start + dt.timedelta(days=6) else 0.0)
        lefts.append(left)
        widths.append(right - left)
    return lefts, widths


def _period_bars(figs: TrendFigures) -> tuple[list[float], list[float], list[float]]:
    """Left edges, widths and middles of the periods' bars (months or weeks, no gaps)."""
    lefts = [day_x(p.start) - 0.5 for p in figs.periods]
    widths = [(p.end - p.start).days + 1 for p in figs.periods]
    return lefts, widths, [left + w / 2 for left, w in zip(lefts, widths)]


def _xs(days: Sequence[dt.date]) -> np.ndarray:
    if not days:
        return np.zeros(0)
    return np.arange(len(days), dtype=float) + day_x(days[0])


def _values(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _alone(values: np.ndarray) -> list[int]:
    """The indexes of values with a gap (NaN, or the end) on both sides: a line shows nothing there."""
    known = np.isfinite(values)
    before = np.concatenate(([False], known[:-1]))
    after = np.concatenate((known[1:], [False]))
    return np.flatnonzero(known & ~before & ~after).tolist()


def _bars(ax, lefts, widths, heights, *, color, gid, zorder=2, bottoms=None):
    """Bars as one PolyCollection: one artist however many days (fast to draw),
    standing on ``bottoms`` (default 0)."""
    lefts = np.asarray(lefts, dtype=float)
    heights = np.asarray([np.nan if h is None else h for h in heights], dtype=float)
    widths = np.broadcast_to(np.asarray(widths, dtype=float), lefts.shape)
    feet = np.zeros_like(heights) if bottoms is None else np.asarray(bottoms, dtype=float)
    keep = np.isfinite(heights) & (heights > 0)
    l, w, h, b = lefts[keep], widths[keep], heights[keep], feet[keep]
    verts = np.empty((len(l), 4, 2))
    verts[:, :, 0] = np.stack([l, l, l + w, l + w], axis=1)
    verts[:, :, 1] = np.stack([b, b + h, b + h, b], axis=1)
    bars = PolyCollection(verts, facecolors=color, edgecolors="none", zorder=zorder)
    bars.set_gid(gid)
    ax.add_collection(bars, autolim=False)
    return bars


def bar_heights(collection) -> list[tuple[float, float]]:
    """(left edge, height) of each bar drawn by ``_bars`` (for tests and hover)."""
    return [(float(p.vertices[0, 0]), float(p.vertices[1, 1] - p.vertices[0, 1]))
            for p in collection.get_paths()]


# --- panels -------------------------------------------------------------------------


def draw_intake(ax, figs: TrendFigures, palette: ChartPalette) -> PanelText:
    """Leaf grams per logged day as bars (the mean of each week or month on long
    ranges), the 7-day average as a line, days with nothing logged as faint
    bands, and rows of markers above the bars: red flags, night doses, extract
    and 7-OH days (their grams are not in the bars).

    An unknown day (nothing logged) has no bar, and the average line breaks
    where it has no value (fewer than 4 logged days of 7): never a 0."""
    x = _xs(figs.days)
    unknown = shade_not_logged(ax, figs, palette)
    legend: list = []
    if figs.periods:
        heights = [p.leaf_per_day for p in figs.periods]
        lefts, widths, _ = _period_bars(figs)
        bars = _bars(ax, lefts, widths, heights, color=palette.leaf_bar, gid="leaf-bars")
        title = f"Leaf kratom per logged day (powder, capsules, tea), mean of each {figs.period}"
        bar_label = f"leaf {PER_LOGGED_DAY}, {figs.period}'s mean"
        line_top = []
    else:
        heights = figs.leaf_grams
        bars = _bars(ax, x - 0.4, 0.8, heights, color=palette.leaf_bar, gid="leaf-bars")
        title = "Leaf kratom per logged day (powder, capsules, tea)"
        bar_label = f"leaf {PER_LOGGED_DAY}"
        average = _values(figs.leaf_average)
        line_top = [v for v in figs.leaf_average if v is not None]
        # NaN breaks the line at a gap; a value alone between gaps gets a dot,
        # or it would not show at all.
        ax.plot(x, average, color=palette.leaf_average, linewidth=1.8, gid="leaf-average",
                zorder=3, marker="o", markersize=2.5, markevery=_alone(average))
    if bars.get_paths():
        legend.append(Patch(color=palette.leaf_bar, label=bar_label))
    if line_top:
        legend.append(Line2D([], [], color=palette.leaf_average, linewidth=1.8,
                             label="7-day average of logged days"))
    if unknown:
        legend.append(not_logged_key(palette))
    rows = mark_rows(figs, palette)
    legend += draw_mark_rows(ax, rows)
    top = max([h for h in heights if h is not None] + line_top + [1.0])
    ax.set_ylim(0, top / headroom(len(rows)))  # room above the bars for the marker rows
    return PanelText(title, PER_LOGGED_DAY, legend, legend_columns=FIT, note=_intake_note(figs))


def _intake_note(figs: TrendFigures) -> str:
    if figs.is_empty:
        return "Nothing recorded in these dates."
    if not any(figs.doses):
        return "No kratom on the days logged in these dates."
    return ""


def draw_doses(ax, figs: TrendFigures, palette: ChartPalette) -> PanelText:
    """Doses per logged day (the mean of each week or month on long ranges); days
    with nothing logged as faint bands. Whole-number ticks, so 3 a day reads."""
    shade_not_logged(ax, figs, palette)
    if figs.periods:
        per_day = [p.doses_per_day for p in figs.periods]
        lefts, widths, _ = _period_bars(figs)
        _bars(ax, lefts, widths, per_day, color=palette.doses_bar, gid="dose-bars")
        top = max([v for v in per_day if v is not None] + [1])
        title = f"Doses per logged day, mean of each {figs.period}"
    else:
        # An unknown day (None) has no bar.
        _bars(ax, _xs(figs.days) - 0.3, 0.6, figs.doses, color=palette.doses_bar, gid="dose-bars")
        top = max([n for n in figs.doses if n is not None] + [1])
        title = "Doses per logged day"
    ax.set_ylim(0, top + max(0.4, top * 0.08))  # just above the top whole dose: its label shows
    dose_ticks(ax, PANEL_HEIGHTS["doses"])
    ax.grid(axis="y", which="minor", color=palette.grid, linewidth=0.3)
    return PanelText(title, "doses")


# A tick label's height and a little space (inches).
TICK_ROOM = 0.11


def dose_ticks(ax, inches: float) -> None:
    """Ticks at whole doses: every one where the panel has room (so "3 a day"
    reads), else every 2nd or 5th with a grid line at each whole dose."""
    top = ax.get_ylim()[1]
    room = max(2, int(inches / TICK_ROOM))
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 10 ** 9) if top / s + 1 <= room)
    ax.yaxis.set_major_locator(MultipleLocator(step))
    ax.yaxis.set_minor_locator(MultipleLocator(1) if step > 1 and top <= 40 else NullLocator())


def draw_use_days(ax, figs: TrendFigures, palette: ChartPalette) -> PanelText:
    """Days with any dose in each ISO week, against the week's logged days without
    use (a dose, a check-in or a "no kratom today" mark); a week's days with
    nothing logged are the faint "not logged" part on top, up to its days.

    A part-week is as wide as its days in the range and labelled "3 of 3 days",
    so that it does not read as a week of lower use; when some of its days
    have nothing logged, "2 of 2 logged days" (use days of logged days).
    """
    weeks = [w for w in figs.weeks if w.days_counted]
    lefts, widths = _week_bars(figs, weeks)
    gappy = [i for i, w in enumerate(weeks) if w.logged_days < w.days_counted]
    _bars(ax, [lefts[i] for i in gappy], [widths[i] for i in gappy],
          [weeks[i].days_counted - weeks[i].logged_days for i in gappy], color=palette.not_logged,
          gid="unlogged-days", zorder=1.2, bottoms=[weeks[i].logged_days for i in gappy])
    # "Days without" are logged days without use: an unlogged day is neither.
    _bars(ax, lefts, widths, [w.logged_days for w in weeks], color=palette.counted_days_bar,
          gid="counted-days", zorder=1.5)
    _bars(ax, lefts, widths, [w.use_days for w in weeks], color=palette.use_days_bar,
          gid="use-days")
    parts = [i for i, w in enumerate(weeks) if w.days_counted < 7]
    for i in parts:
        week = weeks[i]
        # Text grows into the chart: rightwards from the first week, leftwards from the last.
        if i == 0 and len(weeks) > 1:
            x, align = lefts[i], "left"
        elif i == len(weeks) - 1 and len(weeks) > 1:
            x, align = lefts[i] + widths[i], "right"
        else:
            x, align = lefts[i] + widths[i] / 2, "center"
        ax.text(x, PART_WEEK_LABEL_Y, _part_week_words(week), ha=align,
                va="bottom", fontsize=FONT - 1.5, color=palette.text, gid="part-week", zorder=3)
    ax.set_ylim(0, PART_WEEK_TOP if parts else USE_DAYS_TOP)
    ax.yaxis.set_major_locator(FixedLocator([0, 7]))
    legend = []
    if any(w.use_days for w in weeks):
        legend.append(Patch(color=palette.use_days_bar, label="days with kratom"))
    if any(w.logged_days > w.use_days for w in weeks):
        legend.append(Patch(color=palette.counted_days_bar, label="days without (logged)"))
    if gappy:
        legend.append(not_logged_key(palette))
    return PanelText("Days with any kratom, each week (Monday to Sunday)", "days (of 7)", legend)


def _part_week_words(week) -> str:
    if not week.logged_days:
        return "nothing logged"
    if week.logged_days < week.days_counted:
        days = "day" if week.logged_days == 1 else "days"
        return f"{week.use_days} of {week.logged_days} logged {days}"
    return f"{week.use_days} of {week.days_counted} days"


def _peg_key(palette: ChartPalette, label: str, marker: bool) -> Line2D:
    style = dict(marker="s", markersize=4.5, markerfacecolor=palette.axes_background,
                 markeredgewidth=1.3) if marker else {}
    return Line2D([], [], color=palette.peg, linestyle="--", linewidth=1.0, label=label, **style)


def _draw_peg(ax, scores, kind: str, palette: ChartPalette, *, shift: float = 0.0,
              marker_size: float | None = None) -> None:
    """The PEG scores as a dashed line that breaks where a week (or period) has none."""
    points = score_line(scores, kind)
    style = dict(marker="s", markersize=marker_size, markerfacecolor=palette.axes_background,
                 markeredgewidth=1.3) if marker_size else {}
    ax.plot([day_x(d) + shift for d, _ in points], _values([s for _, s in points]),
            color=palette.peg, linestyle="--", linewidth=1.0, gid="peg", zorder=4, **style)


def draw_pain(ax, figs: TrendFigures, palette: ChartPalette,
              peg: Sequence[tuple[dt.date, float]] | None = None) -> PanelText:
    """Daily pain 0-10 (unrated days are gaps), its 7-day average and weekly PEG scores."""
    if figs.periods:
        return _draw_pain_periods(ax, figs, palette, peg)
    x = _xs(figs.days)
    pain = _values(figs.pain)
    if figs.weekly:
        ax.plot(x, pain, linestyle="none", marker="o", markersize=2.2,
                alpha=0.55 if len(figs.days) <= GAPLESS_AFTER_DAYS else 0.3,
                color=palette.pain_point, gid="pain")
    else:
        # NaN for an unrated day breaks the line: a gap, never a zero.
        ax.plot(x, pain, linewidth=0.8, marker="o", markersize=3.2, alpha=0.8,
                color=palette.pain_point, gid="pain")
    average = _values(figs.pain_average)
    ax.plot(x, average, color=palette.pain_average, linewidth=1.0 if figs.weekly else 1.8,
            gid="pain-average", zorder=3, marker="o", markersize=2.5, markevery=_alone(average))
    legend = []
    if np.isfinite(pain).any():
        legend.append(Line2D([], [], marker="o", markersize=3.2, linewidth=0.8,
                             color=palette.pain_point, label="pain that day"))
    if np.isfinite(average).any():
        legend.append(Line2D([], [], color=palette.pain_average, linewidth=1.8, label="7-day average"))
    peg = [(d, s) for d, s in (peg or ()) if figs.start <= d <= figs.end]
    if peg:
        # Over long ranges smaller squares, so a score each month stays apart.
        _draw_peg(ax, peg, "day", palette, marker_size=2.5 if figs.weekly else 4.5)
        legend.append(_peg_key(palette, "PEG score (0-10)", marker=True))
    ax.set_ylim(-0.4, 10.4)
    empty = all(p is None for p in figs.pain) and not peg
    return PanelText("Pain (0 no pain, 10 worst pain imaginable)", "pain (0-10)", legend,
                     note="No pain rated in these dates." if empty else "")


def _draw_pain_periods(ax, figs: TrendFigures, palette: ChartPalette,
                       peg: Sequence[tuple[dt.date, float]] | None) -> PanelText:
    """Long ranges: the mean pain of each week or month, and the mean PEG of each (core.chart_periods)."""
    _, _, middles = _period_bars(figs)
    means = _values([p.pain_mean for p in figs.periods])
    ax.plot(middles, means, color=palette.pain_average, linewidth=1.4, gid="pain", zorder=3,
            marker="o", markersize=2, markevery=_alone(means))
    legend = []
    if np.isfinite(means).any():
        legend.append(Line2D([], [], color=palette.pain_average, linewidth=1.4,
                             label=f"pain, mean of each {figs.period}"))
    scores = scores_per_period([(d, s) for d, s in (peg or ()) if figs.start <= d <= figs.end],
                               figs.period)
    if scores:
        _draw_peg(ax, scores, figs.period, palette, shift=15 if figs.period == "month" else 3.5)
        legend.append(_peg_key(palette, f"PEG score (0-10), mean of each {figs.period}", marker=False))
    ax.set_ylim(-0.4, 10.4)
    empty = not np.isfinite(means).any() and not scores
    return PanelText("Pain (0 no pain, 10 worst pain imaginable)", "pain (0-10)", legend,
                     note="No pain rated in these dates." if empty else "")


# Below these heights (inches) a panel's y labels would touch: fewer of them.
FEW_GRAM_TICKS_BELOW = 1.0
FEW_PAIN_TICKS_BELOW = 0.85


def fit_y_ticks(name: str, ax, inches: float) -> None:
    """The y labels of the intake, doses and pain panels, as many as the panel's height holds."""
    if name == "intake":
        few = inches < FEW_GRAM_TICKS_BELOW
        ax.yaxis.set_major_locator(MaxNLocator(nbins=3 if few else 5, steps=[1, 2, 5, 10]))
    elif name == "doses":
        dose_ticks(ax, inches)
    elif name == "pain":
        few = inches < FEW_PAIN_TICKS_BELOW
        ax.yaxis.set_major_locator(FixedLocator([0, 5, 10] if few else [0, 2, 4, 6, 8, 10]))


DRAW = {
    "intake": draw_intake,
    "doses": draw_doses,
    "use_days": draw_use_days,
    "pain": draw_pain,
    "side_effects": draw_side_effects,
}


def panel_height(name: str, figs: TrendFigures | None) -> float:
    if name == "side_effects":
        rows = slots(figs.heat_map) if figs is not None else 0
        return max(0.6, ROW_HEIGHT * rows)
    return PANEL_HEIGHTS[name]

