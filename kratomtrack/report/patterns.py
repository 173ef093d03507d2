"""The summary's "patterns" and "plan" sections, and the same figures as lines
for ``kratomtrack patterns`` and ``kratomtrack plan show``.

docs/health-content.md, "Patterns over time" and "A reduction plan": timing
is printed as "pattern, not a diagnosis"; relief per dose is the person's
own observation; a plan is "your plan", "planned" and "logged". Nothing here
proposes an amount.
"""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.amounts import amount_text, mean_grams_text
from kratomtrack.core.dates import DASH, date_text, span_text
from kratomtrack.core.patterns import (
    MIN_RELIEF_PAIRS,
    PATTERN_LABEL,
    RELIEF_PERIOD_DAYS,
    Patterns,
    ReliefMonth,
    clock,
    gap_words,
)
from kratomtrack.core.plan import Plan, PlanDay, PlanReport, PlanStep, PlanWeek
from kratomtrack.core.summary.build import Summary
from kratomtrack.report.document import Facts, Heading, Paragraph, Table, number, plural

# Section names for --sections (the summary restructure accepts these).
SECTIONS = ("patterns", "plan")
TIMING_NOTE = (f"Dose timing is a {PATTERN_LABEL}: an earlier first dose, shorter gaps and night doses "
               "are not validated measures of dependence for kratom (time to first use is validated "
               "for tobacco only; Heatherton et al. 1991).")
RELIEF_NOTE = ("Relief per dose is pain before a dose minus pain one to three hours later, as the "
               "patient recorded it: their own observation.")
LOGGED_NOTE = ("Logged figures are per logged day: days with nothing logged are left out, "
               "not counted as days without kratom.")
PLAN_NOTE = "The plan is the one the patient entered; kratomtrack proposes no plan or amount. " + LOGGED_NOTE
NOT_LOGGED = "not logged"


def _relief_text(month: ReliefMonth | None) -> str:
    if month is None:
        return DASH
    if month.too_few_pairs:
        return f"too few pairs ({month.pairs}; {MIN_RELIEF_PAIRS} needed)"
    return f"median {number(month.median)} points over {plural(month.pairs, 'dose')}"


def _timing_facts(p: Patterns) -> list[tuple[str, str]]:
    rows = [
        ("Days with doses", str(len(p.days))),
        ("First dose of the day, on average", clock(p.first_dose_minutes)),
        ("Median gap between doses (all gaps within a day)", gap_words(p.median_gap)),
        ("Night doses (00:00-05:00)", str(p.night_doses)),
    ]
    c = p.timing_change
    if c is not None:
        weeks = (p.settings.recent_days // 7, p.settings.before_days // 7)
        rows.append((f"First dose, last {weeks[0]} weeks vs {weeks[1]} before",
                     f"{clock(c.recent_first_minutes)} vs {clock(c.before_first_minutes)}"))
        rows.append((f"Median gap, last {weeks[0]} weeks vs {weeks[1]} before",
                     f"{gap_words(c.recent_gap)} vs {gap_words(c.before_gap)}"))
    return rows


def _relief_facts(p: Patterns) -> list[tuple[str, str]]:
    rows = [("Doses with pain before and after", str(len(p.relief)))]
    if p.relief_first_month is not None:
        rows.append((f"Relief, first {RELIEF_PERIOD_DAYS} days "
                     f"({span_text(p.relief_first_month.start, p.relief_first_month.end)})",
                     _relief_text(p.relief_first_month)))
    rows.append((f"Relief, last {RELIEF_PERIOD_DAYS} days "
                 f"({span_text(p.relief_last_month.start, p.relief_last_month.end)})",
                 _relief_text(p.relief_last_month)))
    return rows


def pattern_blocks(summary: Summary) -> list:
    p = summary.patterns
    if p is None or not p.days:
        return []
    return [Heading(f"Dose timing ({PATTERN_LABEL})"), Facts(_timing_facts(p)),
            Paragraph(TIMING_NOTE, "small"),
            Heading("Relief per dose", 3), Facts(_relief_facts(p)), Paragraph(RELIEF_NOTE, "small")]


def step_text(step: PlanStep) -> str:
    parts = []
    if step.leaf_mg is not None:
        parts.append(f"{amount_text(step.leaf_mg)} leaf a day")
    if step.doses is not None:
        parts.append(plural(step.doses, "dose") + " a day")
    return " and ".join(parts)


def step_lines(plan: Plan) -> list[str]:
    return [f"  from {date_text(s.start)}: {step_text(s)}" for s in plan.steps]


def _doses_text(doses: float) -> str:
    return plural(int(doses), "dose") if doses == int(doses) else f"{number(doses)} doses"


def _planned(leaf_mg: int | None, doses: float | None) -> str:
    """What the plan holds for a day (the person's numbers, to 0.01 g): "6 g, 3 doses"."""
    parts = []
    if leaf_mg is not None:
        parts.append(amount_text(leaf_mg))
    if doses is not None:
        parts.append(_doses_text(doses))
    return ", ".join(parts) or DASH


def _logged_mean(w: PlanWeek) -> str:
    """Logged leaf and doses per logged day ("8.0 g, 2.0 doses"); "not logged" for a week with none."""
    if w.logged_days == 0:
        return NOT_LOGGED
    return f"{mean_grams_text(w.logged_leaf_grams_per_logged_day)}, {number(w.logged_doses_per_logged_day)} doses"


def _week_row(w: PlanWeek) -> list[str]:
    leaf = w.planned_leaf_grams_per_day
    return [span_text(w.start, w.end), _planned(None if leaf is None else round(leaf * 1000), w.planned_doses_per_day),
            _logged_mean(w), f"{w.logged_days} of {w.days}",
            DASH if w.days_over_plan is None else str(w.days_over_plan),
            DASH if w.mean_pain is None else number(w.mean_pain),
            str(w.withdrawal_days), DASH if w.sds is None else str(w.sds)]


WEEK_HEADERS = ["Week", "Planned a day", "Logged per logged day", "Days logged", "Days above plan",
                "Pain (mean)", "Withdrawal-type days", "SDS"]


def plan_blocks(summary: Summary) -> list:
    r = summary.plan
    if r is None or not r.days:
        return []
    plan = r.plan
    blocks: list = [Heading("Your plan (entered by the patient)"),
                    Paragraph(_plan_state(plan) + (f" Note: {plan.note}" if plan.note else "")),
                    Table(["From", "Planned"], [[date_text(s.start), step_text(s)] for s in plan.steps], [0.3, 0.7]),
                    Heading("Planned and logged, week by week", 3),
                    Table(WEEK_HEADERS, [_week_row(w) for w in r.weeks],
                          [0.17, 0.13, 0.17, 0.1, 0.1, 0.09, 0.14, 0.1], "lllrrrrr", font="small")]
    # Only on a change that matters (core.plan.plan_rises), so it may stand out.
    blocks += [Paragraph(note, "strong") for note in r.notes_for_doctor]
    blocks.append(Paragraph(PLAN_NOTE, "small"))
    return blocks


# --- lines for the command line ---------------------------------------------------------


def pattern_lines(p: Patterns) -> list[str]:
    lines = [f"Dose timing, {span_text(p.start, p.end)} ({PATTERN_LABEL}):"]
    lines += [f"  {label}: {value}" for label, value in _timing_facts(p)]
    lines.append("Relief per dose (pain before minus pain after):")
    lines += [f"  {label}: {value}" for label, value in _relief_facts(p)]
    lines.append(TIMING_NOTE)
    return lines


def _day_line(day: PlanDay, today: dt.date) -> str:
    """One day planned against logged: "20 Nov 2026: planned 6 g, 3 doses · logged 8 g, 2 doses"."""
    planned = f"{date_text(day.day)}: planned {_planned(day.planned_leaf_mg, day.planned_doses)}"
    if day.logged:
        return f"{planned} · logged {amount_text(day.logged_leaf_mg)}, {plural(day.logged_doses, 'dose')}"
    return f"{planned} · " + ("nothing logged yet today" if day.day == today else "nothing logged that day")


def _plan_state(plan: Plan) -> str:
    """ "Started 19 Nov 2026; not ended." or "Started 1 Oct 2026; ended 3 Nov 2026." """
    ended = f"ended {date_text(plan.ended)}" if not plan.active else "not ended"
    return f"Started {date_text(plan.start)}; {ended}."


def plan_lines(r: PlanReport, today: dt.date) -> list[str]:
    plan = r.plan
    lines = [f"Your plan. {_plan_state(plan)}", *step_lines(plan)]
    if r.days:
        lines.append(_day_line(r.days[-1], today))
        lines.append("Week by week (" + ", ".join(WEEK_HEADERS) + "):")
        lines += ["  " + " | ".join(_week_row(w)) for w in r.weeks]
        lines.append(LOGGED_NOTE)
    lines += r.notes
    return lines
