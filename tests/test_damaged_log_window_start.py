"""The attack's damaged logs (issue 26) given to the real window's start, as its
own process (tests/damage_window.py answers what the start asks): a byte in a
setting, in a plan, in the header. Before issue 26 a settings byte crashed
the window at every start (JSONDecodeError) with no read-only or restore
offer, and a plan that could not be read stopped the start half-way (no
whole-log check, no idle lock, no backup, no listener). Each start must now
reach the read-only window (or say why the file cannot be opened), run its
whole-log check, and leave the damaged file's bytes as they were."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PASSPHRASE
from real_command import ROOT, kratomtrack
from test_check_reads_everything import LOG, change_bytes, flip_bit, log  # noqa: F401 — log is a fixture

pytestmark = pytest.mark.window  # the window's start runs (in its own process)

WINDOW = Path(__file__).parent / "damage_window.py"
SETTING_BYTE = (b'"recent_days": 9', b'"recent_days": \x19')
PLAN_BYTE = (b'"leaf_mg": 4000', b'"leaf_mg": 4\x0000')


def start_window(folder: Path, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, dict]:
    """The window's start on ``folder``, answered and closed once settled; (process, what it showed)."""
    result = tmp_path / "window.json"
    environment = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
                       KRATOMTRACK_PASSPHRASE=PASSPHRASE, **env)
    process = subprocess.run([sys.executable, str(WINDOW), str(folder), str(result)], env=environment,
                             capture_output=True, text=True, timeout=120)
    assert "Traceback" not in process.stderr and "terminate called" not in process.stderr, process.stderr
    assert process.returncode == 0, process.stderr
    return process, json.loads(result.read_text())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("where,change", [("setting", SETTING_BYTE), ("plan", PLAN_BYTE)])
def test_a_byte_in_a_setting_or_plan_starts_the_window_read_only_with_its_check_run(log, tmp_path, where, change):
    change_bytes(log / LOG, *change)
    before = digest(log / LOG)
    _, seen = start_window(log, tmp_path)
    window = seen["window"]
    assert window is not None, seen  # the start reached the window, not a crash or a quit
    assert window["read_only"] and window["bar_shown"], window
    assert window["checked"] and not window["healthy"], window  # the whole-log check ran at the start
    assert digest(log / LOG) == before


@pytest.mark.parametrize("offset", [17, 18, 63, 71])  # page size, write version, user_version, application id
def test_a_header_byte_is_said_or_read_only_at_the_window_start_and_never_written(log, tmp_path, offset):
    flip_bit(log / LOG, offset)
    before = digest(log / LOG)
    _, seen = start_window(log, tmp_path)
    if seen["window"] is None:
        assert seen["messages"] and seen["status"] == 1, seen  # said in words, then quit
    else:
        assert seen["window"]["read_only"], seen
    assert digest(log / LOG) == before


def test_restore_refuses_a_backup_with_a_changed_setting_byte(log, tmp_path):
    damaged = tmp_path / "with-a-setting-byte.db"
    change_bytes(log / LOG, *SETTING_BYTE)
    damaged.write_bytes((log / LOG).read_bytes())
    change_bytes(log / LOG, SETTING_BYTE[1], SETTING_BYTE[0])  # the log itself healthy again
    before = digest(log / LOG)
    restored = kratomtrack(log, "restore", damaged)
    assert restored.returncode == 2 and "Traceback" not in restored.stderr, restored.stderr
    assert "--even-if-damaged" in restored.stderr + restored.stdout
    assert digest(log / LOG) == before


def test_a_dose_typed_at_once_never_lands_in_a_log_with_damage_the_quick_check_misses(log, tmp_path):
    change_bytes(log / LOG, *SETTING_BYTE)  # SQLite's quick check passes; the whole-log check does not
    before = digest(log / LOG), doses_in(log / LOG)
    start_window(log, tmp_path, KRATOMTRACK_FUZZ_TYPE_DOSE="1")
    assert (digest(log / LOG), doses_in(log / LOG)) == before


def doses_in(path: Path) -> int:
    """The doses another program reads in the file (its -wal included)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM doses").fetchone()[0]
    finally:
        conn.close()
