"""The log's checks start on a thread while the window's modules load
(store.opening.check_log_soon, ui/app/launch.check_log_early): the same
checks, with the same refusals, as when the window opened the log itself."""

from __future__ import annotations

import pytest

from kratomtrack.store import schema
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.opening import check_log, check_log_soon, open_connection
from kratomtrack.store.sqlite_file import DamagedDatabaseError
from kratomtrack.ui.app.launch import check_log_early
from kratomtrack.ui.app.startup import open_log_for_window
from kratomtrack.ui.dialogs.restore import DamagedLogDialog

from log_files import damage, fill
from window_helpers import when_modal

pytestmark = pytest.mark.window


def test_the_early_check_of_a_healthy_log_gives_what_check_log_gives(db, data_dir):
    fill(db, 3)
    path = data_dir / "kratomtrack.db"
    assert check_log_soon(path)() == check_log(path) == schema.SCHEMA_VERSION
    conn = open_connection(path, checked=check_log_soon(path))
    assert conn.execute("SELECT count(*) FROM doses").fetchone()[0] == 3
    conn.close()


def test_the_early_check_of_a_damaged_log_refuses_it_at_open_and_writes_nothing(db, data_dir):
    fill(db, 3)
    db.close()
    path = data_dir / "kratomtrack.db"
    damaged = damage(path)
    checked = check_log_soon(path)
    with pytest.raises(DamagedDatabaseError):
        checked()
    with pytest.raises(DamagedDatabaseError):
        LogDatabase.open_folder(data_dir, checked=check_log_soon(path))
    assert path.read_bytes() == damaged


def test_no_early_check_for_a_new_folder_or_a_protected_log(tmp_path):
    assert check_log_early(tmp_path / "nothing-here") is None
    (tmp_path / "kratomtrack.db").write_bytes(b"\x8f" * 4096)  # a protected log is not plain SQLite
    assert check_log_early(tmp_path) is None
    (tmp_path / "kratomtrack.db").write_bytes(b"")
    assert check_log_early(tmp_path) is None


def test_a_damaged_log_found_early_gets_the_restore_offer_and_is_left_as_it_was(db, data_dir, qtbot):
    fill(db, 3)
    db.close()
    damaged = damage(data_dir / "kratomtrack.db")
    offered = []

    def decline(dialog):
        offered.append(dialog.windowTitle())
        dialog.reject()

    when_modal(DamagedLogDialog, decline)
    assert open_log_for_window(data_dir, checked=check_log_early(data_dir)) is None
    assert offered == ["Your log is damaged"]
    assert (data_dir / "kratomtrack.db").read_bytes() == damaged

