"""Filling and escaping the window's translated text: the one way to do both.

Translated text marks its blanks the Qt way, ``%1``, ``%2`` (translators
know it, and may reorder the blanks). ``fill`` puts the values in, in one
pass as ``QString.arg`` does, so a value that itself holds ``%2`` is never
filled again. ``escape`` makes any value safe to put into rich text.
"""

from __future__ import annotations

import re

_BLANK = re.compile(r"%(\d+)")


def fill(text: str, *values: object) -> str:
    """``text`` with ``%1`` … ``%n`` replaced by ``values`` (``%1`` is the first); other ``%`` left as they are."""
    def value(match: re.Match) -> str:
        index = int(match.group(1))
        return str(values[index - 1]) if 1 <= index <= len(values) else match.group(0)
    return _BLANK.sub(value, text)


def escape(value: object) -> str:
    """``value`` as text that rich text (Qt's HTML subset) shows as it is: ``&``, ``<`` and ``>`` escaped."""
    # What html.escape(quote=False) does; the html module, with its table of
    # entities, was 2 ms of the window's start for three replacements.
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
