"""The words around a chart panel, which ``TimelineChart`` lays out."""

from __future__ import annotations

from dataclasses import dataclass, field

# The legend's keys are laid out in as many columns as fit (``legend_columns``
# FIT): measured from the labels' lengths, in points, as the legend draws them.
FIT = 0
CHAR_POINTS = 0.5  # a label character's mean width, in font sizes
KEY_POINTS = 3.3  # a key's handle, padding and the space between columns, in font sizes


@dataclass
class PanelText:
    """The words around a panel: title, y-axis label (with unit) and legend."""

    title: str
    ylabel: str
    legend: list = field(default_factory=list)
    legend_columns: int | None = None
    note: str = ""  # shown in the middle when the panel has nothing to show

    @property
    def legend_rows(self) -> int:
        if not self.legend:
            return 0
        columns = self.legend_columns or len(self.legend)
        return -(-len(self.legend) // columns)

    def fit_columns(self, width_points: float, font_points: float) -> None:
        """With ``legend_columns`` FIT: as many columns as fit in ``width_points``."""
        if self.legend_columns != FIT or not self.legend:
            return
        sizes = [(len(key.get_label()) * CHAR_POINTS + KEY_POINTS) * font_points for key in self.legend]
        for columns in range(len(sizes), 0, -1):
            rows = -(-len(sizes) // columns)
            # Keys fill each column top down; a column is as wide as its widest key.
            if sum(max(sizes[c:c + rows]) for c in range(0, len(sizes), rows)) <= width_points:
                break
        self.legend_columns = columns
