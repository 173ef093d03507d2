"""The window items of issue 26 on a 1366×768 screen at 100 % and at 150 %:

- the unlock prompt of a protected log sizes to its words after a wrong or
  an empty passphrase (it stayed 262×120 and cut off "…try again, or");
- Settings → Privacy with a passphrase typed twice and Enter (or OK) protects
  the log, showing the recovery key first, instead of closing with
  "Settings saved." over a log left unprotected.

Each runs in its own process (the scale is read when Qt starts); every button
and text of the prompt and of the recovery key dialog is checked against the
screen and against what its text needs (tests/screen_fit.py), and grabbed to
PNG.
"""

from __future__ import annotations

import pytest

from kratomtrack.store import cipher, protection
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.location import db_path

from log_files import fill
from screen_fit import run_on_laptop_screen

pytestmark = pytest.mark.window

PASSPHRASE = "correct horse battery"
SCALES = [1, 1.5]

UNLOCK_AT_START = r'''
import json, sys
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from kratomtrack.ui.dialogs.passphrase import PassphraseDialog, unlock_for_window

app = QApplication([])
folder, pngs, passphrase = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
report = {"size": {}, "clipped": {}, "problem": {}}
steps = [("start", None), ("wrong", "not the passphrase"), ("empty", ""),
         ("recovery key typed wrong", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH-IIII-JJJJ-KKKK-LLLL-MMMM"),
         ("right", passphrase)]


def step():
    dialog = next(w for w in app.topLevelWidgets() if isinstance(w, PassphraseDialog) and w.isVisible())
    stage, text = steps.pop(0)
    if text is not None:
        dialog.field.setText(text)
        QTest.keyClick(dialog.field, Qt.Key.Key_Return)  # Enter: the prompt's default button
    if stage != "right":
        app.processEvents()
        report["size"][stage] = dialog.size().toTuple()
        report["clipped"][stage] = clipped(dialog)
        report["problem"][stage] = dialog.problem.text() if dialog.problem.isVisible() else ""
        dialog.grab().save(str(pngs / f"unlock-{stage.replace(' ', '-')}.png"))
        QTimer.singleShot(0, step)


QTimer.singleShot(0, step)
report["unlocked"] = unlock_for_window(folder)
print(json.dumps(report))
'''


@pytest.mark.parametrize("scale", SCALES)
def test_the_unlock_prompt_sizes_to_its_words_after_a_wrong_or_empty_passphrase(
        scale, locked_log, tmp_path):
    pngs = tmp_path / "png"
    pngs.mkdir()
    report = run_on_laptop_screen(UNLOCK_AT_START, scale, tmp_path, locked_log, pngs, PASSPHRASE)
    assert report["unlocked"] is True
    assert "does not open this log" in report["problem"]["wrong"]
    assert report["problem"]["wrong"].endswith("give the recovery key.")
    assert report["problem"]["empty"] == "Type your passphrase first."
    assert "does not open this log" in report["problem"]["recovery key typed wrong"]
    for stage, found in report["clipped"].items():
        assert found == [], (stage, found)
    width, height = report["size"]["wrong"]
    assert height > report["size"]["start"][1] and width > 262  # grew to its words
    assert all((pngs / f"unlock-{s}.png").stat().st_size > 0 for s in ("start", "wrong", "empty"))


PROTECT_WITH_ENTER = r'''
import json, sys, time
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from kratomtrack.store import cipher
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.location import db_path
from kratomtrack.ui.app.main_window import MainWindow

app = QApplication([])
folder, pngs, passphrase, how = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
db = LogDatabase.open_folder(folder)
window = MainWindow(db)
window.resize(window.screen().availableGeometry().size())
window.show()
dialog = window.open_settings()
tab = dialog.privacy
dialog.show_tab_of(tab)
said = []
dialog.saved.connect(lambda: said.append(window.statusBar().currentMessage()))
tab.new_passphrase.setText(passphrase)
tab.repeat_passphrase.setText(passphrase)
tab.repeat_passphrase.setFocus()
app.processEvents()
if how == "enter":
    QTest.keyClick(tab.repeat_passphrase, Qt.Key.Key_Return)
else:
    dialog.save()  # what OK does


def wait(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)


wait(lambda: tab.recovery_dialog is not None and tab.recovery_dialog.isVisible())
key = tab.recovery_dialog
app.processEvents()
report = {
    "key shown": key.isVisible(), "key": key.key_label.text(),
    "plain while the key is shown": cipher.has_sqlite_header(db_path(folder)),
    "key file while the key is shown": cipher.key_file(folder).exists(),
    "settings open while the key is shown": dialog.isVisible(),
    "said while the key is shown": list(said),
    "clipped key dialog": clipped(key),
}
key.grab().save(str(pngs / "recovery-key.png"))
dialog.grab().save(str(pngs / "settings-privacy.png"))
key.kept_button.click()
wait(lambda: not dialog.isVisible())
report.update({
    "settings open after": dialog.isVisible(),
    "encrypted after": not cipher.has_sqlite_header(db_path(folder)),
    "window reads it": cipher.is_encrypted(db.conn) and db.dose_count(),
    "said": said, "status": window.statusBar().currentMessage(),
})
window.close()
db.close()
print(json.dumps(report))
'''


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("how", ["enter", "ok"])
def test_enter_or_ok_with_a_typed_passphrase_shows_the_key_then_protects_then_says_saved(
        how, scale, data_dir, tmp_path):
    with LogDatabase.open_folder(data_dir) as log:
        fill(log, 12)
    pngs = tmp_path / "png"
    pngs.mkdir()
    report = run_on_laptop_screen(PROTECT_WITH_ENTER, scale, tmp_path, data_dir, pngs,
                                  PASSPHRASE, how)
    # The key first, nothing encrypted yet, nothing said to be saved.
    assert report["key shown"] and len(report["key"].replace("-", "")) == 52
    assert report["plain while the key is shown"] and not report["key file while the key is shown"]
    assert report["settings open while the key is shown"] and report["said while the key is shown"] == []
    assert report["clipped key dialog"] == []
    # Kept: protected, then the settings saved and the dialog closed.
    assert report["encrypted after"] and report["window reads it"] == 12
    assert not report["settings open after"] and len(report["said"]) == 1
    assert report["status"] == "Your log is protected with your passphrase."
    protection.unlock(data_dir, report["key"])  # the key shown is the log's
    protection.lock(data_dir)
    protection.unlock(data_dir, PASSPHRASE)
    assert not cipher.has_sqlite_header(db_path(data_dir))
