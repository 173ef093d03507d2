"""Below Python: start-up, --self-test, import, export, report and check run
under ``strace -f -e trace=network``, and the only socket any of them makes is
a local (AF_UNIX) one in the app's private runtime folder (the single-instance
socket, and the window's own signal pipe). No network socket, no printing
system (CUPS would be a connection to port 631 or to its local socket)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.app.single_instance import socket_folder

from log_files import fill

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.window,  # starts the window and paints a PDF under strace
              pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")]


def traced(tmp_path, *args, until=None) -> str:
    """Run kratomtrack with args under strace; returns the network calls it made."""
    log = tmp_path / f"strace-{len(list(tmp_path.glob('strace-*')))}.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "CUPS_SERVER": "printer.invalid:631"}  # were CUPS asked, it would connect there
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    process = subprocess.Popen(["strace", "-f", "-qq", "-e", "trace=network", "-o", str(log),
                                sys.executable, "-m", "kratomtrack", *map(str, args)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if until is not None:
        deadline = time.monotonic() + 60
        while not until() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)  # a poll: the loop ends as soon as until() holds
        # SIGTERM to the app itself (the first process strace names), which
        # closes its window as the close button does.
        first = log.read_text().split(None, 1)[0] if log.exists() and log.read_text() else ""
        if first.isdigit():
            os.kill(int(first), signal.SIGTERM)
        else:
            process.terminate()
    _, err = process.communicate(timeout=120)
    if "ptrace" in err and "Operation not permitted" in err:
        pytest.skip("ptrace is not permitted here")
    assert process.returncode == 0, err
    return log.read_text()


def assert_only_private_local_sockets(trace: str) -> None:
    families = set(re.findall(r"socket(?:pair)?\((AF_\w+)", trace))
    assert families <= {"AF_UNIX"}, trace
    paths = re.findall(r'sun_path=(?:@)?"([^"]*)"', trace)
    private = str(socket_folder())
    for path in paths:
        assert path.startswith(private), f"a local socket outside {private}: {path}"
    # Port 631 as strace writes a port (a process id such as si_pid=631 is not one).
    assert not re.search(r"htons\(631\)|printer\.invalid", trace) and "cups" not in trace.lower()


def test_commands_open_no_network_socket(tmp_path):
    folder = tmp_path / "data"
    with LogDatabase.open_folder(folder) as db:
        fill(db, 10)
    csv = tmp_path / "d.csv"
    csv.write_text("taken_at,grams,form,product,notes\n2026-11-01T09:00,1.0,powder,,\n")
    for args in (["import", csv], ["export", "--format", "json", "-o", tmp_path / "x.json"],
                 ["report", "-o", tmp_path / "r.pdf"], ["check"]):
        assert_only_private_local_sockets(traced(tmp_path, "--data-dir", folder, *args))


def test_self_test_and_window_start_touch_no_network_and_no_printing_system(tmp_path):
    folder = tmp_path / "data"
    assert_only_private_local_sockets(traced(tmp_path, "--self-test", "--data-dir", folder))
    trace = traced(tmp_path, "--data-dir", folder,
                   until=lambda: bool(list(folder.glob("backups/*.db"))))
    assert_only_private_local_sockets(trace)
    assert "listen(" in trace  # the single-instance socket, in the private folder
