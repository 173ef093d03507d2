"""The reduction plan compares planned with what was logged on *logged* days
(issue 31, "Unknown is not zero"; clinical.md, "Days with nothing logged").

A plan of 6 g/day kept at 8 g on every logged day used to read 6.9 g/day (and
4.6 g/day) because the days with nothing logged between were counted as 0 g.
Here the same log reads 8.0 g per logged day through ``plan show`` (a real
subprocess), its JSON (null for unknown days, never 0), and the summary's
plan section in a real PDF and in the summary JSON."""

import datetime as dt
import json
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from kratomtrack.core.daily import daily_totals
from kratomtrack.core.log_changes import LogChanges
from kratomtrack.core.plan import Plan, PlanStep, plan_day_on, plan_days, plan_weeks
from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.store import plans
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import set_no_use

from conftest import TODAY, real_today

START = dt.date(2026, 10, 5)  # the plan's first day: 6 g and 2 doses a day
MORNING = START + dt.timedelta(days=21)  # nothing logged yet on this day


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


# Week 1: 8 g (two 4 g doses) on six days, day 3 unknown.
# Week 2: nothing logged at all.  Week 3: 8 g on days 14, 16, 18 and 20, the rest unknown.
LOGGED = [0, 1, 2, 4, 5, 6, 14, 16, 18, 20]


@pytest.fixture
def plan_log(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        with db.transaction():
            for n in LOGGED:
                for hour in (8, 16):
                    db.add_dose(Dose(dt.datetime.combine(day(n), dt.time(hour)), 4.0), today=TODAY)
        plans.set_plan(db, Plan((PlanStep(START, 6000, 2),), note="agreed with Dr Lee"))
    return data_dir


def run(data_dir, *args):
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(data_dir), *map(str, args)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_plan_show_json_reads_8_g_per_logged_day_and_null_for_unknown_days(plan_log):
    data = json.loads(run(plan_log, "plan", "show", "--json", "--today", MORNING))
    weeks = data["report"]["weeks"]
    assert [(w["logged_days"], w["days"]) for w in weeks] == [(6, 7), (0, 7), (4, 7), (0, 1)]
    assert [w["logged_leaf_grams_per_logged_day"] for w in weeks] == [8.0, None, 8.0, None]
    assert [w["logged_doses_per_logged_day"] for w in weeks] == [2.0, None, 2.0, None]
    assert [w["planned_leaf_grams_per_day"] for w in weeks] == [6.0] * 4
    # Days over plan count logged days only; a week with none logged has no count, not 0.
    assert [w["days_over_plan"] for w in weeks] == [6, None, 4, None]
    days = {d["day"]: d for d in data["report"]["days"]}
    assert days[day(0).isoformat()]["logged_leaf_grams"] == 8.0 and days[day(0).isoformat()]["logged_doses"] == 2
    for unknown in (day(3), day(10), MORNING):
        assert days[unknown.isoformat()]["logged_leaf_grams"] is None
        assert days[unknown.isoformat()]["logged_doses"] is None


def test_plan_show_in_the_morning_says_nothing_is_logged_yet_today(plan_log):
    out = run(plan_log, "plan", "show", "--today", MORNING)
    assert "26 Oct 2026: planned 6 g, 2 doses · nothing logged yet today" in out
    assert "logged 0 g" not in out and "logged 0.0 g" not in out
    assert "5–11 Oct 2026 | 6 g, 2 doses | 8.0 g, 2.0 doses | 6 of 7 | 6 |" in out
    assert "12–18 Oct 2026 | 6 g, 2 doses | not logged | 0 of 7 | – |" in out
    assert "6.9 g" not in out and "4.6 g" not in out  # the old per-calendar-day readings
    # Once a dose is logged, the day reads what was logged.
    with LogDatabase.open_folder(plan_log) as db:
        db.add_dose(Dose(dt.datetime.combine(MORNING, dt.time(7)), 2.25), today=MORNING)
    assert "26 Oct 2026: planned 6 g, 2 doses · logged 2.25 g, 1 dose" in run(plan_log, "plan", "show", "--today", MORNING)


@pytest.mark.window  # the PDF is painted by Qt
def test_the_summary_pdf_prints_the_plan_per_logged_day(run_cli, plan_log, tmp_path):
    out = tmp_path / "plan.pdf"
    status, _, err = run_cli("report", "--from", START, "--to", MORNING, "-o", out, "--sections", "plan")
    assert status == 0, err
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(out).pages))
    assert "Your plan (entered by the patient)" in text and "6 g leaf a day and 2 doses a day" in text
    assert "Logged per logged day" in text and "Days logged" in text
    assert "8.0 g, 2.0 doses 6 of 7" in text
    assert "not logged 0 of 7" in text
    assert "8.0 g, 2.0 doses 4 of 7" in text
    assert "6.9 g" not in text and "4.6 g" not in text
    assert "days with nothing logged are left out" in text


def test_the_summary_json_holds_the_plan_per_logged_day_with_null_for_unknown(run_cli, plan_log, tmp_path):
    out = tmp_path / "plan.json"
    status, _, err = run_cli("report", "--from", START, "--to", MORNING, "-o", out, "--format", "json")
    assert status == 0, err
    weeks = json.loads(out.read_text())["plan"]["weeks"]
    assert [w["logged_leaf_grams_per_logged_day"] for w in weeks] == [8.0, None, 8.0, None]
    assert [w["logged_days"] for w in weeks] == [6, 0, 4, 0]


def test_a_logged_day_without_a_dose_is_0_and_an_unknown_day_is_none():
    plan = Plan((PlanStep(START, 6000, 2),))
    doses = [Dose(dt.datetime.combine(day(0), dt.time(8)), 8.0)]
    totals = daily_totals(doses)
    # Day 1: a check-in only (a day without kratom); day 2: marked "no kratom"; day 3: nothing.
    days = plan_days(plan, totals, {day(0), day(1), day(2)}, day(0), day(3))
    assert [(d.logged_leaf_mg, d.logged_doses) for d in days] == [(8000, 1), (0, 0), (0, 0), (None, None)]
    [week] = plan_weeks(days, {}, {}, {})
    assert (week.logged_days, week.logged_leaf_grams_per_logged_day) == (3, pytest.approx(8 / 3))
    assert week.days_over_plan == 1
    # The day's line on Today reads the same decision.
    assert plan_day_on([plan], day(3), [], set()).logged_doses is None
    assert plan_day_on([plan], day(1), [], {day(1)}).logged_leaf_mg == 0
    assert plan_day_on([plan], day(0), doses, set()).logged_leaf_mg == 8000  # a dose is always a record


def test_todays_plan_line_says_nothing_logged_until_something_is(open_window, db):
    today = real_today()
    plans.set_plan(db, Plan((PlanStep(today - dt.timedelta(days=3), 2250, 2),)))
    window = open_window(db)
    line = window.today_page.plan_line
    assert line.text() == "Your plan: planned 2.25 g and 2 doses · nothing logged yet today"
    db.save_checkin(CheckIn(today, 4, {}, ""))  # a check-in: logged, without a dose
    window.announce(LogChanges.on_days([today], checkins=True))
    assert line.text() == "Your plan: planned 2.25 g · logged 0 g; planned 2 doses · logged 0"
    db.save_checkin(CheckIn(today, None, {}, ""))  # emptied: nothing logged again
    set_no_use(db, today, True)
    window.announce(LogChanges.on_days([today], checkins=True, no_kratom=True))
    assert line.text().endswith("logged 0 g; planned 2 doses · logged 0")
    window.today_page.set_day(today - dt.timedelta(days=1))
    assert line.text() == "Your plan: planned 2.25 g and 2 doses · nothing logged on this day"


def test_trends_plan_chart_draws_a_bar_only_for_logged_days(plan_log):
    from kratomtrack.charts.palette import LIGHT
    from kratomtrack.charts.patterns import patterns_figure
    from kratomtrack.store.pattern_source import patterns_as_of, plan_as_of

    with LogDatabase.open_folder(plan_log) as db:
        report = plan_as_of(db, START, MORNING)
        figure = patterns_figure(patterns_as_of(db, MORNING, 22), report, LIGHT)
    bars = [a for ax in figure.axes for a in ax.get_children() if a.get_gid() == "logged"]
    assert len(bars) == len(LOGGED)  # no 0 g bar on the 12 days with nothing logged
    assert {bar.get_height() for bar in bars} == {8.0}
