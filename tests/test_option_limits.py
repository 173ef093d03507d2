"""Issue 26 (input): every number and date option of every command goes through one
limit check (kratomtrack.cli.limits): finite, in a range said in words, a day the app
handles, and not in the future where the future makes no sense. A bad value is exit 2
with the subcommand's usage and the words, never a traceback; so is a bad option after
a subcommand, a --data-dir over the system's path limits, and a number in a whole-log
JSON file's plan that no arithmetic may meet."""

import datetime as dt
import json
import subprocess

import pytest

from kratomtrack.cli import main
from kratomtrack.cli.parser import build_parser
from kratomtrack.core.plan import Plan, PlanStep, steps_from_numbers, validate_plan
from kratomtrack.core.validation import FieldError

from real_command import kratomtrack, snapshot

# Where each subcommand path needs more arguments to get to its options.
REQUIRED = {("report",): ["-o", "summary.json", "--format", "json"], ("background", "set"): ["opioids", "yes"]}
# DATE of `day` is a positional checked by the day command itself (core.whole_records.check_day,
# the window's rule for a day that may be logged); the fuzz below runs it all the same.
CHECKED_BY_THE_COMMAND = {(("day",), "date")}
BAD_VALUES = ["nan", "NaN", "inf", "-inf", "Infinity", "1e400", "1e308", "-1e400", "-1", "-0.5", "",
              " ", "x", "0x10", "1_0", "\uff11\uff12", "9" * 5000, "0001-01-01", "9999-12-31",
              "1969-12-31", "2026-02-30", "2026-13-01", "+5", "5,5", "1.2.3", "\x00"]
STEP_BAD_VALUES = ["2026-01-01:1e400", "2026-01-01:nan", "2026-01-01:inf", "2026-01-01:-1",
                   "2026-01-01:100.001", "2026-01-01:2:51", "2026-01-01:2:-1", "2026-01-01:2:1e400",
                   "9999-12-31:5", "0001-01-01:5", "2026-01-01", "2026-01-01::", ":5", "::", "a:b:c:d"]


def _options():
    """Every option and positional of every subcommand that takes a number or a date,
    with the subcommand path it belongs to."""
    found = []

    def walk(parser, path):
        for action in parser._actions:  # argparse offers no public walk of its options
            if action.choices and isinstance(action.choices, dict):  # a subparsers action
                for name, child in action.choices.items():
                    walk(child, (*path, name))
            elif _takes_number_or_date(action):
                found.append((path, action))

    walk(build_parser(), ())
    return found


def _limit_checked(action) -> bool:
    """Whether the option's value is read by one of kratomtrack.cli.limits's checks."""
    return getattr(action.type, "__module__", None) == "kratomtrack.cli.limits"


def _takes_number_or_date(action) -> bool:
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    return (action.type in (int, float) or _limit_checked(action)
            or metavar in ("N", "G") or "YYYY" in metavar or "DATE" in metavar)


OPTIONS = _options()


def test_every_number_and_date_option_is_read_by_the_one_limit_check():
    names = {(path, action.dest) for path, action in OPTIONS}
    # The options the issue named and the others parser.py has: none may be missing from the walk.
    assert names >= {(("demo",), "days"), (("demo",), "today"), (("warning",), "today"),
                     (("patterns",), "today"), (("report",), "start"), (("report",), "end"),
                     (("plan", "show"), "today"), (("plan", "set"), "start"), (("plan", "set"), "step"),
                     (("plan", "set"), "from_grams"), (("plan", "set"), "to_grams"),
                     (("plan", "set"), "step_grams"), (("plan", "set"), "days_per_step"),
                     (("plan", "end"), "on"), (("day",), "date")}
    unchecked = [(path, action.dest) for path, action in OPTIONS
                 if (path, action.dest) not in CHECKED_BY_THE_COMMAND
                 and not _limit_checked(action)]
    assert unchecked == []


def _argv(path, action, value):
    name = action.option_strings[-1] if action.option_strings else None
    tail = [name, value] if name else [value]
    if path == ("day",):
        tail.append("--no-kratom")
    return [*path, *REQUIRED.get(path, []), *tail]


# "Taken since" goes back to 1900 (core.background): 1969 is a real answer there.
ALLOWED = {(("background", "set"), "since"): {"1969-12-31"}}


def _cases():
    for path, action in OPTIONS:
        values = STEP_BAD_VALUES + BAD_VALUES if action.dest == "step" else BAD_VALUES
        values = [v for v in values if v not in ALLOWED.get((path, action.dest), ())]
        for value in values:
            yield pytest.param(path, action, value, id=f"{' '.join(path)} {action.dest}={value[:12]!r}")


@pytest.mark.parametrize("path, action, value", list(_cases()))
def test_a_bad_value_of_every_option_is_usage_and_words(tmp_path, capsys, monkeypatch, path, action, value):
    monkeypatch.chdir(tmp_path)  # report -o summary.json lands here, were it written
    folder = tmp_path / "data"
    try:
        status = main(["--data-dir", str(folder), *_argv(path, action, value)])
    except SystemExit as exit_:
        status = exit_.code
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err
    if (path, action.dest) in CHECKED_BY_THE_COMMAND:  # a value such as -1 reads as an unknown option
        assert "Nothing was changed" in err or err.startswith(f"usage: kratomtrack {' '.join(path)} ")
    else:
        assert err.startswith(f"usage: kratomtrack {' '.join(path)} ")
        shown = "/".join(action.option_strings) or action.metavar
        assert f"argument {shown}: " in err and len(err.splitlines()[-1]) > len(shown) + 30
    assert not (folder / "kratomtrack.db").exists()
    assert not (tmp_path / "summary.json").exists()


def test_each_range_is_said_in_words_and_holds_at_its_ends():
    from kratomtrack.cli.limits import DEMO_DAYS, LEAF_GRAMS, PAST_DAY, PLAN_DAY, STEP_GRAMS, plan_step

    today = dt.date.today()
    assert PAST_DAY(today.isoformat()) == today and PAST_DAY("1970-01-01") == dt.date(1970, 1, 1)
    last = today + dt.timedelta(days=3653)
    assert PLAN_DAY(last.isoformat()) == last
    for check, text, words in (
            (PAST_DAY, (today + dt.timedelta(days=1)).isoformat(), "is in the future; give a day from "
                                                                   f"1970-01-01 to today ({today})"),
            (PAST_DAY, "1969-12-31", "is before 1970"),
            (PLAN_DAY, (last + dt.timedelta(days=1)).isoformat(), f"to ten years from today ({last})"),
            (LEAF_GRAMS, "100.001", "from 0 to 100"), (STEP_GRAMS, "0", "from 0.001 to 100"),
            (DEMO_DAYS, "36601", "whole number of days from 1 to 36600")):
        with pytest.raises(Exception) as refused:
            check(text)
        assert words in str(refused.value), (text, str(refused.value))
    assert LEAF_GRAMS("100") == 100.0 and LEAF_GRAMS("0") == 0.0 and LEAF_GRAMS(" 2.25 ") == 2.25
    assert DEMO_DAYS("36600") == 36600 and STEP_GRAMS("0.001") == 0.001
    assert plan_step("2026-11-01::3") == PlanStep(dt.date(2026, 11, 1), None, 3)
    assert plan_step("2026-11-01:2.5:2") == PlanStep(dt.date(2026, 11, 1), 2500, 2)


def test_a_plan_spans_at_most_ten_years_and_stays_inside_the_calendar():
    with pytest.raises(FieldError, match="ten years"):
        steps_from_numbers(dt.date(2026, 11, 1), 100, 0, 1, 365)
    with pytest.raises(FieldError, match="ten years"):
        validate_plan(Plan((PlanStep(dt.date(2026, 1, 1), 5000), PlanStep(dt.date(2037, 1, 1), 4000))))
    with pytest.raises(FieldError, match="check the year"):
        validate_plan(Plan((PlanStep(dt.date(9999, 12, 31), 5000),)))
    with pytest.raises(FieldError, match="check the year"):
        validate_plan(Plan((PlanStep(dt.date(2026, 1, 1), 5000),), ended=dt.date(9999, 12, 31)))
    for bad in (float("nan"), float("inf"), 1e308, -1.0, 10 ** 400):
        with pytest.raises(FieldError, match="from 0 to 100"):
            steps_from_numbers(dt.date(2026, 11, 1), bad, 0, 1, 7)


# --- the issue's reproductions, as real commands ---------------------------------------------

TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("args, words", [
    (["plan", "set", "--step", "2026-11-01:1e400"], "argument --step: '1e400' is not a number of grams"),
    (["plan", "set", "--step", "2026-11-01:nan"], "argument --step: 'nan' is not a number of grams"),
    (["plan", "set", "--start", "2026-11-01", "--from-grams", "1e308", "--to-grams", "1", "--step-grams", "1",
      "--days-per-step", "7"], "argument --from-grams: '1e308' is not a number of grams"),
    (["plan", "set", "--start", "9999-12-31", "--from-grams", "6", "--to-grams", "1", "--step-grams", "1",
      "--days-per-step", "7"], "argument --start: 9999-12-31 is more than ten years from today"),
    (["demo", "--today", "0001-01-01"], "argument --today: 0001-01-01 is before 1970"),
    (["warning", "--today", "0001-01-01"], "argument --today: 0001-01-01 is before 1970"),
    (["patterns", "--today", "0001-01-01"], "argument --today: 0001-01-01 is before 1970"),
    (["warning", "--today", TOMORROW], f"argument --today: {TOMORROW} is in the future"),
    (["patterns", "--today", TOMORROW], f"argument --today: {TOMORROW} is in the future"),
    (["report", "--to", TOMORROW, "-o", "s.json", "--format", "json"], f"argument --to: {TOMORROW} is in the future"),
])
def test_the_issues_bad_options_are_usage_and_words(tmp_path, args, words):
    folder = tmp_path / "data"
    assert kratomtrack(folder, "demo", "--days", "20").returncode == 0
    before = snapshot(folder)
    result = kratomtrack(folder, *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and words in result.stderr
    assert result.stderr.startswith(f"usage: kratomtrack {args[0]}")
    assert snapshot(folder) == before


def _run(tmp_path, *argv):
    from real_command import ROOT
    import os
    import sys

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "kratomtrack", *argv], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)


@pytest.mark.parametrize("folder", ["a" * 5000, "/tmp/" + "b" * 300, "/tmp/" + "c/" * 2100])
@pytest.mark.parametrize("command", [["where"], ["warning"], ["export", "--format", "json", "-o", "x.json"], []])
def test_a_data_dir_over_the_path_limit_is_refused_in_words(tmp_path, folder, command):
    result = _run(tmp_path, "--data-dir", folder, *command)  # [] would open the window
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "path is too long" in result.stderr
    assert "bytes" in result.stderr and "Nothing was done" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv, usage", [
    (["plan", "set", "--bogus"], "usage: kratomtrack plan set "),
    (["plan", "show", "--today", "2026-11-01", "extra"], "usage: kratomtrack plan show "),
    (["warning", "--jsn"], "usage: kratomtrack warning "),
    (["report", "-o", "s.pdf", "--paper", "a4", "--bogus"], "usage: kratomtrack report "),
    (["export", "--format", "json", "-o", "x.json", "--bogus"], "usage: kratomtrack export "),
    (["plan", "--bogus", "show"], "usage: kratomtrack plan "),
])
def test_a_bad_option_after_a_subcommand_gets_that_subcommands_usage(run_cli, argv, usage):
    status, out, err = run_cli(*argv)
    assert status == 2 and out == ""
    assert err.startswith(usage) and "unrecognized arguments" in err
    assert "SUBCOMMAND" not in err


def test_a_bad_option_before_any_subcommand_still_gets_the_top_usage(run_cli):
    status, _, err = run_cli("--bogus")
    assert status == 2 and err.startswith("usage: kratomtrack [-h]") and "unrecognized arguments: --bogus" in err


@pytest.mark.parametrize("leaf", ["1e400", "NaN", "-Infinity", "-1", "100.5"])
def test_a_json_plan_with_a_number_no_arithmetic_may_meet_is_bad_input_in_words(tmp_path, leaf):
    folder = tmp_path / "data"
    assert kratomtrack(folder, "demo", "--days", "20").returncode == 0
    whole = tmp_path / "log.json"
    assert kratomtrack(folder, "export", "--format", "json", "-o", whole).returncode == 0
    data = json.loads(whole.read_text())
    data["plans"] = [{"steps": [{"from": "2026-11-01", "leaf_grams": "@@", "doses": None}],
                      "ended": None, "note": ""}]
    whole.write_text(json.dumps(data).replace('"@@"', leaf))
    before = snapshot(folder)
    result = kratomtrack(folder, "import", whole)
    assert result.returncode == 2, result.stderr  # bad input, not 1 (the conflicts code)
    assert "Traceback" not in result.stderr
    assert "plans[0]: leaf_grams: must be a number of leaf grams a day from 0 to 100" in result.stderr
    assert snapshot(folder) == before
