"""A real ``kratomtrack`` command killed (SIGKILL) at a moment reached by watching
its files, not by guessing a time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def kill_when(folder: Path, command: str, seen: Callable[[Path], bool], env: dict) -> bool:
    """Run ``kratomtrack --data-dir folder command`` and SIGKILL it once ``seen(folder)``;
    whether it was still running then (False: it had ended before)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("KRATOMTRACK_")}
    child = subprocess.Popen([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder),
                              command], env={**base, **env, "PYTHONPATH": str(ROOT)},
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while child.poll() is None and not seen(folder) and time.monotonic() < deadline:
        time.sleep(0.0002)  # a look at the files every fifth of a millisecond
    running = child.poll() is None
    child.send_signal(signal.SIGKILL)
    child.wait()
    return running
