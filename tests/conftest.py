import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kratomtrack.pyside_guard import guard_none_refcount  # noqa: E402
from kratomtrack.store.database import LogDatabase  # noqa: E402

# PySide6 6.12 on Python 3.11 loses a reference to None per void Qt call.
guard_none_refcount()

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def db(data_dir):
    log = LogDatabase.open_folder(data_dir)
    yield log
    log.close()


@pytest.fixture
def run_cli(capsys, data_dir):
    """Run the kratomtrack command in-process; returns (status, stdout, stderr)."""
    from kratomtrack.cli import main

    def run(*args, folder=data_dir):
        status = main(["--data-dir", str(folder), *map(str, args)])
        out, err = capsys.readouterr()
        return status, out, err

    return run
