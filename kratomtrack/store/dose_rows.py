"""A dose as a row of the doses table, and the one SELECT every read of doses goes through."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable

from kratomtrack.core.records import Dose, Form
from kratomtrack.store.integrity import dose_finding, dose_problem

DOSE_COLUMNS = ("taken_at", "day", "milligrams", "form", "product", "note", "pain_before", "pain_after")


def dose_row(dose: Dose) -> tuple:
    """A dose as the doses table's values, in the order of DOSE_COLUMNS."""
    return (
        dose.taken_at.strftime("%Y-%m-%dT%H:%M"),
        dose.taken_at.date().isoformat(),
        dose.milligrams,
        dose.form.value,
        dose.product,
        dose.note,
        dose.pain_before,
        dose.pain_after,
    )


def select_doses(conn: sqlite3.Connection, where: str = "", params: Iterable = (), *,
                 newest_first: bool = False, limit: int | None = None) -> list[Dose]:
    """The doses matching ``where`` (an SQL condition on the doses table with
    ``?`` for each of ``params``; empty: all), in the order they were taken.

    Every read of doses goes through this one SELECT (``read_doses``), so the
    columns and their conversion to Dose are written once.
    """
    return read_doses(conn, where, params, newest_first=newest_first, limit=limit)[0]


def read_doses(conn: sqlite3.Connection, where: str = "", params: Iterable = (), *,
               newest_first: bool = False, limit: int | None = None
               ) -> tuple[list[Dose], list[tuple[str, str]]]:
    """select_doses, and the rows it leaves out as unreadable: (day as stored, finding) pairs."""
    sql = ("SELECT id, taken_at, milligrams, form, product, note, pain_before, pain_after, day, uid "
           "FROM doses")
    if where:
        sql += f" WHERE {where}"
    sql += " ORDER BY taken_at DESC, id DESC" if newest_first else " ORDER BY taken_at, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    doses, unreadable = [], []
    for row in conn.execute(sql, tuple(params)):
        dose = _dose_from_row(row)
        if dose is not None:
            doses.append(dose)
        else:
            id_, taken_at, milligrams, form, product, note, pain_before, pain_after, day, _uid = row
            problem = dose_problem(taken_at, day, milligrams, form, product, note, pain_before, pain_after)
            unreadable.append((day, dose_finding(id_, problem or "it cannot be read")))
    return doses, unreadable


def _dose_from_row(row) -> Dose | None:
    """The row as a Dose, or None if damage inside the file made it unreadable.

    An unreadable row is left out of every figure (store/integrity.py finds
    and names it, and the window then opens the log read-only), so no page
    meets a value it cannot handle; History and Today say it is there
    (read_doses).
    """
    id_, taken_at, milligrams, form, product, note, pain_before, pain_after, _day, uid = row
    try:
        return Dose(
            taken_at=dt.datetime.fromisoformat(taken_at),
            grams=_whole(milligrams) / 1000,
            form=Form(form),
            product=str(product),
            note=str(note),
            id=id_,
            pain_before=_pain(pain_before),
            pain_after=_pain(pain_after),
            uid=uid,
        )
    except (TypeError, ValueError, OverflowError):
        return None


def _whole(milligrams: object) -> int:
    """Stored milligrams as an int; anything else is damage (a ValueError, like other bad values)."""
    if isinstance(milligrams, bool) or not isinstance(milligrams, int):
        raise ValueError(f"milligrams {milligrams!r} is not a whole number")
    return milligrams


def _pain(value: object) -> int | None:
    """A stored pain before or after a dose: None, or a whole number 0-10; anything else is damage."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"pain {value!r} is not 0 to 10")
    return value
