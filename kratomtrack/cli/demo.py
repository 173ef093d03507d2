"""``kratomtrack demo``: an invented, labelled demo log in an empty data folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kratomtrack.cli.log_access import EXIT_OK, cannot_use_log, fail, log_errors, open_for_writing


def run_demo(args, folder: Path) -> int:
    from kratomtrack.core.demo import demo_log
    from kratomtrack.core.validation import EARLIEST_DAY

    today = args.today or dt.date.today()  # --days and --today are checked by cli.limits

    if today - dt.timedelta(days=args.days - 1) < EARLIEST_DAY:
        return fail(f"--days {args.days} would start before {EARLIEST_DAY.year}; at most "
                     f"{(today - EARLIEST_DAY).days + 1} days end on {today}")
    try:
        with open_for_writing(folder) as db:
            if not db.is_empty():
                return fail(f"{folder} already holds a log; the demo fills only an empty folder")
            doses, checkins = demo_log(args.days, today=today)
            with db.transaction():
                for dose in doses:
                    db.add_dose(dose, today=today)
                for checkin in checkins:
                    db.save_checkin(checkin, today=today)
                _add_demo_checkups(db, args.days, today)
                db.set_setting("demo", True)
    except log_errors() as err:
        return cannot_use_log(err, folder)
    print(f"Wrote a demo log of {args.days} days ({len(doses)} doses, {len(checkins)} check-ins) "
          f"to {folder}. It is invented data, labelled 'Demo'.")
    return EXIT_OK


def _add_demo_checkups(db, days: int, today: dt.date) -> None:
    from kratomtrack.core.demo import demo_checkups
    from kratomtrack.store.checkups import save_peg, save_sds

    pegs, sds = demo_checkups(days, today=today)
    for peg in pegs:
        save_peg(db, peg, today=today)
    for answers in sds:
        save_sds(db, answers, today=today)
