"""The sync folder's files: how each computer writes its own and reads the others'.

Layout: FOLDER/kratomtrack-sync/<computer id>/<seq>-<tag>.kts. A computer
writes only in its own folder, only new files (a temporary name, fsync, then
a rename: another program never sees half a file), and never edits or
removes one. Every file is one CRDT update (store/sync/engine.py) with a
header:

    KRATOMTRACK-SYNC\\n | 4 bytes: header length | header JSON | body

The header says the format version, the log's sync id, the computer and the
file's number, what the update needs merged before it is whole ("needs":
the writer's state vector), and how the body is sealed:

- "aes-256-gcm" (a protected log): body = 12-byte nonce + AES-GCM of the
  update, with the magic and header as associated data; the key comes from
  the log's passphrase with Argon2id and the salt in the header
  (store/wrapped_key.py's derivation and settings). A file changed by anyone
  without the key fails to open and is refused in words.
- "sha-256" (a log without a passphrase): body = SHA-256 of header + update,
  then the update: damage and truncation are found, not a deliberate change.

Nothing in a file is health data in plain when the log is protected; the
header holds only ids, numbers and the salt.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path

from kratomtrack.store.formats import write_bytes_atomically
from kratomtrack.store.sqlite_file import fsync_dir

FORMAT = 1
MAGIC = b"KRATOMTRACK-SYNC\n"
SUBFOLDER = "kratomtrack-sync"
SUFFIX = ".kts"
AES_GCM = "aes-256-gcm"
SHA_256 = "sha-256"
_MAX_HEADER = 64 * 1024


class SyncFileError(Exception):
    """A file of the sync folder that is not merged; the message says why, in words."""


class NewerFormatError(SyncFileError):
    pass


class OtherLogError(SyncFileError):
    pass


class SealBrokenError(SyncFileError):
    """Damaged, or changed by someone without the key."""


@dataclass(frozen=True)
class SyncFile:
    path: Path
    computer: str
    name: str


@dataclass(frozen=True)
class Opened:
    header: dict
    update: bytes


def root(folder: Path) -> Path:
    return Path(folder) / SUBFOLDER


def list_files(folder: Path) -> list[SyncFile]:
    """Every computer's files, in order of computer and number; OSError if the folder is gone."""
    found = []
    for computer in sorted(os.listdir(root(folder))):
        sub = root(folder) / computer
        if computer.startswith(".") or not sub.is_dir():
            continue
        for name in sorted(os.listdir(sub)):
            if name.endswith(SUFFIX) and not name.startswith("."):
                found.append(SyncFile(sub / name, computer, name))
    return found


def derive_key(passphrase: str, salt: bytes, kdf: dict) -> bytes:
    """The files' key from the passphrase: Argon2id, as the log's own key (store/wrapped_key.py)."""
    from kratomtrack.store import wrapped_key

    record = {"kdf": wrapped_key.ARGON2ID, **kdf}
    try:
        cost = wrapped_key._parameters(record)
    except (KeyError, ValueError, TypeError) as err:
        raise SyncFileError(f"the sync folder's key settings cannot be read ({err})") from err
    return wrapped_key.derive_pad(passphrase, salt, *cost)


def new_kdf() -> dict:
    from kratomtrack.store import wrapped_key

    return {"memory_kib": wrapped_key.ARGON2_MEMORY_KIB, "passes": wrapped_key.ARGON2_PASSES,
            "lanes": wrapped_key.ARGON2_LANES}


def seal(header: dict, update: bytes, key: bytes | None) -> bytes:
    header = {**header, "format": FORMAT, "seal": AES_GCM if key else SHA_256}
    head = json.dumps(header, sort_keys=True).encode()
    prefix = MAGIC + struct.pack(">I", len(head)) + head
    if key is None:
        return prefix + hashlib.sha256(head + update).digest() + update
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return prefix + nonce + AESGCM(key).encrypt(nonce, update, prefix)


def read_header(raw: bytes, where: str) -> tuple[dict, bytes, bytes]:
    """(header, the bytes it is sealed with, body); SyncFileError in words if it cannot be read."""
    if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + 4:
        raise SealBrokenError(f"{where} is damaged or incomplete (it may still be being copied)")
    (length,) = struct.unpack(">I", raw[len(MAGIC):len(MAGIC) + 4])
    end = len(MAGIC) + 4 + length
    if length > _MAX_HEADER or end > len(raw):
        raise SealBrokenError(f"{where} is damaged or incomplete (it may still be being copied)")
    try:
        header = json.loads(raw[len(MAGIC) + 4:end])
        if not isinstance(header, dict) or not isinstance(header.get("format"), int):
            raise ValueError("no format")
    except ValueError:
        raise SealBrokenError(f"{where} is damaged: its header cannot be read") from None
    return header, raw[:end], raw[end:]


def open_file(raw: bytes, where: str, *, sync_id: str, key: bytes | None) -> Opened:
    """The update in a file of the log ``sync_id``, checked; SyncFileError in words if not."""
    header, prefix, body = read_header(raw, where)
    if header["format"] > FORMAT:
        raise NewerFormatError(
            f"{where} was written by a newer version of kratomtrack (sync format {header['format']}; "
            f"this one reads up to {FORMAT}). Update kratomtrack on this computer to merge it")
    if header.get("sync") != sync_id:
        raise OtherLogError(f"{where} belongs to another log (another sync id), so it was left alone")
    if header.get("seal") == AES_GCM:
        if key is None:
            raise SealBrokenError(f"{where} is protected with a passphrase this log does not have")
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            update = AESGCM(key).decrypt(body[:12], body[12:], prefix)
        except (InvalidTag, ValueError):
            raise SealBrokenError(
                f"{where} does not open with this log's key: it was damaged, or changed by someone "
                "or something other than kratomtrack, so it was refused and never merged") from None
    elif header.get("seal") == SHA_256:
        if key is not None:
            raise SealBrokenError(f"{where} is not protected, but this log's sync files are: "
                                  "it was refused and never merged")
        update = body[32:]
        if len(body) < 32 or not hmac.compare_digest(body[:32], hashlib.sha256(prefix[len(MAGIC) + 4:] + update).digest()):
            raise SealBrokenError(f"{where} is damaged or incomplete (it may still be being copied)")
    else:
        raise SealBrokenError(f"{where} is damaged: it says no known seal")
    return Opened(header, update)


def file_name(seq: int, update: bytes, key: bytes | None) -> str:
    """A file's name: its number and a tag of its content, so that writing the same
    update again (after a crash) finds it there, and an old copy of the log
    restored from a backup never writes over a different file of the same number."""
    tag = hmac.new(key or b"kratomtrack", update, hashlib.sha256).hexdigest()[:12]
    return f"{seq:010d}-{tag}{SUFFIX}"


def write_own(folder: Path, computer: str, name: str, content: bytes) -> Path:
    """Write a new file in this computer's folder: temporary name, fsync, rename; never over another."""
    own = root(folder) / computer
    # Never its parents: a sync folder that is gone (a stick unplugged) is not made again on this disk.
    own.mkdir(exist_ok=True)
    target = own / name
    if target.exists():
        return target  # written before a crash: the same update
    write_bytes_atomically(target, content)
    fsync_dir(own)
    return target
