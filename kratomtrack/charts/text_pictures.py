"""Text on the window's Agg canvases, drawn from a kept picture of each string.

matplotlib rasterises Agg text glyph by glyph in Python, about 0.1 ms a
glyph: text was half of a Trends redraw, although the same titles, legends
and date labels come back on every range change. ``TextPictureRenderer``
draws each distinct text once into a small picture and then pastes it (one
image draw). The picture is made by matplotlib's own text drawing, at the
text's position to an eighth of a pixel, so the chart looks the same. Vector
output (the PDF summary, saved SVGs) is not affected.

Measured (10-year demo log, pictures on and off in turn in one process): a
range whose look was not drawn yet takes about twice as long without them
(12 months about 140 ms instead of 67, against a target of 100 ms; see
benchmarks/bench_trends.py). It uses only matplotlib's public renderer API:
``draw_text`` is the method every backend's renderer implements, and the
pictures are drawn and pasted with ``RendererAgg.draw_text`` and
``draw_image``. Checked with matplotlib 3.11.2.
Made for 3.11's text drawing, which places glyphs to 1/64 of a pixel: 3.10
places text at whole pixels, and text from pictures then lands up to a pixel
off. tests/test_matplotlib_seams.py and tests/test_trends_drawing.py fail when
a matplotlib version changes how it calls ``draw_text`` or how text then looks.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg

# Pictures kept (all canvases share them): the titles, legends, tick labels
# and side-effect names of a few ranges; a picture is a few kilobytes.
PICTURES_KEPT = 600
_STEPS = 8  # positions kept to an eighth of a pixel
_PAD = 3  # pixels around the text in its first drawing

_pictures: OrderedDict[tuple, tuple[np.ndarray | None, int, int]] = OrderedDict()
_lock = threading.Lock()  # the window's thread and the preparing thread both draw


class TextPictureRenderer(RendererAgg):
    """An Agg renderer that draws plain text from kept pictures (mathtext as usual)."""

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        # x and y (downwards from the top) to an eighth of a pixel: a date
        # label moves with its day, and each eighth is a picture of its own.
        column, fx = _whole_and_part(x)
        row, fy = _whole_and_part(y)
        key = (s, hash(prop), angle, self.dpi, gc.get_rgb(), gc.get_alpha(),
               gc.get_antialiased(), fx, fy)
        with _lock:
            picture = _pictures.get(key)
            if picture is not None:
                _pictures.move_to_end(key)
        if picture is None:
            picture = _picture(self, gc, s, prop, angle, fx, fy)
            with _lock:
                _pictures[key] = picture
                if len(_pictures) > PICTURES_KEPT:
                    _pictures.popitem(last=False)
        image, left, top = picture
        if image is None:
            return None
        column += left
        row += top
        # draw_image counts rows upwards from the bottom, and takes them bottom first.
        self.draw_image(gc, column, self.height - row - image.shape[0], image[::-1])
        return None


def _whole_and_part(value: float) -> tuple[int, float]:
    whole = math.floor(value)
    part = round((value - whole) * _STEPS) / _STEPS
    return (whole + 1, 0.0) if part == 1 else (whole, part)


def _picture(renderer: RendererAgg, gc, s: str, prop, angle: float,
             fx: float, fy: float) -> tuple[np.ndarray | None, int, int]:
    """The text drawn alone: (RGBA pixels, left column and top row from the
    text's whole-pixel position), or None for a text that draws no pixel."""
    width, height, _descent = renderer.get_text_width_height_descent(s, prop, False)
    width, height = int(math.ceil(width)) + _PAD, int(math.ceil(height)) + _PAD
    if angle == 0:
        # Level text runs right from its origin, within a text height above or below it.
        x0, y0, columns, rows = _PAD, height, width + _PAD, 2 * height
    else:  # any angle: the origin in the middle of a square
        x0 = y0 = width + height
        columns = rows = 2 * x0
    scratch = RendererAgg(columns, rows, renderer.dpi)
    alone = scratch.new_gc()
    alone.set_foreground(gc.get_rgb(), isRGBA=True)
    alone.set_alpha(gc.get_alpha())
    alone.set_antialiased(gc.get_antialiased())
    RendererAgg.draw_text(scratch, alone, x0 + fx, y0 + fy, s, prop, angle)
    alone.restore()
    pixels = np.asarray(scratch.buffer_rgba())
    inked = pixels[:, :, 3]
    rows = np.flatnonzero(inked.any(axis=1))
    if not len(rows):
        return None, 0, 0
    columns = np.flatnonzero(inked.any(axis=0))
    top, bottom, left, right = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
    return pixels[top:bottom, left:right].copy(), int(left) - x0, int(top) - y0


class TextPictures:
    """For a FigureCanvasAgg subclass: its renderer is a TextPictureRenderer."""

    _picture_key = None

    def pixel_size(self) -> tuple[int, int]:
        """The figure's size in device pixels (rounded: 8.28 inches at 100 dpi is 828 pixels)."""
        width, height = self.figure.bbox.size
        return round(width), round(height)

    def get_renderer(self):
        width, height = self.pixel_size()
        key = (width, height, self.figure.dpi)
        if self._picture_key != key:
            self.renderer = TextPictureRenderer(width, height, self.figure.dpi)
            self._picture_key = key
        return self.renderer
