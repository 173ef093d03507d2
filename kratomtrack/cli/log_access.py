"""How a ``kratomtrack`` command opens the log, and says in words why it cannot.

Shared by every subcommand of the kratomtrack.cli package, and ``kratomtrack where``; the exit codes are
the README's.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_CONFLICTS = 1
EXIT_INVALID = 2
EXIT_DAMAGED = 3


def open_for_writing(folder: Path, *, create: bool = True):
    """The log for a command that writes: refused if the whole-log check finds damage."""
    from kratomtrack.store.database import LogDatabase

    return LogDatabase.open_folder(folder, create=create, full_check=True)


def open_for_reading(folder: Path):
    """The log for a command that only reads (export, warning, report, patterns,
    plan show): opened read-only, so a read-only folder can still be read.

    A log the whole-log check finds damaged is read from an in-memory copy of
    what can still be read (store/readable_copy.py, as the window's read-only
    mode reads it); ``db.damage`` then says what was found and skipped, and a
    line on stderr says it. The command ends with ``reading_status(db)``: 3.
    """
    from kratomtrack.store.database import DamagedDatabaseError, LogDatabase
    from kratomtrack.store.integrity import check_whole_log
    from kratomtrack.store.location import db_path

    path = db_path(folder)
    if not path.exists():
        raise FileNotFoundError(f"No log at {path}")
    health = check_whole_log(path)
    if health.refusal is not None:
        raise health.refusal  # another program's file, a newer kratomtrack's, a locked log
    if health.healthy:
        try:
            return LogDatabase.open_folder(folder, read_only=True)
        except DamagedDatabaseError as err:  # damaged since the check
            health.add(str(err))
    return _readable_part(path, health)


def _readable_part(path: Path, health):
    from kratomtrack.store.database import LogDatabase
    from kratomtrack.store.readable_copy import readable_copy

    copy = readable_copy(path)
    db = LogDatabase(path, copy.conn, read_only=True)
    db.read_only_reason = "it is damaged"
    db.damage = Damage(health.findings, health.unreadable_records, copy.sentence())
    print(f"kratomtrack: {db.damage.sentence()}", file=sys.stderr)
    return db


@dataclass(frozen=True)
class Damage:
    """What a read-only command found damaged in the log, and what it left out."""

    findings: list[str]
    unreadable_records: int
    skipped: str  # store/readable_copy.py's sentence, '' if it read every row SQLite gave

    def sentence(self) -> str:
        left_out = (f"{self.skipped[0].upper()}{self.skipped[1:]}." if self.skipped
                    else "Everything SQLite could read of it was used.")
        return (f"your log is damaged ({self.findings[0] if self.findings else 'see kratomtrack check'}). "
                f"Only what can still be read is used. {left_out} Nothing was written to it; "
                "'kratomtrack check' says more and names the newest healthy backup.")

    def as_dict(self) -> dict:
        """The "damaged_log" field of a command's JSON (docs/formats.md)."""
        return {"findings": list(self.findings), "unreadable_records": self.unreadable_records,
                "skipped": self.skipped}


def with_log(folder: Path, work, *, writes: bool = False) -> int:
    """Run ``work(db)`` on the log and return its exit status (3 if it read around
    damage), turning what a person can act on into one plain line.

    A command that writes opens the log as every writing command does (refused
    when damaged); one that reads opens it with ``open_for_reading``.
    """
    from kratomtrack.core.validation import FieldError

    try:
        with (open_for_writing(folder) if writes else open_for_reading(folder)) as db:
            status = work(db)
            return status if status != EXIT_OK else reading_status(db)
    except FileNotFoundError:
        return fail(f"there is no log in {folder} yet")
    except FieldError as err:
        return fail(str(err))
    except log_errors() as err:
        return cannot_use_log(err, folder)


def reading_status(db) -> int:
    """A read-only command's exit status: 3 when it read around damage, else 0."""
    return EXIT_DAMAGED if db.damage is not None else EXIT_OK


def with_damage(data: dict, db) -> dict:
    """A command's JSON output with the "damaged_log" field when the log was damaged."""
    return {**data, "damaged_log": db.damage.as_dict()} if db.damage is not None else data


def as_owner_of_the_log(command: str):
    """Run a subcommand that replaces or re-keys the log as the log's one owner
    (store/log_owner.py): refused in words, exit 2 and nothing changed, while
    the window (or another such command) has the log."""

    def wrap(run):
        @functools.wraps(run)
        def run_as_owner(args, folder: Path) -> int:
            from kratomtrack.store.log_owner import LogInUseError, owning_log

            try:
                with owning_log(folder, command):
                    return run(args, folder)
            except LogInUseError as err:
                return fail(str(err))

        return run_as_owner

    return wrap


def fail(message: str, status: int = EXIT_INVALID) -> int:
    print(f"kratomtrack: {message}", file=sys.stderr)
    return status


def log_errors() -> tuple[type[Exception], ...]:
    """What opening or writing the log can raise that a person can act on."""
    from kratomtrack.store.backups import BackupError
    from kratomtrack.store.database import SaveError
    from kratomtrack.store.schema import SchemaError

    return SchemaError, SaveError, BackupError


def cannot_use_log(err: Exception, folder: Path) -> int:
    """Say what is wrong; for a damaged log, name the backup that can replace it."""
    from kratomtrack.store.backups import newest_good_backup
    from kratomtrack.store.database import DamagedDatabaseError

    message = str(err)
    if isinstance(err, DamagedDatabaseError):
        good = newest_good_backup(folder)
        if good is None:
            message += (" There is no good backup to restore. Keep the file: a data "
                        "recovery service may be able to read it.")
        else:
            message += (f" The newest good backup was {good.sentence()}. To restore it "
                        f"(your damaged file is kept aside, not deleted), run:\n"
                        f"  kratomtrack --data-dir '{folder}' restore '{good.path}'")
    return fail(message)


def write_failure(err: OSError, output: Path) -> str:
    """Why a file could not be written, in words (Qt says only "could not start a new page")."""
    import shutil

    from kratomtrack.store.output_paths import write_failure_words

    try:
        if shutil.disk_usage(output.parent).free < 1024 * 1024:
            return f"the disk that holds {output.parent} is full; free some space and try again"
    except OSError:
        pass
    return write_failure_words(err, output)


def run_where(args, folder: Path) -> int:
    from kratomtrack.store.location import folder_warning

    print(folder)
    if folder_warning(folder):
        print(folder_warning(folder), file=sys.stderr)
    return EXIT_OK
