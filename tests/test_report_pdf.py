"""The summary PDF, read back as text: figures, pages, page sizes, vectors."""

import re

import pytest
from pypdf import PdfReader

from kratomtrack.core.summary.build import summarise
from kratomtrack.report.content import summary_document
from kratomtrack.report.printing import page_layout, paper_for_locale, write_summary_pdf

from summary_log import hand_made_input

pytestmark = pytest.mark.window  # PDFs are painted by Qt

FORBIDDEN = ("tolerance enhances", "lower risk of addiction", "without the side effects",
             "start at", "recommended dose")


def pdf_pages(path):
    """Each page's text with runs of white space made single spaces."""
    reader = PdfReader(path)
    return reader, [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def a4(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "summary.pdf"
    document = summary_document(summarise(hand_made_input()))
    count = write_summary_pdf(document, path, page_layout("a4"))
    reader, pages = pdf_pages(path)
    assert len(reader.pages) == count
    return reader, pages


def test_every_page_is_a4_and_numbered_with_name_and_range(a4):
    reader, pages = a4
    assert len(pages) == 6  # three of text, two of charts, the day table
    for number, (page, text) in enumerate(zip(reader.pages, pages), start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        assert f"page {number} of 6" in text
        assert "Alex Example" in text and "1–28 Oct 2026" in text


def test_letter_pages_from_the_page_layout(tmp_path):
    path = tmp_path / "letter.pdf"
    document = summary_document(summarise(hand_made_input()), day_table=False)
    write_summary_pdf(document, path, page_layout("letter"))
    reader, pages = pdf_pages(path)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(612, 792)}
    # Text, then the charts from where the text ends (issue 27: no page break before
    # them, so the sources never stand alone): five Letter pages.
    assert len(pages) == 5 and "Day by day" not in " ".join(pages)
    assert "page 5 of 5" in pages[-1]


def test_page_one_header_and_the_range_in_figures(a4):
    first = a4[1][0]
    for words in ("summary for the doctor", "Patient: Alex Example Date of birth: 17 May 1980",
                  "Range: 1–28 Oct 2026 (28 days)", "made on 2 Nov 2026",
                  "Self-reported by the patient with kratomtrack", "gives no dosing advice",
                  "Key points", "yellow skin or eyes 12 Oct 2026", "SDS 6 of 15 on 24 Oct 2026, up from 3 on 3 Oct 2026 (4 or more: worth discussing",
                  "sertraline 50 mg, ibuprofen",
                  "left out of every average and count; figures are per logged day, and a logged day "
                  "without a dose counts as a day without kratom"):
        assert words in first, words
    # The range's figures follow page 1 (the key points, the warning, Now and the flags come first).
    text = " ".join(a4[1][:2])
    for words in (
        "The range in figures",
        # 20 Oct has nothing logged: left out of every mean and count
        "Days logged 27 of 28 days logged", "check-ins on 26 days", "27 of 27 logged days (100%)",
        "mean 5.1 g per logged day (137.5 g over 27 logged days)",
        "mean 2.6 per logged day (69 over 27 logged days); 3 or more doses on 14 days",
        "5.5 g capsules on 22 Oct 2026", "1 leaf dose of 5 g or more",
        "+58% in leaf g per logged day: 4.0 g in the first 14 days (14 logged) → 6.3 g in the last 14 days "
        "(13 logged)",
        "powder 27 days", "Green (27 days)",
        "extract: 1 dose, 0.5 g in total, on 1 day; 7-OH product: 1 dose, 200 mg in total, on 1 day",
        "Not added to leaf grams",
        "mean 5.0 (lowest 3, highest 6) on 26 rated days",
        "most often insomnia (7 days), dizziness (6 days)",
    ):
        assert words in text, words
    # The warning's periods on page 1: one "with breaks" (a day off between), newest first.
    assert ("On in this range for 5 of 28 days, newest first: 22–27 Oct 2026 (with breaks: on 5 of 6 "
            "days).") in first


def test_pain_section(a4):
    text = " ".join(a4[1][:2])
    assert "1–14 Oct 2026: mean 6.0 on 13 rated days" in text
    assert "15–28 Oct 2026: mean 3.9 on 13 rated days" in text
    assert "−2.1 points (−35%)" in text
    assert "about 2 points or 30%" in text and "Farrar et al. 2001" in text
    assert "28 Oct 2026: 4.0 · 7 Oct 2026: 6.3" in text  # newest first


def test_side_effects_table(a4):
    text = " ".join(a4[1][:2])
    # Of 14 and 13 logged days (20 Oct, nothing logged, is in neither)
    assert re.search(r"insomnia 7 7 severe 0 of 14 → 7 of 13 \(more often\)", text)
    assert re.search(r"dizziness 6 0 mild 6 of 14 → 0 of 13 \(less often\)", text)
    assert re.search(r"nausea 2 0 mild 1 of 14 → 1 of 13 \(about the same\)", text)
    assert "anxiety" not in text.split("Side effects")[-1].split("Dependence")[0]


def test_dependence_and_safety_section(a4):
    text = " ".join(a4[1][:3])
    assert "24 Oct 2026: 6 of 15 (worth discussing) · 3 Oct 2026: 3 of 15" in text  # newest first
    assert "No cut-off is validated for kratom" in text
    assert "Possible liver injury yellow skin or eyes (12 Oct 2026)" in text  # in page 1's flag box
    assert "Combining kratom with opioids, benzodiazepines, alcohol or other sedatives" in text
    assert "How its risk compares with prescription opioids is not established" in text


def test_for_the_visit_section(a4):
    text = " ".join(a4[1][:3])  # after page 1, the sections and the patterns
    assert "15 Oct 2026 Sleep worse since I take it three times a day" in text
    assert "Could the insomnia come from kratom?" in text
    assert "outside the range" not in text


def test_charts_are_vectors_with_real_text(a4):
    reader, pages = a4
    charts = " ".join(pages[3:5])
    assert "Charts" in charts
    for title in ("Leaf kratom per logged day", "g per logged day", "Pain (0 no pain, 10 worst pain imaginable)",
                  "Side effects as rated", "insomnia"):
        assert title in charts, title
    assert all(len(page.images) == 0 for page in reader.pages)


def test_day_by_day_table(a4):
    table = a4[1][5]
    assert "Day by day" in table
    # Pain rated, no side effect rated that day: not recorded, not "none".
    assert re.search(r"Sat 10 Oct 2026 4 g 3 extract 0\.5 g 6 –", table)
    assert re.search(r"Fri 2 Oct 2026 4 g 2 6 dizziness mild", table)
    assert re.search(r"Tue 20 Oct 2026 not logged", table)  # nothing logged: blank, never 0
    assert re.search(r"Tue 27 Oct 2026 6 g 3 4 insomnia severe", table)


def test_no_dosing_advice_or_false_claims(a4):
    text = " ".join(a4[1]).casefold()
    for claim in FORBIDDEN:
        assert claim not in text


def test_paper_follows_the_locale():
    assert paper_for_locale("en_US.UTF-8") == "letter"
    assert paper_for_locale("fr_CA") == "letter"
    assert paper_for_locale("en_GB.UTF-8") == "a4"
    assert paper_for_locale("de_DE@euro") == "a4"
    assert paper_for_locale("C") == "a4"


def test_charts_come_from_the_chart_figures_hook(tmp_path):
    from matplotlib.figure import Figure

    def one_chart(summary):
        figure = Figure(figsize=(7, 2))
        figure.add_subplot().set_title(f"Hooked chart of {len(summary.days)} days")
        return [figure]

    path = tmp_path / "hooked.pdf"
    document = summary_document(summarise(hand_made_input()), day_table=False, chart_figures=one_chart)
    write_summary_pdf(document, path, page_layout("a4"))
    text = " ".join(pdf_pages(path)[1])
    assert "Hooked chart of 28 days" in text and "Pain 0-10" not in text


def test_summary_charts_are_the_trends_page_charts_in_print_palette():
    """One set of chart code: the PDF shows the pictures the person saw in Trends."""
    from kratomtrack.report.charts import summary_chart_figures

    figures = summary_chart_figures(summarise(hand_made_input()))
    words = " ".join(t.get_text() for f in figures for t in f.findobj(lambda a: hasattr(a, "get_text")))
    assert "Leaf kratom per logged day" in words and "Side effects as rated" in words
    assert "Pain (0 no pain, 10 worst pain imaginable)" in words
    assert all(f.get_size_inches()[0] == 7.0 for f in figures)
