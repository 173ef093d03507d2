"""The real window's start on one (damaged) log, answered as a person would: the
damage fuzz's window run (tests/test_damage_fuzz_commands.py).

Run as ``python tests/damage_window.py FOLDER RESULT.json``: the window starts
exactly as ``kratomtrack --data-dir FOLDER`` starts it (launch.run_app). A
timer answers what the start asks: the passphrase (KRATOMTRACK_PASSPHRASE)
once, "Open read-only" on the damaged-log offer, OK on a message (whose text
is kept). Once the main window shows and its whole-log check has answered
(or SETTLE_SECONDS passed), what it shows is written down and it is closed
like its close button. With KRATOMTRACK_FUZZ_TYPE_DOSE set, a dose of 0.1 g is
typed on Today as soon as the window shows (before its whole-log check has
answered), as a person in a hurry would. RESULT says: how the start ended (a normal window, a
read-only one and its reason, or a message and quit), the messages, and
the exit status; stderr holds any traceback.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

SETTLE_SECONDS = 8.0
POLL_MS = 50


def main(folder: Path, result_path: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    app = QApplication.instance() or QApplication([sys.argv[0]])
    seen: dict = {"messages": [], "passphrase_asked": 0, "damaged_offer": False, "window": None}
    started = time.monotonic()

    def main_window():
        from kratomtrack.ui.app.main_window import MainWindow

        return next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)

    def answer() -> None:
        modal = app.activeModalWidget()
        if modal is not None:
            name = type(modal).__name__
            if name == "PassphraseDialog":
                seen["passphrase_asked"] += 1
                if seen["passphrase_asked"] > 1:  # refused once: the person gives up
                    modal.reject()
                    return
                modal.field.setText(os.environ.get("KRATOMTRACK_PASSPHRASE", ""))
                modal.try_unlock()
            elif name == "DamagedLogDialog":
                seen["damaged_offer"] = True
                modal.read_only_button.click()
            elif isinstance(modal, QMessageBox):
                seen["messages"].append(modal.text())
                modal.done(0)
            elif isinstance(modal, QDialog):
                seen["messages"].append(f"{name}: {modal.windowTitle()}")
                modal.reject()
            return
        window = main_window()
        if window is None:
            return
        if os.environ.get("KRATOMTRACK_FUZZ_TYPE_DOSE") and "typed" not in seen:
            seen["typed"] = True
            window.today_page.grams.setText("0.1")
            window.today_page.log_dose()
        health = window.health_watch.health
        if health is None and time.monotonic() - started < SETTLE_SECONDS:
            return
        seen["window"] = {"read_only": window.db.read_only,
                          "reason": str(getattr(window.db, "read_only_reason", "") or ""),
                          "bar_shown": window.read_only_bar.isVisible(),
                          "checked": health is not None,
                          "healthy": bool(health is not None and health.healthy)}
        timer.stop()
        window.close()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(POLL_MS)
    from kratomtrack.ui.app.launch import run_app

    status = run_app(folder)
    seen["status"] = status
    seen["seconds"] = round(time.monotonic() - started, 2)
    result_path.write_text(json.dumps(seen))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
