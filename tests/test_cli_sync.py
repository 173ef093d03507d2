"""``kratomtrack sync setup|now|status|leave`` as real programs: two data folders and one
sync folder, edited alternately by the command line, converge; a second computer with
its own log is told how many records each side adds and merges only when told to;
the live log never goes into a sync folder."""

import datetime as dt
import json

import pytest

from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync.config import read_config

from real_command import kratomtrack
from sync_helpers import a_little_log, canonical


def doses_csv(path, *rows):
    """A kratomtrack doses CSV: rows of 'taken_at,grams,form,product,notes'."""
    path.write_text("taken_at,grams,form,product,notes\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def run_json(folder, *args):
    done = kratomtrack(folder, *args, "--json")
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads(done.stdout)


def test_two_programs_edited_alternately_by_the_command_line_converge(tmp_path):
    a, b, shared = tmp_path / "a", tmp_path / "b", tmp_path / "sync"
    with LogDatabase.open_folder(a) as db:
        a_little_log(db)
    first = run_json(a, "sync", "setup", shared)
    assert first["role"] == "first" and first["sent"] > 3
    second = run_json(b, "sync", "setup", shared)
    assert second["role"] == "took everything" and second["received"] >= 6
    imported = kratomtrack(b, "import", doses_csv(tmp_path / "b.csv", "2026-11-19T13:00,3.5,powder,Red Bali,"))
    assert imported.returncode == 0, imported.stderr
    assert run_json(b, "sync", "now")["sent"] == 1
    assert kratomtrack(a, "day", "2026-11-10", "--no-kratom").returncode == 0
    assert run_json(a, "sync", "now")["received"] == 1
    assert run_json(b, "sync", "now")["received"] == 1
    with LogDatabase.open_folder(a) as one, LogDatabase.open_folder(b) as other:
        assert canonical(one) == canonical(other)
        assert {d.product for d in one.all_doses()} >= {"Red Bali"}
        assert dt.date(2026, 11, 10).isoformat() in [r[0] for r in canonical(other)["no_use_days"]]


def test_a_second_log_with_records_of_its_own_is_told_the_counts_and_merges_only_when_told(tmp_path):
    a, b, shared = tmp_path / "a", tmp_path / "b", tmp_path / "sync"
    with LogDatabase.open_folder(a) as db:
        a_little_log(db, days=3)
    kratomtrack(a, "sync", "setup", shared)
    assert kratomtrack(b, "import", doses_csv(tmp_path / "b.csv", "2026-11-01T09:00,2,powder,Own,",
                                              "2026-11-02T09:00,2,powder,Own,")).returncode == 0
    refused = kratomtrack(b, "sync", "setup", shared)  # no terminal, no --yes: not merged
    assert refused.returncode == 2
    assert "This computer's log adds 2 record(s)" in refused.stdout + refused.stderr
    assert "adds 6 record(s) to this one" in refused.stdout + refused.stderr
    with LogDatabase.open_folder(b) as db:
        assert read_config(db) is None and db.dose_count() == 2
    merged = run_json(b, "sync", "setup", shared, "--yes")
    assert merged["role"] == "merged" and merged["sides"] == {"only_here": 2, "only_there": 6, "different": 0}
    run_json(a, "sync", "now")
    with LogDatabase.open_folder(a) as one, LogDatabase.open_folder(b) as other:
        assert one.dose_count() == other.dose_count() == 5
        assert canonical(one) == canonical(other)


@pytest.mark.parametrize("where", ["the data folder", "its parent", "inside it"])
def test_a_sync_folder_that_is_holds_or_lies_in_the_data_folder_is_refused(tmp_path, where):
    data = tmp_path / "home" / "data"
    with LogDatabase.open_folder(data) as db:
        a_little_log(db)
    folder = {"the data folder": data, "its parent": tmp_path / "home", "inside it": data / "sync"}[where]
    done = kratomtrack(data, "sync", "setup", folder)
    assert done.returncode == 2 and "Nothing was changed" in done.stderr
    assert "data folder" in done.stderr and "Traceback" not in done.stderr
    assert not (folder / "kratomtrack-sync").exists()


def test_status_and_leave_say_what_they_did(tmp_path):
    a, shared = tmp_path / "a", tmp_path / "sync"
    with LogDatabase.open_folder(a) as db:
        a_little_log(db)
    assert run_json(a, "sync", "status") == {**run_json(a, "sync", "status"), "syncing": False}
    kratomtrack(a, "sync", "setup", shared)
    status = run_json(a, "sync", "status")
    assert status["syncing"] and status["folder_found"] and status["unsent_changes"] == 0
    assert status["protected"] is False and status["last_merge"]
    words = kratomtrack(a, "sync", "status").stdout
    assert f"Syncing with {shared}" in words and "not encrypted" in words
    left = run_json(a, "sync", "leave")
    assert left == {"left": str(shared)}
    with LogDatabase.open_folder(a) as db:
        assert read_config(db) is None and db.dose_count() == 3
        assert db.conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'sync_dirty_%'").fetchone() == (0,)
    not_syncing = kratomtrack(a, "sync", "now")
    assert not_syncing.returncode == 2 and "does not sync" in not_syncing.stderr


def test_setup_twice_is_refused_in_words(tmp_path):
    a = tmp_path / "a"
    kratomtrack(a, "sync", "setup", tmp_path / "one")
    again = kratomtrack(a, "sync", "setup", tmp_path / "two")
    assert again.returncode == 2 and "already syncs with" in again.stderr
