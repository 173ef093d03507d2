"""``kratomtrack import`` and ``kratomtrack export``: a log in and out of files."""

from __future__ import annotations

import sys
from pathlib import Path

from kratomtrack.cli.log_access import (
    EXIT_CONFLICTS,
    EXIT_INVALID,
    EXIT_OK,
    cannot_use_log,
    fail,
    log_errors,
    open_for_reading,
    open_for_writing,
    reading_status,
)


def run_import(args, folder: Path) -> int:
    import datetime as dt

    from kratomtrack.cli.sheet_options import print_guesses, sheet_choices
    from kratomtrack.store.peer_formats.options import ReadOptions
    from kratomtrack.store.sheet_import import remember_mappings, remembered_mappings
    from kratomtrack.store.transfer import ImportRefused, import_parsed, read_files

    today = dt.date.today()
    try:
        with open_for_writing(folder) as db:
            options = ReadOptions(args.grams_feature, args.pain_feature, args.semicolons,
                                  sheet_choices(args, remembered_mappings(db)))
            files = read_files(args.files, today=today, options=options)
            report = import_parsed(db, files, replace=args.replace,
                                   mark_days_without_doses=args.days_without_doses == "no-kratom")
            remember_mappings(db, files)  # the next file with the same header needs no --map
    except ImportRefused as refused:
        print("Nothing was imported; the log is unchanged. Problems:", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        print_guesses(refused.files, today)
        return EXIT_INVALID
    except log_errors() as err:
        return cannot_use_log(err, folder)
    for line in report.lines():
        print(line)
    return EXIT_CONFLICTS if report.conflicts else EXIT_OK


def run_export(args, folder: Path) -> int:
    from kratomtrack.cli.log_access import write_failure
    from kratomtrack.store.output_paths import OutputRefused
    from kratomtrack.store.transfer import export_csv, export_json

    try:
        with open_for_reading(folder) as db:
            if args.format == "csv":
                written = export_csv(db, args.output)
            else:
                written = [export_json(db, args.output, damage=db.damage and db.damage.as_dict())]
            status = reading_status(db)
    except FileNotFoundError:
        return fail(f"there is no log in {folder} yet")
    except log_errors() as err:
        return cannot_use_log(err, folder)
    except OutputRefused as err:  # before anything was written (store.output_paths)
        return fail(str(err))
    except OSError as err:
        return fail(f"could not write {args.output}: {write_failure(err, Path(args.output))}")
    for path in written:
        print(f"Wrote {path}")
    return status
