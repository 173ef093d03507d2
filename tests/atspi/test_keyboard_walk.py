"""Tab and Shift+Tab through every page, Trends view, Settings tab, the
check-ups and the plan dialog of the real window, as AT-SPI (and so Orca)
sees the focus move: no trap, nothing unreachable, no Tab stop without a name."""

import pytest

from atspi.walks import PLACES, route, unnamed, unreached, visit

pytestmark = [pytest.mark.window, pytest.mark.atspi]

DIRECTIONS = ("Tab", "Shift+Tab")


def cases():
    return [pytest.param(place, direction, id=f"{place}-{direction}")
            for place in PLACES for direction in DIRECTIONS]


@pytest.fixture(scope="module")
def visits(open_window):
    """Each place visited once (both walks), when a test first asks for it."""
    window = open_window("keyboard")
    window.call("wait_focus", name="Grams")
    seen = {}

    def of(place):
        if place not in seen:
            try:
                seen[place] = visit(window, place)
            except Exception as error:  # each of the place's tests reports it; none walks again
                seen[place] = error
        if isinstance(seen[place], Exception):
            raise seen[place]
        return seen[place]

    return of


@pytest.mark.parametrize("place, direction", cases())
def test_focus_comes_back_to_where_it_started(visits, place, direction):
    """No trap: a table lets Tab out, a date field lets Tab through, and the walk
    closes its circle."""
    walk = visits(place).walks[direction]
    assert walk["returned"], f"{walk['trap']}: {route(walk)}"


@pytest.mark.parametrize("place, direction", cases())
def test_every_control_is_reached(visits, place, direction):
    found = visits(place)
    walk = found.walks[direction]
    missing = unreached(found, walk)
    assert not missing, f"never reached: {missing}; the walk: {route(walk)}"


@pytest.mark.parametrize("place, direction", cases())
def test_every_tab_stop_has_a_name(visits, place, direction):
    found = visits(place)
    assert not unnamed(found, found.walks[direction])


@pytest.mark.parametrize("place, direction", cases())
def test_one_tab_leaves_each_stop(visits, place, direction):
    """A date field is one Tab stop, not one per day, month and year."""
    walk = visits(place).walks[direction]
    slow = [f"{s['role']} {s['name']!r} ×{s['presses']}" for s in walk["stops"] if s["presses"] > 1]
    assert not slow
