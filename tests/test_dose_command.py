"""``kratomtrack dose``: a dose from the command line, read and checked as Today reads it,
holding the log while it writes; and ``since_last_dose_minutes`` in ``warning`` and
``patterns --json``. (Handing a dose to an open window: tests/test_everyday_window.py.)

The command logs at the computer's own now, so these logs are built around the real today.
"""

import datetime as dt
import json
import os
import subprocess
import sys

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.log_owner import OwnerLock
from kratomtrack.store.protection import PASSPHRASE_ENV

from conftest import PASSPHRASE, real_today
from log_files import table_snapshot
from real_command import ROOT, kratomtrack


def earlier_today(minutes: int) -> dt.datetime:
    """``minutes`` before now, to the minute, but not before today's midnight."""
    now = dt.datetime.now().replace(second=0, microsecond=0)
    return max(now - dt.timedelta(minutes=minutes), dt.datetime.combine(now.date(), dt.time(0)))


def with_a_dose(data_dir, dose: Dose | None = None) -> None:
    with LogDatabase.open_folder(data_dir) as db:
        db.add_dose(dose or Dose(earlier_today(30), 3.0, Form.CAPSULES, "Red Bali"), today=real_today())


def doses(data_dir) -> list[Dose]:
    with LogDatabase.open_folder(data_dir, create=False) as db:
        return db.all_doses()


def snapshot(data_dir) -> dict:
    with LogDatabase.open_folder(data_dir, create=False) as db:
        return table_snapshot(db)


def test_a_dose_typed_with_a_decimal_comma_is_logged_now_with_the_last_form_and_product(
        run_cli, data_dir, monkeypatch):
    with_a_dose(data_dir)
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    status, out, err = run_cli("dose", "2,5")
    assert (status, err) == (0, "")
    new = doses(data_dir)[-1]
    assert (new.milligrams, new.form, new.product) == (2500, Form.CAPSULES, "Red Bali")
    assert dt.datetime.now() - new.taken_at < dt.timedelta(minutes=2)
    assert out.startswith(f"Logged 2.5 g capsules, Red Bali at {new.taken_at:%H:%M} on ")
    assert "(read \u201c2,5\u201d as 2.5 g)" in out


def test_a_unit_after_the_amount_and_the_options_are_taken(run_cli, data_dir):
    status, out, _ = run_cli("dose", "2", "g", "--form", "tea", "--product", "Green")
    assert status == 0 and out.startswith("Logged 2 g tea, Green at ")
    at = earlier_today(20)
    status, out, _ = run_cli("dose", "15mg", "--form", "7-oh", "--product", "", "--at", f"{at:%H:%M}")
    assert status == 0 and out.startswith(f"Logged 15 mg 7-OH product at {at:%H:%M} on ")
    assert [(d.milligrams, d.form, d.product) for d in doses(data_dir)] in (
        [(2000, Form.TEA, "Green"), (15, Form.SEVEN_OH, "")], [(15, Form.SEVEN_OH, ""), (2000, Form.TEA, "Green")])


def test_a_first_dose_is_powder_without_a_product(run_cli, data_dir):
    status, out, _ = run_cli("dose", "1.5")
    assert status == 0 and out.startswith("Logged 1.5 g powder at ")


def test_an_ambiguous_amount_is_refused_in_words_and_nothing_is_written(run_cli, data_dir):
    with_a_dose(data_dir)
    before = snapshot(data_dir)
    status, out, err = run_cli("dose", "1,500")
    assert (status, out) == (2, "")
    assert "Not saved. amount: '1,500' could be 1.5 or 1500" in err
    for typed, words in (("500 mg", "500 mg is 0.5 g"), ("two", "not a number of grams"),
                         ("2.555", "two decimal places")):
        status, _, err = run_cli("dose", *typed.split())
        assert status == 2 and words in err and "Traceback" not in err
    status, _, err = run_cli("dose", "2", "--at", "26:00")
    assert status == 2 and "time: '26:00' is not a time of day" in err
    assert snapshot(data_dir) == before


def test_a_time_later_than_now_is_refused(run_cli, data_dir):
    later = dt.datetime.now() + dt.timedelta(minutes=5)
    if later.date() != real_today():
        later = dt.datetime.combine(real_today(), dt.time(23, 59))
        if dt.datetime.now() >= later:
            return  # the last minute of the day has no later time to try
    status, _, err = run_cli("dose", "2", "--at", f"{later:%H:%M}")
    assert status == 2 and "is later than now" in err
    assert not (data_dir / "kratomtrack.db").exists() or doses(data_dir) == []


def test_the_typo_guard_asks_in_words_and_yes_answers_it(run_cli, data_dir):
    status, out, err = run_cli("dose", "25")
    assert (status, out) == (2, "")
    assert "Is this right? 25 g in one dose is more than 15 g." in err
    assert "run the command again with --yes" in err
    assert not (data_dir / "kratomtrack.db").exists() or doses(data_dir) == []
    status, out, _ = run_cli("dose", "25", "--yes")
    assert status == 0 and out.startswith("Logged 25 g powder")
    assert [d.milligrams for d in doses(data_dir)] == [25000]


def test_a_command_changing_the_log_keeps_the_dose_out(run_cli, data_dir):
    with_a_dose(data_dir)
    before = snapshot(data_dir)
    restore = OwnerLock(data_dir, "restore")
    assert restore.acquire()
    try:
        status, out, err = run_cli("dose", "2")
    finally:
        restore.release()
    assert (status, out) == (2, "")
    assert "another kratomtrack command ('restore') is changing this log" in err
    assert snapshot(data_dir) == before


def test_the_dose_holds_the_log_while_it_writes_and_lets_go(run_cli, data_dir):
    with_a_dose(data_dir)
    assert run_cli("dose", "2")[0] == 0
    after = OwnerLock(data_dir, "restore")
    assert after.acquire()  # free again: the command let go of it
    after.release()


def test_a_protected_log_takes_the_dose_with_its_passphrase(run_cli, locked_log, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    status, out, err = run_cli("dose", "2,5", folder=locked_log)
    assert status == 0, err
    assert out.startswith("Logged 2.5 g powder, Green at ")  # the log's last dose's form and product


def test_the_real_command_reads_the_locales_decimal_comma_and_loads_no_qt(tmp_path):
    folder = tmp_path / "data"
    env = dict(os.environ, PYTHONPATH=str(ROOT), LC_ALL="fr_FR.UTF-8")
    env.pop("QT_QPA_PLATFORM", None)
    code = ("import sys; from kratomtrack.cli import main; "
            f"status = main(['--data-dir', {str(folder)!r}, 'dose', '0,75', 'g']); "
            "print(status, any(name.startswith('PySide6') for name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert "(read \u201c0,75\u201d as 0.75 g)" in result.stdout, result.stderr
    assert result.stdout.split()[-2:] == ["0", "False"]
    assert [d.milligrams for d in doses(folder)] == [750]


def test_help_names_the_amounts_and_says_no_advice():
    result = kratomtrack(ROOT / "no-such-folder", "dose", "--help")
    assert result.returncode == 0
    words = " ".join(result.stdout.split())
    assert "2,5 where decimals are written with a comma" in words
    assert "--yes" in words and "gives no dosing advice" in words


# --- since_last_dose_minutes -----------------------------------------------------------------------

def test_since_the_last_dose_is_null_without_a_dose_and_minutes_with_one(run_cli, data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        db.save_checkin(CheckIn(real_today(), pain=4), today=real_today())  # logged, but no dose
    for command in ("warning", "patterns"):
        status, out, _ = run_cli(command, "--json")
        assert status == 0 and json.loads(out)["since_last_dose_minutes"] is None
    taken = earlier_today(90)
    with_a_dose(data_dir, Dose(taken, 2.0))
    expected = (dt.datetime.now().replace(second=0, microsecond=0) - taken) // dt.timedelta(minutes=1)
    for command in ("warning", "patterns"):
        status, out, _ = run_cli(command, "--json")
        assert status == 0 and json.loads(out)["since_last_dose_minutes"] in (expected, expected + 1)


def test_since_the_last_dose_as_of_an_earlier_day_counts_to_its_end(run_cli, data_dir):
    day = real_today() - dt.timedelta(days=3)
    with LogDatabase.open_folder(data_dir) as db:
        db.add_dose(Dose(dt.datetime.combine(day, dt.time(20, 30)), 2.0), today=real_today())
        db.add_dose(Dose(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(8)), 2.0), today=real_today())
    for command in ("warning", "patterns"):
        status, out, _ = run_cli(command, "--today", day.isoformat(), "--json")
        assert status == 0 and json.loads(out)["since_last_dose_minutes"] == 210  # 20:30 to midnight
