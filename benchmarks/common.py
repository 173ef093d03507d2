"""Shared by the benchmark scripts: demo logs and how a figure is printed."""

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TEN_YEARS = 3650

# Compiled bytecode is kept (in a temporary folder), as an installed app has it:
# otherwise a command started afresh would compile every module of ours each time.
PYCACHE = tempfile.mkdtemp(prefix="kt-bench-pycache-")


def installed_env(**extra: str) -> dict[str, str]:
    """The environment for a kratomtrack process, with bytecode kept as installed."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": PYCACHE, **extra}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def make_demo_folder(days: int = TEN_YEARS) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kt-bench-")) / "data"
    subprocess.run([sys.executable, "-m", "kratomtrack", "--data-dir", str(folder), "demo",
                    "--days", str(days)], check=True, capture_output=True)
    return folder


def report(name: str, values: list[float], unit: str, target: float) -> None:
    """Print the median against its target ('below' is better)."""
    median = statistics.median(values)
    verdict = "ok" if median < target else "MISSED"
    print(f"{name}: {median:.3g} {unit} (target < {target:g} {unit}, {verdict}, median of {len(values)})")


TODAY = dt.date.today()


def timed(func, repeats: int) -> list[float]:
    """Milliseconds each of ``repeats`` calls of ``func`` took."""
    import time

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report_value(name: str, value: float, unit: str, target: float, how: str = "") -> None:
    """Print one figure (a ratio, a maximum) against its target ('at most')."""
    verdict = "ok" if value <= target else "MISSED"
    extra = f", {how}" if how else ""
    print(f"{name}: {value:.3g} {unit} (target <= {target:g} {unit}, {verdict}{extra})")
