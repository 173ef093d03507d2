"""What can go wrong with a sync folder, each with a real folder: a damaged or truncated
file, one from a newer version, one from another log, a clock a day off, a folder that
disappears mid-merge, and a program killed (SIGKILL) at any moment. Each time nothing
stored is lost or doubled, the reason is said in words, and the next merge completes."""

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync import folder as files
from kratomtrack.store.sync.config import read_config
from kratomtrack.store.sync.engine import Replica
from kratomtrack.store.sync.joining import setup
from kratomtrack.store.sync.merging import FolderMissingError, flush_outbox, read_incoming, sync_now

from conftest import TODAY
from sync_helpers import a_little_log, canonical, dose, sync_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def two(tmp_path):
    a = LogDatabase.open_folder(tmp_path / "a")
    b = LogDatabase.open_folder(tmp_path / "b")
    a_little_log(a)
    setup(a, tmp_path / "sync")
    setup(b, tmp_path / "sync")
    sync_now(a)
    yield a, b, tmp_path / "sync"
    a.close()
    b.close()


def newest_file_of(db: LogDatabase, folder: Path) -> Path:
    return [p for p in sync_files(folder) if p.parent.name == read_config(db).computer][-1]


def a_new_dose_from(a: LogDatabase, folder: Path, hour: int = 15) -> Path:
    a.add_dose(dose(hour, 1.25, product="From A"), today=TODAY)
    sync_now(a)
    return newest_file_of(a, folder)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "bit flipped"])
def test_a_damaged_or_truncated_file_is_said_left_out_and_merged_once_whole(two, damage):
    a, b, folder = two
    path = a_new_dose_from(a, folder)
    whole = path.read_bytes()
    path.write_bytes({"garbage": os.urandom(len(whole)), "truncated": whole[: len(whole) // 2],
                      "empty": b"", "bit flipped": whole[:-3] + bytes([whole[-3] ^ 4]) + whole[-2:]}[damage])
    before = canonical(b)
    result = sync_now(b)
    assert canonical(b) == before and result.files == 0
    [problem] = [p for p in result.problems if path.name in p]
    assert "damaged" in problem and "tried again at the next merge" in problem and "Traceback" not in problem
    assert sync_now(b).problems  # still said while it is damaged
    path.write_bytes(whole)  # the whole file arrives (a sync program finished copying it)
    result = sync_now(b)
    assert result.problems == [] and result.files == 1
    assert canonical(a) == canonical(b) and b.dose_count() == 4


def test_a_file_from_a_newer_version_waits_for_an_update_in_words(two):
    a, b, folder = two
    path = folder / "kratomtrack-sync" / read_config(a).computer / "0000009999-aaaaaaaaaaaa.kts"
    update = b"\x00\x00"
    path.write_bytes(files.seal({**read_config(a).header(), "seq": 9999}, update, None).replace(
        b'"format": 1', b'"format": 2'))
    before = canonical(b)
    result = sync_now(b)
    assert canonical(b) == before
    assert any("written by a newer version of kratomtrack" in p and "Update kratomtrack" in p
               for p in result.problems)


def test_a_file_of_another_log_is_left_alone_in_words(two, tmp_path):
    a, b, folder = two
    stranger = LogDatabase.open_folder(tmp_path / "stranger")
    stranger.add_dose(dose(7, 9.0, product="Not ours"), today=TODAY)
    setup(stranger, tmp_path / "elsewhere")
    stray = sync_files(tmp_path / "elsewhere")
    target = folder / "kratomtrack-sync" / "stranger"
    target.mkdir()
    for path, raw in stray.items():
        (target / path.name).write_bytes(raw)
    before = canonical(b)
    result = sync_now(b)
    assert canonical(b) == before and "Not ours" not in {d.product for d in b.all_doses()}
    assert any("belongs to another log" in p for p in result.problems)
    a_new_dose_from(a, folder)  # the log's own files still merge
    assert sync_now(b).received == 1


def test_a_clock_a_day_off_changes_nothing_in_the_merge(two):
    a, b, folder = two
    ahead = TODAY + dt.timedelta(days=1)  # computer a's clock says tomorrow
    a.add_dose(dose(9, 2.0, day=ahead, product="Tomorrow's"), today=ahead)
    sync_now(a, today=ahead)
    b.add_dose(dose(10, 2.0, day=TODAY - dt.timedelta(days=1), product="Behind"), today=TODAY)
    sync_now(b, today=TODAY - dt.timedelta(days=1))  # b's a day behind
    sync_now(a, today=ahead)
    assert canonical(a) == canonical(b)
    assert {"Tomorrow's", "Behind"} <= {d.product for d in b.all_doses()}


def test_a_folder_that_is_gone_merges_nothing_and_the_next_merge_completes(two, tmp_path):
    a, b, folder = two
    a_new_dose_from(a, folder)
    b.add_dose(dose(18, 0.5, product="While unplugged"), today=TODAY)
    shutil.move(folder, tmp_path / "unplugged")
    before = canonical(b)
    with pytest.raises(FolderMissingError, match="cannot be found .* your log is unchanged"):
        sync_now(b)
    assert canonical(b) == before
    shutil.move(tmp_path / "unplugged", folder)
    sync_now(b)
    sync_now(a)
    assert canonical(a) == canonical(b) and b.dose_count() == 5


def test_a_folder_that_disappears_mid_merge_keeps_the_changes_for_the_next(two, tmp_path):
    a, b, folder = two
    a_new_dose_from(a, folder)
    b.add_dose(dose(19, 0.5, product="Mid merge"), today=TODAY)
    config = read_config(b)
    incoming = read_incoming(b, config)  # read ...
    shutil.move(folder, tmp_path / "unplugged")  # ... then the stick is pulled
    result, config = Replica().merge(b, config, incoming.opened, today=TODAY)
    problems = flush_outbox(b, config)
    assert "kept in your log and written at the next merge" in problems[0]
    assert "From A" in {d.product for d in b.all_doses()}  # what was read is merged
    shutil.move(tmp_path / "unplugged", folder)
    assert sync_now(b).problems == []
    sync_now(a)
    assert canonical(a) == canonical(b) and b.dose_count() == 5


KILLED_AT = """
import os, signal, sys
from pathlib import Path
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync.merging import sync_now
kind, what, times = sys.argv[2], sys.argv[3], int(sys.argv[4])
seen = [0]
def hit():
    seen[0] += 1
    if seen[0] == times:
        os.kill(os.getpid(), signal.SIGKILL)
db = LogDatabase.open_folder(Path(sys.argv[1]))
if kind == "sql":
    db.conn.set_trace_callback(lambda sql: hit() if sql.startswith(what) else None)
else:
    sys.setprofile(lambda frame, event, arg: hit() if event in ("call", "c_call") and
                   getattr(arg, "__name__", frame.f_code.co_name) == what else None)
sync_now(db)
sys.setprofile(None)
print("not killed")
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills a program (POSIX)")
@pytest.mark.parametrize("kind, what, times", [
    ("call", "read_bytes", 1),  # reading the other computer's files
    ("sql", "INSERT INTO doses", 1),  # writing its records into the log
    ("sql", "INSERT INTO sync_updates", 1),
    ("sql", "INSERT INTO sync_outbox", 1),
    ("sql", "COMMIT", 1),  # the merge's commit
    ("call", "fsync", 1),  # writing this computer's file
    ("call", "write_own", 1),  # about to write it
    ("call", "fsync_dir", 1),  # renamed into place, the folder not yet flushed
    ("sql", "DELETE FROM sync_outbox", 1),  # the file is there, the outbox not yet emptied
])
def test_a_kill_at_any_moment_loses_and_doubles_nothing_and_the_next_merge_completes(two, kind, what, times):
    a, b, folder = two
    a.add_dose(dose(15, 1.25, product="From A"), today=TODAY)
    sync_now(a)
    b.add_dose(dose(16, 0.75, product="From B"), today=TODAY)
    expected_doses = 5
    b.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    killed = subprocess.run([sys.executable, "-c", KILLED_AT, str(folder.parent / "b"), kind, what, str(times)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    with LogDatabase.open_folder(folder.parent / "b") as again:
        assert again.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        result = sync_now(again)  # the next merge completes
        assert result.problems == []
        sync_now(a)
        sync_now(again)
        assert canonical(a) == canonical(again)
        assert again.dose_count() == a.dose_count() == expected_doses
        assert sorted(d.product for d in again.all_doses()).count("From B") == 1
    visible = [p for p in sync_files(folder) if not p.name.startswith(".")]
    assert all(files.read_header(p.read_bytes(), p.name) for p in visible)  # every named file is whole
