"""The background for the doctor (issue 27): answers with their days, "none" apart
from "not answered", checked on the way in, kept in the log, and the command."""

import datetime as dt
import json

import pytest

from kratomtrack.core.background import (
    NONE,
    Answer,
    Background,
    Reasons,
    Substance,
    background_from_json,
    background_to_json,
    with_answers,
    with_sedating,
)
from kratomtrack.core.background_words import background_lines, co_use_lines
from kratomtrack.core.validation import FieldError, InvalidRecord
from kratomtrack.store import preferences
from conftest import TODAY, real_today
from real_command import kratomtrack

EARLIER = TODAY - dt.timedelta(days=30)


def full_background(day=TODAY) -> Background:
    return with_answers(Background(), {
        "reasons": Reasons(("pain", "withdrawal"), "to sleep"),
        "pain_where": "lower back",
        "pain_kind": "aching, worse in the morning",
        "goal": "cut_down",
        "opioids": Substance(True, "oxycodone", "10 mg twice a day", None, "2024-03"),
        "alcohol": Substance(True, "", "", 10, "2015"),
        "cannabis": NONE,
        "naloxone": False,
        "liver_disease": True,
        "seizures": False,
        "pregnancy": False,
        "product_source": "a shop in town",
        "lab_certificate": False,
    }, day)


# --- core: checking -----------------------------------------------------------------------


@pytest.mark.parametrize("key, value, words", [
    ("pain_where", "back\x07", "control characters"),
    ("pain_where", "x" * 201, "at most 200"),
    ("pain_where", "   ", "leave it not answered"),
    ("goal", "more", "not one of"),
    ("naloxone", "yes", "yes or no"),
    ("reasons", Reasons(()), "no reason chosen"),
    ("reasons", Reasons(("fun",)), "unknown: fun"),
    ("opioids", Substance(True, "a\nb"), "line breaks"),
    ("opioids", Substance(True, since="2027"), "after the day it was answered"),
    ("opioids", Substance(True, since="2019-13"), "not a real date"),
    ("opioids", Substance(True, since="last year"), "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("opioids", Substance(True, since="1850"), "before 1900"),
    ("opioids", Substance(False, name="oxycodone"), "is \u201cnone\u201d but has"),
    ("opioids", Substance(True, drinks_a_week=3), "for alcohol only"),
    ("alcohol", Substance(True, drinks_a_week=0), "from 1 to 300"),
    ("alcohol", Substance(True, amount="a lot"), "drinks a week"),
    ("sertraline", NONE, "is not a question"),
])
def test_an_answer_that_cannot_be_stored_is_refused_in_words(key, value, words):
    with pytest.raises(FieldError) as refused:
        with_answers(Background(), {key: value}, TODAY)
    assert words in str(refused.value)


def test_each_answer_is_dated_when_it_changes_and_keeps_its_day_when_given_again():
    first = with_answers(Background(), {"goal": "stop", "naloxone": True}, EARLIER)
    again = with_answers(first, {"goal": "stop", "naloxone": False, "cannabis": NONE}, TODAY)
    assert again.answer("goal") == Answer("stop", EARLIER)
    assert again.answer("naloxone") == Answer(False, TODAY)
    assert again.answer("cannabis") == Answer(NONE, TODAY)
    cleared = with_answers(again, {"naloxone": None}, TODAY)
    assert cleared.answer("naloxone") is None and cleared.answer("goal") is not None


def test_words_for_other_choose_other_and_reasons_keep_their_order():
    answers = with_answers(Background(), {"reasons": Reasons(("mood", "pain"), " to sleep ")}, TODAY)
    assert answers.value("reasons") == Reasons(("pain", "mood", "other"), "to sleep")


def test_the_stored_form_round_trips_and_its_parser_refuses_what_it_cannot_read():
    background = full_background()
    stored = json.loads(json.dumps(background_to_json(background)))
    assert background_from_json(stored, today=TODAY) == background
    assert stored["answers"]["cannabis"] == {"answered": TODAY.isoformat(), "value": "none"}
    assert stored["answers"]["alcohol"]["value"]["drinks_a_week"] == 10
    future = json.loads(json.dumps(stored))
    future["answers"]["goal"]["answered"] = (TODAY + dt.timedelta(days=1)).isoformat()
    future["answers"]["naloxone"]["value"] = "maybe"
    with pytest.raises(InvalidRecord) as refused:
        background_from_json(future, today=TODAY)
    assert [p.field for p in refused.value.problems] == ["Own goal for kratom use", "Naloxone at home"]
    assert "in the future" in str(refused.value)
    with pytest.raises(InvalidRecord):
        background_from_json({"format": "something else"}, today=TODAY)
    assert background_from_json(None, today=TODAY) == Background()


# --- core: words --------------------------------------------------------------------------


def test_co_use_says_what_is_taken_what_is_none_and_what_was_not_asked_with_the_day():
    opioids_only = with_answers(Background(), {"opioids": Substance(True, "oxycodone", "10 mg", None, "2024")},
                                TODAY)
    with_none = with_answers(opioids_only, {"benzodiazepines": NONE, "naloxone": True}, TODAY)
    substances, naloxone = co_use_lines(with_none, TODAY)
    assert substances == ("Other substances: takes prescribed opioids (oxycodone, 10 mg, since 2024); "
                          "none: benzodiazepines or sleeping pills; not answered: alcohol, gabapentin or "
                          "pregabalin, cannabis, stimulants, other sedatives (from the patient, answered "
                          "20 Nov 2026)")
    assert naloxone == "Naloxone at home: yes (from the patient, answered 20 Nov 2026)"
    # "none" for every substance is not the same as nothing answered.
    all_none = with_answers(Background(), dict.fromkeys(
        ["opioids", "benzodiazepines", "alcohol", "gabapentinoids", "cannabis", "stimulants", "sedatives"],
        NONE), EARLIER)
    assert co_use_lines(all_none, TODAY)[0].startswith("Other substances: none: prescribed opioids, ")
    assert "answered 21 Oct 2026" in co_use_lines(all_none, TODAY)[0]
    assert co_use_lines(Background(), TODAY) == ["Other substances, naloxone: not answered"]


def test_answers_given_after_a_past_range_say_so():
    answers = with_answers(Background(), {"opioids": NONE, "naloxone": False}, TODAY)
    past = co_use_lines(answers, EARLIER)
    assert all("after the end of this range" in line for line in past)
    assert not any("after the end" in line for line in co_use_lines(answers, TODAY))


def test_the_background_in_words_names_every_question_not_answered():
    lines = background_lines(with_answers(Background(), {"goal": "not_sure", "seizures": False}, TODAY))
    assert lines[0] == "Background (from the patient, answered 20 Nov 2026)"
    assert "  Own goal for kratom use: not sure" in lines and "  Seizures: no" in lines
    assert lines[-1].startswith("  Not answered: reasons for using kratom, where the pain is")
    assert "seizures" not in lines[-1]


# --- store ----------------------------------------------------------------------------------


def test_the_background_is_kept_in_the_log_and_read_back_whole(db, data_dir):
    from kratomtrack.store.database import LogDatabase

    preferences.save_background(db, full_background(), today=TODAY)
    db.close()
    with LogDatabase.open_folder(data_dir) as again:
        assert preferences.background(again, today=TODAY) == full_background()
        assert preferences.also_take(again) == {"opioids", "alcohol"}


def test_the_earlier_i_also_take_ticks_are_carried_in_undated_then_saved_once(db):
    db.set_setting(preferences.ALSO_TAKE_KEY, ["opioids", "sedatives"])  # as an earlier version wrote it
    carried = preferences.background(db, today=TODAY)
    assert carried.answer("opioids") == Answer(Substance(True), None)
    assert preferences.also_take(db) == {"opioids", "sedatives"}
    assert "date not recorded" in co_use_lines(carried, TODAY)[0]
    # Answering "none" for opioids today: the old tick no longer speaks for it.
    preferences.save_background(db, with_answers(carried, {"opioids": NONE}, TODAY), today=TODAY)
    assert db.setting(preferences.ALSO_TAKE_KEY) == []
    after = preferences.background(db, today=TODAY)
    assert after.answer("opioids") == Answer(NONE, TODAY)
    assert after.answer("sedatives") == Answer(Substance(True), None)  # kept, still undated
    assert background_from_json(db.setting(preferences.BACKGROUND), today=TODAY) == after


def test_ticking_i_also_take_answers_in_the_background_and_unticking_says_none(db):
    preferences.set_also_take(db, {"alcohol"}, today=EARLIER)
    preferences.save_background(db, with_answers(preferences.background(db), {
        "alcohol": Substance(True, "", "", 4, "2010")}, EARLIER), today=EARLIER)
    preferences.set_also_take(db, {"alcohol", "benzodiazepines"}, today=TODAY)
    answers = preferences.background(db)
    assert answers.answer("alcohol").value.drinks_a_week == 4  # an answer kept is not rewritten
    assert answers.answer("benzodiazepines") == Answer(Substance(True), TODAY)
    assert answers.answer("opioids") is None  # never ticked: still not answered
    preferences.set_also_take(db, set(), today=TODAY)
    assert preferences.background(db).answer("alcohol") == Answer(NONE, TODAY)
    assert with_sedating(Background(), set(), TODAY) == Background()


def test_an_answer_this_version_cannot_read_is_kept_when_others_are_saved(db):
    stored = background_to_json(with_answers(Background(), {"goal": "stop"}, EARLIER))
    stored["answers"]["seizures"] = {"answered": EARLIER.isoformat(), "value": "sometimes"}
    db.set_setting(preferences.BACKGROUND, stored)
    found = preferences.background(db, today=TODAY)
    assert found.value("goal") == "stop" and found.answer("seizures") is None
    preferences.save_background(db, with_answers(found, {"naloxone": True}, TODAY), today=TODAY)
    kept = db.setting(preferences.BACKGROUND)["answers"]
    assert kept["seizures"]["value"] == "sometimes" and kept["naloxone"]["value"] is True


# --- the command ------------------------------------------------------------------------------


def test_the_command_sets_answers_dated_today_and_shows_them_as_json(tmp_path):
    folder, today = tmp_path / "data", real_today()
    assert kratomtrack(folder, "demo", "--days", "10").returncode == 0
    done = kratomtrack(folder, "background", "set", "opioids", "yes", "--name", "oxycodone",
                       "--amount", "10 mg twice a day", "--since", "2024-03")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Saved. Prescribed opioids: yes (oxycodone, 10 mg twice a day, since Mar 2024; answered ")
    for args in (("cannabis", "none"), ("naloxone", "no"), ("goal", "cut-down"),
                 ("reasons", "pain,withdrawal"), ("alcohol", "yes", "--amount", "6")):
        assert kratomtrack(folder, "background", "set", *args).returncode == 0
    shown = kratomtrack(folder, "background", "--json")
    answers = json.loads(shown.stdout)["answers"]
    assert answers["cannabis"] == {"answered": today.isoformat(), "value": "none"}
    assert answers["naloxone"] == {"answered": today.isoformat(), "value": False}
    assert answers["alcohol"]["value"]["drinks_a_week"] == 6 and answers["goal"]["value"] == "cut_down"
    assert "seizures" not in answers  # not answered: no entry at all
    words = kratomtrack(folder, "background").stdout
    assert "  Cannabis: none" in words and "seizures" in words.splitlines()[-1]
    taken_back = kratomtrack(folder, "background", "set", "cannabis", "not-answered")
    assert taken_back.returncode == 0 and "cannabis" not in json.loads(
        kratomtrack(folder, "background", "--json").stdout)["answers"]


@pytest.mark.parametrize("args, words", [
    (("naloxone", "maybe"), "'maybe' is not yes, no or not-answered"),
    (("opioids", "yes", "--since", "2999"), "after the day it was answered"),
    (("coffee", "yes"), "'coffee' is not a question"),
    (("alcohol", "yes", "--amount", "lots"), "not a whole number of drinks a week"),
    (("seizures", "no", "--name", "x"), "--name, --amount and --since are for substances"),
])
def test_the_command_refuses_a_bad_answer_in_words_and_changes_nothing(run_cli, db, args, words):
    before = db.setting(preferences.BACKGROUND)
    status, out, err = run_cli("background", "set", *args)
    assert status == 2 and words in err and "Traceback" not in err
    # A bad --since is refused while the arguments are read (cli.limits), with the usage.
    assert ("Nothing was changed." in err) != ("usage: kratomtrack background set" in err)
    assert db.setting(preferences.BACKGROUND) == before
