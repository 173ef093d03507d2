"""Shared by the printing tests: a log with a plan, `kratomtrack report` run for real, PDF
text read back with pdftotext, and the window's summary dialog driven as a person would."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import real_today

ROOT = Path(__file__).resolve().parents[1]


def log_with_a_plan(run_cli, data_dir) -> None:
    """120 days of demo log up to the real today (the window and `report` read the real
    clock) and a reduction plan, so that every section has something to print."""
    from kratomtrack.core.plan import Plan, PlanStep
    from kratomtrack.store import plans
    from kratomtrack.store.database import LogDatabase

    assert run_cli("demo", "--days", 120)[0] == 0
    with LogDatabase.open_folder(data_dir) as db:
        plans.set_plan(db, Plan((PlanStep(real_today() - dt.timedelta(days=30), 9000),)))


def report(data_dir, output: Path, *options: str) -> subprocess.CompletedProcess:
    """`kratomtrack report` as a separate process, as a person runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(data_dir),
                             "report", "-o", str(output), *options],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def pdf_text(path: Path) -> str:
    """The text of every page, laid out as on paper (pdftotext -layout)."""
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                            text=True, check=True)
    return result.stdout


def pdf_info(path: Path) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(re.split(r":\s+", line, maxsplit=1) for line in result.stdout.splitlines()
                if ":" in line)


def open_summary(db, qtbot):
    """File > Print summary… over the log, with its preview open and laid out."""
    from kratomtrack.ui.dialogs.summary import SummaryDialog

    dialog = SummaryDialog.for_log(db, today=real_today())
    qtbot.addWidget(dialog)
    dialog.show()
    preview = dialog.open_preview()
    qtbot.waitUntil(lambda: dialog.ready and preview.page_count() > 0, timeout=60_000)
    return dialog, preview


def press_print(preview, qtbot):
    """Print… in the preview; returns the system print dialog it opens."""
    preview.print_button.click()
    print_dialog = preview.print_job.print_dialog
    assert print_dialog is not None, "Print… opened no print dialog"
    qtbot.waitUntil(print_dialog.isVisible)
    return print_dialog
