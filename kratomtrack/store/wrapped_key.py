"""The data key wrapped with the passphrase: the key file beside a protected log.

The file (kratomtrack.db.key) holds the data key XOR a 32-byte pad derived
from the passphrase and a random salt, and a SHA-256 check of the data key,
so a wrong passphrase is told apart without touching the log. The pad is
derived once per unlock; every connection then uses the raw data key
(cipher.py), so SQLCipher runs no key derivation of its own.

Two formats are read:

- format 2, written now: Argon2id with 19 MiB of memory, 2 passes and 1 lane,
  the first configuration the OWASP Password Storage Cheat Sheet recommends
  (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
  About 50 ms on the 2-core machine kratomtrack is measured on.
- format 1, written by kratomtrack before it: PBKDF2-HMAC-SHA512 with
  210,000 rounds, the same sheet's figure for PBKDF2, which took 0.3 s there
  and so missed the start-up target alone. The first unlock with the
  passphrase rewrites it as format 2 (same passphrase, same data key).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from kratomtrack.store import cipher
from kratomtrack.store.sqlite_file import fsync_dir, fsync_file

ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_PASSES = 2
ARGON2_LANES = 1
PBKDF2 = "pbkdf2-hmac-sha512"
ARGON2ID = "argon2id"
KEY_BYTES = 32
# Bounds on what a key file may ask for, so a damaged one is refused in words
# instead of hanging or exhausting memory.
MAX_MEMORY_KIB = 1024 * 1024
MAX_PASSES = 100
MAX_PBKDF2_ROUNDS = 10_000_000


class UnreadableKeyFileError(ValueError):
    """The key file is missing, damaged, or of a kind this kratomtrack cannot read."""


def read(folder: Path) -> dict:
    """The key file's record of the log in ``folder``, its values checked."""
    try:
        record = json.loads(cipher.key_file(folder).read_text(encoding="utf-8"))
        bytes.fromhex(record["salt"])
        if len(bytes.fromhex(record["wrapped"])) != KEY_BYTES or not isinstance(record["check"], str):
            raise ValueError("the wrapped key is not 32 bytes")
        _parameters(record)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise UnreadableKeyFileError(str(err)) from err
    return record


def holds(record: dict, key: bytes) -> bool:
    """Whether ``key`` is the data key the record was written for."""
    return hmac.compare_digest(_check(key), record["check"])


def unwrap(record: dict, passphrase: str) -> bytes | None:
    """The data key if ``passphrase`` is the one the record was wrapped with, else None."""
    pad = derive_pad(passphrase, bytes.fromhex(record["salt"]), *_parameters(record))
    key = bytes(a ^ b for a, b in zip(bytes.fromhex(record["wrapped"]), pad))
    return key if holds(record, key) else None


def is_outdated(record: dict) -> bool:
    """Whether the record uses the slower key derivation of format 1."""
    return record["kdf"] != ARGON2ID


def write(folder: Path, key: bytes, passphrase: str, *, replacing: dict | None = None,
          to: Path | None = None) -> None:
    """Write the key file of ``folder``: ``key`` wrapped with ``passphrase`` (format 2).

    Atomic: the file is written beside, fsynced and renamed into place. With
    ``replacing``, the rename happens only if the file still holds that
    record, so a passphrase changed meanwhile by another kratomtrack program
    is not undone. ``to``: another name to write it to (protect's copy that
    becomes the key file when the log's encrypted copy does, store/rekeying.py).
    """
    salt = secrets.token_bytes(16)
    pad = derive_pad(passphrase, salt, ARGON2ID, ARGON2_MEMORY_KIB, ARGON2_PASSES, ARGON2_LANES)
    record = {"format": 2, "kdf": ARGON2ID, "memory_kib": ARGON2_MEMORY_KIB,
              "passes": ARGON2_PASSES, "lanes": ARGON2_LANES, "salt": salt.hex(),
              "wrapped": bytes(a ^ b for a, b in zip(key, pad)).hex(), "check": _check(key)}
    target = to or cipher.key_file(folder)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8") as file:
            json.dump(record, file)
        if os.name == "posix":
            os.chmod(partial, 0o600)
        fsync_file(partial)
        if replacing is not None and _current(folder) != replacing:
            return
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    fsync_dir(folder)


def derive_pad(passphrase: str, salt: bytes, kdf: str, *cost: int) -> bytes:
    """The 32-byte pad the data key is XORed with: the one slow step of an unlock."""
    if kdf == ARGON2ID:
        from argon2.low_level import Type, hash_secret_raw  # loaded only for a protected log

        memory_kib, passes, lanes = cost
        return hash_secret_raw(passphrase.encode(), salt, time_cost=passes,
                               memory_cost=memory_kib, parallelism=lanes,
                               hash_len=KEY_BYTES, type=Type.ID)
    (rounds,) = cost
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, rounds, KEY_BYTES)


def _parameters(record: dict) -> tuple:
    """(kdf, *cost) of a record; ValueError for a kind or a cost out of bounds."""
    kdf = record["kdf"]
    if kdf == ARGON2ID:
        cost = (int(record["memory_kib"]), int(record["passes"]), int(record["lanes"]))
        if not (8 <= cost[0] <= MAX_MEMORY_KIB and 1 <= cost[1] <= MAX_PASSES
                and 1 <= cost[2] <= 16 and cost[0] >= 8 * cost[2]):
            raise ValueError(f"Argon2id settings out of bounds: {cost}")
        return (kdf, *cost)
    if kdf == PBKDF2:
        rounds = int(record["rounds"])
        if not 1 <= rounds <= MAX_PBKDF2_ROUNDS:
            raise ValueError(f"PBKDF2 rounds out of bounds: {rounds}")
        return (kdf, rounds)
    raise ValueError(f"unknown key derivation {kdf!r}")


def _current(folder: Path) -> dict | None:
    try:
        return json.loads(cipher.key_file(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _check(key: bytes) -> str:
    return hashlib.sha256(b"kratomtrack data key " + key).hexdigest()
