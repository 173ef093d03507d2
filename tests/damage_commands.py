"""Every command on one (damaged) log, in one process: the damage fuzz's runner.

Run as ``python tests/damage_commands.py SPEC.json RESULT.json`` by
tests/test_damage_fuzz_commands.py, one process per damaged file (a crash
in one damage never hides another's). Each command runs through
``kratomtrack.cli.main`` exactly as the real program does, its output
captured; the result says, for each: its exit status, its stderr, whether an
exception escaped it (its traceback), whether the log file's bytes changed,
and the figures it wrote (warning --json, report --format json, export json).

SPEC holds: folder (the damaged log's data folder), out (a folder for the
outputs), restore_into (a data folder with a healthy log, into which the
damaged file is restored as a backup), import_file (a small doses CSV),
today, first_day (the report's --from).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sys
import traceback
from pathlib import Path

# The commands, in order: those that only read first, then the writers.
READERS = ("check", "export json", "export csv", "report pdf", "report json", "plan show",
           "warning", "patterns", "background", "backup list")
WRITERS = ("restore", "day", "import")
# Volatile parts of the figures (when and where they were written), left out of comparisons.
VOLATILE_KEYS = {"exported_at", "written_at", "generated_at", "generated", "created", "made_at",
                 "version", "app_version", "path", "log", "folder", "damaged_log",
                 "since_last_dose_minutes"}  # counted from the computer's clock


def arguments(name: str, spec: dict) -> list[str]:
    out, today = Path(spec["out"]), spec["today"]
    return {
        "check": ["check"],
        "export json": ["export", "--format", "json", "-o", str(out / "export.json")],
        "export csv": ["export", "--format", "csv", "-o", str(out / "csv")],
        "report pdf": ["report", "--from", spec["first_day"], "--to", today, "-o", str(out / "summary.pdf")],
        "report json": ["report", "--format", "json", "--from", spec["first_day"], "--to", today,
                        "-o", str(out / "summary.json")],
        "plan show": ["plan", "show", "--json", "--today", today],
        "warning": ["warning", "--json", "--today", today],
        "patterns": ["patterns", "--json", "--today", today],
        "background": ["background"],
        "backup list": ["backup", "--list"],
        "restore": ["--data-dir", spec["restore_into"], "restore", str(Path(spec["folder"]) / "kratomtrack.db")],
        "day": ["day", spec["unmarked_day"], "--clear"],
        "import": ["import", spec["import_file"]],
    }[name]


def digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


def run_one(name: str, spec: dict) -> dict:
    from kratomtrack.cli import main

    folder = Path(spec["folder"])
    log = folder / "kratomtrack.db"
    args = arguments(name, spec)
    if args[0] != "--data-dir":
        args = ["--data-dir", str(folder), *args]
    before = digest(log)
    out, err = io.StringIO(), io.StringIO()
    escaped = ""
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(args)
        except SystemExit as exit_:  # argparse's refusals, as the real command exits
            status = exit_.code if isinstance(exit_.code, int) else 2
        except BaseException:  # noqa: BLE001 — what the fuzz looks for
            status = None
            escaped = traceback.format_exc()
    kept = None if name == "warning" else 4000  # the warning's figures are read from its stdout
    return {"name": name, "status": status, "stdout": out.getvalue()[-kept if kept else 0:],
            "stderr": err.getvalue()[-4000:], "escaped": escaped,
            "log_changed": digest(log) != before}


def stable(value):
    """``value`` without its volatile parts, so two runs' figures compare equal."""
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


def figures(results: dict, spec: dict) -> dict:
    """What warning --json, report --format json and export json said, comparable."""
    out = Path(spec["out"])
    found = {}
    texts = {"warning": results["warning"]["stdout"] if results["warning"]["status"] == 0 else None}
    for name, file in (("report json", "summary.json"), ("export json", "export.json")):
        written = out / file
        texts[name] = written.read_text(encoding="utf-8") if results[name]["status"] == 0 and written.is_file() else None
    for name, text in texts.items():
        if text is not None:
            try:
                found[name] = stable(json.loads(text))
            except ValueError as err:  # a command that said it worked wrote no JSON: a finding
                found[name] = f"not JSON ({err}): {text[:200]!r}"
    return found


def main_(spec_path: str, result_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text())
    results = {name: run_one(name, spec) for name in (*READERS, *WRITERS)}
    restored = Path(spec["restore_into"]) / "kratomtrack.db"
    report = {"results": results, "figures": figures(results, spec),
              "restore_target_changed": digest(restored) != spec["restore_into_digest"]}
    Path(result_path).write_text(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main_(*sys.argv[1:3]))
