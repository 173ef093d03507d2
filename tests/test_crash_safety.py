"""A writer killed with SIGKILL at random moments never corrupts the log or
loses a write it had reported as saved (synchronous=FULL, WAL, one
transaction per action)."""

import os
import queue
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kratomtrack.store.database import LogDatabase

WRITER = Path(__file__).parent / "log_writer.py"
KILLS = 60


class Lines:
    """The writer's output lines, read on a thread so that no read blocks forever."""

    def __init__(self, stream):
        self._queue: queue.Queue[str] = queue.Queue()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream) -> None:
        for raw in stream:
            self._queue.put(raw.decode().strip())
        self._queue.put("eof")

    def next(self) -> tuple[str, int]:
        line = self._queue.get(timeout=30)
        word, _, number = line.partition(" ")
        assert word in ("child", "ack", "gone"), f"writer said {line!r}"
        return word, int(number)


def check_log(folder: Path, acknowledged: set[int], seed: int) -> None:
    with LogDatabase.open_folder(folder) as db:
        assert [r[0] for r in db.conn.execute("PRAGMA integrity_check")] == ["ok"], seed
        doses = {r[0] for r in db.conn.execute("SELECT note FROM doses")}
        checkins = {r[0] for r in db.conn.execute("SELECT note FROM checkins")}
    assert doses == checkins, f"a write was torn (seed {seed})"
    lost = {f"w{n}" for n in acknowledged} - doses
    assert not lost, f"acknowledged writes lost: {sorted(lost)} (seed {seed})"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer forks (POSIX)")
def test_sigkill_at_random_moments_never_corrupts_or_loses_a_saved_write(tmp_path):
    folder = tmp_path / "data"
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    writer = subprocess.Popen([sys.executable, str(WRITER), str(folder), "serve"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    lines = Lines(writer.stdout)
    acknowledged: set[int] = set()
    kills = 0
    try:
        for round_ in range(KILLS):
            writer.stdin.write(f"go {round_ * 200}\n".encode())
            word, pid = lines.next()
            assert word == "child"
            # Some kills land while the log is being opened (the very first
            # one while it is created and migrated), most between or inside writes.
            for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 8, 13])):
                word, n = lines.next()
                if word != "ack":
                    break
                acknowledged.add(n)
            if rng.random() < 0.7:
                threading.Event().wait(rng.uniform(0, 0.004))
            os.kill(pid, signal.SIGKILL)
            kills += 1
            while True:  # every ack printed before it died counts as saved
                word, n = lines.next()
                if word == "gone":
                    break
                acknowledged.add(n)
            check_log(folder, acknowledged, seed)
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
        lines.thread.join(timeout=30)
    assert kills >= 50 and len(acknowledged) > 50


def _crashed_with_a_hot_journal(tmp_path):
    """A log as a writer killed inside a rollback-journal write leaves it: 3 doses
    committed, an uncommitted insert in the file, and the hot journal to undo it."""
    import shutil
    import sqlite3

    from log_files import fill

    with LogDatabase.open_folder(tmp_path / "a") as db:
        fill(db, 3)
    conn = sqlite3.connect(tmp_path / "a" / "kratomtrack.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA cache_size = 1")  # spill to the file before commit
    conn.execute("BEGIN")
    conn.execute("INSERT INTO doses (taken_at, day, milligrams, form, note) SELECT d1.taken_at, "
                 "d1.day, d1.milligrams, d1.form, hex(randomblob(1500)) FROM doses d1, doses d2, doses d3")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-journal"):  # the files as a killed writer leaves them
        shutil.copyfile(tmp_path / "a" / f"kratomtrack.db{suffix}", crashed / f"kratomtrack.db{suffix}")
    conn.execute("ROLLBACK")
    conn.close()
    return crashed


def test_log_left_with_a_hot_journal_opens_with_the_interrupted_write_undone(tmp_path):
    """A crash inside a rollback-journal write (as when a new log is switched
    to WAL) leaves a hot journal that only a writable connection can roll back."""
    crashed = _crashed_with_a_hot_journal(tmp_path)
    with LogDatabase.open_folder(crashed) as db:
        assert db.dose_count() == 3
        assert [r[0] for r in db.conn.execute("PRAGMA integrity_check")] == ["ok"]
    assert not (crashed / "kratomtrack.db-journal").exists()


def test_a_read_only_command_reads_a_log_left_with_a_hot_journal(tmp_path):
    """export, report, warning and check open the log read-only; a hot journal (a
    kill during protect or any rollback-journal write) would make SQLite refuse
    that open, so the unfinished write is undone first, as a writable open does."""
    import sqlite3

    crashed = _crashed_with_a_hot_journal(tmp_path)
    with LogDatabase.open_folder(crashed, read_only=True) as db:
        assert db.dose_count() == 3
    assert not (crashed / "kratomtrack.db-journal").exists()
    conn = sqlite3.connect(crashed / "kratomtrack.db")
    assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
    conn.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a read-only folder")
def test_a_hot_journal_in_a_read_only_folder_is_refused_in_words(tmp_path):
    from kratomtrack.store.sqlite_file import LogNotWritableError

    crashed = _crashed_with_a_hot_journal(tmp_path)
    before = (crashed / "kratomtrack.db").read_bytes()
    crashed.chmod(0o500)
    try:
        with pytest.raises(LogNotWritableError, match="cannot be written"):
            LogDatabase.open_folder(crashed, read_only=True)
    finally:
        crashed.chmod(0o700)
    assert (crashed / "kratomtrack.db").read_bytes() == before
