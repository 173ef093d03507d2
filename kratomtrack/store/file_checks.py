"""The whole-log check's look at the file itself: its header and the -wal beside it.

A byte of the header can change what SQLite reads without SQLite's
integrity check noticing: the schema version (PRAGMA user_version) makes
the next open migrate a log that is up to date, the application id makes it
"not a kratomtrack log", the text encoding makes every note unreadable, and
the write version makes SQLite ignore the -wal. The -wal holds the latest
saved changes until they are copied into the log; SQLite silently ignores a
damaged one from its first bad frame on, with every change saved after it.
Each of these is said here in words; nothing here writes.
"""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

from kratomtrack.store import cipher, schema
from kratomtrack.store.cipher import SQLITE_HEADER
from kratomtrack.store.first_bytes import read_first_bytes

HEADER_SIZE = 100
WAL_HEADER_SIZE = 32
WAL_FRAME_HEADER_SIZE = 24
_WAL_MAGIC = {0x377F0682: "<", 0x377F0683: ">"}  # the byte order of its checksums
_WAL_VERSION = 3007000


def tables_version(conn) -> int | None:
    """The schema version whose tables and columns the file has, or None if none's."""
    found = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                 "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchall():
        found[table] = tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{table}")'))
    for version, tables in enumerate(schema.TABLES_AT_VERSION, start=1):
        if found == tables:
            return version
    return 0 if not found else None


def schema_findings(conn) -> tuple[list[str], schema.SchemaError | None]:
    """What is wrong with the schema version and application id the file says it
    has, against the tables it holds; or the refusal of a file that is no log
    of this kratomtrack (another program's, or a newer kratomtrack's)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    shape = tables_version(conn)
    ours = app_id == schema.APPLICATION_ID
    if shape == 0:
        return ["it holds no tables (an empty database, not a log)"], None
    if version > schema.SCHEMA_VERSION and (ours or shape is not None):
        # A newer kratomtrack's log, or a damaged version byte: either way not to be
        # read as this version's. The commands refuse it as newer; the check names both.
        return [f"its header's schema version is {version}, beyond the {schema.SCHEMA_VERSION} this "
                "kratomtrack knows: a newer kratomtrack wrote it (update kratomtrack), or its header "
                "is damaged"], schema.NewerSchemaError(
            f"This log was written by a newer version of kratomtrack (schema {version}; this "
            f"version understands up to {schema.SCHEMA_VERSION}). Please update kratomtrack. "
            "The file was left unchanged.")
    if shape is None:
        if not ours:
            return [], schema.ForeignDatabaseError(
                "This file is an SQLite database, but not a kratomtrack log. It was left unchanged.")
        return ["its tables are not those of any version of kratomtrack's log"], None
    findings = []
    if not ours:
        findings.append(f"its header's application id is {app_id:#010x}, not kratomtrack's "
                        f"{schema.APPLICATION_ID:#010x} (the header is damaged)")
    if version != shape:
        findings.append(f"its header's schema version is {version}, but its tables are those of "
                        f"version {shape} (the header is damaged; this kratomtrack knows 1 to "
                        f"{schema.SCHEMA_VERSION})")
    if conn.execute("PRAGMA encoding").fetchone()[0] != "UTF-8":
        findings.append("its header's text encoding is not UTF-8, so no text in it reads right")
    return findings, None


def plain_header_findings(path: Path) -> list[str]:
    """What is wrong in the first 100 bytes of a plain (not protected) log, and its size."""
    header = read_first_bytes(path, HEADER_SIZE)
    if len(header) < HEADER_SIZE:
        return [f"the file is cut short ({len(header)} bytes; an SQLite file's header alone is "
                f"{HEADER_SIZE})"]
    findings = []
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return [f"its header's page size ({page_size}) is not one SQLite writes"]
    size = path.stat().st_size
    if size % page_size:
        findings.append(f"its size ({size} bytes) is not a whole number of {page_size}-byte pages: "
                        "it was cut short or added to")
    if header[18:20] not in (b"\x01\x01", b"\x02\x02"):
        findings.append(f"its header's read and write versions are {header[18]} and {header[19]}, "
                        "not those SQLite writes")
    elif header[18] == 1 and _wal_size(path) > WAL_HEADER_SIZE:
        findings.append("its header says it keeps no -wal file, so the changes saved in its "
                        "-wal file are not read")
    if header[20]:
        findings.append(f"its header reserves {header[20]} bytes of each page, which kratomtrack "
                        "never does")
    if header[52:56] != bytes(4) or header[64:68] != bytes(4):
        findings.append("its header says it vacuums itself, which kratomtrack never sets")
    return findings


def first_bytes_finding(path: Path) -> str:
    """A finding if the file's first bytes are SQLite's header with one byte changed."""
    try:
        first = read_first_bytes(path, len(SQLITE_HEADER))
    except OSError:
        return ""
    changed = sum(a != b for a, b in zip(first, SQLITE_HEADER))
    return ("its first bytes, SQLite's \"SQLite format 3\", have a changed byte: SQLite cannot "
            "open it at all" if len(first) == len(SQLITE_HEADER) and changed == 1 else "")


def read_errors(conn) -> tuple[type[BaseException], ...]:
    """What reading ``conn`` raises when the file is damaged.

    SQLCipher reports a page that fails its HMAC check (a changed byte of a
    protected log) as SQLITE_NOMEM, which Python raises as MemoryError: on a
    protected log's connection that is damage, not a lack of memory."""
    return (sqlite3.DatabaseError, MemoryError) if cipher.is_encrypted(conn) else (sqlite3.DatabaseError,)


def read_error_text(err: BaseException) -> str:
    if isinstance(err, MemoryError):
        return "a page of the protected log cannot be decrypted: it does not match its check (HMAC)"
    return str(err) or type(err).__name__


# --- the -wal -----------------------------------------------------------------------------


def _wal_size(path: Path) -> int:
    try:
        return Path(f"{path}-wal").stat().st_size
    except OSError:
        return 0


def wal_findings(path: Path, page_size: int) -> list[str]:
    """What is wrong with the -wal beside the log at ``path``: changes saved in
    it that SQLite would silently leave out. A change being written as it is
    read (a torn last frame, nothing committed after it) is not a finding."""
    wal = Path(f"{path}-wal")
    try:
        with open(wal, "rb") as file:  # a -wal: no connection of ours holds a lock on it
            data = file.read()
    except FileNotFoundError:
        return []
    except OSError as err:
        return [f"its -wal file cannot be read ({err.strerror or err})"]
    if len(data) < WAL_HEADER_SIZE + WAL_FRAME_HEADER_SIZE:
        return []  # no whole frame: nothing saved in it
    magic, version, wal_page_size, _, salt1, salt2, sum1, sum2 = struct.unpack(">8I", data[:32])
    order = _WAL_MAGIC.get(magic)
    if order is None or version != _WAL_VERSION or _checksum(data[:24], 0, 0, order) != (sum1, sum2):
        return ["its -wal file is not one SQLite can read (its header is damaged, or it is "
                "another program's), so any changes saved in it are left out"]
    if wal_page_size != page_size:
        return [f"its -wal file holds {wal_page_size}-byte pages, the log {page_size}-byte ones: "
                "it is not this log's, and the changes in it are left out"]
    return _frame_findings(data, page_size, (salt1, salt2), (sum1, sum2), order)


def _frame_findings(data: bytes, page_size: int, salts: tuple[int, int],
                    running: tuple[int, int], order: str) -> list[str]:
    frame_size = WAL_FRAME_HEADER_SIZE + page_size
    frames = (len(data) - WAL_HEADER_SIZE) // frame_size
    for index in range(frames):
        start = WAL_HEADER_SIZE + index * frame_size
        page, _, salt1, salt2, sum1, sum2 = struct.unpack(">6I", data[start:start + 24])
        if (salt1, salt2) != salts:
            return []  # frames of an earlier round of the -wal, which SQLite no longer reads
        running = _checksum(data[start + 24:start + frame_size],
                            *_checksum(data[start:start + 8], *running, order), order)
        if page == 0 or running != (sum1, sum2):
            lost = _commits_after(data, index + 1, frames, frame_size, salts)
            if not lost:
                return []  # the end of a change being written, or cut off before it was saved
            return [f"its -wal file is damaged at frame {index + 1}: {lost} saved change(s) "
                    "after it are left out of the log"]
    return []


def _commits_after(data: bytes, first: int, frames: int, frame_size: int,
                   salts: tuple[int, int]) -> int:
    """How many frames of this round of the -wal, from ``first`` on, end a saved change."""
    commits = 0
    for index in range(first, frames):
        start = WAL_HEADER_SIZE + index * frame_size
        _, size_after, salt1, salt2 = struct.unpack(">4I", data[start:start + 16])
        if (salt1, salt2) != salts:
            break
        commits += size_after != 0
    return commits


def _checksum(data: bytes, s0: int, s1: int, order: str) -> tuple[int, int]:
    """SQLite's WAL checksum of ``data`` (a multiple of 8 bytes), continued from (s0, s1)."""
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    pairs = iter(words)
    for first, second in zip(pairs, pairs):
        s0 = (s0 + first + s1) & 0xFFFFFFFF
        s1 = (s1 + second + s0) & 0xFFFFFFFF
    return s0, s1
