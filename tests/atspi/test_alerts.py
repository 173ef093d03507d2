"""The dependence warning and the safety alerts as a screen reader finds them:
alerts (AT-SPI role alert or notification) whose name and description are
plain text, as is every other name and description in the window."""

import re

import pytest

from atspi.conftest import WARNING_TITLE

pytestmark = [pytest.mark.window, pytest.mark.atspi]

ALERT_ROLES = {"alert", "notification"}
BANNER_TITLE = re.compile(r"^(Warning|Caution|Alert): ")  # the banner's boxes begin so
HTML = re.compile(r"<\s*/?\s*[a-zA-Z]")


@pytest.fixture(scope="module")
def tree(open_window):
    """Every showing object of the window at start (the log has the warning, the
    extract alert and the interaction caution)."""
    window = open_window("alerts")
    window.call("wait_focus", name="Grams")
    return window.call("tree")


def test_the_log_shows_the_warning_and_two_alerts(tree):
    """The premise of the tests below: three boxes in the banner."""
    titles = {o["name"] for o in tree if BANNER_TITLE.match(o["name"])}
    assert len(titles) == 3, titles
    assert any(WARNING_TITLE in title for title in titles)


def test_the_warning_is_an_alert(tree):
    roles = {o["role"] for o in tree if WARNING_TITLE in o["name"]}
    assert roles & ALERT_ROLES, f"the warning's title is on: {roles}"


def test_every_banner_box_is_an_alert_in_plain_text(tree):
    titles = {o["name"] for o in tree if BANNER_TITLE.match(o["name"])}
    not_alerts = [t for t in titles
                  if not any(o["role"] in ALERT_ROLES for o in tree if o["name"] == t)]
    assert not not_alerts
    marked_up = [o["name"] for o in tree
                 if o["role"] in ALERT_ROLES and "<" in o["name"] + o["description"]]
    assert not marked_up


def test_no_name_or_description_holds_html(tree):
    marked_up = [f"{o['role']} {o['name'][:60]!r}: {(o['name'] + ' ' + o['description'])[:200]!r}"
                 for o in tree if HTML.search(o["name"]) or HTML.search(o["description"])]
    assert not marked_up
