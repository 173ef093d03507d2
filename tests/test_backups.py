import datetime as dt
import os
import shutil
import sqlite3
import stat

import pytest

from kratomtrack.core.records import Dose
from kratomtrack.store import schema
from kratomtrack.store.backups import (
    BadBackupError,
    Retention,
    backup_if_due,
    backups_dir,
    list_backups,
    make_backup,
    newest_good_backup,
    prune_backups,
    verify_backup,
)
from kratomtrack.store.database import DamagedDatabaseError, LogDatabase
from kratomtrack.store.restore import restore_backup

from conftest import TODAY
from log_files import damage, fill, table_snapshot

NOW = dt.datetime(2026, 11, 20, 12, 0)
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def integrity(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def test_backup_is_a_checked_self_contained_copy_with_counts(db, data_dir):
    fill(db, 10)
    info = make_backup(db, "manual", now=NOW)
    assert info.path.parent == data_dir / "backups"
    assert info.path.name == "kratomtrack-2026-11-20_120000-manual.db"
    assert (info.days, info.doses) == (10, 10)
    assert integrity(info.path) == ["ok"]
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 10
    conn.close()
    assert sorted(p.name for p in backups_dir(data_dir).iterdir()) == [info.path.name]


@posix_only
def test_backups_are_private(db, data_dir):
    info = make_backup(db, now=NOW)
    assert stat.S_IMODE(backups_dir(data_dir).stat().st_mode) == 0o700
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600


def test_backup_includes_writes_not_yet_checkpointed(db, data_dir):
    fill(db, 3)  # still in the -wal file: the backup API reads through it
    assert (data_dir / "kratomtrack.db-wal").stat().st_size > 0
    assert make_backup(db, now=NOW).doses == 3


def test_two_backups_in_one_second_both_kept_newest_listed_first(db):
    first = make_backup(db, now=NOW)
    fill(db, 1)
    second = make_backup(db, now=NOW)
    assert second.path != first.path
    assert [b.path for b in list_backups(db.path.parent)] == [second.path, first.path]


def test_backup_if_due_makes_one_on_the_first_start_of_each_day(db, data_dir):
    assert backup_if_due(db, now=NOW).reason == "daily"
    assert backup_if_due(db, now=NOW + dt.timedelta(hours=5)) is None
    assert backup_if_due(db, now=NOW + dt.timedelta(days=1)) is not None
    assert len(list_backups(data_dir)) == 2


def _fake_history(folder, first: dt.date, last: dt.date, template) -> None:
    """A real backup file copied under one name per day (as daily starts make)."""
    day = first
    while day <= last:
        name = f"kratomtrack-{day:%Y-%m-%d}_030000-daily.db"
        shutil.copyfile(template, backups_dir(folder) / name)
        day += dt.timedelta(days=1)


def test_pruning_keeps_7_daily_4_weekly_12_monthly(db, data_dir):
    template = make_backup(db, now=dt.datetime(2020, 1, 1)).path
    _fake_history(data_dir, dt.date(2024, 11, 1), dt.date(2026, 11, 20), template)
    template.unlink()
    prune_backups(data_dir, Retention(), now=NOW)  # NOW: Friday 20 Nov 2026, ISO week 47
    kept = sorted(b.made_at.date().isoformat() for b in list_backups(data_dir))
    daily = [f"2026-11-{d}" for d in range(14, 21)]
    weekly = ["2026-10-18", "2026-10-25", "2026-11-01", "2026-11-08"]  # Sundays of weeks 42-45
    monthly = ["2025-11-30", "2025-12-31"] + [
        (dt.date(2026, m + 1, 1) - dt.timedelta(days=1)).isoformat() for m in range(1, 11)]
    assert kept == sorted(daily + weekly + monthly)
    assert len(kept) == 23


def test_pruning_keeps_everything_from_the_last_24_hours(db, data_dir):
    for hour in (1, 2, 3):  # e.g. before an import, before a restore, by hand
        make_backup(db, now=NOW.replace(hour=hour))
    assert prune_backups(data_dir, Retention(1, 0, 0), now=NOW) == []
    assert len(prune_backups(data_dir, Retention(1, 0, 0), now=NOW + dt.timedelta(days=2))) == 2


def test_pruning_never_removes_the_newest_good_copy(db, data_dir):
    good = make_backup(db, now=NOW - dt.timedelta(days=3))
    bad = make_backup(db, now=NOW - dt.timedelta(days=2))
    damage(bad.path)
    prune_backups(data_dir, Retention(0, 0, 0), now=NOW)
    assert good.path.exists()
    assert newest_good_backup(data_dir).path == good.path


def test_retention_is_read_from_settings_and_broken_settings_keep_more(db, data_dir):
    db.set_setting("backups.keep_daily", 2)
    db.set_setting("backups.keep_weekly", "lots")
    db.set_setting("backups.keep_monthly", -1)
    assert Retention.from_db(db) == Retention(2, 4, 12)
    for days_ago in range(5, 0, -1):
        make_backup(db, now=NOW - dt.timedelta(days=days_ago))
    # 2 daily, then the weekly rule keeps the newest of each earlier week.
    kept = [b.made_at.day for b in list_backups(data_dir)]
    assert kept[:2] == [19, 18] and 17 not in kept


def test_list_backups_reads_dates_days_and_doses_and_skips_other_files(db, data_dir):
    fill(db, 4)
    make_backup(db, now=NOW)
    (backups_dir(data_dir) / "notes.txt").write_text("mine")
    (backups_dir(data_dir) / "kratomtrack-2026-11-21_120000-manual.db").write_text("not sqlite")
    listed = list_backups(data_dir, with_counts=True)
    assert [(b.made_at, b.days, b.doses) for b in listed[1:]] == [(NOW, 4, 4)]
    assert listed[0].problem == "it is not a kratomtrack log" and listed[0].days is None
    assert "4 days, 4 doses" in listed[1].describe() and "Fri 20 Nov 2026 12:00" in listed[1].describe()
    assert "cannot be read" in listed[0].describe()


def test_backup_names_with_impossible_dates_or_times_are_skipped(db, data_dir):
    make_backup(db, now=NOW)
    for name in ("kratomtrack-2026-02-30_120000-daily.db", "kratomtrack-2026-11-21_250000-daily.db",
                 "kratomtrack-2026-11-21_126000-daily.db"):
        shutil.copy(list_backups(data_dir)[0].path, backups_dir(data_dir) / name)
    assert [b.made_at for b in list_backups(data_dir)] == [NOW]


# --- restore ---------------------------------------------------------------------------


def test_restore_replaces_the_log_and_can_itself_be_undone(db, data_dir):
    fill(db, 5)
    five_days = table_snapshot(db)
    backup = make_backup(db, now=NOW - dt.timedelta(days=1))
    fill(db, 3, grams=9.0, start=TODAY - dt.timedelta(days=10))
    eight_days = table_snapshot(db)
    result = restore_backup(data_dir, backup.path, now=NOW)
    # The window's connection, still open, sees the restored log.
    assert table_snapshot(db) == five_days
    assert result.backup_of_previous.reason == "before-restore"
    assert result.backup_of_previous.doses == 8 and result.set_aside == []
    restore_backup(data_dir, result.backup_of_previous.path, now=NOW + dt.timedelta(minutes=1))
    assert table_snapshot(db) == eight_days


def test_restored_log_keeps_wal_and_private_mode(db, data_dir):
    backup = make_backup(db, now=NOW)
    restore_backup(data_dir, backup.path, now=NOW)
    with LogDatabase.open_folder(data_dir) as again:
        assert again.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    if os.name == "posix":
        assert stat.S_IMODE((data_dir / "kratomtrack.db").stat().st_mode) == 0o600


def test_damaged_backup_is_refused_and_nothing_changes(db, data_dir):
    fill(db, 5)
    backup = make_backup(db, now=NOW)
    damage(backup.path)
    before = table_snapshot(db)
    backups_before = sorted(backups_dir(data_dir).iterdir())
    with pytest.raises(BadBackupError, match="damaged.*left unchanged"):
        restore_backup(data_dir, backup.path, now=NOW)
    assert table_snapshot(db) == before
    assert sorted(backups_dir(data_dir).iterdir()) == backups_before


@pytest.mark.parametrize("kind, message", [
    ("text", "not a kratomtrack log"),
    ("foreign", "not a kratomtrack log"),
    ("newer", "newer version"),
    ("missing", "no such file"),
    ("empty", "empty"),
])
def test_files_that_are_not_usable_backups_are_refused(db, tmp_path, kind, message):
    path = tmp_path / "candidate.db"
    if kind == "text":
        path.write_text("date,pain\n")
    elif kind == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE recipes (name)")
        conn.close()
    elif kind == "newer":
        shutil.copyfile(make_backup(db, now=NOW).path, path)
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
        conn.close()
    elif kind == "empty":
        path.write_bytes(b"")
    before = table_snapshot(db)
    with pytest.raises(BadBackupError, match=message):
        verify_backup(path)
    with pytest.raises(BadBackupError):
        restore_backup(db.path.parent, path, now=NOW)
    assert table_snapshot(db) == before


def test_restore_over_a_damaged_log_keeps_the_damaged_file_aside(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 6)
        backup = make_backup(db, now=NOW - dt.timedelta(days=1))
        fill(db, 2, start=TODAY - dt.timedelta(days=20))
    damaged = damage(data_dir / "kratomtrack.db")
    with pytest.raises(DamagedDatabaseError):
        LogDatabase.open_folder(data_dir)
    result = restore_backup(data_dir, backup.path, now=NOW)
    assert result.backup_of_previous is None
    kept = [p for p in result.set_aside if p.name.endswith("kratomtrack.db")]
    assert kept and kept[0].read_bytes() == damaged
    assert kept[0] not in [b.path for b in list_backups(data_dir)]
    with LogDatabase.open_folder(data_dir) as db:
        assert db.dose_count() == 6
    prune_backups(data_dir, Retention(0, 0, 0), now=NOW + dt.timedelta(days=400))
    assert kept[0].exists()  # never pruned


def test_restore_of_an_older_schema_backup_migrates_it(db, data_dir, tmp_path):
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "schema_v1.db", old)
    restore_backup(data_dir, old, now=NOW)
    assert schema.schema_version(db.conn) == schema.SCHEMA_VERSION
    assert db.dose_count() == 42


# --- opening a damaged, empty or older log --------------------------------------------------


def test_damaged_log_is_refused_and_not_written_to(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 6)
        make_backup(db, now=NOW)
    damaged = damage(data_dir / "kratomtrack.db")
    for _ in range(2):  # also: a second start never replaces it with an empty log
        with pytest.raises(DamagedDatabaseError, match="damaged.*Nothing was written") as err:
            LogDatabase.open_folder(data_dir, create=True)
        assert (data_dir / "kratomtrack.db").read_bytes() == damaged
    assert "\n" not in str(err.value) and len(str(err.value)) < 400
    assert newest_good_backup(data_dir).doses == 6


def test_empty_log_file_is_refused_when_backups_exist(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 2)
        make_backup(db, now=NOW)
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"kratomtrack.db{suffix}").unlink(missing_ok=True)
    (data_dir / "kratomtrack.db").write_bytes(b"")
    with pytest.raises(DamagedDatabaseError, match="empty"):
        LogDatabase.open_folder(data_dir)
    assert (data_dir / "kratomtrack.db").read_bytes() == b""


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"
SCHEMA_FIXTURES = sorted(FIXTURES.glob("schema_v*.db"))


def test_there_is_a_fixture_for_every_schema_version():
    assert [p.name for p in SCHEMA_FIXTURES] == [
        f"schema_v{v}.db" for v in range(1, schema.SCHEMA_VERSION + 1)]


def _rows(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    rows = {}
    for table in tables:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        rows[table] = (columns, sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr))
    conn.close()
    return rows


def _in_milligrams(columns: list[str], rows: list[tuple]) -> tuple[list[str], list[tuple]]:
    """Doses rows before schema 3 as schema 3 must hold them: grams exactly * 1000."""
    at = columns.index("grams")
    converted = []
    for row in rows:
        milligrams = round(row[at] * 1000)
        assert abs(row[at] * 1000 - milligrams) < 1e-9
        converted.append((*row[:at], milligrams, *row[at + 1:]))
    return [*columns[:at], "milligrams", *columns[at + 1:]], sorted(converted, key=repr)


@pytest.mark.parametrize("fixture", SCHEMA_FIXTURES, ids=lambda p: p.stem)
def test_every_earlier_schema_migrates_keeping_every_row(fixture, data_dir):
    data_dir.mkdir()
    shutil.copyfile(fixture, data_dir / "kratomtrack.db")
    old = _rows(fixture)
    version = int(fixture.stem.removeprefix("schema_v"))
    with LogDatabase.open_folder(data_dir) as db:
        assert schema.schema_version(db.conn) == schema.SCHEMA_VERSION
        assert db.dose_count() == 42 and len(db.all_checkins()) == 18
        assert db.checkin(dt.date(2025, 3, 3)).note == "bad night; knee 💢"
        assert "dry mouth" in [s.name for s in db.side_effects(include_hidden=True) if s.hidden]
        db.add_dose(Dose(dt.datetime(2026, 11, 20, 8, 0), 2.0), today=TODAY)  # still writable
    new = _rows(data_dir / "kratomtrack.db")
    for table, (columns, rows) in old.items():
        if table == "doses" and "grams" in columns:  # schema 3 holds whole milligrams
            columns, rows = _in_milligrams(columns, rows)
        new_columns, new_rows = new[table]
        assert new_columns[: len(columns)] == columns
        kept = sorted((r[: len(columns)] for r in new_rows), key=repr)
        if table == "doses":
            kept = [r for r in kept if r[1] != "2026-11-20T08:00"]
        assert kept == rows, table
    backups = list_backups(data_dir)
    if version < schema.SCHEMA_VERSION:
        assert [b.reason for b in backups] == ["before-migration"]
        assert _rows(backups[0].path) == old  # the copy is the log exactly as it was
    else:
        assert backups == []


def test_restore_of_a_backup_with_another_page_size(db, data_dir, tmp_path):
    other = tmp_path / "8k.db"
    with LogDatabase.open_folder(tmp_path / "elsewhere") as source:
        fill(source, 3)
        source.conn.execute("PRAGMA journal_mode = DELETE")
        source.conn.execute("PRAGMA page_size = 8192")
        source.conn.execute("VACUUM")
        source.conn.execute("VACUUM INTO ?", (str(other),))
    assert sqlite3.connect(other).execute("PRAGMA page_size").fetchone()[0] == 8192
    restore_backup(data_dir, other, now=NOW)
    assert db.dose_count() == 3  # seen through the window's open connection
    assert integrity(db.path) == ["ok"]
    assert not list(data_dir.glob(".*converting*"))
