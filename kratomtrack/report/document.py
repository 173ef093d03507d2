"""The summary as a document: blocks of text any page size can lay out, and the
number words they are written in.

report.content and report.glance build a Document; report.pages lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

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
    """Label/value rows (the key points, the range in figures and the like)."""

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
# Amounts of kratom become text in core.amounts only (grams to 0.01 g, 7-OH in mg).


def number(value, places: int = 1) -> str:
    """A mean or score (float or exact Fraction) to ``places`` decimals; not for amounts (core.amounts)."""
    return f"{float(value):.{places}f}".replace("-", MINUS)


def signed(value, places: int = 1) -> str:
    """A change with its sign, halves rounded up as a reader does (57.5% is "+58%")."""
    if isinstance(value, Fraction):  # an exact change, e.g. from printed means
        exact = Decimal(abs(value.numerator)) / Decimal(value.denominator)
    else:  # a float as written (0.15, not its binary 0.1499...)
        exact = abs(Decimal(str(value)))
    shown = exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if shown == 0:
        return f"{shown}"
    return ("+" if value > 0 else MINUS) + f"{shown}"


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def days_text(count: int) -> str:
    return plural(count, "day")


def days_logged_text(counts) -> str:
    """ "27 of 28 days logged", from a core.summary.now.DayCounts: every such
    count of the summary is written here."""
    return f"{counts.logged} of {days_text(counts.days)} logged"
