"""The summary as a document: blocks of text any page size can lay out, and the
number words they are written in.

report.content and report.glance build a Document; report.pages lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ARROW = "\u2192"
MINUS = "\u2212"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1: the title, 2: a section, 3: a sub-heading


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body, small, note (italic), strong


@dataclass(frozen=True)
class Facts:
    """Label/value rows (At a glance and the like)."""

    rows: list[tuple[str, str]]
    ruled: bool = False  # thin lines between rows


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # shares of the text width, summing to 1
    align: str = ""  # one letter per column: l left, r right, c centre; default all left
    font: str = "table"


@dataclass(frozen=True)
class Chart:
    svg: bytes
    width: float  # the figure's own size in inches, for its aspect ratio
    height: float


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Document:
    title: str
    header_lines: list[str]  # under the title on page 1
    running_text: str  # on every page, with "page X of Y"
    blocks: list = field(default_factory=list)


# --- number words ---------------------------------------------------------------


def grams_text(grams: float) -> str:
    return f"{grams:.1f} g"


def number(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}".replace("-", MINUS)


def signed(value: float, places: int = 1) -> str:
    text = f"{abs(value):.{places}f}"
    if round(value, places) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def days_text(count: int) -> str:
    return plural(count, "day")
