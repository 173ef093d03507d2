import os
import subprocess
import sys

import pytest

from kratomtrack.store.database import LogDatabase

from conftest import TODAY
from log_files import table_snapshot


def test_help_explains_every_subcommand():
    result = subprocess.run([sys.executable, "-m", "kratomtrack", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for word in ("where", "import", "export", "demo", "warning", "--data-dir", "no dosing advice"):
        assert word in result.stdout
    for sub in ("where", "import", "export", "demo", "warning"):
        sub_help = subprocess.run([sys.executable, "-m", "kratomtrack", sub, "--help"],
                                  capture_output=True, text=True)
        assert sub_help.returncode == 0 and "--data-dir" in sub_help.stdout


def test_data_dir_before_or_after_the_subcommand(run_cli, tmp_path):
    from kratomtrack.cli import main
    assert main(["--data-dir", str(tmp_path / "a"), "where"]) == 0
    assert main(["where", "--data-dir", str(tmp_path / "b")]) == 0


def test_where_follows_environment(tmp_path):
    env = dict(os.environ, KRATOMTRACK_DATA_DIR=str(tmp_path / "env"))
    out = subprocess.run([sys.executable, "-m", "kratomtrack", "where"], env=env,
                         capture_output=True, text=True).stdout
    assert out.strip() == str(tmp_path / "env")


def test_import_prints_counts_and_refuses_bad_files_with_status_2(run_cli, tmp_path, data_dir):
    good = tmp_path / "d.csv"
    good.write_text("taken_at,grams,form,product,notes\n2026-11-18T08:00,2.5,powder,,\n")
    status, out, _ = run_cli("import", good)
    assert status == 0 and "1 added" in out
    status, out, _ = run_cli("import", good)
    assert status == 0 and "0 added, 1 already in the log" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("taken_at,grams,form,product,notes\n2026-11-18T09:00,250,powder,,\n")
    status, _, err = run_cli("import", good, bad)
    assert status == 2
    assert "Nothing was imported" in err and "bad.csv, line 2" in err and "at most 100" in err
    assert "Traceback" not in err


def test_import_conflict_exits_1_and_replace_overwrites(run_cli, tmp_path, data_dir):
    first = tmp_path / "c1.csv"
    first.write_text("date,pain,dizziness,notes\n2026-11-18,5,1,\n")
    second = tmp_path / "c2.csv"
    second.write_text("date,pain,dizziness,notes\n2026-11-18,7,1,\n")
    assert run_cli("import", first)[0] == 0
    status, out, _ = run_cli("import", second)
    assert status == 1 and "conflict" in out
    assert run_cli("import", second, "--replace")[0] == 0


def test_export_csv_and_json(run_cli, tmp_path):
    run_cli("demo", "--days", 20, "--today", TODAY)
    status, out, _ = run_cli("export", "--format", "csv", "-o", tmp_path / "out")
    assert status == 0
    assert (tmp_path / "out" / "doses.csv").read_text(encoding="utf-8-sig").startswith("taken_at,grams,form,product,notes")
    assert (tmp_path / "out" / "checkins.csv").read_text(encoding="utf-8-sig").startswith("date,pain,dizziness")
    status, _, _ = run_cli("export", "--format", "json", "-o", tmp_path / "log.json")
    assert status == 0 and '"kratomtrack-log"' in (tmp_path / "log.json").read_text()


def test_export_of_missing_log_says_so(run_cli, tmp_path):
    status, _, err = run_cli("export", "--format", "json", "-o", tmp_path / "x.json",
                             folder=tmp_path / "nothing")
    assert status == 2 and "no log" in err
    assert not (tmp_path / "nothing" / "kratomtrack.db").exists()


def test_demo_fills_empty_folder_and_refuses_a_used_one(run_cli, data_dir):
    status, out, _ = run_cli("demo", "--days", 30, "--today", TODAY)
    assert status == 0 and "demo" in out.lower()
    with LogDatabase.open_folder(data_dir) as db:
        doses = db.all_doses()
        assert doses and all(d.product.startswith("Demo ") for d in doses)
        assert max(d.day for d in doses) <= TODAY
        before = table_snapshot(db)
    status, _, err = run_cli("demo", "--days", 30)
    assert status == 2 and "already holds a log" in err
    with LogDatabase.open_folder(data_dir) as db:
        assert table_snapshot(db) == before


def test_foreign_file_gives_message_not_traceback(run_cli, data_dir, tmp_path):
    data_dir.mkdir()
    (data_dir / "kratomtrack.db").write_text("not a database at all, sorry")
    good = tmp_path / "d.csv"
    good.write_text("taken_at,grams,form,product,notes\n2026-11-18T08:00,2.5,powder,,\n")
    status, _, err = run_cli("import", good)
    assert status == 2 and "not a kratomtrack log" in err


@pytest.mark.parametrize("args, words", [(["demo", "--days", "0"], "from 1 to 36600"),
                                         (["demo", "--today", "2026-02-30"], "is not a real date")])
def test_bad_arguments_get_clear_messages(run_cli, args, words):
    """Refused while the arguments are read (cli.limits): the demo's usage and the words."""
    status, _, err = run_cli(*args)
    assert status == 2 and err.startswith("usage: kratomtrack demo") and words in err


@pytest.mark.parametrize("argv, expected", [
    ([], (True, None)),
    (["--data-dir", "/some/where"], (True, "/some/where")),
    (["--data-dir=/some/where"], (True, "/some/where")),
    (["--data-dir", "/a", "where"], (False, None)),
    (["where"], (False, None)),
    (["--help"], (False, None)),
    (["--version"], (False, None)),
    (["--self-test"], (False, None)),
    (["--data-dir"], (False, None)),  # argparse says the folder is missing
    (["--data-dir", "--help"], (False, None)),
    (["--data-dir="], (False, None)),
    (["--data-dir", ""], (False, None)),
])
def test_only_a_plain_window_start_skips_the_argument_parser(argv, expected):
    from kratomtrack.cli import window_only
    assert window_only(argv) == expected


def test_a_data_dir_without_a_folder_is_refused_with_usage(capsys):
    from kratomtrack.cli import main
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir"])
    assert exit_.value.code == 2 and "expected one argument" in capsys.readouterr().err
