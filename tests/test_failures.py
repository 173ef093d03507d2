"""Failures a person can survive: a full disk or a read-only folder while
saving gives a clear error, leaves the log as it was, and saving works
again once the problem is gone."""

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from kratomtrack.core.records import CheckIn, Dose
from kratomtrack.store.backups import BackupFailedError, list_backups, make_backup
from kratomtrack.store.database import (
    LogBusyError,
    LogDatabase,
    LogNotWritableError,
    SaveError,
    StorageFullError,
)

from conftest import TODAY
from log_files import fill, table_snapshot

MORNING = dt.datetime(2026, 11, 20, 8, 30)


def big_dose(i: int) -> Dose:
    return Dose(MORNING - dt.timedelta(hours=i), 2.0, note=f"{i} " + "x" * 1900)


def add_until_full(db: LogDatabase, limit: int = 400) -> tuple[StorageFullError, dict]:
    """Save until the disk is full; returns the error and the log just before it."""
    for i in range(limit):
        before = table_snapshot(db)
        try:
            db.add_dose(big_dose(i), today=TODAY)
        except StorageFullError as err:
            return err, before
    pytest.fail(f"the disk never filled up in {limit} saves")


def integrity(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def test_log_full_gives_clear_error_keeps_log_and_saves_again_later(db):
    fill(db, 5)
    # SQLite's own limit: the file may not grow, as on a full disk.
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages}")
    err, before = add_until_full(db)
    assert "full" in str(err) and "unchanged" in str(err) and "try again" in str(err)
    assert isinstance(err, SaveError)
    assert table_snapshot(db) == before
    with pytest.raises(StorageFullError):  # one action fails whole, not half-saved
        with db.transaction():
            db.save_checkin(CheckIn(TODAY - dt.timedelta(days=30), 3, note="pain"), today=TODAY)
            db.add_dose(big_dose(500), today=TODAY)
    assert table_snapshot(db) == before
    db.conn.execute("PRAGMA max_page_count = 1073741823")  # space is back
    saved = db.add_dose(big_dose(999), today=TODAY)
    assert db.dose(saved.id).note.startswith("999 ")
    assert integrity(db.path) == ["ok"]


def test_busy_log_gives_clear_error_and_saves_once_free(db):
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    db.conn.execute("PRAGMA busy_timeout = 50")
    with pytest.raises(LogBusyError, match="another kratomtrack program"):
        db.add_dose(big_dose(1), today=TODAY)
    other.execute("COMMIT")
    other.close()
    db.add_dose(big_dose(1), today=TODAY)
    assert db.dose_count() == 1


@pytest.fixture
def small_disk(tmp_path):
    """A real 1 MB file system (tmpfs); skipped where mounting is not allowed."""
    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        pytest.skip("needs Linux mount")
    disk = tmp_path / "disk"
    disk.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(disk)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {result.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def fill_disk(disk) -> os.PathLike:
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_full_disk_while_saving_keeps_log_and_saving_works_once_space_is_back(small_disk):
    db = LogDatabase.open_folder(small_disk / "data")
    try:
        fill(db, 3)
        filler = fill_disk(small_disk)
        err, before = add_until_full(db)
        assert "disk that holds it is full" in str(err)
        assert table_snapshot(db) == before
        with pytest.raises(BackupFailedError, match="disk is full"):
            make_backup(db)
        assert list(small_disk.glob("data/backups/*")) == []  # no partial copy left
        os.unlink(filler)
        db.add_dose(big_dose(999), today=TODAY)
        assert db.dose_count() == len(before["doses"]) + 1
        assert make_backup(db).doses == db.dose_count()
    finally:
        db.close()
    assert integrity(small_disk / "data" / "kratomtrack.db") == ["ok"]


def test_read_only_data_folder_is_refused_clearly_and_works_once_writable(small_disk, tmp_path):
    with LogDatabase.open_folder(small_disk / "data") as db:
        fill(db, 3)
        before = table_snapshot(db)
    view = tmp_path / "view"
    view.mkdir()
    mounts = [["mount", "--bind", str(small_disk), str(view)],
              ["mount", "-o", "remount,bind,ro", str(view)]]
    for command in mounts:
        if subprocess.run(command, capture_output=True).returncode != 0:
            pytest.skip("bind mounts are not permitted here")
    try:
        with pytest.raises(LogNotWritableError, match="read-only or unavailable.*unchanged"):
            LogDatabase.open_folder(view / "data")
        subprocess.run(["mount", "-o", "remount,bind,rw", str(view)], check=True)
        with LogDatabase.open_folder(view / "data") as db:
            assert table_snapshot(db) == before
            db.add_dose(big_dose(1), today=TODAY)
    finally:
        subprocess.run(["umount", "-l", str(view)], capture_output=True)


def test_cli_reports_a_full_disk_without_a_traceback(small_disk, run_cli, tmp_path):
    folder = small_disk / "data"
    assert run_cli("demo", "--days", 10, "--today", TODAY, folder=folder)[0] == 0
    fill_disk(small_disk)
    csv = tmp_path / "d.csv"
    csv.write_text("taken_at,grams,form,product,notes\n" + "".join(
        f"2026-0{1 + i % 9}-1{i % 10}T0{i % 10}:{i % 60:02d},2.0,powder,,{'x' * 1900}\n"
        for i in range(300)))
    status, _, err = run_cli("import", csv, folder=folder)
    assert status == 2 and "full" in err and "Traceback" not in err
    status, _, err = run_cli("backup", folder=folder)
    assert status == 2 and "full" in err and "Traceback" not in err
    assert list_backups(folder) == []
