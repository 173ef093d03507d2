"""Stable ids (schema 6): every record a person makes has a uid, a random UUID,
given by the log itself on every way a row is inserted, kept by an edit and
by undo, and filled for the rows of an older log, so the same record on two
computers is one record (store/sync/)."""

import datetime as dt
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from kratomtrack.core.checkups import Peg, Sds
from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.core.records import BUILTIN_SIDE_EFFECTS, CheckIn, Dose, Form
from kratomtrack.store import checkups, schema
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import set_no_use
from kratomtrack.store.plans import set_plan
from kratomtrack.store.transfer import export_json, import_files

from conftest import TODAY

FIXTURES = Path(__file__).parent / "fixtures"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def uids(db: LogDatabase) -> dict[str, list]:
    return {table: [r[0] for r in db.conn.execute(f"SELECT uid FROM {table}")]
            for table in (*schema.UID_TABLES, "sync_conflicts")}


def assert_every_row_has_its_own_uuid(db: LogDatabase) -> None:
    for table, found in uids(db).items():
        assert all(uid is not None and UUID.match(uid) for uid in found), (table, found)
        assert len(set(found)) == len(found), table


def fill_every_kind(db: LogDatabase, no_use_days_ago: int = 2) -> None:
    day = TODAY - dt.timedelta(days=no_use_days_ago)
    db.add_dose(Dose(dt.datetime(2026, 11, 20, 8, 0), 2.5, Form.POWDER, "Green"), today=TODAY)
    db.save_checkin(CheckIn(TODAY, 4, {"nausea": 1, "my own ache": 2}, "a note"), today=TODAY)
    set_no_use(db, day, True, today=TODAY)
    checkups.set_red_flag(db, TODAY, "seizure", today=TODAY)
    checkups.PEG.save(db, Peg(TODAY, 5, 4, 3), today=TODAY)
    checkups.SDS.save(db, Sds(TODAY, (1, 0, 2, 1, 0)), today=TODAY)
    set_plan(db, Plan((PlanStep(TODAY, 5000, None),)))
    db.add_side_effect("ringing ears")
    db.set_setting("help.country", "GB")


def test_every_record_table_has_a_uid_a_unique_index_and_the_trigger_that_fills_it(db):
    for table in (*schema.UID_TABLES, "sync_conflicts"):
        columns = [r[1] for r in db.conn.execute(f"PRAGMA table_info({table})")]
        assert "uid" in columns, table
        assert db.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                               "AND tbl_name = ? AND name = ?", (table, f"{table}_new_uid")).fetchone() == (1,)
        assert (f"{table}_uid", 1) in [(r[1], r[2]) for r in db.conn.execute(f"PRAGMA index_list({table})")]


def test_every_insert_path_gives_a_new_record_its_own_uuid(db):
    fill_every_kind(db)
    assert_every_row_has_its_own_uuid(db)
    counts = {table: len(found) for table, found in uids(db).items()}
    assert counts["doses"] == 1 and counts["checkins"] == 1 and counts["no_use_days"] == 1
    assert counts["peg"] == counts["sds"] == counts["red_flags"] == counts["plans"] == 1
    assert counts["side_effects"] == len(BUILTIN_SIDE_EFFECTS) + 2  # "my own ache", "ringing ears"


def test_an_import_gives_every_imported_record_a_uid(db, tmp_path):
    with LogDatabase.open_folder(tmp_path / "other") as other:
        fill_every_kind(other)
        export = export_json(other, tmp_path / "log.json")
    import_files(db, [export], today=TODAY)
    assert db.dose_count() == 1 and db.checkin(TODAY) is not None
    assert_every_row_has_its_own_uuid(db)


def test_an_edit_keeps_the_uid_and_an_added_copy_gets_a_new_one(db):
    dose = db.add_dose(Dose(dt.datetime(2026, 11, 20, 8, 0), 2.5), today=TODAY)
    assert UUID.match(dose.uid) and db.dose(dose.id).uid == dose.uid
    db.update_dose(Dose(dt.datetime(2026, 11, 20, 9, 0), 3.0, id=dose.id), today=TODAY)
    assert db.dose(dose.id).uid == dose.uid
    again = db.add_dose(dose, today=TODAY)  # "the same again": a new dose
    assert again.uid != dose.uid
    db.save_checkin(CheckIn(TODAY, 4), today=TODAY)
    first = uids(db)["checkins"]
    db.save_checkin(CheckIn(TODAY, 6, {}, "changed"), today=TODAY)
    assert uids(db)["checkins"] == first


def test_undo_of_a_removed_dose_and_of_a_removed_day_puts_back_the_same_uids(db):
    fill_every_kind(db)
    dose = db.all_doses()[0]
    removed = db.delete_dose(dose.id)
    db.restore_dose(removed)
    assert db.dose(dose.id).uid == dose.uid
    set_no_use(db, TODAY - dt.timedelta(days=2), False)
    set_no_use(db, TODAY - dt.timedelta(days=3), True, today=TODAY)
    before = uids(db)
    db.restore_day(db.delete_day(TODAY))
    db.restore_day(db.delete_day(TODAY - dt.timedelta(days=3)))
    assert uids(db) == before


@pytest.mark.parametrize("version", range(1, 6))
def test_an_older_log_gets_a_uid_for_every_row_it_has(version, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(FIXTURES / f"schema_v{version}.db", folder / "kratomtrack.db")
    before = sqlite3.connect(FIXTURES / f"schema_v{version}.db").execute(
        "SELECT count(*) FROM doses").fetchone()[0]
    with LogDatabase.open_folder(folder) as db:
        assert schema.schema_version(db.conn) == schema.SCHEMA_VERSION
        assert db.dose_count() == before == 42
        assert_every_row_has_its_own_uuid(db)
        assert uids(db)["checkins"] and uids(db)["side_effects"]
