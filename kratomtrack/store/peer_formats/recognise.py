"""Which format a file is in, by its content, and reading it.

kratomtrack's own exports go to store.formats (JSON) and store.csv_formats;
the peers' files to their modules here. A workbook (.xlsx, .ods) and a CSV
file whose header no format has are the person's own spreadsheet, read
through a mapping of its columns (store/sheet_import.py). A JSON file nobody
recognises is refused with its top-level keys and the formats that are read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os

from kratomtrack.store import csv_formats, formats
from kratomtrack.store.formats import ParsedFile
from kratomtrack.store.input_files import InputRefused, decode_input, read_input
from kratomtrack.store.peer_formats import herbal_tracker, psychonaut_journal, track_and_graph
from kratomtrack.store.peer_formats.options import ReadOptions
from kratomtrack.store.peer_formats.peer_file import PeerFile
from kratomtrack.store.sheet_files import is_workbook
from kratomtrack.store.sheet_import import read_sheet_file

SEMICOLONS = "semicolons-csv"  # the kind of a file that --semicolons would read
KNOWN_FORMATS = (
    "kratomtrack's own CSV and JSON exports, Herbal Tracker+ (CSV export or JSON backup), "
    "PsychonautWiki Journal (JSON export), Track & Graph (CSV export), and a spreadsheet "
    "of your own (CSV, .xlsx or .ods) through a mapping of its columns; "
    "see \"Moving from another app\" in the README"
)


def read_file(path: str | os.PathLike, *, today: dt.date, options: ReadOptions = ReadOptions()) -> ParsedFile:
    """Recognise a file's format from its content and read every record in it."""
    parsed = ParsedFile(str(path))
    try:
        raw = read_input(path)  # store/input_files.py: limits, pipes, encodings
        if is_workbook(str(path), raw):
            return read_sheet_file(path, today=today, choices=options.sheet, raw=raw)
        text = decode_input(raw)
    except InputRefused as refused:
        parsed.refuse("", str(refused))
        return parsed
    if text.lstrip().startswith(("{", "[")):
        return _read_json(text, parsed, today)
    return _read_csv(text, parsed, today, options)


def _read_json(text: str, parsed: ParsedFile, today: dt.date) -> ParsedFile:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        formats.read_json(text, parsed, today)  # says what is wrong with the JSON
        return parsed
    keys = set(data) if isinstance(data, dict) else set()
    if "format" in keys:
        formats.read_json(text, parsed, today)
        return parsed
    peer = PeerFile(parsed.path)
    if herbal_tracker.JSON_KEYS <= keys:
        herbal_tracker.read_json(data, peer, today)
        return peer
    if psychonaut_journal.JSON_KEYS <= keys:
        psychonaut_journal.read_json(data, peer, today)
        return peer
    found = ", ".join(f'"{k}"' for k in list(data)[:12]) if keys else "no named keys"
    parsed.refuse("", f"is JSON that kratomtrack does not recognise (top-level keys: {found}). "
                      f"kratomtrack reads {KNOWN_FORMATS}")
    return parsed


def _read_csv(text: str, parsed: ParsedFile, today: dt.date, options: ReadOptions) -> ParsedFile:
    first = text.splitlines()[0] if text.strip() else ""
    names = [h.strip().casefold() for h in first.split(",")]
    peer = PeerFile(parsed.path)
    try:
        if names == herbal_tracker.CSV_HEADER:
            herbal_tracker.read_csv(list(csv_formats.numbered_rows(text))[1:], peer, today)
            return peer
        if [n.replace(" ", "") for n in names] == track_and_graph.CSV_HEADER:
            track_and_graph.read_csv(list(csv_formats.numbered_rows(text))[1:], peer, today, options)
            return peer
    except csv.Error as err:
        peer.refuse("", f"is not a readable CSV file ({err}); is it truncated?")
        return peer
    own = [h.strip().strip("'").casefold() for h in first.split(",")]
    if own == csv_formats.DOSES_HEADER or own[:2] == csv_formats.CHECKINS_FIRST:
        csv_formats.read_csv(text, parsed, today)
        return parsed
    semi = [h.strip().casefold() for h in first.split(";")]
    if semi == csv_formats.DOSES_HEADER or semi[:2] == csv_formats.CHECKINS_FIRST:
        if options.semicolons:
            csv_formats.read_csv(from_semicolons(text), parsed, today)
        else:
            parsed.kind = SEMICOLONS
            parsed.refuse("line 1", "looks like a kratomtrack CSV saved by a spreadsheet with ';' between "
                                    "values and decimal commas (2,5); it can be read as such "
                                    "(kratomtrack import --semicolons; the window asks)")
        return parsed
    return read_sheet_file(parsed.path, today=today, choices=options.sheet, text=text)


def from_semicolons(text: str) -> str:
    """A ';'-separated export with decimal commas, as the comma CSV kratomtrack writes."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    grams_at = [h.strip().casefold() for h in rows[0]].index("grams") if rows and "grams" in [
        h.strip().casefold() for h in rows[0]] else None
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for i, row in enumerate(rows):
        if i and grams_at is not None and grams_at < len(row):
            row[grams_at] = row[grams_at].replace(",", ".")
        writer.writerow(row)
    return out.getvalue()
