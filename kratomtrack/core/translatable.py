"""Marking core's fixed, user-visible text for translation, without Qt.

``translatable(context, text)`` returns ``text`` unchanged; it only marks it,
like Qt's QT_TRANSLATE_NOOP, so that ``packaging/update-translations``
(pyside6-lupdate with ``-tr-function-alias QT_TRANSLATE_NOOP+=translatable``)
puts it in resources/translations/kratomtrack.ts under ``context``. The
window shows such text with ``QCoreApplication.translate(context, text)``,
using the same context: the name of the core module it comes from
("warning", "checkups", "safety", "sources", "records").

Only fixed text (labels, questions, answer words, names) is marked this way.
Sentences that core builds with the person's figures in them are not
translatable yet (see docs/development.md, "Translations").
"""

from __future__ import annotations


def translatable(context: str, text: str) -> str:
    """Mark ``text`` for translators under ``context``; returns it unchanged."""
    return text
