"""Gather what the summary for a doctor is made from, out of the log.

What other parts of the app own (the dependence warning's history, the
"I also take" answers, the person's name and date of birth) comes in as
keyword arguments, so this module needs none of their code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kratomtrack.core.summary import SummaryInput
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.doctor_notes import doctor_notes_between


def gather_summary_input(
    db: LogDatabase,
    start: dt.date,
    end: dt.date,
    *,
    warning_days: Sequence[tuple[dt.date, str]] | None = None,
    also_take: Sequence[str] = (),
    name: str | None = None,
    birth_date: dt.date | None = None,
    questions: str = "",
    peg: Sequence[tuple[dt.date, float]] | None = None,
    sds: Sequence[tuple[dt.date, int]] | None = None,
    red_flags: Sequence[tuple[dt.date, str]] | None = None,
    made_on: dt.date | None = None,
) -> SummaryInput:
    """The log's records from start to end, plus what the caller knows.

    ``peg``, ``sds`` and ``red_flags`` are read from their tables when not
    given. ``warning_days`` None means the warning was not evaluated (the
    summary then says nothing about it).
    """
    bounds = (start.isoformat(), end.isoformat())
    if peg is None:
        peg = [
            (dt.date.fromisoformat(day), (a + b + c) / 3)
            for day, a, b, c in db.conn.execute(
                "SELECT day, pain_average, enjoyment, activity FROM peg "
                "WHERE day BETWEEN ? AND ? ORDER BY day", bounds)
        ]
    if sds is None:
        sds = [
            (dt.date.fromisoformat(day), total)
            for day, total in db.conn.execute(
                "SELECT day, q1 + q2 + q3 + q4 + q5 FROM sds "
                "WHERE day BETWEEN ? AND ? ORDER BY day", bounds)
        ]
    if red_flags is None:
        red_flags = [
            (dt.date.fromisoformat(day), flag)
            for day, flag in db.conn.execute(
                "SELECT day, flag FROM red_flags WHERE day BETWEEN ? AND ? ORDER BY day, flag",
                bounds)
        ]
    return SummaryInput(
        start=start,
        end=end,
        doses=db.doses_between(start, end),
        checkins=list(db.checkins_between(start, end).values()),
        peg=peg,
        sds=sds,
        red_flags=red_flags,
        warning_days=warning_days,
        also_take=also_take,
        doctor_notes=doctor_notes_between(db, start, end),
        questions=questions,
        name=name,
        birth_date=birth_date,
        first_record=db.first_day(),
        made_on=made_on,
    )
