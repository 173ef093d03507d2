"""The whole-log check: SQLite's full ``integrity_check`` and a read of every
record through the core's own parsers.

``quick_check`` (opening.py, before the window's first paint) misses damage
inside a record, such as one changed byte in a dose's time; this check finds
it. It runs on its own read-only connection, so it can run on a thread
beside the window (SQLite releases the GIL while it checks) and never
writes to the file it checks. ``kratomtrack check``, ``--self-test``, every
headless writer and the window (in the background after its first paint)
use it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from kratomtrack.core.validation import (
    FieldError,
    check_grams,
    parse_day,
    parse_form,
    parse_taken_at,
)
from kratomtrack.store import schema
from kratomtrack.store.sqlite_file import check_sqlite_header, connect_readonly

MAX_FINDINGS = 20  # enough to say what is wrong; a shredded file can have thousands


@dataclass
class LogHealth:
    """What the whole-log check found: nothing (healthy), or plain findings."""

    findings: list[str] = field(default_factory=list)
    unreadable_records: int = 0

    @property
    def healthy(self) -> bool:
        return not self.findings

    def add(self, finding: str) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding)

    def summary(self) -> str:
        """One sentence for a bar or a message."""
        if self.healthy:
            return "The log passed the full check."
        unreadable = (f" {self.unreadable_records} record(s) cannot be read."
                      if self.unreadable_records else "")
        return f"The log is damaged: {self.findings[0]}.{unreadable}"


def check_whole_log(path: Path) -> LogHealth:
    """Check the log at ``path`` in full without writing to it."""
    health = LogHealth()
    try:
        check_sqlite_header(path)
        conn = connect_readonly(path)
    except (OSError, sqlite3.Error, schema.SchemaError) as err:
        health.add(f"the file cannot be opened ({err})")
        return health
    # Undecodable bytes kept as surrogates, so that such a row is named, not skipped.
    conn.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")
    try:
        for (line,) in conn.execute("PRAGMA integrity_check(20)"):
            if line != "ok":
                health.add(f"SQLite's integrity check: {line}")
        read_every_record(conn, health)
    except sqlite3.DatabaseError as err:
        health.add(f"SQLite could not read it ({err})")
    finally:
        conn.close()
    return health


def read_every_record(conn: sqlite3.Connection, health: LogHealth) -> None:
    """Parse each stored row as the app would read it, noting those it cannot."""
    for id_, taken_at, day, milligrams, form, product, note, pain_before, pain_after in conn.execute(
        "SELECT id, taken_at, day, milligrams, form, product, note, pain_before, pain_after FROM doses"
    ):
        problem = dose_problem(taken_at, day, milligrams, form, product, note, pain_before, pain_after)
        if problem:
            _unreadable(health, dose_finding(id_, problem))
    for day, pain, note in conn.execute("SELECT day, pain, note FROM checkins"):
        problem = checkin_row_problem(day, pain, note) or _text_problem(note)
        if problem:
            _unreadable(health, checkin_finding(day, problem))
    for day, rating in conn.execute("SELECT day, rating FROM ratings"):
        if rating_row_problem(day, rating):
            _unreadable(health, rating_finding(day))
    for (name,) in conn.execute("SELECT name FROM side_effects"):
        if _text_problem(name):
            _unreadable(health, f"a side effect's name cannot be read ({_shown(name)})")
    for key, value in conn.execute("SELECT key, value FROM settings"):
        try:
            if _text_problem(key, value):
                raise ValueError(key)
            json.loads(value)
        except (TypeError, ValueError):
            _unreadable(health, f"setting {_shown(key)} cannot be read")


def dose_row_problem(taken_at, day, milligrams, form) -> str:
    """Why a stored dose row cannot be read, or '' if it can."""
    try:
        moment = parse_taken_at(taken_at, real_clock=False)
        if parse_day(day) != moment.date():
            return "its day does not match its time"
        if not isinstance(milligrams, int) or isinstance(milligrams, bool):
            return "its amount is not a whole number of milligrams"
        check_grams(milligrams / 1000, parse_form(form))
    except FieldError as err:
        return str(err.problem.message)
    return ""


def dose_problem(taken_at, day, milligrams, form, product, note, pain_before, pain_after) -> str:
    """Why a stored dose row, all its columns, cannot be read, or '' if it can."""
    for pain in (pain_before, pain_after):
        if pain is not None and (isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10):
            return "its pain before or after is not 0 to 10"
    return dose_row_problem(taken_at, day, milligrams, form) or _text_problem(product, note)


def rating_row_problem(day, rating) -> str:
    """Why a stored side-effect rating cannot be read, or '' if it can."""
    return rating_value_problem(rating) or _day_problem(day)


def rating_value_problem(rating) -> str:
    """Why a stored rating's value cannot be read, or '' if it can (its day aside)."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 3:
        return "its rating is not 0 to 3"
    return ""


# Findings, as the check prints them and History's tooltips show them.
def dose_finding(id_, problem: str) -> str:
    return f"dose {id_}: {problem}"


def checkin_finding(day, problem: str) -> str:
    return f"check-in {_shown(day)}: {problem}"


def rating_finding(day) -> str:
    return f"a side-effect rating on {_shown(day)} cannot be read"


def checkin_row_problem(day, pain, note) -> str:
    """Why a stored check-in row cannot be read, or '' if it can."""
    problem = _day_problem(day)
    if problem:
        return problem
    if pain is not None and (not isinstance(pain, int) or not 0 <= pain <= 10):
        return "its pain is not 0 to 10"
    if not isinstance(note, str):
        return "its note is not text"
    return ""


# Bytes that were not UTF-8, kept as surrogates by check_whole_log's text factory.
_UNDECODED = re.compile("[\udc80-\udcff]")


def _text_problem(*values) -> str:
    for value in values:
        if not isinstance(value, str):
            return "a text field holds something other than text"
        if _UNDECODED.search(value):
            return "a text field holds bytes that are not text"
    return ""


def _shown(value) -> str:
    """A stored value as it may be printed (damaged bytes made visible)."""
    return repr(str(value).encode("utf-8", "backslashreplace").decode("ascii", "replace")[:40])


def _day_problem(day) -> str:
    try:
        parse_day(day)
    except FieldError as err:
        return str(err.problem.message)
    return ""


def _unreadable(health: LogHealth, finding: str) -> None:
    health.unreadable_records += 1
    health.add(finding)


# Tables whose rows belong to a day (the ``day`` column, YYYY-MM-DD), with
# how a finding names one of their rows.
_DAY_TABLES = (
    ("doses", "'dose ' || id"),
    ("checkins", "'check-in'"),
    ("ratings", "'a side-effect rating'"),
    ("no_use_days", "'a “no kratom” mark'"),
)


def records_without_a_day(conn: sqlite3.Connection) -> list[str]:
    """Findings for the records whose day itself cannot be read, at most MAX_FINDINGS.

    Such a record belongs to no day, so History cannot list it among the
    days; it names them apart. ``date(day) IS NOT day`` is SQLite's own
    reading of the day (NULL or a different day for anything but a real
    YYYY-MM-DD), so the scan stays in SQLite.
    """
    union = " UNION ALL ".join(
        f"SELECT {label}, day FROM {table} WHERE date(day) IS NOT day" for table, label in _DAY_TABLES)
    return [f"{what}: its day {_shown(day)} is not a date"
            for what, day in conn.execute(f"{union} LIMIT {MAX_FINDINGS}")]


def day_or_none(text) -> dt.date | None:
    """A stored day, or None if the row is unreadable."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None
