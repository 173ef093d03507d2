"""Helpers for the sync tests: a log's canonical dump, and computers sharing a folder."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync import folder as files
from kratomtrack.store.sync.records import SYNCED_SETTINGS

from conftest import TODAY

# The log's own ids (rowids) differ between computers; everything else must not.
_CANONICAL = {
    "doses": "SELECT uid, taken_at, day, milligrams, form, product, note, pain_before, pain_after FROM doses",
    "checkins": "SELECT day, pain, note, for_doctor, uid FROM checkins",
    "ratings": "SELECT r.day, s.name, r.rating FROM ratings r JOIN side_effects s ON s.id = r.side_effect_id",
    "no_use_days": "SELECT day, uid FROM no_use_days",
    "peg": "SELECT * FROM peg",
    "sds": "SELECT * FROM sds",
    "red_flags": "SELECT * FROM red_flags",
    "plans": "SELECT uid, start, ended, steps, note FROM plans",
    "side_effects": "SELECT name, builtin, hidden, position, uid FROM side_effects",
    "settings": f"SELECT key, value, uid FROM settings WHERE key IN ({', '.join(repr(k) for k in SYNCED_SETTINGS)})",
    "sync_conflicts": "SELECT key, record, kept, other, uid FROM sync_conflicts",
}


def canonical(db: LogDatabase | sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every record table, as the same log on any computer holds it."""
    conn = db.conn if isinstance(db, LogDatabase) else db
    return {table: sorted(conn.execute(sql).fetchall(), key=repr) for table, sql in _CANONICAL.items()}


def dose(hour: int, grams: float = 2.0, *, day: dt.date = TODAY, product: str = "Green Maeng Da",
         note: str = "") -> Dose:
    return Dose(dt.datetime.combine(day, dt.time(hour, 0)), grams, Form.POWDER, product, note)


def a_little_log(db: LogDatabase, days: int = 3) -> None:
    for i in range(days):
        day = TODAY - dt.timedelta(days=i)
        db.add_dose(dose(8, 2.5, day=day), today=TODAY)
        db.save_checkin(CheckIn(day, 4 + i, {"nausea": 1}, f"note {i}"), today=TODAY)


def sync_files(folder: Path) -> dict[Path, bytes]:
    """Every file under the sync folder, with its bytes."""
    return {path: path.read_bytes() for path in sorted(files.root(folder).rglob("*")) if path.is_file()}
