"""Migration 3 with sqlite-utils' transform() and migration 4 with its create():
a new log and a log of every earlier version are exactly the logs the
hand-written SQL made before, each migration is one transaction, and an
up-to-date log opens without sqlite-utils."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kratomtrack.store import schema
from kratomtrack.store.database import LogDatabase

from schema_shape import dump

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
# Logs at version 5 as the code at 93e06fb made them, before the migrations used
# sqlite-utils (tests/schema_shape.py). Compared at version 5, so that a later
# migration adds to these tests without changing them.
BEFORE = json.loads((FIXTURES / "logs_before_sqlite_utils.json").read_text(encoding="utf-8"))
OLD_VERSIONS = [f"schema_v{v}.db" for v in range(1, 6)]


def made_up_to_5(path: Path, fixture: str | None = None) -> sqlite3.Connection:
    """The log at ``path`` (new, or a copy of ``fixture``) migrated as the app does, to version 5."""
    if fixture:
        shutil.copyfile(FIXTURES / fixture, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")  # as the app opens a log
    schema.migrate(conn, to=5)
    return conn


def migrated(fixture: str, folder: Path) -> LogDatabase:
    folder.mkdir(parents=True)
    shutil.copyfile(FIXTURES / fixture, folder / "kratomtrack.db")
    return LogDatabase.open_folder(folder)


def test_a_new_log_is_the_log_the_hand_written_migrations_made(tmp_path):
    assert dump(made_up_to_5(tmp_path / "new.db")) == BEFORE["fresh"]


@pytest.mark.parametrize("fixture", OLD_VERSIONS)
def test_a_log_of_every_earlier_version_migrates_to_what_it_did_before(fixture, tmp_path):
    assert dump(made_up_to_5(tmp_path / "log.db", fixture)) == BEFORE[fixture]


def test_a_new_log_and_a_migrated_one_are_the_same_log(db, tmp_path):
    with migrated("schema_v1.db", tmp_path / "old") as old:
        assert dump(old.conn)["schema"] == dump(db.conn)["schema"]


def test_migration_3_keeps_every_check_and_makes_whole_milligrams(tmp_path):
    with migrated("schema_v2.db", tmp_path / "data") as db:
        # The table transform() rebuilt: grams is gone, milligrams in its place.
        columns = [r[1:4] for r in db.conn.execute("PRAGMA table_info(doses)")]
        assert columns[:5] == [("id", "INTEGER", 0), ("taken_at", "TEXT", 1), ("day", "TEXT", 1),
                               ("milligrams", "INTEGER", 1), ("form", "TEXT", 1)]
        assert db.conn.execute("SELECT DISTINCT typeof(milligrams) FROM doses").fetchall() == [("integer",)]
        sql = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'doses'").fetchone()[0]
        assert "grams REAL" not in sql and "milligrams <= 100000" in sql
        assert {r[0] for r in db.conn.execute(  # and doses_uid, which migration 6 adds
            "SELECT name FROM sqlite_master WHERE tbl_name = 'doses' AND type = 'index'")} >= {
            "doses_day", "doses_taken_at"}
        assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 0  # left as it was


# --- one transaction per step: a crash leaves the file before or after it ----------------

KILLED_AT = """
import os, signal, sqlite3, sys
from kratomtrack.store import schema
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA synchronous = FULL")
conn.execute("PRAGMA foreign_keys = ON")  # as the app opens a log
def trace(sql):
    if sys.argv[2] in sql:
        os.kill(os.getpid(), signal.SIGKILL)
conn.set_trace_callback(trace)
schema.migrate(conn)
print("not killed")
"""


def migrate_until(path: Path, statement: str) -> subprocess.CompletedProcess:
    """Migrate the log at ``path`` in a program killed (SIGKILL) as ``statement`` starts."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", KILLED_AT, str(path), statement],
                          capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills a program (POSIX)")
@pytest.mark.parametrize("statement", [
    'INSERT INTO "doses_new_',  # transform(): the rows copied into the new table
    'DROP TABLE "doses"',  # the old one dropped
    'RENAME TO "doses"',  # the new one put in its place
    "CREATE INDEX doses_day",  # its indexes made again
    "PRAGMA user_version = 3",
    "COMMIT",
])
def test_a_crash_inside_migration_3_leaves_the_log_as_version_2_left_it(statement, tmp_path):
    path = tmp_path / "kratomtrack.db"
    shutil.copyfile(FIXTURES / "schema_v2.db", path)
    before = dump(sqlite3.connect(path, isolation_level=None))
    killed = migrate_until(path, statement)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert dump(conn) == before
    conn.close()
    assert dump(made_up_to_5(path)) == BEFORE["schema_v2.db"]  # and it migrates whole the next time


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills a program (POSIX)")
@pytest.mark.parametrize("statement, left_at", [
    ("CREATE TABLE ratings", 0), ('DROP TABLE "doses"', 2), ('CREATE TABLE "no_use_days"', 3),
    ("CREATE TABLE plans", 4)])
def test_a_crash_while_a_new_log_is_made_leaves_a_whole_version_that_migrates_on(statement, left_at, tmp_path):
    path = tmp_path / "kratomtrack.db"
    killed = migrate_until(path, statement)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == left_at
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    assert dump(made_up_to_5(path)) == BEFORE["fresh"]


def test_a_migration_that_fails_part_way_leaves_the_log_as_it_was(tmp_path):
    """0.0001 g (another program's, within schema 2's CHECK) is 0 whole milligrams,
    which migration 3's CHECK refuses once the column is added: the log stays a
    whole version 2 log, without the added column."""
    path = tmp_path / "kratomtrack.db"
    shutil.copyfile(FIXTURES / "schema_v2.db", path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE doses SET grams = 0.0001 WHERE id = 7")
    before = dump(conn)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed: milligrams"):
        schema.migrate(conn)
    assert not conn.in_transaction and dump(conn) == before


# --- off the window's start -------------------------------------------------------------

LOADED = """
import sys
from pathlib import Path
from kratomtrack.store.database import LogDatabase
LogDatabase.open_folder(Path(sys.argv[1])).close()
print("sqlite_utils" in sys.modules, "numpy" in sys.modules)
"""


def loaded_opening(folder: Path) -> list[str]:
    """Whether a program that opens the log in ``folder`` loaded sqlite-utils, and numpy."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", LOADED, str(folder)], capture_output=True, text=True,
                          env=env, timeout=60, check=True).stdout.split()


def test_an_up_to_date_log_opens_without_sqlite_utils(tmp_path):
    """sqlite-utils loads numpy (0.2 to 0.4 s): opening an up-to-date log, as the
    window does at every start, never waits for it (tests/test_window_start.py)."""
    with migrated("schema_v2.db", tmp_path / "data"):
        pass
    assert loaded_opening(tmp_path / "data") == ["False", "False"]


def test_a_migration_that_rebuilds_a_table_loads_sqlite_utils(tmp_path):
    (tmp_path / "data").mkdir()
    shutil.copyfile(FIXTURES / "schema_v2.db", tmp_path / "data" / "kratomtrack.db")
    assert loaded_opening(tmp_path / "data") == ["True", "True"]
