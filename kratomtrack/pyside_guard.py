"""Guard against a PySide6 build that under-counts references to None.

PySide6 6.12 wheels on Python 3.11 drop one reference to None on every call
of a Qt method that returns nothing (they treat None as immortal, as it is
from Python 3.12 on). After a few thousand such calls None's count reaches
zero and Python aborts with "none_dealloc: deallocating None". Printing a
summary makes tens of thousands of such calls. On an affected build this
gives None a count so large that no session can use it up, which is what
Python 3.12+ does for every object it treats as immortal.
"""

from __future__ import annotations

import sys

_guarded = False
_HEADROOM = 1 << 48


def guard_none_refcount() -> bool:
    """Apply the guard once if this PySide6 build needs it; returns whether it is applied."""
    global _guarded
    if _guarded:
        return True
    if sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):
        return False  # None is immortal there, or a debug build with another object layout
    from PySide6.QtCore import QPointF

    probe = QPointF()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setX(1.0)  # a method returning nothing
    if sys.getrefcount(None) >= before:
        return False
    import ctypes  # only on an affected build; the window starts sooner without it

    # ob_refcnt is the first field of every object in a release build.
    ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
    _guarded = True
    return True


def skip_feature_scan() -> bool:
    """Stop PySide reading the source of every module imported after it.

    PySide6 (PYSIDE-2029) reads each newly imported module's whole source file
    to see whether it contains "PySide6", so that a module may switch on
    ``from __feature__ import snake_case``. kratomtrack never uses __feature__,
    so the answer changes nothing here; reading some 80 files cost the
    window's start about 7 ms (benchmarks/bench_window.py). Modules are then
    marked "ignore" (-1), which keeps the selection the last module had: no
    feature, as no module here selects one. Returns whether the scan was
    replaced (False if this PySide6 has no such scan).
    """
    import PySide6.QtCore  # noqa: F401  (sets up shibokensupport)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_no_feature
    return True


def _uses_no_feature(module) -> bool:
    return False
