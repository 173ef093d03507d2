"""The summary's "The range in figures", after page 1's key points: one row per figure of the range
(docs/health-content.md, "What the summary tells a doctor")."""

from __future__ import annotations

from kratomtrack.core.amounts import amount_text, mean_grams_text
from kratomtrack.core.dates import date_text
from kratomtrack.core.records import Form
from kratomtrack.core.summary.build import Summary
from kratomtrack.core.summary.glance import MANY_DOSES_PER_DAY, MIN_LOGGED_DAYS_PER_HALF, HalfChange
from kratomtrack.report.document import (
    ARROW,
    Facts,
    Heading,
    Paragraph,
    days_logged_text,
    days_text,
    number,
    plural,
    signed,
)

# The FDA's 7-OH paragraph is printed once, in the flag box, and only when 7-OH was logged (report.now).
CONCENTRATE_NOTE = (
    "Extract or 7-OH products were logged. Their amounts are not comparable with leaf and are never "
    "added to leaf grams."
)
DAY_NOTE = "Days are calendar days: a dose taken after midnight counts on the new day."
# After the key points, the whole range's figures.
GLANCE_HEADING = "The range in figures"
# It lists at most this many products; the rest are counted.
GLANCE_PRODUCTS = 4


def glance_blocks(summary: Summary) -> list:
    g = summary.glance
    blocks: list = [Heading(GLANCE_HEADING)]
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
    counts = g.counts
    # Every mean and share is over *logged* days: a day with nothing logged is unknown, not a day off.
    share = round(100 * counts.use / counts.logged) if counts.logged else 0
    rows = [
        ("Days logged", f"{days_logged_text(counts)} (a dose, a check-in or a \u201cno kratom\u201d mark)"
                        f" \u00b7 check-ins on {days_text(g.checkin_days)}"),
        ("Days with kratom use", f"{counts.use} of {counts.logged} logged days ({share}%)"
                                 + _without_kratom_text(counts)),
    ]
    if g.leaf_days:
        rows.append(("Leaf kratom (powder, capsules, tea)",
                      f"mean {mean_grams_text(g.leaf_per_logged_day)} per logged day "
                      f"({amount_text(g.leaf_total_mg)} over {plural(counts.logged, 'logged day')})"))
    else:
        rows.append(("Leaf kratom (powder, capsules, tea)", "none logged"))
    if g.doses_total:
        rows.append((
            "Doses",
            f"mean {number(g.doses_per_logged_day)} per logged day "
            f"({g.doses_total} over {plural(counts.logged, 'logged day')}); "
            f"{MANY_DOSES_PER_DAY} or more doses on {days_text(g.days_with_many_doses)} "
            f"({MANY_DOSES_PER_DAY} or more: a convention, after Singh et al. 2019)",
        ))
    largest = _largest_text(summary)
    if largest:
        rows.append(("Largest single dose", largest))
    if g.change:
        rows.append(("Change, first to second half", _change_text(g.change)))
    rows.append(("Forms", _forms_text(summary)))
    if g.products:
        rows.append(("Products", _products_text(summary)))
    rows.append(("Extract and 7-OH products", _concentrates_text(summary)))
    rows.append(("Pain (0 none to 10 worst)", _pain_glance_text(summary)))
    rows.append(("Side effects", _side_effect_glance_text(summary)))
    return rows


def _without_kratom_text(counts) -> str:
    """The logged days without kratom, marked apart from check-ins without a dose."""
    parts = []
    if counts.no_kratom:
        parts.append(f"{counts.no_kratom} marked \u201cno kratom\u201d")
    if counts.no_dose:
        parts.append(f"{counts.no_dose} with a check-in but no dose logged")
    return f"; without kratom: {', '.join(parts)}" if parts else ""


def _largest_text(summary: Summary) -> str:
    """Leaf, extract and 7-OH apart, each in its unit: never ranked against each other."""
    g = summary.glance
    parts = []
    for label, dose in (("leaf", g.largest_leaf_dose), ("extract", g.largest_extract_dose),
                        ("7-OH product", g.largest_seven_oh_dose)):
        if dose is None:
            continue
        text = f"{label}: {amount_text(dose.milligrams, dose.form)}"
        if dose.form.is_leaf:
            text += f" {dose.form.label}"
        text += f" on {date_text(dose.day)}"
        if dose.form.is_leaf:
            text += (f" \u00b7 {plural(g.large_leaf_doses, 'leaf dose')} of "
                     f"{summary.settings.large_dose_grams:g} g or more "
                     "(a convention, after Grundmann 2017; a setting)")
        parts.append(text)
    if g.largest_extract_dose or g.largest_seven_oh_dose:
        parts[-1] += " (extract and 7-OH not comparable with leaf)"
    return "; ".join(parts)


def _change_text(c: HalfChange) -> str:
    if not c.judged:
        short = [(name, n) for name, n in (("first", c.first_logged), ("last", c.second_logged))
                 if n < MIN_LOGGED_DAYS_PER_HALF]
        said = "; ".join(f"the {name} {c.days_per_half} days have only {n} logged" for name, n in short)
        return f"not compared: {said} ({MIN_LOGGED_DAYS_PER_HALF} logged days per half needed)"
    halves = (f"{mean_grams_text(c.first)} in the first {c.days_per_half} days "
              f"({c.first_logged} logged) {ARROW} {mean_grams_text(c.second)} in the last "
              f"{c.days_per_half} days ({c.second_logged} logged)")
    if c.percent is None:
        return f"leaf g per logged day: {halves}"
    return f"{signed(c.percent, 0)}% in leaf g per logged day: {halves}"


def _glance_safety_rows(summary: Summary) -> list[tuple[str, str]]:
    # Red flags, the latest SDS and what else the patient takes (dated, summary.co_use)
    # are in the key points and the flag box; the warning has its own block on page 1
    # (report.page_one).
    rows = []
    if summary.doctor_notes or summary.questions:  # "For the visit" always prints then
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
    for use, label, form in ((g.extract, "extract", Form.EXTRACT), (g.seven_oh, "7-OH product", Form.SEVEN_OH)):
        if use:
            parts.append(f"{label}: {plural(use.doses, 'dose')}, {amount_text(use.total_mg, form)} in total, "
                         f"on {days_text(use.days)}")
        else:
            parts.append(f"{label}: none logged")
    text = "; ".join(parts)
    if g.extract or g.seven_oh:
        text += ". Not added to leaf grams."
    return text


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
