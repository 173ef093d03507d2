"""A separate program that writes to a log, for the crash and concurrency tests.

    python log_writer.py FOLDER write START COUNT
        Opens the log like the app does and makes COUNT writes, numbered from
        START; prints "ack N" after write N has committed.

    python log_writer.py FOLDER until STOPFILE
        Writes from 0 on, one write every few milliseconds, until the file STOPFILE exists
        (so that it is certainly writing while a test runs commands).

    python log_writer.py FOLDER serve
        For each line "go START" read from stdin, forks a child that opens the
        log and writes from START on (at most 200 writes), printing
        "child PID" first and "ack N" after each commit; the test kills the
        child with SIGKILL whenever it likes. When the child is gone this
        prints "gone PID". Forking from a process that already imported
        kratomtrack makes each start cost milliseconds, not a Python start-up.

Write N is one transaction: a dose and a check-in, both with note "wN", the
check-in on its own day, so a torn write would show as one without the other.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kratomtrack.core.records import CheckIn, Dose  # noqa: E402
from kratomtrack.store.database import LogDatabase  # noqa: E402

FIRST_DAY = dt.date(1990, 1, 1)
FAR_FUTURE = dt.date(2100, 1, 1)  # the "today" of every write: no day written is after it
MAX_WRITES_PER_CHILD = 200


def write(db: LogDatabase, n: int) -> None:
    day = FIRST_DAY + dt.timedelta(days=n)
    with db.transaction():
        db.add_dose(Dose(dt.datetime.combine(day, dt.time(8, 0)), 1.5, note=f"w{n}"), today=FAR_FUTURE)
        db.save_checkin(CheckIn(day, n % 11, {"dizziness": n % 4}, note=f"w{n}"), today=FAR_FUTURE)


def _say(text: str) -> None:
    os.write(1, f"{text}\n".encode())  # unbuffered: the ack is out before the next write


def write_many(folder: Path, start: int, count: int) -> None:
    with LogDatabase.open_folder(folder) as db:
        for n in range(start, start + count):
            write(db, n)
            _say(f"ack {n}")


def write_until(folder: Path, stop: Path) -> None:
    with LogDatabase.open_folder(folder) as db:
        n = 0
        while not stop.exists():
            write(db, n)
            _say(f"ack {n}")
            n += 1
            time.sleep(0.002)  # a breath between writes, as any real program takes


def serve(folder: Path) -> None:
    for line in sys.stdin:
        start = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                _say(f"child {os.getpid()}")
                write_many(folder, start, MAX_WRITES_PER_CHILD)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        _say(f"gone {pid}")


if __name__ == "__main__":
    folder, mode, *rest = sys.argv[1:]
    if mode == "write":
        write_many(Path(folder), int(rest[0]), int(rest[1]))
    elif mode == "until":
        write_until(Path(folder), Path(rest[0]))
    else:
        serve(Path(folder))
