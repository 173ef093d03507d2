import datetime as dt
import os
import sqlite3
import stat

import pytest

from kratomtrack.core.records import BUILTIN_SIDE_EFFECTS, CheckIn, Dose, Form
from kratomtrack.core.validation import InvalidRecord
from kratomtrack.store import schema
from kratomtrack.store.backups import list_backups
from kratomtrack.store.database import DamagedDatabaseError, LogDatabase
from kratomtrack.store.location import DATA_DIR_ENV, data_dir

from conftest import TODAY
from log_files import table_snapshot

MORNING = dt.datetime(2026, 11, 20, 8, 30)


def test_new_folder_gets_current_schema_with_wal_and_foreign_keys(db, data_dir):
    assert (data_dir / "kratomtrack.db").exists()
    assert schema.schema_version(db.conn) == schema.SCHEMA_VERSION
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_builtin_side_effects_in_clinical_order(db):
    assert [s.name for s in db.side_effects()] == list(BUILTIN_SIDE_EFFECTS)
    assert BUILTIN_SIDE_EFFECTS[:3] == ("dizziness", "insomnia", "anxiety")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_data_folder_and_file_are_private(db, data_dir):
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "kratomtrack.db").stat().st_mode) == 0o600


def test_reopening_keeps_data_and_runs_no_migration(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        db.add_dose(Dose(MORNING, 2.5), today=TODAY)
    with LogDatabase.open_folder(data_dir) as db:
        assert schema.schema_version(db.conn) == schema.SCHEMA_VERSION
        assert [d.grams for d in db.all_doses()] == [2.5]
    assert list_backups(data_dir) == []  # no "before-migration" backup: nothing to migrate


def test_dose_round_trip_and_edit_and_delete(db):
    saved = db.add_dose(Dose(MORNING, 2.5, Form.CAPSULES, "Red caps", "after lunch"), today=TODAY)
    assert saved.id is not None
    assert db.doses_on(MORNING.date()) == [saved]
    edited = db.update_dose(Dose(MORNING, 3.0, Form.TEA, id=saved.id), today=TODAY)
    assert db.dose(saved.id).grams == 3.0 and db.dose(saved.id).form is Form.TEA
    removed = db.delete_dose(saved.id)
    assert removed == edited and db.doses_on(MORNING.date()) == []
    db.restore_dose(removed)
    assert db.dose(saved.id) == edited


def test_refused_dose_leaves_log_unchanged(db):
    db.add_dose(Dose(MORNING, 2.0), today=TODAY)
    before = table_snapshot(db)
    with pytest.raises(InvalidRecord, match="grams"):
        db.add_dose(Dose(MORNING, 0.0), today=TODAY)
    with pytest.raises(InvalidRecord, match="future"):
        db.add_dose(Dose(MORNING + dt.timedelta(days=1), 2.0), today=TODAY)
    assert table_snapshot(db) == before


def test_schema_constraints_guard_the_file_even_without_validation(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(
            "INSERT INTO doses (taken_at, day, milligrams, form) VALUES ('2026-01-01T08:00', '2026-01-01', 500000, 'powder')")
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute("INSERT INTO checkins (day, pain) VALUES ('2026-01-01', 11)")


def test_checkin_pain_not_recorded_differs_from_zero(db):
    day = dt.date(2026, 11, 19)
    db.save_checkin(CheckIn(day, pain=None, ratings={"insomnia": 2}), today=TODAY)
    assert db.checkin(day).pain is None
    db.save_checkin(CheckIn(day, pain=0, ratings={"insomnia": 2}), today=TODAY)
    assert db.checkin(day).pain == 0
    assert db.checkin(day).ratings == {"insomnia": 2}


def test_one_checkin_per_date_saving_replaces(db):
    day = dt.date(2026, 11, 19)
    db.save_checkin(CheckIn(day, 5, {"anxiety": 1}, "first"), today=TODAY)
    db.save_checkin(CheckIn(day, 6, {"nausea": 3}, "second"), today=TODAY)
    assert db.checkin(day) == CheckIn(day, 6, {"nausea": 3}, "second")
    assert db.conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 1


def test_empty_checkin_removes_the_day(db):
    day = dt.date(2026, 11, 19)
    db.save_checkin(CheckIn(day, 5), today=TODAY)
    db.save_checkin(CheckIn(day), today=TODAY)
    assert db.checkin(day) is None


def test_custom_side_effect_hidden_keeps_history(db):
    day = dt.date(2026, 11, 19)
    db.add_side_effect("muscle aches")
    db.save_checkin(CheckIn(day, 4, {"muscle aches": 2}), today=TODAY)
    db.set_side_effect_hidden("muscle aches", True)
    assert "muscle aches" not in [s.name for s in db.side_effects()]
    assert db.checkin(day).ratings == {"muscle aches": 2}
    db.add_side_effect("Muscle Aches")  # adding it again shows it again
    assert "muscle aches" in [s.name for s in db.side_effects()]


def test_delete_day_and_restore(db):
    day = MORNING.date()
    db.add_dose(Dose(MORNING, 2.0), today=TODAY)
    db.save_checkin(CheckIn(day, 3, {"dizziness": 1}), today=TODAY)
    before = table_snapshot(db)
    deleted = db.delete_day(day)
    assert db.doses_on(day) == [] and db.checkin(day) is None
    db.restore_day(deleted)
    assert table_snapshot(db) == before


def test_restoring_a_deleted_day_keeps_its_for_my_doctor_mark(db):
    from kratomtrack.store.doctor_notes import set_for_doctor

    day = MORNING.date()
    db.save_checkin(CheckIn(day, 3, {}, "ask about sleep"), today=TODAY)
    set_for_doctor(db, day, True)
    before = table_snapshot(db)
    deleted = db.delete_day(day)
    assert deleted.for_doctor and not db.for_doctor(day)
    db.restore_day(deleted)
    assert db.for_doctor(day) and table_snapshot(db) == before


def test_saving_a_check_in_keeps_the_mark_unless_told(db):
    from kratomtrack.store.doctor_notes import set_for_doctor

    day = MORNING.date()
    db.save_checkin(CheckIn(day, 3, {}, "ask about sleep"), today=TODAY)
    set_for_doctor(db, day, True)
    db.save_checkin(CheckIn(day, 5, {"dizziness": 1}, "ask about sleep"), today=TODAY)
    assert db.for_doctor(day)
    db.save_checkin(CheckIn(day, 5, {}, "ask about sleep"), today=TODAY, for_doctor=False)
    assert not db.for_doctor(day)


def test_failed_action_rolls_back_whole(db):
    with pytest.raises(RuntimeError):
        with db.transaction():
            db.add_dose(Dose(MORNING, 2.0), today=TODAY)
            raise RuntimeError("disk went away")
    assert db.all_doses() == []


def test_a_failed_step_inside_an_action_undoes_only_itself(db):
    """Nested transactions are savepoints: a caller that handles the inner
    failure keeps the rest of its action; an uncaught one undoes it all."""
    with db.transaction():
        db.add_dose(Dose(MORNING, 2.0), today=TODAY)
        with pytest.raises(RuntimeError):
            with db.transaction():
                db.add_dose(Dose(MORNING, 3.0), today=TODAY)
                raise RuntimeError("refused half-way")
        db.add_dose(Dose(MORNING, 4.0), today=TODAY)
    assert [d.grams for d in db.all_doses()] == [2.0, 4.0]
    with pytest.raises(RuntimeError):
        with db.transaction():
            db.add_dose(Dose(MORNING, 5.0), today=TODAY)
            with db.transaction():
                raise RuntimeError("refused")
    assert [d.grams for d in db.all_doses()] == [2.0, 4.0]


def test_last_dose_and_products_most_recent_first(db):
    db.add_dose(Dose(MORNING - dt.timedelta(days=2), 2.0, Form.POWDER, "A"), today=TODAY)
    db.add_dose(Dose(MORNING, 2.0, Form.TEA, "B"), today=TODAY)
    assert db.last_dose().product == "B" and db.last_dose().form is Form.TEA
    assert db.products() == ["B", "A"]


def test_settings_hold_json_values(db):
    assert db.setting("x", 5) == 5
    db.set_setting("x", {"a": [1, 2]})
    assert db.setting("x") == {"a": [1, 2]}


def test_file_that_is_not_sqlite_is_refused_unchanged(tmp_path):
    path = tmp_path / "kratomtrack.db"
    path.write_bytes(b"hello, this is a text file\n" * 10)
    with pytest.raises(schema.ForeignDatabaseError, match="not a kratomtrack log"):
        LogDatabase.open(path)
    assert path.read_bytes() == b"hello, this is a text file\n" * 10


def test_foreign_sqlite_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "kratomtrack.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(schema.ForeignDatabaseError):
        LogDatabase.open(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused_not_downgraded(data_dir):
    LogDatabase.open_folder(data_dir).close()
    conn = sqlite3.connect(data_dir / "kratomtrack.db")
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(schema.NewerSchemaError, match="newer version"):
        LogDatabase.open_folder(data_dir)
    conn = sqlite3.connect(data_dir / "kratomtrack.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION + 1


def test_damaged_file_is_refused(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        with db.transaction():
            for i in range(300):
                db.add_dose(Dose(MORNING - dt.timedelta(days=i), 2.0, note="x" * 500), today=TODAY)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = data_dir / "kratomtrack.db"
    raw = bytearray(path.read_bytes())
    raw[4096 * 3: 4096 * 3 + 2000] = b"\xff" * 2000
    path.write_bytes(bytes(raw))
    with pytest.raises(DamagedDatabaseError, match="damaged"):
        LogDatabase.open(path)


def test_data_dir_override_then_environment_then_platform(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert data_dir(tmp_path / "arg") == tmp_path / "arg"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv(DATA_DIR_ENV)
    assert data_dir().name == "kratomtrack"
