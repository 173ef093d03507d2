"""A really full disk for the tests: a small tmpfs, mounted in a mount namespace
of its own (``unshare -m``; ``--map-root-user`` when the tests do not run as
root), holding a copy of a data folder, with a filler file that leaves exactly
the free space asked for. ``kratomtrack`` commands run on it as real
processes; the folder is copied out before the namespace (and the tmpfs) goes.

No root-only mount of the test machine is touched: the tmpfs exists only
inside the namespace. Where no such namespace can be made, the tests skip
and say why.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_DRIVER = r'''
import json, os, shutil, subprocess, sys, time
from pathlib import Path

spec = json.loads(Path(sys.argv[1]).read_text())
mount = Path(spec["mount"])
subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={spec['size']},mode=0700", "tmpfs",
                str(mount)], check=True)
data = mount / "data"
shutil.copytree(spec["source"], data, symlinks=True)
filler = mount / "filler"


def free():
    st = os.statvfs(mount)
    return st.f_bavail * st.f_frsize


def leave_free(wanted):
    """Grow or shrink the filler so that ``wanted`` bytes are free (to a page)."""
    size = filler.stat().st_size if filler.exists() else 0
    size = max(0, size + free() - wanted)
    with open(filler, "wb") as out:
        try:
            out.write(b"\0" * size)
        except OSError:
            pass


def fill_up(leave):
    """Fill the disk to the last byte, then give ``leave`` bytes back."""
    out = os.open(filler, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        while True:
            os.write(out, b"\0" * 65536)
    except OSError:
        pass
    os.ftruncate(out, max(0, os.fstat(out).st_size - leave))
    os.close(out)


results = []
for step in spec["steps"]:
    if "free" in step:
        leave_free(step["free"])
        continue
    if "copy_to" in step:
        shutil.copytree(data, step["copy_to"], symlinks=True)
        continue
    if "script" in step:  # a piece of the window, say: python -c SCRIPT DATA-FOLDER
        argv = [sys.executable, "-c", step["script"], str(data)]
    else:
        argv = [sys.executable, "-m", "kratomtrack", "--data-dir", str(data), *step["run"]]
    env = {**os.environ, **step.get("env", {})}
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, text=True)
    trigger = step.get("fill_when")
    while trigger and child.poll() is None:
        if any(data.glob(trigger)):  # the command is writing its copies: the disk fills now
            fill_up(step.get("leave", 0))
            break
        time.sleep(0.0005)
    out, err = child.communicate(timeout=300)
    results.append({"argv": step.get("run", ["script"]), "returncode": child.returncode, "stdout": out,
                    "stderr": err, "free": free()})
shutil.copytree(data, spec["out"], symlinks=True)
Path(spec["results"]).write_text(json.dumps(results))
'''


@functools.cache
def _unshare_command() -> tuple[str, ...] | None:
    """How to get a mount namespace here; None if it cannot be had."""
    unshare = shutil.which("unshare")
    if unshare is None or sys.platform != "linux":
        return None
    for command in ((unshare, "-m"), (unshare, "-m", "--map-root-user")):
        if os.geteuid() != 0 and "--map-root-user" not in command:
            continue
        probe = subprocess.run([*command, "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                               capture_output=True, timeout=30)
        if probe.returncode == 0:
            return command
    return None


def require_small_disk() -> None:
    if _unshare_command() is None:
        pytest.skip("no mount namespace with a tmpfs can be made here (needs Linux's unshare, "
                    "as root or with user namespaces allowed)")


def run_on_small_disk(tmp_path: Path, source: Path, steps: list[dict], *,
                      size: int = 16 * 1024 * 1024) -> tuple[list[dict], Path]:
    """Copy the data folder ``source`` onto a tmpfs of ``size`` bytes and run ``steps``.

    A step is ``{"free": n}`` (leave n bytes free), ``{"copy_to": path}`` (copy the
    data folder out as it is now), ``{"script": code}`` (``python -c code FOLDER``),
    or ``{"run": [args…], "env":
    {…}}`` (``kratomtrack --data-dir FOLDER args…``), optionally with ``"fill_when":
    GLOB``: once a file matching GLOB (inside the data folder) appears while the
    command runs, the disk is filled to the last byte (then ``"leave"`` bytes,
    if given, are freed again: less than a copy needs, enough to open the log). Returns each command's
    returncode, stdout, stderr and the free bytes after it, and where the data
    folder was copied to once all had run.
    """
    require_small_disk()
    mount = tmp_path / "small-disk"
    mount.mkdir()
    out = tmp_path / "after"
    spec = tmp_path / "small-disk.json"
    results = tmp_path / "small-disk-results.json"
    spec.write_text(json.dumps({"mount": str(mount), "size": size, "source": str(source),
                                "steps": steps, "out": str(out), "results": str(results)}))
    driver = tmp_path / "small_disk_driver.py"
    driver.write_text(_DRIVER)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([*_unshare_command(), sys.executable, str(driver), str(spec)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(results.read_text()), out
