"""``kratomtrack day DATE --no-kratom | --clear`` on a real log, run as the real program."""

import datetime as dt

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.store.database import LogDatabase

from conftest import real_today
from real_command import kratomtrack, marks_in as marks, snapshot

DAY = dt.date(2026, 11, 2)  # a Monday


def test_a_day_is_marked_no_kratom_and_the_mark_taken_back(tmp_path):
    folder = tmp_path / "data"
    marked = kratomtrack(folder, "day", DAY.isoformat(), "--no-kratom")
    assert marked.returncode == 0, marked.stderr
    assert marked.stdout.strip() == "Marked Mon 2 Nov 2026 \u201cno kratom\u201d: a day without kratom."
    assert marks(folder) == {DAY}
    again = kratomtrack(folder, "day", DAY.isoformat(), "--no-kratom")
    assert again.returncode == 0 and "already marked" in again.stdout and marks(folder) == {DAY}
    cleared = kratomtrack(folder, "day", DAY.isoformat(), "--clear")
    assert cleared.returncode == 0, cleared.stderr
    assert "Took the \u201cno kratom\u201d mark off Mon 2 Nov 2026" in cleared.stdout
    assert "now counts as not logged (unknown)" in cleared.stdout
    assert marks(folder) == set()


def test_clearing_a_day_with_a_check_in_says_it_stays_a_logged_day_without_a_dose(tmp_path):
    folder = tmp_path / "data"
    with LogDatabase.open_folder(folder) as db:
        db.save_checkin(CheckIn(DAY, 3), today=DAY)
    assert kratomtrack(folder, "day", DAY.isoformat(), "--no-kratom").returncode == 0
    cleared = kratomtrack(folder, "day", DAY.isoformat(), "--clear")
    assert cleared.returncode == 0 and "It has a check-in" in cleared.stdout
    assert marks(folder) == set()


def test_a_day_with_doses_is_refused_in_words_and_nothing_is_written(tmp_path):
    folder = tmp_path / "data"
    with LogDatabase.open_folder(folder) as db:
        db.add_dose(Dose(dt.datetime.combine(DAY, dt.time(8)), 2.5), today=DAY)
    before = snapshot(folder)
    refused = kratomtrack(folder, "day", DAY.isoformat(), "--no-kratom")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.strip() == (
        "kratomtrack: Mon 2 Nov 2026 has 1 dose logged, so it cannot be marked \u201cno kratom\u201d "
        "(a day with a dose is a day with kratom). Nothing was changed.")
    assert snapshot(folder) == before


def test_a_future_day_or_a_bad_date_is_refused_and_nothing_is_written(tmp_path):
    folder = tmp_path / "data"
    assert kratomtrack(folder, "day", DAY.isoformat(), "--no-kratom").returncode == 0
    before = snapshot(folder)
    tomorrow = (real_today() + dt.timedelta(days=1)).isoformat()
    for date, words in ((tomorrow, "is in the future"), ("2026-13-02", "is not a real date"),
                        ("2 Nov", "is not a date written YYYY-MM-DD")):
        for action in ("--no-kratom", "--clear"):
            refused = kratomtrack(folder, "day", date, action)
            assert refused.returncode == 2 and refused.stdout == "", (date, action)
            assert words in refused.stderr and "Nothing was changed." in refused.stderr
            assert "Traceback" not in refused.stderr
    assert snapshot(folder) == before


def test_a_future_day_in_a_new_folder_makes_no_log(tmp_path):
    folder = tmp_path / "data"
    tomorrow = (real_today() + dt.timedelta(days=1)).isoformat()
    assert kratomtrack(folder, "day", tomorrow, "--no-kratom").returncode == 2
    assert not (folder / "kratomtrack.db").exists()


def test_clearing_with_no_log_yet_says_so(tmp_path):
    cleared = kratomtrack(tmp_path / "data", "day", DAY.isoformat(), "--clear")
    assert cleared.returncode == 2 and "there is no log" in cleared.stderr


def test_the_command_needs_one_of_no_kratom_or_clear_and_its_help_is_plain(tmp_path):
    neither = kratomtrack(tmp_path / "data", "day", DAY.isoformat())
    assert neither.returncode == 2 and "--no-kratom --clear" in neither.stderr
    both = kratomtrack(tmp_path / "data", "day", DAY.isoformat(), "--no-kratom", "--clear")
    assert both.returncode == 2 and "not allowed with" in both.stderr
    helped = kratomtrack(tmp_path / "data", "day", "--help")
    assert helped.returncode == 0
    assert "A day with nothing logged counts as unknown, never as a day without" in " ".join(helped.stdout.split())
    assert "day" in kratomtrack(tmp_path / "data", "--help").stdout
