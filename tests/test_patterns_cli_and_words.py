"""``kratomtrack patterns`` and ``kratomtrack plan`` as real subprocesses, the
summary's "patterns" and "plan" sections, and a scan of every new string for
words that would propose an amount."""

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kratomtrack
from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.core.summary.build import SummaryInput, summarise
from kratomtrack.core.summary.as_json import summary_as_dict
from kratomtrack.report.content import summary_document
from kratomtrack.report.document import Heading, Paragraph, Table
from kratomtrack.store.database import LogDatabase

from test_forbidden_claims import literal_strings

PACKAGE = Path(kratomtrack.__file__).parent
NEW_MODULES = ["core/patterns.py", "core/plan.py", "store/plans.py", "store/pattern_source.py",
               "report/patterns.py", "cli/patterns.py", "core/warning/timing.py",
               "ui/dialogs/plan.py", "ui/pages/today/plan_line.py", "ui/pages/today/pain_after.py",
               "ui/commands/plan_commands.py", "ui/app/reminder.py", "ui/pages/today/dose_entry.py",
               "core/warning/settings.py", "core/reminder.py"]
# Words that would turn a record into advice (clinical.md, "A reduction plan").
ADVICE = re.compile(r"recommend|should take|you should|target dose|target amount|suggested (dose|amount)"
                    r"|ideal (dose|amount)|safe (dose|amount)|try (taking|to take)|take (more|less)"
                    r"|(increase|reduce|lower|raise) your (dose|amount|intake)|we advise|advised dose",
                    re.IGNORECASE)


def run(data_dir, *args):
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(data_dir), *map(str, args)],
                            capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


def test_no_new_string_proposes_an_amount():
    found = []
    for name in NEW_MODULES:
        for text in literal_strings((PACKAGE / name).read_text()):
            if ADVICE.search(text):
                found.append(f"{name}: {text[:80]!r}")
    assert found == []


def test_the_scan_finds_advice_when_it_is_there():
    for planted in ("We recommend 4 g", "You should take less", "Your target dose is 3 g", "Take more at night"):
        assert ADVICE.search(planted)


@pytest.fixture
def log_dir(tmp_path):
    folder = tmp_path / "data"
    with LogDatabase.open_folder(folder) as db:
        for i in range(40):
            day = dt.date(2026, 10, 1) + dt.timedelta(days=i)
            db.add_dose(Dose(dt.datetime.combine(day, dt.time(9)), 3.0, pain_before=7, pain_after=4),
                        today=dt.date(2026, 11, 20))
            db.add_dose(Dose(dt.datetime.combine(day, dt.time(15)), 2.0), today=dt.date(2026, 11, 20))
    return folder


def test_patterns_json_prints_the_days_timing_and_relief(log_dir):
    status, out, err = run(log_dir, "patterns", "--today", "2026-11-09", "--json")
    assert status == 0, err
    data = json.loads(out)
    p = data["patterns"]
    assert data["format"] == "kratomtrack-patterns" and p["label"] == "pattern, not a diagnosis"
    assert len(p["days"]) == 28 and p["days"][0] == {
        "day": "2026-10-13", "first_dose": "09:00", "last_dose": "15:00", "doses": 2,
        "median_gap": 360.0, "night_doses": 0, "gaps": [360.0]}
    assert p["relief_last_month"]["median"] == 3 and p["relief_last_month"]["pairs"] == 28


def test_patterns_refuses_a_bad_date_without_a_traceback(log_dir):
    status, out, err = run(log_dir, "patterns", "--today", "2026-02-30")
    assert status == 2 and "Traceback" not in err and "--today" in err


def test_plan_set_shows_steps_then_saves_with_yes_and_ends(log_dir):
    numbers = ["--start", "2026-11-01", "--from-grams", "6", "--to-grams", "5", "--step-grams", "0.5",
               "--days-per-step", "7"]
    status, out, _ = run(log_dir, "plan", "set", *numbers)
    assert status == 0 and "Not saved" in out and "from 8 Nov 2026: 5.5 g leaf a day" in out
    status, out, _ = run(log_dir, "plan", "show", "--json")
    assert json.loads(out)["plans"] == []
    status, out, _ = run(log_dir, "plan", "set", *numbers, "--yes", "--json")
    assert status == 0 and json.loads(out)["plan"]["steps"][2] == {
        "start": "2026-11-15", "leaf_grams": 5.0, "doses": None}
    status, out, _ = run(log_dir, "plan", "show", "--today", "2026-11-09")
    assert "9 Nov 2026: planned 5.5 g · logged 5 g, 2 doses" in out
    status, out, err = run(log_dir, "plan", "end", "--on", "2026-10-01")
    assert status == 2 and "before the plan's start" in err
    status, out, _ = run(log_dir, "plan", "end", "--on", "2026-11-20", "--json")
    assert status == 0 and json.loads(out)["ended"] == "2026-11-20"
    status, out, _ = run(log_dir, "plan", "show", "--json")
    assert json.loads(out)["active"] is None and len(json.loads(out)["plans"]) == 1


def test_plan_set_refuses_half_given_numbers(log_dir):
    status, _, err = run(log_dir, "plan", "set", "--from-grams", "6", "--yes")
    assert status == 2 and "--step-grams" in err and "Traceback" not in err


def test_summary_prints_timing_relief_and_the_plan_and_json_carries_them():
    doses, checkins = [], []
    for i in range(60):
        day = dt.date(2026, 5, 1) + dt.timedelta(days=i)
        doses += [Dose(dt.datetime.combine(day, dt.time(8)), 3.0, pain_before=6, pain_after=4),
                  Dose(dt.datetime.combine(day, dt.time(2)), 1.0)]
        checkins.append(CheckIn(day, 5 if i < 30 else 6, {"restlessness": 1 if i >= 30 else 0}))
    plan = Plan((PlanStep(dt.date(2026, 5, 31), 4000, 2),))
    summary = summarise(SummaryInput(dt.date(2026, 5, 1), dt.date(2026, 6, 29), doses, checkins,
                                     made_on=dt.date(2026, 6, 30), plan=plan))
    doc = summary_document(summary, day_table=False, chart_figures=lambda s: [])
    texts = [b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph))]
    assert "Dose timing (pattern, not a diagnosis)" in texts
    assert "Your plan (entered by the patient)" in texts
    # Withdrawal-type symptoms on 30 of 30 days since the plan against 0 of 30 before: in the third
    # person, for the doctor; pain 5 -> 6 (+1 point, +20%) is not a change that matters.
    assert ("The patient's log shows withdrawal-type symptoms on more days since the plan started: 30 of "
            "30 days with ratings (100%), against 0 of 28 (0%) in the 28 days before. Stopping or cutting "
            "down after regular use can bring withdrawal.") in texts
    assert not any("more pain" in t or "your doctor" in t.casefold() for t in texts)
    tables = [b for b in doc.blocks if isinstance(b, Table) and b.headers[0] == "Week"]
    assert tables and tables[0].rows[0][1:4] == ["4 g, 2 doses", "4.0 g, 2.0 doses", "7 of 7"]
    data = summary_as_dict(summary)
    assert data["patterns"]["night_doses"] == 60 and data["patterns"]["relief_first_month"]["median"] == 2
    week = data["plan"]["weeks"][0]
    assert (week["logged_leaf_grams_per_logged_day"], week["logged_days"]) == (4.0, 7)
