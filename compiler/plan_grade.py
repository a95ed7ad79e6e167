"""The grade half of a segment in the render plan: primary grading and the LUT as numbers.

The compiler's lighting pass looks a scene's LUT up in the knowledge
registry and writes its matrix and curves here, never its name, so a plan
grades with no registry and a LUT from a user's overlay grades like a
built-in one. Split from `plan.py`, which re-exports every name; invariants
are checked at construction and raise `PlanError`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeAlias

from scenec.compiler.plan_kinds import PlanError

__all__ = ["RGB", "CurvePoints", "GradePlan", "LutMatrix"]

RGB: TypeAlias = tuple[float, float, float]
# A LUT's 3x4 color matrix: rows give output r, g, b as [r, g, b, offset] of the input.
LutMatrix: TypeAlias = tuple[tuple[float, float, float, float], tuple[float, float, float, float],
                             tuple[float, float, float, float]]
# A tone curve: (x, y) control points over 0..1, x strictly increasing from 0 to 1, joined linearly.
CurvePoints: TypeAlias = tuple[tuple[float, float], ...]


def _require(condition: bool, message: str, path: str = "") -> None:
    if not condition:
        raise PlanError(message, path)


def _check_curve(points: CurvePoints | None, path: str) -> None:
    if points is None:
        return
    xs = [x for x, _ in points]
    _require(len(points) >= 2 and xs[0] == 0.0 and xs[-1] == 1.0, "a curve's points must run from x = 0 to x = 1", path)
    _require(all(a < b for a, b in zip(xs, xs[1:])), "a curve's x values must strictly increase", path)
    _require(all(math.isfinite(y) for _, y in points), "a curve's y values must be finite", path)


@dataclass(frozen=True, slots=True)
class GradePlan:
    """The combined grade of a segment; the defaults are the identity.

    The LUT the scene named arrives as its numbers: `lut_matrix` (applied
    after the primary grade) and the tone curves `curve_r`, `curve_g`,
    `curve_b`, then `curve_all` (applied after lift, gamma and gain).
    """

    exposure: float = 0.0  # EV
    contrast: float = 1.0
    saturation: float = 1.0
    temperature: float = 0.0  # warm > 0, cool < 0
    tint: float = 0.0
    lift: RGB = (0.0, 0.0, 0.0)
    gamma: float = 1.0
    gain: RGB = (1.0, 1.0, 1.0)
    vignette: float = 0.0
    grain: float = 0.0
    bloom: float = 0.0
    lut_matrix: LutMatrix | None = None
    curve_r: CurvePoints | None = None
    curve_g: CurvePoints | None = None
    curve_b: CurvePoints | None = None
    curve_all: CurvePoints | None = None

    def __post_init__(self) -> None:
        if self.lut_matrix is not None:
            _require(all(math.isfinite(v) for row in self.lut_matrix for v in row), "LUT matrix values must be finite", "lut_matrix")
        for name in ("curve_r", "curve_g", "curve_b", "curve_all"):
            _check_curve(getattr(self, name), name)

    @property
    def is_identity(self) -> bool:
        return self == GradePlan()
