"""What a screen reader sees of one running window: a small server run by the
SYSTEM Python (/usr/bin/python3), which has python3-gi and gir1.2-atspi-2.0;
the project's venv has neither (and must not see system site-packages).

It reads one JSON command a line on stdin ({"command": NAME, ...arguments},
run by the method ``cmd_NAME``) and answers one JSON line on stdout. Keys are sent with xdotool (XTest), so they reach the
window the way a keyboard would; focus is followed through the AT-SPI events
"object:state-changed:focused", as Orca follows it.

    /usr/bin/python3 desktop_probe.py PID
        PID: the window's process; its accessible application is looked for
        on the desktop (Atspi.get_desktop(0)) by that process id.
"""

import json
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

# Roles a person operates; focusable containers (fillers, scroll areas, panes)
# are not required to be Tab stops, but must be named when they are one.
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "text", "entry",
    "password text", "spin button", "combo box", "page tab", "page tab list", "table",
    "tree table", "tree", "list", "list box", "slider", "link", "date editor",
}
# Their children (cells, items) are reached by arrows once the container has focus.
CONTAINER_ROLES = {"table", "tree table", "tree", "list", "list box"}


class Probe:
    def __init__(self, pid: int):
        self.pid = pid
        self.app = None
        self.focus = None  # the object the last focus event named
        self.focus_events = 0  # focus changes seen, to know that a key moved focus
        self.caret_moves = 0  # caret moves in the focused control, to know that a key did something
        self.events: dict[str, list] = {}
        self.objects: dict[str, Atspi.Accessible] = {}
        self.listener = Atspi.EventListener.new(self._on_event)
        self.listener.register("object:state-changed:focused")
        self.listener.register("object:text-caret-moved")

    # -- events ---------------------------------------------------------------

    def _ours(self, source) -> bool:
        try:
            return source is not None and source.get_process_id() == self.pid
        except GLib.Error:
            return False

    def _on_event(self, event):
        if not self._ours(event.source):
            return
        if event.type.startswith("object:state-changed:focused"):
            if event.detail1:
                self.focus = event.source
                self.focus_events += 1
            return
        if event.type.startswith("object:text-caret-moved"):
            if self.focus is not None and event.source.path == self.focus.path:
                self.caret_moves += 1
            return
        for kind, seen in self.events.items():
            if event.type.startswith(kind):
                try:
                    source = self.describe(event.source)
                except GLib.Error:  # gone already
                    source = None
                seen.append({"type": event.type, "detail1": event.detail1,
                             "text": "" if event.any_data is None else str(event.any_data),
                             "source": source})

    def pump(self, seconds: float = 0.0, until=None) -> bool:
        """Handle events for up to ``seconds``, or until ``until()`` holds."""
        context = GLib.MainContext.default()
        deadline = time.monotonic() + seconds
        while True:
            while context.pending():
                context.iteration(False)
            if until is not None and until():
                return True
            if time.monotonic() >= deadline:
                return until is None
            time.sleep(0.005)

    # -- objects --------------------------------------------------------------

    def key(self, obj) -> str:
        path = obj.path
        self.objects[path] = obj
        return path

    def describe(self, obj, *, ancestors: bool = False) -> dict:
        states = obj.get_state_set()
        found = {
            "id": self.key(obj),
            "role": obj.get_role_name(),
            "name": obj.get_name() or "",
            "description": obj.get_description() or "",
            "states": sorted(s.value_nick for s in states.get_states()),
        }
        parent = obj.get_parent()
        found["parent"] = self.key(parent) if parent is not None else None
        if ancestors:
            found["ancestors"] = []
            while parent is not None and parent.get_role() != Atspi.Role.APPLICATION:
                found["ancestors"].append(self.key(parent))
                parent = parent.get_parent()
        if obj.get_role_name() in CONTAINER_ROLES and "Table" in obj.get_interfaces():
            found["rows"] = obj.get_n_rows()
            found["columns"] = obj.get_n_columns()
            found["cells"] = [_cell_text(obj, r, c) for r in range(min(found["rows"], 3))
                              for c in range(found["columns"])]
        return found

    def find_app(self, timeout: float):
        def found():
            desktop = Atspi.get_desktop(0)
            for i in range(desktop.get_child_count()):
                app = desktop.get_child_at_index(i)
                if app is not None and self._ours(app) and self.active_window(app) is not None:
                    self.app = app
                    return True
            return False
        if not self.pump(timeout, found):
            raise TimeoutError(f"no window of process {self.pid} on the accessibility bus")
        return {"name": self.app.get_name(), "toolkit": self.app.get_toolkit_name(),
                "version": self.app.get_toolkit_version()}

    def active_window(self, app=None):
        app = app or self.app
        app.clear_cache()  # states change under us (pages, dialogs); read them fresh
        for i in range(app.get_child_count()):
            window = app.get_child_at_index(i)
            if window is not None and window.get_state_set().contains(Atspi.StateType.ACTIVE):
                return window
        return None

    def showing(self, root):
        """Every showing object under ``root`` (hidden subtrees skipped); the
        cells of tables and lists are left out: their container stands for them."""
        stack = [root]
        while stack:
            obj = stack.pop()
            yield obj
            if obj.get_role_name() in CONTAINER_ROLES:
                continue
            for i in reversed(range(obj.get_child_count())):
                child = obj.get_child_at_index(i)
                if child is not None and child.get_state_set().contains(Atspi.StateType.SHOWING):
                    stack.append(child)

    def current_focus(self):
        self.pump()
        if self.focus is not None and self.focus.get_state_set().contains(Atspi.StateType.FOCUSED):
            return self.focus
        # No focus event yet: look. Qt also marks the current page tab "focused"
        # while its tab bar has no focus, so a focused object elsewhere wins.
        window = self.active_window()
        focused = [obj for obj in (self.showing(window) if window else ())
                   if obj.get_state_set().contains(Atspi.StateType.FOCUSED)]
        focused.sort(key=lambda obj: obj.get_role() == Atspi.Role.PAGE_TAB)
        return focused[0] if focused else None

    # -- keys -----------------------------------------------------------------

    def press(self, *keys: str) -> None:
        subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], check=True)

    def write(self, text: str) -> None:
        subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)

    # -- commands -------------------------------------------------------------

    def cmd_app(self, timeout=20.0):
        return self.find_app(timeout)

    def cmd_window(self):
        window = self.active_window()
        return self.describe(window) if window is not None else None

    def wait_until_is(self, current, role, name, timeout) -> bool:
        """Wait until ``current()`` has this role (if given) and a name holding ``name``."""
        def matches():
            obj = current()
            return obj is not None and (role is None or obj.get_role_name() == role) \
                and (name is None or name in (obj.get_name() or ""))
        return self.pump(timeout, matches)

    def cmd_wait_window(self, role=None, name=None, timeout=10.0):
        if not self.wait_until_is(self.active_window, role, name, timeout):
            raise TimeoutError(f"no active {role or 'window'} named {name!r}: {self.cmd_window()}")
        return self.cmd_window()

    def cmd_focus(self):
        obj = self.current_focus()
        return self.describe(obj, ancestors=True) if obj is not None else None

    def cmd_wait_focus(self, role=None, name=None, timeout=10.0, in_window=False):
        """Wait for the focus on this role and name (any, if None), and in the
        active window if ``in_window`` (a dialog just opened)."""
        def current():
            obj = self.current_focus()
            return obj if obj is not None and (not in_window or self.in_active_window(obj)) else None
        if not self.wait_until_is(current, role, name, timeout):
            raise TimeoutError(f"focus never on {role} {name!r}; it is on {self.cmd_focus()}")
        return self.cmd_focus()

    def in_active_window(self, obj) -> bool:
        window = self.active_window()
        while obj is not None and window is not None:
            if obj.path == window.path:
                return True
            obj = obj.get_parent()
        return False

    def cmd_keys(self, keys, settle=0.3, moves=False):
        """Press ``keys``; if they move the focus (``moves``), wait for it to move."""
        before = self.focus_events
        self.press(*keys)
        if moves:
            self.pump(5.0, lambda: self.focus_events > before)
        self.pump(settle)
        return self.cmd_focus()

    def cmd_type(self, text, settle=0.3):
        self.write(text)
        self.pump(settle)
        return self.cmd_focus()

    def cmd_walk(self, key="Tab", limit=150, silent_limit=3, stay_limit=6, table_limit=4, wait=1.0):
        """Press ``key`` until focus is back where it started, recording each stop
        and how many presses it took to leave it. Stops early at a trap: presses
        that do nothing (``silent_limit`` in a row), a control that keeps the
        focus (``stay_limit`` presses, e.g. through a date's sections), or
        ``table_limit`` stops in a row inside one table or list."""
        start = self.current_focus()
        if start is None:
            raise RuntimeError("nothing has focus")
        stops = [dict(self.describe(start, ancestors=True), presses=0)]
        trap = None
        silent = 0
        for _ in range(limit):
            focus_events, caret_moves = self.focus_events, self.caret_moves
            self.press(key)
            # Focus moves, or the caret moves inside the focused control (a date
            # field's next section); either way, a moment more for what follows.
            self.pump(wait, lambda: self.focus_events > focus_events or self.caret_moves > caret_moves)
            self.pump(0.02 if self.focus_events > focus_events else 0.08)
            stops[-1]["presses"] += 1
            if self.focus_events == focus_events:
                silent = 0 if self.caret_moves > caret_moves else silent + 1
                if silent >= silent_limit or stops[-1]["presses"] >= stay_limit:
                    trap = f"{key} does not leave {stops[-1]['role']} {stops[-1]['name']!r}"
                    break
                continue
            silent = 0
            obj = self.current_focus()
            if obj is None:
                trap = "focus left the window"
                break
            if _same_stop(obj, start):
                return {"stops": stops, "returned": True, "trap": None}
            stops.append(dict(self.describe(obj, ancestors=True), presses=0))
            container = _shared_container(stops[-table_limit:], self)
            if len(stops) >= table_limit and container:
                trap = f"{table_limit} stops in a row inside the {container}"
                break
        return {"stops": stops, "returned": False,
                "trap": trap or f"focus not back on {stops[0]['name']!r} after {limit} presses"}

    def cmd_controls(self):
        """Every showing, enabled, focusable object of the active window."""
        window = self.active_window()
        found = []
        for obj in self.showing(window):
            states = obj.get_state_set()
            if states.contains(Atspi.StateType.FOCUSABLE) and states.contains(Atspi.StateType.SENSITIVE):
                entry = self.describe(obj, ancestors=True)
                entry["control"] = entry["role"] in CONTROL_ROLES
                found.append(entry)
        return found

    def cmd_tree(self):
        """Every showing object of the active window, in order."""
        window = self.active_window()
        return [self.describe(obj, ancestors=True) for obj in self.showing(window)]

    def cmd_action(self, id, action=None):
        """Run the object's action named ``action`` (its first one if None)."""
        obj = self.objects[id]
        names = [obj.get_action_name(i) for i in range(obj.get_n_actions())]
        if not names:
            raise RuntimeError(f"{obj.get_role_name()} {obj.get_name()!r} has no action")
        index = names.index(action) if action else 0
        obj.do_action(index)
        self.pump(0.3)
        return names[index]

    def find(self, role, name):
        window = self.active_window()
        for obj in self.showing(window):
            if obj.get_role_name() == role and obj.get_name() == name:
                return obj
        raise LookupError(f"no showing {role} named {name!r} in {window.get_name()!r}")

    def cmd_press(self, role, name, action=None, timeout=10.0):
        """Run the first action (or ``action``) of the showing object with this role
        and name, once there is one (a page may still be building)."""
        found = []

        def there():
            try:
                found.append(self.find(role, name))
            except LookupError:
                return False
            return True
        if not self.pump(timeout, there):
            self.find(role, name)  # raises, naming what is missing
        return self.cmd_action(self.key(found[-1]), action)

    def cmd_grab(self, id, timeout=5.0):
        """Give the keyboard focus to an object seen before (its ``id``)."""
        obj = self.objects[id]
        if obj.get_role() == Atspi.Role.PAGE_TAB:
            obj = obj.get_parent()  # a tab is not a widget: its tab bar takes the focus
        obj.grab_focus()
        if not self.pump(timeout, lambda: self.focus is not None and _same_stop(self.focus, obj)):
            raise TimeoutError(f"{obj.get_role_name()} {obj.get_name()!r} did not take the focus")
        return self.cmd_focus()

    def cmd_menu(self, path):
        """Run a menu entry by its path of names, e.g. ["Edit", "Settings…"]."""
        window = self.active_window()
        bar = next(o for o in _descendants(window, depth=2) if o.get_role() == Atspi.Role.MENU_BAR)
        obj = bar
        for name in path:
            obj = next(c for c in _children(obj, deep_popup=True) if c.get_name() == name)
        obj.do_action(0)
        self.pump(0.3)
        return name

    def cmd_listen(self, event):
        self.events.setdefault(event, [])
        self.listener.register(event)
        return event

    def cmd_events(self, event, clear=True):
        self.pump(0.05)
        seen = list(self.events.get(event, []))
        if clear:
            self.events[event] = []
        return seen

    def cmd_wait_event(self, event, timeout=5.0):
        self.pump(timeout, lambda: bool(self.events.get(event)))
        return self.cmd_events(event)


def _cell_text(table, row, column) -> str:
    cell = table.get_accessible_at(row, column)
    return (cell.get_name() or "") if cell is not None else ""


def _children(obj, *, deep_popup=False):
    for i in range(obj.get_child_count()):
        child = obj.get_child_at_index(i)
        if child is None:
            continue
        if deep_popup and child.get_role() == Atspi.Role.POPUP_MENU:
            yield from _children(child)
        else:
            yield child


def _descendants(obj, depth):
    for child in _children(obj):
        yield child
        if depth > 1:
            yield from _descendants(child, depth - 1)


def _same_stop(obj, other) -> bool:
    """The same Tab stop: a tab list has the focus on its current tab, or on itself."""
    def stop(o):
        return o.get_parent() if o.get_role() == Atspi.Role.PAGE_TAB else o
    return stop(obj).path == stop(other).path


def _shared_container(stops, probe) -> str | None:
    """The table or list that every one of ``stops`` is in (or is), if any."""
    def containers(stop):
        ids = {stop["id"], *stop["ancestors"]}
        return {i for i in ids if probe.objects[i].get_role_name() in CONTAINER_ROLES}
    shared = set.intersection(*(containers(s) for s in stops))
    if not shared:
        return None
    obj = probe.objects[shared.pop()]
    return f"{obj.get_role_name()} {obj.get_name()!r}"


def wait_for_bus(timeout: float = 20.0) -> None:
    """Return once the session bus has the accessibility bus (org.a11y.Bus)."""
    from gi.repository import Gio

    session = Gio.bus_get_sync(Gio.BusType.SESSION)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        owned = session.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                  "NameHasOwner", GLib.Variant("(s)", ("org.a11y.Bus",)), None,
                                  Gio.DBusCallFlags.NONE, 1000, None)
        if owned.unpack()[0]:
            return
        time.sleep(0.05)
    sys.exit("org.a11y.Bus never appeared on the session bus")


def main() -> None:
    if sys.argv[1] == "--wait-for-bus":
        wait_for_bus()
        return
    probe = Probe(int(sys.argv[1]))
    for line in sys.stdin:
        request = json.loads(line)
        command = getattr(probe, "cmd_" + request.pop("command"))
        try:
            answer = {"ok": True, "result": command(**request)}
        except Exception as error:  # the test reports it; the probe goes on
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
