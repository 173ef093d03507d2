"""A second backup folder off this computer: the copies land there (encrypted when
the log is protected), a missing, read-only or occupied folder is said in words,
restore finds the copies there, and a data folder inside a synced folder is told."""

import contextlib
import datetime as dt
import os
import shutil
import stat
import subprocess
import sys

import pytest

from kratomtrack.core.records import Dose, Form
from kratomtrack.store import cipher, protection, second_folder
from kratomtrack.store.backups import Retention, list_backups, make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.location import db_path
from kratomtrack.store.sync_markers import synced_folder_of, synced_folder_warning

from conftest import PASSPHRASE, TODAY
from log_files import damage, fill, table_snapshot
from second_folder_helpers import copies_in, new_usb

PRODUCT = "Maeng Da Gold Reserve"


@pytest.fixture
def usb(tmp_path):
    return new_usb(tmp_path)


def _log(data_dir, days=10):
    with LogDatabase.open_folder(data_dir) as db:
        fill(db, days)
        db.add_dose(Dose(dt.datetime.combine(TODAY, dt.time(9, 0)), 1.5, Form.POWDER, PRODUCT),
                    today=TODAY)




def test_a_backup_lands_in_both_places_owner_only(run_cli, data_dir, usb):
    _log(data_dir)
    status, out, err = run_cli("backup", "--second-folder", usb)
    assert status == 0 and f"Second backup folder: {usb}" in out, err
    status, out, err = run_cli("backup")
    assert status == 0, err
    [local] = list_backups(data_dir)
    [copy] = copies_in(usb)
    assert copy.name == local.path.name and copy.read_bytes() == local.path.read_bytes()
    assert f"Copied it to {copy}" in out
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    for made in (usb / second_folder.PLACE_NAME, copy.parent.parent, copy.parent):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    assert not [p for p in copy.parent.iterdir() if p.name.startswith(".")]  # no temporary left
    assert stat.S_IMODE(usb.stat().st_mode) != 0o700  # the chosen folder itself is left as it was


def test_backup_to_copies_once_without_choosing(run_cli, data_dir, usb):
    _log(data_dir)
    status, out, _ = run_cli("backup", "--to", usb)
    assert status == 0 and len(copies_in(usb)) == 1
    assert second_folder.chosen_folder(data_dir) is None
    run_cli("backup")
    assert len(copies_in(usb)) == 1  # not chosen: the next backup stays here


def test_protected_copies_are_encrypted_with_the_key_file_beside(run_cli, data_dir, usb, monkeypatch):
    monkeypatch.setenv(protection.PASSPHRASE_ENV, PASSPHRASE)
    _log(data_dir)
    second_folder.choose_folder(data_dir, usb)
    protection.protect(data_dir, PASSPHRASE)
    status, _, err = run_cli("backup")
    assert status == 0, err
    [copy] = copies_in(usb)
    raw = copy.read_bytes()
    assert not raw.startswith(cipher.SQLITE_HEADER)
    for plain in (PRODUCT.encode(), b"Green", b"kratomtrack", b"dizziness"):
        assert plain not in raw
    assert cipher.key_file(second_folder.own_place(usb)).read_bytes() == \
        cipher.key_file(data_dir).read_bytes()
    # The log's key (held while unlocked) opens it: it restores like a local backup.
    [placed] = second_folder.second_folder_backups(data_dir, usb, with_counts=True)
    assert placed.info.doses == 11 and placed.place == second_folder.SECOND_FOLDER


def test_protecting_encrypts_the_copies_there_and_unprotecting_decrypts_them(run_cli, data_dir, usb):
    _log(data_dir)
    run_cli("backup", "--second-folder", usb)
    run_cli("backup")
    [copy] = copies_in(usb)
    assert PRODUCT.encode() in copy.read_bytes()
    protection.protect(data_dir, PASSPHRASE)
    assert PRODUCT.encode() not in copy.read_bytes()
    assert cipher.key_file(second_folder.own_place(usb)).exists()
    protection.unprotect(data_dir)
    assert copy.read_bytes().startswith(cipher.SQLITE_HEADER)
    assert not cipher.key_file(second_folder.own_place(usb)).exists()


def test_a_missing_folder_is_said_and_the_next_backup_lands_when_it_is_back(run_cli, data_dir, usb, tmp_path):
    _log(data_dir)
    run_cli("backup", "--second-folder", usb)
    unplugged = tmp_path / "usb-unplugged"
    usb.rename(unplugged)
    status, out, err = run_cli("backup")
    assert status == 2 and "Traceback" not in err
    assert f"Second backup folder not found: {usb}" in err and "was made" in err
    assert len(list_backups(data_dir)) == 1 and not usb.exists()  # never made at the mount point
    status, out, _ = run_cli("backup", "--list")
    assert "not found now" in out
    unplugged.rename(usb)
    status, out, err = run_cli("backup")
    assert status == 0, err
    assert [c.name for c in copies_in(usb)] == [list_backups(data_dir)[0].path.name]


@contextlib.contextmanager
def _read_only(folder):
    """``folder`` cannot be written: mode 0500, or for root (who writes there all
    the same) the immutable flag, which stops root too (EPERM)."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode:
        pytest.skip("no way to make a folder read-only for root here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_read_only_folder_is_said_in_words(run_cli, data_dir, usb):
    _log(data_dir)
    run_cli("backup", "--second-folder", usb)
    with _read_only(usb):
        status, _, err = run_cli("backup")
    assert status == 2 and "Traceback" not in err
    assert f"The second backup folder {usb} cannot be written (it is read-only" in err
    assert "The backup in the data folder was made" in err and len(list_backups(data_dir)) == 1


def test_a_file_in_place_of_the_folder_is_said_in_words_and_nothing_is_half_written(data_dir, usb):
    _log(data_dir)
    with LogDatabase.open_folder(data_dir) as db:
        info = make_backup(db)
    (usb / second_folder.PLACE_NAME).write_text("not a folder")
    with pytest.raises(second_folder.SecondFolderProblem) as refused:
        second_folder.copy_backup(data_dir, info.path, usb, Retention())
    assert "is a file" in str(refused.value) and "Move that file away" in str(refused.value)
    assert (usb / second_folder.PLACE_NAME).read_text() == "not a folder"


def test_a_killed_copys_leftover_goes_and_another_programs_copy_under_way_stays(data_dir, usb):
    _log(data_dir)
    with LogDatabase.open_folder(data_dir) as db:
        info = make_backup(db)
    directory = second_folder.own_place(usb) / "backups"
    directory.mkdir(parents=True)
    killed, under_way = (directory / f".{info.path.name}.{pid}.partial" for pid in (11, 12))
    for path in (killed, under_way):
        path.write_bytes(b"half a copy")
    hours_ago = killed.stat().st_mtime - 2 * second_folder.LEFTOVER_SECONDS
    os.utime(killed, (hours_ago, hours_ago))
    second_folder.copy_backup(data_dir, info.path, usb, Retention())
    assert not killed.exists() and under_way.exists()
    assert [c.name for c in copies_in(usb)] == [info.path.name]


def test_a_copy_that_fails_its_check_is_removed(data_dir, usb):
    _log(data_dir)
    with LogDatabase.open_folder(data_dir) as db:
        info = make_backup(db)
    damage(info.path)
    with pytest.raises(second_folder.SecondFolderProblem) as refused:
        second_folder.copy_backup(data_dir, info.path, usb, Retention())
    assert refused.value.kind == "failed" and "failed its check" in str(refused.value)
    assert list(second_folder.own_place(usb).joinpath("backups").iterdir()) == []


def test_choosing_refuses_a_missing_folder_and_one_inside_the_data_folder(run_cli, data_dir, usb, tmp_path):
    _log(data_dir)
    status, _, err = run_cli("backup", "--second-folder", tmp_path / "nowhere")
    assert status == 2 and "does not exist" in err and "not changed" in err
    for args, words in ((("--second-folder", ""), "given an empty one"),
                        (("--to", ""), "given an empty one"),
                        (("--to", tmp_path / ("a" * 300)), "too long")):
        status, out, err = run_cli("backup", *args)
        assert status == 2 and words in err and "Traceback" not in err and out == ""
    assert list_backups(data_dir) == []
    (data_dir / "copies").mkdir()
    status, _, err = run_cli("backup", "--second-folder", data_dir / "copies")
    assert status == 2 and "inside your data folder" in err
    assert second_folder.chosen_folder(data_dir) is None
    run_cli("backup", "--second-folder", usb)
    status, out, _ = run_cli("backup", "--no-second-folder")
    assert status == 0 and "No second backup folder" in out
    assert second_folder.chosen_folder(data_dir) is None


def test_restore_lists_and_restores_a_copy_from_the_second_folder(run_cli, data_dir, usb):
    _log(data_dir)
    run_cli("backup", "--second-folder", usb)
    run_cli("backup")
    [local] = list_backups(data_dir)
    with LogDatabase.open_folder(data_dir) as db:
        kept = table_snapshot(db)
    local.path.unlink()  # only the copy in the second folder is left
    with LogDatabase.open_folder(data_dir) as db:
        db.conn.execute("DELETE FROM doses")
    status, out, _ = run_cli("backup", "--list")
    assert f"{local.path.name}  (second folder)" in out
    status, out, err = run_cli("restore", local.path.name)
    assert status == 0, err
    with LogDatabase.open_folder(data_dir) as db:
        assert table_snapshot(db)["doses"] == kept["doses"]


def test_another_computers_copies_are_listed_apart_and_never_pruned(data_dir, usb):
    _log(data_dir)
    other = usb / second_folder.PLACE_NAME / "old-laptop" / "backups"
    other.mkdir(parents=True)
    with LogDatabase.open_folder(data_dir) as db:
        info = make_backup(db)
    for day in range(1, 40):  # more than any retention keeps
        (other / f"kratomtrack-2026-{1 + day // 28:02d}-{1 + day % 28:02d}_080000-daily.db").write_bytes(
            info.path.read_bytes())
    second_folder.choose_folder(data_dir, usb)
    second_folder.copy_newest(data_dir, usb, Retention(daily=1, weekly=0, monthly=0))
    assert len(list(other.glob("*.db"))) == 39
    places = {p.place for p in second_folder.all_backups(data_dir)}
    assert places == {"this computer", "second folder", "second folder, from old-laptop"}


def test_a_lost_computer_protected_copy_restores_into_a_new_data_folder(run_cli, data_dir, usb,
                                                                         tmp_path, monkeypatch):
    _log(data_dir)
    second_folder.choose_folder(data_dir, usb)
    protection.protect(data_dir, PASSPHRASE)
    monkeypatch.setenv(protection.PASSPHRASE_ENV, PASSPHRASE)
    run_cli("backup")
    [copy] = copies_in(usb)
    cipher._keys.clear()  # the old computer is gone
    new = tmp_path / "new-computer"
    monkeypatch.setenv(protection.PASSPHRASE_ENV, "not the passphrase")
    status, _, err = run_cli("restore", copy, folder=new)
    assert status == 2 and "does not open" in err and not db_path(new).exists()
    monkeypatch.setenv(protection.PASSPHRASE_ENV, PASSPHRASE)
    status, out, err = run_cli("restore", copy, folder=new)
    assert status == 0, err
    cipher._keys.clear()
    assert PRODUCT.encode() not in db_path(new).read_bytes()
    protection.unlock(new, PASSPHRASE)  # the same passphrase opens the restored log
    with LogDatabase.open_folder(new) as db:
        assert PRODUCT in {d.product for d in db.all_doses()}


def test_backup_help_names_the_second_folder_options():
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "backup", "--help"],
                            capture_output=True, text=True)
    text = " ".join(result.stdout.split())
    for words in ("--to FOLDER", "--second-folder FOLDER", "--no-second-folder", "USB disk",
                  "encrypted when the log is protected"):
        assert words in text, words


# --- a data folder inside a synced folder ------------------------------------------------------


@pytest.mark.parametrize(("marker", "kind", "service"), [
    (".stfolder", "dir", "Syncthing"),
    (".dropbox", "file", "Dropbox"),
    (".sync_7f3a2b.db", "file", "Nextcloud or ownCloud"),
    ("._sync_7f3a2b.db", "file", "Nextcloud or ownCloud"),
    (".owncloudsync.log", "file", "Nextcloud or ownCloud"),
])
def test_a_data_folder_under_a_sync_marker_is_warned_about(tmp_path, marker, kind, service):
    synced = tmp_path / "Sync"
    data = synced / "notes" / "kratomtrack"
    data.mkdir(parents=True)
    assert synced_folder_warning(data) == ""
    (synced / marker).mkdir() if kind == "dir" else (synced / marker).write_text("")
    found = synced_folder_of(data)
    assert (found.service, found.root) == (service, synced)
    warning = synced_folder_warning(data)
    for words in (service, "kratomtrack.db-wal", "corrupt", "--data-dir", "second backup folder"):
        assert words in warning, words


@pytest.mark.parametrize(("name", "service"), [
    ("OneDrive", "OneDrive"), ("OneDrive - Contoso", "OneDrive"), ("iCloud Drive", "iCloud Drive"),
    ("com~apple~CloudDocs", "iCloud Drive"), ("Google Drive", "Google Drive"),
])
def test_a_data_folder_in_a_cloud_drive_folder_is_warned_about(tmp_path, name, service):
    data = tmp_path / name / "kratomtrack"
    data.mkdir(parents=True)
    assert synced_folder_of(data).service == service
    assert "by its name" in synced_folder_warning(data)
