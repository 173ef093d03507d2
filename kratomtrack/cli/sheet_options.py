"""``kratomtrack import``'s options for a spreadsheet of one's own, and what it
prints when a sheet's columns are not known yet: the guessed mapping, the
first rows as they would be stored, every row that would be skipped, and
the command that confirms the guess. Nothing is written until ``--map``
(or a mapping confirmed before for the same header) says which column holds what."""

from __future__ import annotations

import shlex
import sys

SHOWN_ROWS = 5


def add_sheet_options(parser) -> None:
    group = parser.add_argument_group(
        "a spreadsheet of your own (CSV, .xlsx, .ods)",
        # The import's help keeps line breaks as written (RawDescriptionHelpFormatter).
        "Without --map, a sheet whose columns kratomtrack does not know is not\n"
        "imported: the command prints its guess, the rows as they would be stored,\n"
        "every row it would skip and why, and the command that confirms the guess.\n"
        "A mapping used once is remembered for files with the same header.")
    group.add_argument("--map", metavar="FIELD=COLUMN,...",
                       help="which column holds what, by the header's names (or column letters): "
                            "date, time, grams (or mg), form, product, pain, note, and effect (one "
                            "per side-effect column), e.g. --map 'date=Date,grams=Amount (g)'")
    group.add_argument("--date-order", type=str.lower, choices=("dmy", "mdy"), metavar="dmy|mdy",
                       help="dates such as 04/03/2026: day/month (dmy) or month/day (mdy)")
    group.add_argument("--units", type=str.lower, choices=("g", "mg"), metavar="g|mg",
                       help="the amounts are grams (g) or milligrams (mg)")
    group.add_argument("--time-zone", metavar="ZONE",
                       help="the zone the sheet's times were written in: local (default), UTC or "
                            "a name such as Europe/Berlin")
    group.add_argument("--decimal", type=str.lower, choices=("point", "comma"), metavar="point|comma",
                       help="how the sheet's text numbers mark decimals: 2.5 (point) or 2,5 (comma)")
    group.add_argument("--sheet", metavar="NAME", help="the sheet of a workbook to read")


def sheet_choices(args, remembered: dict):
    from kratomtrack.store.peer_formats.options import SheetChoices

    return SheetChoices(map=args.map, date_order=args.date_order, units=args.units,
                        time_zone=args.time_zone, decimal=args.decimal, sheet_name=args.sheet,
                        remembered=remembered)


def print_guesses(files: list, today, out=None) -> bool:
    """Print the guess for each sheet that needs a mapping; False if there was none."""
    from kratomtrack.store.sheet_import import UNMAPPED

    out = out or sys.stdout
    unmapped = [f for f in files if f.kind == UNMAPPED and f.sheet is not None]
    for parsed in unmapped:
        _print_guess(parsed, today, out)
    return bool(unmapped)


def _print_guess(parsed, today, out) -> None:
    from kratomtrack.core.sheet_mapping import mapping_spec
    from kratomtrack.core.sheet_rows import check_mapping
    from kratomtrack.core.sheet_words import mapping_lines, stored_row
    from kratomtrack.store.sheet_import import parsed_from_sheet

    sheet, guess = parsed.sheet, parsed.guess
    told = "the mapping you confirmed before" if parsed.remembered else "its guess"
    print(f"{sheet.title} is a spreadsheet whose columns kratomtrack does not know yet; {told}:", file=out)
    for what, where in mapping_lines(sheet, guess):
        print(f"  {what:<24} {where}", file=out)
    missing = check_mapping(sheet, guess)
    if not missing:
        read = parsed_from_sheet(parsed.path, sheet, guess, today)
        print(f"The first rows as they would be stored ({len(read.doses)} doses in all):", file=out)
        for row, dose in read.records.doses[:SHOWN_ROWS]:
            print(f"  row {row}: " + "  ".join(cell for cell in stored_row(dose) if cell), file=out)
        for line in read.listed:
            print(f"  {line}", file=out)
        for what, count in read.converted.most_common():
            print(f"  {what}: {count}", file=out)
    else:
        print("Still to say: " + "; ".join(missing) + ".", file=out)
    command = ["kratomtrack", "import", parsed.path, "--map", mapping_spec(guess, sheet.header) or
               "date=COLUMN,grams=COLUMN"]
    unordered = not guess.date_order and any("date order" in m for m in missing)
    if guess.date_order or unordered:
        command += ["--date-order", guess.date_order or "dmy"]
    if guess.decimal_comma:
        command += ["--decimal", "comma"]
    if guess.time_zone != "local":
        command += ["--time-zone", guess.time_zone]
    if sheet.name and len(sheet.sheet_names) > 1:
        command += ["--sheet", sheet.name]
    if unordered:
        print("Then import it with --date-order dmy if its dates are day/month, or mdy if they are "
              "month/day:", file=out)
    else:
        print("If that is right, import it with:" if not missing else "Then import it with:", file=out)
    print("  " + " ".join(shlex.quote(part) for part in command), file=out)
