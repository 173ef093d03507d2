"""The installed dependencies are builds kratomtrack can run on (pyproject.toml says
which are excluded and why): a broken build fails here, in CI, never in a person's
session."""

from __future__ import annotations

import subprocess
import sys

import PySide6

CALLS = 1000

# In a fresh interpreter, so that no other thread or test moves None's count meanwhile.
NONE_REFCOUNT = f"""
import sys
from PySide6.QtCore import QPointF
point = QPointF()
point.setX(1.0)  # the first call sets up what later calls reuse
before = sys.getrefcount(None)
for _ in range({CALLS}):
    point.setX(1.0)  # a Qt method that returns nothing
print(before - sys.getrefcount(None), flush=True)
"""


def test_qt_calls_that_return_nothing_keep_their_reference_to_none():
    result = subprocess.run([sys.executable, "-c", NONE_REFCOUNT], capture_output=True, text=True,
                            timeout=60)
    # Printed before the interpreter exits: an affected build then aborts as well.
    lost = int(result.stdout.split()[-1]) if result.stdout.split() else None
    assert lost is not None and lost < 10, (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} lost {lost} references "
        f"to None in {CALLS} calls of QPointF.setX: Python aborts ('none_dealloc: deallocating "
        "None') once None's count reaches zero, as 6.12.0 does on Python 3.11. Exclude this "
        f"build in pyproject.toml and constraints.txt.\n{result.stderr}")
    assert result.returncode == 0, result.stderr
