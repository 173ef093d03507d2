"""Trends' per-day facts (a core.trends.TrendLog) from the log: read whole, or only
for the days a change touched.

The whole log is read when the page is first drawn, and after a change whose
extent is not known (an import, a restore: EVERYTHING). A change on a few
days (a dose logged on Today, its undo) reads those days again, and keeps
every other day's facts as they were. Red flags (marked on the charts) are
read whole, and again after a change of check-ups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from kratomtrack.core.daily import DayTotals, daily_totals
from kratomtrack.core.log_changes import LogChanges
from kratomtrack.core.trends import TrendLog
from kratomtrack.store.checkups import all_red_flags
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import all_no_use_days, is_no_use


def read_trend_log(db: LogDatabase, today: dt.date, step_days: int | None = None) -> Iterator[TrendLog | None]:
    """Read the whole log for the charts. With ``step_days``, that many days of
    records at a time (summed up day by day as they come), yielding None between
    them; the last thing yielded is the TrendLog."""
    first = db.first_day()
    totals: dict[dt.date, DayTotals] | None = None
    if step_days is None or first is None:
        doses, checkins = db.all_doses(), db.all_checkins()
    else:
        doses, checkins, totals = (), [], {}
        start = first
        while True:
            end = start + dt.timedelta(days=step_days - 1)
            last = end >= today
            end = dt.date.max if last else end  # and any record after today
            totals.update(daily_totals(db.doses_between(start, end)))  # days never span two parts
            checkins += db.checkins_between(start, end).values()
            yield None
            if last:
                break
            start = end + dt.timedelta(days=1)
    yield TrendLog(
        doses, checkins, first_day=first, totals=totals,
        side_effect_order=_side_effect_order(db),
        no_use_days=all_no_use_days(db),  # "no kratom today": logged, without use
        red_flags=all_red_flags(db),
    )


def with_changes(db: LogDatabase, log: TrendLog, changes: LogChanges) -> TrendLog:
    """``log`` with the facts of the days ``changes`` names read again (their doses,
    check-in and "no kratom" mark), and the side effects' order if their list
    changed. No other day is read. (Not for EVERYTHING: read the whole log then.)"""
    if not (changes.day_records or changes.side_effects or changes.checkups):
        return log  # a plan or a setting: no per-day fact changed
    totals = dict(log.totals)
    checkins = dict(log.checkins)
    marks = set(log.no_use_days)
    if changes.day_records:
        for day in changes.days:
            totals.pop(day, None)
            checkins.pop(day, None)
            marks.discard(day)
            totals.update(daily_totals(db.doses_between(day, day)))
            checkins.update(db.checkins_between(day, day))
            if is_no_use(db, day):
                marks.add(day)
    order = _side_effect_order(db) if changes.side_effects else log.side_effect_order
    # A change on the first day, or before it, moves where the log begins.
    first = db.first_day() if changes.day_records else log.first_day
    flags = all_red_flags(db) if changes.checkups else _pairs(log.red_flags)
    return TrendLog((), checkins.values(), first_day=first, totals=totals,
                    side_effect_order=order, no_use_days=marks, red_flags=flags)


def _pairs(flags: dict[dt.date, tuple[str, ...]]) -> list[tuple[dt.date, str]]:
    return [(day, flag) for day, names in flags.items() for flag in names]


def _side_effect_order(db: LogDatabase) -> list[str]:
    return [s.name for s in db.side_effects(include_hidden=True)]
