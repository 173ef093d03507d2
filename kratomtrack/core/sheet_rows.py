"""A mapped spreadsheet's rows as kratomtrack's records, and every row left out with why.

Each row with a date and an amount is a dose; an amount of 0 marks its day
"no kratom" (unless the sheet has a dose that day). Pain and side-effect
ratings are the day's check-in: one value a day, so a day whose rows give
different values keeps none of them, and says so. A row with any cell that
cannot be read as its field is skipped whole, with the cell and the reason:
nothing is guessed. Blank rows, a total row and rows with nothing in the
chosen columns are skipped with why. A dose without a time is stored at
12:00 with that said in its note, since the log keeps a time for every dose.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from kratomtrack.core.records import RATING_LABELS, CheckIn, Dose, Form
from kratomtrack.core.sheet_cells import (
    CellError,
    is_blank,
    plain,
    read_amount,
    read_time,
    read_when,
    read_whole,
    read_words,
    shown,
)
from kratomtrack.core.sheet_layout import Sheet
from kratomtrack.core.sheet_mapping import LOCAL, ColumnMapping, MappingError, effect_name, needs_date_order
from kratomtrack.core.validation import (
    NOTE_MAX,
    PRODUCT_MAX,
    FieldError,
    InvalidRecord,
    parse_form,
    parse_text,
    side_effect_name,
)
from kratomtrack.core.whole_records import check_day, validate_checkin, validate_dose

NO_TIME = dt.time(12, 0)
NO_TIME_NOTE = "no time in the spreadsheet; stored at 12:00"
_TOTAL = re.compile(r"\s*(grand\s+)?(total|totals|sum|summe|gesamt|totaal|average|mean|avg)\b\W*",
                    re.IGNORECASE)
# How forms are written in sheets, beyond the names the log itself uses.
_FORM_WORDS = {"caps": Form.CAPSULES, "capsule": Form.CAPSULES, "capsules": Form.CAPSULES,
               "leaf": Form.POWDER, "powder": Form.POWDER, "tea": Form.TEA, "shot": Form.EXTRACT,
               "extract": Form.EXTRACT, "7-oh": Form.SEVEN_OH, "7oh": Form.SEVEN_OH}


@dataclass
class SheetRecords:
    """What a mapped sheet holds for the log, each record with its row number."""

    doses: list[tuple[int, Dose]] = field(default_factory=list)
    checkins: list[tuple[int, CheckIn]] = field(default_factory=list)
    no_kratom: list[tuple[int, dt.date]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # rows not imported, and why
    left_out: list[str] = field(default_factory=list)  # values not imported from rows that are
    unread_dose_days: set[dt.date] = field(default_factory=set)  # a dose whose row was skipped
    side_effects: list[str] = field(default_factory=list)
    untimed: int = 0  # doses stored at NO_TIME


@dataclass
class _Day:
    pain: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # value -> rows
    ratings: dict[str, dict[int, list[int]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    notes: list[str] = field(default_factory=list)
    first_row: int = 0
    zero_rows: list[int] = field(default_factory=list)


def check_mapping(sheet: Sheet, mapping: ColumnMapping) -> list[str]:
    """What the mapping still lacks before rows can be read, in words; [] when complete."""
    problems = []
    if mapping.column("date") is None:
        problems.append("choose the column with the dates")
    if mapping.column("amount") is None and mapping.column("pain") is None and not mapping.effects:
        problems.append("choose the column with the amounts (or with pain or a side effect)")
    if needs_date_order(sheet, mapping) and mapping.date_order is None:
        problems.append("choose the date order: no row shows whether the dates are day/month or month/day")
    if mapping.time_zone != LOCAL:
        try:
            zoneinfo.ZoneInfo(mapping.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.append(f"'{mapping.time_zone}' is not a time zone (such as UTC or Europe/Berlin)")
    for index in mapping.effects:
        try:
            side_effect_name(effect_name(sheet.header[index]))
        except FieldError as err:
            problems.append(f"column '{sheet.header[index]}' as a side effect: {err.problem.message}")
    return problems


def records_from_sheet(sheet: Sheet, mapping: ColumnMapping, today: dt.date) -> SheetRecords:
    """Every row read with ``mapping``; MappingError if the mapping is not complete."""
    problems = check_mapping(sheet, mapping)
    if problems:
        raise MappingError("; ".join(problems))
    out = SheetRecords(skipped=list(sheet.skipped))
    out.side_effects = [side_effect_name(effect_name(sheet.header[i])) for i in mapping.effects]
    zone = None if mapping.time_zone == LOCAL else zoneinfo.ZoneInfo(mapping.time_zone)
    days: dict[dt.date, _Day] = defaultdict(_Day)
    dose_grams: list[float] = []
    chosen = [c for c in (*mapping.columns.values(), *mapping.effects) if c is not None]
    for number, cells in sheet.rows:
        why = _not_a_record(cells, chosen, mapping, dose_grams)
        if why:
            out.skipped.append((number, why))
            continue
        _read_row(number, cells, sheet, mapping, zone, today, out, days, dose_grams)
    _days_into_records(days, out, today)
    out.skipped.sort()
    return out


def _not_a_record(cells, chosen, mapping: ColumnMapping, dose_grams: list[float]) -> str:
    if all(is_blank(cell) for cell in cells):
        return "a blank row"
    first = plain(next(cell for cell in cells if not is_blank(cell)))
    if isinstance(first, str) and _TOTAL.match(first):  # "Total", "Sum:", "Average" before the figures
        return f"a total row (“{shown(first)}”)"
    if all(is_blank(cells[c]) for c in chosen):
        return "nothing in the chosen columns"
    amount = mapping.column("amount")
    if is_blank(cells[mapping.column("date")]) and amount is not None and dose_grams:
        try:
            value = _grams(read_amount(plain(cells[amount]), decimal_comma=mapping.decimal_comma,
                                       unit=mapping.unit), mapping.unit)
        except CellError:
            return ""
        if abs(value - sum(dose_grams)) < 0.0005:
            return "a total row (no date, and its amount is the sum of the rows above)"
    return ""


def _grams(amount: float, unit: str) -> float:
    return amount / 1000 if unit == "mg" else amount


def _read_row(number, cells, sheet: Sheet, mapping: ColumnMapping, zone, today, out: SheetRecords,
              days: dict, dose_grams: list[float]) -> None:
    bad: list[str] = []

    def read(name: str, reader, column: int | None = None):
        index = mapping.column(name) if column is None else column
        if index is None or is_blank(cells[index]):
            return None
        try:
            return reader(cells[index])
        except (CellError, FieldError) as err:
            message = err.problem.message if isinstance(err, FieldError) else str(err)
            bad.append(f"{sheet.header[index]}: {message}")
            return None

    when = read("date", lambda v: read_when(v, mapping.date_order))
    time = read("time", read_time)
    amount = read("amount", lambda v: read_amount(v, decimal_comma=mapping.decimal_comma, unit=mapping.unit))
    form = read("form", _form)
    product = read("product", lambda v: parse_text(read_words(v), "product", PRODUCT_MAX, False))
    note = read("note", lambda v: parse_text(read_words(v), "note", NOTE_MAX, True)) or ""
    pain = read("pain", lambda v: read_whole(v, 10))
    ratings = {name: value for name, index in zip(out.side_effects, mapping.effects)
               if (value := read(name, lambda v: read_whole(v, 3, RATING_LABELS), index)) is not None}
    has_amount = mapping.column("amount") is not None and not is_blank(cells[mapping.column("amount")])
    if when is None and not bad:
        bad.append(f"{sheet.header[mapping.column('date')]}: empty; every row needs its date")
    if bad:
        if when is not None and has_amount:
            out.unread_dose_days.add(when.day)  # a dose was taken: never a day without kratom
        out.skipped.append((number, "; ".join(bad)))
        return
    if amount is None and pain is None and not ratings:
        out.skipped.append((number, "no amount, pain or rating to import"))
        return
    day = days[when.day]
    day.first_row = day.first_row or number
    if pain is not None:
        day.pain[pain].append(number)
    for name, value in ratings.items():
        day.ratings[name][value].append(number)
    if amount is None:
        if note:
            day.notes.append(note)
        return
    if amount == 0:
        day.zero_rows.append(number)
        return
    taken_at, untimed = _taken_at(when, time, zone)
    if untimed:
        note = f"{note}\n({NO_TIME_NOTE})".strip()
    try:
        check_day(taken_at.date(), today, "date")
        dose = validate_dose(Dose(taken_at, round(_grams(amount, mapping.unit), 6), form or Form.POWDER,
                                  product or "", note), today)
    except (InvalidRecord, FieldError) as err:
        problems = err.problems if isinstance(err, InvalidRecord) else [err.problem]
        out.unread_dose_days.add(taken_at.date())
        out.skipped.append((number, "; ".join(str(p) for p in problems)))
        return
    out.untimed += untimed
    out.doses.append((number, dose))
    dose_grams.append(dose.grams)


def _form(value: object) -> Form:
    text = read_words(value).strip().casefold()
    return _FORM_WORDS.get(text) or parse_form(text)


def _taken_at(when, time: dt.time | None, zone) -> tuple[dt.datetime, bool]:
    """The local wall-clock time of a dose, and whether the sheet gave no time for it."""
    moment = time or when.time
    if moment is None:
        return dt.datetime.combine(when.day, NO_TIME), True
    taken_at = dt.datetime.combine(when.day, moment.replace(tzinfo=None))
    if when.offset is not None:
        taken_at = taken_at.replace(tzinfo=dt.timezone(when.offset))
    elif zone is not None:
        taken_at = taken_at.replace(tzinfo=zone)
    if taken_at.tzinfo is not None:
        taken_at = taken_at.astimezone().replace(tzinfo=None)  # the computer's local time
    return taken_at.replace(second=0, microsecond=0), False


def _days_into_records(days: dict[dt.date, _Day], out: SheetRecords, today: dt.date) -> None:
    dose_days = {dose.day for _, dose in out.doses} | out.unread_dose_days
    for day, found in sorted(days.items()):
        for row in found.zero_rows:
            if day in dose_days:
                out.skipped.append((row, "0 on a day the sheet has a dose on; not a day without kratom"))
            elif row == found.zero_rows[0]:
                try:
                    check_day(day, today)
                    out.no_kratom.append((row, day))
                except FieldError as err:
                    out.skipped.append((row, str(err.problem)))
        pain = _one_value(found.pain, f"pain on {day}", out)
        ratings = {name: value for name, values in found.ratings.items()
                   if (value := _one_value(values, f"{name} on {day}", out)) is not None}
        if pain is None and not ratings and not found.notes:
            continue
        try:
            checkin = validate_checkin(CheckIn(day, pain, ratings, "\n".join(found.notes)), today)
        except InvalidRecord as err:
            out.skipped.append((found.first_row, "; ".join(str(p) for p in err.problems)))
            continue
        out.checkins.append((found.first_row, checkin))


def _one_value(values: dict[int, list[int]], what: str, out: SheetRecords) -> int | None:
    """The day's one value; None, said in ``out.left_out``, when its rows disagree."""
    if len(values) <= 1:
        return next(iter(values), None)
    rows = ", ".join(f"{value} on row {rows[0]}" for value, rows in sorted(values.items()))
    out.left_out.append(f"{what}: the rows give different values ({rows}); the log keeps one a "
                        "day, so none is imported")
    return None
