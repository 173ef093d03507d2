"""Every row an action changed, kept so that the action can be taken back in one step.

An import writes many kinds of rows at once (doses, check-ins and their
ratings, side effects, "no kratom" marks, check-ups, plans), some of them
replacing what was there. Rather than each kind keeping its own list of what
it did, ``recording`` puts temporary triggers on every table of the log (on
this connection only) for the length of the action: each insert, update and
delete leaves the SQL statement that reverses it (the technique of SQLite's
own "Automatic Undo/Redo" note), and ``RowChanges.take_back`` runs them in
reverse order in one transaction.

A reversed insert deletes the row only if it is still exactly as written, so
a row another program changed or put in its place meanwhile is left alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from kratomtrack.store.database import LogDatabase

_LOG = "kratomtrack_row_changes"


class RowChanges:
    """The statements that reverse an action's row changes, oldest first."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def take_back(self, db: LogDatabase) -> None:
        """Reverse every recorded change, newest first, all or nothing."""
        with db.transaction():
            # A check-in put back before its ratings, or ratings before their
            # check-in: the foreign keys are checked once all is back.
            db.conn.execute("PRAGMA defer_foreign_keys = ON")
            for statement in reversed(self.statements):
                db.conn.execute(statement)


@contextlib.contextmanager
def recording(db: LogDatabase) -> Iterator[RowChanges]:
    """Record the reverse of every row change made inside, in ``db``'s transaction."""
    changes = RowChanges()
    with db.transaction():
        recursive = db.conn.execute("PRAGMA recursive_triggers").fetchone()[0]
        # INSERT OR REPLACE deletes the row it replaces; only with recursive
        # triggers on does that delete fire a trigger (and get recorded).
        db.conn.execute("PRAGMA recursive_triggers = ON")
        db.conn.execute(f"CREATE TEMP TABLE {_LOG} (statement TEXT NOT NULL)")
        tables = [name for (name,) in db.conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")]
        try:
            for table in tables:
                for trigger in _triggers(db, table):
                    db.conn.execute(trigger)
            yield changes
            changes.statements = [s for (s,) in db.conn.execute(f"SELECT statement FROM {_LOG} ORDER BY rowid")]
        finally:
            if db.conn.in_transaction:  # a failed action may have ended it already
                for table in tables:
                    for event in ("insert", "update", "delete"):
                        db.conn.execute(f'DROP TRIGGER IF EXISTS temp."{_trigger_name(table, event)}"')
                db.conn.execute(f"DROP TABLE IF EXISTS temp.{_LOG}")
            db.conn.execute(f"PRAGMA recursive_triggers = {int(recursive)}")


def _trigger_name(table: str, event: str) -> str:
    return f"{_LOG}_{table}_{event}"


def _triggers(db: LogDatabase, table: str) -> list[str]:
    columns = [row[1] for row in db.conn.execute(f'PRAGMA main.table_info("{table}")')]
    name = _sql_literal(f'main."{table}"')

    def values(row: str) -> str:  # "quote(OLD."a") || ',' || quote(OLD."b")"
        return " || ',' || ".join(f'quote({row}."{c}")' for c in columns)

    def same_row(row: str) -> str:  # " AND "a" IS " || quote(NEW."a") || ...
        return " || ".join(f"""' AND "{c}" IS ' || quote({row}."{c}")""" for c in columns)

    names = ",".join(f'"{c}"' for c in columns)
    assignments = " || ',' || ".join(f"""'"{c}"=' || quote(OLD."{c}")""" for c in columns)
    undo_insert = f"'DELETE FROM ' || {name} || ' WHERE rowid=' || NEW.rowid || {same_row('NEW')}"
    undo_update = f"'UPDATE ' || {name} || ' SET ' || {assignments} || ' WHERE rowid=' || OLD.rowid"
    undo_delete = (f"'INSERT INTO ' || {name} || ' (rowid,' || {_sql_literal(names)} || ') VALUES ('"
                   f" || OLD.rowid || ',' || {values('OLD')} || ')'")
    return [
        f'CREATE TEMP TRIGGER "{_trigger_name(table, event)}" AFTER {event.upper()} ON main."{table}" '
        f"BEGIN INSERT INTO {_LOG} (statement) VALUES ({undo}); END"
        for event, undo in (("insert", undo_insert), ("update", undo_update), ("delete", undo_delete))
    ]


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
