"""``kratomtrack check``: the whole-log check (store/integrity.py) headless.

Exit 0 when the log is healthy; 3 for any finding (damage, or a file that is
no log of this kratomtrack), each said in words; 2 when there is no log.
A protected log is unlocked first (cli.protection). Writes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kratomtrack.cli.log_access import EXIT_DAMAGED, EXIT_INVALID, EXIT_OK


def check_log_and_say(folder: Path, out=None) -> int:
    """Check the log in ``folder``, print what was found, return the exit status."""
    from kratomtrack.store.backups import newest_good_backup
    from kratomtrack.store.integrity import check_whole_log
    from kratomtrack.store.location import db_path, folder_warning

    out = out or sys.stdout
    warning = folder_warning(folder)
    if warning:
        print(warning, file=sys.stderr)
    path = db_path(folder)
    if not path.is_file():
        print(f"kratomtrack: there is no log in {folder} yet", file=sys.stderr)
        return EXIT_INVALID
    health = check_whole_log(path)
    good = newest_good_backup(folder)
    backup = (f"The newest healthy backup was {good.sentence()}: {good.path}"
              if good else "There is no healthy backup.")
    if health.healthy:
        print(f"Your log {path} is healthy: its header, SQLite's integrity check and its -wal "
              "passed, and every record and setting can be read.", file=out)
        print(backup, file=out)
        return EXIT_OK
    if health.refusal is not None:
        print(f"Your log {path} cannot be read by this kratomtrack. Nothing was changed. Found:",
              file=out)
    else:
        print(f"Your log {path} is damaged. Nothing was changed. Found:", file=out)
    for finding in health.findings:
        print(f"  {finding}", file=out)
    if health.unreadable_records:
        print(f"{health.unreadable_records} record(s) cannot be read.", file=out)
    print(backup, file=out)
    if good:
        print(f"To restore it (your damaged file is kept aside, not deleted), run:\n"
              f"  kratomtrack --data-dir '{folder}' restore '{good.path}'", file=out)
    return EXIT_DAMAGED


def run_check(args, folder: Path) -> int:
    from kratomtrack.cli.check import check_log_and_say

    return check_log_and_say(folder)
