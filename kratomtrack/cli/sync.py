"""``kratomtrack sync setup FOLDER | now | status | leave`` (each with ``--json``).

Sync through a folder (store/sync/): this computer writes its own files in
FOLDER and merges the other computers'. ``setup`` on a second computer whose
log has records of its own shows how many records each side adds and asks
before merging (``--yes`` answers for it). A protected log's passphrase comes
from KRATOMTRACK_SYNC_PASSPHRASE (the passphrase the folder's files were
written with, when it differs from this log's), else KRATOMTRACK_PASSPHRASE,
else it is asked for without echo.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from kratomtrack.cli.log_access import EXIT_OK, cannot_use_log, fail, log_errors, open_for_writing

SYNC_PASSPHRASE_ENV = "KRATOMTRACK_SYNC_PASSPHRASE"


def add_parser(sub, data_dir: argparse.ArgumentParser) -> None:
    sync = sub.add_parser(
        "sync", parents=[data_dir], help="keep this log the same on several computers through a folder",
        description="Sync the log with your other computers through a folder they all see "
                    "(Syncthing, Nextcloud, Dropbox, a USB stick). Each computer writes only its own "
                    "files there and merges the others'; the live log never goes into the folder. "
                    "No server, no account.")
    actions = sync.add_subparsers(dest="action", metavar="ACTION", required=True)
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="print the result as JSON")
    setup = actions.add_parser(
        "setup", parents=[json_flag], help="start syncing with FOLDER",
        description="Start syncing with FOLDER. On the first computer it writes the whole log "
                    "there; on a second with an empty log it takes everything; on a second with "
                    "records of its own it says how many each side adds and asks before merging.")
    setup.add_argument("folder", metavar="FOLDER")
    setup.add_argument("--yes", action="store_true", help="merge both logs without asking")
    actions.add_parser("now", parents=[json_flag], help="merge with the folder now")
    actions.add_parser("status", parents=[json_flag], help="say how sync stands")
    actions.add_parser("leave", parents=[json_flag],
                       help="stop syncing (this log keeps every record; the folder's files stay)")
    sync.set_defaults(run=run_sync)


def run_sync(args, folder: Path) -> int:
    from kratomtrack.store.sync.merging import SyncError

    try:
        with open_for_writing(folder) as db:
            return {"setup": _setup, "now": _now, "status": _status, "leave": _leave}[args.action](db, args)
    except SyncError as err:
        return fail(str(err))
    except log_errors() as err:
        return cannot_use_log(err, folder)


def _print(args, data: dict, lines: list[str]) -> None:
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print("\n".join(lines))


def _merge_data(result) -> dict:
    return {"sent": result.sent, "received": result.received, "files_merged": result.files,
            "changed_on_both": result.changed_on_both, "problems": result.problems}


def _merge_lines(result) -> list[str]:
    lines = [f"Merged: {result.sent} record(s) changed here were written for your other computers; "
             f"{result.received} record(s) came from them ({result.files} file(s) merged)."]
    if result.changed_on_both:
        lines.append(f"{result.changed_on_both} record(s) were changed on both computers: one version "
                     "was kept and the other is listed under Day → Sync (\u201cChanged on both computers\u201d).")
    lines += [f"Problem: {problem}" for problem in result.problems]
    return lines


def _setup(db, args) -> int:
    from kratomtrack.store import cipher
    from kratomtrack.store.sync import joining

    passphrase = None
    if cipher.is_encrypted(db.conn) or _folder_is_protected(Path(args.folder)):
        passphrase = _passphrase()

    def confirm(sides) -> bool:
        if args.yes:
            return True
        print(sides.sentence())
        return _ask_yes("Merge both logs now? [y/N] ")

    result = joining.setup(db, args.folder, passphrase=passphrase, confirm=confirm)
    data = {"role": result.role, "folder": str(Path(args.folder).expanduser().resolve()),
            **_merge_data(result.merge)}
    if result.sides is not None:
        data["sides"] = {"only_here": result.sides.only_here, "only_there": result.sides.only_there,
                         "different": result.sides.different}
    words = {"first": "This is the first computer: the whole log was written to the sync folder.",
             "took everything": "This computer took the whole log from the sync folder.",
             "merged": "Both logs were merged."}[result.role]
    _print(args, data, [words, *_merge_lines(result.merge)])
    return EXIT_OK


def _now(db, args) -> int:
    from kratomtrack.store.sync.merging import sync_now

    result = sync_now(db)
    _print(args, _merge_data(result), _merge_lines(result))
    return EXIT_OK


def _status(db, args) -> int:
    from kratomtrack.store.sync.status import sync_status

    status = sync_status(db)
    _print(args, status.as_dict(), status.lines())
    return EXIT_OK


def _leave(db, args) -> int:
    from kratomtrack.store.sync.joining import leave

    config = leave(db)
    if config is None:
        _print(args, {"left": None}, ["This log was not syncing; nothing was changed."])
    else:
        _print(args, {"left": config.folder},
               [f"This log no longer syncs with {config.folder}. It keeps every record; the files in "
                "the folder were left there (the other computers keep syncing with each other)."])
    return EXIT_OK


def _folder_is_protected(folder: Path) -> bool:
    from kratomtrack.store.sync import folder as files

    try:
        for found in files.list_files(folder.expanduser()):
            header = files.read_header(found.path.read_bytes(), found.name)[0]
            return header.get("seal") == files.AES_GCM
    except (OSError, files.SyncFileError):
        pass
    return False


def _passphrase() -> str | None:
    from kratomtrack.cli.protection import _ask
    from kratomtrack.store.protection import PASSPHRASE_ENV

    return (os.environ.get(SYNC_PASSPHRASE_ENV) or os.environ.get(PASSPHRASE_ENV)
            or _ask("Passphrase for the sync folder's files: ") or None)


def _ask_yes(prompt: str) -> bool:
    if not sys.stdin.isatty():
        print("(not asked: no terminal; give --yes to merge both logs)")
        return False
    try:
        return input(prompt).strip().lower() in ("y", "yes")
    except EOFError:
        return False
