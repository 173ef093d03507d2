"""Issue 18 on paper: Now, the flag box, withdrawal apart, logging coverage, long ranges
condensed, "For the doctor", identification and chosen sections, read back from real PDFs."""

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.summary.build import summarise
from kratomtrack.report.content import parse_sections, summary_document
from kratomtrack.report.printing import page_layout, write_summary_pdf
from conftest import real_today
from summary_log import END, START, hand_made_input

pytestmark = pytest.mark.window  # PDFs are painted by Qt


def no_charts(summary):
    return []


def pdf_text(tmp_path, summary, **options) -> list[str]:
    path = tmp_path / "summary.pdf"
    write_summary_pdf(summary_document(summary, **options), path, page_layout("a4"))
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(path).pages]


def test_page_one_opens_with_key_points_then_the_warning_now_and_flags(tmp_path):
    pages = pdf_text(tmp_path, summarise(hand_made_input()), chart_figures=no_charts)
    first = pages[0]
    assert (first.index("Key points") < first.index("Dependence warning") < first.index("Now:")
            < first.index("Flags"))
    text = " ".join(pages)
    assert text.index("Flags") < text.index("The range in figures")  # the range's figures follow
    assert "Now: the last 28 days of the range, 1–28 Oct 2026" in first
    assert "Days logged, with use 27 of 28 days logged, use on 27" in first
    # The latest SDS, its change and the cut-off are a key point.
    assert ("Dependence signs SDS 6 of 15 on 24 Oct 2026, up from 3 on 3 Oct 2026 (4 or more: worth "
            "discussing; a cut-off not validated for kratom)") in first
    assert "PEG 6.3 on 7 Oct 2026 (first in range) → 4.0 on 28 Oct 2026 (latest)" in first
    # The last warning day (27 Oct) is before the end; "not on" says what the warning does not look for.
    assert "Not on at the end of this range (28 Oct 2026); last on 22–27 Oct 2026." in first
    assert "steady daily use at a steady amount, however large, does not set it off" in first


def test_now_says_since_when_the_warning_is_on(tmp_path):
    days = [(END - dt.timedelta(days=i), "reason") for i in range(3)]
    first = pdf_text(tmp_path, summarise(hand_made_input(warning_days=days)), chart_figures=no_charts)[0]
    assert "On since 26 Oct 2026: reason." in first


def test_now_compares_the_last_28_days_with_the_28_before():
    start = END - dt.timedelta(days=55)
    doses = [Dose(dt.datetime.combine(start + dt.timedelta(days=i), dt.time(9)), 2.0 if i < 28 else 4.0)
             for i in range(56)]
    now = summarise(hand_made_input(start=start, first_record=start, doses=doses, checkins=())).now
    assert (now.before.leaf_per_logged_day, now.recent.leaf_per_logged_day) == (2.0, 4.0)
    assert now.recent.start == END - dt.timedelta(days=27) and now.before.end == END - dt.timedelta(days=28)


def test_the_flag_box_lists_sedatives_with_the_boxed_warning_and_red_flags_apart(tmp_path):
    from kratomtrack.core.background import Background, Substance, with_answers

    # Co-use comes from the background now, dated and with "none" apart from "not answered".
    background = with_answers(Background(), {"opioids": Substance(True, "oxycodone", since="2024"),
                                             "benzodiazepines": Substance(True), "naloxone": False},
                              dt.date(2026, 10, 30))
    data = hand_made_input(
        background=background,
        red_flags=[(dt.date(2026, 10, 5), "seizure"), (dt.date(2026, 10, 12), "dark urine"),
                   (dt.date(2026, 10, 20), "yellow skin or eyes")])
    first = pdf_text(tmp_path, summarise(data), chart_figures=no_charts)[0]
    assert "Emergency signs seizure (5 Oct 2026)" in first
    assert "Possible liver injury yellow skin or eyes (20 Oct 2026); dark urine (12 Oct 2026)" in first
    assert ("Other substances takes prescribed opioids (oxycodone, since 2024); benzodiazepines or sleeping "
            "pills; not answered: alcohol, gabapentin or pregabalin, cannabis, stimulants, other sedatives "
            "(from the patient, answered 30 Oct 2026, after the end of this range)") in first
    assert "naloxone at home: no (from the patient, answered 30 Oct 2026, after the end of this range)" in first
    assert "boxed warning" in first and "FDA Drug Safety Communication, 31 Aug 2016" in first
    assert "Extract or 7-OH extract on 1 day; 7-OH product on 1 day" in first
    # The key points name every red flag, emergency signs first.
    assert ("Red flags emergency signs: seizure 5 Oct 2026 · possible liver injury: yellow skin or eyes "
            "20 Oct 2026; dark urine 12 Oct 2026") in first


def _with_withdrawal():
    checkins = [c for c in hand_made_input().checkins]
    extra = {dt.date(2026, 10, 21): {"craving": 2, "muscle aches": 1}, dt.date(2026, 10, 25): {"craving": 3}}
    checkins = [CheckIn(c.day, c.pain, {**c.ratings, **extra.get(c.day, {})}, c.note) for c in checkins]
    return summarise(hand_made_input(checkins=checkins, no_use_days=[dt.date(2026, 10, 20)]))


def test_withdrawal_type_symptoms_have_their_own_section_and_leave_side_effects(tmp_path):
    summary = _with_withdrawal()
    assert [r.name for r in summary.withdrawal.rows] == ["craving", "muscle aches"]
    assert "craving" not in [r.name for r in summary.side_effects]
    text = " ".join(pdf_text(tmp_path, summary, chart_figures=no_charts))
    assert "Withdrawal-type symptoms" in text and "craving 2 severe" in text
    # 21 Oct follows 20 Oct, marked "no kratom": one of the two symptom days.
    assert ("On 2 days with any of them; 1 of those came the day after a logged day without kratom. "
            "For comparison, 1 of the 28 logged days came the day after a logged day without kratom.") in text
    # On page 1 too, in the key points and the warning's supporting facts.
    first = pdf_text(tmp_path, summary, chart_figures=no_charts, sections=["pain"])[0]
    assert "withdrawal-type symptoms on 2 of 28 logged days (craving, muscle aches)" in first
    assert "Withdrawal-type symptoms on 2 of 28 logged days (craving, muscle aches)" in first


def test_a_no_kratom_day_counts_as_logged_and_says_so_while_an_empty_day_is_not_logged():
    summary = _with_withdrawal()
    assert summary.glance.logged_days == 28 and summary.glance.use_days == 27
    from test_report_content import texts
    with_mark = texts(summary_document(summary, chart_figures=no_charts, day_table=True))
    assert "Tue 20 Oct 2026 | no kratom | 0 |  | – | –" in with_mark
    assert "27 of 28 logged days (96%); without kratom: 1 marked “no kratom”" in with_mark


def test_for_the_doctor_box_and_sources(tmp_path):
    text = " ".join(pdf_text(tmp_path, summarise(hand_made_input()), chart_figures=no_charts))
    for words in ("Routine urine drug panels do not include kratom", "ARUP 3003311, Labcorp 791750",
                  "false-positive methadone (EDDP)", "no established morphine milligram equivalent",
                  "How its risk compares with prescription opioids is not established",
                  "A doctor can help, and treatment exists", "Weiss & Douglas 2021"):
        assert words in text, words
    assert "run from 3 to 5" not in text and "the main danger" not in text
    assert "FDA statements on kratom and 7-OH (2025)" not in text
    sources = text.split("Sources")[-1]
    assert "Olsen et al. 2019, MMWR 68(14)" in sources and "Grundmann 2017" in sources


def test_without_a_name_every_page_has_blanks_to_fill_in(tmp_path):
    pages = pdf_text(tmp_path, summarise(hand_made_input(name=None, birth_date=None)))
    assert "Patient: ____" in pages[0] and "Date of birth: ____" in pages[0]
    assert all("Patient: ____" in p and "born ____" in p for p in pages)


def test_named_patient_and_birth_date_are_in_every_footer(tmp_path):
    pages = pdf_text(tmp_path, summarise(hand_made_input()))
    assert all("Patient: Alex Example · born 17 May 1980" in p for p in pages)


def test_long_ranges_are_condensed_to_months_and_latest_twelve(tmp_path):
    start = dt.date(2025, 11, 1)
    doses = [Dose(dt.datetime.combine(start + dt.timedelta(days=i), dt.time(9)), 3.0) for i in range(362)]
    peg = [(start + dt.timedelta(days=7 * i), 5.0) for i in range(50)]
    summary = summarise(hand_made_input(start=start, first_record=start, doses=doses, checkins=(), peg=peg))
    assert len(summary.table_periods) == 12
    text = " ".join(pdf_text(tmp_path, summary, chart_figures=no_charts, day_table=True))
    assert "Month by month" in text and "Nov 2025" in text and "Day by day" not in text
    assert "38 earlier PEG scores not listed" in text


def test_sections_choose_what_is_printed(tmp_path):
    text = " ".join(pdf_text(tmp_path, summarise(hand_made_input()), chart_figures=no_charts,
                             sections=parse_sections("now,flags")))
    assert "Now" in text and "Flags" in text and "Side effects Side effect" not in text
    assert "Pain Rated days" not in text and "For the doctor" in text
    assert parse_sections("patterns,plan") == ["patterns", "plan"]  # another part of the app adds them
    with pytest.raises(ValueError, match="unknown section bogus"):
        parse_sections("now,bogus")


def test_report_command_refuses_an_unknown_section_plainly(run_cli, db):
    code, out, err = run_cli("report", "--sections", "now,bogus", "-o", "x.pdf")
    assert code != 0 and "--sections: unknown section bogus" in err and "Traceback" not in err


def test_a_ten_year_summary_without_the_day_table_fits_in_five_pages(tmp_path):
    import subprocess
    import sys

    folder, pdf = tmp_path / "data", tmp_path / "ten.pdf"
    command = [sys.executable, "-m", "kratomtrack", "--data-dir", str(folder)]
    today = real_today()
    subprocess.run([*command, "demo", "--days", "3650"], check=True, capture_output=True)
    subprocess.run([*command, "report", "--from", (today - dt.timedelta(days=3649)).isoformat(),
                    "--no-day-table", "-o", str(pdf)], check=True, capture_output=True)
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(pdf).pages]
    # Page 1 holds the key points and the warning with its supporting facts (issue 27); the
    # charts are one page-high figure on a page of their own.
    assert len(pages) <= 5
    text = " ".join(pages)
    assert "The patient's records" in text and "Your records" not in text
    assert "earlier periods not listed" in text and "earlier PEG scores not listed" in text


def test_the_large_dose_and_many_doses_thresholds_are_printed_as_conventions_with_sources(tmp_path):
    first = " ".join(pdf_text(tmp_path, summarise(hand_made_input()), chart_figures=no_charts)[:2])
    assert "g or more (a convention, after Grundmann 2017; a setting)" in first
    assert "3 or more: a convention, after Singh et al. 2019" in first
