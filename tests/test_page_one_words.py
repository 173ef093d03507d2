"""Issue 27, on the document before any page is drawn: no sentence points at a section
that is not printed (every combination of ``--sections``), notes for the doctor always
print, the warning's periods and "on since", and the wording items."""

import datetime as dt
import itertools
import re

from kratomtrack.core.coverage import DayKind
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.summary.build import summarise
from kratomtrack.core.summary.glance import WarningSpan
from kratomtrack.core.summary.warning_facts import on_since, warning_periods
from kratomtrack.report.content import section_names, summary_document
from kratomtrack.report.document import Heading

from summary_log import END, START, hand_made_input, oct
from test_report_content import texts

# A reference to another part of the document: "see “For the visit”", "(see interaction caution)".
REFERENCE = re.compile(r"\bsee\b\s*(?:the\s+)?(?:“([^”]+)”|\"([^\"]+)\"|([^.;,)]+))", re.IGNORECASE)


def _everything():
    """The hand-made log with withdrawal-type symptoms, a plan, notes and questions."""
    from kratomtrack.core.plan import Plan, PlanStep

    checkins = [CheckIn(c.day, c.pain, {**c.ratings, **({"craving": 2} if c.day.day > 20 else {})}, c.note)
                for c in hand_made_input().checkins]
    return summarise(hand_made_input(checkins=checkins, plan=Plan((PlanStep(oct(15), 5000),))))


def test_no_sentence_refers_to_a_section_not_printed_in_any_combination_of_sections():
    summary = _everything()
    names = section_names()
    checked = 0
    for count in range(1, len(names) + 1):
        for chosen in itertools.combinations(names, count):
            document = summary_document(summary, sections=list(chosen), chart_figures=lambda s: [])
            headings = {b.text.casefold() for b in document.blocks if isinstance(b, Heading)}
            text = texts(document)
            for match in REFERENCE.finditer(text):
                target = next(g for g in match.groups() if g).strip().casefold()
                assert any(h.startswith(target) for h in headings), (chosen, match.group(0))
            # Notes the patient marked for the doctor, and the questions, always print.
            assert "Sleep worse since I take it three times a day" in text, chosen
            assert "Could the insomnia come from kratom?" in text, chosen
            checked += 1
    assert checked == 2 ** len(names) - 1


def test_key_points_and_the_warning_print_whatever_sections_are_chosen():
    document = summary_document(_everything(), sections=["pain"], chart_figures=lambda s: [])
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert headings[:2] == ["Key points", "Dependence warning"]
    text = texts(document)
    # Craving on 21-28 Oct (eight check-ins), of the 27 logged days.
    assert "withdrawal-type symptoms on 8 of 27 logged days (craving)" in text
    assert "Withdrawal-type symptoms: on 8 of 27 logged days (craving)" in text  # a supporting fact


def _span(a, b, reason="r"):
    return WarningSpan(a, b, reason)


def test_periods_under_seven_days_apart_are_one_with_breaks_and_newest_first():
    spans = [_span(oct(1), oct(3)), _span(oct(9), oct(12)),  # 5 days off between: joined
             _span(oct(20), oct(21), "latest")]  # 7 days off: a new period
    periods = warning_periods(spans)
    assert [(p.start, p.end, p.days_on, p.with_breaks) for p in periods] == [
        (oct(20), oct(21), 2, False), (oct(1), oct(12), 7, True)]
    assert periods[1].text == "1–12 Oct 2026 (with breaks: on 7 of 12 days)"
    assert periods[0].reason == "latest" and periods[0].text == "20–21 Oct 2026 (2 days)"


def test_on_since_counts_through_days_with_nothing_logged_but_not_through_a_logged_day_off():
    kinds = {oct(d): DayKind.USE for d in range(1, 29)}
    for d in (15, 16, 27):
        kinds[oct(d)] = DayKind.UNKNOWN
    spans = [_span(oct(1), oct(10)), _span(oct(12), oct(14)), _span(oct(17), oct(26)), _span(oct(28), oct(28))]
    # 27 Oct has nothing logged, 15-16 Oct too: on since 12 Oct through 3 unknown days; 11 Oct was
    # a logged day with the warning off, so it starts there.
    assert on_since(spans, kinds, oct(28)) == (oct(12), 3)
    # The end itself not logged yet (printed in the morning): still on, since the same day.
    kinds[oct(28)] = DayKind.UNKNOWN
    assert on_since(spans[:3], kinds, oct(28)) == (oct(12), 4)
    kinds[oct(27)] = DayKind.NO_KRATOM
    assert on_since(spans[:3], kinds, oct(28)) == (None, 0)  # a logged day off after the last span


def test_the_summary_names_on_since_through_an_unknown_day_on_paper():
    warning = [(oct(d), f"reason {d}") for d in (22, 23, 24, 26, 27, 28)]
    summary = summarise(hand_made_input(warning_days=warning, doses=[
        d for d in hand_made_input().doses if d.day != oct(25)], checkins=[
        c for c in hand_made_input().checkins if c.day != oct(25)]))
    assert summary.kinds[oct(25)] is DayKind.UNKNOWN
    assert summary.now.warning_on_since == oct(22)
    assert summary.warning.statement.startswith(
        "On since 22 Oct 2026 (counting through 1 day with nothing logged): reason 28")


def test_wording_items_of_issue_27():
    summary = _everything()
    text = texts(summary_document(summary, chart_figures=lambda s: [], day_table=True))
    assert "such days" not in text and "needing more" not in text
    assert "Started 15 Oct 2026; not ended." in text
    assert "Your doctor" not in text and "your doctor" not in text
    assert "reported mainly at" not in text
    # The FDA's 7-OH paragraph once (the hand-made log has a 7-OH dose) ...
    assert text.count("potentially more potent than morphine") == 1
    # ... and not for extract-only use.
    extract_only = [d for d in hand_made_input().doses if d.form is not Form.SEVEN_OH]
    text = texts(summary_document(summarise(hand_made_input(doses=extract_only)), chart_figures=lambda s: []))
    assert "potentially more potent than morphine" not in text
    assert "Extract or 7-OH: extract on 1 day" in text


def test_withdrawal_type_symptoms_have_their_own_column_in_the_day_table():
    document = summary_document(_everything(), day_table=True, chart_figures=lambda s: [])
    table = next(b for b in document.blocks if getattr(b, "headers", [""])[:2] == ["Date", "Leaf"])
    assert table.headers[-2:] == ["Side effects", "Withdrawal-type symptoms"]
    row = next(r for r in table.rows if r[0] == "Wed 21 Oct 2026")
    assert row[-2:] == ["insomnia moderate", "craving moderate"]


def test_now_for_a_past_range_says_which_days():
    summary = summarise(hand_made_input(made_on=END + dt.timedelta(days=30)))
    text = texts(summary_document(summary, chart_figures=lambda s: []))
    headings = [b.text for b in summary_document(summary, chart_figures=lambda s: []).blocks
                if isinstance(b, Heading)]
    assert "Now: the last 28 days of the range, 1–28 Oct 2026" in headings
    assert "The range ends on 28 Oct 2026, 30 days before this summary was made." in text


def test_a_demo_log_is_marked_on_every_page_and_in_the_header():
    from kratomtrack.report.content import running_text

    summary = summarise(hand_made_input(demo=True))
    document = summary_document(summary, chart_figures=lambda s: [])
    assert document.header_lines[0] == "Invented demo data — not a patient."
    assert running_text(summary).startswith("Invented demo data — not a patient · Patient: Alex Example")
    assert "Invented demo data" not in running_text(summarise(hand_made_input()))


def test_doses_at_five_grams_are_counted_without_reading_as_a_safe_limit():
    doses = [Dose(dt.datetime.combine(START + dt.timedelta(days=i), dt.time(9)), 5.0, Form.POWDER)
             for i in range(28)]
    summary = summarise(hand_made_input(doses=doses, warning_days=[]))
    fact = next(f for f in summary.warning.facts if f.key == "large_dose")
    assert fact.found and fact.text.startswith("28 leaf doses of 5 g or more; largest 5 g on 1 Oct 2026")
    assert fact.text.endswith("per dose; not a safe limit)")
