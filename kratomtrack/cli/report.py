"""``kratomtrack report``: the summary for a doctor as a PDF, or its figures as JSON."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from kratomtrack.cli.log_access import (
    cannot_use_log,
    fail,
    log_errors,
    open_for_reading,
    reading_status,
    with_damage,
    write_failure,
)


def run_report(args, folder: Path) -> int:
    from kratomtrack.core.summary.build import check_summary_range
    from kratomtrack.core.validation import FieldError, parse_day, parse_text

    today = dt.date.today()
    try:
        end = parse_day(args.end, "--to") if args.end else today
        start = parse_day(args.start, "--from") if args.start else end - dt.timedelta(days=89)
        check_summary_range(start, end, today)
        name = parse_text(args.name, "--name", 100, multiline=False)
        if args.sections is not None:
            from kratomtrack.report.content import parse_sections

            try:
                args.sections = parse_sections(args.sections)
            except ValueError as err:
                return fail(f"--sections: {err}")
    except FieldError as err:
        field = err.problem.field
        return fail(f"{'--' + field if field in ('from', 'to') else field}: {err.problem.message}")
    output = Path(args.output)
    suffix = "." + args.format
    if output.suffix.lower() != suffix:
        return fail(f"{output} does not end in {suffix}; --format {args.format} writes a {suffix} file")
    from kratomtrack.store.output_paths import OutputRefused, refuse_folder_log_paths

    try:
        refuse_folder_log_paths(output, folder)
    except OutputRefused as err:
        return fail(str(err))
    return _summarise_and_write(args, folder, output, start, end, name, today)


def _summarise_and_write(args, folder: Path, output: Path, start, end, name, today) -> int:
    try:
        with open_for_reading(folder) as db:
            from kratomtrack.store.summary_source import summary_input

            data = summary_input(db, start, end, name=name or None, made_on=today)
            damaged, status = db, reading_status(db)
    except FileNotFoundError:
        return fail(f"there is no log in {folder} yet")
    except log_errors() as err:
        return cannot_use_log(err, folder)
    from kratomtrack.core.summary.build import summarise

    summary = summarise(data)
    try:
        if args.format == "pdf":
            written = _write_summary_pdf(summary, output, args, damaged.damage)
        else:
            written = _write_summary_json(summary, output, damaged)
    except OSError as err:
        return fail(f"could not write {output}: {write_failure(err, output)}")
    if not summary.has_records:
        print("Nothing was logged in this range; the summary says so.", file=sys.stderr)
    print(f"Wrote {output}{written}.")
    return status


def _write_summary_pdf(summary, output: Path, args, damage) -> str:
    from kratomtrack.report.content import summary_document
    from kratomtrack.report.printing import (
        default_paper,
        ensure_gui_application,
        page_layout,
        write_summary_pdf,
    )

    ensure_gui_application()
    document = summary_document(summary, day_table=args.day_table, sections=args.sections)
    if damage is not None:  # said on page 1, under the range: the figures miss what was skipped
        document = replace(document, header_lines=[*document.header_lines, _damaged_line(damage)])
    pages = write_summary_pdf(document, output, page_layout(args.paper or default_paper()))
    return f" ({pages} pages)"


def _damaged_line(damage) -> str:
    skipped = f" ({damage.skipped})" if damage.skipped else ""
    return (f"Made from a damaged log: only what could still be read is in this summary{skipped}. "
            "Records that could not be read are missing from every figure.")


def _write_summary_json(summary, output: Path, db) -> str:
    import json

    from kratomtrack.core.summary.as_json import summary_as_dict
    from kratomtrack.store.formats import write_text_atomically

    # A private file (0600), written whole or not at all, like every export.
    write_text_atomically(output, json.dumps(with_damage(summary_as_dict(summary), db),
                                             ensure_ascii=False, indent=1) + "\n")
    return ""
