"""What the summary for a doctor says: a Summary turned into blocks of text.

No Qt here: ``summary_document`` returns a ``Document`` (headings,
paragraphs, label/value lists, tables, charts as SVG, page breaks) that
``kratomtrack.report.pages`` lays out on any page size; page 1 opens with
report.page_one (key points, the warning), then Now and the flag box
(report.now); the range's figures are report.glance. Every health sentence follows docs/health-content.md
("What the summary tells a doctor"); nothing here advises a dose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kratomtrack.core.amounts import amount_text, mean_grams_digits
from kratomtrack.core.checkups import is_withdrawal_symptom
from kratomtrack.core.coverage import DayKind
from kratomtrack.core.dates import DASH, date_text, span_text, weekday_date_text
from kratomtrack.core.records import RATING_LABELS, Form
from kratomtrack.core.safety import NEUTRAL_RISK_SENTENCE
from kratomtrack.core.summary.build import Summary
from kratomtrack.core.summary.warning_facts import NOT_LOOKED_FOR
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
    number,
    plural,
    signed,
)
from kratomtrack.report.background import background_blocks
from kratomtrack.report.glance import glance_blocks
from kratomtrack.report.now import doctor_blocks, flag_blocks, now_blocks, withdrawal_blocks
from kratomtrack.report.page_one import DEMO_MARK, key_point_blocks, warning_blocks
from kratomtrack.report.patterns import pattern_blocks, plan_blocks

TITLE = "Kratom use, pain and side effects: summary for the doctor"
SELF_REPORTED = "Self-reported by the patient with kratomtrack"
NO_ADVICE = "it records what the person logged and gives no dosing advice."
FARRAR_NOTE = (
    "A change of about 2 points or 30% is the commonly cited clinically important "
    "difference (Farrar et al. 2001)."
)
def sds_note(settings: WarningSettings) -> str:
    return ("No cut-off is validated for kratom. "
            f"Scores of {settings.sds_threshold} or more are marked \"worth discussing\", a convention "
            "(a setting).")
INTERACTION_CAUTION = (
    "Interaction caution. Combining kratom with opioids, benzodiazepines, alcohol or other sedatives: most "
    "kratom-related deaths involve other substances (of 91 deaths where kratom was a cause, 7 had kratom "
    "alone; Olsen et al. 2019, MMWR). Kratom inhibits CYP3A (a 2 g kratom tea raised midazolam exposure 1.39-fold; Tanna et al. 2023)."
)
def warning_note(settings: WarningSettings) -> str:
    """What the warning means, with the person's own thresholds."""
    return ("The app's dependence warning shows when use is frequent (doses on "
            f"{settings.frequent_days} or more of the last {settings.recent_days} days) "
            "and escalating (more grams or more doses a day than in the weeks before). Its thresholds "
            "are conventions, not validated cut-offs.")
SOURCES = (
    "Farrar et al. 2001, Pain 94:149-58 (pain change)",
    "Krebs et al. 2009, J Gen Intern Med 24:733-8 (PEG)",
    "Gossop et al. 1995, Addiction 90:607-14 (SDS)",
    "Singh, M\u00fcller & Vicknasingam 2014, Drug Alcohol Depend 139:132-7 (withdrawal-type symptoms)",
    "Singh et al. 2019, Curr Psychopharmacol 8:64-71 (servings a day)",
    "Grundmann 2017, Drug Alcohol Depend 176:63-70 (side effects reported more often at 5 g or more per dose)",
    "Olsen et al. 2019, MMWR 68(14) (deaths involving other substances)",
    "Tanna et al. 2023 (CYP3A)",
    "FDA Drug Safety Communication, 31 Aug 2016 (opioids with benzodiazepines)",
    "FDA, \u201cFDA and Kratom\u201d and 2025 7-OH statements",
    "Pierre, Gineste & Bazydlo 2020, Am J Clin Pathol 154(S1):S19-20 (false-positive methadone screen)",
    "ARUP test 3003311 and Labcorp test 791750 (kratom urine screens)",
    "Weiss & Douglas 2021, J Addict Med 15(2):167-72 (treatment)",
    "Prozialeck et al. 2020, Int J Environ Res Public Health 17(15):5512 (alkaloid content of products)",
)
BLANK = "______________________"
# The latest this many PEG scores, SDS answers and warning periods are listed; the rest are counted.
LATEST = 12


# --- the document ----------------------------------------------------------------------


def summary_document(
    summary: Summary,
    *,
    day_table: bool | None = None,
    chart_figures: Callable[[Summary], Sequence] | None = None,
    sections: Sequence[str] | None = None,
) -> Document:
    """The whole summary: page 1 header, Now, flags and the range's figures, the sections,
    "For the doctor" and the sources.

    ``sections`` names the SECTIONS to print (None: all, the table as
    ``day_table`` says). ``day_table`` None means on up to 90 days. ``chart_figures`` returns
    matplotlib Figures for the range, or Chart blocks already drawn (default: report.charts,
    the Trends page's charts).
    """
    if sections is None:
        if day_table is None:
            day_table = summary.day_table_by_default
        sections = [name for name, _ in SECTIONS if name != "table" or day_table]
    chosen = set(sections)
    if summary.doctor_notes or summary.questions:
        chosen.add("notes")  # what the patient marked for the doctor always prints
    # The key points and the warning on paper open page 1 whatever sections print.
    blocks: list = key_point_blocks(summary) + warning_blocks(summary)
    for name, build in SECTIONS:
        if name == "charts":  # the text ends with "For the doctor" and its sources
            blocks += doctor_blocks(summary) + sources_blocks()
        if name in chosen:
            blocks += build(summary, chart_figures) if name == "charts" else build(summary)
        if name == "flags":  # the range's figures follow page 1's Now and flags
            blocks += glance_blocks(summary)
    return Document(
        title=TITLE,
        header_lines=header_lines(summary),
        running_text=running_text(summary),
        blocks=blocks,
    )


def running_text(summary: Summary) -> str:
    """On every page: who the summary is about, with blanks to fill in by hand when not set."""
    blank = BLANK[:12]  # short enough that the footer keeps "self-reported by the patient…"
    return " \u00b7 ".join([
        *([DEMO_MARK] if summary.demo else []),
        f"Patient: {summary.name or blank}",
        f"born {date_text(summary.birth_date) if summary.birth_date else blank}",
        span_text(summary.start, summary.end),
    ])


def header_lines(summary: Summary) -> list[str]:
    lines = [DEMO_MARK + "."] if summary.demo else []
    lines.append(f"Patient: {summary.name or BLANK}    Date of birth: "
                 f"{date_text(summary.birth_date) if summary.birth_date else BLANK}")
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
    lines.append(f"{SELF_REPORTED}; {NO_ADVICE}")
    if summary.coverage is not None and summary.has_records:
        lines.append(f"Coverage: {summary.coverage.text}")
    return lines


def pain_blocks(summary: Summary) -> list:
    p = summary.pain
    blocks: list = [Heading("Pain")]
    if not p.rated_days:
        blocks.append(Paragraph("Pain was not rated in this range."))
    else:
        rows = [
            ("Rated days", f"{p.rated_days} of {plural(summary.counts.logged, 'logged day')}"),
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
        blocks.append(Paragraph(_latest(p.peg, lambda item: f"{date_text(item[0])}: {number(item[1])}",
                                        "PEG score")))
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
    halves = rows[0].first_half_days is not None
    headers = ["Side effect", "Days reported", "Days moderate or severe", "Worst"]
    widths = [0.30, 0.14, 0.18, 0.12]
    if halves:
        half = len(summary.days) // 2
        headers.append(f"Days reported of logged days: first {half} {ARROW} last {half}")
        widths = [0.22, 0.1, 0.14, 0.09, 0.45]
    table_rows = []
    for r in rows:
        row = [r.name, str(r.days_reported), str(r.days_moderate_or_severe), r.worst_label]
        if halves:
            row.append(f"{r.first_half_days} of {r.first_half_logged} {ARROW} {r.second_half_days} of "
                       f"{r.second_half_logged} ({r.trend if r.compared else 'not compared: too few days logged'})")
        table_rows.append(row)
    compared = any(r.compared for r in rows)
    blocks.append(Table(headers, table_rows, _normalised(widths), "lrrll"))
    blocks.append(Paragraph(
        "Rated daily: 1 mild, 2 moderate, 3 severe; a day counts when rated mild or worse."
        + (" \u201cMore often\u201d or \u201cless often\u201d: a change of at least 2 days and 25% "
           "between the first and second half of the range, per logged day." if compared else ""),
        "small"))
    return blocks


def safety_blocks(summary: Summary) -> list:
    g = summary.glance
    blocks: list = [Heading("Dependence and safety"), Paragraph(NEUTRAL_RISK_SENTENCE)]
    w = summary.warning
    if g.warning_evaluated and w is not None:
        blocks.append(Heading("Dependence warning periods", 3))
        if w.periods:
            blocks.append(Table(
                ["Dates", "Days on", "Reason (on the last day on)"],
                [[span_text(p.start, p.end) + (" (with breaks)" if p.with_breaks else ""),
                  f"{p.days_on} of {p.days}" if p.with_breaks else str(p.days_on), p.reason]
                 for p in w.periods[:LATEST]],
                [0.24, 0.08, 0.68], "lrl", font="small"))
            blocks.append(Paragraph(
                "Newest first. Periods fewer than 7 days apart are shown as one, \u201cwith breaks\u201d."
                + (f" The latest {LATEST}; {len(w.periods) - LATEST} earlier periods not listed "
                   f"({w.days_on} days on in all)." if len(w.periods) > LATEST else ""), "small"))
        else:
            blocks.append(Paragraph(f"The warning was not on during this range. {NOT_LOOKED_FOR}"))
        blocks.append(Paragraph(warning_note(summary.settings), "small"))
    blocks.append(Heading("Severity of Dependence Scale (SDS)", 3))
    if summary.sds:
        blocks.append(Paragraph(_latest(summary.sds, lambda s: f"{date_text(s.day)}: {s.total} of 15"
                                        + (" (worth discussing)" if s.worth_discussing else ""), "SDS")))
    else:
        blocks.append(Paragraph("No SDS answered in this range."))
    blocks.append(Paragraph(
        "SDS (Gossop et al. 1995): five questions about the past month, total 0-15. "
        + sds_note(summary.settings), "small"))
    blocks.append(Heading("Also takes (medicines, alcohol, other substances)", 3))
    # What else is taken, dated, as on page 1 (core.background_words.co_use_facts).
    blocks += [Paragraph(words[:1].upper() + words[1:]) for _, words in summary.co_use[:1]]
    blocks.append(Paragraph(INTERACTION_CAUTION, "small"))
    return blocks


def _latest(items: Sequence, show: Callable, what: str) -> str:
    """The latest LATEST items, newest first, and how many earlier ones are not listed."""
    text = " \u00b7 ".join(show(item) for item in reversed(items[-LATEST:]))
    if len(items) > LATEST:
        text += f" (newest first; {plural(len(items) - LATEST, 'earlier ' + what)} not listed)"
    return text


def sources_blocks() -> list:
    return [Heading("Sources", 3), Paragraph(" \u00b7 ".join(SOURCES), "small")]


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
    from kratomtrack.report.charts import ChartRequest, draw_charts

    if chart_figures is None:
        charts = draw_charts(ChartRequest.of(summary))
    else:  # a hook's matplotlib Figures, or Chart blocks already drawn
        from kratomtrack.report.figures import chart_block

        charts = [item if isinstance(item, Chart) else chart_block(item) for item in chart_figures(summary)]
    if not charts:
        return []
    # The charts follow the text on its last page where the first one fits
    # (never a page holding the sources' last lines alone); else on the next.
    return [Heading("Charts"), *charts]


# How the day table writes a day without a dose, and a day with nothing logged.
NO_KRATOM = "no kratom"  # marked by the patient
NO_DOSE = "0 g \u00b7 no dose logged"  # a check-in but no dose: a day without kratom, not a mark
NOT_LOGGED = "not logged"  # nothing logged: unknown
DAY_KINDS_NOTE = (
    f"\u201c{NO_KRATOM}\u201d: marked by the patient. \u201c{NO_DOSE}\u201d: a check-in but no dose, "
    f"counted as a day without kratom. \u201c{NOT_LOGGED}\u201d: nothing logged, left out of every "
    "average and count."
)


def day_table_blocks(summary: Summary) -> list:
    if summary.table_periods is not None:
        return period_table_blocks(summary)
    night = {d.day: d.night_doses for d in summary.patterns.days} if summary.patterns else {}
    flags: dict = {}
    for day, flag in summary.red_flags:
        flags.setdefault(day, []).append(flag)
    rows = [_marked(_day_row(d, summary.kinds[d.day]), night.get(d.day, 0), flags.get(d.day, ()))
            for d in summary.days]
    return [
        PageBreak(),
        Heading("Day by day"),
        Paragraph("Leaf: powder, capsules and tea, in grams; a 7-OH product in milligrams. "
                  f"{DAY_KINDS_NOTE} \u2013 not recorded that day. Side effects and withdrawal-type "
                  "symptoms rated mild or worse, each under its own heading. \u201cat night\u201d: doses "
                  "from 00:00 to 05:00. RED FLAG: ticked by the patient that day.", "small"),
        Table(["Date", "Leaf", "Doses", "Extract / 7-OH / other", "Pain", "Side effects",
               "Withdrawal-type symptoms"],
              rows, [0.14, 0.16, 0.06, 0.15, 0.05, 0.26, 0.18], "llrlrll", font="small"),
    ]


def period_table_blocks(summary: Summary) -> list:
    """A long range's table: a row a month (or a year), over logged days."""
    periods = summary.table_periods
    yearly = len(periods) > 1 and periods[0].start.year != periods[1].start.year
    rows = [[str(p.start.year) if yearly else p.start.strftime("%b %Y"), str(p.counts.use),
             str(p.counts.no_kratom), str(p.counts.no_dose), str(p.counts.unknown),
             DASH if p.leaf_per_logged_day is None else mean_grams_digits(p.leaf_per_logged_day),
             _or_dash(p.doses_per_logged_day), _or_dash(p.pain_mean)] for p in periods]
    return [
        PageBreak(),
        Heading("Year by year" if yearly else "Month by month"),
        Paragraph("Days of each kind, and means per logged day (a dose, a check-in or a \u201cno kratom\u201d "
                  f"mark). {DAY_KINDS_NOTE} Leaf: powder, capsules and tea. {DASH}: no day logged "
                  "(or no pain rated).", "small"),
        Table(["Period", "Use days", "No kratom (marked)", "0 g \u00b7 no dose logged", "Not logged",
               "Leaf g / logged day", "Doses / logged day", "Pain mean"], rows,
              [0.12, 0.1, 0.12, 0.13, 0.1, 0.15, 0.15, 0.13], "lrrrrrrr", font="small"),
    ]


def _marked(row: list[str], night_doses: int, red_flags) -> list[str]:
    """A day's row with its night doses (00:00-05:00) and red flags marked, as the charts mark them."""
    if night_doses:
        row[2] += f" ({night_doses} at night)"
    if red_flags:
        flagged = "RED FLAG: " + ", ".join(red_flags)
        row[5] = flagged if row[5] == DASH else f"{flagged}; {row[5]}"
    return row


def _or_dash(value) -> str:
    return DASH if value is None else number(value)


def _day_row(day, kind: DayKind) -> list[str]:
    """One day: a day of use, a day marked "no kratom", a check-in without a dose, or not logged."""
    date = weekday_date_text(day.day)
    if kind is DayKind.UNKNOWN:
        return [date, NOT_LOGGED, "", "", "", "", ""]
    others = [f"{form.label} {amount_text(mg, form)}" for mg, form in
              ((day.extract_mg, Form.EXTRACT), (day.seven_oh_mg, Form.SEVEN_OH), (day.other_mg, Form.OTHER))
              if mg]
    # Withdrawal-type symptoms apart from side effects (clinical.md, "For the doctor").
    effects = _ratings_text([(n, r) for n, r in day.ratings if not is_withdrawal_symptom(n)])
    withdrawal = _ratings_text([(n, r) for n, r in day.ratings if is_withdrawal_symptom(n)])
    leaf = {DayKind.NO_KRATOM: NO_KRATOM, DayKind.NO_DOSE: NO_DOSE}.get(kind) or amount_text(day.leaf_mg)
    return [
        date,
        leaf,
        str(day.doses),
        ", ".join(others),
        str(day.pain) if day.pain is not None else DASH,
        effects,
        withdrawal,
    ]


def _ratings_text(ratings) -> str:
    """Those rated mild or worse; "none" only when some were rated (all as none); a
    check-in that rated none of them: not recorded."""
    if not ratings:
        return DASH
    named = [f"{name} {RATING_LABELS[r]}" for name, r in ratings if r >= 1]
    return ", ".join(named) if named else "none"


# The sections a summary can hold, in print order (``report --sections``); the
# key points, the warning, the range's figures, "For the doctor" and the sources always print,
# and so do the notes marked for the doctor.
SECTIONS: tuple[tuple[str, Callable], ...] = (
    ("now", now_blocks),
    ("flags", flag_blocks),
    ("pain", pain_blocks),
    ("side-effects", side_effect_blocks),
    ("withdrawal", withdrawal_blocks),
    ("dependence", safety_blocks),
    ("patterns", pattern_blocks),  # report.patterns: "pattern, not a diagnosis"
    ("plan", plan_blocks),
    ("background", background_blocks),  # report.background: "from the patient", dated
    ("notes", visit_blocks),
    ("charts", lambda summary, figures: chart_blocks(summary, figures) if summary.has_records else []),
    ("table", lambda summary: day_table_blocks(summary) if summary.has_records else []),
)


def section_names() -> list[str]:
    return [name for name, _ in SECTIONS]


def parse_sections(text: str) -> list[str]:
    """A comma-separated list of section names; ValueError names any unknown one."""
    names = [n.strip().casefold() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in section_names()]
    if unknown or not names:
        raise ValueError(f"unknown section {', '.join(unknown)}" if unknown else "no section named"
                         f"; choose from {','.join(section_names())}")
    return names


def _normalised(widths: list[float]) -> list[float]:
    total = sum(widths)
    return [w / total for w in widths]
