"""Connections to a protected (SQLCipher 4) log, and the keys this program holds.

The lowest layer of protection: sqlite_file.py asks here whether a file
needs a key and gets an encrypted connection from here. store/protection.py
turns protection on and off and unlocks a log with a passphrase.

A protected file is recognised by what it lacks: SQLCipher encrypts every
page, the first 16 bytes included, so the file has no "SQLite format 3"
header. The key in use is kept in memory only, per data folder (the log and
its backups/ share one key), until the program ends or the window locks.

The binding (sqlcipher3-wheels) is imported only when a protected file is
opened: the plain start-up path does not pay for it. Protected logs are
SQLCipher 4 files, which another major version cannot read (or would
write differently): a binding with another major version is refused
before any protected file is touched.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kratomtrack.store.location import db_path
from kratomtrack.store.schema import SchemaError

SQLITE_HEADER = b"SQLite format 3\x00"
_ERRORS = ("InterfaceError", "DatabaseError", "DataError", "OperationalError", "IntegrityError",
           "InternalError", "ProgrammingError", "NotSupportedError")

KEY_FILE_SUFFIX = ".key"

_keys: dict[Path, bytes] = {}
_module = None


SQLCIPHER_MAJOR = "4"


class UnsupportedCipherError(SchemaError):
    """The installed SQLCipher is not version 4; no protected file was opened."""


def cipher_version_refusal(version: str) -> str | None:
    """Why SQLCipher ``version`` (as PRAGMA cipher_version gives it, such as
    "4.12.0 community") cannot open a protected log, or None if it can."""
    number = version.split()[0] if version.split() else ""
    if number.split(".")[0] == SQLCIPHER_MAJOR:
        return None
    found = f"SQLCipher {number}" if number else "a SQLCipher whose version it cannot tell"
    return (f"A log protected with a passphrase is a SQLCipher {SQLCIPHER_MAJOR} file, but this "
            f"installation of kratomtrack comes with {found}, so it can neither open nor protect "
            "one. Nothing was opened or changed. Reinstall kratomtrack so that it comes with "
            f"SQLCipher {SQLCIPHER_MAJOR} (the package sqlcipher3-wheels, below version 0.6).")


def has_sqlite_header(path: Path) -> bool:
    """Whether the file starts with SQLite's plain header (False if empty or missing)."""
    from kratomtrack.store.first_bytes import read_first_bytes  # never cancels SQLite's locks

    try:
        return read_first_bytes(path, len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def remember_key(folder: Path, key: bytes) -> None:
    """Hold ``key`` for the log in ``folder`` and its backups until forgotten."""
    _keys[Path(folder).absolute()] = key


def forget_key(folder: Path) -> None:
    key = _keys.pop(Path(folder).absolute(), None)
    # Lent to a second backup folder's copies (store/second_folder.py): forgotten there too.
    for other in [f for f, held in _keys.items() if held == key]:
        del _keys[other]


def _folders(path: Path) -> tuple[Path, ...]:
    """The data folders ``path`` may belong to: its own, and for backups/ its parent."""
    parent = Path(path).absolute().parent
    return (parent, parent.parent)


def key_for(path: Path) -> bytes | None:
    """The key held for the data folder ``path`` is in (the log, its backups, their
    temporary copies), or None."""
    for folder in _folders(path):
        if folder in _keys:
            return _keys[folder]
    return None


def key_file(folder: Path) -> Path:
    """Where the passphrase-wrapped key of the log in ``folder`` is kept."""
    log = db_path(Path(folder))
    return log.with_name(log.name + KEY_FILE_SUFFIX)


def looks_protected(path: Path) -> bool:
    """Whether ``path`` is a protected log (or backup) of a folder with a key file."""
    return not has_sqlite_header(path) and any(key_file(f).exists() for f in _folders(path))


def needs_key(path: Path) -> bytes | None:
    """The key to open ``path`` with: None for a plain (or new, or empty) file."""
    path = Path(path)
    try:
        if path.stat().st_size == 0 or has_sqlite_header(path):
            return None
    except OSError:
        return None
    return key_for(path)


def dbapi():
    """sqlcipher3's DB-API module, whose errors are also the sqlite3 module's.

    Raises UnsupportedCipherError, in words, if its SQLCipher is not version 4
    (checked once, when the binding is first loaded). The store catches
    sqlite3.OperationalError and friends everywhere; each of sqlcipher3's
    error classes gets its sqlite3 namesake as a second base, so those
    handlers work unchanged on a protected log.
    """
    global _module
    if _module is None:
        from sqlcipher3 import dbapi2

        refusal = cipher_version_refusal(_cipher_version(dbapi2))
        if refusal is not None:
            raise UnsupportedCipherError(refusal)
        for name in _ERRORS:  # DatabaseError before its subclasses
            ours, theirs = getattr(dbapi2, name), getattr(sqlite3, name)
            if theirs not in ours.__mro__:
                ours.__bases__ = (*ours.__bases__, theirs)
        _module = dbapi2
    return _module


def _cipher_version(module) -> str:
    conn = module.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    return str(row[0]) if row and row[0] is not None else ""


def is_encrypted(conn) -> bool:
    return _module is not None and isinstance(conn, _module.Connection)


def connect_encrypted(target: str, key: bytes, *, uri: bool = False, timeout: float = 5.0):
    """A connection to an encrypted file (``target`` a path, or a URI with ``uri``).

    The key is a raw 256-bit key: SQLCipher uses it as is, with no key
    derivation of its own (that was done once, from the passphrase, in
    protection.py).
    """
    conn = dbapi().connect(target, uri=uri, isolation_level=None, timeout=timeout)
    try:
        # SQLCipher would print each page that fails its check on stderr; the
        # whole-log check says the damage in words instead (store/integrity.py).
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a wrong key fails here
    except BaseException:
        conn.close()
        raise
    return conn


def attach_encrypted(conn, path: Path, name: str, key: bytes | None) -> None:
    """Attach ``path`` to a SQLCipher connection as ``name``: encrypted with ``key``, or plain."""
    secret = f"x'{key.hex()}'" if key else ""
    conn.execute(f"ATTACH DATABASE ? AS {name} KEY ?", (str(path), secret))
