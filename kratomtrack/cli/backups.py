"""``kratomtrack backup`` and ``kratomtrack restore``."""

from __future__ import annotations

import sys
from pathlib import Path

from kratomtrack.cli.log_access import (
    EXIT_DAMAGED,
    EXIT_OK,
    as_owner_of_the_log,
    cannot_use_log,
    fail,
    log_errors,
    open_for_writing,
)


def run_backup(args, folder: Path) -> int:
    from kratomtrack.store.backups import make_backup

    if args.list:
        return _list_backups(folder)
    try:
        with open_for_writing(folder, create=False) as db:
            info = make_backup(db, "manual")
    except FileNotFoundError:
        return fail(f"there is no log in {folder} yet")
    except log_errors() as err:
        return cannot_use_log(err, folder)
    print(f"Backed up your log ({info.days} days, {info.doses} doses) to {info.path}")
    return EXIT_OK


def _list_backups(folder: Path) -> int:
    """The backups, each checked in full (store/integrity.py) and a damaged one marked;
    exit 3 if one of them, or the log itself, is damaged."""
    from kratomtrack.store.backups import backups_dir, list_backups
    from kratomtrack.store.integrity import check_whole_log
    from kratomtrack.store.location import db_path

    damaged = False
    log = db_path(folder)
    if log.is_file():
        health = check_whole_log(log)
        if not health.healthy:
            damaged = True
            print(f"kratomtrack: your log itself is damaged ({health.findings[0]}); a healthy "
                  "backup below can replace it ('kratomtrack restore FILE').", file=sys.stderr)
    backups = list_backups(folder, with_counts=True)
    if not backups:
        print(f"There are no backups in {backups_dir(folder)} yet.")
        return EXIT_DAMAGED if damaged else EXIT_OK
    print(f"Backups in {backups_dir(folder)}, newest first:")
    for info in backups:
        mark = ""
        if not info.problem:
            health = check_whole_log(info.path)
            if not health.healthy:
                mark = (f"\n      DAMAGED: {health.findings[0]}; 'restore' refuses it unless "
                        "given --even-if-damaged")
        damaged = damaged or bool(mark or info.problem)
        print(f"  {info.describe()}{mark}\n      {info.path.name}")
    return EXIT_DAMAGED if damaged else EXIT_OK


@as_owner_of_the_log("restore")
def run_restore(args, folder: Path) -> int:
    from kratomtrack.store.backups import backups_dir
    from kratomtrack.store.location import path_length_problem
    from kratomtrack.store.restore import DamagedBackupError, restore_backup

    file = Path(args.file)
    too_long = path_length_problem(file.absolute())
    if too_long:
        return fail(f"the backup's path is too long: {too_long}. Nothing was changed.")
    if not file.exists() and (backups_dir(folder) / file.name).exists():
        file = backups_dir(folder) / file.name
    try:
        result = restore_backup(folder, file, even_if_damaged=args.even_if_damaged)
    except DamagedBackupError as err:
        return fail(f"{err} 'kratomtrack check' on a copy of it says more; to restore it even so "
                    "(what cannot be read in it stays unreadable), add --even-if-damaged.")
    except log_errors() as err:
        return fail(str(err))
    if result.backup_of_previous is not None:
        print(f"Your log as it was is backed up in {result.backup_of_previous.path}")
    for path in result.set_aside:
        if path.name.endswith(".db"):
            print(f"Your previous log could not be backed up (it is damaged or not usable); "
                  f"it was moved, not deleted, to {path}")
    print(f"Restored the backup from {result.restored.describe()}.")
    return EXIT_OK
