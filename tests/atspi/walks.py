"""The places a keyboard user goes (pages, the Trends views, the Settings tabs,
the check-ups and the plan dialog), a walk with Tab and Shift+Tab through each,
and what a walk tells: where it got stuck, what it never reached, which stops
have no name."""

from __future__ import annotations

from dataclasses import dataclass, field

from atspi.desktop import Window

# Pages by their keys, dialogs by their menu entries.
PAGES = {"today": "ctrl+1", "history": "ctrl+2", "trends": "ctrl+3"}
DIALOGS = {
    "settings": ["Edit", "Settings…"],
    "pain check-up": ["Check-ups", "Weekly pain check (PEG)…"],
    "dependence check-up": ["Check-ups", "Monthly dependence check (SDS)…"],
    "plan": ["Day", "Reduction plan…"],
}
# A place: its page or dialog, and the tab chosen there (a Trends view, a Settings tab).
PLACES = {
    "Today": ("today", None),
    "History": ("history", None),
    "Trends, Over time": ("trends", "Over time"),
    "Trends, What went together": ("trends", "What went together"),
    "Trends, Patterns": ("trends", "Patterns"),
    "Settings, You": ("settings", "You"),
    "Settings, For my doctor": ("settings", "For my doctor"),
    "Settings, Advanced": ("settings", "Advanced"),
    "Settings, Privacy": ("settings", "Privacy"),
    "weekly pain check-up": ("pain check-up", None),
    "monthly dependence check-up": ("dependence check-up", None),
    "reduction plan": ("plan", None),
}
# Generous: the longest place (Today) has about 40 Tab stops.
WALK_LIMIT = 120


@dataclass
class Visit:
    """What one place showed: its controls, and a walk each way from one start."""

    controls: list[dict]
    walks: dict[str, dict] = field(default_factory=dict)


def visit(window: Window, place: str) -> Visit:
    where, tab = PLACES[place]
    if where in PAGES:
        # From another page, so that the focus moves into the page shown.
        other = next(key for name, key in PAGES.items() if name != where)
        window.call("keys", keys=[other], moves=True)
        window.call("keys", keys=[PAGES[where]], moves=True)
    else:
        window.call("menu", path=DIALOGS[where])
        window.call("wait_window", role="dialog")
    if tab is not None:
        window.call("press", role="page tab", name=tab)
    try:
        start = window.call("wait_focus", in_window=True)
        found = Visit(window.call("controls"))
        found.walks["Tab"] = window.call("walk", key="Tab", limit=WALK_LIMIT)
        window.call("grab", id=start["id"])
        found.walks["Shift+Tab"] = window.call("walk", key="shift+Tab", limit=WALK_LIMIT)
    finally:
        if where not in PAGES:
            leave_dialog(window)
    return found


def leave_dialog(window: Window) -> None:
    for _ in range(3):
        if window.call("window")["role"] != "dialog":
            return
        window.call("keys", keys=["Escape"])
    window.call("wait_window", role="frame")


def group(stop: dict) -> tuple[str, str]:
    """One-of choices Tab enters once, arrows move between: radio buttons of one
    parent, and of one question where names say it ("question: answer")."""
    return stop["parent"], stop["name"].rpartition(": ")[0]


def unreached(visit_: Visit, walk: dict) -> list[str]:
    """Controls the walk never reached. A control is reached when focus was on it
    or inside it (a table's cell, an editable combo's text); a page tab when its
    tab list was; a radio button when one of its group was."""
    stops = walk["stops"]
    inside = {i for stop in stops for i in (stop["id"], *stop["ancestors"])}
    groups = {group(stop) for stop in stops if stop["role"] == "radio button"}
    missing = []
    for control in visit_.controls:
        if not control["control"] or control["id"] in inside:
            continue
        if control["role"] == "page tab" and control["parent"] in inside:
            continue
        if control["role"] == "radio button" and group(control) in groups:
            continue
        missing.append(f"{control['role']} {control['name']!r}")
    return missing


def unnamed(visit_: Visit, walk: dict) -> list[str]:
    """Tab stops, and controls, with no name (a table cell speaks for itself)."""
    found = [s for s in walk["stops"] if not s["name"].strip() and s["role"] != "table cell"]
    found += [c for c in visit_.controls if c["control"] and not c["name"].strip()]
    return sorted({f"{s['role']} {s['id'].rsplit('/', 1)[-1]}" for s in found})


def route(walk: dict) -> str:
    return " → ".join(f"{s['role']} {s['name']!r}" + (f" ×{s['presses']}" if s["presses"] > 1 else "")
                      for s in walk["stops"])
