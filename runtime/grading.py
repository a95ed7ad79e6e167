"""Compiling a segment's `GradePlan` into the raster's `Grade`, and the named LUTs.

All grading works on display sRGB values 0..1. The raster applies a 3x4
matrix, then per-channel curves, so a plan is reduced to:

- matrix = LUT matrix @ contrast @ saturation @ white balance @ exposure
  (exposure scales by 2**(EV/2.2), the display-space equivalent of EV stops
  in light; warm > 0 raises red and lowers blue; tint > 0 is magenta,
  lowering green; saturation mixes with Rec. 709 luma; contrast pivots on
  mid grey 0.5);
- curves = LUT `all` curve after LUT channel curves after lift/gamma/gain
  (``gain * (x + lift * (1 - x)) ** (1 / gamma)`` per channel). Lift, gamma
  and gain thus apply after the LUT's matrix (a `mono` LUT with a blue lift
  gives blue shadows), and the LUT's curves last, as luts.yaml defines them.

The LUT definitions mirror `knowledge/data/luts.yaml` (the runtime does not
read the knowledge registry; a test checks that the two agree). Curve
control points are joined linearly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from scenec.compiler.plan import GradePlan, PlanError
from scenec.runtime.raster import Grade

__all__ = ["LUTS", "Lut", "compile_grade", "lut_names"]

Points = tuple[tuple[float, float], ...]
Row = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Lut:
    """A color look: a 3x4 matrix (rows r, g, b = [r, g, b, offset]) then curves."""

    matrix: tuple[Row, Row, Row] | None = None
    r: Points | None = None
    g: Points | None = None
    b: Points | None = None
    all: Points | None = None


LUTS: dict[str, Lut] = {
    "teal-orange": Lut(
        r=((0, 0), (0.25, 0.19), (0.5, 0.5), (0.75, 0.81), (1, 1)),
        g=((0, 0.02), (0.5, 0.5), (1, 0.98)),
        b=((0, 0.08), (0.25, 0.32), (0.5, 0.5), (0.75, 0.68), (1, 0.92)),
    ),
    "bleach-bypass": Lut(
        matrix=((0.6063, 0.3576, 0.0361, 0), (0.1063, 0.8576, 0.0361, 0), (0.1063, 0.3576, 0.5361, 0)),
        all=((0, 0), (0.25, 0.16), (0.5, 0.5), (0.75, 0.86), (1, 1)),
    ),
    "sepia": Lut(
        matrix=((0.2275, 0.7653, 0.0773, 0.02), (0.1892, 0.6365, 0.0643, 0.01), (0.1446, 0.4863, 0.0491, 0)),
        all=((0, 0.04), (1, 0.96)),
    ),
    "mono": Lut(
        matrix=((0.2126, 0.7152, 0.0722, 0), (0.2126, 0.7152, 0.0722, 0), (0.2126, 0.7152, 0.0722, 0)),
    ),
    "warm-film": Lut(
        matrix=((1.05, 0.02, 0, 0.01), (0, 1.0, 0, 0.005), (0, 0.02, 0.9, 0)),
        all=((0, 0.03), (0.25, 0.24), (0.5, 0.51), (0.75, 0.78), (1, 0.97)),
    ),
    "cold": Lut(
        matrix=((0.9, 0.02, 0, 0), (0, 1.0, 0.02, 0), (0, 0.03, 1.08, 0.02)),
    ),
    "cross-process": Lut(
        r=((0, 0), (0.25, 0.15), (0.5, 0.5), (0.75, 0.85), (1, 1)),
        g=((0, 0.05), (0.25, 0.2), (0.5, 0.52), (0.75, 0.82), (1, 0.98)),
        b=((0, 0.2), (0.5, 0.45), (1, 0.75)),
    ),
}

_LUMA = np.array([0.2126, 0.7152, 0.0722])
_LEVELS = np.linspace(0.0, 1.0, 256)
# How far warm(1) / tint(1) push the channels: clearly visible, not garish.
_WARM_GAIN = 0.12
_TINT_GAIN = 0.08


def lut_names() -> tuple[str, ...]:
    return tuple(LUTS)


def _affine4(linear: np.ndarray, offset: np.ndarray | None = None) -> np.ndarray:
    m = np.eye(4)
    m[:3, :3] = linear
    if offset is not None:
        m[:3, 3] = offset
    return m


def _primary(plan: GradePlan) -> np.ndarray:
    """The 4x4 homogeneous matrix of exposure, white balance, saturation and contrast."""
    exposure = _affine4(np.eye(3) * 2.0 ** (plan.exposure / 2.2))
    t, tint = plan.temperature, plan.tint
    balance = _affine4(np.diag([1.0 + _WARM_GAIN * t, 1.0 - _TINT_GAIN * tint, 1.0 - _WARM_GAIN * t]))
    s = plan.saturation
    saturation = _affine4(s * np.eye(3) + (1.0 - s) * np.tile(_LUMA, (3, 1)))
    c = plan.contrast
    contrast = _affine4(np.eye(3) * c, np.full(3, 0.5 * (1.0 - c)))
    return contrast @ saturation @ balance @ exposure


def _curve(points: Points | None, x: np.ndarray) -> np.ndarray:
    if points is None:
        return x
    xs, ys = zip(*points)
    return np.interp(x, xs, ys)


def _lut(name: str | None) -> Lut:
    if name is None:
        return Lut()
    try:
        return LUTS[name]
    except KeyError:
        raise PlanError(f"unknown LUT {name!r}; expected one of {', '.join(LUTS)}", "grade.lut") from None


@lru_cache(maxsize=64)
def compile_grade(plan: GradePlan) -> Grade:
    """The raster `Grade` of a plan's grade (cached: plans are hashable, Grades are not)."""
    for name in ("vignette", "grain", "bloom"):
        value = getattr(plan, name)
        if not 0.0 <= value <= 1.0:
            raise PlanError(f"grade {name} must lie in 0..1, found {value}", f"grade.{name}")
    if plan.gamma <= 0:
        raise PlanError(f"grade gamma must be > 0, found {plan.gamma}", "grade.gamma")
    if plan.is_identity:
        return Grade.identity()
    lut = _lut(plan.lut)
    matrix = _primary(plan)
    if lut.matrix is not None:
        matrix = _affine4(np.array(lut.matrix)[:, :3], np.array(lut.matrix)[:, 3]) @ matrix
    x = _LEVELS
    curves = []
    for channel, name in enumerate("rgb"):
        lift, gain = plan.lift[channel], plan.gain[channel]
        lifted = np.clip(x + lift * (1.0 - x), 0.0, None)
        y = gain * lifted ** (1.0 / plan.gamma)
        y = _curve(getattr(lut, name), np.clip(y, 0.0, 1.0))
        curves.append(_curve(lut.all, y))
    return Grade(np.array(curves), matrix[:3, :], plan.vignette, plan.grain, plan.bloom)
