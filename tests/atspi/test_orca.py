"""What Orca, the screen reader of the Linux desktop, says about the window.

Orca runs on the test desktop with no audio device: its speech goes nowhere
(SPEECHD_CMD names no program, so it starts no speech-dispatcher), and every
utterance is written to its debug file as a "SPEECH OUTPUT: '…'" line, which
is what these tests read. Orca writes that file through a buffer; its own hook
for a user's code (orca-customizations.py in its preferences folder) has it
written line by line. Skipped only where Orca is not installed."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from atspi.conftest import WARNING_TITLE
from atspi.desktop import end

NEEDS_ORCA = pytest.mark.skipif(shutil.which("orca") is None, reason="Orca is not installed (apt-get install orca)")
pytestmark = [pytest.mark.window, pytest.mark.atspi, NEEDS_ORCA]

# One utterance a line: SPEECH OUTPUT: 'text'{voice}, or 'text' voice=NAME{voice}.
SPOKEN = re.compile(r"SPEECH OUTPUT: '(.*)'(?: voice=\w+)? ?(?:\{.*\}|None)?$", re.MULTILINE)
LINE_BY_LINE = """from orca import debug

if debug.debugFile is not None:
    debug.debugFile.reconfigure(line_buffering=True)
"""


class Orca:
    """Orca started on ``desktop`` with its own preferences and debug file."""

    def __init__(self, desktop, folder: Path):
        self.file = folder / "orca-debug.out"
        home = folder / "home"
        preferences = home / "orca"
        preferences.mkdir(parents=True)
        (preferences / "orca-customizations.py").write_text(LINE_BY_LINE)
        env = dict(desktop.env, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_DATA_HOME=str(home / "data"), GSETTINGS_BACKEND="memory",
                   SPEECHD_CMD=str(folder / "no-speech-dispatcher"))
        self.process = desktop.spawn(["orca", "--debug-file", str(self.file), "-u", str(preferences)],
                                     "orca", env=env)
        self.wait_for(lambda said: "Screen reader on." in said, 30, "Orca never started")

    def said(self) -> list[str]:
        text = self.file.read_text(errors="replace") if self.file.exists() else ""
        return SPOKEN.findall(text)

    def wait_for(self, condition, timeout: float, failure: str | None = None, since: int = 0) -> list[str]:
        """What Orca says (after the first ``since`` utterances) once ``condition`` holds of it,
        or after ``timeout`` s (then ``failure``, if given, is raised)."""
        deadline = time.monotonic() + timeout
        while True:
            said = self.said()[since:]
            if condition(" / ".join(said)):
                return said
            if time.monotonic() > deadline:
                if failure:
                    raise AssertionError(f"{failure}; it said: {said}")
                return said
            time.sleep(0.05)  # a poll; the deadline above bounds the wait


@pytest.fixture(scope="module")
def orca(desktop, tmp_path_factory):
    reader = Orca(desktop, tmp_path_factory.mktemp("orca"))
    yield reader
    end(reader.process)


@pytest.fixture(scope="module")
def started(orca, open_window):
    """The window opened with Orca already running, and what Orca said at its start
    (until it has read the focus in Grams, and a moment more)."""
    since = len(orca.said())
    window = open_window("orca")
    window.call("wait_focus", name="Grams")
    orca.wait_for(lambda said: "Grams" in said, 20, "Orca never read the focus in Grams", since)
    return window, orca.wait_for(lambda said: False, 2.0, since=since)


def test_orca_reads_the_window_and_the_focus_in_grams(started):
    """The premise of the tests below: Orca's speech reaches the file."""
    _, said = started
    assert "kratomtrack" in " ".join(said)


def test_orca_says_the_warning_title_at_start(started):
    _, said = started
    assert any(WARNING_TITLE in s for s in said), said


def test_orca_says_saved_after_enter_in_grams(started, orca):
    window, _ = started
    window.call("type", text="2.5")
    since = len(orca.said())
    window.call("keys", keys=["Return"])
    said = orca.wait_for(lambda s: re.search(r"saved|2\.5 ?g", s, re.IGNORECASE), 5.0, since=since)
    assert re.search(r"saved|2\.5 ?g", " / ".join(said), re.IGNORECASE), said
