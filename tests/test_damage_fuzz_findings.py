"""What the 500-damage fuzz (tests/test_damage_fuzz_commands.py) found, each fixed
and proved here on its own: real files, the store's own opening and the real command."""

from __future__ import annotations

import pytest

from kratomtrack.store.database import DamagedDatabaseError, LogDatabase

from log_files import fill
from real_command import kratomtrack
from test_check_reads_everything import LOG, change_bytes, checkpointed, flip_bit


@pytest.fixture
def small_log(data_dir):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 5)
    return checkpointed(data_dir)


@pytest.mark.parametrize("offset,bit", [(18, 0), (19, 0), (19, 2), (18, 3)])
def test_a_changed_read_or_write_version_byte_is_refused_at_opening_never_rewritten(small_log, offset, bit):
    """SQLite's quick check passes such a file and a read-write open set the versions back to
    WAL's, so the window 'repaired' a file check calls damaged (fuzz damage #11, plain header)."""
    flip_bit(small_log, offset, bit)
    before = small_log.read_bytes()
    with pytest.raises(DamagedDatabaseError):
        LogDatabase.open_folder(small_log.parent)
    assert small_log.read_bytes() == before
    checked = kratomtrack(small_log.parent, "check")
    assert checked.returncode == 3, checked.stdout
    assert small_log.read_bytes() == before


@pytest.mark.window  # the window's start runs, in its own process
def test_a_setting_whose_text_is_no_longer_json_reads_as_unset_and_the_window_starts_read_only(
        data_dir, tmp_path):
    """A changed byte in the "I also take" answers crashed the window's start in its safety
    banner (JSONDecodeError; fuzz damage #20, plain setting value): the store now reads such a
    value as unset, the whole-log check names it, and the window reaches its read-only bar."""
    from kratomtrack.store import preferences
    from test_damaged_log_window_start import start_window

    with LogDatabase.open_folder(data_dir) as db:
        fill(db, 5)
        preferences.set_also_take(db, ["opioids"])
    log = checkpointed(data_dir)
    change_bytes(log, b'"opioids"', b'\x01opioids"')
    before = log.read_bytes()
    with LogDatabase.open_folder(data_dir, read_only=True) as db:
        assert preferences.also_take(db) == frozenset()
    _, seen = start_window(data_dir, tmp_path)
    assert seen["window"]["read_only"] and seen["window"]["bar_shown"], seen
    assert log.read_bytes() == before
