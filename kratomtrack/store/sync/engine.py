"""The merge: this log, the merge engine's document, and the other computers' files.

The engine is pycrdt (the Python bindings of Yrs, the Rust port of Yjs): one
shared map of records (store/sync/records.py), key -> "base|fields", where
base is a tag of the version the edit was made on ("" for a new record).
The engine alone decides what the merged log is: applying the same updates
in any order, any number of times, gives the same map on every computer.
SQLite stays the log the app reads; the map is projected into it.

One merge, all inside one transaction of the log (a kill rolls it back whole):

1. What changed here since the last merge: every record of the log, as
   SQLite writes it, against ``shadow`` (the records as the last merge left
   them). Changes and removals go into the map as this computer's update.
2. The other computers' files not merged yet are applied. The map says which
   records they changed.
3. A record whose new version was not made on the version it replaced (an
   edit on both computers since they last merged) keeps the engine's choice,
   and the other version goes under "Changed on both computers" (the
   sync_conflicts table, itself merged).
4. The changed records are written into the log's tables.
5. The engine's new updates are kept in the log (sync_updates), this
   computer's also in sync_outbox, and the files merged in sync_applied.

After the commit the outbox is written to the folder (store/sync/folder.py);
a crash before that writes it at the next merge.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field

from pycrdt import Doc, Map, merge_updates

from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync import records
from kratomtrack.store.sync.config import SyncConfig, write_config
from kratomtrack.store.sync.folder import Opened, SyncFile

# Past this many kept updates, they are replaced by one (the whole document).
COMPACT_AFTER = 200


@dataclass
class MergeResult:
    sent: int = 0  # records changed here, for the other computers
    received: int = 0  # records changed here by the other computers' files
    files: int = 0  # files merged
    changed_on_both: int = 0
    problems: list[str] = field(default_factory=list)
    changed_keys: set[str] = field(default_factory=set)
    # What the other computers' records changed here: the days (as stored) of the
    # records before and after, so that a window reloads only those.
    changed_days: set[str] = field(default_factory=set)


def tag(value: str | None) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16] if value else ""


def fields_of(value: str | None) -> str | None:
    return value.split("|", 1)[1] if value else None


def same_record(a: str | None, b: str | None, *, but_uid: bool = False) -> bool:
    """Whether two records' fields are the same (as JSON, whatever SQLite's spelling)."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    try:
        first, second = json.loads(a), json.loads(b)
    except ValueError:
        return False
    if but_uid and isinstance(first, dict) and isinstance(second, dict):
        first.pop("uid", None), second.pop("uid", None)
    return first == second


def state_vector(doc: Doc) -> dict[str, int]:
    """The document's state vector ({client: clock}) from its encoding (var-uints)."""
    raw, at = doc.get_state(), 0

    def number() -> int:
        nonlocal at
        value = shift = 0
        while True:
            byte = raw[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    return {str(number()): number() for _ in range(number())}


class Replica:
    """This log's document of the merge engine, kept between merges in one program.

    Built again from the log when another program merged meanwhile (its
    updates' last seq differs) or when a merge failed part-way.
    """

    def __init__(self) -> None:
        self.doc: Doc | None = None
        self.map: Map | None = None
        self.values: dict[str, str] = {}  # the map as a dict (reading pycrdt key by key is slow)
        self.shadow: dict[str, str] = {}
        self.loaded_seq: int | None = None
        self.fresh = True  # built from the log: the next merge reads every record, not only sync_dirty's

    def forget(self) -> None:
        self.doc = self.map = self.loaded_seq = None
        self.values, self.shadow, self.fresh = {}, {}, True

    def _last_seq(self, db: LogDatabase) -> int:
        return db.conn.execute("SELECT coalesce(max(seq), 0) FROM sync_updates").fetchone()[0]

    def load(self, db: LogDatabase, config: SyncConfig) -> None:
        """The document as the log keeps it (inside the merge's transaction)."""
        if self.doc is not None and self.loaded_seq == self._last_seq(db):
            return
        doc = Doc()
        mapping = doc.get("records", type=Map)
        for (update,) in db.conn.execute("SELECT doc_update FROM sync_updates ORDER BY seq"):
            doc.apply_update(update)
        self.doc, self.map, self.fresh = doc, mapping, True
        self.values = dict(mapping.items())
        self.shadow = {key: fields_of(value) for key, value in self.values.items()
                       if key not in config.unstored}
        # A record the log could not hold left its older version in place: that is its last merge.
        self.shadow.update(records.scan_keys(db.conn, config.unstored))
        self.loaded_seq = self._last_seq(db)

    def merge(self, db: LogDatabase, config: SyncConfig, incoming: list[tuple[SyncFile, Opened]],
              *, today: dt.date | None = None) -> tuple[MergeResult, SyncConfig]:
        """One merge (the module's steps 1 to 5) in one transaction; returns what it did
        and the settings as it left them. On any error the log is as it was."""
        try:
            with db.transaction():
                return self._merge(db, config, incoming, today or dt.date.today())
        except BaseException:
            self.forget()  # the document may hold what the log rolled back
            raise

    def _merge(self, db, config, incoming, today):
        self.load(db, config)
        if records.track_changes(db.conn):
            self.fresh = True  # writes were not noted meanwhile: read every record
        result = MergeResult()
        doc, conn = self.doc, db.conn
        updates: list[bytes] = []
        mine: list[bytes] = []
        phase = {"local": True}

        def keep(event) -> None:
            updates.append(event.update)
            if phase["local"]:
                mine.append(event.update)

        subscription = doc.observe(keep)
        try:
            # This log's first merge after joining: the folder's records first, so that a record
            # here that is already there is not sent again, and one that differs is listed.
            joining = self.fresh and not self.values
            if not joining:
                result.sent = self._local_changes(conn)
            phase["local"] = False
            changes = self._apply_files(db, config, incoming, result)
            phase["local"] = True
            if joining:
                result.sent = self._local_changes(conn, joining=changes)
            self._changed_on_both(changes, today, result)
            unstored = self._write_into_log(db, config, set(changes) | result.changed_keys, result)
        finally:
            doc.unobserve(subscription)
        conn.execute("DELETE FROM sync_dirty")  # what is left was written by this merge itself
        self.fresh = False
        if updates:
            conn.execute("INSERT INTO sync_updates (doc_update) VALUES (?)", (merge_updates(*updates),))
        if mine:
            conn.execute("INSERT INTO sync_outbox (doc_update, needs) VALUES (?, ?)",
                         (merge_updates(*mine), json.dumps(state_vector(doc))))
        if conn.execute("SELECT count(*) FROM sync_updates").fetchone()[0] > COMPACT_AFTER:
            conn.execute("DELETE FROM sync_updates")
            conn.execute("INSERT INTO sync_updates (doc_update) VALUES (?)", (doc.get_update(),))
        config = config.with_(unstored=unstored, problems=tuple(result.problems),
                              last_merge=dt.datetime.now().isoformat(timespec="seconds"))
        write_config(db, config)
        self.loaded_seq = self._last_seq(db)
        return result, config

    def _local_changes(self, conn, joining: dict | None = None) -> int:
        """Step 1: the records changed here since the last merge go into the document:
        those sync_dirty names, or every record after the document was built.

        ``joining`` (the folder's records, applied first): a record here that is
        the same there but for its uid is taken from there; one that differs is
        kept and the folder's version listed under "Changed on both computers"."""
        if self.fresh:
            now = records.scan(conn)
            gone = [key for key in self.shadow if key not in now]
        else:
            dirty = [key for (key,) in conn.execute("SELECT key FROM sync_dirty")]
            now = records.scan_keys(conn, dirty)
            gone = [key for key in dirty if key not in now and key in self.shadow]
        changed = {key: value for key, value in now.items()
                   if not same_record(self.shadow.get(key), value)}
        if joining is not None:
            theirs = {key: self.values[key] for key in changed if key in self.values}
            changed = {key: value for key, value in changed.items() if key not in theirs
                       or not same_record(fields_of(theirs[key]), value, but_uid=True)}
            for key in changed.keys() & theirs.keys():  # listed by step 3, as an edit on both
                joining[key].append((theirs[key], f"|{changed[key]}"))
        with self.doc.transaction():
            for key, value in changed.items():
                self.map[key] = self.values[key] = f"{tag(self.values.get(key))}|{value}"
            for key in gone:
                if self.values.pop(key, None) is not None:
                    del self.map[key]
        self.shadow.update(changed)
        for key in gone:
            del self.shadow[key]
        return len(changed) + len(gone)

    def _apply_files(self, db, config, incoming, result) -> dict[str, list[tuple[str | None, str | None]]]:
        """Step 2: apply the files; which records each changed ((old, new) values, in order)."""
        changes: dict[str, list[tuple[str | None, str | None]]] = {}

        def seen(event) -> None:
            for key, change in event.keys.items():
                new = change.get("newValue")
                changes.setdefault(key, []).append((change.get("oldValue"), new))
                if new is None:
                    self.values.pop(key, None)
                else:
                    self.values[key] = new

        subscription = self.map.observe(seen)
        try:
            for _, opened in incoming:
                self.doc.apply_update(opened.update)
            have = state_vector(self.doc)  # after all: a file may need one listed after it
            for file, opened in incoming:
                if _whole(opened.header.get("needs"), have):
                    db.conn.execute("INSERT OR IGNORE INTO sync_applied (computer, name) VALUES (?, ?)",
                                    (file.computer, file.name))
                    result.files += 1
                else:  # it needs a file not here yet: merged again next time, when it may be whole
                    result.problems.append(
                        f"{file.name} from computer {file.computer} waits for an earlier file that is not "
                        "in the sync folder yet; it is merged again at the next merge.")
        finally:
            self.map.unobserve(subscription)
        return changes

    def _changed_on_both(self, changes, today: dt.date, result: MergeResult) -> None:
        """Step 3: an edit that displaced a version it was not made on keeps the other under
        "Changed on both computers"."""
        found = {}
        for key, steps in changes.items():
            if records.kind_of(key) == "both":
                continue
            for old, new in steps:
                if (old and new and new.split("|", 1)[0] != tag(old)
                        and not same_record(fields_of(old), fields_of(new), but_uid=True)):
                    name = f"{key}|{tag(old)}"
                    found[f"both:{name}"] = json.dumps(
                        {"key": name, "record": key, "kept": fields_of(new), "other": fields_of(old),
                         "noticed": today.isoformat(), "uid": str(uuid.uuid4())}, separators=(",", ":"))
        if found:
            with self.doc.transaction():
                for key, value in found.items():
                    if key not in self.values:
                        self.map[key] = self.values[key] = f"|{value}"
                        result.changed_keys.add(key)
                        result.changed_on_both += 1

    def _write_into_log(self, db, config, keys, result) -> dict[str, str]:
        """Step 4: the records the files (or step 3) changed, written into the log's tables."""
        conn = db.conn
        refused: dict[str, str] = {}
        conn.execute("PRAGMA defer_foreign_keys = ON")
        ordered = sorted(keys, key=records.write_order)
        conn.execute("SAVEPOINT sync_all")
        try:  # all at once; only if a record is refused, again one by one (a savepoint each)
            ids = records.effect_ids(conn)
            for key in ordered:
                records.write(conn, key, fields_of(self.values.get(key)), ids, alone=False)
        except records.RecordRefused:
            conn.execute("ROLLBACK TO SAVEPOINT sync_all")
            ids = records.effect_ids(conn)
            for key in ordered:
                try:
                    records.write(conn, key, fields_of(self.values.get(key)), ids)
                except records.RecordRefused as err:
                    refused[key] = str(err)
                    result.problems.append(f"A record from another computer ({key.split(':', 1)[0]}) "
                                           f"could not be stored: {err}. The rest was merged.")
        conn.execute("RELEASE SAVEPOINT sync_all")
        unstored = {key: why for key, why in config.unstored.items() if key not in keys} | refused
        stored = records.scan_keys(conn, keys)
        for key in keys:
            if key in refused:
                continue
            result.changed_days |= {_day_of(self.shadow.get(key)), _day_of(stored.get(key))} - {None}
            if key in stored:
                self.shadow[key] = stored[key]
            else:
                self.shadow.pop(key, None)
        result.received = len(keys)
        result.changed_keys |= set(keys)
        db._effect_ids = None  # side effects may have been added
        return unstored


def _day_of(fields: str | None) -> str | None:
    """The day of a record's fields (a dose, a day's record), None for one without."""
    if not fields or '"day":' not in fields:
        return None
    try:
        day = json.loads(fields).get("day")
    except (ValueError, AttributeError):
        return None
    return day if isinstance(day, str) else None


def _whole(needs, have: dict[str, int]) -> bool:
    """Whether everything a file's update needs is merged (so it was applied whole)."""
    if not isinstance(needs, dict):
        return True  # no state said: nothing to wait for
    try:
        return all(have.get(str(client), 0) >= int(clock) for client, clock in needs.items())
    except (TypeError, ValueError):
        return True
