"""Handing ``kratomtrack dose`` to the window that holds the log, without Qt.

The window listens on a local socket (store/window_address.py); on Unix it
is a Unix-domain socket in the user's private runtime folder, on Windows
QLocalServer's named pipe of that name. The window may still be starting (it
listens once painted), so a refused connection is tried again until the
deadline.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from kratomtrack.store.window_address import answer_of, dose_line, server_name

CONNECT_S = 3.0  # a window still starting listens within this
ANSWER_S = 10.0  # the window saves one dose: far less, unless it is busy
_NOT_LISTENING_YET = (FileNotFoundError, ConnectionRefusedError)


def hand_dose_to_window(folder: Path, request: dict) -> tuple[bool, str] | None:
    """Send ``request`` to the folder's window; its answer (saved, words), or None
    when the window could not be reached or did not answer in time."""
    line = dose_line(request)
    try:
        answer = _exchange_posix(folder, line) if os.name == "posix" else _exchange_pipe(folder, line)
    except OSError:
        return None
    return answer_of(answer) if answer else None


def _exchange_posix(folder: Path, line: bytes) -> bytes:
    import socket

    deadline = time.monotonic() + CONNECT_S
    while True:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.settimeout(CONNECT_S)
            connection.connect(server_name(folder))
            break
        except _NOT_LISTENING_YET:
            connection.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
        except OSError:
            connection.close()
            raise
    with connection:
        connection.settimeout(ANSWER_S)
        connection.sendall(line)
        return _read_line(connection.recv)


def _exchange_pipe(folder: Path, line: bytes) -> bytes:
    """Windows: QLocalServer listens on the named pipe \\\\.\\pipe\\<name>."""
    path = r"\\.\pipe" + "\\" + server_name(folder)
    deadline = time.monotonic() + CONNECT_S
    while True:
        try:
            pipe = open(path, "r+b", buffering=0)  # noqa: SIM115 (closed below)
            break
        except FileNotFoundError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    with pipe:
        pipe.write(line)
        return _read_line(pipe.read)


def _read_line(receive) -> bytes:
    answer = b""
    while not answer.endswith(b"\n"):
        part = receive(4096)
        if not part:
            break
        answer += part
    return answer
