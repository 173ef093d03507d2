"""What a person did is announced (AT-SPI "object:announcement", which Qt sends
for a QAccessibleAnnouncementEvent) without moving the focus: a logged dose, an
undo, a redo, a refused amount and saved settings."""

import datetime as dt
import re

import pytest

from kratomtrack.store.database import LogDatabase

pytestmark = [pytest.mark.window, pytest.mark.atspi]

EVENT = "object:announcement"


@pytest.fixture(scope="module")
def window(open_window):
    window = open_window("announcements")
    window.call("wait_focus", name="Grams")
    window.call("listen", event=EVENT)
    return window


def announced(window, *, text=None, keys=()):
    """Type ``text`` and press ``keys``; the announcements that follow (within 3 s)."""
    window.call("events", event=EVENT)  # forget earlier ones
    if text:
        window.call("type", text=text)
    if keys:
        window.call("keys", keys=list(keys))
    return [event["text"] for event in window.call("wait_event", event=EVENT, timeout=3)]


def log_dose(window, grams):
    """Log a dose from Grams, as the start of a test that announces what follows."""
    window.call("wait_focus", name="Grams")
    window.call("type", text=grams)
    window.call("keys", keys=["Return"], settle=0.5)


def test_enter_in_grams_logs_the_dose_in_the_file(window):
    """The premise of the tests below: the keys reach the real window, which saves."""
    log_dose(window, "0.5")
    with LogDatabase.open_folder(window.folder, create=False, read_only=True) as db:
        assert 0.5 in [d.grams for d in db.doses_on(dt.date.today())]


def test_a_logged_dose_is_announced_and_the_focus_stays_in_grams(window):
    window.call("wait_focus", name="Grams")
    said = announced(window, text="2.5", keys=["Return"])
    assert any(re.search(r"saved|2\.5", s, re.IGNORECASE) for s in said), said
    assert window.call("focus")["name"] == "Grams"


def test_undo_is_announced(window):
    log_dose(window, "1.5")
    assert announced(window, keys=["ctrl+z"])


def test_redo_is_announced(window):
    log_dose(window, "1.5")
    window.call("keys", keys=["ctrl+z"], settle=0.5)
    assert announced(window, keys=["ctrl+shift+z"])


def test_a_refused_amount_is_announced_and_the_focus_stays_in_grams(window):
    window.call("wait_focus", name="Grams")
    said = announced(window, text="abc", keys=["Return"])
    assert said and all(s.strip() for s in said)
    assert window.call("focus")["name"] == "Grams"
    window.call("keys", keys=["ctrl+a", "BackSpace"])


def test_saved_settings_are_announced(window):
    window.call("menu", path=["Edit", "Settings…"])
    window.call("wait_window", role="dialog")
    window.call("press", role="push button", name="OK")
    window.call("wait_window", role="frame")
    said = window.call("wait_event", event=EVENT, timeout=3)
    assert any("saved" in event["text"].lower() for event in said), said
