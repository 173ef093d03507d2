"""Protecting the log with a passphrase: turning it on and off, changing the
passphrase, unlocking with the passphrase or the recovery key.

The design (docs/development.md, "Passphrase protection (the design)"):

- The log and every backup are SQLCipher 4 files encrypted with one random
  256-bit data key.
- The recovery key IS that data key, written in 13 groups of 4 letters and
  digits: it opens the log even if everything else is lost.
- The passphrase opens the log through the key file beside it
  (kratomtrack.db.key, store/wrapped_key.py): the data key wrapped with a
  pad derived from the passphrase (Argon2id, OWASP's settings), and a check
  of the data key so a wrong passphrase is told apart at once, without
  touching the log. Changing the passphrase rewrites only that file; the
  log and its backups keep their key.

Turning protection on or off rewrites a file with sqlcipher_export into a
hidden file beside it, fsyncs it, then renames it over the original: a kill
at any moment leaves either the plain or the encrypted file whole. Their
caller owns the log (store/log_owner.py): the window (Settings → Privacy,
its own connection closed first) or a command run while no window is open.
"""

from __future__ import annotations

import base64
import os
import secrets
import sqlite3
from pathlib import Path

from kratomtrack.store import cipher, second_folder, wrapped_key
from kratomtrack.store.backups import backups_dir
from kratomtrack.store.location import db_path, ensure_private_dir
from kratomtrack.store.sqlite_file import (
    LogLockedError,
    export_file,
    fsync_dir,
    remove_quietly,
)

PASSPHRASE_ENV = "KRATOMTRACK_PASSPHRASE"
MIN_PASSPHRASE = 8
PLAIN_FILES_NOTE = ("Exports, spreadsheets and printed or PDF summaries are plain files you "
                    "choose to make: protection does not cover them.")


class WrongPassphraseError(LogLockedError):
    """The passphrase or recovery key does not open this log; nothing changed."""


class ProtectionError(Exception):
    """Protection could not be turned on or off; the log is as it was."""


def is_protected(folder: Path) -> bool:
    """Whether the log in ``folder`` is an encrypted (SQLCipher) file with its key file.

    Without the key file it cannot be told from a foreign file; the recovery
    key still opens it (unlock).
    """
    log = db_path(Path(folder))
    return log.exists() and log.stat().st_size > 0 and cipher.looks_protected(log)


def is_unlocked(folder: Path) -> bool:
    return cipher.key_for(db_path(Path(folder))) is not None


# --- keys ---------------------------------------------------------------------------


def recovery_text(key: bytes) -> str:
    """The data key as a recovery key a person can write down."""
    letters = base64.b32encode(key).decode().rstrip("=")
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


def _recovery_key(secret: str) -> bytes | None:
    """The data key written in ``secret`` if it is a recovery key, else None."""
    letters = "".join(secret.split()).replace("-", "").upper()
    if len(letters) != 52:
        return None
    try:
        return base64.b32decode(letters + "====")
    except ValueError:
        return None


def _key_from_file(folder: Path, secret: str) -> bytes:
    """The data key that ``secret`` (the recovery key or the passphrase) opens.

    A key file of the older, slower format is rewritten in the current one
    once the passphrase has opened it, so the next start is quick.
    """
    try:
        record = wrapped_key.read(folder)
    except wrapped_key.UnreadableKeyFileError as err:
        raise WrongPassphraseError(
            f"The key file {cipher.key_file(folder)} cannot be read ({err}); only the recovery "
            "key can open the log now. Nothing was changed.") from err
    key = _recovery_key(secret)
    if key is not None and wrapped_key.holds(record, key):
        return key
    key = wrapped_key.unwrap(record, secret)
    if key is None:
        raise WrongPassphraseError("That passphrase does not open this log. Nothing was changed; "
                                   "try again, or give the recovery key.")
    if wrapped_key.is_outdated(record):
        try:
            wrapped_key.write(folder, key, secret, replacing=record)
        except OSError:
            pass  # a folder that cannot be written: the older file still opens the log
    return key


def check_cipher() -> None:
    """Refuse, in words (cipher.UnsupportedCipherError), a SQLCipher that is not
    version 4: before a passphrase is asked for or any file is read or written."""
    cipher.dbapi()


def unlock(folder: Path, secret: str) -> None:
    """Hold the key of the protected log in ``folder`` for this program, from the
    passphrase or the recovery key; WrongPassphraseError if neither opens it."""
    check_cipher()
    folder = Path(folder).absolute()
    if cipher.key_file(folder).exists():
        key = _key_from_file(folder, secret)
    else:
        key = _recovery_key(secret)
        if key is None:
            raise WrongPassphraseError(
                f"The key file {cipher.key_file(folder)} is missing: only the recovery key can "
                "open this log. Nothing was changed.")
        try:
            cipher.connect_encrypted(str(db_path(folder)), key).close()
        except cipher.dbapi().DatabaseError as err:
            raise WrongPassphraseError("That recovery key does not open this log. Nothing "
                                       "was changed.") from err
    cipher.remember_key(folder, key)
    _convert_backups(folder, key)  # a protect killed half-way is finished here


def adopt_backup_key(folder: Path, backup: Path, secret: str) -> None:
    """Before a protected backup from elsewhere (a second backup folder, on a new
    computer) is restored into ``folder``, which holds no log yet: open it with
    ``secret`` (its passphrase, through the key file kept beside it, or the
    recovery key) and hold that key for ``folder``, with the key file copied in,
    so the restored log opens with the same passphrase. WrongPassphraseError,
    in words, if neither opens it; nothing is written then."""
    check_cipher()
    place = Path(backup).absolute().parent.parent  # PLACE/backups/kratomtrack-….db
    key = _key_from_file(place, secret) if cipher.key_file(place).is_file() else _recovery_key(secret)
    try:
        if key is None:
            raise cipher.dbapi().DatabaseError("no key")
        target = f"{Path(backup).absolute().as_uri()}?mode=ro"
        cipher.connect_encrypted(target, key, uri=True).close()
    except cipher.dbapi().DatabaseError as err:
        raise WrongPassphraseError(
            f"That does not open the backup {backup}: give the passphrase of the log it was made "
            "from (its key file kratomtrack.db.key must be beside its backups folder) or its "
            "recovery key. Nothing was changed.") from err
    ensure_private_dir(Path(folder))
    if cipher.key_file(place).is_file():
        partial = cipher.key_file(folder).with_name(f".{cipher.KEY_FILE_SUFFIX}.partial")
        partial.write_bytes(cipher.key_file(place).read_bytes())
        os.replace(partial, cipher.key_file(folder))
        fsync_dir(Path(folder))
    cipher.remember_key(place, key)  # the backup is read with it
    cipher.remember_key(Path(folder).absolute(), key)


def lock(folder: Path) -> None:
    """Forget the key: the log cannot be opened again until unlocked."""
    cipher.forget_key(Path(folder))


# --- turning protection on and off --------------------------------------------------


def protect(folder: Path, passphrase: str) -> str:
    """Encrypt the log in ``folder`` and its backups; returns the recovery key text.

    No connection to the log may be open (the window closes its own first).
    """
    folder = Path(folder).absolute()
    _check_passphrase(passphrase)
    check_cipher()
    if is_protected(folder):
        raise ProtectionError("Your log is already protected with a passphrase.")
    log = db_path(folder)
    if not log.exists():
        ensure_private_dir(folder)
        from kratomtrack.store.opening import open_connection

        open_connection(log).close()
    key = secrets.token_bytes(32)
    wrapped_key.write(folder, key, passphrase)  # first: an encrypted log never lacks it
    _convert(log, None, key)
    cipher.remember_key(folder, key)
    _convert_backups(folder, key)
    return recovery_text(key)


def unprotect(folder: Path) -> None:
    """Decrypt the log in ``folder`` and its backups (the log must be unlocked)."""
    folder = Path(folder).absolute()
    key = cipher.key_for(db_path(folder))
    if not is_protected(folder) or key is None:
        raise ProtectionError("Your log is not protected with a passphrase."
                              if not is_protected(folder) else "Your log is locked.")
    _convert_backups(folder, None, source_key=key)
    _convert(db_path(folder), key, None)
    cipher.forget_key(folder)
    remove_quietly(cipher.key_file(folder))
    fsync_dir(folder)
    second_folder.mirror_key_file(folder)


def change_passphrase(folder: Path, passphrase: str) -> None:
    """Let a new passphrase open the (unlocked) log; the recovery key stays valid."""
    folder = Path(folder).absolute()
    _check_passphrase(passphrase)
    key = cipher.key_for(db_path(folder))
    if key is None:
        raise ProtectionError("Your log is not protected, or not unlocked.")
    wrapped_key.write(folder, key, passphrase)
    second_folder.mirror_key_file(folder)  # the old passphrase no longer opens the copies there


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ProtectionError(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")


def _convert(path: Path, source_key: bytes | None, dest_key: bytes | None) -> None:
    """Rewrite ``path`` encrypted with ``dest_key`` (or plain), atomically."""
    partial = path.with_name(f".{path.name}.converting")
    remove_quietly(partial, Path(f"{partial}-journal"))
    _leave_wal_mode(path, source_key)
    try:
        export_file(path, partial, source_key=source_key, dest_key=dest_key)
        if os.name == "posix":
            os.chmod(partial, 0o600)
        os.replace(partial, path)
        fsync_dir(path.parent)
    except BaseException:
        remove_quietly(partial, Path(f"{partial}-journal"))
        raise


def _leave_wal_mode(path: Path, key: bytes | None) -> None:
    """Fold the -wal into the file and remove it: a -wal must never outlive the
    file it belongs to (it would be replayed into the rewritten one)."""
    conn = (cipher.connect_encrypted(str(path), key, timeout=10.0) if key
            else cipher.dbapi().connect(str(path), isolation_level=None, timeout=10.0))
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except cipher.dbapi().OperationalError as err:
        raise ProtectionError("Another kratomtrack program is using the log; close it and "
                              "try again. Nothing was changed.") from err
    finally:
        conn.close()
    if mode.lower() != "delete":
        raise ProtectionError("Another kratomtrack program is using the log; close it and "
                              "try again. Nothing was changed.")


def _convert_backups(folder: Path, dest_key: bytes | None, *,
                     source_key: bytes | None = None) -> None:
    """Encrypt the plain backups (dest_key) or decrypt the encrypted ones (None)."""
    # The copies in the second backup folder too, when its disk is there now.
    _convert_in(backups_dir(folder), dest_key, source_key)
    # The copies in the second backup folder too, when its disk is there now. A
    # disk pulled out meanwhile fails none of this: unlocking (each start of a
    # protected log) finishes them, and the key file there opens them.
    place = second_folder.reachable_place(folder)
    if place is not None:
        try:
            _convert_in(backups_dir(place), dest_key, source_key)
        except (OSError, sqlite3.Error):
            pass
    second_folder.mirror_key_file(folder)


def _convert_in(directory: Path, dest_key: bytes | None, source_key: bytes | None) -> None:
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("kratomtrack-*.db")):
        plain = cipher.has_sqlite_header(path)
        if dest_key is not None and plain:
            _convert(path, None, dest_key)
        elif dest_key is None and not plain and path.stat().st_size:
            _convert(path, source_key, None)


# --- locking the window after idle minutes --------------------------------------------

LOCK_MINUTES = "privacy.lock_minutes"
DEFAULT_LOCK_MINUTES = 10
MAX_LOCK_MINUTES = 240


def lock_minutes(db) -> int:
    """After how many idle minutes the window of a protected log locks (0: never)."""
    value = db.setting(LOCK_MINUTES, DEFAULT_LOCK_MINUTES)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LOCK_MINUTES:
        return DEFAULT_LOCK_MINUTES
    return value


def set_lock_minutes(db, minutes: int) -> None:
    if isinstance(minutes, bool) or not isinstance(minutes, int) \
            or not 0 <= minutes <= MAX_LOCK_MINUTES:
        raise ValueError(f"lock minutes must be a whole number from 0 to {MAX_LOCK_MINUTES}")
    db.set_setting(LOCK_MINUTES, minutes)
