"""200 random byte flips and truncations of a log: each ends in a clean
refusal, a read-only open with the damage named, or a healthy open; never in
a crash, and never in a write into a damaged file."""

import datetime as dt
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from kratomtrack.core.demo import demo_log
from kratomtrack.core.records import Dose
from kratomtrack.store.backups import BackupError
from kratomtrack.store.database import LogDatabase, SaveError
from kratomtrack.store.integrity import check_whole_log
from kratomtrack.store.schema import SchemaError

from conftest import TODAY

REFUSALS = (SchemaError, SaveError, BackupError)
# Most cases use a one-year log so the whole file runs in well under a
# minute; some use a ten-year one (the size of a long-kept log).
CASES = [("ten-year", i) for i in range(30)] + [("one-year", i) for i in range(170)]


def _make_log(folder: Path, days: int) -> bytes:
    doses, checkins = demo_log(days, today=TODAY)
    with LogDatabase.open_folder(folder) as db, db.transaction():
        for dose in doses:
            db.add_dose(dose, today=TODAY)
        for checkin in checkins:
            db.save_checkin(checkin, today=TODAY)
    conn = sqlite3.connect(folder / "kratomtrack.db")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return (folder / "kratomtrack.db").read_bytes()


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    base = tmp_path_factory.mktemp("fuzz-logs")
    return {"ten-year": _make_log(base / "ten", 3650), "one-year": _make_log(base / "one", 365)}


def _broken(raw: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    if rng.random() < 0.15:  # cut short, as a crash or a full disk could
        return raw[: rng.randrange(0, len(raw))]
    data = bytearray(raw)
    offset = rng.randrange(0, len(data))
    data[offset] ^= 1 << rng.randrange(8)
    return bytes(data)


@pytest.mark.parametrize("size,seed", CASES)
def test_a_flipped_or_cut_log_is_refused_or_read_only_or_healthy(logs, tmp_path, size, seed):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "kratomtrack.db"
    path.write_bytes(_broken(logs[size], seed))
    before = path.read_bytes()
    health = check_whole_log(path)

    # The readers' way in: read-only, everything that can be read. Where
    # SQLite cannot read a page, the whole-log check has named the damage.
    try:
        with LogDatabase.open_folder(folder, read_only=True) as db:
            db.load_log()
    except REFUSALS:
        pass
    except sqlite3.DatabaseError:
        assert not health.healthy
    assert path.read_bytes() == before

    # The writers' way in: refused whenever the whole-log check finds damage.
    try:
        db = LogDatabase.open_folder(folder, full_check=True)
    except REFUSALS:
        assert path.read_bytes() == before, "a refused log was written to"
        return
    try:
        assert health.healthy, f"a damaged log was opened for writing: {health.findings}"
        db.load_log()
        db.add_dose(Dose(dt.datetime(2026, 11, 2, 9, 0), 1.0), today=TODAY)
    finally:
        db.close()
    shutil.rmtree(folder)
