"""File → Import in the window: every failure (busy, full disk, read-only or
damaged log, a value the database would reject) ends in words saying what
happened and that the log is unchanged."""

import sqlite3

import pytest

from kratomtrack.store.database import LogDatabase

from log_files import fill, table_snapshot

pytestmark = pytest.mark.window

ROWS = "taken_at,grams,form,product,notes\n" + "".join(
    f"2026-10-{day:02d}T08:00,2.5,powder,Green,{'x' * 1500}\n" for day in range(1, 29))


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "doses.csv"
    path.write_text(ROWS)
    return path


def unchanged_after(window, db, csv_file) -> str:
    before = table_snapshot(db)
    text = window.transfer.import_paths([str(csv_file)], ask=False)
    assert "Nothing was imported; your log is unchanged." in text
    assert table_snapshot(db) == before
    assert window.undo_stack.count() == 0  # nothing to undo: nothing happened
    return text


def test_a_busy_log_is_said_and_left_unchanged(window, db, csv_file):
    fill(db, 2)
    db.conn.execute("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        assert "busy" in unchanged_after(window, db, csv_file)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_full_disk_is_said_and_left_unchanged(window, db, csv_file):
    fill(db, 2)
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages}")
    assert "full" in unchanged_after(window, db, csv_file)


def test_a_read_only_log_is_said_and_left_unchanged(window, db, csv_file):
    fill(db, 2)
    db.read_only, db.read_only_reason = True, "it is damaged"
    assert "read-only" in unchanged_after(window, db, csv_file)


def test_a_value_the_database_would_reject_is_a_refusal_naming_the_line(window, db, tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text("taken_at,grams,form,product,notes\n2026-10-01T08:00,0.00000001,powder,,\n")
    before = table_snapshot(db)
    text = window.transfer.import_paths([str(path)], ask=False)
    assert "your log is unchanged" in text and "line 2" in text and "CHECK" not in text
    assert table_snapshot(db) == before


def test_an_import_is_one_undo_step_and_an_undo_that_cannot_be_saved_says_so(window, db, csv_file):
    before = table_snapshot(db)
    window.transfer.import_paths([str(csv_file)], ask=False)
    assert db.dose_count() == 28 and window.undo_stack.count() == 1
    failures: list[str] = []
    window.editor.failed.disconnect()  # no message box: the words are read here
    window.editor.failed.connect(failures.append)
    db.conn.execute("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        assert not window.editor.undo()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert failures and "Could not undo" in failures[0] and "another program" in failures[0]
    assert db.dose_count() == 28 and window.undo_stack.canUndo()  # nothing half undone
    assert window.editor.undo()
    assert table_snapshot(db) == before
