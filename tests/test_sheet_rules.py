"""The plain rules under the spreadsheet import (core/sheet_*.py): how a cell is read
as a date, a time or an amount, or refused in words; where the header is; what the
guess takes from column names and values; and --map written and read back."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kratomtrack.core.sheet_cells import (
    DMY,
    MDY,
    BadCell,
    CellError,
    Covered,
    date_order_proof,
    read_amount,
    read_time,
    read_when,
    read_whole,
)
from kratomtrack.core.sheet_layout import Grid, SheetRefused, sheet_from_grid
from kratomtrack.core.sheet_mapping import (
    MappingError,
    guess_mapping,
    header_key,
    mapping_from_json,
    mapping_as_json,
    mapping_from_spec,
    mapping_spec,
)


@pytest.mark.parametrize("text, order, day, time", [
    ("2026-03-04", None, dt.date(2026, 3, 4), None),
    ("2026-03-04T08:15", None, dt.date(2026, 3, 4), dt.time(8, 15)),
    ("2026/03/04 8:15 pm", None, dt.date(2026, 3, 4), dt.time(20, 15)),
    ("04/03/2026", DMY, dt.date(2026, 3, 4), None),
    ("04/03/2026", MDY, dt.date(2026, 4, 3), None),
    ("4.3.26 12:30", DMY, dt.date(2026, 3, 4), dt.time(12, 30)),
    ("04-Mar-26", None, dt.date(2026, 3, 4), None),
    ("March 4, 2026", None, dt.date(2026, 3, 4), None),
    ("12:05 AM", None, None, None),
])
def test_text_dates_are_read_in_the_order_given_and_year_first_or_named_months_need_none(text, order, day, time):
    if day is None:
        with pytest.raises(CellError):
            read_when(text, order)
        return
    when = read_when(text, order)
    assert (when.day, when.time) == (day, time)


def test_a_date_written_with_numbers_only_is_never_read_without_an_order():
    with pytest.raises(CellError, match="could be day/month or month/day; choose the date order"):
        read_when("04/03/2026", None)
    with pytest.raises(CellError, match="is not a real date in the chosen date order"):
        read_when("13/04/2026", MDY)


def test_a_utc_offset_is_kept_with_the_date():
    when = read_when("2026-07-04T15:00+02:00", None)
    assert when.offset == dt.timedelta(hours=2) and when.time == dt.time(15, 0)


def test_the_first_row_over_12_proves_the_order_and_a_sheet_may_prove_both():
    assert date_order_proof(["01/02/2026", "13/02/2026", "02/14/2026"]) == {
        DMY: (1, "13/02/2026"), MDY: (2, "02/14/2026")}
    assert date_order_proof(["01/02/2026", "2026-03-30", dt.date(2026, 3, 30)]) == {}


@pytest.mark.parametrize("value, comma, unit, grams", [
    (2.5, False, "g", 2.5), ("2.5", False, "g", 2.5), ("2,5", True, "g", 2.5), ("2.5 g", False, "g", 2.5),
    ("15mg", False, "mg", 15.0), (3, True, "g", 3.0),
])
def test_amounts_are_read_with_the_sheets_decimal_mark_and_unit(value, comma, unit, grams):
    assert read_amount(value, decimal_comma=comma, unit=unit) == grams


@pytest.mark.parametrize("value, words", [
    ("2,5", "the decimal mark chosen is '.'"), ("about 3", "is text in a number column"),
    ("1.234,5", "is text in a number column"), ("2.5 mg", "is text in a number column"),
    (True, "is not a number"), (dt.date(2026, 3, 4), "not an amount"),
    (BadCell("an error (#N/A)"), "an error (#N/A)"),
    (Covered(2.5, 4), "part of a cell merged down from row 4"),
])
def test_an_amount_that_is_not_plainly_one_is_refused_in_words(value, words):
    with pytest.raises(CellError, match=words.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        read_amount(value, decimal_comma=False, unit="g")


def test_times_and_ratings_are_read_or_refused_in_words():
    assert read_time("7:05 am") == dt.time(7, 5) and read_time(dt.time(9, 30)) == dt.time(9, 30)
    for bad in ("25:00", "13:00 pm", "noon", "08:00+01:00"):
        with pytest.raises(CellError):
            read_time(bad)
    assert read_whole("mild", 3, ("none", "mild", "moderate", "severe")) == 1
    with pytest.raises(CellError, match="11 is outside 0 to 10"):
        read_whole(11, 10)


@given(text=st.text(max_size=30), order=st.sampled_from([None, DMY, MDY]))
def test_any_text_is_a_date_or_words_never_another_error(text, order):
    try:
        read_when(text, order)
    except CellError as err:
        assert str(err)


def test_a_csv_header_of_two_rows_under_a_name_and_its_empty_cells_is_named_by_both():
    grid = Grid("", [["Date", "Dose", None, "Pain"], [None, "Amount", "Strain", None],
                     ["2026-03-04", "2", "Red", "5"]])
    sheet = sheet_from_grid(grid, file="log.csv", kind="CSV")
    assert sheet.header == ["Date", "Dose Amount", "Dose Strain", "Pain"]
    assert sheet.rows == [(3, ["2026-03-04", "2", "Red", "5"])]


def test_unnamed_and_repeated_column_names_are_told_apart():
    sheet = sheet_from_grid(Grid("", [["Date", "Grams", None, "Grams"], ["2026-03-04", "1", "x", "2"]]),
                            file="log.csv", kind="CSV")
    assert sheet.header == ["Date", "Grams", "Column C", "Grams (2)"]


def test_a_sheet_without_a_header_near_the_top_is_refused_in_words():
    with pytest.raises(SheetRefused, match="has no header row"):
        sheet_from_grid(Grid("", [["2026-03-04", "2"], ["2026-03-05", "3"]]), file="log.csv", kind="CSV")


def test_the_guess_reads_names_in_other_languages_and_checks_them_against_the_values():
    grid = Grid("", [["Fecha", "Hora", "Cantidad (mg)", "Notes", "Insomnia", "Type"],
                     ["13/03/2026", "08:00", "2500", "ok", "2", "tea"],
                     ["14/03/2026", "09:00", "3000", "", "1", "tea"]])
    sheet = sheet_from_grid(grid, file="log.csv", kind="CSV")
    guess = guess_mapping(sheet)
    assert guess.columns == {"date": 0, "time": 1, "amount": 2, "form": 5, "product": None, "pain": None,
                             "note": 3}
    assert guess.effects == (4,) and guess.unit == "mg" and guess.date_order == DMY
    spec = mapping_spec(guess, sheet.header)
    assert spec == "date=Fecha,time=Hora,mg=Cantidad (mg),form=Type,note=Notes,effect=Insomnia"
    assert mapping_from_spec(spec, sheet.header, date_order=DMY) == guess
    assert mapping_from_json(mapping_as_json(guess, sheet.header), sheet.header) == guess
    assert header_key(sheet.header) == header_key([" fecha", "HORA", "Cantidad  (mg)", "notes", "insomnia",
                                                   "type"])


@pytest.mark.parametrize("spec, words", [
    ("grams=Cantidad (mg)", "needs date=COLUMN"),
    ("date=Fecha,date=Hora", "date is given twice"),
    ("date=Fecha,grams=Fecha", "one column is given for two fields"),
    ("when=Fecha", "is not FIELD=COLUMN"),
    ("date=Fecha,grams=Weight", "no column 'Weight'"),
])
def test_a_written_mapping_that_cannot_be_read_is_refused_in_words(spec, words):
    with pytest.raises(MappingError, match=words.replace("(", r"\(").replace(")", r"\)")):
        mapping_from_spec(spec, ["Fecha", "Hora", "Cantidad (mg)"])
