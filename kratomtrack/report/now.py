"""Page 1 of the summary: "Now", the flag box, and the sections a doctor asks for
apart (withdrawal-type symptoms, "For the doctor").

Figures come from Summary.now / .flags / .withdrawal (core.summary.now); the
sentences from docs/health-content.md ("For the doctor", "Red flags",
"Withdrawal-type symptoms"). Nothing here advises a dose.
"""

from __future__ import annotations

from kratomtrack.core.amounts import mean_grams_text
from kratomtrack.core.dates import date_text, span_text
from kratomtrack.core.records import RATING_LABELS
from kratomtrack.core.safety import NEUTRAL_RISK_SENTENCE
from kratomtrack.core.summary.build import Summary
from kratomtrack.core.summary.now import NOW_DAYS, Period
from kratomtrack.report.document import (
    ARROW,
    Facts,
    Heading,
    Paragraph,
    Table,
    days_logged_text,
    days_text,
    number,
    plural,
)

NO_DAY_LOGGED = "no day logged"  # a mean over no logged day: unknown, not 0

BOXED_WARNING = (
    "The FDA requires a boxed warning, its strongest, on opioids and benzodiazepines because using them "
    "together has caused slowed or difficult breathing, coma and death (FDA Drug Safety Communication, "
    "31 Aug 2016). Kratom acts on the same mu-opioid receptors, and most kratom-related deaths involve "
    "other substances (Olsen et al. 2019, MMWR)."
)
CONCENTRATE_FLAG = (
    "The FDA has approved no kratom product and in 2025 recommended scheduling concentrated 7-OH "
    "products, which it calls potentially more potent than morphine (FDA 2025 7-OH statements)."
)
TESTING = (
    "Routine urine drug panels do not include kratom. Specific tests exist: a mitragynine immunoassay "
    "screen with LC-MS/MS confirmation (for example ARUP 3003311, Labcorp 791750). A kratom metabolite "
    "has been reported to cause a false-positive methadone (EDDP) immunoassay (Pierre, Gineste & "
    "Bazydlo 2020, Am J Clin Pathol 154 Suppl 1:S19-20)."
)
NO_MME = "Kratom has no established morphine milligram equivalent (MME); none is given here."
TREATMENT = (
    "A doctor can help, and treatment exists: case series report treatment of kratom withdrawal and "
    "kratom use disorder (Weiss & Douglas 2021, J Addict Med 15(2):167-72)."
)
WITHDRAWAL_NOTE = (
    "Withdrawal-type symptoms are reported after stopping regular use (Singh, Müller & Vicknasingam 2014). Shown "
    "descriptively; the app draws no conclusion from them."
)


def now_blocks(summary: Summary) -> list:
    now = summary.now
    if now is None:
        return [Heading("Now"), Paragraph("Nothing was logged in this range.")]
    # "Now" is the range's last days, which for a past range are not the days before printing.
    blocks: list = [Heading(f"Now: the last {plural(now.recent.counts.days, 'day')} of the range, "
                            f"{span_text(now.recent.start, now.recent.end)}")]
    rows = [("Days logged, with use", _pair(now.recent, now.before, _logged_and_use))]
    rows.append(("Leaf kratom per logged day", _pair(now.recent, now.before, lambda p: mean_grams_text(
        p.leaf_per_logged_day, NO_DAY_LOGGED))))
    rows.append(("Doses per logged day", _pair(now.recent, now.before,
                                              lambda p: _maybe(p.doses_per_logged_day))))
    rows.append(("Pain, mean (0-10)", _pair(now.recent, now.before,
                                            lambda p: "not rated" if p.pain_mean is None else
                                            f"{number(p.pain_mean)} ({days_text(p.pain_days)} rated)")))
    if now.peg_first:
        text = f"{number(now.peg_first[1])} on {date_text(now.peg_first[0])} (first in range)"
        if now.peg_latest:
            text += f" {ARROW} {number(now.peg_latest[1])} on {date_text(now.peg_latest[0])} (latest)"
        rows.append(("PEG", text))
    # The latest SDS and its change are in the key points (core.summary.key_points).
    blocks.append(Facts(rows, ruled=True))
    note = "Per logged day: a day with nothing logged is left out."
    if now.before:
        note = (f"\u201cBefore\u201d: the {NOW_DAYS} days before, {span_text(now.before.start, now.before.end)}. "
                + note)
    if summary.end < summary.made_on:
        note = (f"The range ends on {date_text(summary.end)}, {plural((summary.made_on - summary.end).days, 'day')} "
                f"before this summary was made. " + note)
    blocks.append(Paragraph(note, "small"))
    return blocks


def _logged_and_use(p: Period) -> str:
    return f"{days_logged_text(p.counts)}, use on {p.use_days}"


def _pair(recent: Period, before: Period | None, show) -> str:
    return show(recent) + (f"; before: {show(before)}" if before else "")


def _maybe(value) -> str:
    """A mean to one decimal; none when no day is logged (unknown, not 0)."""
    return NO_DAY_LOGGED if value is None else number(value)


def flag_blocks(summary: Summary) -> list:
    f = summary.flags
    blocks: list = [Heading("Flags")]
    if f is None:
        return []
    rows = []
    if not f.emergency and not f.liver:
        rows.append(("Red-flag symptoms", "none logged"))
    if f.emergency:
        rows.append(("Emergency signs", "; ".join(f"{flag} ({date_text(d)})" for d, flag in f.emergency)))
    if f.liver:
        rows.append(("Possible liver injury", "; ".join(f"{flag} ({date_text(d)})" for d, flag in f.liver)))
    # Co-use and naloxone (dated, "none" and "not answered" apart) are a key point, printed
    # whatever the sections; the boxed warning below follows them here.
    if f.extract_days or f.seven_oh_days:
        parts = [f"{label} on {days_text(n)}" for n, label in
                 ((f.extract_days, "extract"), (f.seven_oh_days, "7-OH product")) if n]
        rows.append(("Extract or 7-OH", "; ".join(parts)))
    blocks.append(Facts(rows, ruled=True))
    if f.emergency or f.liver:
        blocks.append(Paragraph("Emergency signs apart from signs of possible liver injury; newest first.",
                                "small"))
    if f.also_takes:
        blocks.append(Paragraph(BOXED_WARNING, "small"))
    if f.seven_oh_days:  # printed once, and only when 7-OH was logged
        blocks.append(Paragraph(CONCENTRATE_FLAG, "small"))
    return blocks


def withdrawal_blocks(summary: Summary) -> list:
    w = summary.withdrawal
    if w is None:
        return []
    blocks: list = [Heading("Withdrawal-type symptoms")]
    blocks.append(Table(["Symptom", "Days rated mild or worse", "Worst"],
                        [[r.name, str(r.days_rated), RATING_LABELS[r.worst]] for r in w.rows],
                        [0.45, 0.35, 0.20], "lrl"))
    blocks.append(Paragraph(
        f"On {days_text(w.days_any)} with any of them; {w.days_any_after_no_use} of those came the day "
        f"after a logged day without kratom. For comparison, {w.logged_days_after_no_use} of the "
        f"{plural(w.logged_days, 'logged day')} came the day after a logged day without kratom."))
    blocks.append(Paragraph(WITHDRAWAL_NOTE, "small"))
    return blocks


def doctor_blocks(summary: Summary) -> list:
    return [Heading("For the doctor"),
            Paragraph(TESTING, "small"), Paragraph(NO_MME, "small"),
            Paragraph(NEUTRAL_RISK_SENTENCE, "small"), Paragraph(TREATMENT, "small")]
