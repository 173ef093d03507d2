"""Settings → Privacy and the idle lock, on the real window."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from kratomtrack.core.log_changes import EVERYTHING
from kratomtrack.core.records import Dose, Form
from kratomtrack.store import cipher, protection
from kratomtrack.store.cipher import SQLITE_HEADER
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.location import db_path
from kratomtrack.ui.dialogs.privacy import PrivacyTab

from conftest import real_today
from log_files import fill
from window_helpers import type_into

pytestmark = pytest.mark.window

PASSPHRASE = "correct horse battery"
PRODUCT = "Sunset Maeng Da"
GRAMS = 3.7


def _dose_today(db: LogDatabase) -> None:
    now = dt.datetime.now().replace(second=0, microsecond=0)
    db.add_dose(Dose(now.replace(hour=min(now.hour, 23), minute=0), GRAMS, Form.POWDER, PRODUCT))


def _privacy_tab(window) -> PrivacyTab:
    dialog = window.open_settings()
    tab = dialog.findChild(PrivacyTab)
    dialog.show_tab_of(tab)
    return tab


def _finish(qtbot, tab: PrivacyTab) -> None:
    def finished() -> bool:
        try:
            return tab.job is not None and tab.job.isFinished() and tab.busy.done
        except RuntimeError:  # the job ended and was deleted with its dialog (OK closes it)
            return True
    qtbot.waitUntil(finished, timeout=20000)


def _visible_text() -> str:
    """Everything a person could read in the app's visible widgets and window titles."""
    parts = []
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        if widget.isWindow():
            parts.append(widget.windowTitle())
        for getter in ("text", "toPlainText", "currentText", "placeholderText", "toolTip"):
            value = getattr(widget, getter, None)
            if callable(value):
                try:
                    parts.append(str(value()))
                except TypeError:
                    pass
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    parts.append(str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole)))
    return "\n".join(parts)


def test_protecting_from_the_window_encrypts_the_file_shows_the_key_once_and_the_window_works_on(
        qtbot, window, db):
    _dose_today(db)
    fill(db, 30)
    window.announce(EVERYTHING)  # written straight to the log
    tab = _privacy_tab(window)
    assert "cannot be read" in tab.findChild(QWidget, "setup_warning").text()
    tab.new_passphrase.setText(PASSPHRASE)
    tab.repeat_passphrase.setText("something else")
    tab.protect_button.click()
    assert "differ" in tab.problem.text() and cipher.has_sqlite_header(db_path(db.path.parent))

    tab.repeat_passphrase.setText(PASSPHRASE)
    tab.protect_button.click()
    # The recovery key first: nothing is encrypted until the person has kept it.
    qtbot.waitUntil(lambda: tab.recovery_dialog is not None and tab.recovery_dialog.isVisible())
    assert tab.job is None and cipher.has_sqlite_header(db_path(db.path.parent))
    assert not cipher.key_file(db.path.parent).exists()
    key = tab.recovery_dialog.key_label.text()
    assert len(key.replace("-", "")) == 52
    assert "plain files" in tab.recovery_dialog.findChild(QWidget, "plain_files_note").text()
    tab.recovery_dialog.kept_button.click()
    assert tab.busy.isVisible()  # the work runs on its own thread; the window paints on
    _finish(qtbot, tab)

    raw = db_path(db.path.parent).read_bytes()
    assert not raw.startswith(SQLITE_HEADER) and PRODUCT.encode() not in raw
    assert tab.protected_box.isVisibleTo(tab) and not tab.setup_box.isVisibleTo(tab)

    # The window goes on over the reopened, encrypted log.
    before = db.dose_count()
    type_into(window.today_page.grams, "2")
    window.today_page.log_dose()
    assert db.dose_count() == before + 1 and cipher.is_encrypted(db.conn)
    assert PRODUCT in _visible_text()
    # The recovery key opens it too.
    protection.lock(db.path.parent)
    protection.unlock(db.path.parent, key)


def test_changing_the_passphrase_and_turning_protection_off_need_the_current_one(
        qtbot, window, db):
    _dose_today(db)
    tab = _privacy_tab(window)
    tab.new_passphrase.setText(PASSPHRASE)
    tab.repeat_passphrase.setText(PASSPHRASE)
    tab.protect_button.click()
    tab.recovery_dialog.accept()
    _finish(qtbot, tab)
    folder = db.path.parent
    encrypted = db_path(folder).read_bytes()

    tab.current_passphrase.setText("not the passphrase")
    tab.off_button.click()
    _finish(qtbot, tab)
    assert "does not open this log" in tab.problem.text() and tab.problem.isVisibleTo(tab)
    assert not cipher.has_sqlite_header(db_path(folder)) and db.dose_count() == 1

    tab.current_passphrase.setText(PASSPHRASE)
    tab.changed_passphrase.setText("a brand new phrase")
    tab.changed_again.setText("a brand new phrase")
    tab.change_button.click()
    _finish(qtbot, tab)
    assert tab.problem.isHidden()
    with pytest.raises(protection.WrongPassphraseError):
        protection.unlock(folder, PASSPHRASE)
    protection.unlock(folder, "a brand new phrase")
    assert db_path(folder).read_bytes()[:4096] == encrypted[:4096]  # only the key file changed

    tab.current_passphrase.setText("a brand new phrase")
    tab.off_button.click()
    _finish(qtbot, tab)
    assert cipher.has_sqlite_header(db_path(folder)) and not cipher.is_encrypted(db.conn)
    assert tab.setup_box.isVisibleTo(tab) and db.dose_count() == 1
    assert PRODUCT in db_path(folder).read_bytes().decode("latin-1")


@pytest.fixture
def protected_db(data_dir):
    with LogDatabase.open_folder(data_dir) as log:
        fill(log, 20)
        _dose_today(log)
    protection.protect(data_dir, PASSPHRASE)
    log = LogDatabase.open_folder(data_dir)
    yield log
    log.close()


def test_the_idle_lock_hides_the_log_until_the_passphrase_is_given_and_refuses_a_wrong_one(
        qtbot, open_window, protected_db):
    window = open_window(protected_db)
    lock = window.idle_lock
    assert lock.minutes == protection.DEFAULT_LOCK_MINUTES and lock._timer.isActive()
    assert PRODUCT in _visible_text()
    settings = window.open_settings()
    window.today_page.checkin_panel.day_note.setPlainText("typed just before the lock")

    lock._timer.start(50)  # as if ten idle minutes had passed
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    shown = _visible_text()
    assert PRODUCT not in shown and f"{GRAMS:g}" not in shown and "typed just before" not in shown
    assert not settings.isVisible() and not window.warning_strip.isVisible()
    assert window.windowTitle() == "kratomtrack"
    saved = protected_db.checkin(real_today())
    assert saved is not None and saved.note == "typed just before the lock"  # autosave written first

    type_into(lock.screen.field, "wrong passphrase")
    lock.screen.unlock_button.click()
    assert lock.locked and "does not open this log" in lock.screen.problem.text()
    assert lock.screen.problem.isVisible() and PRODUCT not in _visible_text()

    type_into(lock.screen.field, PASSPHRASE)
    lock.screen.unlock_button.click()
    assert not lock.locked and settings.isVisible() and lock._timer.isActive()
    assert PRODUCT in _visible_text()
    settings.reject()


def test_the_lock_minutes_are_a_setting_saved_with_ok(qtbot, open_window, protected_db):
    window = open_window(protected_db)
    dialog = window.open_settings()
    tab = dialog.findChild(PrivacyTab)
    assert tab.lock_minutes.value() == protection.DEFAULT_LOCK_MINUTES
    tab.lock_minutes.setValue(0)
    dialog.save()
    assert protection.lock_minutes(protected_db) == 0
    assert not window.idle_lock._timer.isActive() and not window.idle_lock._filtering
    window.idle_lock.lock_now()  # 0 = never: only a protected log with minutes locks on its own
    assert window.idle_lock.locked  # asked for directly, it still locks
    window.idle_lock.try_unlock(PASSPHRASE)
    assert not window.idle_lock.locked


def test_a_plain_log_has_no_idle_lock_and_no_key_minutes(qtbot, window, db):
    assert window.idle_lock.minutes == 0 and not window.idle_lock._filtering
    window.idle_lock.lock_now()
    assert not window.idle_lock.locked
    tab = _privacy_tab(window)
    assert tab.setup_box.isVisibleTo(tab) and not tab.protected_box.isVisibleTo(tab)


def test_ok_with_passphrases_that_differ_stays_on_privacy_and_says_nothing_saved(
        qtbot, window, db):
    dialog = window.open_settings()
    said = []
    dialog.saved.connect(lambda: said.append(True))
    tab = dialog.privacy
    dialog.tabs.setCurrentIndex(0)
    tab.new_passphrase.setText(PASSPHRASE)
    tab.repeat_passphrase.setText(PASSPHRASE + "!")
    dialog.save()  # OK
    assert dialog.isVisible() and dialog.tabs.currentIndex() == dialog.tab_of(tab)
    assert "differ" in tab.problem.text() and tab.problem.isVisibleTo(tab)
    assert said == [] and tab.recovery_dialog is None
    assert cipher.has_sqlite_header(db_path(db.path.parent))
    # Emptied, OK saves the rest as before and leaves protection off.
    tab.new_passphrase.clear()
    tab.repeat_passphrase.clear()
    dialog.save()
    assert said == [True] and not dialog.isVisible()
    assert cipher.has_sqlite_header(db_path(db.path.parent))


def test_not_keeping_the_recovery_key_encrypts_nothing(qtbot, window, db):
    _dose_today(db)
    dialog = window.open_settings()
    said = []
    dialog.saved.connect(lambda: said.append(True))
    tab = dialog.privacy
    tab.new_passphrase.setText(PASSPHRASE)
    tab.repeat_passphrase.setText(PASSPHRASE)
    dialog.save()
    qtbot.waitUntil(lambda: tab.recovery_dialog is not None and tab.recovery_dialog.isVisible())
    tab.recovery_dialog.cancel_button.click()
    assert tab.job is None and said == [] and dialog.isVisible()
    assert "not protected" in tab.problem.text()
    assert cipher.has_sqlite_header(db_path(db.path.parent))
    assert not cipher.key_file(db.path.parent).exists() and db.dose_count() == 1


def test_the_window_start_undoes_a_protect_that_was_cut_off_and_says_so(qtbot, data_dir):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from kratomtrack.store import rekeying
    from kratomtrack.store.backups import backups_dir, make_backup
    from kratomtrack.ui.app.startup import open_log_for_window

    from cut_off import kill_when

    with LogDatabase.open_folder(data_dir) as log:
        fill(log, 2000)
        make_backup(log)
    assert kill_when(data_dir, "protect",
                     lambda f: any(backups_dir(f).glob(f".*{rekeying.STAGED_SUFFIX}")),
                     {protection.PASSPHRASE_ENV: PASSPHRASE})
    assert rekeying.journal_path(data_dir).exists()
    told = []

    def read_the_box():
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMessageBox) and w.isVisible())
        told.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_the_box)
    opened = open_log_for_window(data_dir)
    try:
        assert opened is not None and opened.dose_count() == 2000
        assert len(told) == 1 and "undone" in told[0] and "plain" in told[0]
        assert not rekeying.journal_path(data_dir).exists()
        assert cipher.has_sqlite_header(db_path(data_dir))
        assert all(cipher.has_sqlite_header(p) for p in backups_dir(data_dir).glob("*.db"))
        assert not list(backups_dir(data_dir).glob(f".*{rekeying.STAGED_SUFFIX}*"))
    finally:
        opened.close()


PRIVACY_ON_A_SMALL_DISK = r'''
import json, os, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from kratomtrack.store import cipher
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.location import db_path
from kratomtrack.ui.app.main_window import MainWindow

app = QApplication([])
folder = Path(sys.argv[1])
db = LogDatabase.open_folder(folder)
window = MainWindow(db)
window.show()
dialog = window.open_settings()
tab = dialog.privacy
said = []
dialog.saved.connect(lambda: said.append(True))
tab.new_passphrase.setText("correct horse battery")
tab.repeat_passphrase.setText("correct horse battery")
dialog.save()  # OK
app.processEvents()
if tab.recovery_dialog is not None:
    tab.recovery_dialog.kept_button.click()
    deadline = time.monotonic() + 120
    while not (tab.job.isFinished() and tab.busy.done) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()
print(json.dumps({
    "problem": tab.problem.text() if tab.problem.isVisibleTo(tab) else "",
    "settings open": dialog.isVisible(), "on privacy": dialog.tabs.currentIndex() == dialog.tab_of(tab),
    "key shown": tab.recovery_dialog is not None, "said": said,
    "plain": cipher.has_sqlite_header(db_path(folder)), "window reads": db.dose_count(),
}))
window.close()
db.close()
'''


def test_privacy_on_a_full_disk_refuses_with_the_figures_and_on_a_filling_one_undoes(
        tmp_path):
    from kratomtrack.store import rekeying
    from kratomtrack.store.backups import make_backup

    from small_disk import run_on_small_disk

    source = tmp_path / "data"
    with LogDatabase.open_folder(source) as log:
        fill(log, 3650)
        for day in (18, 19):
            make_backup(log, now=dt.datetime(2026, 11, day, 8, 0))
    results, after = run_on_small_disk(tmp_path, source, [
        {"free": 1_500_000},
        {"script": PRIVACY_ON_A_SMALL_DISK},
        {"free": 7_000_000},  # schema 6 made the log larger
        {"script": PRIVACY_ON_A_SMALL_DISK, "fill_when": f"backups/.*{rekeying.STAGED_SUFFIX}",
         "leave": 300_000},
        {"free": 300_000},
        {"run": ["check"]},
    ])
    full, filling, check = results
    assert full["returncode"] == 0 and "Traceback" not in full["stderr"], full["stderr"]
    shown = json.loads(full["stdout"].splitlines()[-1])
    assert "not enough free space" in shown["problem"] and " MB free on the disk" in shown["problem"]
    assert shown["settings open"] and shown["on privacy"] and not shown["key shown"]
    assert shown["said"] == [] and shown["plain"] and shown["window reads"] == 3650
    assert filling["returncode"] == 0 and "Traceback" not in filling["stderr"], filling["stderr"]
    shown = json.loads(filling["stdout"].splitlines()[-1])
    assert shown["key shown"] and "became full" in shown["problem"], shown
    assert shown["settings open"] and shown["said"] == [] and shown["plain"]
    assert shown["window reads"] == 3650
    assert check["returncode"] == 0, check["stderr"]
    assert cipher.has_sqlite_header(db_path(after)) and not cipher.key_file(after).exists()
    assert all(cipher.has_sqlite_header(p) for p in (after / "backups").glob("*.db"))


def test_ok_with_a_new_passphrase_typed_on_a_protected_log_changes_it_first(
        qtbot, open_window, protected_db):
    window = open_window(protected_db)
    folder = protected_db.path.parent
    dialog = window.open_settings()
    said = []
    dialog.saved.connect(lambda: said.append(True))
    tab = dialog.privacy
    tab.changed_passphrase.setText("a brand new phrase")
    tab.changed_again.setText("a brand new phrase")
    dialog.save()  # OK, the current passphrase not typed
    assert dialog.isVisible() and dialog.tabs.currentIndex() == dialog.tab_of(tab) and said == []
    assert "current passphrase" in tab.problem.text()
    tab.current_passphrase.setText(PASSPHRASE)
    dialog.save()
    _finish(qtbot, tab)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    assert said == [True]
    assert "passphrase was changed" in window.statusBar().currentMessage()
    protection.lock(folder)
    with pytest.raises(protection.WrongPassphraseError):
        protection.unlock(folder, PASSPHRASE)
    protection.unlock(folder, "a brand new phrase")
