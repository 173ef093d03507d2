"""One set of figures: for every day, Today's total line and the typo guard,
History's rows and sort order (a real SQLite file), Trends' series, the
dependence warning's windows and the summary's day table and figures agree
exactly, and so do the plan's "logged" figures and what the charts mark (night
doses, red flags, the heat map's rows and ratings), on generated logs (gaps, several doses a day, extract and 7-OH,
doses after midnight, both daylight-saving days, unrated pain, note-only
check-ins, "no kratom today" marks alone or beside a check-in, ranges
starting mid-week and before the first record). The summary decides what each
day is (a dose, a mark, a check-in without a dose, or nothing logged) as the
records say, and its means and JSON are over the logged days only."""

import datetime as dt
import tempfile
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kratomtrack.core.coverage import DayKind
from kratomtrack.core.daily import daily_totals, days_between
from kratomtrack.core.entry import typo_check
from kratomtrack.core.plan import Plan, PlanStep, plan_days
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.summary.build import summarise
from kratomtrack.core.summary.as_json import summary_as_dict
from kratomtrack.core.trends import AVERAGE_DAYS, AVERAGE_MIN_LOGGED, TrendLog
from kratomtrack.core.warning.rule import evaluate_warning
from kratomtrack.store.checkups import all_red_flags, set_red_flag
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.history import ordered_days, rows_for_days, unlogged_days
from kratomtrack.store.no_use import all_no_use_days, logged_days_between, set_no_use
from kratomtrack.store.summary_source import summary_input

# Daylight-saving days (Europe and North America, spring and autumn 2026).
DST_DAYS = (dt.date(2026, 3, 8), dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2026, 11, 1))
SPAN = 40  # days a generated log may cover
PRODUCTS = ("", "Red Bali", "red bali", "Green Maeng Da")
EFFECTS = ("dizziness", "insomnia", "nausea", "craving")  # craving: withdrawal-type
RED_FLAGS = ("seizure", "dark urine")

dose_strategy = st.tuples(
    st.integers(0, SPAN - 1),                             # day of the log
    st.one_of(st.integers(0, 59), st.integers(0, 1439)),  # minute of the day; after midnight often
    st.integers(1, 150),                                  # tenths of a gram
    st.sampled_from(list(Form)),
    st.sampled_from(PRODUCTS),
)
checkin_strategy = st.tuples(
    st.integers(0, SPAN - 1),
    st.one_of(st.none(), st.integers(0, 10)),              # unrated pain is None
    st.dictionaries(st.sampled_from(EFFECTS), st.integers(0, 3), max_size=2),
    st.sampled_from(("", "a note")),                       # note-only check-ins when nothing else
)


@st.composite
def logs(draw):
    dst = draw(st.sampled_from(DST_DAYS))
    first = dst - dt.timedelta(days=draw(st.integers(0, SPAN - 1)))
    doses = []
    for offset, minute, tenths, form, product in draw(st.lists(dose_strategy, max_size=45)):
        moment = dt.datetime.combine(first + dt.timedelta(days=offset), dt.time(minute // 60, minute % 60))
        doses.append(Dose(moment, tenths / 10, form, product))
    if draw(st.booleans()):  # a dose in the hour the clocks skip or repeat
        moment = dt.datetime.combine(dst, dt.time(2, draw(st.integers(0, 59))))
        doses.append(Dose(moment, draw(st.integers(1, 80)) / 10, draw(st.sampled_from(list(Form)))))
    checkins = {}
    for offset, pain, ratings, note in draw(st.lists(checkin_strategy, max_size=25)):
        checkin = CheckIn(first + dt.timedelta(days=offset), pain, ratings, note)
        if not checkin.is_empty:
            checkins[checkin.day] = checkin
    # A range that may start before the first record, on any weekday, and end past the last.
    start = first + dt.timedelta(days=draw(st.integers(-10, SPAN - 1)))
    end = start + dt.timedelta(days=draw(st.integers(0, 30)))
    # "No kratom today" marks, on days without doses (Today offers it only then).
    dosed = {d.day for d in doses}
    marks = {first + dt.timedelta(days=o) for o in draw(st.lists(st.integers(0, SPAN - 1), max_size=6))}
    flags = {(first + dt.timedelta(days=o), flag) for o, flag in draw(st.lists(
        st.tuples(st.integers(0, SPAN - 1), st.sampled_from(RED_FLAGS)), max_size=4))}
    return doses, list(checkins.values()), start, end, sorted(marks - dosed), sorted(flags)


def _write(folder: Path, doses, checkins) -> LogDatabase:
    db = LogDatabase.open_folder(folder)
    today = dt.date(2027, 1, 1)
    with db.transaction():
        for dose in doses:
            db.add_dose(dose, today=today)
        for checkin in checkins:
            db.save_checkin(checkin, today=today)
    return db


def _core_sort(days, totals, checkins, key: str, descending: bool, marks=frozenset()) -> list[dt.date]:
    """History's sort, done on core's figures: nothing recorded last, ties newest
    first; a "no kratom" day has 0 g leaf and 0 doses, recorded as such."""
    def value(day):
        t = totals.get(day)
        none_taken = 0 if day in marks else None
        if key == "leaf":
            return t.leaf_mg if t else none_taken
        if key == "doses":
            return t.doses if t else none_taken
        return (t.concentrate_mg or None) if t else None

    valued = [d for d in days if value(d) is not None]
    rest = [d for d in days if value(d) is None]
    newest_first = sorted(valued, key=lambda d: d, reverse=True)
    ordered = sorted(newest_first, key=value, reverse=descending)
    return ordered + sorted(rest, reverse=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs())
def test_today_history_trends_warning_and_summary_agree_on_every_day(log):
    doses, checkins, start, end, marks, flags = log
    with tempfile.TemporaryDirectory() as folder:
        db = _write(Path(folder), doses, checkins)
        for day in marks:
            set_no_use(db, day, True, today=dt.date(2027, 1, 1))
        for day, flag in flags:
            set_red_flag(db, day, flag, today=dt.date(2027, 1, 1))
        try:
            _agree(db, doses, checkins, start, end, set(marks))
            _marks_agree(db, doses, checkins, start, end, flags)
        finally:
            db.close()


def _agree(db, doses, checkins, start, end, marks=frozenset()):
    first_day = db.first_day()
    totals = daily_totals(doses)  # the one computation, on the records as generated
    by_day = {c.day: c for c in checkins}
    days = days_between(start, end)
    summary = summarise(summary_input(db, start, end, made_on=end))
    trends = TrendLog(db.all_doses(), db.all_checkins(), first_day=first_day,
                      no_use_days=all_no_use_days(db)).figures(start, end)
    history = {r.day: r for r in rows_for_days(db, days)}
    table = {r.day: r for r in summary.days}
    counted = [d for d in days if first_day is not None and d >= first_day]
    assert [r.day for r in summary.days] == counted
    for i, day in enumerate(days):
        t = totals.get(day)
        leaf_mg = t.leaf_mg if t else 0
        # Today's total line and the typo guard (core.daily on the day's stored doses)
        today = daily_totals(db.doses_on(day)).get(day)
        assert today == t
        if t:
            stored = db.doses_on(day)
            assert typo_check(stored[-1], stored[:-1]).day_leaf_after == t.leaf_grams
        # History's row
        row = history[day]
        assert vars(row)["leaf_mg"] == leaf_mg and row.doses == (t.doses if t else 0)
        assert (row.extract_mg, row.seven_oh_mg, row.other_mg) == (
            (t.extract_mg, t.seven_oh_mg, t.other_mg) if t else (0, 0, 0))
        assert (row.first_dose, row.last_dose) == ((t.first_dose, t.last_dose) if t else (None, None))
        assert row.pain == (by_day[day].pain if day in by_day else None)
        assert row.no_use == (t is None and day in marks)
        assert not row.unreadable  # a healthy log
        # Trends' series, and the summary's own series: None on a day with nothing
        # logged (was 0: an unknown day read as a day without kratom).
        logged = t is not None or day in by_day or day in marks
        for series in (trends, summary.trends) if summary.trends and day >= summary.trends.start else (trends,):
            j = (day - series.start).days
            assert series.leaf_grams[j] == (leaf_mg / 1000 if logged else None)
            assert series.extract_grams[j] == ((t.extract_grams if t else 0) if logged else None)
            assert series.seven_oh_grams[j] == ((t.seven_oh_grams if t else 0) if logged else None)
            assert series.doses[j] == ((t.doses if t else 0) if logged else None)
            assert series.pain[j] == row.pain
            assert series.leaf_average[j] == trends.leaf_average[i]
            # Logged: a dose, a check-in or a "no kratom today" mark; never an empty day.
            assert series.logged[j] == (first_day is not None and day >= first_day and logged)
        assert trends.leaf_average[i] == _average(day, totals, set(totals) | set(by_day) | marks)
        # The warning's windows: the last 7 and the last 28 days
        logged = set(totals) | set(by_day) | set(marks)
        result = evaluate_warning(doses, day, logged_days=logged, first_day=first_day)
        for window, length in ((result.figures.recent, 7), (result.figures.middle, 28)):
            window_days = [d for d in days_between(day - dt.timedelta(days=length - 1), day)
                           if first_day is not None and d >= first_day]
            assert window.days == len(window_days)
            assert window.logged_days == sum(1 for d in window_days if d in logged)
            assert window.leaf_mg == sum(totals[d].leaf_mg for d in window_days if d in totals)
            assert window.doses == sum(totals[d].doses for d in window_days if d in totals)
            assert window.use_days == sum(1 for d in window_days if d in totals)
        # The summary's day table
        if day in table:
            assert table[day] == row
    _summary_agrees(summary, counted, totals, by_day, marks)
    # The plan's "logged" figures: None exactly on the days every other view calls unknown
    plan = Plan((PlanStep(start, 6000, 3),))
    store_logged = logged_days_between(db, start, end)
    for planned in plan_days(plan, daily_totals(db.all_doses()), store_logged, start, end):
        kind = _kind(planned.day, totals, by_day, marks)
        assert planned.logged == kind.logged, planned.day
        if kind.logged:
            t = totals.get(planned.day)
            assert (planned.logged_leaf_mg, planned.logged_doses) == ((t.leaf_mg, t.doses) if t else (0, 0))
    # History lists the logged days, and its SQL sort keys order them exactly as core's figures do
    recorded = sorted({d for d in days if d in totals or d in by_day or d in marks})
    assert ordered_days(db, start, end) == recorded[::-1]
    # ... and counts the days it leaves out as unlogged, from the first logged day of the log
    logged_ever = set(totals) | set(by_day) | set(marks)
    first_logged = min(logged_ever, default=None)
    assert unlogged_days(db, start, end, recorded) == sum(
        1 for d in days if first_logged is not None and d >= first_logged and d not in logged_ever)
    for key in ("leaf", "doses", "concentrate"):
        for descending in (True, False):
            assert ordered_days(db, start, end, key, descending) == _core_sort(
                recorded, totals, by_day, key, descending, marks), (key, descending)


def _marks_agree(db, doses, checkins, start, end, flags):
    """What the charts mark and the heat map's day counts: the same in Trends (its
    log read as the window reads it) and in the summary, and as the records say."""
    trends = TrendLog(db.all_doses(), db.all_checkins(), first_day=db.first_day(),
                      no_use_days=all_no_use_days(db), red_flags=all_red_flags(db)).figures(start, end)
    summary = summarise(summary_input(db, start, end, made_on=end)).trends
    night = {d.day for d in doses if d.taken_at.hour < 5}
    flagged: dict = {}
    for day, flag in flags:
        flagged.setdefault(day, set()).add(flag)
    for figs in (trends, summary) if summary else (trends,):
        assert figs.night == [d in night for d in figs.days]
        assert {d: set(f) for d, f in figs.red_flags.items()} == {
            d: f for d, f in flagged.items() if figs.start <= d <= figs.end}
        heat = figs.heat_map
        # Withdrawal-type rows last; a week's or month's column counts its days at each rating.
        assert heat.withdrawal == sorted(heat.withdrawal)
        assert heat.withdrawal == [n == "craving" for n in heat.names]
        for r, name in enumerate(heat.names):
            for c, start_day in enumerate(heat.columns):
                following = heat.columns[c + 1] if c + 1 < len(heat.columns) else dt.date.max
                rated = [ci.ratings[name] for ci in checkins if name in ci.ratings
                         and figs.start <= ci.day <= figs.end and start_day <= ci.day < following]
                assert heat.values[r][c] == (max(rated) if rated else None)
                if heat.counts:
                    assert heat.counts[r][c] == tuple(rated.count(k) for k in range(4))
    if summary and summary.start == trends.start:
        assert summary.heat_map == trends.heat_map


def _kind(day, totals, checkins, marks) -> DayKind:
    if day in totals:
        return DayKind.USE
    if day in marks:
        return DayKind.NO_KRATOM
    return DayKind.NO_DOSE if day in checkins else DayKind.UNKNOWN


def _summary_agrees(summary, counted, totals, by_day, marks):
    """The summary's kinds, counts, means per logged day and JSON, worked out from the records."""
    kinds = [_kind(d, totals, by_day, marks) for d in counted]
    assert [summary.kinds[d] for d in counted] == kinds
    logged = [d for d, kind in zip(counted, kinds) if kind.logged]
    g = summary.glance
    assert g.leaf_total_mg == sum(totals[d].leaf_mg for d in counted if d in totals)
    assert g.doses_total == sum(totals[d].doses for d in counted if d in totals)
    assert (g.days_counted, g.logged_days, g.use_days) == (len(counted), len(logged), kinds.count(DayKind.USE))
    assert (g.counts.no_kratom, g.counts.no_dose) == (kinds.count(DayKind.NO_KRATOM), kinds.count(DayKind.NO_DOSE))
    # Means over logged days only; no logged day: no mean (None), never 0
    assert g.leaf_per_logged_day == (Fraction(g.leaf_total_mg, 1000 * len(logged)) if logged else None)
    assert g.doses_per_logged_day == (Fraction(g.doses_total, len(logged)) if logged else None)
    if summary.now is not None:
        recent = summary.now.recent
        recent_logged = [d for d in logged if d >= recent.start]
        assert recent.logged_days == len(recent_logged)
        assert recent.leaf_per_logged_day == (Fraction(sum(totals[d].leaf_mg for d in recent_logged if d in totals),
                                                       1000 * len(recent_logged)) if recent_logged else None)
    # The JSON: every day carries its kind; an unknown day's amounts are null
    days = summary_as_dict(summary)["days"]
    assert [row["kind"] for row in days] == [kind.value for kind in kinds]
    for row, day, kind in zip(days, counted, kinds):
        expected = (totals[day].leaf_mg / 1000 if day in totals else 0) if kind.logged else None
        assert row["leaf_grams"] == expected and (row["doses"] is None) == (not kind.logged)


def _average(day, totals, logged):
    """Trends' 7-day average: leaf grams over the logged days of the 7 ending on
    ``day``, with at least AVERAGE_MIN_LOGGED of them (was: over every day since
    the first record, an unknown day counted as 0 g)."""
    window = [d for d in days_between(day - dt.timedelta(days=AVERAGE_DAYS - 1), day) if d in logged]
    if len(window) < AVERAGE_MIN_LOGGED:
        return None
    return float(Fraction(sum(totals[d].leaf_mg for d in window if d in totals), 1000 * len(window)))
