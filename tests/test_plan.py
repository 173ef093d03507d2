"""Reduction plans: steps, planned against logged, the store's history and undo,
the JSON round trip, and pain before/after a dose kept through export and import."""

import datetime as dt
import json

import pytest

from kratomtrack.core.daily import daily_totals
from kratomtrack.core.plan import Plan, PlanStep, plan_days, plan_weeks, rise_notes, steps_from_numbers
from kratomtrack.core.records import Dose
from kratomtrack.core.validation import FieldError, InvalidRecord
from kratomtrack.store import plans
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.transfer import ImportRefused, export_json, import_files

from conftest import TODAY

D = dt.date


def test_steps_are_computed_from_the_numbers_typed():
    steps = steps_from_numbers(D(2026, 6, 1), 6.0, 4.5, 0.5, 7)
    assert [(s.start, s.leaf_mg) for s in steps] == [
        (D(2026, 6, 1), 6000), (D(2026, 6, 8), 5500), (D(2026, 6, 15), 5000), (D(2026, 6, 22), 4500)]
    # A step that does not divide the distance ends exactly on the end amount.
    assert [s.leaf_mg for s in steps_from_numbers(D(2026, 6, 1), 5.0, 4.0, 0.3, 3)] == [5000, 4700, 4400, 4100, 4000]


@pytest.mark.parametrize("numbers, field", [
    ((5.0, 6.0, 0.5, 7), "amounts"),
    ((5.0, 4.0, 0, 7), "step"),
    ((5.0, 4.0, 0.5, 0), "days per step"),
    ((100.0, 0.0, 0.01, 1), "step"),
])
def test_impossible_numbers_are_refused_plainly(numbers, field):
    with pytest.raises(FieldError) as err:
        steps_from_numbers(D(2026, 6, 1), *numbers)
    assert err.value.problem.field == field


def test_step_on_a_day_and_planned_against_logged():
    plan = Plan((PlanStep(D(2026, 6, 1), 6000, 3), PlanStep(D(2026, 6, 4), 5000, None)))
    assert plan.step_on(D(2026, 5, 31)) is None and plan.step_on(D(2026, 6, 3)).leaf_mg == 6000
    doses = [Dose(dt.datetime(2026, 6, d, h), 2.0) for d in range(1, 8) for h in (8, 14, 20)]
    totals = daily_totals(doses)
    days = plan_days(plan, totals, set(totals), D(2026, 6, 1), D(2026, 6, 7))
    assert [(d.planned_leaf_mg, d.logged_leaf_mg) for d in days[2:4]] == [(6000, 6000), (5000, 6000)]
    week = plan_weeks(days, {D(2026, 6, 2): 4, D(2026, 6, 3): 6}, {D(2026, 6, 5): ["craving"]}, {})[0]
    # Planned a day is the mean over the week's days; logged is per logged day (all 7 here).
    assert week.planned_leaf_grams_per_day == pytest.approx((3 * 6 + 4 * 5) / 7)
    assert (week.logged_leaf_grams_per_logged_day, week.logged_days) == (6.0, 7)
    assert week.days_over_plan == 4 and week.mean_pain == 5 and week.withdrawal_days == 1


def test_rise_note_uses_only_the_words_clinical_md_gives():
    plan = Plan((PlanStep(D(2026, 6, 1), 6000),))
    # 10 days with ratings before (none with a symptom), 10 since, 4 with restlessness: 40 points more.
    withdrawal = {D(2026, 5, 20) + dt.timedelta(days=i): [] for i in range(10)}
    withdrawal |= {D(2026, 6, 1) + dt.timedelta(days=i): ["restlessness"] if i < 4 else [] for i in range(10)}
    notes = rise_notes(plan, {}, withdrawal, D(2026, 6, 10))
    assert notes == ["Your log shows withdrawal-type symptoms on more days since the plan started: 4 of "
                     "10 days with ratings (40%), against 0 of 10 (0%) in the 28 days before. Stopping or "
                     "cutting down after regular use can bring withdrawal; your doctor can help adjust the plan."]
    # In the summary, which the doctor reads: third person, no "your doctor".
    assert rise_notes(plan, {}, withdrawal, D(2026, 6, 10), for_doctor=True) == [
        "The patient's log shows withdrawal-type symptoms on more days since the plan started: 4 of 10 days "
        "with ratings (40%), against 0 of 10 (0%) in the 28 days before. Stopping or cutting down after "
        "regular use can bring withdrawal."]
    since = {d: v for d, v in withdrawal.items() if d >= D(2026, 6, 1)}
    assert rise_notes(plan, {}, since, D(2026, 6, 10)) == []  # nothing before to compare with


def test_a_rise_is_said_only_on_a_change_that_matters_and_pain_apart():
    plan = Plan((PlanStep(D(2026, 6, 1), 6000),))
    before = [D(2026, 5, 18) + dt.timedelta(days=i) for i in range(14)]
    during = [D(2026, 6, 1) + dt.timedelta(days=i) for i in range(14)]
    # A 0.02-point rise (issue 27 printed it in bold) is noise: nothing is said.
    noise = {d: 4 for d in before} | {d: 4 for d in during[:13]} | {during[13]: 5}
    assert rise_notes(plan, noise, {}, D(2026, 6, 14)) == []
    # 4.0 -> 6.0: 2 points (Farrar 2001). Its own sentence, with the figures, in the third person.
    rise = {d: 4 for d in before} | {d: 6 for d in during}
    assert rise_notes(plan, rise, {}, D(2026, 6, 14), for_doctor=True) == [
        "The patient's log shows more pain since the plan started: mean 6.0 on 14 rated days, against 4.0 "
        "on 14 rated days in the 28 days before (+2.0 points)."]
    # 3.0 -> 3.9: 0.9 points but 30%: it matters too.
    assert len(rise_notes(plan, {d: 3 for d in before} | {d: 3.9 for d in during}, {}, D(2026, 6, 14))) == 1
    # Withdrawal on 2 more days of 14 (14 points more): not "clearly more days".
    some = {d: [] for d in before} | {d: ["craving"] if i < 2 else [] for i, d in enumerate(during)}
    assert rise_notes(plan, {}, some, D(2026, 6, 14)) == []


def test_set_plan_keeps_a_history_with_one_on_and_undo_puts_it_back(db):
    first, previous = plans.set_plan(db, Plan((PlanStep(D(2026, 6, 1), 6000),)))
    assert previous is None and plans.active_plan(db) == first
    second, previous = plans.set_plan(db, Plan((PlanStep(D(2026, 7, 1), 5000),)))
    assert previous == first
    history = plans.all_plans(db)
    assert [p.ended for p in history] == [D(2026, 6, 30), None] and plans.active_plan(db) == second
    plans.undo_set_plan(db, second, previous)
    assert plans.all_plans(db) == [first] and plans.active_plan(db) == first


def test_end_plan_and_its_undo(db):
    plan, _ = plans.set_plan(db, Plan((PlanStep(D(2026, 6, 1), None, 3),)))
    with pytest.raises(FieldError, match="before the plan's start"):
        plans.end_plan(db, D(2026, 5, 1))
    assert plans.active_plan(db) == plan  # nothing changed
    was = plans.end_plan(db, D(2026, 6, 20))
    assert plans.active_plan(db) is None and plans.latest_plan(db).ended == D(2026, 6, 20)
    plans.undo_end_plan(db, was)
    assert plans.active_plan(db) == plan
    with pytest.raises(FieldError, match="at least one step"):
        plans.set_plan(db, Plan(()))


def test_plans_and_dose_pain_round_trip_through_json(db, tmp_path):
    plans.set_plan(db, Plan((PlanStep(D(2026, 6, 1), 6000, 3),), note="with Dr Lee"))
    plans.set_plan(db, Plan((PlanStep(D(2026, 7, 1), 5500), PlanStep(D(2026, 7, 8), 5000, 2))))
    db.add_dose(Dose(dt.datetime(2026, 7, 2, 8), 2.5, pain_before=7, pain_after=4), today=TODAY)
    db.add_dose(Dose(dt.datetime(2026, 7, 2, 14), 2.0, pain_before=6), today=TODAY)
    path = export_json(db, tmp_path / "log.json")
    data = json.loads(path.read_text())
    assert data["plans"][0]["steps"] == [{"from": "2026-06-01", "leaf_grams": 6.0, "doses": 3}]
    assert data["doses"][0]["pain_after"] == 4 and "pain_after" not in data["doses"][1]
    with LogDatabase.open_folder(tmp_path / "other") as other:
        report = import_files(other, [path], today=TODAY)
        assert plans.all_plans(other) == plans.all_plans(db)
        assert other.all_doses() == db.all_doses()
        assert report.added_plans == 2
        again = import_files(other, [path], today=TODAY)
        assert again.added_plans == 0 and again.skipped_plans == 2 and len(plans.all_plans(other)) == 2


def test_a_bad_plan_in_a_file_refuses_the_import_and_changes_nothing(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "kratomtrack-log", "version": 4, "plans": [
        {"steps": [{"from": "2026-06-01", "leaf_grams": None, "doses": None}]}]}))
    with pytest.raises(ImportRefused) as err:
        import_files(db, [path], today=TODAY)
    assert [p.line for p in err.value.problems] == ["plans[0]"]
    assert "leaf g/day, doses/day or both" in err.value.problems[0].message
    assert plans.all_plans(db) == []


def test_pain_before_and_after_are_checked_like_pain(db):
    with pytest.raises(InvalidRecord, match="pain after"):
        db.add_dose(Dose(dt.datetime(2026, 7, 2, 8), 2.0, pain_after=11), today=TODAY)
    dose = db.add_dose(Dose(dt.datetime(2026, 7, 2, 8), 2.0, pain_before=0), today=TODAY)
    assert db.dose(dose.id).pain_before == 0 and db.dose(dose.id).pain_after is None
