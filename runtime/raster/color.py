"""Color math: sRGB transfer, OKLab, and ramps sampled into lookup tables.

Gradients and noise ramps interpolate in OKLab, where equal steps look like
equal steps, so a blue-to-yellow gradient does not pass through grey mud;
the result is turned back into sRGB (the space frames are composited in) and
stored as a premultiplied ``(4, n)`` lookup table indexed by position.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np

from scenec.runtime.raster.buffer import RasterError, check_color

__all__ = ["srgb_to_linear", "linear_to_srgb", "srgb_to_oklab", "oklab_to_srgb", "ramp_lut", "bayer_tile", "LUT_SIZE"]

LUT_SIZE = 1024

_M1 = np.array(
    [[0.4122214708, 0.5363325363, 0.0514459929],
     [0.2119034982, 0.6806995451, 0.1073969566],
     [0.0883024619, 0.2817188376, 0.6299787005]]
)
_M2 = np.array(
    [[0.2104542553, 0.7936177850, -0.0040720468],
     [1.9779984951, -2.4285922050, 0.4505937099],
     [0.0259040371, 0.7827717662, -0.8086757660]]
)


def srgb_to_linear(c: np.ndarray) -> np.ndarray:
    c = np.asarray(c, dtype=np.float64)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(np.asarray(c, dtype=np.float64), 0.0, None)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1 / 2.4) - 0.055)


def srgb_to_oklab(rgb: np.ndarray) -> np.ndarray:
    """OKLab of sRGB colors given as (..., 3)."""
    lms = srgb_to_linear(rgb) @ _M1.T
    return np.cbrt(lms) @ _M2.T


def oklab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """sRGB (clipped to 0..1) of OKLab colors given as (..., 3)."""
    lms = (lab @ np.linalg.inv(_M2).T) ** 3
    return np.clip(linear_to_srgb(lms @ np.linalg.inv(_M1).T), 0.0, 1.0)


def ramp_lut(colors: Sequence[Sequence[float]], size: int = LUT_SIZE) -> np.ndarray:
    """A premultiplied ``(4, size)`` float32 table running evenly through ``colors``."""
    if len(colors) == 0:
        raise RasterError("a color ramp needs at least one color")
    return _ramp_lut(tuple(check_color(c, "ramp color") for c in colors), size)


@lru_cache(maxsize=256)
def _ramp_lut(colors: tuple[tuple[float, float, float, float], ...], size: int) -> np.ndarray:
    stops = np.array(colors, dtype=np.float64)
    if len(stops) == 1:
        stops = np.vstack([stops, stops])
    lab = srgb_to_oklab(stops[:, :3])
    pos = np.linspace(0.0, 1.0, size)
    knots = np.linspace(0.0, 1.0, len(stops))
    lab_t = np.stack([np.interp(pos, knots, lab[:, k]) for k in range(3)], axis=1)
    alpha = np.interp(pos, knots, stops[:, 3])
    rgb = oklab_to_srgb(lab_t)
    lut = np.empty((4, size), dtype=np.float32)
    lut[:3] = (rgb * alpha[:, None]).T
    lut[3] = alpha
    lut.flags.writeable = False
    return lut


_BAYER4 = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]], dtype=np.float32)


@lru_cache(maxsize=8)
def bayer_tile(width: int, height: int) -> np.ndarray:
    """An ordered-dither offset per pixel, within +-half an 8-bit step."""
    tile = (_BAYER4 + 0.5) / 16.0 - 0.5
    reps = (-(-height // 4), -(-width // 4))
    out = (np.tile(tile, reps)[:height, :width] / 255.0).astype(np.float32)
    out.flags.writeable = False
    return out
