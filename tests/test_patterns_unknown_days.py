"""Patterns never read a day with nothing logged as a day without a dose or as 0
(clinical.md, "Days with nothing logged"): timing comes from days of use
only, a week with nothing logged has no figures (never 0), and a range with
nothing logged has no count of night doses."""

import datetime as dt
import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from kratomtrack.core.patterns import patterns
from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.store.database import LogDatabase

MONDAY = dt.date(2026, 6, 1)
SUNDAY = dt.date(2026, 6, 28)  # the day asked about, a Sunday: the 28 days are four whole weeks


def day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def doses_on(d: dt.date, hours=(8, 12, 2)) -> list[Dose]:
    """Doses at 08:00, 12:00 and (a night dose) 02:00."""
    return [Dose(dt.datetime.combine(d, dt.time(h)), 2.0) for h in hours]


def test_a_week_with_nothing_logged_has_no_figures_and_moves_no_other_week():
    # Weeks 1, 2 and 4 of use; week 3 (days 14-20) has nothing logged.
    used = [day(n) for n in range(28) if not 14 <= n < 21]
    log = [dose for d in used for dose in doses_on(d)]
    gap = patterns(log, MONDAY, SUNDAY, logged_days=set(used))
    full = patterns([dose for n in range(28) for dose in doses_on(day(n))], MONDAY, SUNDAY,
                    logged_days={day(n) for n in range(28)})
    assert [w.start for w in gap.weeks] == [day(0), day(7), day(21)]  # no week of zeros
    assert [(w.use_days, w.logged_days, w.night_doses) for w in gap.weeks] == [(7, 7, 7)] * 3
    assert [w for w in gap.weeks] == [w for w in full.weeks if w.start != day(14)]
    assert (gap.first_dose_minutes, gap.median_gap) == (full.first_dose_minutes, full.median_gap) == (120, 300)
    assert (gap.logged_days, gap.unknown_days, gap.night_doses) == (21, 7, 21)


def test_night_doses_are_unknown_when_nothing_is_logged_and_0_when_logged_without_a_dose():
    nothing = patterns([], MONDAY, SUNDAY, logged_days=set())
    assert nothing.night_doses is None and nothing.weeks == [] and nothing.first_dose_minutes is None
    assert (nothing.logged_days, nothing.unknown_days) == (0, 28)
    checked_in = patterns([], MONDAY, SUNDAY, logged_days={day(3)})
    assert checked_in.night_doses == 0 and (checked_in.logged_days, checked_in.unknown_days) == (1, 27)


def test_a_week_counts_its_logged_days_apart_from_its_days_of_use():
    log = doses_on(day(0)) + doses_on(day(2))
    week = patterns(log, MONDAY, SUNDAY, logged_days={day(0), day(1), day(2), day(5)}).weeks[0]
    assert (week.use_days, week.logged_days) == (2, 4)  # 2 with doses, 2 without kratom, 3 unknown


@settings(max_examples=100, deadline=None)
@given(removed=st.sets(st.integers(0, 27)))
def test_removing_days_of_a_regular_log_never_changes_a_timing_figure(removed):
    used = [day(n) for n in range(28) if n not in removed]
    p = patterns([dose for d in used for dose in doses_on(d)], MONDAY, SUNDAY, logged_days=set(used))
    assert [t.day for t in p.days] == used
    assert all(w.use_days > 0 and w.first_dose_minutes == 120 and w.median_gap == 300 for w in p.weeks)
    assert p.night_doses == (len(used) or None)
    assert p.unknown_days == len(removed)


def run(data_dir, *args):
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(data_dir), *map(str, args)],
                            capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


def test_patterns_json_and_words_name_the_days_with_nothing_logged(tmp_path):
    folder = tmp_path / "data"
    with LogDatabase.open_folder(folder) as db, db.transaction():
        for n in range(28):
            if n < 7 or n >= 21:
                for dose in doses_on(day(n), (8, 12)):
                    db.add_dose(dose, today=SUNDAY)
            elif n == 10:
                db.save_checkin(CheckIn(day(n), pain=4), today=SUNDAY)  # a day without kratom
    status, out, err = run(folder, "patterns", "--today", SUNDAY.isoformat(), "--json")
    assert status == 0, err
    p = json.loads(out)["patterns"]
    assert [w["start"] for w in p["weeks"]] == ["2026-06-01", "2026-06-22"]
    assert [(w["use_days"], w["logged_days"]) for w in p["weeks"]] == [(7, 7), (7, 7)]
    assert (p["logged_days"], p["unknown_days"], p["night_doses"]) == (15, 13, 0)
    status, out, _ = run(folder, "patterns", "--today", SUNDAY.isoformat())
    assert status == 0 and "Days with doses: 14" in out
    assert "13 of these 28 days have nothing logged; they are left out of every figure." in out
    # Four weeks later nothing is logged at all: no pattern, and a null count, not 0.
    later = (SUNDAY + dt.timedelta(days=28)).isoformat()
    p = json.loads(run(folder, "patterns", "--today", later, "--json")[1])["patterns"]
    assert (p["night_doses"], p["logged_days"], p["weeks"], p["first_dose_minutes"]) == (None, 0, [], None)
    status, out, _ = run(folder, "patterns", "--today", later)
    assert status == 0 and out.startswith("Nothing is logged for 29 Jun – 26 Jul 2026")
    assert "None" not in out
