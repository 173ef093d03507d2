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
