"""The real-desktop layer: one Xvfb desktop with the AT-SPI bus per test session,
a log with a warning, alerts and check-ups, and windows on it (desktop.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kratomtrack.core.checkups import Peg, Sds
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.store import checkups, preferences
from kratomtrack.store.database import LogDatabase

from atspi.desktop import Desktop, Window, missing_programs

WARNING_TITLE = "frequent and rising"  # in the dependence warning's title


@pytest.fixture(scope="session")
def desktop(tmp_path_factory):
    missing = missing_programs()
    if missing:
        pytest.skip("the real-desktop accessibility layer needs " + ", ".join(missing)
                    + " (.ci/run installs them)")
    session = Desktop(tmp_path_factory.mktemp("desktop"))
    try:
        yield session.start()
    finally:
        session.stop()


def write_warning_log(folder: Path, today: dt.date) -> None:
    """120 days of use rising over the last 14 (the dependence warning), an extract
    dose 3 days ago (the extract alert), opioids among other medicines (the
    interaction caution), a check-in a day but today, weekly PEG and monthly SDS
    answers: a log as a person who has used the app for four months has."""
    with LogDatabase.open_folder(folder) as db:
        with db.transaction():
            for n in range(120):
                day = today - dt.timedelta(days=n)
                grams = 3.3 if n < 14 else 2.0
                for hour in (8, 14):
                    db.add_dose(Dose(dt.datetime.combine(day, dt.time(hour)), grams, Form.POWDER), today=today)
                if n:
                    db.save_checkin(CheckIn(day, n % 11, {"dizziness": n % 4}), today=today)
            db.add_dose(Dose(dt.datetime.combine(today - dt.timedelta(days=3), dt.time(20)), 1.0,
                             Form.EXTRACT), today=today)
        for n in range(3, 120, 7):
            checkups.save_peg(db, Peg(today - dt.timedelta(days=n), 6, 5, 4), today=today)
        for n in (10, 40, 70, 100):
            checkups.save_sds(db, Sds(today - dt.timedelta(days=n), (1, 1, 0, 1, 0)), today=today)
        preferences.set_also_take(db, {"opioids"})


@pytest.fixture(scope="session")
def warning_log(tmp_path_factory):
    """The log (write_warning_log) as of the real today: the window judges by the clock."""
    folder = tmp_path_factory.mktemp("warning-log") / "data"
    write_warning_log(folder, dt.date.today())  # the window reads the real clock (conftest.real_today)
    return folder


@pytest.fixture(scope="module")
def open_window(desktop, warning_log, tmp_path_factory):
    """Opens windows on copies of the warning log; closes them after the module."""
    opened: list[Window] = []

    def open_(name: str = "window") -> Window:
        base = tmp_path_factory.mktemp(name)
        folder = base / "data"
        shutil.copytree(warning_log, folder)
        window = Window(desktop, folder, base / "config")
        opened.append(window)
        return window

    yield open_
    for window in opened:
        window.close()
