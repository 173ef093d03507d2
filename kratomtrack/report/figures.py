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


def chart_block(figure):
    """A figure as the document's Chart block: its SVG and its size in inches."""
    from kratomtrack.report.document import Chart

    width, height = figure.get_size_inches()
    return Chart(figure_svg(figure), float(width), float(height))
