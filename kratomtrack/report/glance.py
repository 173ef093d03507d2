"""Page 1 of the summary: "At a glance", one row per thing a doctor asks first
(docs/health-content.md, "What the summary tells a doctor")."""

from __future__ import annotations

from kratomtrack.core.dates import date_text, span_text
from kratomtrack.core.summary import Summary
from kratomtrack.core.summary_glance import MANY_DOSES_PER_DAY
from kratomtrack.report.document import (
    ARROW,
    Facts,
    Heading,
    Paragraph,
    days_text,
    grams_text,
    number,
    plural,
    signed,
)

CONCENTRATE_NOTE = (
    "Extract or 7-OH products were logged. Their grams are not comparable with leaf and are never "
    "added to leaf grams. The FDA has approved no kratom product and in 2025 recommended scheduling "
    "concentrated 7-OH products, which it calls potentially more potent than morphine."
)
DAY_NOTE = "Days are calendar days: a dose taken after midnight counts on the new day."
# At a glance lists at most this many products; the rest are counted.
GLANCE_PRODUCTS = 4


def glance_blocks(summary: Summary) -> list:
    g = summary.glance
    blocks: list = [Heading("At a glance")]
    if not summary.has_records:
        blocks.append(Paragraph("Nothing was logged in this range."))
        rows = []
    else:
        rows = _glance_rows(summary)
    rows += _glance_safety_rows(summary)
    if rows:
        blocks.append(Facts(rows, ruled=True))
    if summary.has_records:
        blocks.append(Paragraph(DAY_NOTE, "small"))
    if g.extract or g.seven_oh:
        blocks.append(Paragraph(CONCENTRATE_NOTE, "small"))
    return blocks


def _glance_rows(summary: Summary) -> list[tuple[str, str]]:
    g = summary.glance
    # Use days are counted of *logged* days: a day with nothing logged is not a day off.
    share = round(100 * g.use_days / g.logged_days) if g.logged_days else 0
    unlogged = g.days_counted - g.logged_days
    rows = [(
        "Days with kratom use",
        f"{g.use_days} of {g.logged_days} logged days ({share}%)"
        + (f"; {days_text(unlogged)} with nothing logged" if unlogged else "")
        + f" \u00b7 check-ins on {days_text(g.checkin_days)}",
    )]
    if g.leaf_days:
        rows.append((
            "Leaf kratom (powder, capsules, tea)",
            f"mean {grams_text(g.leaf_per_use_day)} per day with leaf "
            f"({grams_text(g.leaf_total)} over {days_text(g.leaf_days)}); "
            f"{grams_text(g.leaf_per_calendar_day)} per calendar day",
        ))
    else:
        rows.append(("Leaf kratom (powder, capsules, tea)", "none logged"))
    if g.doses_per_use_day is not None:
        rows.append((
            "Doses",
            f"mean {number(g.doses_per_use_day)} per day with any use "
            f"({g.doses_total} over {days_text(g.use_days)}); "
            f"{MANY_DOSES_PER_DAY} or more doses on {days_text(g.days_with_many_doses)} "
            f"({MANY_DOSES_PER_DAY} or more: a convention, after Singh et al. 2019)",
        ))
    largest = []
    if g.largest_dose:
        d = g.largest_dose
        large = plural(g.large_leaf_doses, "leaf dose")
        largest.append(f"leaf: {grams_text(d.grams)} {d.form.label} on {date_text(d.day)} \u00b7 "
                       f"{large} of {summary.settings.large_dose_grams:g} g or more "
                       "(a convention, after Grundmann 2017; a setting)")
    if g.largest_concentrate_dose:
        d = g.largest_concentrate_dose
        largest.append(f"extract or 7-OH: {grams_text(d.grams)} {d.form.label} on {date_text(d.day)} "
                       "(not comparable with leaf)")
    if largest:
        rows.append(("Largest single dose", "; ".join(largest)))
    if g.change:
        c = g.change
        halves = (f"{grams_text(c.first_shown)}/day in the first {c.days_per_half} days {ARROW} "
                  f"{grams_text(c.second_shown)}/day in the last {c.days_per_half} days")
        if c.percent is None:
            text = f"leaf g per calendar day: {halves}"
        else:
            text = f"{signed(c.percent, 0)}% in leaf g per calendar day: {halves}"
        rows.append(("Change, first to second half", text))
    if g.warning_evaluated:
        rows.append(("Dependence warning", _warning_text(summary)))
    rows.append(("Forms", _forms_text(summary)))
    if g.products:
        rows.append(("Products", _products_text(summary)))
    rows.append(("Extract and 7-OH products", _concentrates_text(summary)))
    rows.append(("Pain (0 none to 10 worst)", _pain_glance_text(summary)))
    rows.append(("Side effects", _side_effect_glance_text(summary)))
    return rows


def _glance_safety_rows(summary: Summary) -> list[tuple[str, str]]:
    # Red flags and the latest SDS are in page 1's Now and flag box (report.now).
    rows = []
    if summary.also_take:
        rows.append(("Also takes", ", ".join(summary.also_take) + " (see interaction caution)"))
    if summary.doctor_notes or summary.questions:
        parts = []
        if summary.doctor_notes:
            parts.append(plural(len(summary.doctor_notes), "note"))
        if summary.questions:
            parts.append("questions")
        rows.append(("For the visit", " and ".join(parts) + " from the patient, see \u201cFor the visit\u201d"))
    return rows


def _forms_text(summary: Summary) -> str:
    forms = summary.glance.forms
    if not forms:
        return "none logged"
    return ", ".join(f"{f.form.label} {days_text(f.days)}" for f in forms)


def _products_text(summary: Summary) -> str:
    products = summary.glance.products
    text = ", ".join(f"{p.name} ({days_text(p.days)})" for p in products[:GLANCE_PRODUCTS])
    if len(products) > GLANCE_PRODUCTS:
        text += f", and {len(products) - GLANCE_PRODUCTS} more"
    return text


def _concentrates_text(summary: Summary) -> str:
    g = summary.glance
    parts = []
    for use, label in ((g.extract, "extract"), (g.seven_oh, "7-OH product")):
        if use:
            parts.append(f"{label} on {days_text(use.days)} ({plural(use.doses, 'dose')}, "
                         f"{grams_text(use.grams)} in total)")
        else:
            parts.append(f"{label}: none logged")
    text = "; ".join(parts)
    if g.extract or g.seven_oh:
        text += ". Not added to leaf grams."
    return text


def _warning_text(summary: Summary) -> str:
    g = summary.glance
    if not g.warning_spans:
        return "not on during this range"
    spans = g.warning_spans
    listed = ", ".join(span_text(s.start, s.end) for s in spans[:4])
    if len(spans) > 4:
        listed += f" and {len(spans) - 4} more periods"
    return (f"on for {g.warning_days} of {days_text(g.days_counted)}: {listed}. "
            f"Latest reason: {spans[-1].reason}")


def _pain_glance_text(summary: Summary) -> str:
    p = summary.pain
    if not p.rated_days:
        return "not rated in this range"
    text = (f"mean {number(p.mean)} (lowest {p.lowest}, highest {p.highest}) on "
            f"{plural(p.rated_days, 'rated day')}")
    if p.comparable:
        text += (f"; first two weeks {number(p.first_weeks.mean)} {ARROW} last two weeks "
                 f"{number(p.last_weeks.mean)} ({signed(p.change)} points)")
    if p.peg:
        day, score = p.peg[-1]
        text += f"; latest PEG {number(score)} ({date_text(day)})"
    return text


def _side_effect_glance_text(summary: Summary) -> str:
    rows = summary.side_effects
    if not rows:
        return "none reported"
    top = ", ".join(f"{r.name} ({days_text(r.days_reported)})" for r in rows[:3])
    severe_days = sum(1 for d in summary.days if any(v >= 2 for _, v in d.ratings))
    rising = [r.name for r in rows if r.trend == "more often"]
    text = f"most often {top}; moderate or severe on {days_text(severe_days)}"
    if rising:
        text += f"; more often in the second half: {', '.join(rising[:4])}"
    return text
