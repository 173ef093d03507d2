"""Sync through a folder, merged by pycrdt: records travel, deletes travel, the merge
is the same in any order and any number of times, an edit on both computers keeps
one version and lists the other, and each computer only ever adds its own files."""

import datetime as dt
import random
from dataclasses import replace

import pytest

from kratomtrack.core.records import CheckIn
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync import conflicts
from kratomtrack.store.sync import folder as files
from kratomtrack.store.sync.engine import Replica
from kratomtrack.store.sync.joining import setup
from kratomtrack.store.sync.merging import read_incoming, sync_now
from kratomtrack.store.sync.config import read_config

from conftest import TODAY
from sync_helpers import a_little_log, canonical, dose, sync_files


@pytest.fixture
def two(tmp_path):
    """Two computers (each its own data folder) sharing one sync folder; the first has a log."""
    a = LogDatabase.open_folder(tmp_path / "a")
    b = LogDatabase.open_folder(tmp_path / "b")
    a_little_log(a)
    assert setup(a, tmp_path / "sync").role == "first"
    assert setup(b, tmp_path / "sync").role == "took everything"
    yield a, b, tmp_path / "sync"
    a.close()
    b.close()


def test_the_second_computer_takes_everything_the_first_wrote(two):
    a, b, _ = two
    assert b.dose_count() == 3 and b.checkin(TODAY).note == "note 0"
    assert canonical(a) == canonical(b)


def test_a_dose_an_edit_and_a_removal_reach_the_other_computer(two):
    a, b, _ = two
    mine = b.add_dose(dose(14, 3.25, product="Red Bali"), today=TODAY)
    sync_now(b)
    assert sync_now(a).received == 1
    [there] = [d for d in a.all_doses() if d.uid == mine.uid]
    assert there.grams == 3.25 and there.product == "Red Bali"
    a.update_dose(replace(there, grams=3.5), today=TODAY)
    sync_now(a)
    sync_now(b)
    assert b.dose(mine.id).grams == 3.5
    b.delete_dose(mine.id)
    sync_now(b)
    sync_now(a)
    assert mine.uid not in {d.uid for d in a.all_doses()}
    assert canonical(a) == canonical(b)


def test_every_kind_of_record_travels(two, tmp_path):
    from test_stable_ids import fill_every_kind

    a, b, _ = two
    fill_every_kind(a, no_use_days_ago=10)
    sync_now(a)
    sync_now(b)
    assert canonical(a) == canonical(b)
    assert b.setting("help.country") == "GB" and "ringing ears" in [s.name for s in b.side_effects()]


def test_a_setting_of_this_computer_only_stays_here(two):
    a, b, _ = two
    a.set_setting("trends/show_tables", True)
    sync_now(a)
    sync_now(b)
    assert b.setting("trends/show_tables") is None


def test_the_files_merged_in_any_order_any_number_of_times_give_the_same_log(two, tmp_path):
    a, b, folder = two
    for step in range(4):  # several files from each computer, edits, removals
        a.add_dose(dose(9 + step, 1.0 + step), today=TODAY)
        b.save_checkin(CheckIn(TODAY - dt.timedelta(days=step), step, {"insomnia": 2}, f"b {step}"), today=TODAY)
        if step == 2:
            a.delete_dose(a.all_doses()[0].id)
        sync_now(a)
        sync_now(b)
    sync_now(a)
    expected = canonical(a)
    assert canonical(b) == expected
    found = files.list_files(folder)
    assert len(found) >= 8
    config = read_config(a)
    orders = [list(found), list(reversed(found))] + [random.Random(seed).sample(found, len(found)) for seed in range(3)]
    for n, order in enumerate(orders):
        c = LogDatabase.open_folder(tmp_path / f"c{n}")
        replica = Replica()
        repeated = order + order[: len(order) // 2]  # some files twice
        for file in repeated:  # one file per merge: the engine waits for what a file needs
            opened = files.open_file(file.path.read_bytes(), file.name, sync_id=config.sync_id, key=None)
            replica.merge(c, config.with_(computer="third"), [(file, opened)], today=TODAY)
        replica.merge(c, config.with_(computer="third"), [
            (f, files.open_file(f.path.read_bytes(), f.name, sync_id=config.sync_id, key=None)) for f in found],
            today=TODAY)
        assert canonical(c)["doses"] == expected["doses"], n
        assert canonical(c)["checkins"] == expected["checkins"], n
        c.close()


def test_an_edit_on_both_keeps_one_version_everywhere_and_lists_the_other(two):
    a, b, _ = two
    a.save_checkin(CheckIn(TODAY, 6, {"nausea": 1}, "written on a"), today=TODAY)
    b.save_checkin(CheckIn(TODAY, 8, {"nausea": 3}, "written on b"), today=TODAY)
    for db in (a, b, a, b):
        sync_now(db)
    assert a.checkin(TODAY) == b.checkin(TODAY)
    kept = a.checkin(TODAY).note
    other = "written on b" if kept == "written on a" else "written on a"
    for db in (a, b):
        [listed] = conflicts.changed_on_both(db)
        assert listed.record == f"checkin:{TODAY.isoformat()}"
        assert listed.other["note"] == other and listed.kept["note"] == kept
    assert canonical(a) == canonical(b)


def test_restoring_the_other_version_is_one_step_undone_in_one_step_and_reaches_both(two):
    a, b, _ = two
    a.save_checkin(CheckIn(TODAY, 6, {}, "written on a"), today=TODAY)
    b.save_checkin(CheckIn(TODAY, 8, {}, "written on b"), today=TODAY)
    for db in (a, b, a, b):
        sync_now(db)
    [listed] = conflicts.changed_on_both(b)
    kept_note = b.checkin(TODAY).note
    changes = conflicts.restore(b, listed.key)
    assert b.checkin(TODAY).note == listed.other["note"] and conflicts.changed_on_both(b) == []
    changes.take_back(b)
    assert b.checkin(TODAY).note == kept_note and conflicts.changed_on_both(b) == [listed]
    conflicts.restore(b, listed.key)
    sync_now(b)
    sync_now(a)
    assert a.checkin(TODAY).note == listed.other["note"] and conflicts.changed_on_both(a) == []
    assert canonical(a) == canonical(b)


def test_a_removal_on_one_and_an_edit_on_the_other_keeps_the_edit(two):
    a, b, _ = two
    [first] = a.doses_on(TODAY)
    a.delete_dose(first.id)
    [same] = b.doses_on(TODAY)
    b.update_dose(replace(same, grams=4.0), today=TODAY)
    for db in (a, b, a):
        sync_now(db)
    assert [d.grams for d in a.doses_on(TODAY)] == [d.grams for d in b.doses_on(TODAY)] == [4.0]


def test_each_computer_only_adds_files_in_its_own_folder_and_never_changes_one(two):
    a, b, folder = two
    before = sync_files(folder)
    a_id, b_id = read_config(a).computer, read_config(b).computer
    for i in range(3):
        a.add_dose(dose(10 + i), today=TODAY)
        sync_now(a)
        b.add_dose(dose(16 + i), today=TODAY)
        sync_now(b)
    after = sync_files(folder)
    assert all(after[path] == content for path, content in before.items())  # never edited
    new = set(after) - set(before)
    assert {p.parent.name for p in new} == {a_id, b_id}
    assert len([p for p in new if p.parent.name == a_id]) == 3
    assert not [p for p in after if p.name.startswith(".")]  # no temporary file left


def test_nothing_to_merge_writes_no_file(two):
    a, b, folder = two
    before = sync_files(folder)
    for _ in range(2):
        sync_now(a)
        sync_now(b)
    assert sync_files(folder) == before
    assert read_incoming(a, read_config(a)).opened == []


def test_a_merge_of_a_day_typed_on_both_with_the_same_content_lists_nothing(tmp_path):
    a = LogDatabase.open_folder(tmp_path / "a")
    b = LogDatabase.open_folder(tmp_path / "b")
    for db in (a, b):
        db.save_checkin(CheckIn(TODAY, 5, {"nausea": 1}, "same"), today=TODAY)
    setup(a, tmp_path / "sync")
    assert setup(b, tmp_path / "sync", confirm=lambda sides: True).role == "took everything"
    sync_now(a)
    assert conflicts.changed_on_both(a) == conflicts.changed_on_both(b) == []
    assert canonical(a) == canonical(b)
