"""``kratomtrack backup`` and ``kratomtrack restore``, with the second backup folder."""

from __future__ import annotations

import os
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
    from kratomtrack.store import second_folder
    from kratomtrack.store.backups import make_backup

    if args.list:
        return _list(folder)
    if "" in (args.to, args.second_folder):  # Path("") would be the current folder
        return fail("--to and --second-folder need a folder; they were given an empty one. "
                    "Nothing was done.")
    if args.no_second_folder or args.second_folder is not None:
        return _choose(folder, args.second_folder)
    if args.to is not None:
        problem = second_folder.choice_problem(folder, Path(args.to))
        if problem:
            return fail(f"{problem} Nothing was done.")
    try:
        with open_for_writing(folder, create=False) as db:
            info = make_backup(db, "manual")
            retention = _retention(db)
    except FileNotFoundError:
        return fail(f"there is no log in {folder} yet")
    except log_errors() as err:
        return cannot_use_log(err, folder)
    print(f"Backed up your log ({info.days} days, {info.doses} doses) to {info.path}")
    target = Path(args.to).expanduser().absolute() if args.to else second_folder.chosen_folder(folder)
    if target is None:
        return EXIT_OK
    try:
        copy = second_folder.copy_backup(folder, info.path, target, retention)
    except second_folder.SecondFolderProblem as err:
        return fail(f"{err}. The backup in the data folder was made; once the folder can be "
                    "used, run 'kratomtrack backup' again.")
    print(f"Copied it to {copy}")
    return EXIT_OK


def _retention(db):
    from kratomtrack.store.backups import Retention

    return Retention.from_db(db)


def _list(folder: Path) -> int:
    """The backups of both places, each checked in full (store/integrity.py) and a
    damaged one marked; exit 3 if one of them, or the log itself, is damaged."""
    from kratomtrack.store.backups import backups_dir
    from kratomtrack.store.integrity import check_whole_log
    from kratomtrack.store.location import db_path
    from kratomtrack.store.second_folder import all_backups, chosen_folder

    damaged = False
    log = db_path(folder)
    if log.is_file():
        health = check_whole_log(log)
        if not health.healthy:
            damaged = True
            print(f"kratomtrack: your log itself is damaged ({health.findings[0]}); a healthy "
                  "backup below can replace it ('kratomtrack restore FILE').", file=sys.stderr)
    chosen = chosen_folder(folder)
    placed = all_backups(folder, with_counts=True)
    if not placed:
        print(f"There are no backups in {backups_dir(folder)} yet.")
    else:
        print("Backups, newest first (restore one with 'kratomtrack restore NAME'):")
    for backup in placed:
        info, mark = backup.info, ""
        if not info.problem:
            health = check_whole_log(info.path)
            if not health.healthy:
                mark = (f"\n      DAMAGED: {health.findings[0]}; 'restore' refuses it unless "
                        "given --even-if-damaged")
        damaged = damaged or bool(mark or info.problem)
        print(f"  {info.describe()}{mark}\n      {info.path.name}  ({backup.place})")
    if chosen is None:
        print("No second backup folder: 'kratomtrack backup --second-folder FOLDER' chooses one.")
    else:
        missing = "" if chosen.is_dir() else " (not found now: is the disk plugged in?)"
        print(f"Second backup folder: {chosen}{missing}")
    return EXIT_DAMAGED if damaged else EXIT_OK


def _choose(folder: Path, chosen: str | None) -> int:
    from kratomtrack.store import second_folder

    try:
        kept = second_folder.choose_folder(folder, None if chosen is None else Path(chosen))
    except second_folder.SecondFolderProblem as err:
        return fail(f"{err} The second backup folder was not changed.")
    if kept is None:
        print("No second backup folder now: backups are made in the data folder only. "
              "The copies already in the folder were left there.")
        return EXIT_OK
    print(f"Second backup folder: {kept}. Each day's backup, and each one made with "
          "'kratomtrack backup', is copied there too.")
    note = second_folder.same_disk_note(folder, kept)
    if note:
        print(f"Note: {note}")
    try:
        copy = second_folder.copy_newest(folder, kept, _stored_retention(folder))
    except second_folder.SecondFolderProblem as err:
        return fail(str(err))
    if copy is not None:
        print(f"Copied the newest backup to {copy}")
    return EXIT_OK


def _stored_retention(folder: Path):
    """The log's retention settings, read without opening it for writing."""
    from kratomtrack.store.backups import Retention
    from kratomtrack.store.location import db_path
    from kratomtrack.store.sqlite_file import connect_readonly

    try:
        conn = connect_readonly(db_path(folder))
    except Exception:  # no log, or one that cannot be read: the defaults
        return Retention()
    try:
        return Retention.from_connection(conn)
    finally:
        conn.close()


@as_owner_of_the_log("restore")
def run_restore(args, folder: Path) -> int:
    from kratomtrack.store.location import path_length_problem
    from kratomtrack.store.restore import DamagedBackupError, restore_backup
    from kratomtrack.store.second_folder import find_backup

    file = Path(args.file)
    too_long = path_length_problem(file.absolute())
    if too_long:
        return fail(f"the backup's path is too long: {too_long}. Nothing was changed.")
    if not file.exists():
        file = find_backup(folder, file.name) or file
    refused = _key_for_backup_from_elsewhere(folder, file)
    if refused is not None:
        return refused
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


def _key_for_backup_from_elsewhere(folder: Path, file: Path) -> int | None:
    """A protected backup whose key this program does not hold (one from a second
    backup folder, on a new computer): into a folder with no log yet, its
    passphrase is asked for and its key taken along; else refused in words.
    Returns an exit status when refused."""
    from kratomtrack.cli.protection import _ask
    from kratomtrack.store import cipher, protection, second_folder
    from kratomtrack.store.location import db_path

    chosen = second_folder.chosen_folder(folder)
    if chosen is not None and file.absolute().parent.parent == second_folder.own_place(chosen):
        second_folder.lend_key(folder, second_folder.own_place(chosen))  # this log's own copies
    try:
        if not file.is_file() or file.stat().st_size == 0 or cipher.has_sqlite_header(file) \
                or cipher.key_for(file) is not None or not cipher.looks_protected(file):
            return None
    except OSError:
        return None
    if db_path(folder).exists():
        return fail(f"{file} is a backup protected with another passphrase than your log here "
                    "(or your log is not protected). Restore it into a data folder with no log: "
                    f"kratomtrack --data-dir NEW_FOLDER restore '{file}'. Nothing was changed.")
    secret = os.environ.get(protection.PASSPHRASE_ENV) or _ask(
        "Passphrase of the log this backup was made from (or its recovery key): ")
    if not secret:
        return fail(f"the backup is protected: give its passphrase in {protection.PASSPHRASE_ENV} "
                    "or run the command in a terminal to be asked for it. Nothing was changed.")
    try:
        protection.adopt_backup_key(folder, file, secret)
    except (protection.WrongPassphraseError, cipher.UnsupportedCipherError) as err:
        return fail(str(err))
    return None
