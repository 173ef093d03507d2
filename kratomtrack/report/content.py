"""What the summary for a doctor says: a Summary turned into blocks of text.

No Qt here: ``summary_document`` returns a ``Document`` (headings,
paragraphs, label/value lists, tables, charts as SVG, page breaks) that
``kratomtrack.report.pages`` lays out on any page size. Every health
sentence follows clinical.md; nothing here advises a dose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kratomtrack.core.dates import DASH, date_text, span_text
from kratomtrack.core.records import RATING_LABELS, Form
from kratomtrack.core.safety import NEUTRAL_RISK_SENTENCE
from kratomtrack.core.summary import (
    LARGE_DOSE_GRAMS,
    MANY_DOSES_PER_DAY,
    SDS_WORTH_DISCUSSING,
    Summary,
)

TITLE = "Kratom use, pain and side effects: summary for the doctor"
SELF_REPORTED = "Self-reported by the patient with kratomtrack"
NO_ADVICE = "kratomtrack records what the person logged; it gives no dosing advice."
FARRAR_NOTE = (
    "A change of about 2 points or 30% is the commonly cited clinically important "
    "difference (Farrar et al. 2001)."
)
SDS_NOTE = (
    "No cut-off is validated for kratom; published cut-offs for other drugs run from 3 to 5. "
    f"Scores of {SDS_WORTH_DISCUSSING} or more are marked \"worth discussing\"."
)
INTERACTION_CAUTION = (
    "Interaction caution: most kratom-related deaths involve other substances (CDC MMWR 2019). "
    "Combining kratom with opioids, benzodiazepines, alcohol or other sedatives is the main danger. "
    "Kratom inhibits CYP3A (a 2 g kratom tea raised midazolam exposure 1.39-fold; Tanna et al. 2023)."
)
CONCENTRATE_NOTE = (
    "Extract or 7-OH products were logged. Their grams are not comparable with leaf and are never "
    "added to leaf grams. The FDA has approved no kratom product and in 2025 recommended scheduling "
    "concentrated 7-OH products, which it calls potentially more potent than morphine."
)
WARNING_NOTE = (
    "The app's dependence warning shows when use is frequent (doses on 5 or more of the last 7 days) "
    "and escalating (more grams or more doses a day than in the weeks before). Its thresholds are "
    "conventions, not validated cut-offs."
)
SOURCES = (
    "Sources: Farrar et al. 2001, Pain 94:149-58 (pain change); Krebs et al. 2009, J Gen Intern Med "
    "24:733-8 (PEG); Gossop et al. 1995, Addiction 90:607-14 (SDS); Olsen et al. 2019, MMWR 68(14); "
    "Tanna et al. 2023 (CYP3A); FDA statements on kratom and 7-OH (2025)."
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ARROW = "\u2192"
MINUS = "\u2212"
# At a glance lists at most this many products; the rest are counted.
GLANCE_PRODUCTS = 4


# --- the document model ------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1: the title, 2: a section, 3: a sub-heading


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body, small, note (italic), strong


@dataclass(frozen=True)
class Facts:
    """Label/value rows (At a glance and the like)."""

    rows: list[tuple[str, str]]
    ruled: bool = False  # thin lines between rows


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # shares of the text width, summing to 1
    align: str = ""  # one letter per column: l left, r right, c centre; default all left
    font: str = "table"


@dataclass(frozen=True)
class Chart:
    svg: bytes
    width: float  # the figure's own size in inches, for its aspect ratio
    height: float


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Document:
    title: str
    header_lines: list[str]  # under the title on page 1
    running_text: str  # on every page, with "page X of Y"
    blocks: list = field(default_factory=list)


# --- formatting ----------------------------------------------------------------------


def grams_text(grams: float) -> str:
    return f"{grams:.1f} g"


def number(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}".replace("-", MINUS)


def signed(value: float, places: int = 1) -> str:
    text = f"{abs(value):.{places}f}"
    if round(value, places) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def days_text(count: int) -> str:
    return plural(count, "day")


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
    if g.extract or g.seven_oh:
        blocks.append(Paragraph(CONCENTRATE_NOTE, "small"))
    return blocks


def _glance_rows(summary: Summary) -> list[tuple[str, str]]:
    g = summary.glance
    share = round(100 * g.use_days / g.days_counted) if g.days_counted else 0
    counted = "counted days" if summary.records_begin_in_range else "days"
    rows = [(
        "Days with kratom use",
        f"{g.use_days} of {g.days_counted} {counted} ({share}%) \u00b7 check-ins on {days_text(g.checkin_days)}",
    )]
    if g.leaf_days:
        per_use = f"{grams_text(g.leaf_per_use_day)} per day used"
        if g.leaf_days != g.use_days:
            per_use += f" (the {g.leaf_days} days with leaf)"
        rows.append((
            "Leaf kratom (powder, capsules, tea)",
            f"mean {per_use}; {grams_text(g.leaf_per_calendar_day)} per calendar day "
            f"({grams_text(g.leaf_total)} in total)",
        ))
    else:
        rows.append(("Leaf kratom (powder, capsules, tea)", "none logged"))
    if g.doses_per_use_day is not None:
        rows.append((
            "Doses",
            f"mean {number(g.doses_per_use_day)} per day used; "
            f"{MANY_DOSES_PER_DAY} or more doses on {days_text(g.days_with_many_doses)}",
        ))
    if g.largest_dose:
        d = g.largest_dose
        large = plural(g.large_leaf_doses, "leaf dose")
        rows.append((
            "Largest single dose",
            f"{grams_text(d.grams)} {d.form.label} on {date_text(d.day)} \u00b7 "
            f"{large} of {LARGE_DOSE_GRAMS:g} g or more",
        ))
    if g.change:
        c = g.change
        halves = (f"{grams_text(c.first)}/day in the first {c.days_per_half} days {ARROW} "
                  f"{grams_text(c.second)}/day in the last {c.days_per_half} days")
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
    rows = []
    if summary.red_flags:
        flags = "; ".join(f"{flag} ({date_text(day)})" for day, flag in summary.red_flags[:4])
        more = len(summary.red_flags) - 4
        rows.append(("Red-flag symptoms", flags + (f"; and {more} more" if more > 0 else "")))
    else:
        rows.append(("Red-flag symptoms", "none logged"))
    if summary.sds:
        latest = summary.sds[-1]
        text = f"latest {latest.total} of 15 on {date_text(latest.day)}"
        if latest.worth_discussing:
            text += " \u2014 worth discussing (cut-off not validated for kratom)"
        rows.append(("Severity of Dependence Scale", text))
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
        blocks.append(Paragraph(WARNING_NOTE, "small"))
    blocks.append(Heading("Severity of Dependence Scale (SDS)", 3))
    if summary.sds:
        blocks.append(Paragraph(" \u00b7 ".join(
            f"{date_text(s.day)}: {s.total} of 15" + (" (worth discussing)" if s.worth_discussing else "")
            for s in summary.sds)))
    else:
        blocks.append(Paragraph("No SDS answered in this range."))
    blocks.append(Paragraph(
        "SDS (Gossop et al. 1995): five questions about the past month, total 0-15. " + SDS_NOTE, "small"))
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
        Paragraph("Leaf: powder, capsules and tea. \u2013 not recorded (no check-in that day). "
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
    if not day.checked_in:
        effects = DASH
    else:
        named = [f"{name} {RATING_LABELS[r]}" for name, r in day.ratings if r >= 1]
        effects = ", ".join(named) if named else "none"
    return [
        f"{WEEKDAYS[day.day.weekday()]} {date_text(day.day)}",
        number(day.leaf_grams) if day.leaf_grams else "0",
        str(day.doses),
        ", ".join(others),
        str(day.pain) if day.pain is not None else DASH,
        effects,
    ]


def _normalised(widths: list[float]) -> list[float]:
    total = sum(widths)
    return [w / total for w in widths]
