"""Issue 31 on the summary for a doctor: a day with nothing logged is unknown, not a
0 g day (clinical.md, "Days with nothing logged"), and every amount prints in its
unit (a 7-OH product in mg). Read back from real PDFs and JSON made from a real log."""

import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from kratomtrack.core.coverage import DayKind
from kratomtrack.core.dates import weekday_date_text
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.summary.build import SummaryInput, summarise
from kratomtrack.core.summary.as_json import summary_as_dict
from kratomtrack.report.content import summary_document
from kratomtrack.report.printing import page_layout, write_summary_pdf
from kratomtrack.store.no_use import logged_days_between, set_no_use
from kratomtrack.store.summary_source import summary_input

from conftest import TODAY
from test_report_content import texts


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def pdf_pages(summary, tmp_path, **options) -> list[str]:
    """The summary printed to a real PDF (no charts, for speed) and read back, page by page."""
    path = tmp_path / "summary.pdf"
    write_summary_pdf(summary_document(summary, chart_figures=lambda s: [], **options), path,
                      page_layout("a4"))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


def day_table(pages: list[str]) -> str:
    return " ".join(pages).split("Day by day", 1)[1]


# --- amounts in their units --------------------------------------------------------------


@pytest.mark.window  # the PDF is painted by Qt
def test_three_15_mg_7oh_doses_print_as_15_mg_and_45_mg_never_as_0_g(db, tmp_path):
    with db.transaction():
        for back in (5, 4, 3):
            db.add_dose(Dose(at(ago(back), 9), 0.015, Form.SEVEN_OH, "Tabs"), today=TODAY)
            db.add_dose(Dose(at(ago(back), 8), 2.25, Form.POWDER), today=TODAY)
    summary = summarise(summary_input(db, ago(6), TODAY, made_on=TODAY))
    pages = pdf_pages(summary, tmp_path, day_table=True)
    text = " ".join(pages)
    assert "7-OH product: 3 doses, 45 mg in total, on 3 days" in text
    assert "7-OH product: 15 mg on " in text  # its largest single dose, apart from leaf
    assert "leaf: 2.25 g powder on " in text  # leaf to 0.01 g
    assert re.search(rf"{weekday_date_text(ago(4))} 2\.25 g 2 7-OH product 15 mg", day_table(pages))
    for wrong in ("0.0 g", "0.02 g", "0.015", "0.045"):
        assert wrong not in text, wrong


# --- three kinds of day without a dose ------------------------------------------------------


def _kinds_log(db):
    """20 Nov (TODAY) is empty; 19 Nov nothing; 18 Nov a check-in only; 17 Nov marked; 16 Nov a dose."""
    with db.transaction():
        db.add_dose(Dose(at(ago(4), 9), 4.0), today=TODAY)
        db.save_checkin(CheckIn(ago(2), 5, {"insomnia": 1}), today=TODAY)
    set_no_use(db, ago(3), True, today=TODAY)


@pytest.mark.window  # the PDF is painted by Qt
def test_the_day_table_shows_no_kratom_no_dose_logged_and_not_logged_on_the_right_days(db, tmp_path):
    _kinds_log(db)
    summary = summarise(summary_input(db, ago(4), TODAY, made_on=TODAY))
    assert [summary.kinds[ago(i)] for i in range(4, -1, -1)] == [
        DayKind.USE, DayKind.NO_KRATOM, DayKind.NO_DOSE, DayKind.UNKNOWN, DayKind.UNKNOWN]
    pages = pdf_pages(summary, tmp_path, day_table=True)
    table = day_table(pages)
    assert re.search(rf"{weekday_date_text(ago(4))} 4 g 1 ", table)
    assert re.search(rf"{weekday_date_text(ago(3))} no kratom 0 ", table)
    assert re.search(rf"{weekday_date_text(ago(2))} 0 g · no dose logged 0 5 insomnia mild", table)
    assert re.search(rf"{weekday_date_text(ago(1))} not logged {weekday_date_text(TODAY)} not logged", table)
    assert "0 g · no dose logged" not in table.split(weekday_date_text(ago(1)))[1]  # never on an unknown day
    first, text = pages[0], " ".join(pages)
    assert "Days logged, with use 3 of 5 days logged, use on 1" in first
    assert ("1 of 3 logged days (33%); without kratom: 1 marked “no kratom”, 1 with a check-in but no "
            "dose logged") in text
    assert "mean 1.3 g per logged day (4 g over 3 logged days)" in text


@pytest.mark.window  # the PDF is painted by Qt
def test_page_one_says_what_the_code_does_with_an_unlogged_day(db, tmp_path):
    _kinds_log(db)
    first = pdf_pages(summarise(summary_input(db, ago(4), TODAY, made_on=TODAY)), tmp_path,
                      sections=["pain"])[0]  # whatever sections print
    # The coverage line, once, under the title.
    assert ("Coverage: 3 of 5 days logged (a dose, a check-in or a “no kratom” mark); the 2 days with "
            "nothing logged are left out of every average and count; figures are per logged day, and "
            "a logged day without a dose counts as a day without kratom. Grams as weighed by the patient; "
            "alkaloid content varies between products, so grams are not a measure of exposure.") in first


def test_the_json_gives_each_day_its_kind_and_an_unknown_day_null_amounts(db, data_dir, tmp_path):
    _kinds_log(db)
    db.close()
    out = tmp_path / "visit.json"
    result = subprocess.run(
        [sys.executable, "-m", "kratomtrack", "--data-dir", str(data_dir), "report", "--format", "json",
         "--from", ago(4).isoformat(), "--to", TODAY.isoformat(), "-o", str(out)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    days = {row["day"]: row for row in data["days"]}
    assert [days[ago(i).isoformat()]["kind"] for i in range(4, -1, -1)] == [
        "use", "no_kratom", "no_dose", "unknown", "unknown"]
    for known in (ago(3), ago(2)):  # a day without kratom: 0, known
        assert (days[known.isoformat()]["leaf_grams"], days[known.isoformat()]["doses"]) == (0, 0)
    for unknown in (ago(1), TODAY):
        row = days[unknown.isoformat()]
        assert all(row[key] is None for key in ("leaf_grams", "extract_grams", "seven_oh_grams",
                                                "other_grams", "doses", "pain")), row
    glance = data["glance"]
    assert glance["counts"] == {"days": 5, "use": 1, "no_kratom": 1, "no_dose": 1, "logged": 3,
                                "unknown": 2, "without_kratom": 2}
    assert glance["leaf_per_logged_day"] == pytest.approx(4 / 3)


def test_every_mean_over_no_logged_day_is_null_in_the_json():
    # The log began before the range, and nothing is logged inside it.
    data = SummaryInput(start=ago(9), end=TODAY, doses=[Dose(at(ago(40), 9), 3.0)], first_record=ago(40),
                        made_on=TODAY)
    out = summary_as_dict(summarise(data))
    assert out["glance"]["counts"]["logged"] == 0 and out["glance"]["days_counted"] == 10
    assert out["glance"]["leaf_per_logged_day"] is None and out["glance"]["doses_per_logged_day"] is None
    assert out["now"]["recent"]["leaf_per_logged_day"] is None
    assert out["now"]["recent"]["doses_per_logged_day"] is None
    assert {row["kind"] for row in out["days"]} == {"unknown"}
    assert all(row["leaf_grams"] is None for row in out["days"])
    json.dumps(out)  # plain JSON values only


def test_summary_input_passes_the_stores_logged_days(db):
    _kinds_log(db)
    data = summary_input(db, ago(4), TODAY, made_on=TODAY)
    assert set(data.logged_days) == set(logged_days_between(db, ago(10), TODAY)) == {ago(4), ago(3), ago(2)}


# --- a gap is not a fall, and nor is this morning -------------------------------------------


def _steady_with_a_gap(db, *, today_logged: bool):
    """4 g a day for 70 days up to TODAY, except a ten-day gap (nothing logged) 11-20 days ago."""
    with db.transaction():
        for back in range(69, -1, -1):
            if 11 <= back <= 20 or (back == 0 and not today_logged):
                continue
            for hour in (8, 16):
                db.add_dose(Dose(at(ago(back), hour), 2.0), today=TODAY)


@pytest.mark.window  # the PDF is painted by Qt
@pytest.mark.parametrize("today_logged", [True, False], ids=["today logged", "in the morning"])
def test_a_steady_log_with_a_ten_day_gap_shows_no_change(db, tmp_path, today_logged):
    _steady_with_a_gap(db, today_logged=today_logged)
    summary = summarise(summary_input(db, ago(59), TODAY, made_on=TODAY))
    change, now = summary.glance.change, summary.now
    second_logged = 20 if today_logged else 19
    assert (change.first_logged, change.second_logged) == (30, second_logged)
    assert change.first == change.second == 4 and change.percent == 0
    assert now.recent.leaf_per_logged_day == now.before.leaf_per_logged_day == 4
    assert now.recent.doses_per_logged_day == now.before.doses_per_logged_day == 2
    pages = pdf_pages(summary, tmp_path, sections=["now"])
    first = pages[0]
    assert (f"0% in leaf g per logged day: 4.0 g in the first 30 days (30 logged) → 4.0 g in the last 30 "
            f"days ({second_logged} logged)") in " ".join(pages)
    assert "Leaf kratom per logged day 4.0 g; before: 4.0 g" in first
    assert "Doses per logged day 2.0; before: 2.0" in first
    assert (f"Days logged, with use {second_logged - 2} of 28 days logged, use on {second_logged - 2}; "
            "before: 28 of 28 days logged, use on 28") in first
    assert "mean 4.0 g per logged day" in " ".join(pages)


def test_halves_with_too_few_logged_days_are_not_compared_and_say_why():
    doses = [Dose(at(ago(back), 9), 4.0) for back in range(27, -1, -1) if back > 13 or back in (2, 1)]
    summary = summarise(SummaryInput(start=ago(27), end=TODAY, doses=doses, made_on=TODAY))
    change = summary.glance.change
    assert not change.judged and change.percent is None and (change.first_logged, change.second_logged) == (14, 2)
    text = texts(summary_document(summary, chart_figures=lambda s: []))
    assert ("not compared: the last 14 days have only 2 logged (7 logged days per half needed)"
            in text)


def test_a_gap_in_the_second_half_does_not_make_a_side_effect_less_often():
    # Insomnia rated every logged day; the second half has a gap of 6 days.
    checkins = [CheckIn(ago(back), 5, {"insomnia": 1}) for back in range(27, -1, -1) if not 2 <= back <= 7]
    summary = summarise(SummaryInput(start=ago(27), end=TODAY, checkins=checkins, made_on=TODAY))
    [row] = summary.side_effects
    assert (row.first_half_days, row.first_half_logged, row.second_half_days, row.second_half_logged) == (
        14, 14, 8, 8)
    assert row.trend == "about the same"


# --- unknown days change no mean over the logged days ---------------------------------------

day_spec = st.one_of(
    st.tuples(st.just("use"), st.lists(st.tuples(st.integers(1, 9000), st.sampled_from(list(Form))),
                                       min_size=1, max_size=4), st.one_of(st.none(), st.integers(0, 10))),
    st.tuples(st.just("no_kratom"), st.just(()), st.one_of(st.none(), st.integers(0, 10))),
    st.tuples(st.just("no_dose"), st.just(()), st.integers(0, 10)),
)


def _input(specs, gaps, trailing: int, store_logged: bool) -> SummaryInput:
    """The logged days of ``specs`` in order, with gaps[i] unknown days after the i-th."""
    start = dt.date(2026, 3, 2)
    day, doses, checkins, marks = start, [], [], []
    for (kind, amounts, pain), gap in zip(specs, gaps):
        for hour, (mg, form) in enumerate(amounts, start=7):
            doses.append(Dose(at(day, hour), mg / 1000, form, "Red" if form.is_leaf else "Tabs"))
        if pain is not None:
            checkins.append(CheckIn(day, pain, {"nausea": pain % 4}))
        elif kind == "no_dose":  # pragma: no cover - the strategy always rates pain here
            raise AssertionError
        if kind == "no_kratom":
            marks.append(day)
        day += dt.timedelta(days=1 + gap)
    end = day - dt.timedelta(days=1) + dt.timedelta(days=trailing)  # trailing: e.g. this morning
    logged = ({d.day for d in doses} | {c.day for c in checkins} | set(marks)) if store_logged else None
    return SummaryInput(start=start, end=end, doses=doses, checkins=checkins, no_use_days=marks,
                        logged_days=logged, made_on=end)


def _logged_day_means(summary) -> dict:
    g, p = summary.glance, summary.pain
    return {
        "counts": (g.counts.use, g.counts.no_kratom, g.counts.no_dose, g.counts.logged),
        "leaf": (g.leaf_total_mg, g.leaf_per_logged_day, g.leaf_days),
        "doses": (g.doses_total, g.doses_per_logged_day, g.days_with_many_doses),
        "largest": [None if d is None else d.milligrams
                    for d in (g.largest_leaf_dose, g.largest_extract_dose, g.largest_seven_oh_dose)],
        "forms": [(f.form, f.days, f.doses, f.total_mg) for f in g.forms],
        "products": g.products,
        "pain": (p.rated_days, p.mean, p.lowest, p.highest),
        "side_effects": [(r.name, r.days_reported, r.worst) for r in summary.side_effects],
        "json_means": {k: summary_as_dict(summary)["glance"][k] for k in ("leaf_per_logged_day",
                                                                         "doses_per_logged_day")},
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(day_spec, min_size=1, max_size=25), data=st.data(), store_logged=st.booleans())
def test_inserting_unknown_days_never_changes_a_mean_over_the_logged_days(specs, data, store_logged):
    gaps = data.draw(st.lists(st.integers(0, 6), min_size=len(specs), max_size=len(specs)))
    trailing = data.draw(st.integers(0, 3))
    compact = summarise(_input(specs, [0] * len(specs), 0, store_logged))
    gapped = summarise(_input(specs, gaps, trailing, store_logged))
    assert _logged_day_means(gapped) == _logged_day_means(compact)
    assert gapped.glance.counts.unknown == sum(gaps) + trailing
    assert compact.glance.counts.unknown == 0
