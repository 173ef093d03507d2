"""Where the summary's charts land on paper (real PDFs read back with pypdf), and
Trends marking a red flag ticked after it was drawn (the real page)."""

import datetime as dt

import pytest
from pypdf import PdfReader

from kratomtrack.core.summary.build import summarise
from kratomtrack.report.content import summary_document
from kratomtrack.report.printing import page_layout, write_summary_pdf
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.summary_source import gather_summary_input

import chart_logs
from conftest import TODAY, real_today

pytestmark = pytest.mark.window  # PDFs painted by Qt, and the Trends page

DAY = dt.timedelta(days=1)
INTAKE = "Leaf kratom per logged day (powder, capsules, tea)"
PAIN = "Pain (0 no pain, 10 worst pain imaginable)"


def _pages(tmp_path, log, days, last=TODAY):
    """The summary's pages of the ``days`` ending on ``last``, of a log that ends on TODAY."""
    with LogDatabase.open_folder(tmp_path / log) as db:
        chart_logs.LOGS[log](db, TODAY)
        summary = summarise(gather_summary_input(db, last - (days - 1) * DAY, last, made_on=TODAY))
    path = tmp_path / f"{log}-{days}.pdf"
    write_summary_pdf(summary_document(summary), path, page_layout("a4"))
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


@pytest.mark.parametrize("log, days", [("mixed", 90), ("constant", 90), ("rising", 200), ("mixed", 1)])
def test_intake_and_pain_are_on_one_page(tmp_path, log, days):
    pages = _pages(tmp_path, log, days, TODAY - DAY)  # the day before TODAY: logged in every log
    assert INTAKE in " ".join(pages)
    (page,) = [p for p in pages if INTAKE in p]
    assert PAIN in page


@pytest.mark.parametrize("log, days", [("constant", 1), ("mixed", 1), ("mixed", 90), ("rising", 200)])
def test_the_sources_never_end_alone_on_a_page(tmp_path, log, days):
    pages = _pages(tmp_path, log, days, TODAY - DAY)
    tail = max(i for i, p in enumerate(pages) if "Weiss & Douglas 2021" in p)
    # The page the sources end on begins them, or the charts follow on it.
    assert "Sources" in pages[tail] or INTAKE in pages[tail], pages[tail][:300]


def test_trends_marks_a_red_flag_ticked_after_it_was_drawn_and_says_it(tmp_path, qtbot):
    from kratomtrack.core.date_ranges import RangePreset
    from kratomtrack.core.log_changes import LogChanges
    from kratomtrack.charts.axis import x_day
    from kratomtrack.store import checkups
    from kratomtrack.ui.pages.trends.page import TrendsPage

    today = real_today()
    db = LogDatabase.open_folder(tmp_path / "data")
    chart_logs.constant(db, today, days=30)
    page = TrendsPage(db, today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    page.set_preset(RangePreset.LAST_4_WEEKS)
    qtbot.waitUntil(lambda: page.chart is not None and page.chart.figs is not None, timeout=10000)
    assert page.chart.artist("red-flags") is None
    day = today - 3 * DAY
    checkups.set_red_flag(db, day, "seizure", today=today)
    page.on_log_changed(LogChanges.on_days([day], checkups=True))
    qtbot.waitUntil(lambda: page.chart.artist("red-flags") is not None, timeout=10000)
    assert [x_day(x) for x in page.chart.artist("red-flags").get_xdata()] == [day]
    assert page.chart.figs.day(day).red_flags == ("seizure",)
    assert "red flag ticked: seizure" in page.describe_day(day)  # and in words, on hover
    db.close()
