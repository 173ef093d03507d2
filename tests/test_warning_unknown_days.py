"""The dependence warning on a real log with days that have nothing logged
(clinical.md, "Days with nothing logged"): an unknown day is neither a day of
use nor a day without, so a gap in logging never raises the warning."""

import datetime as dt
import json
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import set_no_use
from kratomtrack.store.safety_status import current_warning, safety_status, warning_days

from conftest import TODAY, real_today

# The log: 4.5 g on every day of use for six months, nothing logged
# on days 12-21 (a ten-day gap), and nothing yet today (it is morning).
GAP = range(11, 21)  # days ago


def ago(n: int, today: dt.date = TODAY) -> dt.date:
    return today - dt.timedelta(days=n)


def add(db: LogDatabase, n_ago: int, grams: float, today: dt.date = TODAY) -> None:
    db.add_dose(Dose(dt.datetime.combine(ago(n_ago, today), dt.time(9)), grams), today=today)


def fill_gap_log(db: LogDatabase, today: dt.date = TODAY) -> None:
    with db.transaction():
        for n in range(1, 183):
            if n not in GAP:
                add(db, n, 4.5, today)


@pytest.fixture
def gap_log(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill_gap_log(db)
    return data_dir


def run(data_dir, *args):
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(data_dir), *map(str, args)],
                            capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


def test_a_ten_day_gap_in_a_steady_log_raises_no_warning(gap_log):
    # The old rule read the gap as ten days at 0 g: "used 6 of the last 7 days;
    # average 3.9 g/day this week vs 2.4 g/day over the 3 weeks before".
    with LogDatabase.open_folder(gap_log) as db:
        status = safety_status(db, TODAY)
    assert status.warning.level == "none", status.warning.summary
    assert not status.warning.is_on and not status.warning_shown
    assert "vs 2.4 g" not in status.warning.summary


def test_the_gap_log_is_never_warned_about_on_any_day_of_the_last_two_months(gap_log):
    with LogDatabase.open_folder(gap_log) as db:
        days = warning_days(db, ago(60), TODAY)
    assert len(days) == 61 and [d.day for d in days if d.level == "warning"] == []


def fill_constant_log(db: LogDatabase, today_too: bool) -> None:
    """4 g in one dose on each of the last 120 days; today only if ``today_too``."""
    with db.transaction():
        for n in range(0 if today_too else 1, 120):
            add(db, n, 4.0)


@pytest.mark.parametrize("today_too", [False, True], ids=["morning, today empty", "today logged"])
def test_a_constant_log_reads_no_change_whatever_the_hour(db, today_too):
    fill_constant_log(db, today_too)
    result = current_warning(db, TODAY)
    short, long = result.condition("short_term"), result.condition("long_term")
    assert short.judged and long.judged and not short.held and not long.held
    assert short.figures["percent_higher"] == 0.0 and long.figures["percent_higher"] == 0.0
    assert result.figures.recent.mean_leaf == result.figures.short_base.mean_leaf == 4
    assert result.figures.recent.logged_days == (7 if today_too else 6)
    assert short.sentence.startswith("average 4.0 g per logged day this week vs 4.0 g over the 3 weeks before")
    # Today, when nothing is logged for it yet, is named as a day left out, not read as 0 g.
    assert short.sentence.endswith("(1 day with nothing logged left out)") != today_too
    assert result.held == ("frequent",)


def test_a_check_in_or_a_mark_makes_a_day_without_kratom_not_unknown(db):
    fill_constant_log(db, today_too=True)
    for n in range(1, 4):  # three days this week without a dose ...
        db.delete_day(ago(n))
    db.save_checkin(CheckIn(ago(1), pain=3), today=TODAY)  # ... one checked in, one marked
    set_no_use(db, ago(2), True, today=TODAY)
    recent = current_warning(db, TODAY).figures.recent
    assert (recent.days, recent.logged_days, recent.unknown_days, recent.use_days) == (7, 6, 1, 4)
    assert recent.mean_leaf == pytest.approx(16 / 6)  # 4 days of 4 g over the 6 logged days


def test_the_warning_command_says_in_words_why_a_comparison_is_not_judged(gap_log):
    status, out, err = run(gap_log, "warning", "--today", TODAY.isoformat())
    assert status == 0 and err == ""
    assert "Dependence warning: off" in out
    assert ("  - Rising over the short term: not judged: in days 8-28, 10 of these 21 days have "
            "nothing logged (11 logged days; at least 14 needed)") in out
    assert "Frequent use: yes — used 6 of the last 7 days (1 of these 7 days has nothing logged)" in out
    assert "vs 2.4 g" not in out and "average 3.9 g" not in out


def test_warning_json_gives_each_window_its_logged_and_unknown_days_and_null_means(gap_log):
    status, out, _ = run(gap_log, "warning", "--today", TODAY.isoformat(), "--json")
    assert status == 0
    data = json.loads(out)
    assert data["level"] == "none"
    windows = data["figures"]["windows"]
    base = windows["short_base"]
    assert (base["days_counted"], base["logged_days"], base["unknown_days"]) == (21, 11, 10)
    assert base["judged"] is False and base["logged_days_needed"] == 14
    assert base["reason"] == "in days 8-28, 10 of these 21 days have nothing logged (11 logged days; at least 14 needed)"
    assert base["mean_leaf_g_per_day"] is None and base["doses_per_use_day"] is None
    recent = windows["recent"]
    assert (recent["logged_days"], recent["unknown_days"], recent["judged"], recent["reason"]) == (6, 1, True, None)
    assert recent["mean_leaf_g_per_day"] == 4.5
    assert windows["long_base"]["mean_leaf_g_per_day"] == 4.5 and windows["long_base"]["unknown_days"] == 0
    short = next(c for c in data["conditions"] if c["key"] == "short_term")
    assert short["judged"] is False and short["held"] is False
    assert short["sentence"] == "not judged: " + base["reason"]
    assert short["figures"] == {"windows_not_judged": ["short_base"]}


def test_warning_json_has_a_null_mean_never_0_for_a_window_with_nothing_logged(data_dir):
    with LogDatabase.open_folder(data_dir) as db, db.transaction():
        for n in list(range(0, 7)) + list(range(29, 120)):  # nothing logged on days 8-29
            add(db, n, 4.0)
    data = json.loads(run(data_dir, "warning", "--today", TODAY.isoformat(), "--json")[1])
    base = data["figures"]["windows"]["short_base"]
    assert (base["logged_days"], base["unknown_days"], base["leaf_grams"]) == (0, 21, 0)
    assert base["mean_leaf_g_per_day"] is None and base["judged"] is False
    assert base["reason"] == "in days 8-28, 21 of these 21 days have nothing logged (0 logged days; at least 14 needed)"
    assert data["level"] == "none"


def test_the_gap_log_shows_no_warning_in_the_window(open_window, db):
    fill_gap_log(db, real_today())  # the window judges the real today
    window = open_window(db)
    banner = window.warning_banner
    status = banner.status  # what the window read at its start
    assert status is not None and status.today == real_today()
    assert not status.warning.condition("short_term").judged
    assert status.warning.level == "none"
    assert banner.isHidden() and banner.visible_kinds() == [] and window.warning_strip.height() == 0
    window.close()


def test_the_banner_lists_a_comparison_it_could_not_judge_and_why(open_window, db, qtbot):
    today = real_today()
    with db.transaction():
        for n in range(120):
            if n < 14:
                add(db, n, 6.0, today)  # the last two weeks at 6 g
            elif n >= 28:
                add(db, n, 2.0, today)  # days 29-120 at 2 g; days 15-28 nothing logged
    window = open_window(db)
    banner = window.warning_banner
    assert banner.visible_kinds() == ["warning"]
    assert banner.status.warning.held == ("frequent", "long_term")
    qtbot.mouseClick(banner.why_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(banner.why_text.isVisible)
    why = banner.why_text.text()
    assert "Not judged (too few logged days):" in why
    assert ("Rising over the short term: not judged: in days 8-28, 14 of these 21 days have nothing "
            "logged (7 logged days; at least 14 needed)") in why
    window.close()


def test_the_warning_command_lists_what_it_could_not_judge_when_the_warning_is_on(data_dir):
    with LogDatabase.open_folder(data_dir) as db, db.transaction():
        for n in range(120):
            if n < 14 or n >= 28:  # days 15-28 have nothing logged
                add(db, n, 6.0 if n < 14 else 2.0)
    status, out, _ = run(data_dir, "warning", "--today", TODAY.isoformat())
    assert status == 0 and "Dependence warning: ON" in out
    assert "average 6.0 g per logged day over the last 4 weeks vs 2.0 g over the 8 weeks before" in out
    assert ("Not judged (too few logged days):\n  - Rising over the short term: not judged: in days 8-28, "
            "14 of these 21 days have nothing logged (7 logged days; at least 14 needed)") in out
