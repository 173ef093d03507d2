"""Patterns charts: dose timing per week, relief per dose, and the plan
against the log (Trends' "Patterns" tab and the summary's PDF).

Timing is labelled "pattern, not a diagnosis" (docs/health-content.md,
"Patterns over time"); the plan is "planned" and "logged" ("A reduction plan").
Relief per dose is drawn over the amount of each of those doses, on one time
axis: the person's own observation, shown as recorded and never turned into
a suggestion. Every artist carrying data has a gid for tests.
"""

from __future__ import annotations

from matplotlib import transforms
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from kratomtrack.charts.axis import FONT, TITLE_FONT, DateLabels, DateTicks, day_x, moment_x
from kratomtrack.charts.palette import ChartPalette
from kratomtrack.charts.together import _style_axes
from kratomtrack.core.chart_periods import score_line
from kratomtrack.core.patterns import PATTERN_LABEL, Patterns
from kratomtrack.core.plan import PlanReport
from kratomtrack.core.records import LEAF_FORMS

PANEL_HEIGHT = 2.0  # inches
LEGEND_ROW = 0.22  # inches: the legend sits between a panel's title and the panel
LEFT, RIGHT, TOP, BOTTOM, GAP = 0.9, 0.9, 0.45 + LEGEND_ROW, 0.45, 0.75 + LEGEND_ROW
# Weekly points are marked up to this many weeks; over years the marks hide the line.
MARKED_WEEKS = 60
# The relief panel's share of its place; the rest (under a small gap) holds the doses' amounts.
AMOUNT_HEIGHT, AMOUNT_GAP = 0.55, 0.12


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
        bottom = BOTTOM + (n - 1 - i) * (PANEL_HEIGHT + GAP)
        if i == 1:  # relief over the amounts, in the one panel's place
            axes.append(_panel(figure, axes, bottom + AMOUNT_HEIGHT + AMOUNT_GAP,
                               PANEL_HEIGHT - AMOUNT_HEIGHT - AMOUNT_GAP, palette))
            amounts = _panel(figure, axes, bottom, AMOUNT_HEIGHT, palette)
        else:
            axes.append(_panel(figure, axes, bottom, PANEL_HEIGHT, palette))
    _dated(axes[0], p)
    _timing(axes[0], p, palette)
    _relief(axes[1], amounts, p, palette, "you")
    if n == 3:
        _plan(axes[2], plan, palette)
    return figure


def _panel(figure: Figure, axes: list, bottom: float, height: float, palette: ChartPalette):
    """An axes ``height`` inches high from ``bottom``, on the figure's one time axis."""
    width, figure_height = figure.get_size_inches()
    ax = figure.add_axes((LEFT / width, bottom / figure_height, 1 - (LEFT + RIGHT) / width,
                          height / figure_height), sharex=axes[0] if axes else None)
    _style_axes(ax, palette)
    _label_at(ax, -36)
    return ax


def _dated(ax, p: Patterns) -> None:
    """The range shown, dated in words as on the other charts (every panel shares it)."""
    ax.xaxis.set_major_locator(DateTicks())
    ax.xaxis.set_major_formatter(DateLabels())
    ax.set_xlim(day_x(p.start) - 1, day_x(p.end) + 1)


RELIEF_HEIGHT = TOP + BOTTOM + PANEL_HEIGHT


def relief_figure(p: Patterns, palette: ChartPalette, *, width: float = 8.0) -> Figure:
    """Relief per dose over the doses' amounts alone (the summary's chart), in the
    third person: the doctor reads it."""
    figure = Figure(figsize=(width, RELIEF_HEIGHT))
    figure.set_facecolor(palette.background)
    ax = _panel(figure, [], BOTTOM + AMOUNT_HEIGHT + AMOUNT_GAP, PANEL_HEIGHT - AMOUNT_HEIGHT - AMOUNT_GAP,
                palette)
    amounts = _panel(figure, [ax], BOTTOM, AMOUNT_HEIGHT, palette)
    _dated(ax, p)
    _relief(ax, amounts, p, palette, "the patient")
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
    ax.set_title(text, fontsize=TITLE_FONT, fontweight="bold", color=palette.text, loc="left", y=1.0,
                 pad=4 + LEGEND_ROW * 72)


def _legend(ax, palette: ChartPalette, handles=None) -> None:
    """One row of keys between the title and the panel, clear of the data."""
    handles = handles or ax.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="lower left", bbox_to_anchor=(0.0, 1.0),
              ncols=len(handles), frameon=False, fontsize=FONT, borderaxespad=0.15,
              labelcolor=palette.text)


def _timing(ax, p: Patterns, palette: ChartPalette) -> None:
    _title(ax, f"Dose timing per week ({PATTERN_LABEL})", palette)
    marked = len(p.weeks) <= MARKED_WEEKS
    # A week without a dose is a gap in the lines, never bridged.
    weeks, first = _broken([(w.start, _hours(w.first_dose_minutes)) for w in p.weeks], "week")
    ax.plot(weeks, first, marker="o" if marked else None,
            markersize=3, color=palette.leaf_average, gid="first-dose", label="first dose (time of day)")
    ax.set_ylim(24, 0)
    ax.set_yticks([0, 6, 12, 18, 24], ["00:00", "06:00", "12:00", "18:00", "24:00"])
    ax.set_ylabel("first dose", fontsize=FONT, color=palette.text)
    gap = ax.twinx()
    _label_at(gap, 24, side=1)
    for side in ("top", "left", "bottom"):  # drawn by the panel itself
        gap.spines[side].set_visible(False)
    gap.spines["right"].set_color(palette.muted_text)
    gap.plot(weeks, _broken([(w.start, _hours(w.median_gap)) for w in p.weeks], "week")[1],
             marker="s" if marked else None,
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


def _relief(ax, amounts, p: Patterns, palette: ChartPalette, whose: str) -> None:
    """Relief of each dose (and its rolling median) over the amount of that dose, below."""
    _title(ax, f"Relief per dose, as {whose} observed it", palette)
    when = [moment_x(r.taken_at) for r in p.relief]
    ax.plot(when, [r.relief for r in p.relief], linestyle="none", marker="o", markersize=3,
            color=palette.pain_point, gid="relief", label="relief of one dose")
    # The rolling median breaks where no dose was paired for more than a week and a half.
    ax.plot(*_broken([(r.taken_at, r.rolling_median) for r in p.relief], "day", moment_x),
            color=palette.pain_average, gid="relief-median", label="rolling median")
    ax.axhline(0, color=palette.muted_text, linewidth=0.8)
    ax.set_ylim(-10.5, 10.5)
    ax.set_yticks([-10, 0, 10])
    ax.set_ylabel("pain before\nminus 1-3 h after", fontsize=FONT, color=palette.text)
    ax.tick_params(axis="x", labelbottom=False)
    leaf = [(x, r.milligrams / 1000) for x, r in zip(when, p.relief) if r.form in LEAF_FORMS]
    other = [(x, r.milligrams / 1000) for x, r in zip(when, p.relief) if r.form not in LEAF_FORMS]
    if leaf:
        amounts.vlines([x for x, _ in leaf], 0, [g for _, g in leaf], color=palette.leaf_bar,
                       linewidth=2.0, gid="relief-dose-grams")
    if other:  # extract or 7-OH: grams not comparable with leaf, so a mark, not a stem
        amounts.plot([x for x, _ in other], [g for _, g in other], linestyle="none", marker="^",
                     markersize=4, color=palette.extract_marker, gid="relief-dose-concentrate")
    amounts.set_ylim(0, max([g for _, g in leaf + other] + [1.0]) * 1.15)
    amounts.yaxis.set_major_locator(MaxNLocator(nbins=2, integer=True))
    amounts.set_ylabel("dose, g", fontsize=FONT, color=palette.text)
    handles = ax.get_lines()[:2]
    if leaf:
        handles.append(Line2D([], [], color=palette.leaf_bar, linewidth=2.0,
                              label="that dose's amount (leaf, g)"))
    if other:
        handles.append(Line2D([], [], linestyle="none", marker="^", markersize=4,
                              color=palette.extract_marker, label="extract or 7-OH dose"))
    if p.relief:
        _legend(ax, palette, handles)
    else:
        ax.text(0.5, 0.5, "No dose with pain before and after in this range", transform=ax.transAxes,
                ha="center", color=palette.muted_text, fontsize=FONT)


def _broken(points, kind: str, place=day_x) -> tuple[list[float], list[float]]:
    """x and y of a line through dated points that breaks (NaN) where one is missed (core.chart_periods)."""
    line = score_line(points, kind)
    return [place(d) for d, _ in line], [float("nan") if v is None else v for _, v in line]


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
