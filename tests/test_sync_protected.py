"""A protected log's sync files: encrypted and sealed with a key from the passphrase
(Argon2id), no health data in plain anywhere in the folder, a file changed by anyone
else refused in words and never merged; a wrong passphrase, or a plain log meeting a
protected folder (or the reverse), is refused before anything changes."""

import datetime as dt

import pytest

from kratomtrack.core.records import CheckIn
from kratomtrack.store import protection
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.sync import folder as files
from kratomtrack.store.sync.config import read_config
from kratomtrack.store.sync.joining import PassphraseNeeded, SetupRefused, setup
from kratomtrack.store.sync.merging import SyncError, sync_now

from conftest import PASSPHRASE, TODAY
from sync_helpers import a_little_log, canonical, dose, sync_files

PRODUCT = "Maeng Da Gold Reserve"
NOTE = "knee much worse after the stairs"


def protected_log(folder, passphrase=PASSPHRASE, fill=True) -> LogDatabase:
    with LogDatabase.open_folder(folder) as db:
        if fill:
            a_little_log(db)
            db.add_dose(dose(11, 3.0, product=PRODUCT, note=NOTE), today=TODAY)
            db.save_checkin(CheckIn(TODAY - dt.timedelta(days=5), 6, {}, NOTE), today=TODAY)
    protection.protect(folder, passphrase)
    return LogDatabase.open_folder(folder)


@pytest.fixture
def pair(tmp_path):
    a = protected_log(tmp_path / "a")
    b = protected_log(tmp_path / "b", fill=False)
    setup(a, tmp_path / "sync", passphrase=PASSPHRASE)
    setup(b, tmp_path / "sync", passphrase=PASSPHRASE)
    yield a, b, tmp_path / "sync"
    a.close()
    b.close()


def test_protected_logs_sync_and_the_folder_holds_no_health_data_in_plain(pair):
    a, b, folder = pair
    assert canonical(a) == canonical(b) and b.dose_count() == 4
    b.save_checkin(CheckIn(TODAY, 3, {}, NOTE + " again"), today=TODAY)
    sync_now(b)
    sync_now(a)
    assert a.checkin(TODAY).note == NOTE + " again"
    contents = sync_files(folder)
    assert len(contents) >= 2
    for raw in contents.values():
        for secret in (PRODUCT, NOTE, "Green Maeng Da", "nausea", "2026-11-20"):
            assert secret.encode() not in raw and secret.encode("utf-16-le") not in raw
        header = files.read_header(raw, "file")[0]
        assert header["seal"] == files.AES_GCM and "salt" in header
    assert read_config(a).key is not None  # kept inside the encrypted log


def test_a_file_changed_by_anyone_else_is_refused_in_words_and_never_merged(pair):
    a, b, folder = pair
    a.add_dose(dose(16, 1.5, product="Changed later"), today=TODAY)
    sync_now(a)
    [newest] = [p for p in sync_files(folder) if p.parent.name == read_config(a).computer][-1:]
    original = newest.read_bytes()
    forged = bytearray(original)
    forged[-20] ^= 0x01  # one bit of the sealed content
    newest.write_bytes(bytes(forged))
    before = canonical(b)
    result = sync_now(b)
    assert canonical(b) == before
    assert any("changed by someone or something other than kratomtrack" in p and "never merged" in p
               for p in result.problems)
    newest.write_bytes(original)  # put right (a good copy arrives): the next merge completes
    assert sync_now(b).files == 1
    assert canonical(a) == canonical(b)


def test_a_changed_header_breaks_the_seal_too(pair):
    a, b, folder = pair
    a.add_dose(dose(17, 1.5), today=TODAY)
    sync_now(a)
    newest = [p for p in sync_files(folder) if p.parent.name == read_config(a).computer][-1]
    raw = newest.read_bytes()
    length = raw[len(files.MAGIC):len(files.MAGIC) + 4]
    longer = (int.from_bytes(length, "big") + 1).to_bytes(4, "big")
    # The same header with one more space: still readable, no longer what was sealed.
    newest.write_bytes(raw.replace(b'"seq": ', b'"seq":  ', 1).replace(length, longer, 1))
    result = sync_now(b)
    assert result.files == 0 and any("never merged" in p for p in result.problems)


def test_a_wrong_passphrase_does_not_join_and_changes_nothing(tmp_path):
    a = protected_log(tmp_path / "a")
    setup(a, tmp_path / "sync", passphrase=PASSPHRASE)
    b = protected_log(tmp_path / "b", passphrase="another long passphrase", fill=False)
    before = canonical(b)
    with pytest.raises(SetupRefused, match="does not open the files"):
        setup(b, tmp_path / "sync", passphrase="another long passphrase")
    with pytest.raises(PassphraseNeeded):
        setup(b, tmp_path / "sync")
    assert read_config(b) is None and canonical(b) == before
    # The passphrase the files were written with joins, whatever this log's own is.
    assert setup(b, tmp_path / "sync", passphrase=PASSPHRASE).role == "took everything"
    assert b.dose_count() == 4


def test_a_plain_log_and_a_protected_folder_never_meet(tmp_path):
    a = protected_log(tmp_path / "a")
    setup(a, tmp_path / "protected-sync", passphrase=PASSPHRASE)
    plain = LogDatabase.open_folder(tmp_path / "plain")
    with pytest.raises(SetupRefused, match="Protect this log first"):
        setup(plain, tmp_path / "protected-sync", passphrase=PASSPHRASE)
    plain_a = LogDatabase.open_folder(tmp_path / "plain-a")
    a_little_log(plain_a)
    setup(plain_a, tmp_path / "plain-sync")
    other = protected_log(tmp_path / "other", fill=False)
    with pytest.raises(SetupRefused, match="written in plain"):
        setup(other, tmp_path / "plain-sync", passphrase=PASSPHRASE)
    assert read_config(plain) is None and read_config(other) is None


def test_protecting_a_log_after_sync_was_set_up_never_writes_plain_files(tmp_path):
    folder = tmp_path / "a"
    with LogDatabase.open_folder(folder) as db:
        a_little_log(db)
        setup(db, tmp_path / "sync")
    protection.protect(folder, PASSPHRASE)
    before = sync_files(tmp_path / "sync")
    with LogDatabase.open_folder(folder) as db:
        db.add_dose(dose(12, 2.0, product=PRODUCT), today=TODAY)
        with pytest.raises(SyncError, match="protection was turned on after sync was set up"):
            sync_now(db)
    assert sync_files(tmp_path / "sync") == before
