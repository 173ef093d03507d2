"""Every kind of input is read safely: folders, FIFOs and devices are refused
with a message, a pipe is read only up to the cap, UTF-16 and UTF-8 with a
byte-order mark are read; values that fail validation are refusals naming the
line, never a database error; adding many side effects is linear."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kratomtrack.core.validation import FieldError, parse_grams, parse_taken_at, parse_text
from kratomtrack.store.input_files import MAX_INPUT_BYTES, InputRefused, read_input, read_input_text
from kratomtrack.store.transfer import ImportRefused, import_files

from conftest import TODAY
from log_files import fill, table_snapshot

ROOT = Path(__file__).resolve().parents[1]
DOSES = "taken_at,grams,form,product,notes\n2026-11-18T08:00,2.5,powder,Green,ok\n"


def refused(path) -> str:
    with pytest.raises(InputRefused) as err:
        read_input_text(path)
    return str(err.value)


def test_a_folder_a_fifo_and_a_device_are_refused_with_a_message(tmp_path):
    assert "is a folder" in refused(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    assert "named pipe" in refused(fifo)  # and does not wait for a writer
    assert time.monotonic() - started < 2
    assert "is a device" in refused("/dev/zero")


def test_a_pipe_is_read_only_up_to_the_cap():
    read, write = os.pipe()

    def endless():
        chunk = b"x" * (1 << 20)
        try:
            while True:
                os.write(write, chunk)
        except OSError:
            pass
        finally:
            os.close(write)

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    try:
        with pytest.raises(InputRefused, match="over 200 MB"):
            read_input(f"/proc/self/fd/{read}")
    finally:
        os.close(read)
    writer.join(5)


def test_a_small_pipe_is_read_whole():
    read, write = os.pipe()
    os.write(write, DOSES.encode())
    os.close(write)
    try:
        assert read_input_text(f"/proc/self/fd/{read}") == DOSES
    finally:
        os.close(read)
    assert MAX_INPUT_BYTES == 200 * 1024 * 1024


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_utf16_with_a_byte_order_mark_and_utf8_with_one_are_imported(db, tmp_path, encoding):
    path = tmp_path / "doses.csv"
    raw = DOSES.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path.write_bytes(raw)
    report = import_files(db, [path], today=TODAY)
    assert report.added_doses == 1 and db.all_doses()[0].product == "Green"


def import_refusal(db, tmp_path, name, text) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = table_snapshot(db)
    with pytest.raises(ImportRefused) as err:
        import_files(db, [path], today=TODAY)
    assert table_snapshot(db) == before
    return "\n".join(str(p) for p in err.value.problems)


def test_tiny_grams_are_a_refusal_naming_the_line_not_a_constraint_error(db, tmp_path):
    text = import_refusal(db, tmp_path, "d.csv",
                          "taken_at,grams,form,product,notes\n2026-11-18T08:00,0.00000001,powder,,\n")
    assert "line 2" in text and "grams" in text and "more than 0" in text
    data = {"format": "kratomtrack-log", "version": 2, "doses": [
        {"taken_at": "2026-11-18T08:00", "grams": 1e-7, "form": "powder", "product": "", "note": ""}],
        "checkins": [], "side_effects": []}
    assert "more than 0" in import_refusal(db, tmp_path, "d.json", json.dumps(data))


def test_side_effect_names_differing_only_in_case_are_refused_naming_the_record(db, tmp_path):
    data = {"format": "kratomtrack-log", "version": 2, "doses": [], "side_effects": [],
            "checkins": [{"date": "2026-11-18", "pain": 3,
                          "ratings": {"tremor": 1, "Tremor": 2}, "note": ""}]}
    text = import_refusal(db, tmp_path, "c.json", json.dumps(data))
    assert "given twice" in text and "Tremor" in text


def test_a_side_effect_spelled_differently_is_matched_to_the_logs_spelling_and_reported(db, tmp_path):
    db.add_side_effect("Tremor")
    path = tmp_path / "c.csv"
    path.write_text("date,pain,tremor,notes\n2026-11-18,3,mild,\n")
    report = import_files(db, [path], today=TODAY)
    assert report.added_side_effects == []
    assert "'tremor' as 'Tremor'" in "\n".join(report.lines())
    assert db.checkin(TODAY.replace(day=18)).ratings == {"Tremor": 1}


def test_adding_many_side_effects_is_linear(db, tmp_path):
    def seconds(n: int) -> float:
        names = [f"effect {n}-{i}" for i in range(n)]
        path = tmp_path / f"c{n}.csv"
        path.write_text("date,pain," + ",".join(names) + ",notes\n2026-11-1" + str(n % 9)
                        + ",3," + ",".join(["mild"] * n) + ",\n")
        started = time.perf_counter()
        import_files(db, [path], today=TODAY)
        return time.perf_counter() - started

    small, large = seconds(500), seconds(4000)
    assert large < 2.0 and large < small * 8 * 3  # 8x the names, well under 8x squared


@pytest.mark.parametrize("text", ["Green\u202eneerG", "a\u200bb", "x\u0085y", "a\u2028b", "\ufeffbom"])
def test_text_fields_refuse_bidi_zero_width_and_other_invisible_characters(text):
    with pytest.raises(FieldError, match="invisible or direction-changing"):
        parse_text(text, "product", 200, multiline=False)
    assert parse_text("Café\tok\nline", "note", 2000, multiline=True) == "Café\tok\nline"


def test_report_name_refuses_a_right_to_left_override(run_cli, db, tmp_path):
    fill(db, 2)
    status, _, err = run_cli("report", "-o", tmp_path / "r.pdf", "--name", "Jane\u202eeoD")
    assert status == 2 and "invisible" in err and not (tmp_path / "r.pdf").exists()


def test_a_time_in_the_spring_forward_gap_is_refused():
    code = ("from kratomtrack.core.validation import parse_taken_at, FieldError\n"
            "try:\n    parse_taken_at('2026-03-29T02:30')\nexcept FieldError as e:\n    print(e)\n"
            "print(parse_taken_at('2026-03-29T03:00'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "TZ": "Europe/Berlin", "PYTHONPATH": str(ROOT)})
    assert "the clock skipped from 02:00 to 03:00 that night" in result.stdout
    assert "2026-03-29 03:00:00" in result.stdout


def test_parse_grams_still_takes_a_tenth():
    assert parse_grams("0.1") == 0.1
    assert parse_taken_at("2026-11-18T08:00").hour == 8
