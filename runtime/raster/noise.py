"""The `noise` primitive: seeded, animated procedural textures over the frame.

Kinds: ``clouds`` (soft drifting fBm), ``water`` (horizontally stretched,
domain-warped swell with bright ridges), ``fire`` (fBm rising over a glow
that is hottest at the bottom), ``marble`` (sine veins bent by turbulence)
and ``grain`` (per-pixel film grain that changes every tick). The field is
evaluated on a coarse grid of screen cells mapped back into scene space and
upsampled bilinearly, then mapped through a color ramp in OKLab.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from scenec.runtime.raster.affine import Affine
from scenec.runtime.raster.buffer import Patch, RasterError
from scenec.runtime.raster.color import ramp_lut
from scenec.runtime.raster.coverage import check_size
from scenec.runtime.raster.fills import lut_fill
from scenec.runtime.raster.noisegen import fbm, gradient_noise, hash_unit, upsample
from scenec.runtime.raster.shapes import IDENTITY

__all__ = ["NOISE_KINDS", "noise", "noise_field", "DEFAULT_NOISE_COLORS"]

NOISE_KINDS = ("clouds", "water", "fire", "marble", "grain")

DEFAULT_NOISE_COLORS: dict[str, tuple[tuple[float, float, float, float], ...]] = {
    "clouds": ((0.35, 0.55, 0.85, 1.0), (0.97, 0.97, 1.0, 1.0)),
    "water": ((0.02, 0.12, 0.30, 1.0), (0.05, 0.35, 0.55, 1.0), (0.75, 0.92, 1.0, 1.0)),
    "fire": ((0.0, 0.0, 0.0, 1.0), (0.55, 0.04, 0.0, 1.0), (1.0, 0.45, 0.0, 1.0), (1.0, 0.9, 0.45, 1.0)),
    "marble": ((0.93, 0.92, 0.90, 1.0), (0.55, 0.55, 0.58, 1.0), (0.15, 0.15, 0.18, 1.0)),
    "grain": ((0.0, 0.0, 0.0, 0.0), (1.0, 1.0, 1.0, 0.35)),
}
# Noise units advanced per second at speed 1 (one unit is one feature).
TIME_RATE = 1.0


def _cell_step(feature_screen_px: float) -> int:
    """Screen pixels per coarse sample: 12+ samples across the base feature, 2..6 pixels."""
    return int(np.clip(feature_screen_px / 12.0, 2, 6))


def noise_field(
    kind: str,
    sx: np.ndarray,
    sy: np.ndarray,
    feature_px: float,
    octaves: int,
    t: float,
    seed: int,
    frame_height: float,
) -> np.ndarray:
    """The 0..1 value of a noise kind at scene points (``sx``, ``sy``) at animated time ``t``."""
    x = (sx / feature_px).astype(np.float32)
    y = (sy / feature_px).astype(np.float32)
    if kind == "clouds":
        v = fbm(x - np.float32(0.6 * t), y, 0.35 * t, seed, octaves)
        return np.clip(0.5 + 0.85 * v, 0.0, 1.0) ** 1.3
    if kind == "water":
        wx, wy = 0.45 * x, 1.6 * y
        warp = fbm(wx + np.float32(0.2 * t), wy, 0.3 * t, seed + 11, min(octaves, 3))
        swell = fbm(wx + 1.5 * warp, wy - np.float32(0.4 * t), 0.5 * t, seed, octaves)
        ridge = (1.0 - np.abs(gradient_noise(2.0 * wx + 2.0 * warp, 2.0 * wy, 0.8 * t, seed + 5))) ** 6
        return np.clip(0.45 + 0.45 * swell + 0.35 * ridge, 0.0, 1.0)
    if kind == "fire":
        rise = np.float32(1.6 * t)
        # Squashing y stretches features upward into tongues of flame.
        v = fbm(1.3 * x, 0.55 * y + rise, 0.9 * t, seed, octaves)
        height = (sy / frame_height).astype(np.float32)  # 0 at the top, 1 at the bottom
        return np.clip(1.6 * height - 0.55 + 0.75 * v, 0.0, 1.0)
    if kind == "marble":
        turb = fbm(x, y, 0.15 * t, seed, octaves)
        veins = np.sin((x + 0.6 * y) * np.float32(math.pi) + 4.0 * turb)
        return (0.5 + 0.5 * veins) ** 0.6
    raise RasterError(f"unknown noise kind {kind!r}; expected one of {', '.join(NOISE_KINDS)}")


def noise(
    frame_size: Sequence[int],
    kind: str = "clouds",
    feature_size_px: float = 144.0,
    octaves: int = 4,
    colors: Sequence[Sequence[float]] = (),
    speed: float = 0.1,
    t_s: float = 0.0,
    seed: int = 0,
    *,
    affine: Affine = IDENTITY,
) -> Patch:
    """A full-frame noise texture; empty ``colors`` picks the kind's default ramp."""
    width, height = check_size(frame_size)
    if kind not in NOISE_KINDS:
        raise RasterError(f"unknown noise kind {kind!r}; expected one of {', '.join(NOISE_KINDS)}")
    if not 1 <= int(octaves) <= 8 or int(octaves) != octaves:
        raise RasterError(f"noise octaves must be an integer 1..8, got {octaves}")
    if feature_size_px <= 0:
        raise RasterError(f"noise feature size must be positive, got {feature_size_px}")
    lut = ramp_lut(list(colors) if len(colors) else list(DEFAULT_NOISE_COLORS[kind]))
    t = float(t_s) * float(speed) * TIME_RATE
    if kind == "grain":
        value = _grain(width, height, feature_size_px * affine.linear_scale(), t_s, speed, seed)
        return Patch(0, 0, lut_fill(value, lut, (height, width), dither=False))
    feature_screen = feature_size_px * affine.linear_scale()
    step = _cell_step(feature_screen)
    # Octaves finer than four coarse cells would turn blocky under bilinear
    # upsampling (and add little), so they are dropped.
    usable = max(1, min(int(octaves), 1 + int(math.log2(max(feature_screen / (4.0 * step), 1.0)))))
    cols, rows = -(-width // step), -(-height // step)
    inv = affine.inverse()
    cx = (np.arange(cols, dtype=np.float64) + 0.5) * step
    cy = (np.arange(rows, dtype=np.float64) + 0.5) * step
    sx = inv.a * cx[None, :] + (inv.b * cy[:, None] + inv.c)
    sy = inv.d * cx[None, :] + (inv.e * cy[:, None] + inv.f)
    small = noise_field(kind, sx, sy, feature_size_px, usable, t, seed, float(height))
    value = upsample(small.astype(np.float32), height, width, step)
    return Patch(0, 0, lut_fill(value, lut, (height, width), dither=True))


def _grain(width: int, height: int, feature_screen: float, t_s: float, speed: float, seed: int) -> np.ndarray:
    """Film grain: an independent value per small cell, redrawn at 24 ticks a second x 10 x speed."""
    cell = int(np.clip(round(feature_screen / 64.0), 1, 4))
    tick = int(math.floor(t_s * 240.0 * max(speed, 0.0)))
    cols, rows = -(-width // cell), -(-height // cell)
    ix = np.arange(cols, dtype=np.int64)[None, :]
    iy = np.arange(rows, dtype=np.int64)[:, None]
    # Two uniforms summed give a softer, grain-like triangular distribution.
    v = 0.5 * (hash_unit(ix, iy, tick, seed) + hash_unit(ix, iy, tick, seed + 1))
    if cell > 1:
        v = np.repeat(np.repeat(v, cell, axis=0), cell, axis=1)
    return v[:height, :width]
