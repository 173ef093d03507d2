import datetime as dt

from kratomtrack.core.dates import date_text, span_text
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.safety import safety_alerts


def test_dates_read_the_same_in_every_english_speaking_country():
    assert date_text(dt.date(2026, 10, 3)) == "3 Oct 2026"
    assert span_text(dt.date(2026, 10, 3), dt.date(2026, 10, 9)) == "3\u20139 Oct 2026"
    assert span_text(dt.date(2026, 9, 28), dt.date(2026, 10, 4)) == "28 Sep \u2013 4 Oct 2026"
    assert span_text(dt.date(2025, 12, 30), dt.date(2026, 1, 2)) == "30 Dec 2025 \u2013 2 Jan 2026"


def test_alerts_name_the_day_in_words_not_iso():
    today = dt.date(2026, 11, 25)
    extract = Dose(dt.datetime(2026, 11, 24, 9, 0), 0.5, Form.EXTRACT)
    (alert,) = safety_alerts([extract], {}, today)
    text = " ".join(alert.lines)
    assert "last on 24 Nov 2026" in text and "2026-11-24" not in text


def test_every_other_date_form_comes_from_core_dates():
    from kratomtrack.core.dates import (month_text, month_year_text, moment_text, short_day_text,
                                        weekday_date_text)
    day = dt.date(2026, 10, 3)
    assert short_day_text(day) == "3 Oct"
    assert month_text(day) == "Oct" and month_year_text(day) == "Oct 2026"
    assert weekday_date_text(day) == "Sat 3 Oct 2026"
    # Backups: the day zero-padded, the time to the minute, as before.
    assert moment_text(dt.datetime(2026, 10, 3, 9, 5, 59)) == "Sat 03 Oct 2026 09:05"
    assert moment_text(dt.datetime(2026, 10, 3, 9, 5)) == dt.datetime(2026, 10, 3, 9, 5).strftime(
        "%a %d %b %Y %H:%M")
