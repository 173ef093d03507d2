"""Issue 30, "any spreadsheet in": spreadsheets written as Excel and LibreOffice write
them, and CSV as a spreadsheet saves it with ';' and decimal commas, are imported
exactly (every stored dose compared) through a mapping of their columns, or
refused in words with nothing written. Titles, merged and two-row headers, blank
rows, a total row at the bottom, formulas (their saved results), errors and text
in number columns: each row left out is listed with why."""

import datetime as dt

import pytest

from kratomtrack.core.records import CheckIn, Form
from kratomtrack.store.peer_formats.options import ReadOptions, SheetChoices
from kratomtrack.store.sheet_import import SHEET, UNMAPPED
from kratomtrack.store.transfer import ImportRefused, import_files, read_files

from conftest import TODAY
from log_files import table_snapshot
from sheet_writers import ods_cell, write_ods, write_semicolon_csv, write_xlsx

D13, D14, D15, D16 = (dt.date(2026, 3, day) for day in (13, 14, 15, 16))


def stored(db) -> list[tuple]:
    """Every dose in the log, as compared: when, mg, form, product, note."""
    return sorted((d.taken_at, d.milligrams, d.form, d.product, d.note) for d in db.all_doses())


def excel_log(path):
    """A log kept in Excel: a title merged across the top, "Dose" merged over two
    columns of a two-row header, real date and time cells, a formula with its saved
    result, text in the amount column, a blank row, a date merged down two rows, a
    formula never calculated, an error, and a total row at the bottom."""
    return write_xlsx(path, [
        ["Kratom log 2026", None, None, None, None, None],
        ["Date", "Time", "Dose", None, "Pain", "Notes"],
        [None, None, "Amount (g)", "Strain", None, None],
        [D13, dt.time(8, 15), 2.5, "Red Bali", 6, "after breakfast"],    # row 4
        [D13, dt.time(14, 0), "=1.25*2", "Green Malay", 6, None],        # row 5: formula, saved 2.5
        [None] * 6,                                                       # row 6: blank
        [D14, dt.time(9, 30), "about 3", "Red Bali", 5, None],           # row 7: text in a number column
        [D15, dt.time(7, 45), 3, "White", 4, "tired"],                   # row 8
        [D16, dt.time(8, 0), 2.75, "Red Bali", None, None],              # row 9: its date merged down
        [None, dt.time(20, 0), 1.5, "Red Bali", None, None],             # row 10
        [D16, dt.time(22, 0), "=C9*2", "Red Bali", None, None],          # row 11: never calculated
        [D16, dt.time(23, 0), "=1/0", "Red Bali", None, None],           # row 12: #DIV/0!
        ["Total", None, "=SUM(C4:C12)", None, None, None],              # row 13
    ], merges=("A1:F1", "C2:D2", "A9:A10"), results={"C5": 2.5, "C12": "#DIV/0!", "C13": 12.25})


# Each row of excel_log left out, and why: every one is said.
EXCEL_SKIPPED = [
    "row 1 skipped: above the header (a title or empty)",
    "row 3 skipped: the second row of the header",
    "row 6 skipped: a blank row",
    "row 7 skipped: Dose Amount (g): 'about 3' is text in a number column",
    "row 11 skipped: Dose Amount (g): a formula whose result was never saved (=C9*2); open the file in "
    "your spreadsheet and save it again",
    "row 12 skipped: Dose Amount (g): an error (#DIV/0!)",
    "row 13 skipped: a total row (“Total”)",
]
EXCEL_MAP = "date=Date,time=Time,grams=Dose Amount (g),product=Dose Strain,pain=Pain,note=Notes"
EXCEL_DOSES = [
    (dt.datetime(2026, 3, 13, 8, 15), 2500, Form.POWDER, "Red Bali", "after breakfast"),
    (dt.datetime(2026, 3, 13, 14, 0), 2500, Form.POWDER, "Green Malay", ""),
    (dt.datetime(2026, 3, 15, 7, 45), 3000, Form.POWDER, "White", "tired"),
    (dt.datetime(2026, 3, 16, 8, 0), 2750, Form.POWDER, "Red Bali", ""),
    (dt.datetime(2026, 3, 16, 20, 0), 1500, Form.POWDER, "Red Bali", ""),
]


def sheet_options(**choices) -> ReadOptions:
    return ReadOptions(sheet=SheetChoices(**choices))


def test_an_excel_log_is_imported_exactly_and_every_row_left_out_says_why(db, tmp_path):
    path = excel_log(tmp_path / "log.xlsx")
    report = import_files(db, [path], today=TODAY, options=sheet_options(map=EXCEL_MAP))
    assert stored(db) == EXCEL_DOSES
    assert db.checkins_between(D13, D16) == {D13: CheckIn(D13, 6), D15: CheckIn(D15, 4)}
    found = "\n".join(report.found)
    assert [line for line in EXCEL_SKIPPED if line not in found] == []
    assert "the header has two rows" in found and "formula" in found


def test_the_excel_guess_names_the_merged_header_columns_and_proves_nothing_it_cannot(db, tmp_path):
    [parsed] = _unmapped(tmp_path, excel_log(tmp_path / "log.xlsx"))
    guess, header = parsed.guess, parsed.sheet.header
    assert header == ["Date", "Time", "Dose Amount (g)", "Dose Strain", "Pain", "Notes"]
    assert {name: header[c] for name, c in guess.columns.items() if c is not None} == {
        "date": "Date", "time": "Time", "amount": "Dose Amount (g)", "product": "Dose Strain",
        "pain": "Pain", "note": "Notes"}
    assert guess.unit == "g" and guess.date_order is None  # real date cells: no order to prove
    assert db.is_empty()


def _unmapped(tmp_path, path, **choices):
    with pytest.raises(ImportRefused) as refused:
        read_files([path], today=TODAY, options=sheet_options(**choices))
    assert [f.kind for f in refused.value.files] == [UNMAPPED]
    return refused.value.files


def libreoffice_log(path):
    """A log kept in LibreOffice Calc: "Dose" spanning two columns over a second
    header row, date and time cells, two equal rows written once as Calc does, a
    formula with its saved result, an error result, a blank row, a side-effect
    column, and a SUM at the bottom with no word beside it."""
    return write_ods(path, [
        ["Date", "Time", ods_cell("Dose", span=(1, 2)), "covered", "Pain", "Nausea (0-3)"],
        [None, None, "Amount", "Form", None, None],
        [D13, dt.time(8, 0), 2.5, "powder", 6, 1],                                     # row 3
        ("repeated", 2, [D14, dt.time(9, 0), 3, "capsules", 5, 0]),                     # rows 4-5
        [D14, dt.time(18, 0), ods_cell(1.5, formula="of:=[.C3]*0.6"), "Tea", 5, 0],     # row 6
        [None] * 6,                                                                     # row 7
        [D15, dt.time(8, 0), ods_cell(shown="#DIV/0!", formula="of:=1/0", error=True), "powder", 3, 2],
        [D15, dt.time(12, 0), 2.25, "extract", 3, "mild"],                              # row 9
        [None, None, ods_cell(12.25, formula="of:=SUM([.C3:.C7];[.C9])"), None, None, None],  # row 10
    ])


def test_a_libreoffice_log_is_imported_exactly_with_its_side_effect(db, tmp_path):
    path = libreoffice_log(tmp_path / "log.ods")
    options = sheet_options(map="date=Date,time=Time,grams=Dose Amount,form=Dose Form,pain=Pain,"
                                "effect=Nausea (0-3)")
    report = import_files(db, [path], today=TODAY, options=options)
    assert stored(db) == [
        (dt.datetime(2026, 3, 13, 8, 0), 2500, Form.POWDER, "", ""),
        (dt.datetime(2026, 3, 14, 9, 0), 3000, Form.CAPSULES, "", ""),
        (dt.datetime(2026, 3, 14, 9, 0), 3000, Form.CAPSULES, "", ""),
        (dt.datetime(2026, 3, 14, 18, 0), 1500, Form.TEA, "", ""),
        (dt.datetime(2026, 3, 15, 12, 0), 2250, Form.EXTRACT, "", ""),
    ]
    assert db.checkins_between(D13, D15) == {
        D13: CheckIn(D13, 6, {"nausea": 1}), D14: CheckIn(D14, 5, {"nausea": 0}),
        D15: CheckIn(D15, 3, {"nausea": 1})}  # row 8 (2) is skipped whole; row 9 says "mild"
    found = "\n".join(report.found)
    assert "row 8 skipped: Dose Amount: an error (#DIV/0!)" in found
    assert "row 10 skipped: a total row (no date, and its amount is the sum of the rows above)" in found


def test_csv_with_semicolons_decimal_commas_and_day_month_dates_proved_by_a_row(db, tmp_path, run_cli):
    path = write_semicolon_csv(tmp_path / "log.csv", [
        ["Datum", "Uhrzeit", "Menge (g)", "Sorte", "Notizen"],
        ["04/03/2026", "08:15", "2,5", "Red Bali", "gut"],
        ["", "", "", "", ""],
        ["13/03/2026", "21:00", "3,25", "Green", ""],
        ["14/03/2026", "07:30", "zwei", "Green", ""],
        ["Summe", "", "5,75", "", ""],
    ])
    [parsed] = _unmapped(tmp_path, path)
    assert parsed.guess.date_order == "dmy" and parsed.guess.decimal_comma
    import_files(db, [path], today=TODAY, options=sheet_options(
        map="date=Datum,time=Uhrzeit,grams=Menge (g),product=Sorte,note=Notizen"))
    assert stored(db) == [(dt.datetime(2026, 3, 4, 8, 15), 2500, Form.POWDER, "Red Bali", "gut"),
                          (dt.datetime(2026, 3, 13, 21, 0), 3250, Form.POWDER, "Green", "")]


MONTH_FIRST = [["Date", "Amount (mg)"], ["03/04/2026 8:15 AM", "2500"], ["03/13/2026 9:00 PM", "3250"]]
NO_PROOF = [["Date", "Time", "Grams"], ["03/04/2026", "08:00", "2.5"], ["04/03/2026", "08:00", "3"]]


def test_month_day_dates_and_milligrams_are_read_as_the_row_proves(db, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("\n".join(",".join(row) for row in MONTH_FIRST) + "\n")
    [parsed] = _unmapped(tmp_path, path)
    assert parsed.guess.date_order == "mdy" and parsed.guess.unit == "mg"
    import_files(db, [path], today=TODAY, options=sheet_options(map="date=Date,mg=Amount (mg)"))
    assert stored(db) == [(dt.datetime(2026, 3, 4, 8, 15), 2500, Form.POWDER, "", ""),
                          (dt.datetime(2026, 3, 13, 21, 0), 3250, Form.POWDER, "", "")]


def test_dates_no_row_proves_are_refused_until_the_order_is_chosen(db, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("\n".join(",".join(row) for row in NO_PROOF) + "\n")
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [path], today=TODAY, options=sheet_options(map="date=Date,time=Time,grams=Grams"))
    assert "choose the date order" in str(refused.value.problems[0])
    assert db.is_empty()
    import_files(db, [path], today=TODAY, options=sheet_options(map="date=Date,time=Time,grams=Grams",
                                                                date_order="mdy"))
    assert stored(db) == [(dt.datetime(2026, 3, 4, 8, 0), 2500, Form.POWDER, "", ""),
                          (dt.datetime(2026, 4, 3, 8, 0), 3000, Form.POWDER, "", "")]


def test_a_time_zone_turns_the_sheets_times_into_this_computers(db, tmp_path, chicago):
    path = tmp_path / "log.csv"
    path.write_text("When,Grams\n2026-03-04 15:00,2.5\n2026-07-04T15:00+02:00,3\n")
    import_files(db, [path], today=TODAY, options=sheet_options(map="date=When,grams=Grams",
                                                                time_zone="UTC"))
    # 15:00 UTC in March is 09:00 in Chicago (CST); the written offset wins over the zone.
    assert [d.taken_at for d in db.all_doses()] == [dt.datetime(2026, 3, 4, 9, 0),
                                                     dt.datetime(2026, 7, 4, 8, 0)]


def test_rows_without_a_time_are_kept_at_noon_and_say_so_in_their_note(db, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Day,Total g\n2026-03-04,4.5\n2026-03-05,0\n2026-03-06,5\n")
    report = import_files(db, [path], today=TODAY, options=sheet_options(map="date=Day,grams=Total g"))
    assert stored(db) == [
        (dt.datetime(2026, 3, 4, 12, 0), 4500, Form.POWDER, "", "(no time in the spreadsheet; stored at 12:00)"),
        (dt.datetime(2026, 3, 6, 12, 0), 5000, Form.POWDER, "", "(no time in the spreadsheet; stored at 12:00)")]
    from kratomtrack.store.no_use import all_no_use_days

    assert all_no_use_days(db) == {dt.date(2026, 3, 5)}  # 0 g: a day without kratom, as written
    assert any("doses without a time" in line for line in report.found)


def test_different_pains_on_one_day_keep_the_doses_and_say_why_no_pain_is_kept(db, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Date,Time,Grams,Pain\n2026-03-04,08:00,2,6\n2026-03-04,20:00,2,4\n")
    report = import_files(db, [path], today=TODAY, options=sheet_options(map="date=Date,time=Time,grams=Grams,"
                                                                                "pain=Pain"))
    assert len(stored(db)) == 2 and db.checkins_between(dt.date(2026, 3, 4), dt.date(2026, 3, 4)) == {}
    assert any("pain on 2026-03-04: the rows give different values (4 on row 3, 6 on row 2)" in line
               for line in report.found)


def test_a_map_naming_a_column_the_sheet_lacks_is_refused_naming_the_columns(db, tmp_path):
    path = excel_log(tmp_path / "log.xlsx")
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [path], today=TODAY, options=sheet_options(map="date=Date,grams=Grams"))
    message = str(refused.value.problems[0])
    assert "no column 'Grams'" in message and "'Dose Amount (g)'" in message
    assert db.is_empty()


def test_columns_are_named_by_letters_too_and_the_second_sheet_can_be_chosen(db, tmp_path):
    path = write_xlsx(tmp_path / "two.xlsx", [["Notes only", "x"]], sheet="Intro",
                      extra_sheets={"2026": [["When", "g"], [dt.datetime(2026, 3, 4, 8, 0), 2]]})
    report = import_files(db, [path], today=TODAY, options=sheet_options(map="date=A,grams=B", sheet_name="2026"))
    assert stored(db) == [(dt.datetime(2026, 3, 4, 8, 0), 2000, Form.POWDER, "", "")]
    assert "  the workbook has 2 sheets (“Intro”, “2026”); “2026” is read (kratomtrack import --sheet NAME " \
           "reads another)" in report.found


def test_a_future_or_too_large_dose_is_a_skipped_row_and_the_rest_is_imported(db, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(f"Date,Grams\n2026-03-04 08:00,250\n{TODAY + dt.timedelta(days=3)} 08:00,2\n"
                    "2026-03-05 08:00,2\n")
    report = import_files(db, [path], today=TODAY, options=sheet_options(map="date=Date,grams=Grams"))
    assert stored(db) == [(dt.datetime(2026, 3, 5, 8, 0), 2000, Form.POWDER, "", "")]
    found = "\n".join(report.found)
    assert "row 2 skipped: grams: must be at most 100 g" in found and "row 3 skipped:" in found


def test_a_mapped_sheet_reads_as_a_log_of_doses_alone(db, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Date,Grams\n2026-03-01 08:00,2\n2026-03-04 08:00,2\n")
    report = import_files(db, [path], today=TODAY, options=sheet_options(map="date=Date,grams=Grams"))
    [parsed] = read_files([path], today=TODAY, options=sheet_options(map="date=Date,grams=Grams"))
    assert parsed.kind == SHEET
    assert report.days_without_doses is not None and len(report.days_without_doses.unlogged) == 2


def test_an_import_of_a_sheet_is_all_or_nothing_with_the_other_files(db, tmp_path):
    good = excel_log(tmp_path / "log.xlsx")
    bad = tmp_path / "doses.csv"
    bad.write_text("taken_at,grams,form,product,notes\n2026-03-01T08:00,nope,powder,,\n")
    before = table_snapshot(db)
    with pytest.raises(ImportRefused):
        import_files(db, [good, bad], today=TODAY, options=sheet_options(map=EXCEL_MAP))
    assert table_snapshot(db) == before
