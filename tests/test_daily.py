import datetime as dt

from kratomtrack.core.daily import day_records, daily_totals, days_between
from kratomtrack.core.records import CheckIn, Dose, Form


def dose(day, hour, grams, form=Form.POWDER):
    return Dose(dt.datetime(2026, 3, day, hour, 0), grams, form)


def test_leaf_grams_add_powder_capsules_and_tea_only():
    totals = daily_totals([
        dose(1, 8, 2.0), dose(1, 12, 1.5, Form.CAPSULES), dose(1, 18, 1.0, Form.TEA),
        dose(1, 20, 0.5, Form.EXTRACT), dose(1, 21, 0.3, Form.SEVEN_OH), dose(1, 22, 1.0, Form.OTHER),
    ])[dt.date(2026, 3, 1)]
    assert totals.leaf_grams == 4.5
    assert totals.extract_grams == 0.5
    assert totals.seven_oh_grams == 0.3
    assert totals.other_grams == 1.0
    assert totals.doses == 6
    assert totals.has_concentrate


def test_many_tenths_add_up_exactly():
    totals = daily_totals([dose(2, h, 0.1) for h in range(10)])
    assert totals[dt.date(2026, 3, 2)].leaf_grams == 1.0


def test_dose_after_midnight_belongs_to_the_new_day():
    late = Dose(dt.datetime(2026, 3, 3, 23, 59), 2.0)
    early = Dose(dt.datetime(2026, 3, 4, 0, 1), 3.0)
    totals = daily_totals([late, early])
    assert totals[dt.date(2026, 3, 3)].leaf_grams == 2.0
    assert totals[dt.date(2026, 3, 4)].leaf_grams == 3.0


def test_range_includes_empty_days():
    days = days_between(dt.date(2026, 3, 1), dt.date(2026, 3, 4))
    rows = day_records(days, [dose(1, 8, 2.0), dose(3, 8, 1.0)], {})
    assert [r.leaf_grams for r in rows] == [2.0, 0.0, 1.0, 0.0]
    assert [r.used for r in rows] == [True, False, True, False]


def test_day_records_join_intake_and_check_in_in_the_days_order():
    march = [dt.date(2026, 3, d) for d in (3, 1, 2)]
    checkins = {
        march[1]: CheckIn(march[1], 4, {"insomnia": 2, "anxiety": 0}, "slept badly"),
        march[2]: CheckIn(march[2]),  # nothing in it: not a check-in
    }
    records = day_records(march, [dose(1, 8, 2.0), dose(1, 9, 0.5, Form.EXTRACT)], checkins)
    assert [r.day for r in records] == march
    third, first, second = records
    assert (first.leaf_grams, first.extract_grams, first.doses, first.largest_mg) == (2.0, 0.5, 2, 2000)
    assert (first.pain, first.ratings, first.note, first.checked_in) == (
        4, (("insomnia", 2), ("anxiety", 0)), "slept badly", True)
    assert (second.doses, second.pain, second.ratings, second.checked_in) == (0, None, (), False)
    assert (third.used, third.checked_in) == (False, False)
