"""Help → About kratomtrack: the version, what the app is and is not, where the log is, the sources."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from kratomtrack import __version__
from kratomtrack.ui.wording import escape


def about_text(log_path: Path) -> str:
    """The About box's rich text for the log at ``log_path``."""
    from kratomtrack.core.safety import NEUTRAL_RISK_SENTENCE
    from kratomtrack.core.sources import SOURCES

    sources = "".join(
        f"<li>{escape(s.citation)}: {escape(QCoreApplication.translate('sources', s.used_for))}</li>"
        for s in SOURCES
    )
    return (
        f"<h3>kratomtrack {escape(__version__)}</h3>"
        "<p>" + QCoreApplication.translate(
            "About", "A private, offline daily record of kratom use, pain and side effects.") + "</p>"
        "<p><b>" + QCoreApplication.translate(
            "About", "kratomtrack records what you did. It gives no dosing advice.") + "</b></p>"
        "<p>" + QCoreApplication.translate("safety", NEUTRAL_RISK_SENTENCE) + "</p>"
        "<p>" + QCoreApplication.translate("About", "Your log is stored only on this computer, in:")
        + "<br><code>" + escape(log_path) + "</code></p>"
        "<p>" + QCoreApplication.translate("About", "Health content follows these published sources:")
        + f"</p><ul>{sources}</ul>"
    )


def show_about(parent: QWidget, log_path: Path) -> None:
    QMessageBox.about(parent, QCoreApplication.translate("About", "About kratomtrack"), about_text(log_path))
