"""Issue 27: page 1 of the summary, read back from real PDFs of four real logs.

For a constant log, a steady rise, a mixed log (gaps, extract, 7-OH, red flags,
co-use, a plan, a note for the doctor) and ten years of ``kratomtrack demo``,
at 90 days and over the whole log: page 1 begins with the key points and holds
all of page 1 (key points, the warning with its supporting facts, Now, Flags);
each key point's figure is worked out here from what the builder wrote, not
from the app's summary code; ``report --format json`` carries what page 1 prints.
"""

import datetime as dt
import json
import re
import subprocess
import sys
from fractions import Fraction

import pytest
from pypdf import PdfReader

from kratomtrack.core.dates import date_text, month_year_text, span_text
from kratomtrack.core.background import BY_KEY
from kratomtrack.core.summary.build import summarise
from kratomtrack.report.content import summary_document
from kratomtrack.report.document import Facts, Heading, Paragraph
from kratomtrack.report.printing import page_layout, write_summary_pdf
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.summary_source import summary_input

from conftest import TODAY
from page_one_logs import constant_log, demo_log, mixed_log, rising_log

pytestmark = pytest.mark.window  # PDFs are painted by Qt

BUILDERS = {"constant": constant_log, "rising": rising_log, "mixed": mixed_log, "demo": demo_log}
PAGE_ONE_HEADINGS = ("Key points", "Dependence warning", "Now:", "Flags")
FACT_LABELS = ("Regular use for more than 6 months", "SDS 4 or more", "Single doses of 5 g or more",
               "Withdrawal-type symptoms")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module", params=list(BUILDERS))
def written(request, tmp_path_factory):
    return BUILDERS[request.param](tmp_path_factory.mktemp(request.param) / "data")


def first_day(w) -> dt.date:
    return min(w.logged | w.use_days())


def ranges(w):
    return {"90 days": TODAY - dt.timedelta(days=89), "whole log": first_day(w)}


def printed(w, start, tmp_path):
    with LogDatabase.open_folder(w.folder, create=False, read_only=True) as db:
        summary = summarise(summary_input(db, start, TODAY, made_on=TODAY))
    document = summary_document(summary, chart_figures=lambda s: [])
    path = tmp_path / "summary.pdf"
    write_summary_pdf(document, path, page_layout("a4"))
    return summary, document, [flat(p.extract_text()) for p in PdfReader(path).pages]


def page_one_texts(document) -> list[str]:
    """The text of every block of page 1: up to the end of the flag box."""
    texts, seen_flags = [], False
    for block in document.blocks:
        if isinstance(block, Heading):
            if seen_flags and block.level == 2:
                break
            seen_flags = seen_flags or block.text == "Flags"
            texts.append(block.text)
        elif isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, Facts):
            texts += [value for _, value in block.rows]
    return [flat(t) for t in texts]


# --- figures worked out by hand from what was written --------------------------------------


def leaf_mg(doses) -> int:
    return sum(round(d.grams * 1000) for d in doses if d.form.is_leaf)


def days_from(end: dt.date, count: int) -> list[dt.date]:
    return [end - dt.timedelta(days=i) for i in range(count)][::-1]


def one_decimal(value: Fraction) -> str:
    return f"{float(value):.1f}"


def use_now(w, start):
    days = [d for d in days_from(TODAY, 28) if d >= max(start, first_day(w))]
    logged = [d for d in days if d in w.logged]
    doses = [d for d in w.doses if d.day in days]
    use = {d.day for d in doses}
    leaf = one_decimal(Fraction(leaf_mg(doses), 1000 * len(logged)))
    per_use = one_decimal(Fraction(len(doses), len(use)))
    return f"{leaf} g leaf per logged day, {per_use} doses per day of use, {span_text(days[0], days[-1])}"


def how_long(w):
    days = days_from(TODAY, 183)
    use, logged = w.use_days(), w.logged
    u, lg = sum(d in use for d in days), sum(d in logged for d in days)
    text = (f"used on {u} of the last 183 days to {date_text(TODAY)} (all logged)" if lg == 183 else
            f"used on {u} of the {lg} logged days of the last 183 to {date_text(TODAY)}")
    # Near-daily: doses on 5 of every 7 logged days in each month with 14 or more logged days.
    since, month, first = None, TODAY.replace(day=1), first_day(w)
    while month >= first.replace(day=1):
        end = min(TODAY, (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1))
        in_month = [month + dt.timedelta(days=i) for i in range((end - month).days + 1)]
        lg_m = sum(d in logged for d in in_month)
        u_m = sum(d in use for d in in_month)
        if lg_m >= 14:
            if 7 * u_m < 5 * lg_m:
                break
            since = month
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return text, since


def year_trend(w, start):
    length = min((TODAY - start).days + 1, 365)
    now_days = days_from(TODAY, length)
    before_days = [d - dt.timedelta(days=365) for d in now_days]

    def mean(days):
        logged = [d for d in days if d in w.logged]
        if len(logged) < 7 or 2 * len(logged) < len(days):
            return None
        return Fraction(one_decimal(Fraction(leaf_mg(d for d in w.doses if d.day in set(days)),
                                             1000 * len(logged))))

    return now_days, before_days, mean(now_days), mean(before_days)


def test_page_one_begins_with_the_key_points_and_fits_on_page_one(written, tmp_path):
    for name, start in ranges(written).items():
        summary, document, pages = printed(written, start, tmp_path)
        first = pages[0]
        assert 1 <= len(summary.key_points) <= 6
        positions = [first.index(heading) for heading in PAGE_ONE_HEADINGS]
        assert positions == sorted(positions), (name, positions)
        assert first.index("Coverage:") < positions[0]  # the coverage line once, above them
        assert sum(page.count("Coverage:") for page in pages) == 1
        for text in page_one_texts(document):
            assert text in first, (name, text)


def test_each_key_point_agrees_with_figures_worked_out_by_hand(written, tmp_path):
    for name, start in ranges(written).items():
        summary, _, pages = printed(written, start, tmp_path)
        first = pages[0]
        assert use_now(written, start) in first, name
        text, since = how_long(written)
        assert text in first, name
        if since is not None:
            assert f"near-daily since {month_year_text(since)}" in first
        now_days, before_days, now_mean, before_mean = year_trend(written, start)
        if now_mean is not None and before_mean is None:
            assert "not enough logged a year before" in first
        if now_mean is not None and before_mean is not None:
            change = round((now_mean - before_mean) / before_mean * 100)
            sign = "+" if change > 0 else "−" if change < 0 else ""
            assert (f"{one_decimal(now_mean)} g leaf per logged day over {span_text(now_days[0], now_days[-1])} "
                    f"against {one_decimal(before_mean)} g a year before "
                    f"({span_text(before_days[0], before_days[-1])}): {sign}{abs(change)}%") in first
        # Co-use comes from the dated background ("I also take" ticks are its substances).
        if written.also_take:
            point = first[first.index("Other substances takes "):]
            assert all(BY_KEY[key].label in point[:300] for key in written.also_take)
            assert f"(from the patient, answered {date_text(TODAY)})" in point[:300]
        else:
            assert "Other substances not answered; naloxone at home: not answered" in first
        flags = [(d, f) for d, f in written.red_flags if d >= start]
        assert all(f"{flag} {date_text(day)}" in first for day, flag in flags)
        if not flags:
            assert "Red flags none logged in this range" in first
        sds = sorted((d, t) for d, t in written.sds.items() if d >= start)
        if sds:
            assert f"SDS {sds[-1][1]} of 15 on {date_text(sds[-1][0])}" in first
        symptom_days = [d for d in written.withdrawal_days if d >= start]
        if symptom_days:
            logged = sum(1 for d in written.logged if max(start, first_day(written)) <= d <= TODAY)
            assert f"withdrawal-type symptoms on {len(symptom_days)} of {logged} logged days" in first


def test_the_warning_says_what_it_does_not_look_for_and_prints_the_supporting_facts(written, tmp_path):
    for name, start in ranges(written).items():
        summary, _, pages = printed(written, start, tmp_path)
        first = pages[0]
        assert all(label in first for label in FACT_LABELS), name
        if summary.warning.on_at_end:
            assert f"On since {date_text(summary.warning.on_since)}" in first
        else:
            assert "Not on at the end of this range" in first
            assert "steady daily use at a steady amount, however large, does not set it off" in first
        periods = summary.warning.periods
        assert [p.start for p in periods] == sorted((p.start for p in periods), reverse=True)  # newest first
        assert all((newer.start - older.end).days - 1 >= 7 for newer, older in zip(periods, periods[1:]))


def test_the_ten_year_demo_says_how_long_and_how_regularly_and_is_marked_invented(tmp_path):
    w = demo_log(tmp_path / "data")
    summary, _, pages = printed(w, first_day(w), tmp_path)
    first = pages[0]
    text, since = how_long(w)
    assert text in first and f"near-daily since {month_year_text(since)}" in first
    assert since <= dt.date(2017, 1, 1)  # near-daily from the log's first full month
    assert "Not on at the end of this range" in first
    assert "Regular use for more than 6 months yes: used on" in first
    assert all("Invented demo data — not a patient" in page for page in pages)


def test_report_json_carries_what_page_one_prints(tmp_path):
    w = mixed_log(tmp_path / "data")
    out = tmp_path / "summary.json"
    subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(w.folder), "report", "--format",
                    "json", "--from", (TODAY - dt.timedelta(days=89)).isoformat(), "--to", TODAY.isoformat(),
                    "-o", str(out)], check=True, capture_output=True)
    data = json.loads(out.read_text())
    assert data["version"] == 3
    _, _, pages = printed(w, TODAY - dt.timedelta(days=89), tmp_path)
    first = pages[0]
    # The command runs on the real date, so "made on" may differ: compare all but that date.
    for point in data["key_points"]:
        assert flat(re.sub(r"setting on \d+ \w+ \d+", "setting on", point["text"])) in re.sub(
            r"setting on \d+ \w+ \d+", "setting on", first), point["key"]
    assert flat(data["coverage"]["text"]) in first
    assert flat(data["warning"]["statement"]) in first
    assert [f["label"] for f in data["warning"]["facts"]] == list(FACT_LABELS)
    assert all(flat(f["text"]) in first for f in data["warning"]["facts"])
    assert data["withdrawal"]["days_any"] == len(w.withdrawal_days)
    assert data["demo"] is False


def test_a_steady_rise_prints_its_five_days_off_as_one_period_with_breaks(tmp_path):
    w = rising_log(tmp_path / "data")
    summary, _, pages = printed(w, first_day(w), tmp_path)
    (period,) = summary.warning.periods  # one, not two with a five-day "off" between
    assert period.with_breaks and period.days - period.days_on == 5
    assert (f"{span_text(period.start, period.end)} (with breaks: on {period.days_on} of {period.days} days)"
            in pages[0])
    assert f"{span_text(period.start, period.end)} (with breaks)" in " ".join(pages)  # the periods table
