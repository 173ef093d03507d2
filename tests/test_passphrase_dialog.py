"""The window's passphrase prompt for a protected log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kratomtrack.store import protection
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.location import db_path
from kratomtrack.ui.app.startup import open_log_for_window
from kratomtrack.ui.dialogs.passphrase import PassphraseDialog

from conftest import PASSPHRASE

pytestmark = pytest.mark.window


def test_a_wrong_passphrase_is_refused_in_words_and_the_right_one_opens_the_log(qtbot, locked_log):
    before = db_path(locked_log).read_bytes()
    dialog = PassphraseDialog(locked_log)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.field.setText("not it at all")
    dialog.try_unlock()
    assert dialog.isVisible() and not dialog.problem.isHidden()
    assert "does not open this log" in dialog.problem.text()
    assert dialog.field.echoMode() == dialog.field.EchoMode.Password
    assert not protection.is_unlocked(locked_log)
    assert db_path(locked_log).read_bytes() == before
    dialog.field.setText(PASSPHRASE)
    dialog.try_unlock()
    assert dialog.result() == dialog.DialogCode.Accepted
    with LogDatabase.open_folder(locked_log) as db:
        assert db.dose_count() == 10


def test_the_window_start_asks_for_the_passphrase_and_quits_if_cancelled(qtbot, locked_log):
    def answer(text):
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, PassphraseDialog) and w.isVisible())
        if text is None:
            dialog.reject()
        else:
            dialog.field.setText(text)
            dialog.try_unlock()

    QTimer.singleShot(0, lambda: answer(None))
    assert open_log_for_window(locked_log) is None
    QTimer.singleShot(0, lambda: answer(PASSPHRASE))
    db = open_log_for_window(locked_log)
    try:
        assert db is not None and db.dose_count() == 10
    finally:
        db.close()
