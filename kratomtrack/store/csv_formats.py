"""kratomtrack's two CSV files, read and written: doses.csv and checkins.csv.

The columns are described in store/formats.py. Rows are read one at a time
and every bad row is a FileProblem naming its line; cells pass through
store/spreadsheet.py so that a spreadsheet never runs one as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from kratomtrack.core.amounts import exact_grams
from kratomtrack.core.records import CheckIn, Dose, SideEffect
from kratomtrack.core.validation import (
    FieldError,
    InvalidRecord,
    NOTE_MAX,
    Problem,
    parse_day,
    parse_pain,
    parse_ratings,
    parse_text,
    side_effect_name,
)
from kratomtrack.core.whole_records import dose_from_text
from kratomtrack.store.formats import ParsedFile, add_checkin, add_no_use_day, minute_text
from kratomtrack.store.spreadsheet import BOM, SafeWriter, unquote_cell

DOSES_HEADER = ["taken_at", "grams", "form", "product", "notes"]
CHECKINS_FIRST = ["date", "pain"]
CHECKINS_LAST = "notes"
# Check-ins CSV column after "pain", written only when a day is marked "no kratom
# today": "yes" marks the day (a row may hold nothing else), empty leaves it unmarked.
NO_KRATOM = "no_kratom"
NO_KRATOM_YES = "yes"


# --- reading -------------------------------------------------------------------


def read_csv(text: str, parsed: ParsedFile, today: dt.date) -> None:
    """Read a kratomtrack doses or check-ins CSV, recognised by its header, into ``parsed``."""
    # Rows are read one at a time: a million-row file is never held as a list of rows.
    rows = numbered_rows(text)
    try:
        first = next(rows, None)
        if first is None:
            parsed.refuse("", "is empty")
            return
        header_line, header = first
        header = [unquote_cell(h) for h in header]
        names = [h.strip().casefold() for h in header]
        if names == DOSES_HEADER:
            parsed.kind = "doses-csv"
            _read_doses(rows, parsed, today)
            return
        if len(names) >= 3 and names[:2] == CHECKINS_FIRST and names[-1] == CHECKINS_LAST:
            parsed.kind = "checkins-csv"
            _read_checkins([h.strip() for h in header], rows, parsed, today)
            return
    except csv.Error as err:
        parsed.refuse("", f"is not a readable CSV file ({err}); is it truncated?")
        return
    parsed.refuse(
        f"line {header_line}",
        "is not a kratomtrack file: a doses CSV starts with the header "
        f"'{','.join(DOSES_HEADER)}', a check-ins CSV with 'date,pain,…,notes', "
        "and a JSON export with {\"format\": \"kratomtrack-log\"",
    )


def numbered_rows(text: str, delimiter: str = ","):
    """Rows with the line each starts on, skipping blank lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    line = 1
    for row in reader:
        start, line = line, reader.line_num + 1
        if row and any(cell.strip() for cell in row):
            yield start, row


def _read_doses(rows, parsed: ParsedFile, today: dt.date) -> None:
    for number, row in rows:
        where = f"line {number}"
        if len(row) != len(DOSES_HEADER):
            parsed.refuse(where, f"has {len(row)} columns; expected {len(DOSES_HEADER)} ({','.join(DOSES_HEADER)})")
            continue
        taken_at, grams, form, product, notes = (unquote_cell(cell) for cell in row)
        try:
            parsed.doses.append((where, dose_from_text(taken_at, grams, form, product, notes, today=today)))
        except InvalidRecord as err:
            parsed.refuse_record(where, err)


def _read_checkins(header, rows, parsed: ParsedFile, today: dt.date) -> None:
    marks = len(header) >= 4 and header[2].casefold() == NO_KRATOM
    first_effect = 3 if marks else 2
    names = _side_effect_columns(header[first_effect:-1], parsed)
    if names is None:
        return
    # The header declares the side effects, even those no row rated.
    parsed.side_effects = [SideEffect(n, position=i) for i, n in enumerate(names)]
    seen: dict[dt.date, str] = {}
    for number, row in rows:
        where = f"line {number}"
        if len(row) != len(header):
            parsed.refuse(where, f"has {len(row)} columns; the header has {len(header)}")
            continue
        row = [unquote_cell(cell) for cell in row]
        problems: list[Problem] = []
        day = pain = None
        note = ""
        try:
            day = parse_day(row[0])
        except FieldError as err:
            problems.append(err.problem)
        try:
            pain = parse_pain(row[1])
        except FieldError as err:
            problems.append(err.problem)
        ratings = parse_ratings(zip(names, row[first_effect:-1]), problems)
        try:
            note = parse_text(row[-1], "notes", NOTE_MAX, True)
        except FieldError as err:
            problems.append(err.problem)
        marked = marks and row[2].strip().casefold() == NO_KRATOM_YES
        if marks and not marked and row[2].strip():
            problems.append(Problem(NO_KRATOM, f"must be '{NO_KRATOM_YES}' or empty, not '{row[2].strip()}'"))
        if problems:
            parsed.refuse(where, "; ".join(str(p) for p in problems))
            continue
        checkin = CheckIn(day, pain, ratings, note)
        if marked:
            add_no_use_day(parsed, where, day, today)
        if not (marked and checkin.is_empty):
            add_checkin(parsed, where, checkin, seen, today)


def _side_effect_columns(columns: list[str], parsed: ParsedFile) -> list[str] | None:
    """The side effects the header names, or None (refused) for a bad or repeated name."""
    names: list[str] = []
    folded: set[str] = set()
    for column in columns:
        try:
            name = side_effect_name(column)
        except FieldError as err:
            parsed.refuse("line 1", f"column '{column}': {err.problem.message}")
            return None
        if name.casefold() in folded:
            parsed.refuse("line 1", f"column '{name}' appears twice")
            return None
        names.append(name)
        folded.add(name.casefold())
    return names


# --- writing --------------------------------------------------------------------


def doses_csv(doses: list[Dose]) -> str:
    out = io.StringIO(newline="")
    out.write(BOM)
    writer = SafeWriter(out)
    writer.writerow(DOSES_HEADER)
    for d in doses:
        writer.writerow([minute_text(d.taken_at), exact_grams(d.milligrams), d.form.value, d.product, d.note])
    return out.getvalue()


def checkins_csv(checkins: list[CheckIn], side_effects: list[SideEffect],
                 no_use_days: set[dt.date] = frozenset()) -> str:
    """The check-ins, one row a day; days marked "no kratom today" get the NO_KRATOM
    column (only when there are any, so files without marks read as before)."""
    names = [s.name for s in side_effects]
    out = io.StringIO(newline="")
    out.write(BOM)
    writer = SafeWriter(out)
    marks = [NO_KRATOM] if no_use_days else []
    writer.writerow([*CHECKINS_FIRST, *marks, *names, CHECKINS_LAST])
    by_day = {c.day: c for c in checkins}
    for day in sorted(by_day.keys() | set(no_use_days)):
        c = by_day.get(day) or CheckIn(day)
        folded = {k.casefold(): v for k, v in c.ratings.items()}
        writer.writerow([
            c.day.isoformat(),
            "" if c.pain is None else c.pain,
            *([NO_KRATOM_YES if day in no_use_days else ""] if marks else []),
            *("" if folded.get(n.casefold()) is None else folded[n.casefold()] for n in names),
            c.note,
        ])
    return out.getvalue()
