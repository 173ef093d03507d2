"""Opening the log for the window (damaged, foreign or newer files) and the
day's backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kratomtrack.store.backups import BackupError, backup_if_due
from kratomtrack.store.database import DamagedDatabaseError, LogDatabase, SaveError
from kratomtrack.store.schema import SchemaError

CANNOT_OPEN_TITLE = QT_TRANSLATE_NOOP("run_app", "kratomtrack cannot open your log")


def open_log_for_window(folder: Path, parent: QWidget | None = None) -> LogDatabase | None:
    """Open the log the window will show, or None if the app should quit.

    A damaged log gets the restore offer (damaged_log_prompt); a foreign or
    newer file, or a folder that cannot be written, gets a message saying
    so. Nothing is written to a file that cannot be opened. The day's backup
    is make_todays_backup's, once the window is painted.
    """
    try:
        return LogDatabase.open_folder(folder)
    except DamagedDatabaseError as err:
        from kratomtrack.ui.dialogs.restore import damaged_log_prompt  # rarely needed

        prompt = damaged_log_prompt(folder, err, parent)
        if prompt.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            return LogDatabase.open_folder(folder)
        except (SchemaError, SaveError, BackupError) as again:
            QMessageBox.critical(parent, QCoreApplication.translate("run_app", CANNOT_OPEN_TITLE), str(again))
            return None
    except (SchemaError, SaveError, BackupError) as err:
        QMessageBox.critical(parent, QCoreApplication.translate("run_app", CANNOT_OPEN_TITLE), str(err))
        return None


def make_todays_backup(db: LogDatabase, parent: QWidget | None = None) -> None:
    """Make the day's backup if it is due (the first start of each day).

    The window calls this right after its first paint, before any change the
    person makes can be saved: on a ten-year log the copy takes about 40 ms,
    which the first start of each day would otherwise add before the window
    shows. If it fails the window stays open, after a warning.
    """
    try:
        backup_if_due(db)
    except (BackupError, SaveError) as err:
        QMessageBox.warning(parent, QCoreApplication.translate("run_app", "Today's backup could not be made"),
                            f"{err}\n\n" + QCoreApplication.translate(
                                "run_app", "Your log opened normally; kratomtrack will try again "
                                "at the next start."))
