"""One panel each: ``draw_*`` adds a panel's data to an Axes and returns its
``PanelText`` (title, axis label, legend); ``TimelineChart`` (charts.timeline)
stacks them.

Every artist that carries data has a ``gid`` (``"leaf-bars"``, ``"pain"`` …)
so that tests and the page can find what was drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib import transforms
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator

from kratomtrack.charts.axis import FONT, day_x
from kratomtrack.charts.palette import ChartPalette
from kratomtrack.core.chart_periods import scores_per_period
from kratomtrack.core.records import RATING_LABELS
from kratomtrack.core.trends import TrendFigures

PANEL_HEIGHTS = {"intake": 2.3, "doses": 1.0, "use_days": 1.0, "pain": 2.0}
ROW_HEIGHT = 0.22  # one side effect's row in the heat map
DIGITS_UP_TO_COLUMNS = 35  # heat-map cells wide enough for their rating's digit
NAME_CHARS = 18
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



def _bars(ax, lefts, widths, heights, *, color, gid, zorder=2, outline=False):
    """Bars as one PolyCollection: one artist however many days (fast to draw);
    ``outline``: only their edges, in ``color``."""
    lefts = np.asarray(lefts, dtype=float)
    heights = np.asarray([np.nan if h is None else h for h in heights], dtype=float)
    widths = np.broadcast_to(np.asarray(widths, dtype=float), lefts.shape)
    keep = np.isfinite(heights) & (heights > 0)
    l, w, h = lefts[keep], widths[keep], heights[keep]
    verts = np.empty((len(l), 4, 2))
    verts[:, :, 0] = np.stack([l, l, l + w, l + w], axis=1)
    verts[:, :, 1] = np.stack([np.zeros_like(h), h, h, np.zeros_like(h)], axis=1)
    if outline:
        bars = PolyCollection(verts, facecolors="none", edgecolors=color, linewidths=0.6,
                              zorder=zorder)
    else:
        bars = PolyCollection(verts, facecolors=color, edgecolors="none", zorder=zorder)
    bars.set_gid(gid)
    ax.add_collection(bars, autolim=False)
    return bars


def bar_heights(collection: PolyCollection) -> list[tuple[float, float]]:
    """(left edge, height) of each bar drawn by ``_bars`` (for tests and hover)."""
    return [(float(p.vertices[0, 0]), float(p.vertices[1, 1])) for p in collection.get_paths()]


@dataclass
class PanelText:
    """The words around a panel: title, y-axis label (with unit) and legend."""

    title: str
    ylabel: str
    legend: list = field(default_factory=list)
    legend_columns: int | None = None
    note: str = ""  # shown in the middle when the panel has nothing to show

    @property
    def legend_rows(self) -> int:
        if not self.legend:
            return 0
        columns = self.legend_columns or len(self.legend)
        return -(-len(self.legend) // columns)


# --- panels -------------------------------------------------------------------------


def draw_intake(ax, figs: TrendFigures, palette: ChartPalette) -> PanelText:
    """Leaf grams per day as bars (per-day average of each week on long
    ranges), the 7-day average as a line, and extract / 7-OH days as
    markers of their own shape above the bars (their grams are not in them).

    An unknown day (nothing logged) has no bar, and the average line breaks
    where it has no value (fewer than 4 logged days of 7): never a 0."""
    x = _xs(figs.days)
    if figs.periods:
        # core.chart_periods: the mean per logged day of each week or month;
        # no 7-day line (the bars are already averages).
        heights = [p.leaf_per_day for p in figs.periods]
        lefts, widths, middles = _period_bars(figs)
        _bars(ax, lefts, widths, heights, color=palette.leaf_bar, gid="leaf-bars")
        extract_x = [m for m, p in zip(middles, figs.periods) if p.extract_days]
        seven_oh_x = [m for m, p in zip(middles, figs.periods) if p.seven_oh_days]
        title = f"Leaf kratom per day (powder, capsules, tea), by {figs.period}"
    else:
        heights = figs.leaf_grams
        _bars(ax, x - 0.4, 0.8, heights, color=palette.leaf_bar, gid="leaf-bars")
        extract_x = [xi for xi, g in zip(x, figs.extract_grams) if g]  # None: unknown
        seven_oh_x = [xi for xi, g in zip(x, figs.seven_oh_grams) if g]
        title = "Leaf kratom per day (powder, capsules, tea)"
    if not figs.periods:
        average = _values(figs.leaf_average)
        # NaN breaks the line at a gap; a value alone between gaps gets a dot,
        # or it would not show at all.
        ax.plot(x, average, color=palette.leaf_average, linewidth=1.8, gid="leaf-average",
                zorder=3, marker="o", markersize=2.5, markevery=_alone(average))
    top = max([h for h in heights if h is not None]
              + [v for v in figs.leaf_average if v is not None and not figs.periods] + [1.0])
    # Headroom above the bars for the extract / 7-OH markers.
    ax.set_ylim(0, top * 1.32)
    above = transforms.blended_transform_factory(ax.transData, ax.transAxes)
    # The legend is the same for every range (a stable legend is easier to
    # read, and lets the window keep it drawn while only the data change).
    # Long ranges: a thin tick per week or month with extract / 7-OH, so
    # that a run of them stays a row of ticks rather than a black band.
    extract_marker, seven_oh_marker = ("|", "|") if figs.periods else ("^", "D")
    when = f" that {figs.period}" if figs.periods else ""
    legend = [Patch(color=palette.leaf_bar, label="leaf grams per day" if not figs.periods
                    else f"leaf g per logged day (mean of the {figs.period})")]
    if not figs.periods:
        legend.append(Line2D([], [], color=palette.leaf_average, linewidth=1.8, label="7-day average"))
    legend += [Line2D([], [], linestyle="none", marker=extract_marker, markersize=6,
                      color=palette.extract_marker, label=f"extract taken{when} (grams not in bars)"),
               Line2D([], [], linestyle="none", marker=seven_oh_marker, markersize=5,
                      markerfacecolor="none", markeredgewidth=1.4, color=palette.seven_oh_marker,
                      label=f"7-OH product taken{when} (grams not in bars)")]
    if extract_x:
        ax.plot(extract_x, [0.92] * len(extract_x), linestyle="none", marker=extract_marker,
                markersize=6, markeredgewidth=0.8 if figs.periods else 1.0,
                color=palette.extract_marker, transform=above, gid="extract-days")
    if seven_oh_x:
        ax.plot(seven_oh_x, [0.82] * len(seven_oh_x), linestyle="none", marker=seven_oh_marker,
                markersize=5, markerfacecolor="none", markeredgewidth=0.8 if figs.periods else 1.4,
                color=palette.seven_oh_marker, transform=above, gid="seven-oh-days")
    return PanelText(title, "grams per day (g)", legend, legend_columns=1 if figs.periods else 2,
                     note=_intake_note(figs))


def _intake_note(figs: TrendFigures) -> str:
    if figs.is_empty:
        return "Nothing recorded in these dates."
    if not any(figs.doses):
        return "No kratom on the days logged in these dates."
    return ""


def draw_doses(ax, figs: TrendFigures, palette: ChartPalette) -> PanelText:
    """Doses per day (per-day average of each week on long ranges)."""
    if figs.periods:
        per_day = [p.doses_per_day for p in figs.periods]
        lefts, widths, _ = _period_bars(figs)
        _bars(ax, lefts, widths, per_day, color=palette.doses_bar, gid="dose-bars")
        top = max([v for v in per_day if v is not None] + [1])
        title = f"Doses per logged day: mean of each {figs.period}"
    else:
        # An unknown day (None) has no bar.
        _bars(ax, _xs(figs.days) - 0.3, 0.6, figs.doses, color=palette.doses_bar, gid="dose-bars")
        top = max([n for n in figs.doses if n is not None] + [1])
        title = "Doses per day"
    ax.set_ylim(0, top * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    return PanelText(title, "doses")


def draw_use_days(ax, figs: TrendFigures, palette: ChartPalette) -> PanelText:
    """Days with any dose in each ISO week, against the week's logged days without
    use (a dose, a check-in or a "no kratom today" mark; unlogged days are blank).

    A week with days that have nothing logged is outlined up to its days, so
    that its blank part reads as "not logged", not as low use. A part-week is
    as wide as its days in the range and labelled "3 of 3 days", so that it
    does not read as a week of lower use; when some of its days have nothing
    logged, "2 of 2 logged days" (use days of logged days).
    """
    weeks = [w for w in figs.weeks if w.days_counted]
    lefts, widths = _week_bars(figs, weeks)
    gappy = [i for i, w in enumerate(weeks) if w.logged_days < w.days_counted]
    _bars(ax, [lefts[i] for i in gappy], [widths[i] for i in gappy],
          [weeks[i].days_counted for i in gappy], color=palette.muted_text, gid="unlogged-days",
          zorder=1.2, outline=True)
    # "Days without" are logged days without use: an unlogged day is left blank.
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
    legend = [Patch(color=palette.use_days_bar, label="days with kratom"),
              Patch(color=palette.counted_days_bar, label="days without (logged)"),
              Patch(facecolor=palette.axes_background, edgecolor=palette.muted_text,
                    linewidth=0.6, label="blank: not logged")]
    return PanelText("Days with any kratom, each week (Monday to Sunday)", "days (of 7)", legend)


def _part_week_words(week) -> str:
    if not week.logged_days:
        return "nothing logged"
    if week.logged_days < week.days_counted:
        days = "day" if week.logged_days == 1 else "days"
        return f"{week.use_days} of {week.logged_days} logged {days}"
    return f"{week.use_days} of {week.days_counted} days"


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
    ax.plot(x, _values(figs.pain_average), color=palette.pain_average,
            linewidth=1.0 if figs.weekly else 1.8, gid="pain-average", zorder=3)
    legend = [Line2D([], [], marker="o", markersize=3.2, linewidth=0.8, color=palette.pain_point,
                     label="pain that day"),
              Line2D([], [], color=palette.pain_average, linewidth=1.8, label="7-day average")]
    # PEG is in the legend whenever the log has PEG scores, in range or not.
    if peg:
        legend.append(Line2D([], [], color=palette.peg, linestyle="--", linewidth=1.0, marker="s",
                             markersize=4.5, markerfacecolor=palette.axes_background,
                             markeredgewidth=1.3, label="PEG score (0-10)"))
    peg = [(d, s) for d, s in (peg or ()) if figs.start <= d <= figs.end]
    if peg:
        # Over long ranges smaller squares, so a score each month stays apart.
        ax.plot([day_x(d) for d, _ in peg], [s for _, s in peg], color=palette.peg,
                linestyle="--", linewidth=1.0, marker="s", markersize=2.5 if figs.weekly else 4.5,
                markerfacecolor=palette.axes_background, markeredgewidth=1.3,
                gid="peg", zorder=4)
    ax.set_ylim(-0.4, 10.4)
    empty = all(p is None for p in figs.pain) and not peg
    return PanelText("Pain (0 no pain, 10 worst pain imaginable)", "pain (0-10)", legend,
                     note="No pain rated in these dates." if empty else "")


def _draw_pain_periods(ax, figs: TrendFigures, palette: ChartPalette,
                       peg: Sequence[tuple[dt.date, float]] | None) -> PanelText:
    """Long ranges: the mean pain of each week or month, and the mean PEG of each (core.chart_periods)."""
    _, _, middles = _period_bars(figs)
    ax.plot(middles, _values([p.pain_mean for p in figs.periods]), color=palette.pain_average,
            linewidth=1.4, gid="pain", zorder=3)
    legend = [Line2D([], [], color=palette.pain_average, linewidth=1.4,
                     label=f"pain, mean of each {figs.period}")]
    scores = scores_per_period([(d, s) for d, s in (peg or ()) if figs.start <= d <= figs.end],
                               figs.period)
    if peg:
        legend.append(Line2D([], [], color=palette.peg, linestyle="--", linewidth=1.0,
                             label=f"PEG score (0-10), mean of each {figs.period}"))
    if scores:
        half = 15 if figs.period == "month" else 3.5
        ax.plot([day_x(d) + half for d, _ in scores], [s for _, s in scores], color=palette.peg,
                linestyle="--", linewidth=1.0, gid="peg", zorder=4)
    ax.set_ylim(-0.4, 10.4)
    empty = all(p.pain_mean is None for p in figs.periods) and not scores
    return PanelText("Pain (0 no pain, 10 worst pain imaginable)", "pain (0-10)", legend,
                     note="No pain rated in these dates." if empty else "")


def draw_side_effects(ax, figs: TrendFigures, palette: ChartPalette) -> PanelText:
    """The side-effect heat map: rows of ratings, blank where not rated."""
    heat = figs.heat_map
    legend = [Patch(facecolor=c, edgecolor=palette.muted_text, linewidth=0.4,
                    label=f"{i} {RATING_LABELS[i]}") for i, c in enumerate(palette.ratings)]
    legend.append(Patch(facecolor=palette.axes_background, edgecolor=palette.muted_text,
                        linewidth=0.4, label="blank: not rated"))
    title = ("Side effects: the strongest rating of each week" if heat.weekly
             else "Side effects: the strongest rating of each month" if heat.monthly
             else "Side effects as rated")
    if not heat.names:
        ax.set_yticks([])
        ax.set_ylim(0.5, -0.5)
        return PanelText(title, "", legend, note="No side effects rated in these dates.")
    values = np.array([[np.nan if v is None else v for v in row] for row in heat.values],
                      dtype=float)
    # Not rated: transparent, so the background shows through.
    cmap = ListedColormap(list(palette.ratings)).with_extremes(bad=(0, 0, 0, 0))
    x0 = day_x(heat.columns[0]) - 0.5
    x1 = (day_x(heat.end) + 0.5 if heat.monthly
          else day_x(heat.columns[-1]) + heat.column_days - 0.5)
    rows = len(heat.names)
    image = ax.imshow(
        np.ma.masked_invalid(values), cmap=cmap, norm=BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], 4),
        aspect="auto", interpolation="nearest", extent=(x0, x1, rows - 0.5, -0.5),
        origin="upper", zorder=2,
    )
    image.set_gid("side-effects")
    # Thin lines between rows so that a blank (not rated) cell reads as a place.
    separators = LineCollection([[(0, y), (1, y)] for y in np.arange(0.5, rows - 0.5)],
                                colors=palette.grid, linewidths=0.6, zorder=1,
                                transform=ax.get_yaxis_transform())
    ax.add_collection(separators, autolim=False)
    if len(heat.columns) <= DIGITS_UP_TO_COLUMNS:
        for r, row in enumerate(heat.values):
            for c, v in enumerate(row):
                if v is not None:
                    ax.text(day_x(heat.columns[c]), r, str(v), ha="center", va="center",
                            fontsize=FONT - 1, color=palette.rating_digits[v], zorder=3)
    ax.set_yticks(range(rows), [_short(n) for n in heat.names])
    ax.set_ylim(rows - 0.5, -0.5)
    return PanelText(title, "", legend)


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


# Below these heights (inches) a panel's y labels would touch: fewer of them.
FEW_GRAM_TICKS_BELOW = 1.0
FEW_PAIN_TICKS_BELOW = 0.85


def fit_y_ticks(name: str, ax, inches: float) -> None:
    """The y labels of the intake and pain panels, as many as the panel's height holds."""
    if name == "intake":
        few = inches < FEW_GRAM_TICKS_BELOW
        ax.yaxis.set_major_locator(MaxNLocator(nbins=3 if few else 5, steps=[1, 2, 5, 10]))
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
        rows = len(figs.heat_map.names) if figs is not None else 0
        return max(0.6, ROW_HEIGHT * rows)
    return PANEL_HEIGHTS[name]

