"""Charts enter the summary as SVG, so they print as vectors with real text."""

from __future__ import annotations

import io


def figure_svg(figure) -> bytes:
    """A matplotlib Figure as SVG whose text stays text (not glyph outlines)."""
    import matplotlib

    buffer = io.BytesIO()
    # fonttype 'none': labels become <text> that QSvgRenderer draws as text,
    # so the PDF's chart labels are searchable. hashsalt: stable ids.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kratomtrack"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
