"""Reading a file someone hands to import: the one place outside files are read.

Refuses, with a message, what is not a file to read once: a folder, a named
pipe (FIFO: opening one with no writer waits for ever), a device
(``/dev/zero`` never ends) or a socket. An anonymous pipe (``import
/dev/stdin``, ``<(...)``) is read up to the same cap as a file, so an
endless or huge stream stops at MAX_INPUT_BYTES instead of filling memory.
Text is UTF-8 (with or without a byte-order mark) or UTF-16 with its mark.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

MAX_INPUT_BYTES = 200 * 1024 * 1024
_CHUNK = 1024 * 1024


class InputRefused(Exception):
    """The file cannot be read as import input; the message says why in plain words."""


def read_input_text(path: str | os.PathLike) -> str:
    """The text of the file at ``path``, or InputRefused saying why not."""
    return decode_input(read_input(path))


def read_input(path: str | os.PathLike) -> bytes:
    """The bytes of the file (or anonymous pipe) at ``path``, at most MAX_INPUT_BYTES."""
    try:
        info = os.stat(path)
    except OSError as err:
        raise InputRefused(f"cannot be read ({err.strerror or err})") from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise InputRefused("is a folder, not a file; choose the CSV or JSON file inside it")
    if stat.S_ISFIFO(mode) and not _is_anonymous_pipe(path):
        raise InputRefused("is a named pipe (FIFO), not a file; save what it carries to a "
                           "file and import that")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise InputRefused("is a device, not a file; expected a CSV or JSON file")
    if stat.S_ISSOCK(mode):
        raise InputRefused("is a socket, not a file; expected a CSV or JSON file")
    if stat.S_ISREG(mode) and info.st_size > MAX_INPUT_BYTES:
        raise InputRefused(_too_big(info.st_size))
    try:
        with open(path, "rb") as file:
            data = bytearray()
            while len(data) <= MAX_INPUT_BYTES:
                chunk = file.read(_CHUNK)
                if not chunk:
                    break
                data += chunk
    except OSError as err:
        raise InputRefused(f"cannot be read ({err.strerror or err})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputRefused(_too_big(None))
    return bytes(data)


def decode_input(raw: bytes) -> str:
    """Import text from bytes: UTF-16 with a byte-order mark, else UTF-8 (BOM or not)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(raw.decode("utf-16"))
        except UnicodeDecodeError:
            raise InputRefused("starts as UTF-16 text but cannot be read as such; save it "
                               "as UTF-8 CSV or JSON and try again") from None
    if not raw.strip():
        raise InputRefused("is empty")
    if raw.startswith(b"PK\x03\x04"):
        raise InputRefused("is a zip archive; unzip it first and import the CSV or JSON file inside")
    if b"\x00" in raw:
        raise InputRefused("is not a text file (it holds binary data); expected CSV or JSON")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputRefused(
            f"is not UTF-8 text (byte {err.start + 1} cannot be read); "
            "save it as UTF-8 CSV or JSON and try again") from None


def _checked(text: str) -> str:
    if not text.strip():
        raise InputRefused("is empty")
    if "\x00" in text:
        raise InputRefused("is not a text file (it holds binary data); expected CSV or JSON")
    return text


def _is_anonymous_pipe(path: str | os.PathLike) -> bool:
    """A pipe from the shell (/dev/stdin, <(...)), as opposed to a FIFO in a folder."""
    try:
        target = os.readlink(path) if Path(path).is_symlink() else str(path)
        while Path(target).is_symlink():
            target = os.readlink(target)
    except OSError:
        return False
    return target.startswith("pipe:")


def _too_big(size: int | None) -> str:
    limit = MAX_INPUT_BYTES // 2**20
    if size is None:
        return f"is over {limit} MB; larger inputs are not read"
    return f"is {size // 2**20} MB; files over {limit} MB are not read"
