"""Compiling a segment's `GradePlan` into the raster's `Grade`.

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

The plan carries a LUT as its numbers (`lut_matrix`, `curve_r/g/b/all`),
which the compiler took from the knowledge registry; the runtime knows no
LUT names. Curve control points are joined linearly.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from scenec.compiler.plan import CurvePoints, GradePlan, PlanError
from scenec.runtime.raster import Grade

__all__ = ["compile_grade"]

_LUMA = np.array([0.2126, 0.7152, 0.0722])
_LEVELS = np.linspace(0.0, 1.0, 256)
# How far warm(1) / tint(1) push the channels: clearly visible, not garish.
_WARM_GAIN = 0.12
_TINT_GAIN = 0.08


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


def _curve(points: CurvePoints | None, x: np.ndarray) -> np.ndarray:
    if points is None:
        return x
    xs, ys = zip(*points)
    return np.interp(x, xs, ys)


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
    matrix = _primary(plan)
    if plan.lut_matrix is not None:
        lut = np.array(plan.lut_matrix)
        matrix = _affine4(lut[:, :3], lut[:, 3]) @ matrix
    x = _LEVELS
    curves = []
    for channel, curve in enumerate((plan.curve_r, plan.curve_g, plan.curve_b)):
        lift, gain = plan.lift[channel], plan.gain[channel]
        lifted = np.clip(x + lift * (1.0 - x), 0.0, None)
        y = gain * lifted ** (1.0 / plan.gamma)
        y = _curve(curve, np.clip(y, 0.0, 1.0))
        curves.append(_curve(plan.curve_all, y))
    return Grade(np.array(curves), matrix[:3, :], plan.vignette, plan.grain, plan.bloom)
