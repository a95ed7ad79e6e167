"""Frame and patch buffers: the data every raster function reads and writes.

A frame or layer buffer is a float32 array of shape ``(4, H, W)`` holding
premultiplied RGBA in 0..1, planar so that each channel is one contiguous
image. A `Patch` is such an array placed at a pixel offset of the frame, so
that primitives only allocate and touch their bounding box. Colors arrive as
straight-alpha RGBA tuples and are premultiplied here, once.

A `FrameUpdate` is a finished 8-bit frame together with the rectangles
(`Rect`, pixel boxes with exclusive right and bottom edges) outside which it
equals the frame sent before it, so an encoder can convert only those.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

__all__ = [
    "RasterError",
    "Patch",
    "Rgba",
    "check_color",
    "premultiplied",
    "new_frame",
    "flatten",
    "to_rgb24",
    "solid_patch",
    "Rect",
    "FrameUpdate",
    "clip_rect",
    "merge_rects",
]

Rgba = tuple[float, float, float, float]
Rect = tuple[int, int, int, int]  # (x0, y0, x1, y1), right and bottom edges exclusive


class RasterError(ValueError):
    """Bad input to a raster function, with a plain message."""


@dataclass(frozen=True, slots=True)
class Patch:
    """A premultiplied planar RGBA rectangle whose top-left pixel is ``(x0, y0)``."""

    x0: int
    y0: int
    data: np.ndarray

    def __post_init__(self) -> None:
        if self.data.ndim != 3 or self.data.shape[0] != 4:
            raise RasterError(f"a patch needs data of shape (4, h, w), got {self.data.shape}")

    @property
    def width(self) -> int:
        return int(self.data.shape[2])

    @property
    def height(self) -> int:
        return int(self.data.shape[1])

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        """``(x0, y0, x1, y1)`` with exclusive right and bottom edges."""
        return (self.x0, self.y0, self.x0 + self.width, self.y0 + self.height)


def check_color(color: Sequence[float], what: str = "color") -> Rgba:
    """Validate a straight-alpha RGBA (or RGB) tuple and return it as four floats."""
    try:
        values = tuple(float(c) for c in color)
    except (TypeError, ValueError):
        raise RasterError(f"{what} must be a tuple of 3 or 4 numbers, got {color!r}") from None
    if len(values) == 3:
        values = values + (1.0,)
    if len(values) != 4:
        raise RasterError(f"{what} must have 3 or 4 components, got {len(values)}")
    if not all(np.isfinite(values)) or min(values) < 0.0 or max(values) > 1.0:
        raise RasterError(f"{what} components must lie in 0..1, got {values}")
    return values  # type: ignore[return-value]


def premultiplied(color: Sequence[float], what: str = "color") -> np.ndarray:
    """The premultiplied float32 RGBA vector of a straight-alpha color."""
    r, g, b, a = check_color(color, what)
    return np.array([r * a, g * a, b * a, a], dtype=np.float32)


def new_frame(width: int, height: int, background: Sequence[float] = (0.0, 0.0, 0.0, 1.0)) -> np.ndarray:
    """A ``(4, height, width)`` frame filled with the straight-alpha background color."""
    if width < 1 or height < 1:
        raise RasterError(f"frame size must be positive, got {width}x{height}")
    frame = np.empty((4, height, width), dtype=np.float32)
    frame[:] = premultiplied(background, "background")[:, None, None]
    return frame


def solid_patch(x0: int, y0: int, coverage: np.ndarray, color: np.ndarray) -> Patch | None:
    """A patch painting premultiplied ``color`` with ``coverage`` (h, w) in 0..1."""
    if coverage.size == 0 or not coverage.any():
        return None
    data = color.astype(np.float32)[:, None, None] * coverage.astype(np.float32, copy=False)[None]
    return Patch(x0, y0, data)


def flatten(frame: np.ndarray, background: Sequence[float] = (0.0, 0.0, 0.0)) -> np.ndarray:
    """The ``(3, H, W)`` RGB of a premultiplied frame laid over an opaque background."""
    if frame.ndim != 3 or frame.shape[0] not in (3, 4):
        raise RasterError(f"a frame must have shape (4, H, W) or (3, H, W), got {frame.shape}")
    if frame.shape[0] == 3:
        return frame
    bg = np.asarray(check_color(background, "background")[:3], dtype=np.float32)
    rgb = frame[:3] + bg[:, None, None] * (1.0 - frame[3])[None]
    return rgb


def to_rgb24(frame: np.ndarray, background: Sequence[float] = (0.0, 0.0, 0.0)) -> np.ndarray:
    """Interleaved, contiguous ``(H, W, 3)`` uint8 of a frame, rounded to nearest.

    Accepts a premultiplied ``(4, H, W)`` frame (laid over ``background``) or
    an already flat ``(3, H, W)`` RGB frame such as `apply_grade` returns.
    """
    rgb = flatten(frame, background)
    # Adding 0.5 then truncating rounds half up, which for values >= 0 is what
    # the encoder expects; clipping first keeps out-of-range floats from wrapping.
    scaled = np.clip(rgb, 0.0, 1.0) * np.float32(255.0) + np.float32(0.5)
    out = np.empty((rgb.shape[1], rgb.shape[2], 3), dtype=np.uint8)
    np.copyto(out, scaled.transpose(1, 2, 0), casting="unsafe")
    return out


@dataclass(frozen=True, slots=True)
class FrameUpdate:
    """An (H, W, 3) uint8 frame, and where it may differ from the previous one.

    ``changed`` None means anywhere (a first frame, a cut, a camera move);
    otherwise every pixel outside those rectangles equals the previous frame's."""

    rgb: np.ndarray
    changed: tuple[Rect, ...] | None = None


def clip_rect(rect: Rect, width: int, height: int) -> Rect | None:
    """``rect`` cut to a width x height frame, or None when nothing is left."""
    x0, y0, x1, y1 = max(rect[0], 0), max(rect[1], 0), min(rect[2], width), min(rect[3], height)
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def merge_rects(rects: Sequence[Rect]) -> tuple[Rect, ...]:
    """Rectangles covering ``rects`` of which no two overlap: overlapping ones
    are replaced by their bounding box until none overlap (so every pixel is
    redrawn once)."""
    out: list[Rect] = []
    for rect in rects:
        while True:
            for i, other in enumerate(out):
                if rect[0] < other[2] and other[0] < rect[2] and rect[1] < other[3] and other[1] < rect[3]:
                    del out[i]
                    rect = (min(rect[0], other[0]), min(rect[1], other[1]), max(rect[2], other[2]), max(rect[3], other[3]))
                    break
            else:
                out.append(rect)
                break
    return tuple(out)
