"""What a log's schema and rows are, in a form two logs can be compared by.

Two logs made in different ways (a new one, one migrated from an older
version, one made by an older kratomtrack) must be the same log: the same
tables, columns, types, NOT NULLs, defaults, keys, foreign keys, indexes and
CHECK constraints, the same rows with the same types, and CHECKs that refuse
the same values. The CREATE TABLE text itself may differ in layout (a table
that sqlite-utils' transform() rebuilt is written in its style), so it is
compared through SQLite's own description of it, not as text.

tests/fixtures/logs_before_sqlite_utils.json holds ``dump`` of the logs the
code at commit 93e06fb (before the migrations were written with sqlite-utils)
made; test_schema_migrations.py compares today's logs with it.
"""

from __future__ import annotations

import re
import sqlite3

# (what is tried, an INSERT): each is refused or accepted by the log's constraints,
# the same way whichever way the log was made.
PROBES = [
    ("dose of 0 mg", "INSERT INTO doses (taken_at, day, milligrams, form) VALUES ('2026-01-01T08:00', '2026-01-01', 0, 'powder')"),
    ("dose of 1 mg", "INSERT INTO doses (taken_at, day, milligrams, form) VALUES ('2026-01-01T08:00', '2026-01-01', 1, 'powder')"),
    ("dose of 100 g", "INSERT INTO doses (taken_at, day, milligrams, form) VALUES ('2026-01-01T08:00', '2026-01-01', 100000, 'powder')"),
    ("dose over 100 g", "INSERT INTO doses (taken_at, day, milligrams, form) VALUES ('2026-01-01T08:00', '2026-01-01', 100001, 'powder')"),
    ("dose without an amount", "INSERT INTO doses (taken_at, day, form) VALUES ('2026-01-01T08:00', '2026-01-01', 'powder')"),
    ("dose without a time", "INSERT INTO doses (day, milligrams, form) VALUES ('2026-01-01', 2000, 'powder')"),
    ("dose without a day", "INSERT INTO doses (taken_at, milligrams, form) VALUES ('2026-01-01T08:00', 2000, 'powder')"),
    ("dose of an unknown form", "INSERT INTO doses (taken_at, day, milligrams, form) VALUES ('2026-01-01T08:00', '2026-01-01', 2000, 'pill')"),
    ("dose without a form", "INSERT INTO doses (taken_at, day, milligrams) VALUES ('2026-01-01T08:00', '2026-01-01', 2000)"),
    ("dose of 7-OH", "INSERT INTO doses (taken_at, day, milligrams, form) VALUES ('2026-01-01T08:00', '2026-01-01', 15, '7-oh')"),
    ("dose with a null product", "INSERT INTO doses (taken_at, day, milligrams, form, product) VALUES ('2026-01-01T08:00', '2026-01-01', 2000, 'tea', NULL)"),
    ("dose with a null note", "INSERT INTO doses (taken_at, day, milligrams, form, note) VALUES ('2026-01-01T08:00', '2026-01-01', 2000, 'tea', NULL)"),
    ("dose with pain before 11", "INSERT INTO doses (taken_at, day, milligrams, form, pain_before) VALUES ('2026-01-01T08:00', '2026-01-01', 2000, 'tea', 11)"),
    ("dose with pain before 10", "INSERT INTO doses (taken_at, day, milligrams, form, pain_before) VALUES ('2026-01-01T08:00', '2026-01-01', 2000, 'tea', 10)"),
    ("dose with pain after -1", "INSERT INTO doses (taken_at, day, milligrams, form, pain_after) VALUES ('2026-01-01T08:00', '2026-01-01', 2000, 'tea', -1)"),
    ("dose with pain after 0", "INSERT INTO doses (taken_at, day, milligrams, form, pain_after) VALUES ('2026-01-01T08:00', '2026-01-01', 2000, 'tea', 0)"),
    ("check-in with pain 11", "INSERT INTO checkins (day, pain) VALUES ('2030-01-01', 11)"),
    ("check-in with pain not recorded", "INSERT INTO checkins (day, pain) VALUES ('2030-01-01', NULL)"),
    ("second check-in on a day", "INSERT INTO checkins (day) VALUES ('2030-01-02'), ('2030-01-02')"),
    ("check-in with a null note", "INSERT INTO checkins (day, note) VALUES ('2030-01-03', NULL)"),
    ("rating of 4", "INSERT INTO checkins (day) VALUES ('2030-01-04'); INSERT INTO ratings (day, side_effect_id, rating) VALUES ('2030-01-04', 1, 4)"),
    ("rating of 3", "INSERT INTO checkins (day) VALUES ('2030-01-04'); INSERT INTO ratings (day, side_effect_id, rating) VALUES ('2030-01-04', 1, 3)"),
    ("rating without a check-in", "INSERT INTO ratings (day, side_effect_id, rating) VALUES ('2030-01-05', 1, 1)"),
    ("rating of an unknown side effect", "INSERT INTO checkins (day) VALUES ('2030-01-06'); INSERT INTO ratings (day, side_effect_id, rating) VALUES ('2030-01-06', 9999, 1)"),
    ("check-in removed with its ratings", "INSERT INTO checkins (day) VALUES ('2030-01-07'); INSERT INTO ratings (day, side_effect_id, rating) VALUES ('2030-01-07', 1, 1); DELETE FROM checkins WHERE day = '2030-01-07'; INSERT INTO checkins (day) VALUES ('2030-01-07'); INSERT INTO ratings (day, side_effect_id, rating) VALUES ('2030-01-07', 1, 1)"),
    ("side effect named like another but for case", "INSERT INTO side_effects (name, position) VALUES ('NAUSEA', 999)"),
    ("side effect without a position", "INSERT INTO side_effects (name) VALUES ('hiccups')"),
    ("setting without a value", "INSERT INTO settings (key) VALUES ('x')"),
    ("second setting of a key", "INSERT INTO settings (key, value) VALUES ('y', '1'), ('y', '2')"),
    ("red flag twice on a day", "INSERT INTO red_flags (day, flag) VALUES ('2030-01-01', 'seizure'), ('2030-01-01', 'seizure')"),
    ("PEG item of 11", "INSERT INTO peg (day, pain_average, enjoyment, activity) VALUES ('2030-01-01', 11, 5, 5)"),
    ("PEG without an item", "INSERT INTO peg (day, pain_average, enjoyment) VALUES ('2030-01-01', 5, 5)"),
    ("SDS answer of 4", "INSERT INTO sds (day, q1, q2, q3, q4, q5) VALUES ('2030-01-01', 0, 0, 0, 0, 4)"),
    ("SDS answer of -1", "INSERT INTO sds (day, q1, q2, q3, q4, q5) VALUES ('2030-01-01', -1, 0, 0, 0, 0)"),
    ("no-kratom mark twice on a day", "INSERT INTO no_use_days (day) VALUES ('2030-01-01'), ('2030-01-01')"),
    ("plan without steps", "INSERT INTO plans (start) VALUES ('2030-01-01')"),
    ("plan still on", "INSERT INTO plans (start, steps) VALUES ('2030-01-01', '[]')"),
]


def dump(conn: sqlite3.Connection) -> dict:
    """The log's versions, schema, rows, and what its constraints refuse."""
    return {
        "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
        "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
        "schema": schema_shape(conn),
        "rows": rows(conn),
        "probes": probe_outcomes(conn),
    }


def schema_shape(conn: sqlite3.Connection) -> dict:
    """Every table as SQLite describes it, and its CHECK expressions."""
    shape = {}
    for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"):
        shape[table] = {
            # cid, name, type, notnull, default, pk, hidden
            "columns": [list(r) for r in conn.execute(f'PRAGMA table_xinfo("{table}")')],
            # id, seq, table, from, to, on_update, on_delete, match
            "foreign_keys": sorted(list(r) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')),
            "indexes": sorted(_index(conn, name, unique, origin, partial) for _, name, unique, origin, partial
                              in conn.execute(f'PRAGMA index_list("{table}")')),
            "list": [list(r[2:]) for r in conn.execute(f"PRAGMA table_list('{table}')")],  # type, ncol, wr, strict
            "checks": checks(conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]),
        }
    return shape


def _index(conn: sqlite3.Connection, name: str, unique: int, origin: str, partial: int) -> list:
    # seqno, cid, column name, descending, collation, key column
    columns = [list(r) for r in conn.execute(f'PRAGMA index_xinfo("{name}")')]
    return [name, unique, origin, partial, columns]


def checks(create_sql: str) -> list[str]:
    """The CHECK expressions of a CREATE TABLE statement, spacing made even, sorted.

    A column's CHECK and the same CHECK written after the columns are one
    constraint to SQLite, so where it stands is left out."""
    without_comments = re.sub(r"--[^\n]*", "", create_sql)
    found = []
    for match in re.finditer(r"\bCHECK\s*\(", without_comments, re.IGNORECASE):
        depth, start = 1, match.end()
        at = start
        while depth:
            depth += {"(": 1, ")": -1}.get(without_comments[at], 0)
            at += 1
        found.append(" ".join(without_comments[start:at - 1].split()))
    return sorted(found)


def rows(conn: sqlite3.Connection) -> dict[str, list[list[str]]]:
    """Every row of every table, each value as an SQL literal (so 1500 and 1500.0 differ)."""
    out = {}
    for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"):
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        quoted = ", ".join(f'quote("{c}")' for c in columns)
        out[table] = [list(r) for r in conn.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid')]
    return out


def probe_outcomes(conn: sqlite3.Connection) -> dict[str, str]:
    """Whether each of PROBES is refused; every probe is rolled back."""
    outcomes = {}
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = ON")  # as the app opens a log
    try:
        for what, script in PROBES:
            conn.execute("SAVEPOINT probe")
            try:
                for statement in script.split("; "):
                    conn.execute(statement)
                outcomes[what] = "accepted"
            except sqlite3.DatabaseError as err:
                outcomes[what] = f"refused: {type(err).__name__}"
            finally:
                conn.execute("ROLLBACK TO probe")
                conn.execute("RELEASE probe")
    finally:
        conn.execute(f"PRAGMA foreign_keys = {foreign_keys}")
    return outcomes
