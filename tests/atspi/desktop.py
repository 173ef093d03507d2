"""A real X desktop for the window: Xvfb, a session D-Bus, the AT-SPI bus and a
window manager, each its own process group, all ended by ``Desktop.stop``; and
the window itself (``python -m kratomtrack`` on Qt's xcb platform, accessibility
on) with a ``desktop_probe.py`` beside it that reads it as a screen reader does.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"
PROBE = HERE / "desktop_probe.py"
PROGRAMS = ("Xvfb", "dbus-daemon", "openbox", "xdotool")
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
SCREEN = "1366x768x24"


def missing_programs() -> list[str]:
    """What this layer needs and the machine lacks (.ci/run installs it all)."""
    missing = [p for p in PROGRAMS if shutil.which(p) is None]
    if not os.access(BUS_LAUNCHER, os.X_OK):
        missing.append("at-spi2-core")
    has_atspi = os.access(SYSTEM_PYTHON, os.X_OK) and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0')"],
        capture_output=True).returncode == 0
    if not has_atspi:
        missing.append("python3-gi with gir1.2-atspi-2.0")
    return missing


def end(process: subprocess.Popen, grace: float = 3.0) -> None:
    """End a process this layer started, and its group (it was started in one of its own)."""
    if process.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


class Desktop:
    """One X display with a session bus, the accessibility bus and openbox."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.processes: list[subprocess.Popen] = []
        runtime = folder / "runtime"
        runtime.mkdir(mode=0o700)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", str(folder)),
            "XDG_RUNTIME_DIR": str(runtime),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }

    def start(self) -> Desktop:
        self.env["DISPLAY"] = ":" + self._start_with_fd(
            ["Xvfb", "-displayfd", "{fd}", "-screen", "0", SCREEN, "-nolisten", "tcp", "-noreset"], "xvfb")
        self._wait_until(["xdotool", "getdisplaygeometry"], "the X server")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self._start_with_fd(
            ["dbus-daemon", "--session", "--nofork", "--print-address={fd}"], "dbus")
        self.spawn([BUS_LAUNCHER, "--launch-immediately"], "at-spi-bus")
        # The window manager gives the window the keyboard focus, as on a desktop;
        # it is up once it has published its desktops.
        self.spawn(["openbox", "--sm-disable"], "openbox")
        self._wait_until(["xdotool", "get_num_desktops"], "openbox")
        wait = subprocess.run([SYSTEM_PYTHON, str(PROBE), "--wait-for-bus"], env=self.env,
                              capture_output=True, text=True, timeout=30)
        if wait.returncode:
            raise RuntimeError(f"the accessibility bus did not start: {wait.stderr}")
        return self

    def spawn(self, argv: list[str], name: str, *, env: dict | None = None,
              **options) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "ab")
        process = subprocess.Popen(argv, env=env or self.env, stdout=options.pop("stdout", log),
                                   stderr=log, start_new_session=True, **options)
        log.close()
        self.processes.append(process)
        return process

    def _start_with_fd(self, argv: list[str], name: str) -> str:
        """Start a server that writes where it listens to a pipe; return that line."""
        read, write = os.pipe()
        argv = [a.replace("{fd}", str(write)) for a in argv]
        self.spawn(argv, name, pass_fds=(write,))
        os.close(write)
        with os.fdopen(read) as pipe:
            ready, _, _ = select.select([pipe], [], [], 20)
            line = pipe.readline().strip() if ready else ""
        if not line:
            raise RuntimeError(f"{argv[0]} did not start: {self.log(name)}")
        return line

    def _wait_until(self, argv: list[str], what: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while subprocess.run(argv, env=self.env, capture_output=True).returncode:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start")
            time.sleep(0.05)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        for process in reversed(self.processes):
            end(process)
        self.processes.clear()


class ProbeError(AssertionError):
    pass


class Window:
    """The app's window on ``desktop`` for the log in ``folder``, and its probe.

    ``call(command, **arguments)`` runs a desktop_probe.py command and returns
    its result."""

    def __init__(self, desktop: Desktop, folder: Path, config: Path):
        self.desktop = desktop
        self.folder = folder
        env = dict(desktop.env, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                   PYTHONFAULTHANDLER="1",  # a crash of the window prints its Python stack to its log
                   PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(config))
        self.name = f"window-{folder.name}"
        self.process = desktop.spawn([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder)],
                                     self.name, env=env)
        self.probe = desktop.spawn([SYSTEM_PYTHON, str(PROBE), str(self.process.pid)],
                                   f"probe-{folder.name}", stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        self.app = self.call("app", timeout=60, wait=70)

    def call(self, command: str, wait: float = 60, **arguments):
        """Run one probe command (``wait``: seconds before giving up on its answer)."""
        self.probe.stdin.write(json.dumps({"command": command, **arguments}) + "\n")
        self.probe.stdin.flush()
        ready, _, _ = select.select([self.probe.stdout], [], [], wait)
        line = self.probe.stdout.readline() if ready else ""
        if not line:
            raise ProbeError(f"no answer to {command}; window log:\n{self.desktop.log(self.name)}")
        answer = json.loads(line)
        if not answer["ok"]:
            gone = "no longer exists" in answer["error"]  # the window ended: say how, from its log
            raise ProbeError(f"{command}: {answer['error']}"
                             + (f"; window log:\n{self.desktop.log(self.name)}" if gone else ""))
        return answer["result"]

    def close(self) -> None:
        end(self.probe)
        end(self.process)
