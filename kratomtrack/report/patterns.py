"""The summary's "patterns" and "plan" sections, and the same figures as lines
for ``kratomtrack patterns`` and ``kratomtrack plan show``.

docs/health-content.md, "Patterns over time" and "A reduction plan": timing
is printed as "pattern, not a diagnosis"; relief per dose is the person's
own observation; a plan is "your plan", "planned" and "logged". Nothing here
proposes an amount.
"""

from __future__ import annotations

from kratomtrack.core.dates import DASH, date_text, span_text
from kratomtrack.core.patterns import MIN_RELIEF_PAIRS, PATTERN_LABEL, Patterns, ReliefMonth, clock, gap_words
from kratomtrack.core.plan import Plan, PlanReport, PlanStep
from kratomtrack.core.summary import Summary
from kratomtrack.report.document import Facts, Heading, Paragraph, Table, number, plural

# Section names for --sections (the summary restructure accepts these).
SECTIONS = ("patterns", "plan")
TIMING_NOTE = (f"Dose timing is a {PATTERN_LABEL}: an earlier first dose, shorter gaps and night doses "
               "are not validated measures of dependence for kratom (time to first use is validated "
               "for tobacco only; Heatherton et al. 1991).")
RELIEF_NOTE = ("Relief per dose is pain before a dose minus pain one to three hours later, as the "
               "patient recorded it: their own observation.")
PLAN_NOTE = "The plan is the one the patient entered; kratomtrack proposes no plan or amount."


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
        ("Median gap between doses", gap_words(p.median_gap)),
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
        rows.append((f"Relief, first month ({span_text(p.relief_first_month.start, p.relief_first_month.end)})",
                     _relief_text(p.relief_first_month)))
    rows.append((f"Relief, last month ({span_text(p.relief_last_month.start, p.relief_last_month.end)})",
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
        parts.append(f"{number(step.leaf_grams)} g leaf a day")
    if step.doses is not None:
        parts.append(plural(step.doses, "dose") + " a day")
    return " and ".join(parts)


def step_lines(plan: Plan) -> list[str]:
    return [f"  from {date_text(s.start)}: {step_text(s)}" for s in plan.steps]


def _planned(mg: int | None, doses: int | None, days: int) -> str:
    parts = []
    if mg is not None:
        parts.append(f"{number(mg / 1000 / days)} g/day")
    if doses is not None:
        parts.append(f"{number(doses / days)} doses/day")
    return ", ".join(parts) or DASH


def _week_row(w) -> list[str]:
    return [span_text(w.start, w.end), _planned(w.planned_leaf_mg, w.planned_doses, w.days),
            f"{number(w.logged_leaf_mg / 1000 / w.days)} g/day, {number(w.logged_doses / w.days)} doses/day",
            str(w.days_over_plan), DASH if w.mean_pain is None else number(w.mean_pain),
            str(w.withdrawal_days), DASH if w.sds is None else str(w.sds)]


WEEK_HEADERS = ["Week", "Planned", "Logged", "Days above plan", "Pain (mean)", "Withdrawal-type days", "SDS"]


def plan_blocks(summary: Summary) -> list:
    r = summary.plan
    if r is None or not r.days:
        return []
    plan = r.plan
    state = "on" if plan.active else f"ended {date_text(plan.ended)}"
    blocks: list = [Heading("Your plan (entered by the patient)"),
                    Paragraph(f"Started {date_text(plan.start)}, {state}." + (f" Note: {plan.note}" if plan.note else "")),
                    Table(["From", "Planned"], [[date_text(s.start), step_text(s)] for s in plan.steps], [0.3, 0.7]),
                    Heading("Planned and logged, week by week", 3),
                    Table(WEEK_HEADERS, [_week_row(w) for w in r.weeks],
                          [0.2, 0.16, 0.22, 0.1, 0.1, 0.12, 0.1], "llllrrr", font="small")]
    blocks += [Paragraph(note, "strong") for note in r.notes]
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


def plan_lines(r: PlanReport) -> list[str]:
    plan = r.plan
    state = "on" if plan.active else f"ended {date_text(plan.ended)}"
    lines = [f"Your plan, started {date_text(plan.start)} ({state}):", *step_lines(plan)]
    if r.days:
        today = r.days[-1]
        lines.append(f"{date_text(today.day)}: planned {_planned(today.planned_leaf_mg, today.planned_doses, 1)}"
                     f" · logged {number(today.logged_leaf_mg / 1000)} g, {plural(today.logged_doses, 'dose')}")
        lines.append("Week by week (" + ", ".join(WEEK_HEADERS) + "):")
        lines += ["  " + " | ".join(_week_row(w)) for w in r.weeks]
    lines += r.notes
    return lines
