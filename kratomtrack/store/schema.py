"""The database schema and its forward migrations, versioned by PRAGMA user_version.

A new log is made by running every migration, an older log by running the
ones after its version. A released migration never changes what it does; a
later change to the schema is a new migration appended to MIGRATIONS
(tests/test_schema_migrations.py compares every way of making a log with
the logs made before). Every migration runs in its own transaction together
with the version bump, so a crash leaves the file either before or after it,
never in between.

Most migrations are SQL: their tables have CHECK constraints (or a UNIQUE
COLLATE NOCASE, an ON DELETE CASCADE), which sqlite-utils' create() cannot
write. What ALTER TABLE cannot do (change a column's type or CHECK, drop a
column) is sqlite-utils' ``table.transform()``: it makes the new table,
copies the rows, drops the old one, renames the new one and makes the
indexes again, in a savepoint inside the migration's transaction.
sqlite-utils loads numpy (0.2 to 0.4 s): it is imported only while a log is
made or migrated, never when the window opens a log that is up to date.
"""

from __future__ import annotations

import sqlite3

from kratomtrack.core.records import BUILTIN_SIDE_EFFECTS

# 'KRAT': marks the file as ours, so a foreign SQLite file is never written to.
APPLICATION_ID = 0x4B524154


class SchemaError(Exception):
    """The file cannot be used as a kratomtrack log; the message says why."""


class NewerSchemaError(SchemaError):
    pass


class ForeignDatabaseError(SchemaError):
    pass


MIGRATION_1 = """
CREATE TABLE doses (
    id INTEGER PRIMARY KEY,
    taken_at TEXT NOT NULL,       -- local time, YYYY-MM-DDTHH:MM
    day TEXT NOT NULL,            -- local calendar day, YYYY-MM-DD
    grams REAL NOT NULL CHECK (grams > 0 AND grams <= 100),
    form TEXT NOT NULL CHECK (form IN ('powder','capsules','tea','extract','7-oh','other')),
    product TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX doses_day ON doses(day);
CREATE INDEX doses_taken_at ON doses(taken_at);

CREATE TABLE checkins (
    day TEXT PRIMARY KEY,         -- YYYY-MM-DD
    pain INTEGER CHECK (pain IS NULL OR (pain BETWEEN 0 AND 10)),  -- NULL: not recorded
    note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE side_effects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    builtin INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL
);

CREATE TABLE ratings (
    day TEXT NOT NULL REFERENCES checkins(day) ON DELETE CASCADE,
    side_effect_id INTEGER NOT NULL REFERENCES side_effects(id),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 3),  -- 0 none .. 3 severe
    PRIMARY KEY (day, side_effect_id)
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL           -- JSON
);
"""


def _migration_1(conn: sqlite3.Connection) -> None:
    for statement in _statements(MIGRATION_1):
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO side_effects (name, builtin, hidden, position) VALUES (?, 1, 0, ?)",
        [(name, i) for i, name in enumerate(BUILTIN_SIDE_EFFECTS)],
    )


MIGRATION_2 = """
-- Red-flag symptoms ticked on a day (docs/health-content.md "Red flags"); flag is a key
-- from kratomtrack.core (for example 'seizure', 'yellow skin or eyes').
CREATE TABLE red_flags (
    day TEXT NOT NULL,
    flag TEXT NOT NULL,
    PRIMARY KEY (day, flag)
);

-- Weekly PEG (Krebs 2009): three items 0-10; the score is their mean.
CREATE TABLE peg (
    day TEXT PRIMARY KEY,
    pain_average INTEGER NOT NULL CHECK (pain_average BETWEEN 0 AND 10),
    enjoyment INTEGER NOT NULL CHECK (enjoyment BETWEEN 0 AND 10),
    activity INTEGER NOT NULL CHECK (activity BETWEEN 0 AND 10)
);

-- Monthly Severity of Dependence Scale (Gossop 1995): five items 0-3, total 0-15.
CREATE TABLE sds (
    day TEXT PRIMARY KEY,
    q1 INTEGER NOT NULL CHECK (q1 BETWEEN 0 AND 3),
    q2 INTEGER NOT NULL CHECK (q2 BETWEEN 0 AND 3),
    q3 INTEGER NOT NULL CHECK (q3 BETWEEN 0 AND 3),
    q4 INTEGER NOT NULL CHECK (q4 BETWEEN 0 AND 3),
    q5 INTEGER NOT NULL CHECK (q5 BETWEEN 0 AND 3)
);

-- A day note the person marked "for my doctor" (goes into the summary).
ALTER TABLE checkins ADD COLUMN for_doctor INTEGER NOT NULL DEFAULT 0;
"""


def _migration_2(conn: sqlite3.Connection) -> None:
    for statement in _statements(MIGRATION_2):
        conn.execute(statement)


def _migration_3(conn: sqlite3.Connection) -> None:
    """Amounts as whole milligrams (an integer, exact): 0.01 g steps for leaf and
    extract, 1 mg for 7-OH products. Every earlier amount (0.1 g steps) becomes
    exactly grams * 1000.

    A column's type and CHECK cannot be changed in place, and sqlite-utils
    cannot write a CHECK: milligrams is added beside grams with its CHECK and
    filled, then transform() drops grams and puts milligrams, NOT NULL, in its
    place (doses keeps its other columns, CHECKs and indexes).
    """
    conn.execute("ALTER TABLE doses ADD COLUMN milligrams INTEGER "
                 "CHECK (milligrams > 0 AND milligrams <= 100000)")
    conn.execute("UPDATE doses SET milligrams = CAST(round(grams * 1000) AS INTEGER)")
    _transform(conn, "doses", drop={"grams"}, not_null={"milligrams"},
               column_order=["id", "taken_at", "day", "milligrams"])


def _migration_4(conn: sqlite3.Connection) -> None:
    """Days the person marked "no kratom today" (docs/health-content.md, "Logging
    coverage"): the day is logged, with no use. A day with neither a dose, a
    check-in nor this mark is unlogged, never counted as a day without use."""
    sqlite_utils_db(conn)["no_use_days"].create({"day": str}, pk="day")  # YYYY-MM-DD


MIGRATION_5 = """
-- Relief per dose (docs/health-content.md "Patterns over time"): an optional
-- "pain now" with a dose and the pain recorded one to three hours later.
ALTER TABLE doses ADD COLUMN pain_before INTEGER CHECK (pain_before IS NULL OR (pain_before BETWEEN 0 AND 10));
ALTER TABLE doses ADD COLUMN pain_after INTEGER CHECK (pain_after IS NULL OR (pain_after BETWEEN 0 AND 10));

-- Reduction plans the person entered (docs/health-content.md "A reduction plan"):
-- a history; the active plan is the one not ended. steps is JSON: a list of
-- {"from": YYYY-MM-DD, "leaf_mg": int or null, "doses": int or null}.
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    start TEXT NOT NULL,          -- YYYY-MM-DD
    ended TEXT,                   -- YYYY-MM-DD, NULL while the plan is on
    steps TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
"""


def _migration_5(conn: sqlite3.Connection) -> None:
    for statement in _statements(MIGRATION_5):
        conn.execute(statement)


# The tables of records a person makes, each row of which has a stable id
# (schema 6): the same record on two computers is one record (store/sync/).
# Ratings belong to their check-in and have none of their own.
UID_TABLES = ("doses", "checkins", "no_use_days", "peg", "sds", "red_flags", "plans",
              "side_effects", "settings")

# A random UUID (version 4, as RFC 9562 writes it) made by SQLite itself, so
# that every way a row is inserted (a typed record, an import, an undo, another
# program) gets one without knowing of it.
NEW_UID = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
           "substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + abs(random()) % 4, 1) || "
           "substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))")


def uid_trigger(table: str) -> str:
    """The trigger that gives a row inserted without a uid a new one.

    A trigger, not a column DEFAULT: ALTER TABLE cannot add a column with a
    default that is an expression. A later migration that rebuilds one of
    these tables (sqlite-utils' transform()) drops its trigger and must
    make it again (tests/test_stable_ids.py checks every table has one)."""
    return (f"CREATE TRIGGER {table}_new_uid AFTER INSERT ON {table} WHEN NEW.uid IS NULL "
            f"BEGIN UPDATE {table} SET uid = {NEW_UID} WHERE rowid = NEW.rowid; END")


MIGRATION_6_SYNC = """
-- The merge engine's state (store/sync/): every CRDT update this log holds, in order.
CREATE TABLE sync_updates (
    seq INTEGER PRIMARY KEY,
    doc_update BLOB NOT NULL
);
-- Updates made here and not yet written to the sync folder (a crash between
-- the two writes them at the next merge).
CREATE TABLE sync_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_update BLOB NOT NULL,
    needs TEXT NOT NULL           -- JSON: the state the update needs merged before it is whole
);
-- Records written since the last merge, by their merge key (store/sync/records.py):
-- filled by triggers that exist only while the log syncs.
CREATE TABLE sync_dirty (
    key TEXT PRIMARY KEY          -- a rowid table: undo (store/row_changes.py) names rows by rowid
);
-- The sync folder's files already merged into this log: (computer, file name).
CREATE TABLE sync_applied (
    computer TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (computer, name)
);
-- "Changed on both computers": a record edited on two computers since they
-- last merged keeps one version; the other is kept here until restored or
-- put away. record is the merge's key of the record, kept and other JSON.
CREATE TABLE sync_conflicts (
    key TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    kept TEXT NOT NULL,
    other TEXT NOT NULL,
    noticed TEXT NOT NULL,        -- YYYY-MM-DD
    uid TEXT
);
"""


def _migration_6(conn: sqlite3.Connection) -> None:
    """A stable id (uid, a random UUID) on every row of every record table,
    filled for the rows there are; and the tables sync through a folder keeps."""
    for table in UID_TABLES:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN uid TEXT")
        conn.execute(f"UPDATE {table} SET uid = {NEW_UID}")
    for statement in _statements(MIGRATION_6_SYNC):
        conn.execute(statement)
    for table in (*UID_TABLES, "sync_conflicts"):
        conn.execute(f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)")
        conn.execute(uid_trigger(table))


# Index i holds the migration from version i to version i + 1.
MIGRATIONS = [_migration_1, _migration_2, _migration_3, _migration_4, _migration_5, _migration_6]
SCHEMA_VERSION = len(MIGRATIONS)


def _tables_at_each_version() -> list[dict[str, tuple[str, ...]]]:
    """The tables and their columns after each migration (index v - 1): what the
    whole-log check compares a file's header with (store/file_checks.py), so that
    a damaged schema version is told from a log of another version.
    tests/test_schema_migrations.py compares them with the logs the migrations make."""
    doses = ("id", "taken_at", "day", "grams", "form", "product", "note")
    tables = {"checkins": ("day", "pain", "note"), "doses": doses,
              "ratings": ("day", "side_effect_id", "rating"), "settings": ("key", "value"),
              "side_effects": ("id", "name", "builtin", "hidden", "position")}
    shapes = [dict(tables)]
    tables |= {"checkins": (*tables["checkins"], "for_doctor"), "red_flags": ("day", "flag"),
               "peg": ("day", "pain_average", "enjoyment", "activity"),
               "sds": ("day", "q1", "q2", "q3", "q4", "q5")}
    shapes.append(dict(tables))
    tables["doses"] = tuple("milligrams" if c == "grams" else c for c in doses)
    shapes.append(dict(tables))
    tables["no_use_days"] = ("day",)
    shapes.append(dict(tables))
    tables |= {"doses": (*tables["doses"], "pain_before", "pain_after"),
               "plans": ("id", "start", "ended", "steps", "note")}
    shapes.append(dict(tables))
    # 6: a stable id on every record (store/sync/), and sync's own tables.
    tables = {name: (*columns, "uid") if name != "ratings" else columns for name, columns in tables.items()}
    tables |= {"sync_updates": ("seq", "doc_update"), "sync_outbox": ("seq", "doc_update", "needs"),
               "sync_dirty": ("key",), "sync_applied": ("computer", "name"),
               "sync_conflicts": ("key", "record", "kept", "other", "noticed", "uid")}
    shapes.append(dict(tables))
    return shapes


TABLES_AT_VERSION = _tables_at_each_version()


def sqlite_utils_db(conn: sqlite3.Connection):
    """sqlite-utils' Database over ``conn``, for what it does best: a migration's
    transform() and create(), and an import's insert_all() (store/transfer.py).

    It loads no plugins and leaves the connection's PRAGMAs as they are. Its
    writes inside one of our transactions run in a savepoint, so they stay all
    or nothing with it. Imported here, when needed: it loads numpy.
    """
    import sqlite_utils

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def _transform(conn: sqlite3.Connection, table: str, **changes) -> None:
    """sqlite-utils' ``table.transform(**changes)``, inside the migration's transaction.

    Refused with a sqlite-utils older than 4.2, whose transform() drops a
    table's CHECK constraints without a word (4.2 keeps them, and added the
    ``checks`` tested for here): the migration rolls back, the log stays as it was.
    Inside a transaction transform() cannot switch foreign keys off: it defers
    their check to its end, and refuses a table another table's ON DELETE
    CASCADE points at (checkins; to rebuild that one, switch foreign keys off
    before the migration's BEGIN).
    """
    db = sqlite_utils_db(conn)
    if not hasattr(db[table], "checks"):
        from importlib.metadata import version

        raise SchemaError(
            "Bringing this log up to date needs sqlite-utils 4.2 or later (this "
            f"installation has {version('sqlite-utils')}). The file was left unchanged.")
    db[table].transform(**changes)


def _statements(script: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check_compatible(conn: sqlite3.Connection) -> int:
    """Return the file's schema version, or raise if it is not ours or too new."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = schema_version(conn)
    tables = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
    ).fetchone()[0]
    if app_id == 0 and version == 0 and tables == 0:
        return 0  # a new, empty file
    if app_id != APPLICATION_ID:
        raise ForeignDatabaseError(
            "This file is an SQLite database, but not a kratomtrack log. "
            "It was left unchanged."
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"This log was written by a newer version of kratomtrack (schema {version}; "
            f"this version understands up to {SCHEMA_VERSION}). Please update kratomtrack. "
            "The file was left unchanged."
        )
    return version


def migrate(conn: sqlite3.Connection, to: int = SCHEMA_VERSION) -> int:
    """Bring the file up to SCHEMA_VERSION (tests: up to version ``to``);
    returns how many migrations ran."""
    start = check_compatible(conn)
    for version in range(start, to):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated.
            if schema_version(conn) != version:
                conn.execute("ROLLBACK")
                continue
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return max(to - start, 0)
