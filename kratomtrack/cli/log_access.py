"""How a ``kratomtrack`` command opens the log, and says in words why it cannot.

Shared by every subcommand of the kratomtrack.cli package, and ``kratomtrack where``; the exit codes are
the README's.
"""

from __future__ import annotations

import functools
import sys
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
    """The log for a command that only reads (export, warning, report): opened
    read-only, so a read-only folder or a damaged log can still be read; damage
    is said on stderr."""
    from kratomtrack.store.database import LogDatabase
    from kratomtrack.store.integrity import check_whole_log

    db = LogDatabase.open_folder(folder, read_only=True)
    health = check_whole_log(db.path)
    if not health.healthy:
        print(f"kratomtrack: warning: {health.summary()} Only what can be read is used; "
              "run 'kratomtrack check' for details.", file=sys.stderr)
    return db


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
