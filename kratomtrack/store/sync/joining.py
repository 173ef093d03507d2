"""Starting and stopping sync, and what it is doing: ``sync setup|status|leave``, Settings → Sync.

Setup with a folder that holds no kratomtrack files makes this computer the
first: it writes everything. With a folder that holds a log's files, this
computer joins that log: an empty log takes everything; a log with records of
its own merges both, after ``confirm`` has been shown how many records each
side adds. The live database never goes into the folder: a folder that is the
data folder, holds it or lies in it is refused.

A protected log's files are encrypted with a key from its passphrase; a
computer joining them needs the passphrase they were written with. A plain
log never joins protected files (it would keep their key in plain) and a
protected one never writes plain files.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kratomtrack.store import cipher
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync import folder as files
from kratomtrack.store.sync import records
from kratomtrack.store.sync.config import SyncConfig, new_id, read_config, write_config
from kratomtrack.store.sync.engine import MergeResult, fields_of, same_record
from kratomtrack.store.sync.merging import SyncError, sync_now


class SetupRefused(SyncError):
    """Sync was not set up; the message says why. Nothing changed."""


class PassphraseNeeded(SetupRefused):
    """The log is protected, or the folder's files are: the passphrase must be given."""


@dataclass(frozen=True)
class Sides:
    """What joining would do: records only here, only in the folder, and on both but different."""

    only_here: int
    only_there: int
    different: int

    def sentence(self) -> str:
        return (f"This computer's log adds {self.only_here} record(s) to the shared log, the "
                f"sync folder's log adds {self.only_there} record(s) to this one, and "
                f"{self.different} record(s) differ on the two (one version is kept and the other "
                "listed under \u201cChanged on both computers\u201d).")


@dataclass(frozen=True)
class SetupResult:
    role: str  # "first", "took everything", "merged"
    sides: Sides | None
    merge: MergeResult


def refusal_for_folder(folder: Path, data_folder: Path) -> str | None:
    """Why ``folder`` cannot be a sync folder for the log in ``data_folder``, or None."""
    folder, data = Path(folder).resolve(), Path(data_folder).resolve()
    if folder == data or folder in data.parents:
        return (f"{folder} is or holds your data folder {data}. The live log must never be in "
                "a sync folder (a copy of it in use would be damaged); choose another folder.")
    if data in folder.parents:
        return f"{folder} is inside your data folder {data}; choose a folder outside it."
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file, not a folder."
    return None


@dataclass(frozen=True)
class Prepared:
    """What setup found and will do (``begin``): the settings to keep, and the sides' counts."""

    config: SyncConfig
    role: str
    sides: Sides | None


def setup(db: LogDatabase, folder: str | Path, *, passphrase: str | None = None,
          confirm: Callable[[Sides], bool] | None = None) -> SetupResult:
    """Start syncing with ``folder`` (see the module). SetupRefused says why not."""
    prepared = prepare(db, folder, passphrase=passphrase)
    if prepared.role == "merged" and (confirm is None or not confirm(prepared.sides)):
        raise SetupRefused(prepared.sides.sentence() + " Sync was not set up; nothing was changed.")
    return begin(db, prepared)


def prepare(db: LogDatabase, folder: str | Path, *, passphrase: str | None = None) -> Prepared:
    """Look at ``folder`` and this log, and say what setup would do; changes nothing."""
    folder = Path(folder).expanduser().resolve()
    why = refusal_for_folder(folder, db.path.parent)
    if why:
        raise SetupRefused(why + " Nothing was changed.")
    existing = read_config(db)
    if existing is not None:
        raise SetupRefused(f"This log already syncs with {existing.folder}; 'kratomtrack sync leave' "
                           "(or Settings → Sync) stops that first. Nothing was changed.")
    try:
        files.root(folder).mkdir(parents=True, exist_ok=True)
        found = files.list_files(folder)
    except OSError as err:
        raise SetupRefused(f"The folder {folder} cannot be used ({err.strerror or err}). "
                           "Nothing was changed.") from None
    protected = cipher.is_encrypted(db.conn)
    headers = _headers(found)
    if len({h.get("sync") for _, h in headers}) > 1:
        raise SetupRefused(f"{folder} holds the files of more than one log; choose a folder that "
                           "holds only the log to join, or an empty one. Nothing was changed.")
    if not headers:
        return Prepared(_first_computer(folder, protected, passphrase), "first", None)
    config = _joining(folder, protected, passphrase, headers)
    sides = _sides(db, config, found)
    return Prepared(config, "took everything" if sides.only_here == sides.different == 0 else "merged", sides)


def begin(db: LogDatabase, prepared: Prepared) -> SetupResult:
    """Keep the settings and merge for the first time (the first computer writes everything)."""
    if read_config(db) is not None:
        raise SetupRefused("This log already syncs; nothing was changed.")
    write_config(db, prepared.config)
    return SetupResult(prepared.role, prepared.sides, sync_now(db))


def leave(db: LogDatabase) -> SyncConfig | None:
    """Stop syncing: this log keeps every record; the folder's files are left as they are."""
    config = read_config(db)
    with db.transaction():
        records.stop_tracking(db.conn)
        for table in ("sync_updates", "sync_outbox", "sync_applied", "sync_conflicts"):
            db.conn.execute(f"DELETE FROM {table}")
        write_config(db, None)
    return config


def _headers(found: list[files.SyncFile]) -> list[tuple[files.SyncFile, dict]]:
    headers = []
    for file in found:
        try:
            headers.append((file, files.read_header(file.path.read_bytes(), file.name)[0]))
        except (OSError, files.SyncFileError):
            continue  # damaged: the merge says so
    return headers


def _first_computer(folder: Path, protected: bool, passphrase: str | None) -> SyncConfig:
    config = SyncConfig(str(folder), new_id(), new_id())
    if not protected:
        return config
    if not passphrase:
        raise PassphraseNeeded("Your log is protected: give its passphrase, so that the files in the "
                               "sync folder are encrypted with it. Nothing was changed.")
    salt, kdf = secrets.token_bytes(16), files.new_kdf()
    key = files.derive_key(passphrase, salt, kdf)
    return config.with_(key=key.hex(), salt=salt.hex(), kdf=kdf)


def _joining(folder: Path, protected: bool, passphrase: str | None,
             headers: list[tuple[files.SyncFile, dict]]) -> SyncConfig:
    file, header = headers[0]
    config = SyncConfig(str(folder), header["sync"], new_id())
    if header.get("seal") != files.AES_GCM:
        if protected:
            raise SetupRefused("Your log is protected, but the sync folder holds files written in plain by "
                               "a log without a passphrase. Protect that log first (with the same "
                               "passphrase), or choose another folder. Nothing was changed.")
        return config
    if not protected:
        raise SetupRefused("The sync folder holds a protected log's files. Protect this log first "
                           "(Settings → Privacy or 'kratomtrack protect'), then set up sync again "
                           "with the passphrase of the log on the other computer. Nothing was changed.")
    if not passphrase:
        raise PassphraseNeeded("The sync folder's files are protected: give the passphrase of the log "
                               "that wrote them. Nothing was changed.")
    try:
        salt = bytes.fromhex(header["salt"])
    except (KeyError, TypeError, ValueError):
        raise SetupRefused(f"{file.name} in the sync folder is damaged (no salt). Nothing was changed.") from None
    key = files.derive_key(passphrase, salt, header.get("kdf") or {})
    try:
        files.open_file(file.path.read_bytes(), file.name, sync_id=config.sync_id, key=key)
    except files.SealBrokenError:
        raise SetupRefused("This passphrase does not open the files in the sync folder: give the "
                           "passphrase of the log that wrote them. Nothing was changed.") from None
    return config.with_(key=key.hex(), salt=header["salt"], kdf=header.get("kdf"))


def _sides(db: LogDatabase, config: SyncConfig, found: list[files.SyncFile]) -> Sides:
    """How many records each side would add, from the folder's files read into a scratch document."""
    from pycrdt import Doc, Map

    doc = Doc()
    there = doc.get("records", type=Map)
    for file in found:
        try:
            doc.apply_update(files.open_file(file.path.read_bytes(), file.name, sync_id=config.sync_id,
                                             key=config.key_bytes).update)
        except (OSError, files.SyncFileError, ValueError):
            continue
    theirs = {key: fields_of(value) for key, value in there.items() if records.kind_of(key) != "both"}
    here = records.scan(db.conn)
    different = sum(1 for key, value in here.items()
                    if key in theirs and not same_record(value, theirs[key], but_uid=True))
    return Sides(sum(1 for key in here if key not in theirs), sum(1 for key in theirs if key not in here),
                 different)
