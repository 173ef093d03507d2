"""``kratomtrack warning``: the dependence warning and safety alerts, as the window shows them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kratomtrack.cli.log_access import (
    cannot_use_log,
    fail,
    log_errors,
    open_for_reading,
    reading_status,
    with_damage,
)


def run_warning(args, folder: Path) -> int:
    import json
    import os

    from kratomtrack.core.safety import country_for_locale
    from kratomtrack.core.validation import FieldError, parse_day
    from kratomtrack.store.safety_status import safety_status

    try:
        today = parse_day(args.today, "--today") if args.today else dt.date.today()
    except FieldError as err:
        return fail(str(err))
    locale_name = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    try:
        with open_for_reading(folder) as db:
            status = safety_status(db, today, default_country=country_for_locale(locale_name))
            found = with_damage(status.as_dict(), db)
            exit_status = reading_status(db)
    except FileNotFoundError:
        return fail(f"there is no log in {folder} yet")
    except log_errors() as err:
        return cannot_use_log(err, folder)
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=1))
    else:
        from kratomtrack.core.safety import status_in_words

        print("\n".join(status_in_words(status)))
    return exit_status
