"""The import's bulk insert (sqlite-utils' insert_all) stays inside the import's one
transaction, and the export writes exactly the files it wrote before, from one
moment of the log."""

import datetime as dt
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from kratomtrack.store.database import LogDatabase, SaveError, StorageFullError
from kratomtrack.store.transfer import export_csv, export_json, import_files

from conftest import TODAY
from log_files import table_snapshot

FIXTURES = Path(__file__).parent / "fixtures"


def normalised_json(path: Path) -> bytes:
    """The JSON export's bytes with the two values that change by themselves
    (when it was written, and which kratomtrack wrote it) set aside."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"exported_at": "[^"]*"', '"exported_at": "…"', text)
    return re.sub(r'"app_version": "[^"]*"', '"app_version": "…"', text).encode("utf-8")


def log_from(fixture: str, folder: Path) -> LogDatabase:
    folder.mkdir(parents=True)
    shutil.copyfile(FIXTURES / fixture, folder / "kratomtrack.db")
    return LogDatabase.open_folder(folder)


@pytest.mark.parametrize("version", [1, 5])
def test_export_is_byte_for_byte_what_it_was_before(version, tmp_path):
    """tests/fixtures/export_of_schema_vN: the exports of the fixture log made
    at 93e06fb, before the migrations and the import used sqlite-utils."""
    expected = FIXTURES / f"export_of_schema_v{version}"
    with log_from(f"schema_v{version}.db", tmp_path / "data") as db:
        export_csv(db, tmp_path / "csv")
        export_json(db, tmp_path / "log.json")
    for name in ("doses.csv", "checkins.csv"):
        assert (tmp_path / "csv" / name).read_bytes() == (expected / name).read_bytes(), name
    assert normalised_json(tmp_path / "log.json") == (expected / "log.json").read_bytes()


def test_a_json_export_imported_into_a_new_log_exports_the_same_bytes(tmp_path):
    with LogDatabase.open_folder(tmp_path / "new") as db:
        report = import_files(db, [FIXTURES / "export_of_schema_v5" / "log.json"], today=TODAY)
        assert report.added_doses == 42 and report.added_checkins == 18
        export_json(db, tmp_path / "again.json")
    assert normalised_json(tmp_path / "again.json") == (
        FIXTURES / "export_of_schema_v5" / "log.json").read_bytes()


def test_export_reads_the_log_as_it_was_at_one_moment(tmp_path):
    """Another program saves a dose and a "no kratom" mark while the export is
    reading (after the doses, before the marks): the export holds neither."""
    with log_from("schema_v5.db", tmp_path / "data") as db:
        other = sqlite3.connect(db.path, isolation_level=None, timeout=5)
        saved = []

        def another_program_saves(sql: str) -> None:
            if "FROM checkins" in sql and not saved:
                saved.append(sql)
                with other:
                    other.execute("INSERT INTO doses (taken_at, day, milligrams, form) "
                                  "VALUES ('2025-04-01T08:00', '2025-04-01', 2000, 'powder')")
                    other.execute("INSERT INTO no_use_days (day) VALUES ('2025-04-02')")

        db.conn.set_trace_callback(another_program_saves)
        export_json(db, tmp_path / "log.json")
        db.conn.set_trace_callback(None)
        other.close()
        assert saved  # it did save, during the export
        text = (tmp_path / "log.json").read_text(encoding="utf-8")
        assert "2025-04-01T08:00" not in text and "2025-04-02" not in text
        assert normalised_json(tmp_path / "log.json") == (
            FIXTURES / "export_of_schema_v5" / "log.json").read_bytes()
        assert db.dose_count() == 43  # the saved dose is in the log, for the next export


DOSES = "taken_at,grams,form,product,notes\n" + "".join(
    f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}T08:00,2.5,powder,Green,\n" for i in range(300))
CHECKINS = "date,pain,dizziness,notes\n2026-11-18,6,1,bad night\n"


def test_an_import_that_fails_after_the_bulk_insert_leaves_the_log_unchanged(db, tmp_path):
    """The doses go in through sqlite-utils (in a savepoint); the check-in after them
    fails: the savepoint's doses are rolled back with the rest of the import."""
    (tmp_path / "doses.csv").write_text(DOSES, encoding="utf-8")
    (tmp_path / "checkins.csv").write_text(CHECKINS, encoding="utf-8")
    before = table_snapshot(db)
    # A real failure of SQLite's, on this connection only, as the check-in is written.
    db.conn.execute("CREATE TEMP TRIGGER refuse AFTER INSERT ON main.checkins "
                    "BEGIN SELECT RAISE(ABORT, 'the disk said no'); END")
    with pytest.raises((sqlite3.Error, SaveError), match="the disk said no"):
        import_files(db, [tmp_path / "doses.csv", tmp_path / "checkins.csv"], today=TODAY)
    assert not db.conn.in_transaction
    assert table_snapshot(db) == before
    db.conn.execute("DROP TRIGGER temp.refuse")
    report = import_files(db, [tmp_path / "doses.csv", tmp_path / "checkins.csv"], today=TODAY)
    assert (report.added_doses, report.added_checkins) == (300, 1)


def test_an_import_that_fills_the_log_part_way_through_the_bulk_insert_leaves_it_unchanged(db, tmp_path):
    many = "taken_at,grams,form,product,notes\n" + "".join(
        f"2026-{1 + i // 28 % 10:02d}-{1 + i % 28:02d}T{i // 280:02d}:00,2.5,powder,Green,{'x' * 400}\n"
        for i in range(2500))
    (tmp_path / "many.csv").write_text(many, encoding="utf-8")
    before = table_snapshot(db)
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages + 160}")  # room for a batch of 1000, not all 2500
    with pytest.raises(StorageFullError):
        import_files(db, [tmp_path / "many.csv"], today=TODAY)
    assert table_snapshot(db) == before
    db.conn.execute("PRAGMA max_page_count = 1073741823")  # space is back
    assert import_files(db, [tmp_path / "many.csv"], today=TODAY).added_doses == 2500


def test_the_import_leaves_the_connections_settings_as_they_were(db, tmp_path):
    (tmp_path / "doses.csv").write_text(DOSES, encoding="utf-8")
    import_files(db, [tmp_path / "doses.csv"], today=TODAY)
    assert db.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 0
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.dose_count() == 300 and db.all_doses()[0].taken_at == dt.datetime(2026, 1, 1, 8, 0)
