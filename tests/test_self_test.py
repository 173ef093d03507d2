"""`kratomtrack --self-test`, run as a user (or a packaged build's check) would run it."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.window  # the self-test starts the window

ROOT = Path(__file__).resolve().parent.parent


def self_test(data_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "kratomtrack", "--self-test",
                           "--data-dir", str(data_dir)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_self_test_opens_the_window_in_a_new_private_data_folder(tmp_path):
    folder = tmp_path / "data"
    result = self_test(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    for check in ("data folder", "whole log", "icon", "main window", "charts", "printing",
                  "local socket", "protection"):
        assert f"ok    {check}:" in result.stdout
    assert "all 8 checks passed" in result.stdout
    if os.name == "posix":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE((folder / "kratomtrack.db").stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")
def test_self_test_fails_when_others_can_read_the_data_folder(tmp_path):
    folder = tmp_path / "data"
    assert self_test(folder).returncode == 0
    folder.chmod(0o755)
    result = self_test(folder)
    assert result.returncode == 1
    assert "FAIL  data folder:" in result.stdout and "readable by other users" in result.stdout
    assert "1 of 8 checks failed" in result.stdout


def test_self_test_fails_with_a_message_when_the_data_folder_cannot_be_made(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    result = self_test(blocker / "data")
    assert result.returncode == 1
    assert "FAIL  data folder:" in result.stdout
    assert "FAIL  main window: not tried" in result.stdout
    assert blocker.read_text() == "not a folder"


def test_self_test_takes_no_subcommand(run_cli):
    status, out, err = run_cli("--self-test", "where")  # run_cli returns argparse's exit status
    assert status == 2 and out == "" and "--self-test takes no subcommand" in err
