"""The background on paper and in `report --format json` (issue 27): page 1's co-use and
naloxone, the "Background (from the patient, answered …)" section, "none" printed
apart from "not answered", and answers after a past range saying so."""

import datetime as dt
import json
import re

import pytest
from pypdf import PdfReader

from kratomtrack.core.background import NONE, Background, Reasons, Substance, with_answers
from kratomtrack.core.summary.build import summarise
from kratomtrack.report.content import parse_sections, summary_document
from kratomtrack.report.printing import page_layout, write_summary_pdf
from conftest import real_today
from real_command import kratomtrack
from summary_log import END, hand_made_input

pytestmark = pytest.mark.window  # PDFs are painted by Qt

ANSWERED = dt.date(2026, 10, 20)  # within the hand-made range (1-28 Oct 2026)
SUBSTANCES = ("opioids", "benzodiazepines", "alcohol", "gabapentinoids", "cannabis", "stimulants", "sedatives")


def pages(tmp_path, background, **options) -> list[str]:
    path = tmp_path / "summary.pdf"
    summary = summarise(hand_made_input(background=background))
    write_summary_pdf(summary_document(summary, chart_figures=lambda s: [], **options), path, page_layout("a4"))
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(path).pages]


def answered(values, day=ANSWERED) -> Background:
    return with_answers(Background(), values, day)


def test_page_one_carries_co_use_and_naloxone_and_the_section_every_answer(tmp_path):
    background = answered({
        "reasons": Reasons(("pain", "replace_opioids")), "pain_where": "lower back", "goal": "cut_down",
        "opioids": Substance(True, "tramadol", "50 mg at night", None, "2023"), "alcohol": NONE,
        "naloxone": True, "liver_disease": False, "product_source": "an online shop",
        "lab_certificate": False})
    text = pages(tmp_path, background)
    first, everything = text[0], " ".join(text)
    assert ("Other substances takes prescribed opioids (tramadol, 50 mg at night, since 2023); none: alcohol; "
            "not answered: benzodiazepines or sleeping pills") in first
    assert "(from the patient, answered 20 Oct 2026)" in first
    assert "naloxone at home: yes (from the patient, answered 20 Oct 2026)" in first
    assert "boxed warning" in first  # opioids taken: the FDA's warning on combining
    assert "Also takes" not in first  # the undated "Also takes" of page 1 is gone
    section = everything[everything.index("Background (from the patient, answered 20 Oct 2026)"):]
    for row in ("Reasons for using kratom pain, to replace opioids", "Where the pain is \u201clower back\u201d",
                "Own goal for kratom use cut down", "Alcohol none", "Liver disease no",
                "Where the product comes from \u201can online shop\u201d", "Lab certificate for the product no"):
        assert row in section, row
    assert "Not answered: what kind of pain, benzodiazepines or sleeping pills" in section
    assert "kratomtrack computes no score from them" in section
    assert "Nothing entered" not in everything


def test_none_and_not_answered_print_differently(tmp_path):
    all_none = answered(dict.fromkeys([*SUBSTANCES, "naloxone"], NONE) | {"naloxone": False})
    said_none = pages(tmp_path, all_none)[0]
    assert ("Other substances none: prescribed opioids, benzodiazepines or sleeping pills, alcohol, gabapentin "
            "or pregabalin, cannabis, stimulants, other sedatives (from the patient, answered 20 Oct 2026)"
            in said_none)
    assert "naloxone at home: no (from the patient" in said_none
    never_asked = " ".join(pages(tmp_path, Background()))
    assert "Other substances not answered; naloxone at home: not answered" in never_asked
    assert "Background (from the patient): not answered in kratomtrack." in never_asked
    assert "none:" not in never_asked and "naloxone at home: no (" not in never_asked


def test_answers_given_after_a_past_range_say_so_and_answers_on_different_days_carry_theirs(tmp_path):
    background = with_answers(answered({"opioids": NONE}), {"naloxone": False, "seizures": True},
                              END + dt.timedelta(days=10))
    text = " ".join(pages(tmp_path, background, sections=parse_sections("flags,background")))
    assert "naloxone at home: no (from the patient, answered 7 Nov 2026, after the end of this range)" in text
    assert "Background (from the patient, answered 20 Oct \u2013 7 Nov 2026)" in text
    assert "Seizures yes (answered 7 Nov 2026, after the end of this range)" in text
    assert "Prescribed opioids none (answered 20 Oct 2026)" in text
    assert "describe the patient on the day given" in text


def test_the_report_command_prints_the_background_and_its_json_carries_every_answer_with_its_day(tmp_path):
    folder, today = tmp_path / "data", real_today()
    assert kratomtrack(folder, "demo", "--days", "30").returncode == 0
    for args in (("benzodiazepines", "yes", "--name", "zolpidem"), ("cannabis", "none"), ("naloxone", "no")):
        assert kratomtrack(folder, "background", "set", *args).returncode == 0
    made = kratomtrack(folder, "report", "--format", "json", "-o", tmp_path / "s.json")
    assert made.returncode == 0, made.stderr
    summary = json.loads((tmp_path / "s.json").read_text())
    answers = summary["background"]["answers"]
    assert answers["cannabis"] == {"answered": today.isoformat(), "value": "none"}
    assert answers["benzodiazepines"]["value"]["name"] == "zolpidem"
    assert "opioids" not in answers  # not answered
    assert summary["co_use"][1] == ["Naloxone at home",
                                    f"no (from the patient, answered {today.day} {today:%b %Y})"]
    pdf = tmp_path / "s.pdf"
    assert kratomtrack(folder, "report", "--sections", "flags,background", "-o", pdf).returncode == 0
    text = " ".join(re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(pdf).pages)
    assert "takes benzodiazepines or sleeping pills (zolpidem); none: cannabis" in text
    assert f"Background (from the patient, answered {today.day} {today:%b %Y})" in text
