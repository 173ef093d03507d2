"""The smaller ways a log is kept whole and private: leftovers of killed
backups removed, outputs never written onto the log, every file 0600 with a
neutral PDF, folder modes kept, a passive checkpoint after each change, the
window closing cleanly on SIGINT and SIGTERM, the command-line edge cases."""

import datetime as dt
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from kratomtrack.core.records import Dose
from kratomtrack.store.backups import make_backup
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.leftovers import MIN_AGE_SECONDS

from conftest import TODAY, real_today
from log_files import fill

ROOT = Path(__file__).resolve().parents[1]


def env(**extra) -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), **extra}


def test_stale_leftovers_of_killed_backups_and_restores_are_removed_at_the_next_start(db):
    fill(db, 2)
    make_backup(db)
    db.close()
    folder = db.path.parent
    old = time.time() - MIN_AGE_SECONDS - 60
    leftovers = [folder / "backups" / ".kratomtrack-2026-11-20_080000-daily.db.partial",
                 folder / "backups" / ".kratomtrack-2026-11-20_080000-daily.db.partial-journal",
                 folder / ".kratomtrack.db.restoring", folder / ".kratomtrack.db.converting"]
    fresh = folder / "backups" / ".kratomtrack-2026-11-20_090000-daily.db.partial"
    for path in [*leftovers, fresh]:
        path.write_bytes(b"half")
    for path in leftovers:
        os.utime(path, (old, old))
    LogDatabase.open_folder(folder).close()
    assert not any(p.exists() for p in leftovers)
    # No other program holds the log, so a fresh one is no backup in progress either
    # (kept while another program holds it: tests/test_start_leftovers.py).
    assert not fresh.exists() or not Path("/proc/locks").exists()
    assert len([p for p in (folder / "backups").iterdir() if p.suffix == ".db"]) == 1


@pytest.mark.parametrize("target", ["kratomtrack.db", "kratomtrack.db-wal", "kratomtrack.db-shm",
                                    "backups/x.json", "backups"])
def test_no_export_or_report_is_written_onto_the_log_or_into_the_backups(db, run_cli, target):
    fill(db, 2)
    make_backup(db)
    db.close()
    folder = db.path.parent
    before = db.path.read_bytes()
    status, _, err = run_cli("export", "--format", "json", "-o", folder / target)
    assert status == 2 and "Nothing was written" in err
    status, _, err = run_cli("export", "--format", "csv", "-o", folder / target)
    assert status == 2 and "Nothing was written" in err
    pdf_target = folder / "backups" / "r.pdf"
    status, _, err = run_cli("report", "-o", pdf_target)
    assert status == 2 and "backups folder" in err and not pdf_target.exists()
    assert db.path.read_bytes() == before


@pytest.mark.window  # the report command paints its PDF with Qt
def test_every_file_the_app_writes_is_private(db, run_cli, tmp_path):
    fill(db, 5)
    db.close()
    out = tmp_path / "out"
    out.mkdir()
    os.umask(0o022)  # a usual umask: the app must not rely on the person's
    assert run_cli("export", "--format", "json", "-o", out / "log.json")[0] == 0
    assert run_cli("export", "--format", "csv", "-o", out / "csv")[0] == 0
    assert run_cli("backup")[0] == 0
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(db.path.parent),
                             "report", "-o", str(out / "r.pdf"), "--name", "Jane Doe"],
                            env=env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    written = [out / "log.json", out / "csv" / "doses.csv", out / "csv" / "checkins.csv",
               out / "r.pdf", db.path, *(db.path.parent / "backups").glob("*.db")]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@pytest.mark.window  # the report command paints its PDF with Qt
def test_the_pdf_metadata_is_neutral(db, tmp_path):
    fill(db, 5)
    db.close()
    pdf = tmp_path / "r.pdf"
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(db.path.parent),
                             "report", "-o", str(pdf), "--name", "Jane Doe"],
                            env=env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(pdf)
    assert reader.metadata.title == "Summary for the doctor"
    fields = " ".join(str(v) for v in reader.metadata.values()).lower()
    xmp = reader.trailer["/Root"].get("/Metadata")
    xmp_text = xmp.get_object().get_data().decode("utf-8", "replace").lower() if xmp else ""
    for text in (fields, xmp_text):
        assert "kratom" not in text and "jane" not in text and "doe" not in text


def test_existing_folder_modes_are_never_changed(tmp_path, run_cli):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert run_cli("demo", "--days", 3, "--today", TODAY, folder=shared)[0] == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    new = tmp_path / "new" / "data"
    assert run_cli("demo", "--days", 3, "--today", TODAY, folder=new)[0] == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o700


def test_after_each_saved_change_the_main_file_alone_holds_it(db, tmp_path):
    fill(db, 3)
    db.add_dose(Dose(dt.datetime(2026, 11, 19, 21, 5), 1.5), today=TODAY)
    copy = tmp_path / "copy.db"
    shutil.copyfile(db.path, copy)  # the .db alone, as a careless copy or sync takes it
    with LogDatabase.open(copy) as alone:
        assert alone.dose_count() == 4
        times = [d.taken_at for d in alone.doses_on(dt.date(2026, 11, 19))]
        assert dt.datetime(2026, 11, 19, 21, 5) in times


def test_cli_edge_cases_end_in_a_message_not_a_traceback(tmp_path, run_cli, db):
    fill(db, 2)
    a_file = tmp_path / "a file"
    a_file.write_text("x")
    status, _, err = run_cli("where", folder=a_file)
    assert status == 2 and "is a file, not a folder" in err
    status, _, err = run_cli("demo", "--days", 36600, folder=tmp_path / "d")
    assert status == 2 and "before 1970" in err
    status, _, err = run_cli("export", "--format", "json", "-o", tmp_path)
    assert status == 2 and "is a folder" in err and "Errno" not in err


def test_import_piped_into_head_ends_without_a_traceback(db, tmp_path):
    db.close()
    csv = tmp_path / "d.csv"
    csv.write_text("taken_at,grams,form,product,notes\n2026-11-01T09:00,1.0,powder,,\n")
    command = (f"{sys.executable} -m kratomtrack --data-dir '{db.path.parent}' import '{csv}' "
               "| head -c 1")
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], env=env(),
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    with LogDatabase.open(db.path) as again:
        assert again.dose_count() == 1


@pytest.mark.window  # starts the window
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigint_and_sigterm_close_the_window_like_its_close_button(tmp_path, sig):
    folder = tmp_path / "data"
    config = tmp_path / "config"
    with LogDatabase.open_folder(folder) as db:
        fill(db, 2)
    process = subprocess.Popen([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder)],
                               env=env(XDG_CONFIG_HOME=str(config), HOME=str(tmp_path)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(folder.glob("backups/*.db")):  # the day's backup: the window has started
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)  # a poll: the loop ends as soon as the backup is there
    process.send_signal(sig)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert list(config.rglob("kratomtrack.ini"))  # closeEvent ran: the window's settings were saved


NOTE_THEN_SIGNAL = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import kratomtrack.ui.app.main_window as main_window
from kratomtrack.cli import main

original = main_window.MainWindow.finish_start

def finish_start(self):
    original(self)
    # Typed, but the note's autosave timer has not fired yet when the signal comes.
    self.today_page.day_note.setFocus()
    self.today_page.day_note.insertPlainText("typed just before the signal")
    QTimer.singleShot(50, lambda: os.kill(os.getpid(), int(sys.argv[2])))

main_window.MainWindow.finish_start = finish_start
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


@pytest.mark.window  # starts the window
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_note_being_typed_is_saved_when_a_signal_closes_the_window(tmp_path, sig):
    folder = tmp_path / "data"
    with LogDatabase.open_folder(folder) as db:
        fill(db, 2)
    result = subprocess.run([sys.executable, "-c", NOTE_THEN_SIGNAL, str(folder), str(int(sig))],
                            env=env(XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path)),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    with LogDatabase.open_folder(folder) as db:
        checkin = db.checkin(real_today())
    assert checkin is not None and checkin.note == "typed just before the signal"


@pytest.mark.window  # the report command paints its PDF with Qt
def test_a_report_onto_a_full_disk_says_the_disk_is_full(tmp_path, run_cli, db):
    from test_failures import fill_disk

    fill(db, 5)
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        fill_disk(disk)
        status, _, err = run_cli("report", "-o", disk / "r.pdf")
        assert status == 2 and "is full" in err and "new page" not in err
        assert not (disk / "r.pdf").exists()
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_the_single_instance_socket_is_private_and_a_stale_one_is_removed(tmp_path, qtbot):
    from kratomtrack.ui.app.single_instance import SingleInstance, server_name, socket_folder

    folder = tmp_path / "data"
    name = Path(server_name(folder))
    assert name.parent == socket_folder()
    assert stat.S_IMODE(name.parent.stat().st_mode) == 0o700
    import socket as sockets

    stale = sockets.socket(sockets.AF_UNIX)
    stale.bind(str(name))  # left behind by a killed window
    stale.close()
    instance = SingleInstance(folder)
    try:
        assert instance.claim()
        assert instance._server is not None and name.exists()
    finally:
        instance.release()
