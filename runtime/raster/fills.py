"""Full-frame fills: linear `gradient` and `radial` gradient.

Both are defined over the whole scene plane (clamped beyond their ends), so
they still fill the screen when the camera zooms out or rolls. Colors are
interpolated in OKLab through a lookup table; an optional ordered dither of
half an 8-bit step hides banding in slow gradients.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from scenec.runtime.raster.affine import Affine
from scenec.runtime.raster.buffer import Patch, RasterError
from scenec.runtime.raster.color import LUT_SIZE, bayer_tile, ramp_lut
from scenec.runtime.raster.coverage import check_size, screen_grid
from scenec.runtime.raster.shapes import IDENTITY

__all__ = ["gradient", "radial", "lut_fill"]


def lut_fill(t: np.ndarray, lut: np.ndarray, shape: tuple[int, int], dither: bool) -> np.ndarray:
    """A ``(4, h, w)`` buffer of ``lut`` colors at positions ``t`` (0..1, broadcastable to shape)."""
    n = lut.shape[1]
    t = np.asarray(t, dtype=np.float32)
    t *= np.float32(n - 1)
    t += np.float32(0.5)
    # mode="clip" clamps out-of-range positions to the end colors without a separate pass.
    idx = t.astype(np.int32)
    out = np.empty((4,) + shape, dtype=np.float32)
    if idx.shape == shape:
        for c in range(4):
            np.take(lut[c], idx, out=out[c], mode="clip")
    else:
        # t varies along one axis only: gather a row or column, broadcast the rest.
        out[:] = np.take(lut, idx, axis=1, mode="clip")
    if dither:
        h, w = shape
        tile = bayer_tile(w, h)
        # No clip afterwards: half an 8-bit step past 0..1 is clipped by the
        # final conversion and is harmless to the blend math in between.
        if bool(np.all(lut[3] == 1.0)):
            out[:3] += tile[None]
        else:
            out[:3] += tile[None] * out[3][None]
    return out


def gradient(
    frame_size: Sequence[int],
    start: Sequence[float],
    end: Sequence[float],
    angle_deg: float = 90.0,
    *,
    affine: Affine = IDENTITY,
    dither: bool = True,
) -> Patch:
    """A linear gradient across the scene frame; 0deg runs left to right, 90deg top to bottom.

    As in CSS, the gradient line is sized so the frame's corners meet the end colors.
    """
    width, height = check_size(frame_size)
    lut = ramp_lut([start, end], LUT_SIZE)
    rad = math.radians(angle_deg)
    ux, uy = math.cos(rad), math.sin(rad)
    span = abs(width * ux) + abs(height * uy)
    inv = affine.inverse()
    # t is affine in screen coordinates: t = alpha*X + beta*Y + gamma.
    ax_, ay_ = ux / span, uy / span
    alpha = ax_ * inv.a + ay_ * inv.d
    beta = ax_ * inv.b + ay_ * inv.e
    gamma = ax_ * (inv.c - width / 2) + ay_ * (inv.f - height / 2) + 0.5
    xs, ys = (g.astype(np.float32) for g in screen_grid((0, 0, width, height)))
    alpha, beta, gamma = np.float32(alpha), np.float32(beta), np.float32(gamma)
    if abs(beta) < 1e-12:
        t = alpha * xs + gamma
    elif abs(alpha) < 1e-12:
        t = beta * ys + gamma
    else:
        t = (alpha * xs) + (beta * ys + gamma)
    return Patch(0, 0, lut_fill(t, lut, (height, width), dither))


_MIN_RADIUS_PX = 1e-3


def radial(
    frame_size: Sequence[int],
    center: Sequence[float],
    inner: Sequence[float],
    outer: Sequence[float],
    radius: float,
    *,
    affine: Affine = IDENTITY,
    dither: bool = True,
) -> Patch:
    """A radial gradient from ``inner`` at ``center`` to ``outer`` at ``radius`` and beyond."""
    width, height = check_size(frame_size)
    if not radius > 0:
        # "outer at radius and beyond": with no radius (a template's box scaled through zero, an
        # overshooting easing) every point is beyond it
        radius = _MIN_RADIUS_PX
    cx, cy = (float(v) for v in center)
    lut = ramp_lut([inner, outer], LUT_SIZE)
    inv = affine.inverse()
    xs, ys = (g.astype(np.float32) for g in screen_grid((0, 0, width, height)))
    f32 = np.float32
    dx = (f32(inv.a) * xs) + (f32(inv.b) * ys + f32(inv.c - cx))
    dy = (f32(inv.d) * xs) + (f32(inv.e) * ys + f32(inv.f - cy))
    dx *= dx
    dy *= dy
    dx += dy
    t = np.sqrt(dx, out=dx)
    t *= f32(1.0 / radius)
    return Patch(0, 0, lut_fill(t, lut, (height, width), dither))
