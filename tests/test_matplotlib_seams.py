"""Where our chart code meets matplotlib: only its public API, and tests that
fail clearly when a matplotlib upgrade changes what we rely on.

- charts/text_pictures.py overrides ``RendererAgg.draw_text`` (the public
  renderer method every backend implements) to paste kept pictures of text;
  that they look as matplotlib draws text is test_trends_drawing's
  ``test_text_drawn_from_kept_pictures_looks_as_matplotlib_draws_it``.
- ui/pages/trends/timeline.py's ChartCanvas takes Qt's resizes itself (to
  redraw from kept layers, not at every passing resize) and tells matplotlib's
  listeners with ``canvas.callbacks.process("resize_event", ResizeEvent(...))``,
  the form matplotlib named when it deprecated ``resize_event()`` (3.6); it
  draws for the screen's pixel ratio by scaling the figure's dpi
  (``Figure.set_dpi``), as matplotlib does once the canvas is shown.

Checked with matplotlib 3.11.2.
"""

import ast
import inspect
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication

from kratomtrack.charts.text_pictures import TextPictureRenderer, TextPictures
from kratomtrack.ui.pages.trends.timeline import ChartCanvas

pytestmark = pytest.mark.window  # makes widgets

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "kratomtrack"
# Ours, and matplotlib's classes they build on (made as matplotlib makes them,
# for the private attributes its __init__ sets).
OUR_SUBCLASSES = ((TextPictureRenderer, lambda: RendererAgg(10, 10, 72)),
                  (TextPictures, lambda: FigureCanvasAgg(Figure())),
                  (ChartCanvas, lambda: FigureCanvasQTAgg(Figure())))


def test_text_pictures_take_draw_text_as_matplotlib_calls_it():
    # Text.draw calls renderer.draw_text(gc, x, y, s, prop, angle, ismath=..., mtext=...):
    # an upgrade that renames or adds a parameter would bypass or break our override.
    ours = list(inspect.signature(TextPictureRenderer.draw_text).parameters)
    for theirs in (RendererAgg.draw_text, RendererBase.draw_text):
        assert ours == list(inspect.signature(theirs).parameters), theirs.__qualname__


def _private_names_of(base, names) -> list[str]:
    return sorted({name for name in names if name.startswith("_") and not name.startswith("__")
                   and name in dir(base)})


def test_our_matplotlib_subclasses_neither_override_nor_call_a_private_method(qapp):
    """A private method in a subclass of matplotlib's is a hook into its
    internals (as ``_get_font_height_metrics`` was, which matplotlib looks
    for on a renderer and calls "a temporary internal method call"), or
    overrides one; ``self._name`` of matplotlib's reaches into them (as
    ``self._set_device_pixel_ratio`` did). There must be none: our own
    helpers are module functions."""
    for ours, make_base in OUR_SUBCLASSES:
        base = make_base()
        hooks = [name for name, value in vars(ours).items()
                 if name.startswith("_") and not name.startswith("__") and callable(value)]
        assert hooks == [], ours.__name__
        assert _private_names_of(base, vars(ours)) == [], ours.__name__
        source = ast.parse(textwrap.dedent(inspect.getsource(ours)))
        used = [node.attr for node in ast.walk(source) if isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name) and node.value.id == "self"]
        assert _private_names_of(base, used) == [], ours.__name__


def _imports(tree: ast.AST) -> set[str]:
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names}
    return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def _modules_importing_matplotlib():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(name.split(".")[0] == "matplotlib" for name in _imports(tree)):
            yield path, tree


def test_modules_that_import_matplotlib_reach_into_no_private_name():
    """``x._name`` on anything but ``self`` (above) or ``os`` in a module that
    imports matplotlib: as ``ResizeEvent(...)._process()`` and
    ``fontManager._find_fonts_by_props`` were."""
    modules = list(_modules_importing_matplotlib())
    assert len(modules) >= 5  # the charts, the Trends page, the report
    found = [f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}"
             for path, tree in modules for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr.startswith("_")
             and not node.attr.startswith("__")
             and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", "os"))]
    assert found == []


@pytest.mark.parametrize("name", ["_process", "_set_device_pixel_ratio",
                                  "_get_font_height_metrics", "_find_fonts_by_props"])
def test_the_private_matplotlib_names_once_used_are_gone(name):
    assert [str(path.relative_to(ROOT)) for path, tree in _modules_importing_matplotlib()
            if any(isinstance(node, ast.Attribute | ast.FunctionDef) and
                   getattr(node, "attr", getattr(node, "name", None)) == name
                   for node in ast.walk(tree))] == []


def test_a_resize_tells_matplotlib_listeners_once_per_new_size(qtbot):
    canvas = ChartCanvas(Figure())
    qtbot.addWidget(canvas)
    heard, redraws = [], []
    canvas.mpl_connect("resize_event", lambda event: heard.append(
        event.canvas.get_width_height(physical=True)))
    canvas.resized = lambda: redraws.append(1)
    canvas.resize(640, 360)
    canvas.show()
    qtbot.waitExposed(canvas)
    ratio = canvas.pixel_ratio()
    assert heard == [(round(640 * ratio), round(360 * ratio))]
    assert redraws == [1]
    QApplication.sendEvent(canvas, QResizeEvent(QSize(640, 360), QSize(640, 360)))
    assert len(heard) == 1 and redraws == [1]  # the same size again: nothing to draw
    canvas.resize(500, 360)
    assert heard[-1] == (round(500 * ratio), round(360 * ratio)) and redraws == [1, 1]


def test_a_new_pixel_ratio_redraws_the_canvas(qtbot):
    # As matplotlib's Qt canvas takes a window moved to another screen: the
    # figure's dpi scaled by the new ratio, then a resize to the same size.
    # (Before, this left the canvas blank until the next range change.)
    canvas = ChartCanvas(Figure())
    qtbot.addWidget(canvas)
    redraws = []
    canvas.resized = lambda: redraws.append(canvas.get_width_height(physical=True))
    canvas.resize(300, 200)
    canvas.show()
    qtbot.waitExposed(canvas)
    redraws.clear()
    ratio = canvas.pixel_ratio()
    canvas.figure.set_dpi(canvas.figure.dpi * 2)
    QApplication.sendEvent(canvas, QResizeEvent(canvas.size(), canvas.size()))
    assert canvas.pixel_ratio() == 2 * ratio
    assert redraws == [(round(300 * 2 * ratio), round(200 * 2 * ratio))]


HIGH_DPI = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.pages.trends.page import TrendsPage
page = TrendsPage(LogDatabase.open_folder(Path(sys.argv[1])))
page.resize(1100, 800)
for _ in page.prepare_steps():
    app.processEvents()
while not page.prepared:
    app.processEvents()
canvas = page.canvas
draws = []
canvas.mpl_connect("draw_event", lambda event: draws.append(1))
prepared_dpi = canvas.figure.dpi
page.show()
for _ in range(20):
    app.processEvents()
print(json.dumps({"ratio": page.devicePixelRatioF(), "prepared_dpi": prepared_dpi,
                  "dpi": canvas.figure.dpi, "matplotlib_ratio": canvas.device_pixel_ratio,
                  "logical_dpi": canvas.logical_dpi, "draws": len(draws),
                  "shows_prepared": page.chart.figs is page.figures,
                  "picture": list(canvas.get_renderer().buffer_rgba().shape),
                  "size": [canvas.width(), canvas.height()]}))
"""


def test_on_a_high_dpi_screen_trends_opens_on_its_prepared_picture(run_cli, data_dir):
    """The first picture, drawn before the page is shown, is drawn for the
    screen's pixel ratio: showing it draws nothing again (matplotlib learns
    the ratio only then, and finds the figure's dpi already scaled)."""
    assert run_cli("demo", "--days", 120)[0] == 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2",
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", HIGH_DPI, str(data_dir)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.splitlines()[-1])
    assert shown["ratio"] == 2 and shown["matplotlib_ratio"] == 2
    assert shown["prepared_dpi"] == shown["dpi"] == 2 * shown["logical_dpi"]
    assert shown["shows_prepared"] and shown["draws"] == 0
    width, height = shown["size"]
    assert shown["picture"][:2] == [2 * height, 2 * width]  # every device pixel drawn
