"""Patterns charts: dose timing per week, relief per dose, and the plan
against the log (Trends' "Patterns" tab and the summary's PDF).

Timing is labelled "pattern, not a diagnosis" (docs/health-content.md,
"Patterns over time"); the plan is "planned" and "logged" ("A reduction plan").
Every artist carrying data has a gid for tests.
"""

from __future__ import annotations

import matplotlib.dates as mdates
from matplotlib import transforms
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kratomtrack.charts.axis import FONT, TITLE_FONT, DateLabels, day_x, moment_x
from kratomtrack.charts.palette import ChartPalette
from kratomtrack.charts.together import _style_axes
from kratomtrack.core.patterns import PATTERN_LABEL, Patterns
from kratomtrack.core.plan import PlanReport

PANEL_HEIGHT = 2.0  # inches
LEGEND_ROW = 0.22  # inches: the legend sits between a panel's title and the panel
LEFT, RIGHT, TOP, BOTTOM, GAP = 0.9, 0.9, 0.45 + LEGEND_ROW, 0.45, 0.75 + LEGEND_ROW
# Weekly points are marked up to this many weeks; over years the marks hide the line.
MARKED_WEEKS = 60


def _panel_count(plan: PlanReport | None) -> int:
    return 3 if plan is not None and plan.days else 2


def patterns_height(plan: PlanReport | None) -> float:
    n = _panel_count(plan)
    return TOP + BOTTOM + n * PANEL_HEIGHT + (n - 1) * GAP


def _hours(minutes: float | None) -> float:
    return float("nan") if minutes is None else minutes / 60


def patterns_figure(p: Patterns, plan: PlanReport | None, palette: ChartPalette, *,
                    width: float = 8.0, figure: Figure | None = None) -> Figure:
    """Weekly first-dose time and median gap; relief per dose with its rolling
    median; and, with a plan, planned against logged leaf g per day."""
    height = patterns_height(plan)
    if figure is None:
        figure = Figure(figsize=(width, height))
    else:
        figure.clear()
        figure.set_size_inches(width, height, forward=False)
    figure.set_facecolor(palette.background)
    n = _panel_count(plan)
    axes = []
    for i in range(n):
        bottom = (BOTTOM + (n - 1 - i) * (PANEL_HEIGHT + GAP)) / height
        ax = figure.add_axes((LEFT / width, bottom, 1 - (LEFT + RIGHT) / width, PANEL_HEIGHT / height),
                             sharex=axes[0] if axes else None)
        _style_axes(ax, palette)
        _label_at(ax, -36)
        axes.append(ax)
    # One time axis for every panel: the range shown, dated in words as on the other charts.
    axes[0].xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    axes[0].xaxis.set_major_formatter(DateLabels())
    axes[0].set_xlim(day_x(p.start) - 1, day_x(p.end) + 1)
    _timing(axes[0], p, palette)
    _relief(axes[1], p, palette)
    if n == 3:
        _plan(axes[2], plan, palette)
    return figure


def _label_at(ax, points: float, side: float = 0) -> None:
    """Axis labels at fixed places, the y label ``points`` from the panel's side:
    matplotlib would otherwise measure every tick label on every draw to place them."""
    figure = ax.get_figure()
    ax.yaxis.set_label_coords(side, 0.5, transforms.offset_copy(ax.transAxes, fig=figure, x=points,
                                                                units="points"))
    ax.xaxis.set_label_coords(0.5, 0, transforms.offset_copy(ax.transAxes, fig=figure, y=-24,
                                                             units="points"))


def _title(ax, text: str, palette: ChartPalette) -> None:
    # At a fixed height above the legend row: matplotlib would otherwise measure the axes to place it.
    ax.set_title(text, fontsize=TITLE_FONT, color=palette.text, loc="left", y=1.0,
                 pad=4 + LEGEND_ROW * 72)


def _legend(ax, palette: ChartPalette, handles=None) -> None:
    """One row of keys between the title and the panel, clear of the data."""
    handles = handles or ax.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="lower left", bbox_to_anchor=(0.0, 1.0),
              ncols=len(handles), frameon=False, fontsize=FONT, borderaxespad=0.15,
              labelcolor=palette.text)


def _timing(ax, p: Patterns, palette: ChartPalette) -> None:
    _title(ax, f"Dose timing per week ({PATTERN_LABEL})", palette)
    weeks = [day_x(w.start) for w in p.weeks]
    marked = len(weeks) <= MARKED_WEEKS
    ax.plot(weeks, [_hours(w.first_dose_minutes) for w in p.weeks], marker="o" if marked else None,
            markersize=3, color=palette.leaf_average, gid="first-dose", label="first dose (time of day)")
    ax.set_ylim(24, 0)
    ax.set_yticks([0, 6, 12, 18, 24], ["00:00", "06:00", "12:00", "18:00", "24:00"])
    ax.set_ylabel("first dose", fontsize=FONT, color=palette.text)
    gap = ax.twinx()
    _label_at(gap, 24, side=1)
    for side in ("top", "left", "bottom"):  # drawn by the panel itself
        gap.spines[side].set_visible(False)
    gap.spines["right"].set_color(palette.muted_text)
    gap.plot(weeks, [_hours(w.median_gap) for w in p.weeks], marker="s" if marked else None,
             markersize=3, linestyle="--", color=palette.pain_average, gid="median-gap",
             label="median gap (hours)")
    gap.set_ylim(0, max(gap.get_ylim()[1], 1))  # whole hours, also with no gap at all
    gap.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    gap.set_ylabel("median gap, hours", fontsize=FONT, color=palette.text)
    gap.tick_params(colors=palette.muted_text, labelcolor=palette.text, labelsize=FONT)
    _legend(ax, palette, ax.get_lines() + gap.get_lines())
    if not p.weeks:
        ax.text(0.5, 0.5, "No doses in this range", transform=ax.transAxes, ha="center",
                color=palette.muted_text, fontsize=FONT)


def _relief(ax, p: Patterns, palette: ChartPalette) -> None:
    _title(ax, "Relief per dose: pain before minus pain after (your own observation)", palette)
    when = [moment_x(r.taken_at) for r in p.relief]
    ax.plot(when, [r.relief for r in p.relief], linestyle="none", marker="o", markersize=3,
            color=palette.pain_point, gid="relief", label="one dose")
    ax.plot(when, [r.rolling_median for r in p.relief], color=palette.pain_average, gid="relief-median",
            label="rolling median")
    ax.axhline(0, color=palette.muted_text, linewidth=0.8)
    ax.set_ylim(-10.5, 10.5)
    ax.set_yticks([-10, -5, 0, 5, 10])
    ax.set_ylabel("points", fontsize=FONT, color=palette.text)
    if p.relief:
        _legend(ax, palette)
    else:
        ax.text(0.5, 0.5, "No dose with pain before and after in this range", transform=ax.transAxes,
                ha="center", color=palette.muted_text, fontsize=FONT)


def _plan(ax, plan: PlanReport, palette: ChartPalette) -> None:
    _title(ax, "Your plan: planned and logged leaf g per day", palette)
    days = [day_x(d.day) for d in plan.days]
    ax.step(days, [float("nan") if d.planned_leaf_mg is None else d.planned_leaf_mg / 1000 for d in plan.days],
            where="post", color=palette.leaf_average, gid="planned", label="planned")
    logged = [d for d in plan.days if d.logged]  # a day with nothing logged has no bar, not a 0 g one
    ax.bar([day_x(d.day) for d in logged], [d.logged_leaf_mg / 1000 for d in logged], width=0.8,
           color=palette.leaf_bar, gid="logged", label="logged")
    ax.set_ylabel("g / day", fontsize=FONT, color=palette.text)
    _legend(ax, palette)
