"""The summary's figures (issue 14): whole rolling averages from the first day,
thresholds from the person's settings, and the wording the doctor reads."""

import datetime as dt
import json
import os
import stat
import subprocess
import sys

import pytest

from kratomtrack.core.records import CheckIn, Dose, Form
from kratomtrack.core.summary.build import SummaryInput, summarise
from kratomtrack.core.warning.rule import evaluate_warning
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.report.content import summary_document
from kratomtrack.store import preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.store.summary_source import summary_input

from conftest import TODAY
from summary_log import START, hand_made_input, oct
from test_report_cli import logged  # noqa: F401 (a fixture: the hand-made log in a real file)
from test_report_content import no_charts, texts


def every_day(days: int, end: dt.date, grams: float = 4.0, **kw) -> list[Dose]:
    return [Dose(dt.datetime.combine(end - dt.timedelta(days=i), dt.time(9)), grams, **kw)
            for i in range(days)]


def test_a_constant_log_draws_a_flat_average_from_the_first_day_of_the_range(db):
    with db.transaction():
        for dose in every_day(40, TODAY):
            db.add_dose(dose, today=TODAY)
    start = TODAY - dt.timedelta(days=16)
    summary = summarise(summary_input(db, start, TODAY, made_on=TODAY))
    trends = summary.trends
    assert trends.days[0] == start and len(trends.days) == 17
    assert trends.leaf_average == [4.0] * 17
    assert trends.leaf_grams == [4.0] * 17
    # the day table and the glance still count only the range
    assert [d.day for d in summary.days] == trends.days
    assert summary.glance.leaf_total_mg == 68_000


def test_the_report_charts_are_drawn_from_the_summary_series_not_raw_records(monkeypatch):
    import kratomtrack.charts as drawing
    from kratomtrack.report.charts import summary_chart_figures

    summary = summarise(SummaryInput(start=oct(15), end=oct(28), doses=every_day(28, oct(28)),
                                     first_record=oct(1), made_on=oct(28)))
    assert not hasattr(summary, "source")  # the raw records are not kept on the summary
    drawn = []
    original = drawing.build_trends_figure
    monkeypatch.setattr(drawing, "build_trends_figure",
                        lambda figures, *a, **k: drawn.append(figures) or original(figures, *a, **k))
    assert summary_chart_figures(summary)
    assert drawn and all(f is summary.trends for f in drawn)
    assert summary.trends.leaf_average[0] == 4.0


def test_products_are_grouped_whatever_their_case_in_the_spelling_used_most():
    doses = [Dose(dt.datetime(2026, 10, day, 9), 2.0, Form.POWDER, name)
             for day, name in ((1, "red bali"), (2, "Red Bali"), (3, "Red Bali"), (4, "RED BALI "),
                               (5, "Green"))]
    products = summarise(SummaryInput(start=oct(1), end=oct(5), doses=doses)).glance.products
    assert [(p.name, p.days, p.doses) for p in products] == [("Red Bali", 4, 4), ("Green", 1, 1)]


def test_equally_used_spellings_show_the_first_seen():
    doses = [Dose(dt.datetime(2026, 10, day, 9), 2.0, Form.POWDER, name)
             for day, name in ((1, "maeng da"), (2, "Maeng Da"))]
    products = summarise(SummaryInput(start=oct(1), end=oct(2), doses=doses)).glance.products
    assert [(p.name, p.days) for p in products] == [("maeng da", 2)]


def test_the_warning_names_the_real_span_of_a_young_log():
    # 21 days of records: days 8-21 are the whole short-term baseline there is (2 weeks).
    doses = every_day(14, TODAY - dt.timedelta(days=7), 2.0) + every_day(7, TODAY, 6.0)
    result = evaluate_warning(doses, TODAY, logged_days={d.day for d in doses})
    short = next(c for c in result.conditions if c.key == "short_term")
    assert short.held
    assert short.sentence.endswith("vs 2.0 g over the 2 weeks before"), short.sentence
    assert "3 weeks" not in short.sentence


def test_the_long_term_reason_names_41_days_when_only_41_were_recorded_before():
    # 69 days of records: days 29-69 (41 days) of the long-term baseline exist.
    doses = every_day(41, TODAY - dt.timedelta(days=28), 2.0) + every_day(28, TODAY, 6.0)
    long = next(c for c in evaluate_warning(doses, TODAY, logged_days={d.day for d in doses}).conditions
                if c.key == "long_term")
    assert long.held and long.sentence.endswith("over the 41 days before"), long.sentence


def test_not_enough_history_still_names_the_window_needed():
    doses = every_day(10, TODAY, 2.0)
    short = next(c for c in evaluate_warning(doses, TODAY, logged_days={d.day for d in doses}).conditions
                 if c.key == "short_term")
    assert "in days 8-28, the log covers only 3 of these 21 days (3 logged days; at least 14 needed)" \
        in short.sentence


def test_per_day_figures_say_what_they_divide_by():
    text = texts(summary_document(summarise(hand_made_input()), chart_figures=no_charts))
    # One denominator, the logged days: 20 Oct (nothing logged) is in neither mean.
    assert "mean 5.1 g per logged day (137.5 g over 27 logged days)" in text
    assert "mean 2.6 per logged day (69 over 27 logged days)" in text
    assert "per day used" not in text and "per calendar day" not in text


def test_the_change_in_percent_is_computed_from_the_means_as_printed():
    # first half 48.2 g over 14 days (3.44, printed 3.4), second 6.4 g a day
    doses = every_day(13, oct(13), 3.4) + every_day(1, oct(14), 4.0) + every_day(14, oct(28), 6.4)
    summary = summarise(SummaryInput(start=oct(1), end=oct(28), doses=doses))
    text = texts(summary_document(summary, chart_figures=no_charts))
    assert "+88% in leaf g per logged day: 3.4 g in the first 14 days (14 logged)" in text
    assert "6.4 g in the last 14 days (14 logged)" in text


def test_the_summary_says_doses_after_midnight_count_on_the_new_day():
    text = texts(summary_document(summarise(hand_made_input()), chart_figures=no_charts))
    assert "a dose taken after midnight counts on the new day" in text


def test_largest_single_dose_prints_leaf_extract_and_7oh_apart_each_in_its_unit():
    text = texts(summary_document(summarise(hand_made_input()), chart_figures=no_charts))
    assert "leaf: 5.5 g capsules on 22 Oct 2026" in text
    assert "; extract: 0.5 g on 10 Oct 2026; 7-OH product: 200 mg on 25 Oct 2026" in text


def test_only_a_7oh_product_still_prints_its_largest_dose_in_mg():
    doses = [Dose(dt.datetime(2026, 10, 1, 9), 0.3, Form.SEVEN_OH)]
    text = texts(summary_document(summarise(SummaryInput(start=oct(1), end=oct(2), doses=doses)),
                                  chart_figures=no_charts))
    assert "Largest single dose: 7-OH product: 300 mg on 1 Oct 2026" in text


def test_the_printed_thresholds_follow_the_persons_settings():
    settings = WarningSettings(recent_days=6, frequent_days=4, large_dose_grams=6.0, sds_threshold=6)
    data = hand_made_input(warning_days=[], sds=[(oct(20), 5), (oct(24), 6)], settings=settings)
    summary = summarise(data)
    text = texts(summary_document(summary, chart_figures=no_charts))
    assert "doses on 4 or more of the last 6 days" in text and "5 or more of the last 7" not in text
    assert "Scores of 6 or more are marked" in text
    assert "0 leaf doses of 6 g or more" in text  # the 5.5 g dose is under the person's 6 g
    assert [s.worth_discussing for s in summary.sds] == [False, True]
    assert "24 Oct 2026: 6 of 15 (worth discussing) \u00b7 20 Oct 2026: 5 of 15" in text


def test_the_summary_reads_the_settings_stored_in_the_log(db):
    preferences.save_warning_settings(db, WarningSettings(sds_threshold=7))
    data = summary_input(db, START, oct(28), made_on=oct(28))
    assert data.settings.sds_threshold == 7


def test_dialog_builds_the_summary_once_per_range(qtbot, db):
    from kratomtrack.ui.dialogs.summary import SummaryDialog

    calls = []

    def gather(start, end):
        calls.append((start, end))
        return hand_made_input(start=start, end=end)

    dialog = SummaryDialog(gather, chart_figures=no_charts, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.set_range(oct(1), oct(28))
    qtbot.waitUntil(lambda: dialog.ready)  # read off the window's thread, once
    assert calls.count((oct(1), oct(28))) == 1
    calls.clear()
    dialog.questions.setPlainText("Is this too much?")
    dialog.document()
    summary = dialog.summary()
    assert calls == []
    assert summary.questions == "Is this too much?" and summary.glance.use_days == 27


def test_report_json_writes_every_figure_and_chart_series_privately(logged, tmp_path):
    out = tmp_path / "visit.json"
    result = subprocess.run(
        [sys.executable, "-m", "kratomtrack", "--data-dir", str(logged), "report", "--format", "json",
         "--from", "2026-10-01", "--to", "2026-10-28", "-o", str(out)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert result.returncode == 0, result.stderr
    assert f"Wrote {out}" in result.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    with LogDatabase.open_folder(logged) as db:
        summary = summarise(summary_input(db, oct(1), oct(28)))
    g = data["glance"]
    assert (g["use_days"], g["leaf_total_grams"], g["doses_total"]) == (27, 137.5, 69)
    assert g["largest_leaf_dose"]["grams"] == 5.5 and g["largest_extract_dose"]["form"] == "extract"
    assert g["change"]["percent"] == pytest.approx(57.5)  # 4.0 -> 6.3 g per logged day
    charts = data["charts"]
    assert charts["days"][0] == "2026-10-01" and len(charts["days"]) == 28
    assert charts["leaf_average"] == summary.trends.leaf_average
    assert charts["pain"] == summary.trends.pain
    assert len(charts["weeks"]) == len(summary.trends.weeks)
    assert charts["heat_map"]["names"] == summary.trends.heat_map.names
    # The scatter points are made only when asked for, and the file still holds them.
    assert len(charts["pain_vs_leaf"]) == len(summary.trends.pain_vs_leaf) > 0
    assert set(charts["side_effect_vs_leaf"]) == set(summary.trends.heat_map.names)
    # 20 Oct has nothing logged: its amounts are null, never 0
    assert [d["leaf_grams"] for d in data["days"]] == [
        d.leaf_grams if summary.kinds[d.day].logged else None for d in summary.days]
    assert data["days"][19]["kind"] == "unknown" and data["days"][19]["doses"] is None
    assert (data["format"], data["version"]) == ("kratomtrack-summary", 3)
    assert data["days"][0]["first_dose"] == "08:00" and data["settings"]["sds_threshold"] == 4


def test_report_json_refuses_a_pdf_name(run_cli, logged, tmp_path):
    status, _, err = run_cli("report", "--format", "json", "-o", tmp_path / "x.pdf")
    assert status == 2 and "does not end in .json" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_the_pain_change_is_worked_out_from_the_printed_fortnight_means():
    from kratomtrack.core.summary.pain import PainSummary, PeriodPain

    first = PeriodPain(dt.date(2026, 1, 1), dt.date(2026, 1, 14), 14, 3.44)  # printed 3.4
    last = PeriodPain(dt.date(2026, 1, 15), dt.date(2026, 1, 28), 14, 6.44)  # printed 6.4
    pain = PainSummary(28, 4.9, 1, 9, first, last, [])
    assert round(pain.change, 6) == 3.0  # 6.4 - 3.4, as a reader works it out
    assert round(pain.change_percent) == 88  # not 87, which the unrounded means give
