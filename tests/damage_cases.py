"""The damage fuzz's logs and damages (tests/test_damage_fuzz_commands.py).

A realistic three-year log (tests/chart_logs.mixed: gaps, no-kratom marks,
extract and 7-OH, red flags, PEG, a plan, "also takes") with SDS answers,
the patient's name, changed warning thresholds, a second, ended plan and a
backup, and a protected copy of it. Each damage is seeded: the same number
always makes the same damaged file, so a failure is repeated by its number.

Kinds: a random bit flip, a run of random bytes, a cut at a random point, a
zeroed page, a byte of the first 100 (page size, user_version, application
id, or any other), a byte inside one table's records (the table's own leaf
pages, found with SQLite's dbstat), and a byte inside a setting's stored
value. Every kind is made on the plain log and on the protected one.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kratomtrack.core.checkups import Sds
from kratomtrack.core.plan import Plan, PlanStep
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.store import checkups, plans, preferences, protection
from kratomtrack.store.backups import make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sqlite_file import connect

import chart_logs
from conftest import PASSPHRASE, TODAY

LOG = "kratomtrack.db"
YEARS_OF_LOG = 3
PLAIN, PROTECTED = "plain", "protected"

# Offsets of the first 100 bytes that say the most (SQLite's file format, section 1.3).
HEADER_FIELDS = {"page size": (16, 17), "user_version": (60, 61, 62, 63),
                 "application id": (68, 69, 70, 71), "write/read version": (18, 19),
                 "schema cookie": (40, 41, 42, 43), "text encoding": (56, 57, 58, 59)}
TABLES = ("doses", "checkins", "side_effects", "ratings", "settings", "red_flags", "peg", "sds",
          "plans", "no_use_days")
KINDS = ("flip", "run", "truncate", "zeroed page", "header", "record", "setting value")


@dataclass(frozen=True)
class Damage:
    number: int
    log: str  # PLAIN or PROTECTED
    kind: str
    detail: str  # where: an offset, a table, a header field

    def __str__(self) -> str:
        return f"#{self.number} {self.log} {self.kind} ({self.detail})"


def build_log(folder: Path) -> None:
    """The realistic log in ``folder``: closed, checkpointed, with one backup."""
    with LogDatabase.open_folder(folder) as db:
        start = TODAY - dt.timedelta(days=700)  # an older plan, ended; mixed() adds the one that is on
        plans.set_plan(db, Plan((PlanStep(start, 9000, 3), PlanStep(start + dt.timedelta(days=20), 8000, 3)),
                                note="agreed with Dr Rao"))
        plans.end_plan(db, start + dt.timedelta(days=60))
        chart_logs.mixed(db, TODAY, days=YEARS_OF_LOG * 365)
        for back in range(400, 40, -28):
            checkups.save_sds(db, Sds(TODAY - dt.timedelta(days=back), (1, 1, 0, 2, 1)), today=TODAY)
        preferences.set_patient(db, "Ann Example", dt.date(1970, 5, 1), today=TODAY)
        preferences.save_warning_settings(db, WarningSettings(recent_days=9))
        make_backup(db)
    checkpoint(folder / LOG)


def protect_copy(plain: Path, folder: Path) -> None:
    """A protected copy of the folder ``plain`` (log and backups), its key forgotten."""
    shutil.copytree(plain, folder)
    protection.protect(folder, PASSPHRASE)
    protection.lock(folder)


def checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@dataclass
class Layout:
    """What the damages need to know of a log file: its page size, each table's
    leaf pages, and where each setting's value is (plain log only)."""
    page_size: int
    table_pages: dict[str, list[int]]
    setting_values: list[tuple[int, int]]  # (offset, length) in the file


def layout_of(folder: Path, log: str) -> Layout:
    path = folder / LOG
    if log == PROTECTED:
        protection.unlock(folder, PASSPHRASE)
    conn = connect(path)
    try:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher says it as text
        pages: dict[str, list[int]] = {}
        for table in TABLES:
            if log == PROTECTED:  # SQLCipher has no dbstat; every page is sealed alike, the root will do
                query = "SELECT rootpage FROM sqlite_master WHERE name = ?"
            else:
                query = "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'"
            pages[table] = [n for (n,) in conn.execute(query, (table,))]
        values = [value.encode() for (value,) in conn.execute("SELECT value FROM settings")]
    finally:
        conn.close()
        if log == PROTECTED:
            protection.lock(folder)
    raw = path.read_bytes()
    found = []
    if log == PLAIN:
        for value in values:
            at = raw.find(value)
            if at >= 0 and len(value) > 2:
                found.append((at, len(value)))
    return Layout(page_size, {t: p for t, p in pages.items() if p}, found)


def apply(number: int, log: str, raw: bytes, layout: Layout) -> tuple[Damage, bytes]:
    """Damage number ``number`` of the ``log`` whose bytes are ``raw``: what it was, and the bytes."""
    rng = random.Random(f"damage-{number}-{log}")
    named = KINDS[number % len(KINDS)]
    data = bytearray(raw)
    kind = named
    if kind == "setting value" and not layout.setting_values:
        kind = "record"  # a protected log's values are encrypted: its settings pages instead
    if kind == "flip":
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
        detail = f"bit at {at}"
    elif kind == "run":
        at = rng.randrange(len(data))
        length = rng.randint(2, 64)
        data[at:at + length] = bytes(rng.randrange(256) for _ in range(length))
        data = data[:len(raw)]
        detail = f"{length} bytes at {at}"
    elif kind == "truncate":
        at = rng.randrange(len(data))
        data = data[:at]
        detail = f"cut at {at} of {len(raw)}"
    elif kind == "zeroed page":
        page = rng.randrange(len(data) // layout.page_size)
        start = page * layout.page_size
        data[start:start + layout.page_size] = bytes(layout.page_size)
        detail = f"page {page + 1}"
    elif kind == "header":
        field = rng.choice([*HEADER_FIELDS, "any"])
        at = rng.choice(HEADER_FIELDS[field]) if field != "any" else rng.randrange(100)
        data[at] ^= 1 << rng.randrange(8)
        detail = f"{field} byte {at}"
    elif kind == "record":
        table = "settings" if named == "setting value" else rng.choice(sorted(layout.table_pages))
        page = rng.choice(layout.table_pages[table])
        start = (page - 1) * layout.page_size
        # The records sit at the page's end; a page's first 100 bytes (page 1: the file header) are left.
        at = start + rng.randrange(layout.page_size // 2, layout.page_size)
        data[at] ^= 1 << rng.randrange(8)
        detail = f"{table} page {page} byte {at}"
    else:  # setting value
        offset, length = rng.choice(layout.setting_values)
        at = offset + rng.randrange(length)
        data[at] ^= 1 << rng.randrange(7)  # the low seven bits: mostly other text
        detail = f"setting value byte {at}"
    return Damage(number, log, named, detail), bytes(data)
