"""A spreadsheet's mapping and its rows in words, as the mapping step and
``kratomtrack import`` show them: the same sentences in both."""

from __future__ import annotations

import datetime as dt

from kratomtrack.core.amounts import amount_text
from kratomtrack.core.records import Dose
from kratomtrack.core.sheet_cells import DMY, MDY, numeric_dates
from kratomtrack.core.sheet_layout import Sheet
from kratomtrack.core.sheet_mapping import FIELDS, LOCAL, ColumnMapping, date_order_evidence, effect_name

FIELD_LABELS = {"date": "Date (or date and time)", "time": "Time", "amount": "Amount", "form": "Form",
                "product": "Product", "pain": "Pain (0–10)", "note": "Note"}
# What a field left unchosen means for the records.
NONE_MEANS = {"date": "none: choose one", "time": "none: the date column's time, else 12:00",
              "amount": "none: only pain and ratings are imported", "form": "none: every dose is powder",
              "product": "none", "pain": "none", "note": "none"}
ORDER_NAMES = {DMY: "day/month", MDY: "month/day"}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def date_order_words(sheet: Sheet, mapping: ColumnMapping) -> str:
    """Why the date order is what it is, with the row that proves it, or why the person must choose."""
    column = mapping.column("date")
    if column is None:
        return "choose the date column first"
    first = next(numeric_dates(sheet.column(column)), None)
    if first is None:
        return "not needed: the dates say which number is the day"
    proof = date_order_evidence(sheet, mapping)
    if len(proof) == 2:
        (dmy_row, dmy_text), (mdy_row, mdy_text) = proof[DMY], proof[MDY]
        return (f"the rows disagree: row {dmy_row} ({dmy_text}) can only be day/month and row "
                f"{mdy_row} ({mdy_text}) only month/day; choose, and the rows of the other order "
                "are skipped with why")
    if proof:
        order, (row, text) = next(iter(proof.items()))
        return f"{ORDER_NAMES[order]}: row {row} has {text}, where {_day_number(text, order)} can only be the day"
    index, text, a, b = first
    number = [n for n, _ in sheet.rows][index]
    return (f"choose: no row shows it; row {number} has {text}, which could be "
            f"{_named(a, b)} (day/month) or {_named(b, a)} (month/day)")


def _day_number(text: str, order: str) -> int:
    _, _, first, second = next(numeric_dates([text]))
    return first if order == DMY else second


def _named(day: int, month: int) -> str:
    try:
        dt.date(2000, month, day)  # a leap year: 29 February is a real date
    except ValueError:
        return f"day {day} of month {month}"
    return f"{day} {MONTH_NAMES[month - 1]}"


def mapping_lines(sheet: Sheet, mapping: ColumnMapping) -> list[tuple[str, str]]:
    """(what, from where) for each of our fields and each choice, as the guess is shown."""
    lines = []
    for name in FIELDS:
        index = mapping.column(name)
        column = f"“{sheet.header[index]}”" if index is not None else NONE_MEANS[name]
        if name == "amount" and index is not None:
            column += f" in {'milligrams (mg)' if mapping.unit == 'mg' else 'grams (g)'}"
        lines.append((FIELD_LABELS[name], column))
    effects = ", ".join(f"“{sheet.header[i]}” as {effect_name(sheet.header[i])}" for i in mapping.effects)
    lines.append(("Side effects (0–3)", effects or "none"))
    lines.append(("Date order", date_order_words(sheet, mapping)))
    lines.append(("Time zone", "as written (this computer's time)" if mapping.time_zone == LOCAL
                  else f"{mapping.time_zone}, turned into this computer's time"))
    lines.append(("Decimal mark", "comma (2,5)" if mapping.decimal_comma else "point (2.5)"))
    return lines


def stored_row(dose: Dose) -> list[str]:
    """A dose as the log will hold it: when, amount, form, product, note."""
    return [dose.taken_at.strftime("%Y-%m-%d %H:%M"), amount_text(dose.milligrams, dose.form),
            dose.form.label, dose.product, dose.note.replace("\n", " ")]
