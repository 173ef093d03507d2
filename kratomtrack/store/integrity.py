"""The whole-log check: the file's header and -wal, SQLite's own checks, and a
read of every record and setting through the app's own parsers.

``quick_check`` (opening.py, before the window's first paint) misses damage
inside a record, such as one changed byte in a dose's time; this check finds
it. It runs on its own read-only connection, so it can run on a thread
beside the window (SQLite releases the GIL while it checks) and never
writes to the file it checks. ``kratomtrack check``, ``--self-test``, every
headless writer, the read-only commands, ``restore`` (on the backup) and
the window (in the background after its first paint) use it.

Each table's rule (``table_rules``) says why a stored row cannot be read as the
app reads it; the check names such rows, and the read-only copy of a
damaged log (store/readable_copy.py) leaves them out by the same rules.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kratomtrack.core.checkups import Peg, Sds, red_flag, validate_peg, validate_sds
from kratomtrack.core.records import Form
from kratomtrack.core.validation import (
    NOTE_MAX,
    PRODUCT_MAX,
    FieldError,
    InvalidRecord,
    check_grams,
    parse_day,
    parse_taken_at,
    parse_text,
    side_effect_name,
)
from kratomtrack.store import cipher, schema
from kratomtrack.store.file_checks import (
    first_bytes_finding,
    plain_header_findings,
    read_error_text,
    read_errors,
    schema_findings,
    wal_findings,
)
from kratomtrack.store.sqlite_file import LogLockedError, check_sqlite_header, connect_readonly

MAX_FINDINGS = 20  # enough to say what is wrong; a shredded file can have thousands
# A -wal finding is said only if it is there again this much later: a change
# being saved as the check reads the -wal can look like a damaged frame once.
WAL_SECOND_LOOK_SECONDS = 0.2


@dataclass
class LogHealth:
    """What the whole-log check found: nothing (healthy), or plain findings.

    ``refusal``: the file is no log this program can read at all (another
    program's file, a newer kratomtrack's, a protected log without its key);
    the commands say it as they always have, rather than as damage."""

    findings: list[str] = field(default_factory=list)
    unreadable_records: int = 0
    refusal: schema.SchemaError | None = None

    @property
    def healthy(self) -> bool:
        return not self.findings and self.refusal is None

    def add(self, finding: str) -> None:
        if len(self.findings) < MAX_FINDINGS:
            # A message may quote a stored value with bytes that are not text (kept as
            # surrogates): shown escaped, so that it can be printed and written.
            self.findings.append(finding.encode("utf-8", "backslashreplace").decode("utf-8"))

    def refuse(self, refusal: schema.SchemaError, finding: str = "") -> None:
        self.refusal = refusal
        self.add(finding or f"the file cannot be opened as a log ({refusal})")

    def summary(self) -> str:
        """One sentence for a bar or a message."""
        if self.healthy:
            return "The log passed the full check."
        unreadable = (f" {self.unreadable_records} record(s) cannot be read."
                      if self.unreadable_records else "")
        return f"The log is damaged: {self.findings[0]}.{unreadable}"


def check_whole_log(path: Path, *, read_wal: bool = True) -> LogHealth:
    """Check the log at ``path`` in full without writing to it.

    ``read_wal`` False leaves out the look at the -wal (a backup has none)."""
    health = LogHealth()
    path = Path(path)
    plain = True
    try:
        if path.stat().st_size == 0:
            health.add("the file is empty (0 bytes): it holds no records; a crash or a full "
                       "disk may have cut it short")
            return health
        check_sqlite_header(path)
        plain = cipher.has_sqlite_header(path)
        for finding in plain_header_findings(path) if plain else ():
            health.add(finding)
        conn = connect_readonly(path)
    except (LogLockedError, schema.ForeignDatabaseError) as err:
        health.refuse(err, first_bytes_finding(path))
        return health
    except (OSError, sqlite3.Error, schema.SchemaError) as err:
        if isinstance(err, sqlite3.DatabaseError) and not plain:  # protected, its key held
            health.add("its first page cannot be decrypted (it does not match its check, HMAC), "
                       "so nothing in it can be read")
        else:
            health.add(f"the file cannot be opened ({read_error_text(err)})")
        return health
    # Undecodable bytes kept as surrogates, so that such a row is named, not skipped.
    conn.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")
    page_size = 0
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        _check_inside(conn, health)
    except read_errors(conn) as err:
        health.add(f"SQLite could not read it ({read_error_text(err)})")
    finally:
        conn.close()
    if read_wal and page_size and health.refusal is None:
        for finding in _wal_findings_twice(path, page_size):
            health.add(finding)
    return health


def _check_inside(conn: sqlite3.Connection, health: LogHealth) -> None:
    if cipher.is_encrypted(conn):
        # SQLCipher's own check: every page against its HMAC (its key and contents).
        for (text,) in conn.execute("PRAGMA cipher_integrity_check"):
            for line in _lines(text):
                health.add(f"SQLCipher's integrity check: {line}")
    findings, refusal = schema_findings(conn)
    if refusal is not None:
        health.refuse(refusal, *findings)
        return
    for finding in findings:
        health.add(finding)
    for (text,) in conn.execute("PRAGMA integrity_check(20)"):
        for line in _lines(text):
            if line != "ok":
                health.add(f"SQLite's integrity check: {line}")
    for table, _, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchmany(MAX_FINDINGS):
        health.add(f"a row of {table} points to a row of {parent} that is not there")
    read_every_record(conn, health)


def _lines(text) -> list[str]:
    """A report's lines, without SQLite's "*** in database main ***" heading."""
    return [line for line in str(text).splitlines() if line.strip() and not line.startswith("***")]


def _wal_findings_twice(path: Path, page_size: int) -> list[str]:
    found = wal_findings(path, page_size)
    if found:
        time.sleep(WAL_SECOND_LOOK_SECONDS)
        found = wal_findings(path, page_size)
    return found


def read_every_record(conn: sqlite3.Connection, health: LogHealth) -> None:
    """Parse each stored row as the app would read it, noting those it cannot."""
    tables = _tables(conn)
    for rule in table_rules():
        if rule.table not in tables:
            continue
        for row in conn.execute(rule.select(tables[rule.table])):
            problem = rule.problem(*row)
            if problem:
                _unreadable(health, f"{rule.name(*row)}: {problem}")
    on = conn.execute("SELECT count(*) FROM plans WHERE ended IS NULL").fetchone()[0] \
        if "plans" in tables else 0
    if on > 1:
        health.add(f"{on} plans are on at once (at most one can be)")
    if "no_use_days" in tables:
        for (day,) in conn.execute("SELECT day FROM no_use_days WHERE day IN (SELECT day FROM doses) "
                                   f"LIMIT {MAX_FINDINGS}"):
            health.add(f"{_shown(day)} is marked \u201cno kratom\u201d but has doses")


def _tables(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name: tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')) for name in names}


def dose_row_problem(taken_at, day, milligrams, form) -> str:
    """Why a stored dose row cannot be read, or '' if it can."""
    try:
        parse_taken_at(taken_at, real_clock=False)
        if len(taken_at) != len("YYYY-MM-DDTHH:MM") or taken_at[10] != "T":
            return f"its time {_shown(taken_at)} is not written as kratomtrack writes it"
        if day != taken_at[:10]:
            return "its day does not match its time"
        if not isinstance(milligrams, int) or isinstance(milligrams, bool):
            return "its amount is not a whole number of milligrams"
        if form not in _STORED_FORMS:  # as a read takes it: Form(form)
            return f"its form {_shown(form)} is not one kratomtrack stores"
        check_grams(milligrams / 1000, Form(form))
    except FieldError as err:
        return str(err.problem.message)
    return ""


def dose_problem(taken_at, day, milligrams, form, product, note, pain_before, pain_after) -> str:
    """Why a stored dose row, all its columns, cannot be read, or '' if it can."""
    for pain in (pain_before, pain_after):
        if pain is not None and (isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10):
            return "its pain before or after is not 0 to 10"
    return (dose_row_problem(taken_at, day, milligrams, form)
            or _stored_text_problem(product, "product", PRODUCT_MAX, False)
            or _stored_text_problem(note, "note", NOTE_MAX, True))


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
    if pain is not None and (isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10):
        return "its pain is not 0 to 10"
    if not isinstance(note, str):
        return "its note is not text"
    return ""


def _checkin_problem(day, pain, note, for_doctor) -> str:
    return (checkin_row_problem(day, pain, note) or _stored_text_problem(note, "note", NOTE_MAX, True)
            or _flag_problem(for_doctor, "its \u201cfor my doctor\u201d mark"))


def _rating_problem(day, side_effect_id, rating) -> str:
    if isinstance(side_effect_id, bool) or not isinstance(side_effect_id, int):
        return "its side effect is not a number"
    return rating_row_problem(day, rating)


def _side_effect_problem(id_, name, builtin, hidden, position) -> str:
    try:
        if side_effect_name(name) != name:
            return f"its name {_shown(name)} is not written as kratomtrack writes it"
    except FieldError as err:
        return f"its name {_shown(name)} cannot be read ({err.problem.message})"
    if isinstance(position, bool) or not isinstance(position, int):
        return "its place in the list is not a number"
    return _flag_problem(builtin, "its built-in mark") or _flag_problem(hidden, "its hidden mark")


def _red_flag_problem(day, flag) -> str:
    try:
        if red_flag(flag).key != flag:
            raise FieldError("flag", "")
    except FieldError:
        return f"{_shown(flag)} is not a red-flag symptom kratomtrack knows"
    return _day_problem(day)


def _answers_problem(record) -> Callable[..., str]:
    """A PEG or SDS row's problem, by the check-up's own validation (any past day)."""

    def problem(day, *answers) -> str:
        try:
            record(_canonical_day(day), answers)
        except FieldError as err:
            return str(err.problem.message)
        except InvalidRecord as err:
            return "; ".join(str(p) for p in err.problems)
        return ""

    return problem


def _flag_problem(value, what: str) -> str:
    return "" if value in (0, 1) and not isinstance(value, float) else f"{what} is not 0 or 1"


def _stored_text_problem(value, field_name: str, limit: int, multiline: bool) -> str:
    """Why stored text fails the app's own validation (control characters, bytes
    that are not text, over its length), or ''."""
    if isinstance(value, str) and value.isascii() and value.isprintable() and len(value) <= limit:
        return ""  # printable ASCII, short enough: what parse_text passes, found faster
    try:
        parse_text(value, field_name, limit, multiline)
    except FieldError as err:
        return f"its {field_name} {_shown(value)} {err.problem.message}"
    return "" if isinstance(value, str) else f"its {field_name} is not text"


def _shown(value) -> str:
    """A stored value as it may be printed (damaged bytes made visible)."""
    return repr(str(value)[:40])  # control characters and bytes that are not text escaped


@functools.lru_cache(maxsize=4096)  # a day's rows are read together: doses, check-in, ratings
def _canonical_day(day) -> dt.date:
    """A stored day; FieldError unless it is a real date written YYYY-MM-DD."""
    parsed = parse_day(day)
    if day != parsed.isoformat():
        raise FieldError("date", f"{_shown(day)} is not written YYYY-MM-DD")
    return parsed


def _day_problem(day) -> str:
    try:
        _canonical_day(day)
    except FieldError as err:
        return str(err.problem.message)
    return ""


def _unreadable(health: LogHealth, finding: str) -> None:
    health.unreadable_records += 1
    health.add(finding)


@dataclass(frozen=True)
class TableRule:
    """How the rows of one table are read: the columns, why a row cannot be, and its name."""

    table: str
    columns: tuple[str, ...]
    problem: Callable[..., str]  # (*row) -> '' or why the app cannot read it
    name: Callable[..., str]  # (*row) -> the row in a finding

    def select(self, present: tuple[str, ...]) -> str:
        """The SELECT of this rule's columns from a file whose table has ``present``
        (a log of an older version: its missing columns as they were migrated)."""
        return (f'SELECT {", ".join(c if c in present else _BEFORE_COLUMN.get(c, "NULL") for c in self.columns)} '
                f'FROM "{self.table}"')


_STORED_FORMS = frozenset(form.value for form in Form)
# A column an older log lacks, as the migration that adds it fills it in.
_BEFORE_COLUMN = {"milligrams": "CAST(round(grams * 1000) AS INTEGER)", "for_doctor": "0"}

@functools.cache
def table_rules() -> tuple[TableRule, ...]:
    """Every table's rule. Made at the first check, not at import: the plans' and the
    settings' parsers load modules the window's first paint does without."""
    from kratomtrack.store.plan_rows import PLAN_COLUMNS, plan_row_problem
    from kratomtrack.store.setting_values import stored_setting_problem

    return (
        TableRule("doses", ("id", "taken_at", "day", "milligrams", "form", "product", "note",
                            "pain_before", "pain_after"),
                  lambda id_, *rest: dose_problem(*rest), lambda id_, *_: f"dose {id_}"),
        TableRule("checkins", ("day", "pain", "note", "for_doctor"), _checkin_problem,
                  lambda day, *_: f"check-in {_shown(day)}"),
        TableRule("ratings", ("day", "side_effect_id", "rating"), _rating_problem,
                  lambda day, *_: f"a side-effect rating on {_shown(day)}"),
        TableRule("side_effects", ("id", "name", "builtin", "hidden", "position"), _side_effect_problem,
                  lambda id_, *_: f"side effect {id_}"),
        TableRule("red_flags", ("day", "flag"), _red_flag_problem,
                  lambda day, *_: f"a red flag on {_shown(day)}"),
        TableRule("peg", ("day", "pain_average", "enjoyment", "activity"),
                  _answers_problem(lambda day, answers: validate_peg(Peg(day, *answers), dt.date.max)),
                  lambda day, *_: f"the PEG of {_shown(day)}"),
        TableRule("sds", ("day", "q1", "q2", "q3", "q4", "q5"),
                  _answers_problem(lambda day, answers: validate_sds(Sds(day, answers), dt.date.max)),
                  lambda day, *_: f"the SDS of {_shown(day)}"),
        TableRule("no_use_days", ("day",), _day_problem,
                  lambda day: f"a \u201cno kratom\u201d mark on {_shown(day)}"),
        TableRule("plans", tuple(PLAN_COLUMNS.split(", ")), plan_row_problem,
                  lambda id_, *_: f"plan {id_}"),
        TableRule("settings", ("key", "value"), stored_setting_problem,
                  lambda key, _: f"setting {_shown(key)}"),
    )


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
