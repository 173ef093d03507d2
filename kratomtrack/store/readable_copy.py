"""An in-memory copy of what can still be read of a damaged log.

For the read-only look at a damaged log (the window's read-only mode, the
commands that only read): reading the file in place would fail half-way
through a damaged page, or hand a page a value it cannot handle (a PEG
whose day is not a date). Each table is copied row by row until its first
page SQLite cannot read; a row the whole-log check calls unreadable
(store/integrity.py, its table's rule) is left out, and counted, so that
what is shown can say what was skipped. The file is only read.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from kratomtrack.store import schema
from kratomtrack.store.file_checks import read_error_text, read_errors
from kratomtrack.store.integrity import table_rules
from kratomtrack.store.sqlite_file import check_sqlite_header, connect_readonly, readable_text


@dataclass
class ReadableCopy:
    """The copy, and what it left out."""

    conn: sqlite3.Connection
    left_out: int = 0  # rows the app cannot read (each table's rule)
    # Tables of which SQLite could not read every row (or the whole file, when
    # it cannot be opened at all), with why.
    unread: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.left_out and not self.unread

    def sentence(self) -> str:
        """What was left out, in words ('' if nothing)."""
        parts = []
        if self.left_out:
            parts.append(f"{self.left_out} record(s) that cannot be read were skipped")
        if self.unread:
            parts.append("what could not be read of " + "; ".join(self.unread) + " is missing")
        return "; ".join(parts)


def readable_copy(path: Path) -> ReadableCopy:
    """Copy every row the app can read from the log at ``path`` into memory.

    Raises what check_sqlite_header raises (a file that is not SQLite, a
    protected log without its key): that is no damage to read around. A file
    SQLite cannot open at all gives an empty copy that says so.
    """
    check_sqlite_header(path)
    copy = sqlite3.connect(":memory:", isolation_level=None)
    copy.text_factory = readable_text
    schema.migrate(copy)
    found = ReadableCopy(copy)
    try:
        source = connect_readonly(path)
    except (sqlite3.Error, OSError) as err:
        found.unread.append(f"the whole file ({read_error_text(err)})")
        return found
    # Bytes that are not text stay visible to the rules (as surrogates), which refuse them.
    source.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")
    try:
        present = _source_tables(source, found)
        for rule in table_rules():
            if rule.table in present:
                _copy_table(source, copy, rule, present[rule.table], found)
    finally:
        source.close()
    return found


def _source_tables(source, found: ReadableCopy) -> dict[str, tuple[str, ...]]:
    try:
        names = [r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: tuple(r[1] for r in source.execute(f'PRAGMA table_info("{name}")'))
                for name in names}
    except read_errors(source) as err:
        found.unread.append(f"the list of its tables ({read_error_text(err)})")
        return {}


def _copy_table(source, copy: sqlite3.Connection, rule, present: tuple[str, ...],
                found: ReadableCopy) -> None:
    insert = (f'INSERT OR IGNORE INTO "{rule.table}" ({", ".join(rule.columns)}) '
              f'VALUES ({", ".join("?" * len(rule.columns))})')
    rows = []
    try:
        for row in source.execute(rule.select(present)):
            if rule.problem(*row):
                found.left_out += 1
            else:
                rows.append(row)
    except read_errors(source) as err:
        found.unread.append(f"{rule.table.replace('_', ' ')} ({read_error_text(err)})")
    if rule.table == "side_effects" and rows:
        copy.execute("DELETE FROM side_effects")  # the log's own replace the built-ins
    copy.executemany(insert, rows)
