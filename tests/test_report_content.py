"""What the summary says, checked on the document before any page is drawn."""

import datetime as dt

from kratomtrack.core.dates import date_text, span_text
from kratomtrack.core.summary.build import SummaryInput, summarise
from kratomtrack.report.content import summary_document
from kratomtrack.report.document import Chart, Facts, Paragraph, Table

from summary_log import START, hand_made_input


def texts(document):
    out = list(document.header_lines)
    for block in document.blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Facts):
            out += [f"{label}: {value}" for label, value in block.rows]
        elif isinstance(block, Table):
            out += [" | ".join(row) for row in block.rows]
    return "\n".join(out)


def no_charts(summary):
    return []


def test_an_empty_range_says_nothing_was_logged_and_has_no_charts():
    document = summary_document(summarise(SummaryInput(start=START, end=START + dt.timedelta(days=29),
                                                       made_on=START)))
    text = texts(document)
    assert "Nothing was logged in this range." in text and "No records in this range." in text
    assert not any(isinstance(b, Chart) for b in document.blocks)
    assert "Red-flag symptoms: none logged" in text


def test_records_beginning_inside_the_range_are_stated():
    summary = summarise(hand_made_input(start=dt.date(2026, 9, 22)))
    text = texts(summary_document(summary, chart_figures=no_charts))
    assert "Records begin on 1 Oct 2026; the 9 days before are not counted." in text
    assert "Days logged: 27 of 28 days logged" in text and "27 of 27 logged days (100%)" in text


def test_a_warning_that_was_not_evaluated_is_not_mentioned():
    text = texts(summary_document(summarise(hand_made_input(warning_days=None)), chart_figures=no_charts))
    assert "Dependence warning" not in text
    off = texts(summary_document(summarise(hand_made_input(warning_days=[])), chart_figures=no_charts))
    # "Not on" says what the warning does not look for (clinical.md), with the supporting facts.
    assert ("Not on at the end of this range (28 Oct 2026). The warning looks only for use that is frequent "
            "and rising; steady daily use at a steady amount, however large, does not set it off.") in off
    assert "Single doses of 5 g or more: 1 leaf dose of 5 g or more; largest 5.5 g on 22 Oct 2026" in off


def test_a_first_half_without_leaf_gives_grams_not_a_percentage():
    data = hand_made_input()
    late = [d for d in data.doses if d.day.day > 14]
    text = texts(summary_document(summarise(hand_made_input(doses=late)), chart_figures=no_charts))
    # The first half's check-ins (all but 5 Oct) make 13 logged days without a dose: 0 g, not unknown.
    assert ("leaf g per logged day: 0.0 g in the first 14 days (13 logged) → 6.3 g in the last 14 days "
            "(13 logged)") in text
    assert "%" not in text.split("Change, first to second half")[1].split("\n")[0]


def test_day_table_follows_the_parameter():
    summary = summarise(hand_made_input())
    with_table = summary_document(summary, chart_figures=no_charts)
    without = summary_document(summary, day_table=False, chart_figures=no_charts)
    assert "Tue 20 Oct 2026 | not logged |  |  |  | " in texts(with_table)  # unlogged: blank, not 0
    assert "Tue 20 Oct 2026" not in texts(without)


def test_dates_are_unambiguous():
    assert date_text(dt.date(2026, 3, 4)) == "4 Mar 2026"
    assert span_text(dt.date(2026, 3, 4), dt.date(2026, 3, 9)) == "4–9 Mar 2026"
    assert span_text(dt.date(2026, 3, 4), dt.date(2026, 4, 9)) == "4 Mar – 9 Apr 2026"
    assert span_text(dt.date(2025, 12, 30), dt.date(2026, 1, 2)) == "30 Dec 2025 – 2 Jan 2026"


def _day_table(document):
    return next(b for b in document.blocks if isinstance(b, Table) and b.headers[0] == "Date")


def test_a_check_in_with_only_a_note_prints_no_side_effects_as_not_recorded():
    from kratomtrack.core.dates import DASH
    from kratomtrack.core.records import CheckIn

    day = START + dt.timedelta(days=1)
    data = SummaryInput(start=START, end=START + dt.timedelta(days=2), doses=[],
                        checkins=[CheckIn(START, pain=5, ratings={"nausea": 0}),
                                  CheckIn(day, note="slept badly")],
                        first_record=START)
    document = summary_document(summarise(data), day_table=True, chart_figures=no_charts)
    rows = _day_table(document).rows
    # Rated: nausea none; no withdrawal-type symptom rated (its own column): not recorded.
    assert rows[0][4:] == ["5", "none", DASH]
    assert rows[1][4:] == [DASH, DASH, DASH]  # a note only: neither pain nor side effects recorded
    legend = " ".join(b.text for b in document.blocks if isinstance(b, Paragraph))
    assert "not recorded that day" in legend
    assert "no check-in that day" not in legend  # wrong for a check-in without pain
