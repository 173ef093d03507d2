"""Saving a Trends chart: the formats offered, the file dialog, and the file's metadata.

The text keeps the Trends page's translation context ("TrendsPage").
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from kratomtrack.ui.wording import fill

SAVE_FORMATS = {  # suffix: its name in the save dialog (translated when shown)
    ".png": QT_TRANSLATE_NOOP("TrendsPage", "PNG image"),
    ".svg": QT_TRANSLATE_NOOP("TrendsPage", "SVG drawing"),
    ".pdf": QT_TRANSLATE_NOOP("TrendsPage", "PDF document"),
}
SAVE_DPI = 150


def check_chart_path(path: Path) -> None:
    """Refuse (ValueError, in words) a file name whose suffix is not one of SAVE_FORMATS."""
    if path.suffix.lower() not in SAVE_FORMATS:
        raise ValueError(fill(QCoreApplication.translate(
            "TrendsPage", "A chart can be saved as .png, .svg or .pdf, not '%1'."), path.suffix or path.name))


def ask_chart_path(parent: QWidget, suggested: str) -> Path | None:
    """The file the person chooses (the chosen format's suffix added if missing), or None."""
    names = {suffix: QCoreApplication.translate("TrendsPage", name) for suffix, name in SAVE_FORMATS.items()}
    filters = ";;".join(f"{name} (*{suffix})" for suffix, name in names.items())
    path, chosen = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("TrendsPage", "Save chart"), suggested, filters)
    if not path:
        return None
    path = Path(path)
    if path.suffix.lower() not in SAVE_FORMATS:
        suffix = next((s for s, n in names.items() if chosen.startswith(n)), ".png")
        path = path.with_name(path.name + suffix)
    return path


def save_figure(figure, path: Path) -> None:
    """Write a matplotlib figure to ``path`` with its background, readable by its owner only."""
    figure.savefig(path, dpi=SAVE_DPI, facecolor=figure.get_facecolor(),
                   metadata=_metadata(path.suffix.lower()))
    if os.name == "posix":
        os.chmod(path, 0o600)  # health data, like every file the app writes


def _metadata(suffix: str) -> dict:
    # Neutral: desktop search indexes these fields, so they do not say what
    # the chart is about (matplotlib's own name would go in otherwise).
    if suffix == ".png":
        return {"Software": "Chart"}
    if suffix == ".svg":
        return {"Creator": "Chart"}
    return {"Creator": "Chart", "Title": "Chart"}
