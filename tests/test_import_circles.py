"""The house rules of the package's layout, read from the source with ``ast``:
no import circles (imports inside functions count), no module over 500 lines,
and dependencies that point one way (core has no Qt and no SQL)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kratomtrack"
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def typing_only(tree: ast.AST) -> set[int]:
    """Nodes under ``if TYPE_CHECKING:``: never run, so never part of a circle."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    return skip


def imported_names(name: str, path: Path) -> list[str]:
    """Every dotted name a module imports, anywhere in it, relative forms resolved.

    ``from a.b import c`` yields ``a.b`` and ``a.b.c`` (c may be a module).
    """
    tree = ast.parse(path.read_text(), str(path))
    skip = typing_only(tree)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            out.append(prefix)
            out += [f"{prefix}.{alias.name}" for alias in node.names]
    return out


def import_graph() -> dict[str, set[str]]:
    return {
        name: {target for target in imported_names(name, path) if target in MODULES and target != name}
        for name, path in MODULES.items()
    }


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle, as a path that returns to its start, for each strongly connected group."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(start: str) -> None:
        # Tarjan's algorithm, iterative so a deep package cannot hit the recursion limit.
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(group)

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return [_cycle_in(group, graph) for group in groups]


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """The shortest way from the group's first module back to itself, within the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & group):
                if target == start:
                    return paths[node] + [start]
                if target not in paths:
                    paths[target] = paths[node] + [target]
                    following.append(target)
        frontier = following
    return sorted(group)


def test_the_cycle_finder_finds_a_circle_through_a_function_level_import():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_relative_and_function_level_imports_are_read(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("from . import sibling\nfrom ..core import dates\n"
                      "def later():\n    import kratomtrack.store.database\n")
    names = imported_names("kratomtrack.ui.mod", source)
    assert "kratomtrack.ui.sibling" in names and "kratomtrack.core.dates" in names
    assert "kratomtrack.store.database" in names


def test_no_import_circles_in_the_package():
    cycles = find_cycles(import_graph())
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_module_is_over_500_lines():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def core_imports_where(unwanted) -> dict[str, list[str]]:
    """For each core module, what it imports that ``unwanted(target)`` refuses."""
    found = {}
    for name, path in MODULES.items():
        if name == "kratomtrack.core" or name.startswith("kratomtrack.core."):
            bad = [target for target in imported_names(name, path) if unwanted(target)]
            if bad:
                found[name] = bad
    return found


def test_core_has_no_qt_and_no_sql():
    found = core_imports_where(lambda target: target.split(".")[0] in {"PySide6", "sqlite3", "sqlite_utils"})
    assert not found, f"core modules importing Qt or SQL: {found}"


def test_core_imports_only_core():
    """Dependencies point one way: store, charts, report, ui and cli build on core, never back."""
    found = core_imports_where(lambda target: target in MODULES and target != "kratomtrack"
                               and not target.startswith("kratomtrack.core"))
    assert not found, f"core modules importing other parts of the app: {found}"


# The layers, lowest first: a module may import its own layer and the layers below,
# never one above (docs/development.md). Inside ui the same holds:
# app -> pages -> dialogs -> commands and widgets -> settings, wording, page names.
PACKAGE_LAYERS = (
    ("core", "resource_files"),  # resource_files: where the shipped data is, no import of ours
    ("store", "charts"),
    ("report",),
    ("ui", "cli"),
    ("__main__",),
)
UI_LAYERS = (
    ("settings", "wording", "page_names"),
    ("widgets", "commands"),
    ("dialogs",),
    ("pages",),
    ("app",),
)
MAX_LINES_TO_GROW = 450  # room to grow under the 500 of house_check


def _rank(name: str, prefix: str, layers) -> int | None:
    """The layer of ``name`` under ``prefix`` (e.g. kratomtrack.ui), or None outside it."""
    if not name.startswith(prefix + "."):
        return None
    part = name[len(prefix) + 1:].split(".")[0]
    for rank, names in enumerate(layers):
        if part in names:
            return rank
    raise AssertionError(f"{name}: {prefix}.{part} is in no layer; add it to the layers of this test")


def upward_imports(prefix: str, layers) -> list[str]:
    found = []
    for name, targets in import_graph().items():
        own = _rank(name, prefix, layers)
        if own is None:
            continue
        for target in sorted(targets):
            other = _rank(target, prefix, layers)
            if other is not None and other > own:
                found.append(f"{name} -> {target}")
    return found


def test_the_layers_point_one_way():
    found = upward_imports("kratomtrack", PACKAGE_LAYERS)
    assert not found, "imports up the package's layers:\n" + "\n".join(found)


def test_inside_the_window_pages_build_on_widgets_and_dialogs_never_on_the_app():
    found = upward_imports("kratomtrack.ui", UI_LAYERS)
    assert not found, "imports up the window's layers:\n" + "\n".join(found)


def test_the_layer_check_finds_an_upward_import(tmp_path):
    graph = {"kratomtrack.ui.widgets.a": {"kratomtrack.ui.pages.b"}, "kratomtrack.ui.pages.b": set()}
    ranks = [(n, _rank(n, "kratomtrack.ui", UI_LAYERS)) for n in graph]
    assert ranks == [("kratomtrack.ui.widgets.a", 1), ("kratomtrack.ui.pages.b", 3)]


def test_every_module_leaves_room_to_grow():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text().splitlines())) > MAX_LINES_TO_GROW}
    assert not long, f"modules over {MAX_LINES_TO_GROW} lines (split them before they reach 500): {long}"
