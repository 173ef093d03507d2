"""The log's records as the merge engine holds them: a key and the record's fields as JSON.

Each kind of record has a key that says which record it is on every computer:
a dose and a plan by their stable id (schema 6), a record of a day (a check-in
with its ratings, a "no kratom" mark, a PEG, an SDS, a red flag) by its day, a
side effect by its name, a setting by its key. So two check-ins typed for the
same day on two computers are one check-in (an edit on both), and the same dose
is one dose.

The fields are written by SQLite itself (json_object), in one query a kind, so
that reading every record of a ten-year log to find what changed here costs a
few milliseconds. Writing a record that came from another computer goes
through the same tables' constraints as a typed one; what they refuse is not
stored and is said (``RecordRefused``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable

from kratomtrack.core.records import Form

# Settings that are the person's choices about their log, merged like records;
# the others (window, reminders' last showing, this computer's sync itself) stay on each computer.
SYNCED_SETTINGS = ("warning.settings", "warning.dismissed", "concentrate_alert.dismissed_through",
                   "help.country", "also_take", "background", "reminders.peg", "reminders.sds",
                   "due_marker_dismissed.peg", "due_marker_dismissed.sds", "summary.name",
                   "summary.birth_date")

_RATINGS = ("json((SELECT json_group_object(name, rating) FROM (SELECT s.name AS name, r.rating AS rating "
            "FROM ratings r JOIN side_effects s ON s.id = r.side_effect_id WHERE r.day = c.day "
            "ORDER BY s.name)))")
_SETTINGS = ", ".join(f"'{key}'" for key in SYNCED_SETTINGS)

# kind: (key expression, fields expression, FROM ... [WHERE]) of its one query.
_QUERIES = {
    "dose": ("'dose:' || uid", "json_object('taken_at', taken_at, 'day', day, 'milligrams', milligrams, "
             "'form', form, 'product', product, 'note', note, 'pain_before', pain_before, "
             "'pain_after', pain_after, 'uid', uid)", "doses"),
    "checkin": ("'checkin:' || day", "json_object('day', day, 'pain', pain, 'note', note, 'for_doctor', "
                f"for_doctor, 'ratings', {_RATINGS}, 'uid', uid)", "checkins c"),
    "no_use": ("'no_use:' || day", "json_object('day', day, 'uid', uid)", "no_use_days"),
    "peg": ("'peg:' || day", "json_object('day', day, 'pain_average', pain_average, 'enjoyment', "
            "enjoyment, 'activity', activity, 'uid', uid)", "peg"),
    "sds": ("'sds:' || day", "json_object('day', day, 'q1', q1, 'q2', q2, 'q3', q3, 'q4', q4, "
            "'q5', q5, 'uid', uid)", "sds"),
    "red_flag": ("'red_flag:' || day || '/' || flag", "json_object('day', day, 'flag', flag, 'uid', uid)",
                 "red_flags"),
    "plan": ("'plan:' || uid", "json_object('start', start, 'ended', ended, 'steps', steps, 'note', note, "
             "'uid', uid)", "plans"),
    # lower(): SQLite's NOCASE, which the names' UNIQUE uses, folds ASCII only, as lower() does.
    "side_effect": ("'side_effect:' || lower(name)", "json_object('name', name, 'builtin', builtin, "
                    "'hidden', hidden, 'position', position, 'uid', uid)", "side_effects"),
    "setting": ("'setting:' || key", "json_object('key', key, 'value', value, 'uid', uid)",
                f"settings WHERE key IN ({_SETTINGS})"),
    "both": ("'both:' || key", "json_object('key', key, 'record', record, 'kept', kept, 'other', other, "
             "'noticed', noticed, 'uid', uid)", "sync_conflicts"),
}
# Side effects first: a check-in's ratings name them.
KINDS = tuple(_QUERIES)
_WRITE_ORDER = {kind: i for i, kind in enumerate(("side_effect", *[k for k in KINDS if k != "side_effect"]))}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class RecordRefused(ValueError):
    """A record from another computer that this log cannot hold; the message says why."""


def kind_of(key: str) -> str:
    return key.split(":", 1)[0]


def scan(conn: sqlite3.Connection) -> dict[str, str]:
    """Every record of the log: key -> its fields as JSON."""
    found: dict[str, str] = {}
    for key_sql, fields_sql, source in _QUERIES.values():
        found.update(conn.execute(f"SELECT {key_sql}, {fields_sql} FROM {source}"))
    return found


def scan_keys(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, str]:
    """The records of ``keys`` as they are stored now (a key not stored is left out)."""
    keys = set(keys)
    if len(keys) > 2000:  # many: one pass over every record is quicker than looking each up
        return {key: fields for key, fields in scan(conn).items() if key in keys}
    by_kind: dict[str, list[str]] = {}
    for key in keys:
        kind, _, ident = key.partition(":")
        by_kind.setdefault(kind, []).append(ident)
    found: dict[str, str] = {}
    for kind, wanted in by_kind.items():
        if kind not in _QUERIES:
            continue
        key_sql, fields_sql, source = _QUERIES[kind]
        where = " AND " if " WHERE " in source else " WHERE "
        ident_sql = key_sql.split(" || ", 1)[1]  # uid, day, key: each table's indexed column
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            found.update(conn.execute(
                f"SELECT {key_sql}, {fields_sql} FROM {source}{where}{ident_sql} IN ({','.join('?' * len(chunk))})",
                chunk))
    return found


def write_order(key: str) -> int:
    return _WRITE_ORDER.get(kind_of(key), len(_WRITE_ORDER))


def write(conn: sqlite3.Connection, key: str, fields: str | None, effect_ids: dict[str, int],
          *, alone: bool = True) -> None:
    """Store the record ``key`` as ``fields`` (None: remove it), inside the caller's transaction.

    ``effect_ids``: side-effect ids by lower-cased name, kept up to date here.
    RecordRefused for what the log cannot hold: with ``alone``, nothing of the
    record was written (a savepoint of its own); else the caller rolls back.
    A kind this version does not know is left to the merge engine alone.
    """
    kind, ident = key.split(":", 1)
    if kind not in _QUERIES:
        return
    try:
        record = json.loads(fields) if fields is not None else None
        if record is not None and not isinstance(record, dict):
            raise RecordRefused("it is not a record")
        if not alone:
            _WRITERS[kind](conn, ident, record, effect_ids)
            return
        conn.execute("SAVEPOINT sync_record")
        try:
            _WRITERS[kind](conn, ident, record, effect_ids)
        except BaseException:
            conn.execute("ROLLBACK TO SAVEPOINT sync_record")
            raise
        finally:
            conn.execute("RELEASE SAVEPOINT sync_record")
    except RecordRefused:
        raise
    except (sqlite3.IntegrityError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise RecordRefused(_why(err)) from err


def _why(err: Exception) -> str:
    if isinstance(err, sqlite3.IntegrityError):
        return f"a value is outside what the log allows ({err})"
    if isinstance(err, KeyError):
        return f"it lacks {err}"
    return str(err) or type(err).__name__


def _day(text) -> str:
    if not isinstance(text, str) or not _DAY.match(text):
        raise RecordRefused(f"{text!r} is not a day")
    dt.date.fromisoformat(text)
    return text


def _dose(conn, uid, r, _ids) -> None:
    if r is None:
        conn.execute("DELETE FROM doses WHERE uid = ?", (uid,))
        return
    taken_at = dt.datetime.fromisoformat(r["taken_at"])
    if r["day"] != taken_at.date().isoformat():
        raise RecordRefused(f"its day {r['day']} is not the day of {r['taken_at']}")
    Form(r["form"])
    columns = ("taken_at", "day", "milligrams", "form", "product", "note", "pain_before", "pain_after")
    conn.execute(f"INSERT INTO doses ({', '.join(columns)}, uid) VALUES ({', '.join('?' * 9)}) "
                 f"ON CONFLICT(uid) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns)}",
                 (*(r[c] for c in columns), uid))


def _checkin(conn, day, r, ids) -> None:
    conn.execute("DELETE FROM checkins WHERE day = ?", (_day(day),))  # its ratings go with it
    if r is None:
        return
    conn.execute("INSERT INTO checkins (day, pain, note, for_doctor, uid) VALUES (?, ?, ?, ?, ?)",
                 (day, r["pain"], r["note"], r["for_doctor"], r["uid"]))
    ratings = r["ratings"] or {}
    if not isinstance(ratings, dict):
        raise RecordRefused("its ratings are not a list of side effects")
    for name, rating in ratings.items():
        if name.lower() not in ids:
            position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM side_effects").fetchone()[0]
            ids[name.lower()] = conn.execute("INSERT INTO side_effects (name, builtin, hidden, position) "
                                             "VALUES (?, 0, 0, ?)", (name, position)).lastrowid
        conn.execute("INSERT INTO ratings (day, side_effect_id, rating) VALUES (?, ?, ?)",
                     (day, ids[name.lower()], rating))


def _by_day(table: str, columns: tuple[str, ...]):
    def write_day(conn, ident, r, _ids) -> None:
        day = _day(ident.split("/", 1)[0])
        match = "day = ? AND flag = ?" if table == "red_flags" else "day = ?"
        key = (day, ident.split("/", 1)[1]) if table == "red_flags" else (day,)
        conn.execute(f"DELETE FROM {table} WHERE {match}", key)
        if r is not None:
            if (r["day"], *([r["flag"]] if table == "red_flags" else [])) != key:
                raise RecordRefused("its fields do not match its key")
            names = ("day", *columns, "uid")
            conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                         [r[name] for name in names])
    return write_day


def _plan(conn, uid, r, _ids) -> None:
    if r is None:
        conn.execute("DELETE FROM plans WHERE uid = ?", (uid,))
        return
    values = (_day(r["start"]), r["ended"] and _day(r["ended"]), r["steps"], r["note"])
    json.loads(values[2])
    if not conn.execute("UPDATE plans SET start = ?, ended = ?, steps = ?, note = ? WHERE uid = ?",
                        (*values, uid)).rowcount:
        conn.execute("INSERT INTO plans (start, ended, steps, note, uid) VALUES (?, ?, ?, ?, ?)", (*values, uid))


def _side_effect(conn, lowered, r, ids) -> None:
    if r is None:
        return  # a side effect is hidden, never removed: ratings name it
    if r["name"].lower() != lowered:
        raise RecordRefused("its name does not match its key")
    values = (r["name"], r["builtin"], r["hidden"], r["position"], r["uid"])
    if lowered in ids:
        conn.execute("UPDATE side_effects SET name = ?, builtin = ?, hidden = ?, position = ?, uid = ? "
                     "WHERE id = ?", (*values, ids[lowered]))
    else:
        ids[lowered] = conn.execute("INSERT INTO side_effects (name, builtin, hidden, position, uid) "
                                    "VALUES (?, ?, ?, ?, ?)", values).lastrowid


def _setting(conn, key, r, _ids) -> None:
    if key not in SYNCED_SETTINGS:
        return  # a setting this version keeps on each computer
    conn.execute("DELETE FROM settings WHERE key = ?", (key,))
    if r is not None:
        json.loads(r["value"])
        conn.execute("INSERT INTO settings (key, value, uid) VALUES (?, ?, ?)", (key, r["value"], r["uid"]))


def _both(conn, key, r, _ids) -> None:
    conn.execute("DELETE FROM sync_conflicts WHERE key = ?", (key,))
    if r is not None:
        conn.execute("INSERT INTO sync_conflicts (key, record, kept, other, noticed, uid) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (key, r["record"], r["kept"], r["other"], r["noticed"], r["uid"]))


_WRITERS = {
    "dose": _dose, "checkin": _checkin, "no_use": _by_day("no_use_days", ()),
    "peg": _by_day("peg", ("pain_average", "enjoyment", "activity")),
    "sds": _by_day("sds", ("q1", "q2", "q3", "q4", "q5")),
    "red_flag": _by_day("red_flags", ("flag",)), "plan": _plan, "side_effect": _side_effect,
    "setting": _setting, "both": _both,
}


# What a write to each table changes, as a merge key of NEW or OLD ({r}), and when it counts.
_DIRTY = {
    "doses": ("'dose:' || {r}.uid", "{r}.uid IS NOT NULL"),  # the uid trigger's UPDATE fills it
    "checkins": ("'checkin:' || {r}.day", "1"),
    "ratings": ("'checkin:' || {r}.day", "1"),
    "no_use_days": ("'no_use:' || {r}.day", "1"),
    "peg": ("'peg:' || {r}.day", "1"),
    "sds": ("'sds:' || {r}.day", "1"),
    "red_flags": ("'red_flag:' || {r}.day || '/' || {r}.flag", "1"),
    "plans": ("'plan:' || {r}.uid", "{r}.uid IS NOT NULL"),
    "side_effects": ("'side_effect:' || lower({r}.name)", "1"),
    "settings": ("'setting:' || {r}.key", f"{{r}}.key IN ({_SETTINGS})"),
    "sync_conflicts": ("'both:' || {r}.key", "1"),
}


def _dirty_triggers() -> dict[str, str]:
    triggers = {}
    for table, (key, when) in _DIRTY.items():
        for event, rows in (("insert", ("NEW",)), ("update", ("OLD", "NEW")), ("delete", ("OLD",))):
            # NOT EXISTS, not OR IGNORE: the conflict clause of the statement that fired
            # the trigger (an upsert, INSERT OR REPLACE) would override the trigger's own.
            body = " ".join(f"INSERT INTO sync_dirty (key) SELECT {key.format(r=r)} WHERE {when.format(r=r)} "
                            f"AND NOT EXISTS (SELECT 1 FROM sync_dirty WHERE key = {key.format(r=r)});"
                            for r in rows)
            name = f"sync_dirty_{table}_{event}"
            triggers[name] = f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event.upper()} ON {table} BEGIN {body} END"
    return triggers


DIRTY_TRIGGERS = _dirty_triggers()


def track_changes(conn: sqlite3.Connection) -> bool:
    """Make every write to a record table note its merge key in sync_dirty (while the log syncs).

    Made again at every merge: a migration that rebuilds a table drops its triggers.
    Returns whether any was missing (then writes went unnoted)."""
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                                "AND name LIKE 'sync_dirty_%'")}
    missing = [sql for name, sql in DIRTY_TRIGGERS.items() if name not in present]
    for sql in missing:
        conn.execute(sql)
    return bool(missing)


def stop_tracking(conn: sqlite3.Connection) -> None:
    for name in DIRTY_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("DELETE FROM sync_dirty")


def effect_ids(conn: sqlite3.Connection) -> dict[str, int]:
    return {name.lower(): id_ for id_, name in conn.execute("SELECT id, name FROM side_effects")}
