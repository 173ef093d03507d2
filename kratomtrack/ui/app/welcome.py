"""The welcome panel on a new, empty log: what the app does, where the log
lives (on this computer only), how to bring history from another app, and a
demo to try. Shown until "Got it" or the first record, then never again (the
window's QSettings remember it).

A panel in the window, not a dialog: it never takes the keyboard from the
dose form, so a person can start logging with it still open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kratomtrack.ui.settings.window import welcome_seen

if TYPE_CHECKING:
    from kratomtrack.ui.app.welcome_panel import WelcomePanel


def welcome_if_new(window, layout) -> WelcomePanel | None:
    """Add the welcome panel to ``layout`` when ``window``'s log is empty and
    the panel was never closed; it closes for good at the log's first record."""
    db = window.db
    if welcome_seen() or not db.is_empty():
        return None
    from kratomtrack.ui.app.welcome_panel import WelcomePanel  # only a new log pays for it

    panel = WelcomePanel(db.path)
    panel.import_requested.connect(lambda: window.transfer.choose_import())

    def log_changed() -> None:
        if panel.isVisibleTo(window) and not db.is_empty():
            panel.close_for_good()

    window.log_changed.connect(log_changed)
    layout.addWidget(panel)
    return panel
