"""What the summary for a doctor says: a Summary turned into blocks of text.

No Qt here: ``summary_document`` returns a ``Document`` (headings,
paragraphs, label/value lists, tables, charts as SVG, page breaks) that
``kratomtrack.report.pages`` lays out on any page size; page 1's "At a
glance" is report.glance. Every health sentence follows docs/health-content.md
("What the summary tells a doctor"); nothing here advises a dose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kratomtrack.core.dates import DASH, date_text, span_text, weekday_date_text
from kratomtrack.core.records import RATING_LABELS, Form
from kratomtrack.core.safety import NEUTRAL_RISK_SENTENCE
from kratomtrack.core.summary import Summary
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.report.document import (
    ARROW,
    Chart,
    Document,
    Facts,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    days_text,
    grams_text,
    number,
    plural,
    signed,
)
from kratomtrack.report.glance import glance_blocks
from kratomtrack.report.patterns import section_blocks

TITLE = "Kratom use, pain and side effects: summary for the doctor"
SELF_REPORTED = "Self-reported by the patient with kratomtrack"
NO_ADVICE = "kratomtrack records what the person logged; it gives no dosing advice."
FARRAR_NOTE = (
    "A change of about 2 points or 30% is the commonly cited clinically important "
    "difference (Farrar et al. 2001)."
)
def sds_note(settings: WarningSettings) -> str:
    return ("No cut-off is validated for kratom; published cut-offs for other drugs run from 3 to 5. "
            f"Scores of {settings.sds_threshold} or more are marked \"worth discussing\".")
INTERACTION_CAUTION = (
    "Interaction caution: most kratom-related deaths involve other substances (CDC MMWR 2019). "
    "Combining kratom with opioids, benzodiazepines, alcohol or other sedatives is the main danger. "
    "Kratom inhibits CYP3A (a 2 g kratom tea raised midazolam exposure 1.39-fold; Tanna et al. 2023)."
)
def warning_note(settings: WarningSettings) -> str:
    """What the warning means, with the person's own thresholds."""
    return ("The app's dependence warning shows when use is frequent (doses on "
            f"{settings.frequent_days} or more of the last {settings.recent_days} days) "
            "and escalating (more grams or more doses a day than in the weeks before). Its thresholds "
            "are conventions, not validated cut-offs.")
SOURCES = (
    "Sources: Farrar et al. 2001, Pain 94:149-58 (pain change); Krebs et al. 2009, J Gen Intern Med "
    "24:733-8 (PEG); Gossop et al. 1995, Addiction 90:607-14 (SDS); Olsen et al. 2019, MMWR 68(14); "
    "Tanna et al. 2023 (CYP3A); FDA statements on kratom and 7-OH (2025)."
)


# --- the document ----------------------------------------------------------------------


def summary_document(
    summary: Summary,
    *,
    day_table: bool | None = None,
    chart_figures: Callable[[Summary], Sequence] | None = None,
) -> Document:
    """The whole summary: page 1 header and At a glance, the sections, charts, day table.

    ``day_table`` None means on up to 90 days. ``chart_figures`` returns
    matplotlib Figures for the range (default: report.charts, the Trends page's charts).
    """
    if day_table is None:
        day_table = summary.day_table_by_default
    blocks: list = []
    blocks += glance_blocks(summary)
    blocks += pain_blocks(summary)
    blocks += side_effect_blocks(summary)
    blocks += safety_blocks(summary)
    for section in section_blocks(summary).values():  # report.patterns: "patterns", "plan"
        blocks += section
    blocks += visit_blocks(summary)
    blocks.append(Paragraph(SOURCES, "small"))
    if summary.has_records:
        blocks += chart_blocks(summary, chart_figures)
        if day_table:
            blocks += day_table_blocks(summary)
    return Document(
        title=TITLE,
        header_lines=header_lines(summary),
        running_text=running_text(summary),
        blocks=blocks,
    )


def running_text(summary: Summary) -> str:
    parts = ["Summary for the doctor"]
    if summary.name:
        parts.append(summary.name)
    parts.append(span_text(summary.start, summary.end))
    return " \u00b7 ".join(parts)


def header_lines(summary: Summary) -> list[str]:
    lines = []
    person = []
    if summary.name:
        person.append(f"Patient: {summary.name}")
    if summary.birth_date:
        person.append(f"born {date_text(summary.birth_date)}")
    if person:
        lines.append(", ".join(person))
    lines.append(
        f"Range: {span_text(summary.start, summary.end)} ({days_text(summary.range_days)})"
        f" \u00b7 made on {date_text(summary.made_on)}"
    )
    if summary.records_begin_in_range:
        skipped = (summary.counted_start - summary.start).days
        lines.append(
            f"Records begin on {date_text(summary.counted_start)}; the {days_text(skipped)} "
            "before are not counted."
        )
    elif summary.counted_start is None:
        lines.append("No records in this range.")
    lines.append(f"{SELF_REPORTED}. {NO_ADVICE}")
    return lines


def pain_blocks(summary: Summary) -> list:
    p = summary.pain
    blocks: list = [Heading("Pain")]
    if not p.rated_days:
        blocks.append(Paragraph("Pain was not rated in this range."))
    else:
        rows = [
            ("Rated days", f"{p.rated_days} of {days_text(summary.glance.days_counted)}"),
            ("Mean", f"{number(p.mean)} of 10"),
            ("Lowest / highest", f"{p.lowest} / {p.highest}"),
        ]
        for label, period in (("First two weeks", p.first_weeks), ("Last two weeks", p.last_weeks)):
            if period is not None:
                mean = f"mean {number(period.mean)}" if period.mean is not None else "no ratings"
                rows.append((label, f"{span_text(period.start, period.end)}: {mean} on "
                                    f"{plural(period.rated_days, 'rated day')}"))
        if p.comparable:
            pct = f" ({signed(p.change_percent, 0)}%)" if p.change_percent is not None else ""
            rows.append(("Change", f"{signed(p.change)} points{pct}, last two weeks against first two"))
        elif p.first_weeks is None:
            rows.append(("Change", "the range is too short to compare two-week periods"))
        else:
            rows.append(("Change", "too few ratings to compare the first and last two weeks"))
        blocks.append(Facts(rows))
        blocks.append(Paragraph(
            "Daily pain, recalled for the day: 0 no pain, 10 worst pain imaginable. " + FARRAR_NOTE,
            "small"))
    blocks.append(Heading("PEG scores", 3))
    if p.peg:
        blocks.append(Paragraph(" \u00b7 ".join(f"{date_text(d)}: {number(s)}" for d, s in p.peg)))
        blocks.append(Paragraph(
            "PEG (Krebs et al. 2009): mean of three 0-10 items for the past week: average pain, "
            "interference with enjoyment of life, interference with general activity.", "small"))
    else:
        blocks.append(Paragraph("No PEG scores in this range."))
    return blocks


def side_effect_blocks(summary: Summary) -> list:
    blocks: list = [Heading("Side effects")]
    rows = summary.side_effects
    if not rows:
        blocks.append(Paragraph("No side effects were reported (rated mild or worse) in this range."))
        return blocks
    compared = rows[0].first_half_days is not None
    headers = ["Side effect", "Days reported", "Days moderate or severe", "Worst"]
    widths = [0.30, 0.14, 0.18, 0.12]
    if compared:
        half = len(summary.days) // 2
        headers.append(f"Days: first {half} {ARROW} last {half}")
        widths.append(0.26)
    table_rows = []
    for r in rows:
        row = [r.name, str(r.days_reported), str(r.days_moderate_or_severe), r.worst_label]
        if compared:
            row.append(f"{r.first_half_days} {ARROW} {r.second_half_days} ({r.trend})")
        table_rows.append(row)
    blocks.append(Table(headers, table_rows, _normalised(widths), "lrrll"))
    blocks.append(Paragraph(
        "Rated daily: 1 mild, 2 moderate, 3 severe; a day counts when rated mild or worse."
        + (" \u201cMore often\u201d or \u201cless often\u201d: a change of at least 2 days and 25% "
           "between the first and second half of the range." if compared else ""),
        "small"))
    return blocks


def safety_blocks(summary: Summary) -> list:
    g = summary.glance
    blocks: list = [Heading("Dependence and safety"), Paragraph(NEUTRAL_RISK_SENTENCE)]
    if g.warning_evaluated:
        blocks.append(Heading("Dependence warning", 3))
        if g.warning_spans:
            blocks.append(Table(
                ["Dates", "Days", "Reason (on the last day)"],
                [[span_text(s.start, s.end), str(s.days), s.reason] for s in g.warning_spans],
                [0.26, 0.08, 0.66], "lrl"))
        else:
            blocks.append(Paragraph("The warning was not on during this range."))
        blocks.append(Paragraph(warning_note(summary.settings), "small"))
    blocks.append(Heading("Severity of Dependence Scale (SDS)", 3))
    if summary.sds:
        blocks.append(Paragraph(" \u00b7 ".join(
            f"{date_text(s.day)}: {s.total} of 15" + (" (worth discussing)" if s.worth_discussing else "")
            for s in summary.sds)))
    else:
        blocks.append(Paragraph("No SDS answered in this range."))
    blocks.append(Paragraph(
        "SDS (Gossop et al. 1995): five questions about the past month, total 0-15. "
        + sds_note(summary.settings), "small"))
    blocks.append(Heading("Red-flag symptoms", 3))
    if summary.red_flags:
        blocks.append(Table(["Date", "Symptom logged"],
                            [[date_text(d), flag] for d, flag in summary.red_flags], [0.26, 0.74]))
    else:
        blocks.append(Paragraph("None logged in this range."))
    blocks.append(Heading("Also takes (medicines, alcohol, other substances)", 3))
    if summary.also_take:
        blocks.append(Paragraph(", ".join(summary.also_take)))
    else:
        blocks.append(Paragraph("Nothing entered."))
    blocks.append(Paragraph(INTERACTION_CAUTION, "small"))
    return blocks


def visit_blocks(summary: Summary) -> list:
    blocks: list = [Heading("For the visit")]
    if not summary.doctor_notes and not summary.questions:
        blocks.append(Paragraph("No notes or questions."))
        return blocks
    if summary.doctor_notes:
        blocks.append(Heading("Notes the patient marked \u201cfor my doctor\u201d", 3))
        blocks.append(Table(["Date", "Note"],
                            [[date_text(d), note] for d, note in summary.doctor_notes], [0.2, 0.8]))
    if summary.questions:
        blocks.append(Heading("Questions for the doctor", 3))
        for line in summary.questions.splitlines():
            if line.strip():
                blocks.append(Paragraph(line.strip()))
    return blocks


def chart_blocks(summary: Summary, chart_figures) -> list:
    from kratomtrack.report.figures import figure_svg

    if chart_figures is None:
        from kratomtrack.report.charts import summary_chart_figures as chart_figures
    figures = list(chart_figures(summary))
    if not figures:
        return []
    blocks: list = [PageBreak(), Heading("Charts")]
    for figure in figures:
        width, height = figure.get_size_inches()
        blocks.append(Chart(figure_svg(figure), float(width), float(height)))
    return blocks


def day_table_blocks(summary: Summary) -> list:
    rows = [_day_row(d) for d in summary.days]
    return [
        PageBreak(),
        Heading("Day by day"),
        Paragraph("Leaf: powder, capsules and tea. \u2013 not recorded that day. "
                  "Side effects rated mild or worse.", "small"),
        Table(["Date", "Leaf g", "Doses", "Extract / 7-OH / other", "Pain", "Side effects"],
              rows, [0.15, 0.08, 0.07, 0.18, 0.06, 0.46], "lrrlrl", font="small"),
    ]


def _day_row(day) -> list[str]:
    others = []
    for grams, label in ((day.extract_grams, Form.EXTRACT.label), (day.seven_oh_grams, Form.SEVEN_OH.label),
                         (day.other_grams, Form.OTHER.label)):
        if grams:
            others.append(f"{label} {grams_text(grams)}")
    # "none" only when side effects were rated (all as none); a check-in
    # holding only a note or pain rated no side effect: not recorded.
    if not day.ratings:
        effects = DASH
    else:
        named = [f"{name} {RATING_LABELS[r]}" for name, r in day.ratings if r >= 1]
        effects = ", ".join(named) if named else "none"
    return [
        weekday_date_text(day.day),
        number(day.leaf_grams) if day.leaf_grams else "0",
        str(day.doses),
        ", ".join(others),
        str(day.pain) if day.pain is not None else DASH,
        effects,
    ]


def _normalised(widths: list[float]) -> list[float]:
    total = sum(widths)
    return [w / total for w in widths]
