"""Logs from Herbal Tracker+, PsychonautWiki Journal and Track & Graph import as described
(tests/fixtures/peers/README.md says what each fixture holds and where its layout comes from)."""

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kratomtrack.core.records import Form
from kratomtrack.store.peer_formats.options import ReadOptions
from kratomtrack.store.transfer import ImportRefused, import_files

from conftest import TODAY
from log_files import table_snapshot

PEERS = Path(__file__).parent / "fixtures" / "peers"
TG_OPTIONS = ReadOptions(grams_feature="Kratom (g)", pain_feature="Pain")


def doses_of(db):
    return {(d.taken_at, d.milligrams, d.form, d.product, d.note) for d in db.all_doses()}


def test_herbal_tracker_csv_keeps_hundredths_guesses_forms_and_reads_twice_as_once(db, chicago):
    report = import_files(db, [PEERS / "herbal_tracker_export.csv"], today=TODAY)
    assert report.found[0] == "Herbal Tracker+ CSV export: 7 doses, 26 Oct – 5 Nov 2026"
    got = doses_of(db)
    assert (dt.datetime(2026, 10, 26, 11, 3), 3000, Form.POWDER, "Green Maeng Da", "") in got
    assert (dt.datetime(2026, 10, 26, 19, 40), 2500, Form.CAPSULES, "Red Bali caps", "before bed") in got
    assert (dt.datetime(2026, 10, 27, 8, 15), 2250, Form.TEA, "White tea blend", "kitchen scale") in got
    assert (dt.datetime(2026, 10, 31, 23, 59), 50, Form.POWDER, "Green Maeng Da", 'a pinch, "tasting"') in got
    assert (dt.datetime(2026, 11, 2, 9, 0), 500, Form.EXTRACT, "Gold extract shot", "") in got
    assert any(note == "café, crème 🙂" for *_, note in got)
    text = "\n".join(report.found)
    assert "capsules because the product's name says so: 1" in text
    assert "repeated when clocks went back" in text  # 01:30 on 1 Nov 2026
    before = table_snapshot(db)
    again = import_files(db, [PEERS / "herbal_tracker_export.csv"], today=TODAY)
    assert again.added_doses == 0 and again.skipped_doses == 7 and table_snapshot(db) == before


def test_herbal_tracker_backups_map_strains_and_keep_legacy_pain_relief_in_the_note(db, chicago):
    report = import_files(db, [PEERS / "herbal_tracker_backup.json", PEERS / "kratom_tracker_1_0_backup.json"],
                          today=TODAY)
    got = doses_of(db)
    assert (dt.datetime(2026, 11, 10, 8, 30), 2250, Form.POWDER, "Red Bali", "morning") in got
    assert (dt.datetime(2026, 11, 10, 20, 5), 3000, Form.CAPSULES, "Green caps", "") in got
    assert (dt.datetime(2026, 11, 11, 7, 45), 80, Form.POWDER, "Red Bali", "") in got
    assert (dt.datetime(2025, 3, 9, 2, 30), 4000, Form.POWDER, "Maeng Da",
            "clocks went forward\npain relief 4/5 (Kratom Tracker)") in got
    assert (dt.datetime(2025, 3, 9, 9, 0), 3500, Form.POWDER, "Maeng Da", "pain relief 2/5 (Kratom Tracker)") in got
    text = "\n".join(report.found)
    assert "Kratom Tracker 1.0 backup: 2 doses" in text and "skipped when clocks went forward" in text


def test_psychonautwiki_takes_only_own_kratom_converts_mg_and_uses_each_dates_offset(db, chicago):
    report = import_files(db, [PEERS / "psychonautwiki_journal.json"], today=TODAY)
    # 23:00 UTC on 31 Oct is 18:00 CDT (-5); 14:00 UTC on 15 Nov is 08:00 CST (-6).
    assert doses_of(db) == {
        (dt.datetime(2026, 10, 31, 18, 0), 2500, Form.POWDER, "", "red vein"),
        (dt.datetime(2026, 11, 15, 8, 0), 1500, Form.POWDER, "", "(estimated amount)"),
    }
    text = "\n".join(report.found)
    assert "skipped (the dose was not recorded): 2" in text
    assert "skipped (kratom someone else took: the ingestion names another person): 1" in text
    assert "amounts in mg converted to grams: 1" in text
    assert "Alcohol, Caffeine" in text and "For my doctor" in text


def test_track_and_graph_needs_the_features_named_and_lists_them(db):
    before = table_snapshot(db)
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [PEERS / "track_and_graph.csv"], today=TODAY)
    message = str(refused.value.problems[0])
    assert "--grams-feature" in message and "'Kratom (g)', 'Pain', 'Sleep'" in message
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [PEERS / "track_and_graph.csv"], today=TODAY, options=ReadOptions("Kratom"))
    assert "no feature 'Kratom'" in str(refused.value.problems[0])
    assert table_snapshot(db) == before


def test_track_and_graph_reads_grams_and_the_latest_pain_of_a_day(db, chicago):
    report = import_files(db, [PEERS / "track_and_graph.csv"], today=TODAY, options=TG_OPTIONS)
    got = doses_of(db)
    assert (dt.datetime(2026, 11, 19, 19, 32), 2250, Form.POWDER, "Red Bali", "evening") in got
    assert (dt.datetime(2026, 10, 30, 12, 0), 70, Form.POWDER, "", "a taste, no more") in got
    # 01:30 at -05:00 and at -06:00 are both 01:30 local, an hour apart: both kept, reported.
    assert {m for t, m, *_ in got if t == dt.datetime(2026, 11, 1, 1, 30)} == {1500, 2000}
    assert db.checkin(dt.date(2026, 11, 19)).pain == 4
    text = "\n".join(report.found)
    assert "more than one pain value: the latest is kept: 1" in text and "repeated" in text
    assert "Sleep" not in {p for *_, p, _ in got}


def test_unrecognised_files_say_what_was_found_and_what_is_read(db, tmp_path):
    # A CSV with a header no format has is a spreadsheet of one's own since issue 30:
    # it asks for a mapping of its columns (tests/test_sheet_import.py) instead of
    # listing the formats that are read.
    before = table_snapshot(db)
    csv_file = tmp_path / "other.csv"
    csv_file.write_text("Datum,Menge,Sorte\n2026-11-01,2,x\n")
    json_file = tmp_path / "other.json"
    json_file.write_text('{"entries": [], "owner": "me"}')
    zipped = tmp_path / "export.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("doses.csv", "taken_at,grams,form,product,notes\n")
    for path, words in ((csv_file, "columns kratomtrack does not know yet"), (json_file, '"entries", "owner"'),
                        (zipped, "unzip it")):
        with pytest.raises(ImportRefused) as refused:
            import_files(db, [path], today=TODAY)
        message = str(refused.value.problems[0])
        assert words in message, message
        if path is json_file:
            assert "Herbal Tracker+" in message and "Moving from another app" in message
    assert table_snapshot(db) == before


def test_a_semicolon_resave_with_decimal_commas_is_recognised_and_read_when_asked(db, tmp_path):
    path = tmp_path / "doses.csv"
    path.write_text("taken_at;grams;form;product;notes\n2026-11-02T08:00;2,25;powder;Red; a note\n")
    with pytest.raises(ImportRefused) as refused:
        import_files(db, [path], today=TODAY)
    assert "decimal commas" in str(refused.value.problems[0]) and db.dose_count() == 0
    import_files(db, [path], today=TODAY, options=ReadOptions(semicolons=True))
    [dose] = db.all_doses()
    assert (dose.milligrams, dose.product) == (2250, "Red")


def test_cli_import_prints_what_it_found(tmp_path):
    env = {"TZ": "America/Chicago", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[1])}
    result = subprocess.run(
        [sys.executable, "-m", "kratomtrack", "--data-dir", str(tmp_path / "d"), "import",
         str(PEERS / "track_and_graph.csv"), "--grams-feature", "Kratom (g)", "--pain-feature", "Pain"],
        capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Track & Graph CSV export: 4 doses, 1 day with pain or a check-in, "
                                    "30 Oct – 19 Nov 2026")
    assert "Traceback" not in result.stderr
