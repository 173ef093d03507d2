"""Issue 26 (input): an empty --data-dir is refused rather than meaning the real log,
and the commands' choices are taken in any case (--paper A4, --format JSON)."""

import json

from real_command import kratomtrack


def test_an_empty_data_dir_is_refused_in_words_and_nothing_is_made(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # were it to fall back, the usual folder is in here
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    for argv in (["--data-dir", "", "where"], ["--data-dir=", "export", "--format", "json", "-o", "x.json"]):
        result = _run(tmp_path, argv)
        assert result.returncode == 2, result.stderr
        assert "--data-dir needs a folder" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "share").exists()


def _run(tmp_path, argv):
    import os
    import subprocess
    import sys

    from real_command import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "kratomtrack", *argv], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)


def test_choices_are_taken_in_any_case(tmp_path):
    assert kratomtrack(tmp_path, "demo", "--days", "20").returncode == 0
    result = kratomtrack(tmp_path, "report", "--format", "JSON", "--paper", "A4", "-o", tmp_path / "s.json")
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "s.json").read_text())["format"] == "kratomtrack-summary"
    result = kratomtrack(tmp_path, "export", "--format", "Csv", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "doses.csv").is_file()


def test_folders_an_export_creates_are_readable_by_the_owner_only(tmp_path):
    """Issue 26 (smaller): export folders were 0755; an export holds health data."""
    assert kratomtrack(tmp_path / "data", "demo", "--days", "10").returncode == 0
    out = tmp_path / "exports" / "today"
    assert kratomtrack(tmp_path / "data", "export", "--format", "csv", "-o", out).returncode == 0
    assert kratomtrack(tmp_path / "data", "export", "--format", "json", "-o",
                       tmp_path / "json" / "log.json").returncode == 0
    for folder in (tmp_path / "exports", out, tmp_path / "json"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
