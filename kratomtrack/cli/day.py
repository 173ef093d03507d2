"""``kratomtrack day DATE --no-kratom | --clear``: mark a day "no kratom", or take the mark back.

A "no kratom" mark makes a day logged without kratom; a day with no dose,
no check-in and no mark is unknown, never a day without kratom
(docs/health-content.md, "Days with nothing logged"). The command writes as
every writing command does (cli.log_access.open_for_writing: refused on a
damaged log; an open window sees the change when it is next activated).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from kratomtrack.cli.log_access import EXIT_OK, cannot_use_log, fail, log_errors, open_for_writing

UNCHANGED = "Nothing was changed."


def add_parser(sub, data_dir: argparse.ArgumentParser) -> None:
    day = sub.add_parser(
        "day", parents=[data_dir], help='mark a day "no kratom", or take the mark back',
        description="Mark DATE as a day you took no kratom (--no-kratom), or take that mark "
                    "back (--clear). A day with nothing logged counts as unknown, never as a "
                    "day without kratom: the mark is how you say it was one. A day with doses "
                    "cannot be marked, and days after today cannot be logged.")
    day.add_argument("date", metavar="DATE", help="the day, written YYYY-MM-DD")
    what = day.add_mutually_exclusive_group(required=True)
    what.add_argument("--no-kratom", action="store_true", help='mark the day "no kratom"')
    what.add_argument("--clear", action="store_true", help='take the day\'s "no kratom" mark back')
    day.set_defaults(run=run_day)


def run_day(args, folder: Path) -> int:
    from kratomtrack.core.validation import FieldError, parse_day
    from kratomtrack.core.whole_records import check_day

    today = dt.date.today()
    try:
        day = parse_day(args.date, "DATE")
        check_day(day, today, "DATE")
    except FieldError as err:
        return fail(f"{err.problem.message}. {UNCHANGED}")
    try:
        # Clearing needs a log to clear in; marking the first day of a new log makes one.
        with open_for_writing(folder, create=args.no_kratom) as db:
            return _mark(db, day, today) if args.no_kratom else _clear(db, day)
    except FileNotFoundError:
        return fail(f"there is no log in {folder} yet; there is no mark to take back")
    except log_errors() as err:
        return cannot_use_log(err, folder)


def _mark(db, day: dt.date, today: dt.date) -> int:
    from kratomtrack.core.dates import weekday_date_text
    from kratomtrack.core.validation import InvalidRecord
    from kratomtrack.store.no_use import is_no_use, set_no_use

    named = weekday_date_text(day)
    doses = len(db.doses_on(day))
    if doses:
        return fail(f"{named} has {doses} dose{'s' if doses != 1 else ''} logged, so it cannot be "
                    f"marked \u201cno kratom\u201d (a day with a dose is a day with kratom). {UNCHANGED}")
    if is_no_use(db, day):
        print(f"{named} was already marked \u201cno kratom\u201d. {UNCHANGED}")
        return EXIT_OK
    try:
        set_no_use(db, day, True, today=today)
    except InvalidRecord as err:  # a dose written by the window meanwhile
        return fail(f"{err}. {UNCHANGED}")
    print(f"Marked {named} \u201cno kratom\u201d: a day without kratom.")
    return EXIT_OK


def _clear(db, day: dt.date) -> int:
    from kratomtrack.core.dates import weekday_date_text
    from kratomtrack.store.no_use import is_no_use, logged_days_between, set_no_use

    named = weekday_date_text(day)
    if not is_no_use(db, day):
        print(f"{named} has no \u201cno kratom\u201d mark. {UNCHANGED}")
        return EXIT_OK
    set_no_use(db, day, False)
    if db.doses_on(day):
        now = "It has doses logged, so it is a day with kratom."
    elif day in logged_days_between(db, day, day):
        now = "It has a check-in, so it still counts as a logged day without a dose."
    else:
        now = "With nothing else logged, it now counts as not logged (unknown)."
    print(f"Took the \u201cno kratom\u201d mark off {named}. {now}")
    return EXIT_OK

