"""Helpers for tests that need a log with rows in it, or a damaged file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store.database import LogDatabase

from conftest import TODAY


def fill(db: LogDatabase, days: int, *, grams: float = 2.0, start: dt.date | None = None) -> None:
    """One dose and one check-in a day for ``days`` days ending TODAY (or at start)."""
    last = start or TODAY
    with db.transaction():
        for i in range(days):
            day = last - dt.timedelta(days=i)
            db.add_dose(Dose(dt.datetime.combine(day, dt.time(8, 30)), grams, Form.POWDER,
                             "Green"), today=TODAY)
            db.save_checkin(CheckIn(day, i % 11, {"dizziness": i % 4}), today=TODAY)


def _order(db: LogDatabase, table: str) -> str:
    """The first two columns, or the only one."""
    columns = len(db.conn.execute(f'PRAGMA table_info("{table}")').fetchall())
    return "1, 2" if columns > 1 else "1"


def table_snapshot(db: LogDatabase) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that an action changed nothing."""
    names = [r[0] for r in db.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {
        name: db.conn.execute(f'SELECT * FROM "{name}" ORDER BY {_order(db, name)}').fetchall()
        for name in names
    }


def damage(path: Path) -> bytes:
    """Overwrite pages 2-4 of a closed SQLite file with garbage; return the new bytes.

    Page 1 (the header) stays, so the file is still recognised as SQLite but
    fails the integrity check, like a disk or copy error would leave it.
    """
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = bytearray(Path(path).read_bytes())
    raw[4096: 4096 * 4] = b"\xa5" * min(4096 * 3, len(raw) - 4096)
    Path(path).write_bytes(bytes(raw))
    return bytes(raw)


def damage_inside_a_record(path: Path, old: bytes = b"2026-11-20T08:30",
                           new: bytes = b"2026-11-20T08:x0") -> None:
    """Change one byte of a dose's time wherever it is stored (row and index),
    as a bad sector or copy error could: SQLite's quick_check does not see it."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = Path(path).read_bytes()
    assert old in raw, "the log holds no such text"
    Path(path).write_bytes(raw.replace(old, new))


def write_bad_values(path: Path, *statements: str) -> bytes:
    """Write values the app cannot read straight into a closed log with SQLite
    (as a damaged disk, or another program, could leave it); return the file's bytes.

    SQLite's own checks pass afterwards: only the whole-log check (a read of
    every record) finds the damage."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")  # damage does not ask the schema
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return Path(path).read_bytes()
