"""``kratomtrack warning``: words by default, JSON with --json, the same result as the window."""

import datetime as dt
import json

from kratomtrack.core.records import Dose, Form
from kratomtrack.store import checkups, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.safety_status import safety_status

from conftest import TODAY


def fill_rising(data_dir):
    with LogDatabase.open_folder(data_dir) as db, db.transaction():
        for n in range(120):
            day = TODAY - dt.timedelta(days=n)
            for hour in (8, 14):
                db.add_dose(Dose(dt.datetime.combine(day, dt.time(hour)), 3.3 if n < 14 else 2.0),
                            today=TODAY)


def test_warning_in_words_names_conditions_with_figures(run_cli, data_dir):
    fill_rising(data_dir)
    status, out, err = run_cli("warning", "--today", TODAY.isoformat())
    assert status == 0 and err == ""
    assert "Dependence warning: ON" in out
    assert "used 7 of the last 7 days" in out
    assert "average 6.6 g per logged day this week vs 4.9 g over the 3 weeks before" in out
    assert "conventions, not validated medical cut-offs" in out
    assert "Talk to your doctor" in out


def test_warning_json_has_level_conditions_figures_and_matches_the_window(run_cli, data_dir):
    fill_rising(data_dir)
    with LogDatabase.open_folder(data_dir) as db:
        checkups.set_red_flag(db, TODAY, "seizure", today=TODAY)
        preferences.set_help_country(db, "AU")
        expected = safety_status(db, TODAY).as_dict()
    status, out, _ = run_cli("warning", "--today", TODAY.isoformat(), "--json")
    data = json.loads(out)
    assert status == 0
    # and the time since the last dose (14:00) as of the end of an earlier --today
    assert data == expected | {"since_last_dose_minutes": 600}
    assert data["level"] == "warning" and data["shown"] is True
    held = [c["key"] for c in data["conditions"] if c["held"]]
    assert held == ["frequent", "short_term", "long_term"]
    assert data["figures"]["windows"]["recent"]["mean_leaf_g_per_day"] == 6.6
    assert data["figures"]["use_days_last_window"] == 7
    assert data["alerts"][0]["kind"] == "emergency"
    assert "1800 250 015" in " ".join(data["help_lines"]["lines"])


def test_no_warning_explains_each_condition(run_cli, data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(9)), 2.0, Form.EXTRACT), today=TODAY)
    status, out, _ = run_cli("warning", "--today", TODAY.isoformat())
    assert status == 0
    assert "Dependence warning: off" in out
    assert "Frequent use: no — used 1 of the last 7 days" in out
    # A one-day-old log: the comparisons are not judged, and the output says why in words.
    assert ("Rising over the short term: not judged: in the last week, the log covers only 1 of these "
            "7 days (1 logged day; at least 4 needed); in days 8-28, the log covers none of these 21 days "
            "(0 logged days; at least 14 needed)") in out
    assert "ALERT: You logged a concentrated product" in out
    data = json.loads(run_cli("warning", "--today", TODAY.isoformat(), "--json")[1])
    assert data["level"] == "none" and data["alerts"][0]["kind"] == "concentrate"


def test_dismissal_is_reported_but_level_stays_warning(run_cli, data_dir):
    from kratomtrack.store.safety_status import dismiss_warning
    fill_rising(data_dir)
    with LogDatabase.open_folder(data_dir) as db:
        dismiss_warning(db, TODAY)
    data = json.loads(run_cli("warning", "--today", TODAY.isoformat(), "--json")[1])
    assert data["level"] == "warning" and data["shown"] is False
    assert data["dismissed_until"] == (TODAY + dt.timedelta(days=7)).isoformat()


def test_warning_refuses_bad_date_and_missing_log(run_cli, data_dir):
    status, _, err = run_cli("warning", "--today", "2026-02-30")
    assert status == 2 and "not a real date" in err
    status, _, err = run_cli("warning")
    assert status == 2 and "no log" in err
    assert not data_dir.exists()
