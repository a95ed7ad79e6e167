"""Color grading: a color matrix, per-channel curves, bloom, vignette and grain.

The compiler reduces a shot's grade operations (exposure, contrast, lift,
LUT names, ...) to a `Grade`: a 3x4 matrix applied first, then three 256-entry
curves (linearly interpolated), then bloom (blurred highlights added back at
quarter resolution), vignette and seeded film grain. Grades interpolate with
`lerp_grade` so transitions between differently graded shots glide.

Matrix, curves and vignette are per pixel (`Grade.is_local`), so a grade
without bloom or grain can be applied to a rectangle of a frame
(`apply_grade(..., window=...)`) and gives exactly the pixels grading the
whole frame gives there: the renderer regrades only what moved. The matrix
is applied channel by channel with elementwise float32 arithmetic, not a
BLAS product, so no pixel depends on how many others are graded with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from scenec.runtime.raster.buffer import RasterError
from scenec.runtime.raster.composite import blur_buffer
from scenec.runtime.raster.noisegen import upsample

__all__ = ["Grade", "lerp_grade", "apply_grade"]

_IDENTITY_CURVE = np.linspace(0.0, 1.0, 256, dtype=np.float32)
_IDENTITY_MATRIX = np.hstack([np.eye(3), np.zeros((3, 1))]).astype(np.float32)


def _frozen(arr, shape: tuple[int, ...], what: str) -> np.ndarray:
    out = np.array(arr, dtype=np.float32)
    if out.shape != shape:
        raise RasterError(f"grade {what} must have shape {shape}, got {out.shape}")
    if not np.isfinite(out).all():
        raise RasterError(f"grade {what} contains a non-finite value")
    out.flags.writeable = False
    return out


@dataclass(frozen=True, slots=True, eq=False)
class Grade:
    """A compiled grade; arrays are copied and made read-only on construction."""

    curves: np.ndarray  # (3, 256) output per input level, per channel
    matrix: np.ndarray  # (3, 4) rgb' = M[:, :3] @ rgb + M[:, 3]
    vignette: float = 0.0
    grain: float = 0.0
    bloom: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "curves", _frozen(self.curves, (3, 256), "curves"))
        object.__setattr__(self, "matrix", _frozen(self.matrix, (3, 4), "matrix"))
        for name in ("vignette", "grain", "bloom"):
            value = float(getattr(self, name))
            if not 0.0 <= value <= 1.0:
                raise RasterError(f"grade {name} must lie in 0..1, got {value}")
            object.__setattr__(self, name, value)

    @staticmethod
    def identity() -> Grade:
        return Grade(np.tile(_IDENTITY_CURVE, (3, 1)), _IDENTITY_MATRIX)

    def is_local(self) -> bool:
        """Each output pixel depends on that pixel alone (no bloom, no grain)."""
        return self.bloom == 0.0 and self.grain == 0.0

    def is_identity(self) -> bool:
        return (
            self.vignette == 0.0 and self.grain == 0.0 and self.bloom == 0.0
            and np.array_equal(self.matrix, _IDENTITY_MATRIX)
            and np.allclose(self.curves, _IDENTITY_CURVE[None], atol=1e-7)
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return (
            np.array_equal(self.curves, other.curves) and np.array_equal(self.matrix, other.matrix)
            and (self.vignette, self.grain, self.bloom) == (other.vignette, other.grain, other.bloom)
        )

    __hash__ = None  # type: ignore[assignment]


def lerp_grade(a: Grade, b: Grade, t: float) -> Grade:
    """The grade ``t`` (0..1) of the way from ``a`` to ``b``, every part linearly."""
    t = min(max(float(t), 0.0), 1.0)
    mix = lambda x, y: x + (y - x) * t  # noqa: E731
    return Grade(
        mix(a.curves, b.curves), mix(a.matrix, b.matrix),
        mix(a.vignette, b.vignette), mix(a.grain, b.grain), mix(a.bloom, b.bloom),
    )


FINE_LEVELS = 4096


def _apply_curves(rgb: np.ndarray, curves: np.ndarray) -> np.ndarray:
    """Curves through a 4096-level table: one gather per channel, far below 8-bit error."""
    levels = np.linspace(0.0, 1.0, FINE_LEVELS)
    knots = np.linspace(0.0, 1.0, 256)
    out = np.empty_like(rgb)
    for c in range(3):
        fine = np.interp(levels, knots, curves[c]).astype(np.float32)
        pos = rgb[c] * np.float32(FINE_LEVELS - 1)
        pos += np.float32(0.5)
        # Levels are clamped before the cast: a grade pushed to extremes gives infinite ones, which
        # would cast to a wrapped index. A level that is not a number casts (quietly) to an index
        # the take's clip sends to the curve's low end.
        np.clip(pos, np.float32(0), np.float32(FINE_LEVELS - 1), out=pos)
        with np.errstate(invalid="ignore"):
            index = pos.astype(np.int32)
        np.take(fine, index, out=out[c], mode="clip")
    return out


@lru_cache(maxsize=8)
def _vignette_map(height: int, width: int) -> np.ndarray:
    ys = (np.arange(height, dtype=np.float32) + 0.5) / height * 2 - 1
    xs = (np.arange(width, dtype=np.float32) + 0.5) / width * 2 - 1
    d = np.sqrt(xs[None, :] ** 2 + ys[:, None] ** 2) / np.sqrt(2.0)
    t = np.clip((d - 0.3) / 0.7, 0.0, 1.0)
    out = (t * t * (3 - 2 * t)).astype(np.float32)
    out.flags.writeable = False
    return out


def _pool(data: np.ndarray, k: int) -> np.ndarray:
    """Mean of each k×k cell of a (C, h, w) buffer whose sides are multiples of k.

    Sums of strided slices: ten times faster than `reshape(...).mean(axis=(2, 4))`,
    whose reduction over two non-contiguous axes is numpy's slow path."""
    c, h, w = data.shape
    rows = data.reshape(c, h // k, k, w)
    acc = rows[:, :, 0].copy()
    for i in range(1, k):
        acc += rows[:, :, i]
    cols = acc.reshape(c, h // k, w // k, k)
    out = cols[..., 0].copy()
    for i in range(1, k):
        out += cols[..., i]
    out *= np.float32(1.0 / (k * k))
    return out


def _bloom(rgb: np.ndarray, amount: float) -> np.ndarray:
    """Highlights above a soft threshold, blurred wide at quarter resolution.

    The threshold is taken at full resolution (a star's few bright pixels must
    glow); everything after it runs on the pooled quarter-size picture."""
    _, h, w = rgb.shape
    k = 4 if h >= 8 and w >= 8 else 1
    ch, cw = h // k * k, w // k * k  # the last few rows and columns add nothing a wide blur would show
    crop = rgb[:, :ch, :cw]
    luma = 0.2126 * crop[0] + 0.7152 * crop[1] + 0.0722 * crop[2]
    weight = np.clip((luma - 0.6) * np.float32(2.5), 0.0, 1.0)
    bright = crop * weight[None]
    small = _pool(bright, k)
    small = blur_buffer(small, max(1.0, 0.03 * min(h, w) / k))
    small *= np.float32(1.5 * amount)
    return np.stack([upsample(small[c], h, w, k) for c in range(3)])


def _apply_matrix(rgb: np.ndarray, m: np.ndarray) -> np.ndarray:
    """rgb' = M[:, :3] @ rgb + M[:, 3], per pixel in a fixed order of float32 operations."""
    out = np.empty_like(rgb)
    scratch = np.empty_like(rgb[0])
    for c in range(3):
        np.multiply(rgb[0], m[c, 0], out=out[c])
        for k in (1, 2):
            np.multiply(rgb[k], m[c, k], out=scratch)
            out[c] += scratch
        out[c] += m[c, 3]
    return out


def _check_window(window: tuple[int, int, int, int], grade: Grade, h: int, w: int) -> tuple[int, int, int, int]:
    x0, y0, frame_w, frame_h = (int(v) for v in window)
    if not grade.is_local():
        raise RasterError("a grade with bloom or grain depends on the whole frame; it cannot grade a window")
    if x0 < 0 or y0 < 0 or x0 + w > frame_w or y0 + h > frame_h:
        raise RasterError(f"a {w}x{h} window at ({x0}, {y0}) does not fit a {frame_w}x{frame_h} frame")
    return x0, y0, frame_w, frame_h


def apply_grade(frame_rgb: np.ndarray, grade: Grade, *, seed: int = 0, frame_index: int = 0,
                window: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """The graded copy of a flat ``(3, H, W)`` float frame, clipped to 0..1.

    With ``window=(x0, y0, frame_w, frame_h)`` the input is the rectangle at
    (x0, y0) of a frame_w x frame_h frame, graded as it would be inside that
    frame (the vignette is placed by the whole frame); only a local grade
    (`Grade.is_local`) can be applied this way."""
    if frame_rgb.ndim != 3 or frame_rgb.shape[0] != 3:
        raise RasterError(f"apply_grade needs a (3, H, W) frame, got {frame_rgb.shape}")
    _, h, w = frame_rgb.shape
    x0, y0, frame_w, frame_h = (0, 0, w, h) if window is None else _check_window(window, grade, h, w)
    rgb = frame_rgb.astype(np.float32, copy=True)
    if not np.array_equal(grade.matrix, _IDENTITY_MATRIX):
        rgb = _apply_matrix(rgb, grade.matrix)
    if not np.allclose(grade.curves, _IDENTITY_CURVE[None], atol=1e-7):
        rgb = _apply_curves(rgb, grade.curves)
    if grade.bloom > 0:
        rgb += _bloom(np.clip(rgb, 0.0, 1.0), grade.bloom)
    if grade.vignette > 0:
        rgb *= 1.0 - np.float32(grade.vignette) * _vignette_map(frame_h, frame_w)[None, y0:y0 + h, x0:x0 + w]
    if grade.grain > 0:
        rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, int(frame_index) & 0xFFFFFFFF])
        luma = np.clip(0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2], 0.0, 1.0)
        # Grain shows most in the midtones, as on film.
        amp = np.float32(0.1 * grade.grain) * (0.35 + 2.6 * luma * (1.0 - luma))
        rgb += (rng.standard_normal((h, w), dtype=np.float32) * amp)[None]
    return np.clip(rgb, 0.0, 1.0, out=rgb)
