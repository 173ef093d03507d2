"""What the 500-damage fuzz (tests/test_damage_fuzz_commands.py) found, each fixed
and proved here on its own: real files, the store's own opening and the real command."""

from __future__ import annotations

import pytest

from kratomtrack.store.database import DamagedDatabaseError, LogDatabase

from log_files import fill
from real_command import kratomtrack
from test_check_reads_everything import LOG, checkpointed, flip_bit


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
