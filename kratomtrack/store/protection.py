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

Turning protection on or off rewrites the log and every backup with
sqlcipher_export as one transaction (store/rekeying.py): the free space is
checked first, and a full disk or a kill at any moment leaves them all plain
or all encrypted, never a mix. The recovery key can be shown before anything
is encrypted (new_key, then protect(…, key=…)). The caller owns the log
(store/log_owner.py): the window (Settings → Privacy, its own connection
closed first) or a command run while no window is open.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import sqlite3
from pathlib import Path

from kratomtrack.store import cipher, rekeying, second_folder, wrapped_key
from kratomtrack.store.location import backups_dir, db_path, ensure_private_dir
from kratomtrack.store.rekeying import ProtectionError  # noqa: F401  (this module's error too)
from kratomtrack.store.setting_values import (  # noqa: F401  (the lock's settings are also named here)
    DEFAULT_LOCK_MINUTES,
    LOCK_MINUTES,
    MAX_LOCK_MINUTES,
    read_setting,
)
from kratomtrack.store.sqlite_file import LogLockedError, export_file, fsync_dir, remove_quietly

PASSPHRASE_ENV = "KRATOMTRACK_PASSPHRASE"
MIN_PASSPHRASE = 8
PLAIN_FILES_NOTE = ("Exports, spreadsheets and printed or PDF summaries are plain files you "
                    "choose to make: protection does not cover them.")


class WrongPassphraseError(LogLockedError):
    """The passphrase or recovery key does not open this log; nothing changed."""


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
    _convert_backups(folder, key)  # plain backups beside a protected log: encrypted here
    _convert_second_folder(folder, key)  # and the copies there, when the disk is plugged in


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


def new_key() -> bytes:
    """A new random data key; recovery_text(key) is shown before protect(…, key=key) runs."""
    return secrets.token_bytes(32)


def check_room_to_protect(folder: Path) -> None:
    """Refuse in words (ProtectionError) if the disk lacks room to encrypt the log
    and its backups; before a passphrase is asked for or a recovery key shown."""
    folder = Path(folder).absolute()
    rekeying.check_room(folder, _files_to_convert(folder, encrypt=True), "protect your log",
                        "plain")


def check_room_to_unprotect(folder: Path) -> None:
    folder = Path(folder).absolute()
    rekeying.check_room(folder, _files_to_convert(folder, encrypt=False),
                        "turn protection off", "protected")


def protect(folder: Path, passphrase: str, *, key: bytes | None = None) -> str:
    """Encrypt the log in ``folder`` and its backups, all or none (store/rekeying.py);
    returns the recovery key text. ``key``: the data key whose recovery key the
    person has already been shown (new_key()).

    No connection to the log may be open (the window closes its own first).
    """
    folder = Path(folder).absolute()
    check_passphrase(passphrase)
    check_cipher()
    rekeying.finish_interrupted(folder)
    if is_protected(folder):
        raise ProtectionError("Your log is already protected with a passphrase.")
    log = db_path(folder)
    check_room_to_protect(folder)
    if not log.exists():
        ensure_private_dir(folder)
        from kratomtrack.store.opening import open_connection

        open_connection(log).close()
    key = key or new_key()
    sources = _files_to_convert(folder, encrypt=True)
    try:
        with _holding(log, None):
            rekeying.run(folder, "protect", sources,
                         lambda source, copy: export_file(source, copy, source_key=None,
                                                          dest_key=key, source_held=source == log),
                         lambda copy: wrapped_key.write(folder, key, passphrase, to=copy))
    except (OSError, cipher.dbapi().Error) as err:
        raise rekeying.failure(err, "Your log could not be protected",
                               "your log and its backups are plain, as before", folder) from err
    cipher.remember_key(folder, key)
    _convert_second_folder(folder, key)
    return recovery_text(key)


def unprotect(folder: Path) -> None:
    """Decrypt the log in ``folder`` and its backups, all or none (the log must be unlocked)."""
    folder = Path(folder).absolute()
    rekeying.finish_interrupted(folder)
    key = cipher.key_for(db_path(folder))
    if not is_protected(folder) or key is None:
        raise ProtectionError("Your log is not protected with a passphrase."
                              if not is_protected(folder) else "Your log is locked.")
    check_room_to_unprotect(folder)
    log = db_path(folder)
    try:
        with _holding(log, key):
            rekeying.run(folder, "unprotect", _files_to_convert(folder, encrypt=False),
                         lambda source, copy: export_file(source, copy, source_key=key,
                                                          dest_key=None, source_held=source == log))
    except (OSError, cipher.dbapi().Error) as err:
        raise rekeying.failure(err, "Protection could not be turned off",
                               "your log and its backups are protected, as before", folder) from err
    cipher.forget_key(folder)
    _convert_second_folder(folder, None, source_key=key)


def change_passphrase(folder: Path, passphrase: str) -> None:
    """Let a new passphrase open the (unlocked) log; the recovery key stays valid.

    Only the key file is written (beside, then renamed): the old passphrase
    or the new one opens the log, never neither.
    """
    folder = Path(folder).absolute()
    check_passphrase(passphrase)
    key = cipher.key_for(db_path(folder))
    if key is None:
        raise ProtectionError("Your log is not protected, or not unlocked.")
    rekeying.require_room(folder, rekeying.SLACK, "change the passphrase",
                          "your passphrase is the same")
    try:
        wrapped_key.write(folder, key, passphrase)
    except OSError as err:
        raise rekeying.failure(err, "Your passphrase could not be changed",
                               "your passphrase is the same", folder) from err
    second_folder.mirror_key_file(folder)  # the old passphrase no longer opens the copies there


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ProtectionError(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")


def _files_to_convert(folder: Path, *, encrypt: bool) -> list[Path]:
    """The backups still to encrypt (or to decrypt), then the log if there is one:
    the log is copied last, so a write another program makes meanwhile has the
    least time to fall between its copy and the rename."""
    files = []
    directory = backups_dir(folder)
    if directory.is_dir():
        for path in sorted(directory.glob("kratomtrack-*.db")):
            plain = cipher.has_sqlite_header(path)
            if (plain if encrypt else not plain and path.stat().st_size):
                files.append(path)
    log = db_path(folder)
    return [*files, log] if log.exists() else files


@contextlib.contextmanager
def _holding(path: Path, key: bytes | None):
    """Hold a read lock on the log while it is rewritten, after folding its -wal into it.

    A -wal must never outlive the file it belongs to (it would be replayed into
    the rewritten one), and while the lock is held no other program can turn
    the log back to WAL mode or commit a write that the copy would miss.
    """
    conn = (cipher.connect_encrypted(str(path), key, timeout=10.0) if key
            else cipher.dbapi().connect(str(path), isolation_level=None, timeout=10.0))
    try:
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except cipher.dbapi().OperationalError as err:
            if rekeying.is_full(err):  # the -wal could not be folded in
                raise
            raise ProtectionError(IN_USE) from err
        if mode.lower() != "delete":
            raise ProtectionError(IN_USE)
        yield
    finally:
        conn.close()


IN_USE = "Another kratomtrack program is using the log; close it and try again. Nothing was changed."


def _convert_second_folder(folder: Path, dest_key: bytes | None, *, source_key: bytes | None = None) -> None:
    """Encrypt (dest_key) or decrypt (None) the copies in the second backup folder
    when its disk is there now, each on its own (written beside, then renamed), and
    bring its key file in line. A disk pulled out meanwhile fails none of this: the
    next unlock finishes them, and the key file there opens them."""
    place = second_folder.reachable_place(folder)
    directory = backups_dir(place) if place is not None else None
    if directory is not None and directory.is_dir():
        for path in sorted(directory.glob("kratomtrack-*.db")):
            try:
                plain = cipher.has_sqlite_header(path)
                if (dest_key is not None) != plain or not path.stat().st_size:
                    continue
                copy = path.with_name(f".{path.name}.converting")
                try:
                    export_file(path, copy, source_key=None if plain else source_key, dest_key=dest_key)
                    copy.replace(path)
                finally:
                    remove_quietly(copy)
            except (OSError, sqlite3.Error, cipher.dbapi().Error):
                continue
    second_folder.mirror_key_file(folder)


def _convert_backups(folder: Path, key: bytes) -> None:
    """Encrypt plain backups beside a protected log (a backup made by another
    program while protect ran, or a protect of an older kratomtrack cut off),
    all or none. Left for the next unlock if there is no room or a file
    cannot be written: the log itself opens either way."""
    plain = [p for p in _files_to_convert(folder, encrypt=True) if p != db_path(folder)]
    if not plain:
        return
    with rekeying.owning(folder) as owned:
        if not owned:
            return  # the window (or a command) that owns the log does it at its unlock
        try:
            rekeying.check_room(folder, plain, "encrypt the backups", "plain")
            rekeying.run(folder, "encrypt-backups", plain, lambda source, copy: export_file(
                source, copy, source_key=None, dest_key=key))
        except (ProtectionError, OSError, cipher.dbapi().Error):
            pass


# --- locking the window after idle minutes --------------------------------------------

def lock_minutes(db) -> int:
    """After how many idle minutes the window of a protected log locks (0: never)."""
    return read_setting(db.conn, LOCK_MINUTES)


def set_lock_minutes(db, minutes: int) -> None:
    if isinstance(minutes, bool) or not isinstance(minutes, int) \
            or not 0 <= minutes <= MAX_LOCK_MINUTES:
        raise ValueError(f"lock minutes must be a whole number from 0 to {MAX_LOCK_MINUTES}")
    db.set_setting(LOCK_MINUTES, minutes)
