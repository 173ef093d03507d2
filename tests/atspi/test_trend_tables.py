"""Every Trends view has a table behind its chart, chosen by keyboard, with the
figures in it (an AT-SPI table a screen reader reads cell by cell)."""

import re

import pytest

pytestmark = [pytest.mark.window, pytest.mark.atspi]

VIEWS = ("Over time", "What went together", "Patterns")
TABLE_VIEW = re.compile(r"\btable\b", re.IGNORECASE)  # the control that chooses the "Table" view
CHOOSERS = {"push button", "toggle button", "radio button", "check box", "page tab", "menu item"}
TABLES = {"table", "tree table"}


@pytest.fixture(scope="module")
def trends(open_window):
    window = open_window("trends")
    window.call("wait_focus", name="Grams")
    window.call("keys", keys=["ctrl+3"])
    return window


def test_the_trends_page_has_its_three_views(trends):
    """The premise of the tests below."""
    tabs = {o["name"] for o in trends.call("tree") if o["role"] == "page tab"}
    assert set(VIEWS) <= tabs


@pytest.mark.parametrize("view", VIEWS)
def test_each_trends_view_shows_its_figures_as_a_table(trends, view):
    trends.call("press", role="page tab", name=view)
    choosers = [o for o in trends.call("tree") if o["role"] in CHOOSERS and TABLE_VIEW.search(o["name"])]
    assert choosers, f"no control names a Table view on {view!r}"
    chooser = choosers[0]
    assert "focusable" in chooser["states"], f"{chooser['role']} {chooser['name']!r} takes no focus"
    if "checked" not in chooser["states"] and "selected" not in chooser["states"]:
        trends.call("action", id=chooser["id"])
    tables = [o for o in trends.call("tree") if o["role"] in TABLES and o.get("rows")]
    assert tables, f"no table with rows shows on {view!r}"
    assert all(t["name"].strip() for t in tables), "a table without a name"
    assert any(re.search(r"\d", cell) for t in tables for cell in t["cells"]), "no figure in the tables"
