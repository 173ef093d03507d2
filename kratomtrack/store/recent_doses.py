"""The last dose and the products used lately, read from the log (the rules are
core/last_dose.py's): Today's "Last dose … ago" line, "the same again", the
product field's completion, ``kratomtrack dose`` and the commands' JSON."""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.last_dose import last_dose_by, minutes_since, products_by_use, recent_start
from kratomtrack.core.records import Dose
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.dose_rows import select_doses


def last_dose(db: LogDatabase, now: dt.datetime) -> Dose | None:
    """The latest dose taken at or before ``now`` (one indexed read, however long the log)."""
    newest = select_doses(db.conn, "taken_at <= ?", (now.strftime("%Y-%m-%dT%H:%M"),),
                          newest_first=True, limit=1)
    return last_dose_by(newest, now)


def since_last_dose_minutes(db: LogDatabase, now: dt.datetime) -> int | None:
    """Whole minutes since the last dose at ``now``; None when none is logged (JSON: null)."""
    return minutes_since(last_dose(db, now), now)


def recent_products(db: LogDatabase, today: dt.date) -> list[str]:
    """The products of the last 90 days' doses, most used first (the product field offers them)."""
    return products_by_use(db.doses_between(recent_start(today), today))
