"""Patterns charts: dose timing per week, relief per dose, and the plan
against the log (Trends' "Patterns" tab and the summary's PDF).

Timing is labelled "pattern, not a diagnosis" (docs/health-content.md,
"Patterns over time"); the plan is "planned" and "logged" ("A reduction plan").
Every artist carrying data has a gid for tests.
"""

from __future__ import annotations

import datetime as dt

from matplotlib.figure import Figure

from kratomtrack.charts.axis import FONT, TITLE_FONT
from kratomtrack.charts.palette import ChartPalette
from kratomtrack.charts.together import _style_axes
from kratomtrack.core.patterns import PATTERN_LABEL, Patterns
from kratomtrack.core.plan import PlanReport

PANEL_HEIGHT = 2.0  # inches
LEFT, RIGHT, TOP, BOTTOM, GAP = 0.9, 0.9, 0.45, 0.45, 0.75


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
        ax = figure.add_axes((LEFT / width, bottom, 1 - (LEFT + RIGHT) / width, PANEL_HEIGHT / height))
        _style_axes(ax, palette)
        axes.append(ax)
    _timing(axes[0], p, palette)
    _relief(axes[1], p, palette)
    if n == 3:
        _plan(axes[2], plan, palette)
    # One time axis for every panel: the range shown.
    for ax in axes:
        ax.set_xlim(p.start - dt.timedelta(days=1), p.end + dt.timedelta(days=1))
    return figure


def _title(ax, text: str, palette: ChartPalette) -> None:
    ax.set_title(text, fontsize=TITLE_FONT, color=palette.text, loc="left")


def _timing(ax, p: Patterns, palette: ChartPalette) -> None:
    _title(ax, f"Dose timing per week ({PATTERN_LABEL})", palette)
    weeks = [w.start for w in p.weeks]
    ax.plot(weeks, [_hours(w.first_dose_minutes) for w in p.weeks], marker="o", markersize=3,
            color=palette.leaf_average, gid="first-dose", label="first dose (time of day)")
    ax.set_ylim(24, 0)
    ax.set_yticks([0, 6, 12, 18, 24], ["00:00", "06:00", "12:00", "18:00", "24:00"])
    ax.set_ylabel("first dose", fontsize=FONT, color=palette.text)
    gap = ax.twinx()
    gap.plot(weeks, [_hours(w.median_gap) for w in p.weeks], marker="s", markersize=3, linestyle="--",
             color=palette.pain_average, gid="median-gap", label="median gap (hours)")
    gap.set_ylim(bottom=0)
    gap.set_ylabel("median gap, hours", fontsize=FONT, color=palette.text)
    gap.tick_params(colors=palette.muted_text, labelcolor=palette.text, labelsize=FONT)
    handles = ax.get_lines() + gap.get_lines()
    ax.legend(handles, [h.get_label() for h in handles], fontsize=FONT, loc="upper left",
              frameon=False, labelcolor=palette.text)
    if not p.weeks:
        ax.text(0.5, 0.5, "No doses in this range", transform=ax.transAxes, ha="center",
                color=palette.muted_text, fontsize=FONT)


def _relief(ax, p: Patterns, palette: ChartPalette) -> None:
    _title(ax, "Relief per dose: pain before minus pain after (your own observation)", palette)
    when = [r.taken_at for r in p.relief]
    ax.plot(when, [r.relief for r in p.relief], linestyle="none", marker="o", markersize=3,
            color=palette.pain_point, gid="relief", label="one dose")
    ax.plot(when, [r.rolling_median for r in p.relief], color=palette.pain_average, gid="relief-median",
            label="rolling median")
    ax.axhline(0, color=palette.muted_text, linewidth=0.8)
    ax.set_ylim(-10.5, 10.5)
    ax.set_ylabel("points", fontsize=FONT, color=palette.text)
    if p.relief:
        ax.legend(fontsize=FONT, loc="upper left", frameon=False, labelcolor=palette.text)
    else:
        ax.text(0.5, 0.5, "No dose with pain before and after in this range", transform=ax.transAxes,
                ha="center", color=palette.muted_text, fontsize=FONT)


def _plan(ax, plan: PlanReport, palette: ChartPalette) -> None:
    _title(ax, "Your plan: planned and logged leaf g per day", palette)
    days = [d.day for d in plan.days]
    ax.step(days, [float("nan") if d.planned_leaf_mg is None else d.planned_leaf_mg / 1000 for d in plan.days],
            where="post", color=palette.leaf_average, gid="planned", label="planned")
    ax.bar(days, [d.logged_leaf_mg / 1000 for d in plan.days], width=0.8, color=palette.leaf_bar,
           gid="logged", label="logged")
    ax.set_ylabel("g / day", fontsize=FONT, color=palette.text)
    ax.legend(fontsize=FONT, loc="lower right", bbox_to_anchor=(1, 1), ncols=2, frameon=False,
              labelcolor=palette.text)
