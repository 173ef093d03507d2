"""Colours for the charts: light and dark screens, and black-and-white print.

Every meaning on a chart is carried by more than colour: extract and 7-OH
days by marker shape, side-effect ratings by lightness steps (one hue, so
colour-blind people and a grey printout see the same order) and, where the
cells are wide enough, by the rating's digit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ChartPalette:
    name: str
    background: str
    axes_background: str
    text: str
    muted_text: str
    grid: str
    leaf_bar: str
    leaf_average: str
    extract_marker: str
    seven_oh_marker: str
    doses_bar: str
    use_days_bar: str
    counted_days_bar: str
    pain_point: str
    pain_average: str
    peg: str
    # none, mild, moderate, severe: one hue, lightness in even steps.
    ratings: tuple[str, str, str, str]
    # Digit colour on each rating's cell (dark on light cells, light on dark).
    rating_digits: tuple[str, str, str, str]
    scatter_point: str
    cursor: str
    # Unknown: days with nothing logged, heat-map cells not rated. Faint, so
    # that what was logged stands out; still a place, unlike the background.
    not_logged: str
    night_marker: str  # a day with a dose from 00:00 to 05:00
    red_flag: str

    @property
    def is_dark(self) -> bool:
        return _lightness(self.background) < 0.5

    def on_background(self, background: str, text: str) -> ChartPalette:
        """This palette with the window's own background and text colours."""
        return replace(self, background=background, axes_background=background, text=text)


def _lightness(color: str) -> float:
    color = color.lstrip("#")
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


LIGHT = ChartPalette(
    name="light",
    background="#ffffff",
    axes_background="#ffffff",
    text="#202124",
    muted_text="#5f6368",
    grid="#e4e4e4",
    leaf_bar="#8db6dc",
    leaf_average="#123f6b",
    extract_marker="#c25400",
    seven_oh_marker="#8a1c1c",
    doses_bar="#8b9db2",
    use_days_bar="#4f8f6f",
    counted_days_bar="#e5ebe8",
    pain_point="#d98579",
    pain_average="#9c2418",
    peg="#202124",
    ratings=("#e4e2f0", "#b3acd6", "#7662b0", "#3e1470"),
    rating_digits=("#3e1470", "#2a0d4d", "#ffffff", "#ffffff"),
    scatter_point="#2e6da4",
    cursor="#202124",
    not_logged="#eeeff1",
    night_marker="#3b3b8f",
    red_flag="#c00018",
)

DARK = ChartPalette(
    name="dark",
    background="#202124",
    axes_background="#202124",
    text="#e8eaed",
    muted_text="#a8abb0",
    grid="#3a3c40",
    leaf_bar="#3c6b96",
    leaf_average="#b9dcff",
    extract_marker="#ffb14a",
    seven_oh_marker="#ff7a6b",
    doses_bar="#6f849c",
    use_days_bar="#4f9b78",
    counted_days_bar="#3a4a42",
    pain_point="#c9675b",
    pain_average="#ffb0a5",
    peg="#f1f1f1",
    # Dark screens: brighter means stronger.
    ratings=("#474060", "#6a56a8", "#a390e2", "#ece4ff"),
    rating_digits=("#e6dcff", "#ffffff", "#1b1030", "#1b1030"),
    scatter_point="#8cc4f5",
    cursor="#e8eaed",
    not_logged="#2d2e33",
    night_marker="#c7c3ff",
    red_flag="#ff5c5c",
)

# Black-and-white printers: greys only, every series told apart by shape,
# line style or lightness.
PRINT = ChartPalette(
    name="print",
    background="#ffffff",
    axes_background="#ffffff",
    text="#000000",
    muted_text="#404040",
    grid="#d9d9d9",
    leaf_bar="#bdbdbd",
    leaf_average="#000000",
    extract_marker="#000000",
    seven_oh_marker="#000000",
    doses_bar="#9e9e9e",
    use_days_bar="#6b6b6b",
    counted_days_bar="#d6d6d6",
    pain_point="#8a8a8a",
    pain_average="#000000",
    peg="#000000",
    # At least 15% black: lighter tones drop out on a laser printer. Not
    # rated is the faint not_logged grey.
    ratings=("#d0d0d0", "#9a9a9a", "#5a5a5a", "#141414"),
    rating_digits=("#000000", "#000000", "#ffffff", "#ffffff"),
    scatter_point="#404040",
    cursor="#000000",
    # Faint: it may drop out on a laser printer, and then reads as blank (not logged) still.
    not_logged="#ededed",
    night_marker="#000000",
    red_flag="#000000",
)

PALETTES = {p.name: p for p in (LIGHT, DARK, PRINT)}


def palette_for_window(background: str, text: str) -> ChartPalette:
    """The light or dark palette, whichever suits the window's background."""
    base = DARK if _lightness(background) < 0.5 else LIGHT
    return base.on_background(background, text)
