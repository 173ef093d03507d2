""""Changed on both computers": the versions a merge did not keep, to look at and restore.

When a record was edited on two computers since they last merged, the merge
engine keeps one version (the same on every computer) and the merge lists
the other here (the sync_conflicts table, which is merged like a record, so
every computer sees the list). Restoring a listed version writes it over the
kept one and takes it off the list, in one transaction recorded for undo
(store/row_changes.py): undo puts the kept version and the listing back.
The next merge sends the restored version to the other computers.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.records import Form
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.row_changes import RowChanges, recording
from kratomtrack.store.sync import records

KIND_NAMES = {"dose": "Dose", "checkin": "Check-in", "no_use": "\u201cNo kratom\u201d mark",
              "peg": "PEG check-up", "sds": "SDS check-up", "red_flag": "Red flag", "plan": "Plan",
              "side_effect": "Side effect", "setting": "Setting"}


@dataclass(frozen=True)
class ChangedOnBoth:
    key: str  # the listing's own key
    record: str  # the merge key of the record
    kept: dict
    other: dict
    noticed: dt.date

    @property
    def kind(self) -> str:
        return records.kind_of(self.record)

    def title(self) -> str:
        day = self.other.get("day") or self.other.get("start") or self.kept.get("day") or ""
        return f"{KIND_NAMES.get(self.kind, self.kind)} {day}".strip()


def changed_on_both(db: LogDatabase) -> list[ChangedOnBoth]:
    """The listed versions, newest first (those that cannot be read are left out)."""
    found = []
    for key, record, kept, other, noticed in db.conn.execute(
            "SELECT key, record, kept, other, noticed FROM sync_conflicts ORDER BY noticed DESC, key"):
        try:
            found.append(ChangedOnBoth(key, record, json.loads(kept), json.loads(other),
                                       dt.date.fromisoformat(noticed)))
        except (ValueError, TypeError):
            continue
    return found


def restore(db: LogDatabase, key: str) -> RowChanges:
    """Write the listed version over the kept one and take it off the list; undo with take_back."""
    with recording(db) as changes:
        row = db.conn.execute("SELECT record, other FROM sync_conflicts WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError("That version is no longer listed (another computer restored or put it away).")
        records.write(db.conn, row[0], row[1], records.effect_ids(db.conn))
        db.conn.execute("DELETE FROM sync_conflicts WHERE key = ?", (key,))
    db._effect_ids = None
    return changes


def put_away(db: LogDatabase, key: str) -> RowChanges:
    """Take a version off the list, keeping the kept one; undo with take_back."""
    with recording(db) as changes:
        db.conn.execute("DELETE FROM sync_conflicts WHERE key = ?", (key,))
    return changes


def describe(kind: str, fields: dict) -> str:
    """One version of a record in words, for the list."""
    try:
        if kind == "dose":
            text = f"{fields['taken_at'][11:16]} {amount_text(fields['milligrams'], Form(fields['form']))}"
            return " ".join(p for p in (text, fields.get("product"), fields.get("note")) if p)
        if kind == "checkin":
            pain = "pain not recorded" if fields.get("pain") is None else f"pain {fields['pain']}"
            ratings = ", ".join(f"{name} {value}" for name, value in (fields.get("ratings") or {}).items())
            return "; ".join(p for p in (pain, ratings, fields.get("note")) if p)
        if kind in ("peg", "sds"):
            return ", ".join(f"{name} {value}" for name, value in fields.items() if name not in ("day", "uid"))
        if kind == "plan":
            return f"from {fields['start']}" + (f", ended {fields['ended']}" if fields.get("ended") else "")
        if kind == "side_effect":
            return f"{fields['name']}{' (hidden)' if fields.get('hidden') else ''}"
        if kind == "setting":
            return f"{fields['key']}: {fields['value']}"
    except (KeyError, TypeError, ValueError):
        pass
    return ", ".join(f"{name} {value}" for name, value in fields.items() if name != "uid")
