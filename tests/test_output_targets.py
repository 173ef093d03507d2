"""Issue 26 (input): a command writes only to a regular file or a new name
(store.output_paths). A device (`export -o /dev/full` as root replaced the device
node and exited 0), a named pipe, a folder or a symbolic link is refused in words,
exit 2, and stays as it was; a write that fails is an error in words, non-zero,
and leaves no half file."""

import datetime as dt
import os
import resource
import signal
import stat
import subprocess
import sys

import pytest

from kratomtrack.store.backups import make_backup
from kratomtrack.store.database import LogDatabase

from log_files import fill
from real_command import ROOT, kratomtrack

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def log(tmp_path):
    folder = tmp_path / "data"
    assert kratomtrack(folder, "demo", "--days", "60").returncode == 0
    return folder


def _targets(place):
    """Every kind of existing path a command must not write over, and how to tell it is untouched."""
    outside = place / "elsewhere.txt"
    outside.write_text("not yours")
    made = {}
    made["a named pipe"] = place / "pipe.json"
    os.mkfifo(made["a named pipe"])
    made["a folder"] = place / "folder.json"
    made["a folder"].mkdir()
    made["a symbolic link"] = place / "link.json"
    made["a symbolic link"].symlink_to(outside)
    made["a dangling symbolic link"] = place / "dangling.json"
    made["a dangling symbolic link"].symlink_to(place / "nowhere" / "x.json")
    if IS_ROOT:  # as root, the attack's /dev/full; a copy of its node here, never the real one
        made["a device"] = place / "full.json"
        os.mknod(made["a device"], 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    return made, outside


def _state(path):
    info = os.lstat(path)
    return stat.S_IFMT(info.st_mode), info.st_ino, info.st_rdev, os.readlink(path) if os.path.islink(path) else None


COMMANDS = {
    "export json": ["export", "--format", "json", "-o"],
    "report json": ["report", "--format", "json", "-o"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_device_a_pipe_a_folder_or_a_link_is_refused_and_left_as_it_was(log, tmp_path, command):
    place = tmp_path / "out"
    place.mkdir()
    made, outside = _targets(place)
    assert not IS_ROOT or "a device" in made
    for kind, target in made.items():
        before = _state(target)
        result = kratomtrack(log, *COMMANDS[command], target)
        assert result.returncode == 2, (kind, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and "Nothing was written" in result.stderr, kind
        assert f"{target} is {kind.replace('dangling ', '')}" in result.stderr, result.stderr
        assert _state(target) == before, kind
    assert outside.read_text() == "not yours"
    assert sorted(p.name for p in place.iterdir()) == sorted([outside.name, *(p.name for p in made.values())])


def test_csv_export_refuses_a_device_or_pipe_as_its_folder_and_a_link_as_its_file(log, tmp_path):
    place = tmp_path / "out"
    place.mkdir()
    made, outside = _targets(place)
    for kind in ("a named pipe", "a symbolic link", *(["a device"] if IS_ROOT else [])):
        before = _state(made[kind])
        result = kratomtrack(log, "export", "--format", "csv", "-o", made[kind])
        assert result.returncode == 2 and "Nothing was written" in result.stderr, (kind, result.stderr)
        assert _state(made[kind]) == before
    into = tmp_path / "csv"
    into.mkdir()
    (into / "doses.csv").symlink_to(outside)
    result = kratomtrack(log, "export", "--format", "csv", "-o", into)
    assert result.returncode == 2 and "symbolic link" in result.stderr, result.stderr
    assert outside.read_text() == "not yours" and (into / "doses.csv").is_symlink()
    assert not (into / "checkins.csv").exists()
    # A folder reached through a link is a folder: the files are written into it.
    (tmp_path / "via").symlink_to(place, target_is_directory=True)
    result = kratomtrack(log, "export", "--format", "csv", "-o", tmp_path / "via")
    assert result.returncode == 0, result.stderr
    assert (place / "doses.csv").is_file() and not (place / "doses.csv").is_symlink()


def _limited(folder, *args, limit):
    """The real command with a file size limit: a write past it fails with EFBIG (a full disk's ENOSPC
    takes the same path)."""
    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the signal ends the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120, preexec_fn=limit_file_size)


@pytest.mark.parametrize("command", [["export", "--format", "json", "-o", "log.json"],
                                     ["report", "--format", "json", "-o", "summary.json"]])
def test_a_write_that_fails_is_an_error_in_words_and_leaves_no_half_file(tmp_path, command):
    log = tmp_path / "data"
    assert kratomtrack(log, "demo", "--days", "400").returncode == 0  # its files pass 48 KB
    place = tmp_path / "out"
    place.mkdir()
    kept = place / command[-1]
    kept.write_text("the file from before")
    result = _limited(log, *command[:-1], kept, limit=48 * 1024)  # above SQLite's 32 KB -shm
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Errno" not in result.stderr
    assert f"could not write {kept}: the file would be larger than this system lets a file grow" in result.stderr
    assert kept.read_text() == "the file from before"
    assert [p.name for p in place.iterdir()] == [kept.name]


def test_a_backup_never_writes_through_a_link_at_its_partial_name(tmp_path):
    """SQLite follows a symbolic link: a link planted at the backup's partial name got the copy
    written into the file it pointed to."""
    folder = tmp_path / "data"
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not yours")
    now = dt.datetime(2026, 11, 20, 9, 30, 0)
    (folder / "backups").mkdir(parents=True)
    (folder / "backups" / ".kratomtrack-2026-11-20_093000-manual.db.partial").symlink_to(outside)
    with LogDatabase.open_folder(folder) as db:
        fill(db, 3)
        info = make_backup(db, "manual", now=now)
    assert outside.read_text() == "not yours"
    assert info.path.is_file() and not info.path.is_symlink()
    with LogDatabase.open(info.path) as copy:
        assert copy.dose_count() == 3


@pytest.mark.window  # makes a PDF
def test_the_summary_pdf_is_refused_on_a_pipe_or_link_and_a_failed_write_leaves_nothing(tmp_path):
    log = tmp_path / "data"
    assert kratomtrack(log, "demo", "--days", "120").returncode == 0
    place = tmp_path / "out"
    place.mkdir()
    outside = tmp_path / "elsewhere.pdf"
    outside.write_text("not yours")
    os.mkfifo(place / "pipe.pdf")
    (place / "link.pdf").symlink_to(outside)
    for name, words in (("pipe.pdf", "a named pipe"), ("link.pdf", "a symbolic link")):
        result = kratomtrack(log, "report", "-o", place / name)
        assert result.returncode == 2 and f"{place / name} is {words}" in result.stderr, result.stderr
    assert outside.read_text() == "not yours" and (place / "link.pdf").is_symlink()
    result = _limited(log, "report", "-o", place / "summary.pdf", limit=48 * 1024)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "could not be written whole (a full disk or a file size limit" in result.stderr  # not "Wrote"
    assert sorted(p.name for p in place.iterdir()) == ["link.pdf", "pipe.pdf"]
