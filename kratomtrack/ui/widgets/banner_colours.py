"""The colours of the message boxes above the pages, for light and dark themes.

A light theme gets light boxes with dark text; a dark theme gets dark boxes
with light text, so a banner never glares out of a dark window. Each pair
reads at WCAG AA (4.5:1, tests/test_banner_layout.py); the icon and the
first word of each title say the same as the colour.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BannerColours:
    background: str
    accent: str  # the border, and the links and buttons' outline
    text: str
    hover: str  # a button under the pointer


_LIGHT_TEXT, _DARK_TEXT = "#1b1b1b", "#f2f2f2"

LIGHT = {
    "emergency": BannerColours("#fdecea", "#b3261e", _LIGHT_TEXT, "#ffffff"),
    "liver": BannerColours("#fdecea", "#b3261e", _LIGHT_TEXT, "#ffffff"),
    "warning": BannerColours("#fff4e0", "#8a5300", _LIGHT_TEXT, "#ffffff"),
    "concentrate": BannerColours("#fff4e0", "#8a5300", _LIGHT_TEXT, "#ffffff"),
    "caution": BannerColours("#e8f1fb", "#1f5fa8", _LIGHT_TEXT, "#ffffff"),
    "dismissed": BannerColours("#f3f3f3", "#5c5c5c", _LIGHT_TEXT, "#ffffff"),
}
DARK = {
    "emergency": BannerColours("#45191a", "#ff8a80", _DARK_TEXT, "#5c2325"),
    "liver": BannerColours("#45191a", "#ff8a80", _DARK_TEXT, "#5c2325"),
    "warning": BannerColours("#3b2c0e", "#f0b35a", _DARK_TEXT, "#4f3c14"),
    "concentrate": BannerColours("#3b2c0e", "#f0b35a", _DARK_TEXT, "#4f3c14"),
    "caution": BannerColours("#14283f", "#8ab4f8", _DARK_TEXT, "#1d3756"),
    "dismissed": BannerColours("#333333", "#b0b0b0", _DARK_TEXT, "#444444"),
}


def banner_colours(kind: str, dark: bool) -> BannerColours:
    return (DARK if dark else LIGHT)[kind]
