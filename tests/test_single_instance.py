"""A second start of the window brings the first to the front instead of
opening a second writer; tested with a real first window process."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtNetwork")

from PySide6.QtWidgets import QMainWindow  # noqa: E402

from kratomtrack.ui.app.single_instance import SingleInstance, already_open_box, bring_to_front  # noqa: E402

pytestmark = pytest.mark.window

ROOT = Path(__file__).resolve().parents[1]
FIRST_WINDOW = """
import sys, threading, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from kratomtrack.ui.app.single_instance import SingleInstance
app = QCoreApplication([])
instance = SingleInstance(Path(sys.argv[1]))
print("claimed" if instance.claim(listen=sys.argv[2] != "late") else "refused", flush=True)
if sys.argv[2] == "hang":
    threading.Event().wait()  # holds the log but never answers: a frozen window (until killed)
if sys.argv[2] == "late":
    time.sleep(0.6)  # still starting: the real window listens once it has painted (the other program's pace, not a wait of the test)
    instance.listen()
    print("listening", flush=True)
def activated():
    print("activated", flush=True)
    app.quit()
instance.activation_requested.connect(activated)
app.exec()
"""


@pytest.fixture
def first_window(tmp_path):
    started = []

    def start(mode="answer"):
        env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
        process = subprocess.Popen([sys.executable, "-c", FIRST_WINDOW, str(tmp_path / "data"), mode],
                                   stdout=subprocess.PIPE, text=True, env=env)
        started.append(process)
        assert process.stdout.readline().strip() == "claimed"
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_second_start_brings_the_first_window_to_the_front(qapp, first_window, tmp_path):
    first = first_window()
    second = SingleInstance(tmp_path / "data")
    assert not second.claim()
    assert second.activate_running()
    assert first.stdout.readline().strip() == "activated"
    assert first.wait(timeout=10) == 0


def test_a_start_while_the_first_window_is_still_starting_waits_for_it(qapp, first_window, tmp_path):
    first = first_window("late")
    second = SingleInstance(tmp_path / "data")
    assert not second.claim()
    assert second.activate_running()  # no listener yet when asked: it tries again
    assert first.stdout.readline().strip() == "listening"
    assert first.stdout.readline().strip() == "activated"
    assert first.wait(timeout=10) == 0


def test_a_first_window_that_never_listens_is_reported_as_already_open(qapp, first_window, tmp_path):
    first = first_window("late")
    first.send_signal(signal.SIGSTOP)  # holds the lock, stopped before it listens
    try:
        second = SingleInstance(tmp_path / "data")
        assert not second.claim()
        assert not second.activate_running(timeout_ms=400)
    finally:
        first.send_signal(signal.SIGCONT)


def test_a_frozen_first_window_is_reported_as_already_open(qapp, first_window, tmp_path):
    first_window("hang")
    second = SingleInstance(tmp_path / "data")
    assert not second.claim()
    assert not second.activate_running(timeout_ms=300)
    box = already_open_box()
    assert "already open" in box.text() and box.windowTitle() == "kratomtrack is already open"


def test_a_crashed_first_window_does_not_block_the_next_start(qapp, first_window, tmp_path):
    first = first_window("hang")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    again = SingleInstance(tmp_path / "data")
    assert again.claim()  # the dead process's lock and socket are cleaned up
    again.release()


def test_windows_of_different_data_folders_do_not_collide(qapp, first_window, tmp_path):
    first_window()
    other = SingleInstance(tmp_path / "other")
    assert other.claim()
    other.release()


def test_released_claim_can_be_taken_again(qapp, tmp_path):
    first = SingleInstance(tmp_path / "data")
    assert first.claim()
    first.release()
    second = SingleInstance(tmp_path / "data")
    assert second.claim()
    second.release()


def test_bring_to_front_restores_a_minimised_window(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_to_front(window)
    assert window.isVisible() and not window.isMinimized()
