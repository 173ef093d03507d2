"""Where the open window of a data folder listens for later starts and for
``kratomtrack dose``: a local socket only the same user can reach.

Kept free of Qt: the window listens with QLocalServer (ui/app/single_instance.py),
and the command line, which loads no Qt, reaches the same socket with the
socket module (cli/window_handoff.py).
"""

from __future__ import annotations

import os
from pathlib import Path


def server_name(folder: Path) -> str:
    """The socket per user and data folder: on Unix a path in the user's own
    runtime folder (mode 0700, so no other user sees or reaches it); a short
    name elsewhere (Unix socket paths are short)."""
    import hashlib  # here: the lock comes first, the name only once the window is shown

    digest = hashlib.sha256(str(Path(folder).absolute()).encode()).hexdigest()[:16]
    private = socket_folder()
    if private is not None:
        return str(private / f"window-{digest}")
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return f"kratomtrack-{user}-{digest}"


def socket_folder() -> Path | None:
    """$XDG_RUNTIME_DIR/kratomtrack (else a kratomtrack-<uid> folder in the
    temporary folder), owned by this user with mode 0700; None if there is
    none such (not Unix, or a folder of that name belongs to someone else)."""
    if os.name != "posix":
        return None
    import stat
    import tempfile

    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        folder = Path(runtime) / "kratomtrack"
    else:
        folder = Path(tempfile.gettempdir()) / f"kratomtrack-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return None
        if stat.S_IMODE(info.st_mode) != 0o700:
            folder.chmod(0o700)  # the app's own folder, never the person's
    except OSError:
        return None
    return folder


# --- what is said over the socket -------------------------------------------------------------
# A later start writes "activate\n" and the window answers "ok\n". ``kratomtrack dose``
# writes "dose " and its request as one line of JSON; the window answers "saved" or
# "refused", a tab and the words to print, on one line.

DOSE_PREFIX = b"dose "
_SAVED, _REFUSED = "saved", "refused"


def dose_line(request: dict) -> bytes:
    import json

    return DOSE_PREFIX + json.dumps(request, ensure_ascii=True).encode("ascii") + b"\n"


def request_of(line: bytes) -> object:
    """The JSON a dose line carries (None if it carries none that can be read)."""
    import json

    try:
        return json.loads(line[len(DOSE_PREFIX):].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def answer_line(saved: bool, words: str) -> bytes:
    return f"{_SAVED if saved else _REFUSED}\t{' '.join(words.split())}\n".encode("utf-8")


def answer_of(line: bytes) -> tuple[bool, str] | None:
    """(saved, words) from the window's answer; None if it is no answer."""
    kind, tab, words = line.decode("utf-8", errors="replace").rstrip("\n").partition("\t")
    if not tab or kind not in (_SAVED, _REFUSED):
        return None
    return kind == _SAVED, words
