"""The `text` primitive: real glyphs from the bundled DejaVu fonts via FreeType.

The glyph mask is rasterised by Pillow at the size it will have on screen
(the affine's scale), so text stays sharp under camera zoom, then placed
through the affine by bilinear resampling, which also handles rotation.
Fonts load through ``importlib.resources`` from ``scenec.knowledge/fonts``.
"""

from __future__ import annotations

import io
import math
import threading
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Sequence

import numpy as np

from scenec.runtime.raster.affine import Affine
from scenec.runtime.raster.buffer import Patch, RasterError, premultiplied
from scenec.runtime.raster.coverage import check_size
from scenec.runtime.raster.resample import place
from scenec.runtime.raster.shapes import IDENTITY, WHITE

if TYPE_CHECKING:
    from PIL import ImageFont

__all__ = ["text", "FONT_FILES", "load_font", "text_mask"]

FONT_FILES = {
    ("sans", "normal"): "DejaVuSans.ttf",
    ("sans", "bold"): "DejaVuSans-Bold.ttf",
    ("serif", "normal"): "DejaVuSerif.ttf",
    ("serif", "bold"): "DejaVuSerif-Bold.ttf",
    ("mono", "normal"): "DejaVuSansMono.ttf",
    ("mono", "bold"): "DejaVuSansMono-Bold.ttf",
}
ALIGNS = ("left", "center", "right")


@lru_cache(maxsize=8)
def _font_bytes(filename: str) -> bytes:
    return resources.files("scenec.knowledge").joinpath("fonts", filename).read_bytes()


@lru_cache(maxsize=64)
def load_font(font: str, weight: str, size_px: int) -> ImageFont.FreeTypeFont:
    """The bundled font for a family and weight at an integer pixel size (cached)."""
    from PIL import ImageFont  # here: a frame with no text needs no Pillow

    key = (font, weight)
    if key not in FONT_FILES:
        raise RasterError(
            f"unknown font {font!r} / weight {weight!r}; fonts are sans, serif, mono and weights normal, bold"
        )
    return ImageFont.truetype(io.BytesIO(_font_bytes(FONT_FILES[key])), size_px)


# A FreeType face may be used by one thread at a time, and jobs of one render can run on threads
# of one process (runtime.executor): every use of a font goes through this lock.
_FONTS = threading.Lock()


def text_mask(content: str, font: str, weight: str, size_px: int, align: str) -> tuple[np.ndarray, float, float]:
    """Coverage mask of the text, and its anchor (x, y) in mask pixels (cached, read-only)."""
    with _FONTS:
        return _text_mask(content, font, weight, size_px, align)


@lru_cache(maxsize=128)
def _text_mask(content: str, font: str, weight: str, size_px: int, align: str) -> tuple[np.ndarray, float, float]:
    """Coverage mask of the text, and its anchor (x, y) in mask pixels.

    The anchor is the left, centre or right of the ink box horizontally and the
    middle of the font's line box vertically, so lines sit still as their
    letters change.
    """
    from PIL import Image, ImageDraw

    face = load_font(font, weight, size_px)
    ascent, descent = face.getmetrics()
    lines = content.split("\n")
    spacing = int(round(size_px * 0.2))
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    # Pillow before 13 may give fractional boxes; whole pixels keep the mask's size an int.
    left, top, right, bottom = (int(math.floor(v)) if i < 2 else int(math.ceil(v)) for i, v in enumerate(
        probe.multiline_textbbox((0, 0), content, font=face, align=align, spacing=spacing)))
    margin = 2
    width = max(1, right - left + 2 * margin)
    line_h = ascent + descent
    height = max(1, max(bottom, line_h * len(lines) + spacing * (len(lines) - 1)) - min(top, 0) + 2 * margin)
    img = Image.new("L", (width, height))
    origin = (margin - left, margin - min(top, 0))
    ImageDraw.Draw(img).multiline_text(origin, content, font=face, fill=255, align=align, spacing=spacing)
    mask = np.asarray(img, dtype=np.float32) / 255.0
    block_h = line_h * len(lines) + spacing * (len(lines) - 1)
    # Whole-pixel anchors keep glyph pixels on screen pixel centres (no resampling blur).
    anchor_y = float(round(origin[1] + block_h / 2.0))
    anchor_x = {"left": float(margin), "center": float(width // 2), "right": float(width - margin)}[align]
    mask.flags.writeable = False
    return mask, anchor_x, anchor_y


MAX_GLYPH_PX = 2048


def text(
    frame_size: Sequence[int],
    content: str,
    at: Sequence[float],
    size_px: float,
    *,
    color: Sequence[float] | None = WHITE,
    font: str = "sans",
    align: str = "center",
    weight: str = "normal",
    affine: Affine = IDENTITY,
) -> Patch | None:
    """Text of em size ``size_px`` anchored at ``at``: its left, centre or right per ``align``, centred vertically."""
    frame = check_size(frame_size)
    if align not in ALIGNS:
        raise RasterError(f"unknown text align {align!r}; expected one of {', '.join(ALIGNS)}")
    if not size_px > 0 or color is None or not content.strip() or affine.is_degenerate():
        return None
    col = premultiplied(color, "text color")
    scale = affine.linear_scale()
    # Glyphs are rasterised at most MAX_GLYPH_PX tall; larger text is that mask magnified.
    raster_px = min(MAX_GLYPH_PX, max(1, int(round(size_px * scale))))
    mask, ax, ay = text_mask(content, font, weight, raster_px, align)
    k = raster_px / float(size_px)  # mask pixels per scene pixel
    cx, cy = (float(v) for v in at)
    to_mask = Affine(k, 0.0, ax - k * cx, 0.0, k, ay - k * cy)
    h, w = mask.shape
    rect = (cx - ax / k, cy - ay / k, cx + (w - ax) / k, cy + (h - ay) / k)
    placed = place(frame, mask[None], to_mask, rect, affine)
    if placed is None:
        return None
    box, cov = placed
    return Patch(box[0], box[1], col[:, None, None] * cov[0][None])
