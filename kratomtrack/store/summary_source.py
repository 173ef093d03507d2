"""Gather what the summary for a doctor is made from, out of the log.

``summary_input`` is what the window's dialog and ``kratomtrack report``
call: the records, plus the dependence warning's history (safety_status)
and the person's settings (the background for the doctor, with what else
they take; name, date of birth: preferences). ``gather_summary_input`` reads the records only; the rest
comes in as keyword arguments, so a test can give it by hand.

It passes the log's logged days (a dose, a check-in or a "no kratom" mark;
store.no_use.logged_days_between), so the window's print, ``kratomtrack
report`` and ``report --format json`` all read a day with nothing logged as
unknown, by the same rule (clinical.md, "Days with nothing logged").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kratomtrack.core.background import Background
from kratomtrack.core.summary.build import LOOKBACK_DAYS, SummaryInput
from kratomtrack.core.summary.key_points import YEAR_DAYS, UseHistory
from kratomtrack.core.plan import RISE_BEFORE_DAYS
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.store import checkups, plans, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.doctor_notes import doctor_notes_between
from kratomtrack.store.no_use import logged_days_between, no_use_between
from kratomtrack.store.safety_status import warning_days as warning_by_day


def gather_summary_input(
    db: LogDatabase,
    start: dt.date,
    end: dt.date,
    *,
    warning_days: Sequence[tuple[dt.date, str]] | None = None,
    also_take: Sequence[str] = (),
    background: Background | None = None,
    name: str | None = None,
    birth_date: dt.date | None = None,
    questions: str = "",
    peg: Sequence[tuple[dt.date, float]] | None = None,
    sds: Sequence[tuple[dt.date, int]] | None = None,
    red_flags: Sequence[tuple[dt.date, str]] | None = None,
    made_on: dt.date | None = None,
    settings: WarningSettings | None = None,
) -> SummaryInput:
    """The log's records from start to end, plus what the caller knows.

    Doses, check-ins and "no kratom" marks are read from LOOKBACK_DAYS
    before ``start``, so the summary's rolling figures (the 7-day average)
    are whole from the first day of the range. ``settings`` None reads the person's warning
    settings (the thresholds the summary prints).

    ``peg``, ``sds`` and ``red_flags`` are read from their tables when not
    given. ``warning_days`` None means the warning was not evaluated (the
    summary then says nothing about it).
    """
    lookback = start - dt.timedelta(days=LOOKBACK_DAYS)
    plan = plans.latest_plan(db)
    # The plan's "since the plan started" sentences read the plan's days and the weeks before it.
    read_checkins_from = lookback if plan is None else min(lookback, plan.start - dt.timedelta(days=RISE_BEFORE_DAYS))
    checkins = db.checkins_between(read_checkins_from, end)
    if peg is None:
        peg = [(p.day, p.score) for p in checkups.pegs_between(db, start, end)]
    if sds is None:
        sds = [(s.day, s.total) for s in checkups.sds_between(db, start, end)]
    if red_flags is None:
        red_flags = [(day, flag) for day, flags in sorted(checkups.red_flags_between(db, start, end).items())
                     for flag in sorted(flags)]
    return SummaryInput(
        start=start,
        end=end,
        doses=db.doses_between(lookback, end),
        checkins=list(checkins.values()),
        peg=peg,
        sds=sds,
        red_flags=red_flags,
        warning_days=warning_days,
        also_take=also_take,
        background=background,
        doctor_notes=doctor_notes_between(db, start, end),
        questions=questions,
        name=name,
        birth_date=birth_date,
        first_record=db.first_day(),
        made_on=made_on,
        settings=settings if settings is not None else preferences.warning_settings(db),
        side_effect_order=[e.name for e in db.side_effects(include_hidden=True)],
        # from the lookback, as doses and check-ins: the first days' 7-day averages need them
        no_use_days=sorted(no_use_between(db, lookback, end)),
        logged_days=logged_days_between(db, lookback, end),
        plan=plan,
        history=use_history(db, end),
        year_before_doses=_year_before_doses(db, start, end, lookback),
        demo=db.setting("demo", False) is True,
    )


def use_history(db: LogDatabase, end: dt.date) -> UseHistory:
    """Which days up to ``end`` had a dose and which were logged (the key points' "how long")."""
    first = db.first_day()
    if first is None or first > end:
        return UseHistory(None, frozenset(), frozenset())
    use = frozenset(dt.date.fromisoformat(day) for (day,) in db.conn.execute(
        "SELECT DISTINCT day FROM doses WHERE day <= ?", (end.isoformat(),)))
    return UseHistory(first, use, logged_days_between(db, first, end))


def _year_before_doses(db: LogDatabase, start: dt.date, end: dt.date, lookback: dt.date):
    """The doses of the key points' year-before dates that are not read already (before ``lookback``)."""
    length = min((end - start).days + 1, YEAR_DAYS)
    year = dt.timedelta(days=YEAR_DAYS)
    first, last = end - dt.timedelta(days=length - 1) - year, min(end - year, lookback - dt.timedelta(days=1))
    return db.doses_between(first, last) if first <= last else []


def summary_input(
    db: LogDatabase,
    start: dt.date,
    end: dt.date,
    *,
    questions: str = "",
    name: str | None = None,
    made_on: dt.date | None = None,
) -> SummaryInput:
    """Everything the summary shows, from the log and the person's settings.

    The window's dialog and ``kratomtrack report`` both call this, so they
    always print the same figures. ``name`` overrides the name in settings.
    """
    warning = [(w.day, w.summary) for w in warning_by_day(db, start, end) if w.level == "warning"]
    return gather_summary_input(
        db, start, end,
        warning_days=warning,
        # What else the person takes is part of the background (also_take comes from it).
        background=preferences.background(db),
        name=name or preferences.patient_name(db) or None,
        birth_date=preferences.birth_date(db),
        questions=questions,
        made_on=made_on,
    )
