"""Opening the log for the window (damaged, foreign or newer files) and the
day's backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kratomtrack.store.cipher import has_sqlite_header
from kratomtrack.store.database import DamagedDatabaseError, LogDatabase, LogNotWritableError, SaveError
from kratomtrack.store.location import db_path
from kratomtrack.store.schema import SchemaError
from kratomtrack.store.sqlite_file import BackupError, damaged_message
from kratomtrack.ui.app.log_health import DAMAGED
from kratomtrack.ui.wording import fill

CANNOT_OPEN_TITLE = QT_TRANSLATE_NOOP("run_app", "kratomtrack cannot open your log")
TIDIED_TITLE = QT_TRANSLATE_NOOP("run_app", "kratomtrack tidied up your log")


def open_log_for_window(folder: Path, parent: QWidget | None = None) -> LogDatabase | None:
    """Open the log the window will show, or None if the app should quit.

    A damaged log gets the restore offer (damaged_log_prompt); a foreign or
    newer file, or a folder that cannot be written, gets a message saying
    so. Nothing is written to a file that cannot be opened. The day's backup
    is make_todays_backup's, once the window is painted. A protected log
    asks for its passphrase first (None if the person cancels).
    """
    from kratomtrack.store.rekeying import finish_interrupted

    tidied = finish_interrupted(folder)  # a protect or unprotect cut off: before the log is read
    if tidied:
        QMessageBox.information(parent, QCoreApplication.translate("run_app", TIDIED_TITLE), tidied)
    log = db_path(folder)
    try:
        if log.exists() and not has_sqlite_header(log):  # maybe protected: the dialog's module loads only then
            from kratomtrack.ui.dialogs.passphrase import unlock_for_window

            if not unlock_for_window(folder, parent):  # SchemaError: SQLCipher is not 4
                return None
        return LogDatabase.open_folder(folder)
    except DamagedDatabaseError as err:
        return _after_damage_offer(folder, err, parent)
    except LogNotWritableError as err:
        return _open_read_only(folder, err, parent)
    except (SchemaError, SaveError, BackupError, OSError) as err:
        return _cannot_open(err, parent)


def build_window(db: LogDatabase, folder: Path):
    """The window over ``db``, or None if the app should quit.

    If a record the window reads to show itself cannot be read (damage that
    SQLite's quick check does not see), the log is damaged: the person gets
    the same offer as for any damaged log (restore a backup, or look at it
    read-only), never a traceback.
    """
    from kratomtrack.ui.app.main_window import MainWindow

    try:
        return MainWindow(db)
    except Exception as err:  # noqa: BLE001 - a record the window cannot show: damage, said in words
        db.close()
        problem = DamagedDatabaseError(damaged_message(
            db.path, f"a record kratomtrack reads at start cannot be read: {type(err).__name__}: {err}"),
            db.path)
    again = _after_damage_offer(folder, problem, None)
    if again is None:
        return None
    try:
        return MainWindow(again)
    except Exception as err:  # noqa: BLE001 - the same damage in what is left to read
        again.close()
        return _cannot_open(err, None)


def _cannot_open(err: Exception, parent: QWidget | None) -> None:
    """Say why the log cannot be opened (the app then quits)."""
    QMessageBox.critical(parent, QCoreApplication.translate("run_app", CANNOT_OPEN_TITLE), str(err))


def _after_damage_offer(folder: Path, err: Exception, parent: QWidget | None) -> LogDatabase | None:
    """Offer a restore (or a read-only look) for a damaged log; the log then shown, or None."""
    from kratomtrack.ui.dialogs.restore import damaged_log_prompt  # rarely needed

    prompt = damaged_log_prompt(folder, err, parent)
    if prompt.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        if prompt.outcome == "read-only":
            db = LogDatabase.open_folder(folder, damaged=True)
            db.read_only_reason = DAMAGED
            return db
        return LogDatabase.open_folder(folder)
    except (SchemaError, SaveError, BackupError, OSError) as again:
        return _cannot_open(again, parent)


def _open_read_only(folder: Path, err: Exception, parent: QWidget | None) -> LogDatabase | None:
    """A log in a folder that cannot be written opens read-only (the window's bar
    says so); with no log there to read, the reason is said and the app quits."""
    try:
        db = LogDatabase.open_folder(folder, read_only=True)
    except (SchemaError, SaveError, BackupError, OSError):
        QMessageBox.critical(parent, QCoreApplication.translate("run_app", CANNOT_OPEN_TITLE), str(err))
        return None
    db.read_only_reason = fill(QCoreApplication.translate(
        "run_app", "the data folder %1 cannot be written"), folder)
    return db


def make_todays_backup(db: LogDatabase, parent: QWidget | None = None) -> None:
    """Make the day's backup if it is due (the first start of each day).

    The window calls this right after its first paint, before any change the
    person makes can be saved: on a ten-year log the copy takes about 40 ms,
    which the first start of each day would otherwise add before the window
    shows. If it fails the window stays open, after a warning.
    """
    from kratomtrack.store.backups import backup_if_due  # after the first paint, as the backup is

    try:
        backup_if_due(db)
    except (BackupError, SaveError) as err:
        _say_backup_failed(err, parent)
        return
    # Copied to the second backup folder off the window's thread, also when today's
    # backup was made at an earlier start (that copy may have found no disk then).
    second_copy = getattr(parent, "second_copy", None)
    if second_copy is not None:
        second_copy.copy_newest()


def _say_backup_failed(err: Exception, parent: QWidget | None) -> None:
    QMessageBox.warning(parent, QCoreApplication.translate("run_app", "Today's backup could not be made"),
                        f"{err}\n\n" + QCoreApplication.translate(
                            "run_app", "Your log opened normally; kratomtrack will try again "
                            "at the next start."))
