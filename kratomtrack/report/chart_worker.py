"""The summary's charts drawn in a second process while the command does the rest.

``kratomtrack report`` spends most of its time loading matplotlib and drawing
(about 0.45 s and 0.25 s on a ten-year log) and the rest reading the log,
checking it, computing the summary and loading Qt. The two halves need
nothing from each other until the charts are placed in the document, so on a
machine with two cores the command starts a child at once that loads
matplotlib while this process reads the log; the child then draws from the
summary's chart series (``report.charts.ChartRequest``, a few hundred KB for
ten years) and sends back SVG. benchmarks/bench_report.py measures it.

Linux only: there a fork before Qt or matplotlib is loaded copies nothing
that minds being copied. Elsewhere, and whenever the child fails, dies or is
not wanted (``KRATOMTRACK_CHART_WORKER=0``), the charts are drawn here, so the
PDF is the same either way; only the time differs.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the command before anything else: nothing more loads here
    from kratomtrack.core.summary.build import Summary


class ChartWorker:
    """A forked child that loads matplotlib now and draws the charts when asked."""

    def __init__(self) -> None:
        self._pid = 0
        self._to_child = self._from_child = -1
        if not _wanted():
            return
        request_read, request_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (request_read, request_write, result_read, result_write):
                os.close(fd)
            return
        if pid == 0:  # the child: never returns
            os.close(request_write)
            os.close(result_read)
            _serve(request_read, result_write)
        os.close(request_read)
        os.close(result_write)
        self._pid, self._to_child, self._from_child = pid, request_write, result_read

    def chart_blocks(self, summary: Summary) -> list:
        """The summary's charts as document Chart blocks: from the child, or drawn here."""
        from kratomtrack.report.charts import ChartRequest

        request = ChartRequest.of(summary)
        charts = self._ask_child(request) if self._pid else None
        if charts is None:
            from kratomtrack.report.charts import draw_charts

            charts = draw_charts(request)
        return charts

    def close(self) -> None:
        """Stop the child (if it is still waiting) and reap it; safe to call twice."""
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                os.close(fd)
        self._to_child = self._from_child = -1
        if self._pid:
            try:
                os.waitpid(self._pid, 0)  # it exits on its own when its pipe closes
            except ChildProcessError:
                pass
            self._pid = 0

    def __enter__(self) -> ChartWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _ask_child(self, request) -> list | None:
        try:
            with os.fdopen(self._to_child, "wb") as pipe:
                self._to_child = -1
                pickle.dump(request, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(self._from_child, "rb") as pipe:
                self._from_child = -1
                answer = pipe.read()
            return pickle.loads(answer) if answer else None
        except (OSError, pickle.PickleError, EOFError, ValueError):
            return None  # the child died or failed: draw here
        finally:
            self.close()


def _wanted() -> bool:
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and os.environ.get("KRATOMTRACK_CHART_WORKER", "1") != "0"
            and (os.cpu_count() or 1) > 1)


def _serve(request_fd: int, result_fd: int) -> None:
    """The child's whole life: load matplotlib, wait for one request, answer, exit."""
    status = 1
    try:
        from kratomtrack.report.charts import draw_charts, load_chart_modules

        load_chart_modules()
        with os.fdopen(request_fd, "rb") as pipe:
            data = pipe.read()
        if data:  # empty: the command ended without charts
            charts = draw_charts(pickle.loads(data))
            with os.fdopen(result_fd, "wb") as pipe:
                pipe.write(pickle.dumps(charts, protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    except BaseException:  # noqa: BLE001 - the parent draws them itself
        pass
    finally:
        os._exit(status)  # no atexit, no flushing the parent's copied buffers
