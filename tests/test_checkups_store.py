"""Red flags, PEG and SDS in the log; preferences; the shared safety status."""

import datetime as dt
import json

import pytest

from kratomtrack.core.checkups import (
    PEG_ITEMS,
    SDS_QUESTIONS,
    WITHDRAWAL_SYMPTOMS,
    Peg,
    Sds,
    is_due,
    peg_score,
    sds_answer_labels,
    sds_total,
)
from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.safety import country_for_locale, help_lines
from kratomtrack.core.summary.build import summarise
from kratomtrack.core.validation import FieldError, InvalidRecord
from kratomtrack.core.warning.rule import evaluate_warning
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.store import checkups, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.no_use import logged_days_between
from kratomtrack.store.safety_status import (
    checkup_due,
    current_warning,
    dismiss_warning,
    safety_status,
    warning_days,
)
from kratomtrack.store.summary_source import summary_input
from kratomtrack.store.transfer import export_json, import_files

from conftest import TODAY
from log_files import table_snapshot


def ago(n):
    return TODAY - dt.timedelta(days=n)


def add_use(db, n_ago, grams, doses=2, form=Form.POWDER):
    """``doses`` doses adding up to ``grams`` on the day n_ago (0.1 g steps)."""
    tenths = round(grams * 10)
    for i in range(doses):
        part = tenths // doses + (1 if i < tenths % doses else 0)
        db.add_dose(Dose(dt.datetime.combine(ago(n_ago), dt.time(8 + 3 * i)), part / 10, form),
                    today=TODAY)


def rising_log(db):
    """120 days at 4 g/day, then 6.5 g/day for the last 14: the warning is on."""
    with db.transaction():
        for n in range(120):
            add_use(db, n, 6.5 if n < 14 else 4.0)


# --- scoring (docs/health-content.md) -------------------------------------------------------------


@pytest.mark.parametrize("answers, score", [((0, 0, 0), 0.0), ((10, 10, 10), 10.0),
                                            ((5, 6, 6), 5.7), ((7, 3, 2), 4.0), ((1, 0, 0), 0.3)])
def test_peg_score_is_the_mean_of_three_items(answers, score):
    assert peg_score(answers) == score
    assert Peg(TODAY, *answers).score == score


def test_peg_and_sds_wording_follows_clinical_md():
    assert [i.low for i in PEG_ITEMS] == ["no pain", "does not interfere", "does not interfere"]
    assert PEG_ITEMS[0].high == "pain as bad as you can imagine"
    assert PEG_ITEMS[1].high == PEG_ITEMS[2].high == "completely interferes"
    assert "enjoyment of life" in PEG_ITEMS[1].question and "general activity" in PEG_ITEMS[2].question
    assert SDS_QUESTIONS[0] == "Did you ever think your use was out of control?"
    assert sds_answer_labels(0) == ("never or almost never", "sometimes", "often", "always or nearly always")
    assert sds_answer_labels(4) == ("not difficult", "quite difficult", "very difficult", "impossible")


@pytest.mark.parametrize("answers, total, discuss", [((0,) * 5, 0, False), ((3,) * 5, 15, True),
                                                    ((1, 1, 1, 0, 0), 3, False),
                                                    ((1, 1, 1, 0, 1), 4, True)])
def test_sds_total_and_worth_discussing_from_4(answers, total, discuss):
    assert sds_total(answers) == total
    assert Sds(TODAY, answers).worth_discussing() is discuss


# --- storing ------------------------------------------------------------------------------


def test_peg_is_stored_with_its_date_edited_and_moved(db):
    checkups.save_peg(db, Peg(ago(3), 6, 5, 4), today=TODAY)
    assert checkups.peg_on(db, ago(3)) == Peg(ago(3), 6, 5, 4)
    checkups.save_peg(db, Peg(ago(3), 7, 5, 4), today=TODAY)  # edited
    assert checkups.all_pegs(db) == [Peg(ago(3), 7, 5, 4)]
    checkups.save_peg(db, Peg(ago(2), 7, 5, 4), today=TODAY, replaces=ago(3))  # date changed
    assert checkups.all_pegs(db) == [Peg(ago(2), 7, 5, 4)]
    assert checkups.latest_peg(db).score == 5.3
    assert checkups.delete_peg(db, ago(2)) == Peg(ago(2), 7, 5, 4)
    assert checkups.all_pegs(db) == []


@pytest.mark.parametrize("peg, field", [
    (Peg(TODAY, 11, 0, 0), "pain_average"),
    (Peg(TODAY, 0, -1, 0), "enjoyment"),
    (Peg(TODAY, 0, 0, "5"), "activity"),
    (Peg(TODAY, 0, 0, True), "activity"),
    (Peg(TODAY + dt.timedelta(days=1), 1, 1, 1), "date"),
])
def test_bad_peg_is_refused_and_nothing_changes(db, peg, field):
    checkups.save_peg(db, Peg(TODAY, 1, 1, 1), today=TODAY)
    before = table_snapshot(db)
    with pytest.raises(InvalidRecord) as err:
        checkups.save_peg(db, peg, today=TODAY, replaces=TODAY)
    assert err.value.problems[0].field == field
    assert table_snapshot(db) == before


def test_future_date_message_is_clear(db):
    with pytest.raises(InvalidRecord, match="in the future"):
        checkups.save_sds(db, Sds(TODAY + dt.timedelta(days=2), (0, 0, 0, 0, 0)), today=TODAY)


@pytest.mark.parametrize("answers, field", [((0, 0, 0, 0), "answers"), ((0, 0, 0, 0, 4), "q5"),
                                            ((0, 1.5, 0, 0, 0), "q2"), (None, "answers")])
def test_bad_sds_is_refused(db, answers, field):
    with pytest.raises(InvalidRecord) as err:
        checkups.save_sds(db, Sds(TODAY, answers), today=TODAY)
    assert err.value.problems[0].field == field
    assert checkups.all_sds(db) == []


def test_sds_is_stored_and_scored(db):
    checkups.save_sds(db, Sds(ago(1), (1, 2, 0, 1, 3)), today=TODAY)
    stored = checkups.sds_on(db, ago(1))
    assert stored.answers == (1, 2, 0, 1, 3) and stored.total == 7


def test_red_flags_tick_untick_and_unknown_refused(db):
    checkups.set_red_flag(db, TODAY, "seizure", today=TODAY)
    checkups.set_red_flag(db, TODAY, "dark urine", today=TODAY)
    checkups.set_red_flag(db, TODAY, "seizure", today=TODAY)  # twice is once
    assert checkups.red_flags_on(db, TODAY) == {"seizure", "dark urine"}
    checkups.set_red_flag(db, TODAY, "seizure", False, today=TODAY)
    assert checkups.red_flags_on(db, TODAY) == {"dark urine"}
    with pytest.raises(InvalidRecord, match="not a known red-flag"):
        checkups.set_red_flag(db, TODAY, "headache", today=TODAY)


def test_withdrawal_symptoms_are_added_in_one_go_and_counted(db):
    assert checkups.add_withdrawal_symptoms(db) == list(WITHDRAWAL_SYMPTOMS)
    assert checkups.add_withdrawal_symptoms(db) == []
    names = [s.name for s in db.side_effects()]
    assert names[-6:] == list(WITHDRAWAL_SYMPTOMS)
    db.save_checkin(CheckIn(ago(1), 5, {"craving": 2, "dizziness": 1, "muscle aches": 0}), today=TODAY)
    assert checkups.withdrawal_between(db, ago(7), TODAY) == {ago(1): ["craving"]}


# --- JSON format 2 ---------------------------------------------------------------------------


def fill_checkups(db):
    checkups.set_red_flag(db, ago(2), "yellow skin or eyes", today=TODAY)
    checkups.save_peg(db, Peg(ago(7), 6, 5, 4), today=TODAY)
    checkups.save_sds(db, Sds(ago(20), (1, 1, 0, 2, 1)), today=TODAY)


def test_json_export_holds_checkups_and_reimport_is_idempotent(db, tmp_path):
    fill_checkups(db)
    path = export_json(db, tmp_path / "log.json")
    data = json.loads(path.read_text())
    assert data["version"] == 5
    assert data["red_flags"] == [{"date": ago(2).isoformat(), "flag": "yellow skin or eyes"}]
    assert data["peg"][0]["pain_average"] == 6 and data["peg"][0]["score"] == 5.0
    assert data["sds"][0]["answers"] == [1, 1, 0, 2, 1] and data["sds"][0]["total"] == 5
    with LogDatabase.open_folder(tmp_path / "fresh") as fresh:
        report = import_files(fresh, [path], today=TODAY)
        assert report.added_checkups == 3
        assert checkups.all_pegs(fresh) == checkups.all_pegs(db)
        before = table_snapshot(fresh)
        again = import_files(fresh, [path], today=TODAY)
        assert (again.added_checkups, again.skipped_checkups) == (0, 3)
        assert table_snapshot(fresh) == before
        assert any("Red flags, PEG and SDS: 0 added, 3 already" in line for line in again.lines())


def test_version_1_json_is_still_read(db, tmp_path):
    path = tmp_path / "v1.json"
    path.write_text(json.dumps({"format": "kratomtrack-log", "version": 1, "side_effects": [],
                                "doses": [{"taken_at": "2026-11-18T08:00", "grams": 2.0}],
                                "checkins": []}))
    report = import_files(db, [path], today=TODAY)
    assert report.added_doses == 1 and report.added_checkups == 0


def test_a_different_peg_on_the_same_day_is_a_conflict_unless_replace(db, tmp_path):
    fill_checkups(db)
    path = export_json(db, tmp_path / "log.json")
    checkups.save_peg(db, Peg(ago(7), 1, 1, 1), today=TODAY)
    report = import_files(db, [path], today=TODAY)
    assert len(report.conflicts) == 1 and "different PEG" in report.conflicts[0].message
    assert checkups.peg_on(db, ago(7)) == Peg(ago(7), 1, 1, 1)
    report = import_files(db, [path], replace=True, today=TODAY)
    assert report.replaced_checkups == 1
    assert checkups.peg_on(db, ago(7)) == Peg(ago(7), 6, 5, 4)


@pytest.mark.parametrize("extra, message", [
    ({"peg": [{"date": "2026-11-18", "pain_average": 12, "enjoyment": 1, "activity": 1}]}, "pain_average"),
    ({"sds": [{"date": "2026-11-18", "answers": [0, 0, 0]}]}, "5 answers"),
    ({"red_flags": [{"date": "2026-11-18", "flag": "sneezing"}]}, "not a known red-flag"),
    ({"red_flags": [{"date": "2027-01-01", "flag": "seizure"}]}, "future"),
    ({"peg": "lots"}, "must be a list"),
    ({"sds": [{"date": "2026-11-18", "answers": [0] * 5}, {"date": "2026-11-18", "answers": [1] * 5}]},
     "appears again"),
])
def test_bad_checkups_in_json_refuse_the_whole_import(db, tmp_path, extra, message):
    from kratomtrack.store.transfer import ImportRefused
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "kratomtrack-log", "version": 2,
                                "doses": [{"taken_at": "2026-11-18T08:00", "grams": 2.0}], **extra}))
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [path], today=TODAY)
    assert message in str(refused.value.problems[0])
    assert db.is_empty() and checkups.all_pegs(db) == []


# --- preferences -------------------------------------------------------------------------


def test_warning_settings_saved_reset_and_unreadable_falls_back(db):
    assert preferences.warning_settings(db) == WarningSettings()
    preferences.save_warning_settings(db, WarningSettings(frequent_days=6))
    assert preferences.warning_settings(db).frequent_days == 6
    preferences.save_warning_settings(db, WarningSettings())  # what "Restore defaults" saves
    assert preferences.warning_settings(db) == WarningSettings()
    db.set_setting(preferences.WARNING_SETTINGS, {"frequent_days": 99})
    assert preferences.warning_settings(db) == WarningSettings()
    with pytest.raises(InvalidRecord):
        preferences.save_warning_settings(db, WarningSettings(rise_percent=-1))


def test_country_also_take_and_reminders(db):
    assert preferences.help_country(db) is None
    preferences.set_help_country(db, "GB")
    assert preferences.help_country(db) == "GB"
    with pytest.raises(FieldError):
        preferences.set_help_country(db, "Atlantis")
    preferences.set_also_take(db, {"alcohol", "opioids"})
    assert preferences.also_take(db) == {"alcohol", "opioids"}
    with pytest.raises(FieldError):
        preferences.set_also_take(db, {"coffee"})
    assert preferences.reminders_on(db, "peg") and preferences.reminders_on(db, "sds")
    preferences.set_reminders_on(db, "sds", False)
    assert not preferences.reminders_on(db, "sds")


def test_save_preferences_is_all_or_nothing(db):
    before = preferences.load_preferences(db)
    # The thresholds are written first; the unknown country then refuses the whole save.
    bad = preferences.Preferences(WarningSettings(frequent_days=6), "Atlantis", False, False)
    with pytest.raises(FieldError):
        preferences.save_preferences(db, bad)
    assert preferences.load_preferences(db) == before


@pytest.mark.parametrize("locale, country", [("en_US.UTF-8", "US"), ("en_GB", "GB"), ("en-AU", "AU"),
                                             ("fr_CA", "CA"), ("de_DE", "other"), ("C", "other"),
                                             ("", "other")])
def test_help_line_country_from_locale(locale, country):
    assert country_for_locale(locale) == country


def test_help_lines_by_country_follow_clinical_md():
    assert "SAMHSA National Helpline: 1-800-662-4357 (free, confidential, 24/7)" in help_lines("US").lines
    assert any("1-800-222-1222" in line for line in help_lines("US").lines)
    assert help_lines("GB").lines == ("FRANK: 0300 123 6600",)
    assert any("1800 250 015" in line for line in help_lines("AU").lines)
    assert help_lines("CA").lines == ("9-8-8",)
    assert "doctor or pharmacist" in help_lines(None).lines[0]
    assert help_lines("US").checked == dt.date(2026, 11, 25)


# --- the shared status ---------------------------------------------------------------------


def test_current_warning_agrees_with_the_pure_rule_on_the_whole_log(db):
    rising_log(db)
    status = current_warning(db, TODAY)
    alone = evaluate_warning(db.all_doses(), TODAY, first_day=db.first_day(),
                             logged_days=logged_days_between(db, db.first_day(), TODAY))
    assert status.as_dict() == alone.as_dict()
    assert status.is_on


def test_dismissal_persists_and_worsening_brings_the_warning_back(db, data_dir):
    rising_log(db)
    dismiss_warning(db, TODAY)
    with LogDatabase.open_folder(data_dir) as reopened:
        status = safety_status(reopened, TODAY)
        assert status.warning.is_on and status.warning_hidden and not status.warning_shown
        assert status.dismissed_until == TODAY + dt.timedelta(days=7)
    week_later = TODAY + dt.timedelta(days=7)
    for n in range(1, 8):  # the same use goes on for a week
        db.add_dose(Dose(dt.datetime.combine(TODAY + dt.timedelta(days=n), dt.time(9)), 6.5),
                    today=week_later)
    assert safety_status(db, week_later - dt.timedelta(days=1)).warning_hidden
    assert safety_status(db, week_later).warning_shown
    add_use(db, 0, 5.0, 1)  # 11.5 g today: the last 7 days' mean rises by 11%
    assert safety_status(db, TODAY).warning_shown


def test_alerts_concentrate_and_red_flags_first(db):
    add_use(db, 13, 1.0, 1, Form.SEVEN_OH)
    checkups.set_red_flag(db, ago(1), "dark urine", today=TODAY)
    checkups.set_red_flag(db, ago(3), "seizure", today=TODAY)
    status = safety_status(db, TODAY)
    assert [a.kind for a in status.alerts] == ["emergency", "liver", "concentrate"]
    assert "call the local emergency number" in status.alerts[0].lines[1]
    assert "see a doctor soon" in status.alerts[1].lines[1]
    assert "7-OH product" in status.alerts[2].lines[0] and "more potent than morphine" in status.alerts[2].lines[1]
    # 14 days later the concentrate has left the window.
    assert [a.kind for a in safety_status(db, TODAY + dt.timedelta(days=1)).alerts] == ["emergency", "liver"]


def test_interaction_caution_only_when_something_is_ticked(db):
    assert safety_status(db, TODAY).caution == ()
    preferences.set_also_take(db, {"benzodiazepines"})
    caution = safety_status(db, TODAY).caution
    assert "benzodiazepines or sleeping pills" in caution[0]
    assert "opioids, benzodiazepines, alcohol or other sedatives is the main danger" in caution[1]


def test_warning_periods_for_the_summary(db):
    rising_log(db)
    spans = summarise(summary_input(db, ago(60), TODAY)).glance.warning_spans
    assert len(spans) == 1 and spans[0].end == TODAY
    on = [w for w in warning_days(db, spans[0].start, spans[0].end) if w.level == "warning"]
    assert len(on) == spans[0].days and any("frequent" in w.held for w in on)


def test_checkup_due_weekly_and_monthly_and_dismissible(db):
    assert not checkup_due(db, "peg", TODAY)  # nothing logged yet: nothing asked
    for n_ago in range(40, 12, -1):  # 28 days with a record: both may be offered
        add_use(db, n_ago, 2.0)
    assert checkup_due(db, "peg", TODAY) and checkup_due(db, "sds", TODAY)
    checkups.save_peg(db, Peg(ago(6), 1, 1, 1), today=TODAY)
    assert not checkup_due(db, "peg", TODAY)
    assert checkup_due(db, "peg", TODAY + dt.timedelta(days=1))
    preferences.dismiss_due_marker(db, "sds", TODAY)
    assert not checkup_due(db, "sds", TODAY + dt.timedelta(days=29))
    assert checkup_due(db, "sds", TODAY + dt.timedelta(days=30))
    preferences.set_reminders_on(db, "sds", False)
    assert not checkup_due(db, "sds", TODAY + dt.timedelta(days=30))


def test_peg_is_offered_once_7_days_are_logged_and_sds_once_28(db):
    for n_ago in range(26, 20, -1):
        add_use(db, n_ago, 2.0)
    assert not checkup_due(db, "peg", TODAY)  # 6 days: too early for "the past week"
    add_use(db, 20, 2.0)
    assert checkup_due(db, "peg", TODAY) and not checkup_due(db, "sds", TODAY)
    for n_ago in range(19, 0, -1):
        db.save_checkin(CheckIn(ago(n_ago), pain=4), today=TODAY)  # check-ins count as records too
    assert db.days_with_a_record(TODAY) == 26 and not checkup_due(db, "sds", TODAY)
    add_use(db, 0, 2.0)
    db.save_checkin(CheckIn(ago(27), pain=4), today=TODAY)
    assert db.days_with_a_record(TODAY) == 28 and checkup_due(db, "sds", TODAY)


def test_is_due_rules():
    assert is_due(None, TODAY, 7)
    assert not is_due(ago(6), TODAY, 7) and is_due(ago(7), TODAY, 7)
    assert not is_due(ago(10), TODAY, 7, marker_dismissed_on=ago(2))
