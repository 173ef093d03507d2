"""Issue 31 end to end: a steady log with a ten-day gap in logging, summarised and
warned about by the real program in the morning (today not logged yet) and after
today's doses. Days with nothing logged are unknown: no warning, no rise, no dip."""

import datetime as dt
import json
import subprocess

import pytest

from kratomtrack.core.records import Dose
from kratomtrack.store.database import LogDatabase

from conftest import real_today
from real_command import kratomtrack

pytestmark = pytest.mark.window  # the report command paints its PDF with Qt

TODAY = real_today()  # the commands read the real clock; the log is built around it


def _steady_log_with_a_gap(folder, *, today_logged: bool):
    """4.5 g a day in three doses for 99 days, nothing logged 6-15 days ago."""
    with LogDatabase.open_folder(folder) as db, db.transaction():
        for back in range(0 if today_logged else 1, 100):
            if 6 <= back <= 15:
                continue
            day = TODAY - dt.timedelta(days=back)
            for hour in (0, 0, 0) if back == 0 else (8, 14, 20):  # today: doses before any clock hour
                db.add_dose(Dose(dt.datetime.combine(day, dt.time(hour)), 1.5), today=TODAY)


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("today_logged", [False, True], ids=["morning, today empty", "today logged"])
def test_a_steady_log_with_a_gap_gives_no_warning_and_no_rise(tmp_path, today_logged):
    _steady_log_with_a_gap(tmp_path, today_logged=today_logged)
    assert kratomtrack(tmp_path, "report", "--format", "json", "-o", tmp_path / "s.json").returncode == 0
    summary = json.loads((tmp_path / "s.json").read_text())
    glance, now = summary["glance"], summary["now"]
    assert glance["warning_evaluated"] and glance["warning_spans"] == []
    assert glance["change"]["percent"] == 0.0  # first to second half, per logged day
    assert glance["leaf_per_logged_day"] == 4.5
    assert now["recent"]["leaf_per_logged_day"] == now["before"]["leaf_per_logged_day"] == 4.5
    gap = [row for row in summary["days"] if row["kind"] == "unknown"]
    assert len(gap) == 10 + (0 if today_logged else 1)
    assert all(row["leaf_grams"] is None and row["doses"] is None for row in gap)
    # The 7-day average never dips through the gap or at the right edge
    averages = [a for a in summary["charts"]["leaf_average"] if a is not None]
    assert averages and set(averages) == {4.5}

    assert kratomtrack(tmp_path, "report", "-o", tmp_path / "s.pdf").returncode == 0
    text = _pdf_text(tmp_path / "s.pdf")
    assert "not on during this range" in text
    assert "0% in leaf g per logged day" in text
    assert "not logged" in text

    warning = kratomtrack(tmp_path, "warning", "--json")
    assert warning.returncode == 0, warning.stderr
    assert json.loads(warning.stdout)["level"] == "none"
