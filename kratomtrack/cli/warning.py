"""``kratomtrack warning``: the dependence warning and safety alerts, as the window shows them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kratomtrack.cli.log_access import EXIT_OK, with_damage, with_log


def run_warning(args, folder: Path) -> int:
    import json
    import os

    from kratomtrack.core.last_dose import as_of
    from kratomtrack.core.safety import country_for_locale
    from kratomtrack.store.recent_doses import since_last_dose_minutes
    from kratomtrack.store.safety_status import safety_status

    today = args.today or dt.date.today()  # checked by cli.limits when parsed
    locale_name = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""

    def work(db) -> int:
        status = safety_status(db, today, default_country=country_for_locale(locale_name))
        if args.json:
            # As of now, or of the end of an earlier --today; null when no dose is logged.
            since = since_last_dose_minutes(db, as_of(today, dt.datetime.now()))
            print(json.dumps(with_damage(status.as_dict() | {"since_last_dose_minutes": since}, db),
                             ensure_ascii=False, indent=1))
        else:
            from kratomtrack.core.safety import status_in_words

            print("\n".join(status_in_words(status)))
        return EXIT_OK

    return with_log(folder, work)
