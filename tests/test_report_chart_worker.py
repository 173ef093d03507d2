"""The summary's charts drawn in a second process (report.chart_worker) are the charts
drawn in this one, and a worker that dies costs only time, never the charts."""

import os
import signal
import subprocess
import sys

import pytest
from pypdf import PdfReader

from kratomtrack.core.summary.build import summarise
from kratomtrack.report.chart_worker import ChartWorker
from kratomtrack.report.charts import ChartRequest, draw_charts
from summary_log import hand_made_input

pytestmark = [pytest.mark.window,  # the report command paints its PDF with Qt
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker forks on Linux only")]


def test_charts_from_the_worker_are_the_charts_drawn_here():
    summary = summarise(hand_made_input())
    with ChartWorker() as worker:
        assert worker._pid, "a worker process was started"
        from_worker = worker.chart_blocks(summary)
    here = draw_charts(ChartRequest.of(summary))
    assert len(from_worker) == len(here) == 3
    assert [c.svg for c in from_worker] == [c.svg for c in here]
    assert [(c.width, c.height) for c in from_worker] == [(c.width, c.height) for c in here]


def test_a_worker_killed_before_it_answers_leaves_the_charts_to_be_drawn_here():
    summary = summarise(hand_made_input())
    with ChartWorker() as worker:
        pid = worker._pid
        os.kill(pid, signal.SIGKILL)
        charts = worker.chart_blocks(summary)
    assert [c.svg for c in charts] == [c.svg for c in draw_charts(ChartRequest.of(summary))]
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left behind


def test_a_worker_never_asked_exits_when_closed():
    worker = ChartWorker()
    pid = worker._pid
    worker.close()
    worker.close()  # twice is harmless
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_the_worker_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("KRATOMTRACK_CHART_WORKER", "0")
    with ChartWorker() as worker:
        assert worker._pid == 0
        charts = worker.chart_blocks(summarise(hand_made_input()))
    assert len(charts) == 3


def _report(folder, out, worker: str) -> str:
    env = dict(os.environ, KRATOMTRACK_CHART_WORKER=worker, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), "demo", "--days", "60"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), "report", "-o", str(out)],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_the_command_prints_the_same_summary_with_and_without_the_worker(tmp_path):
    with_worker, without = tmp_path / "with.pdf", tmp_path / "without.pdf"
    _report(tmp_path / "a", with_worker, "1")
    _report(tmp_path / "b", without, "0")
    pages_with = [p.extract_text() for p in PdfReader(with_worker).pages]
    pages_without = [p.extract_text() for p in PdfReader(without).pages]
    assert len(pages_with) == len(pages_without) >= 3
    assert "Charts" in " ".join(pages_with)
    # The demo log is made from today's date; both logs are the same demo.
    assert pages_with == pages_without
