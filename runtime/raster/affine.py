"""2-D affine transforms from scene pixels to screen pixels.

An `Affine` ``(a, b, c, d, e, f)`` maps a scene point ``(x, y)`` (pixels of
the unscaled frame, origin top-left, y down) to the screen point
``(a*x + b*y + c, d*x + e*y + f)``. ``A @ B`` applies ``B`` first, as with
matrices. Positive angles turn clockwise on screen because y points down.
Layer modifiers and the camera are each one `Affine`, composed by the caller.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scenec.runtime.raster.buffer import RasterError

__all__ = ["Affine"]


@dataclass(frozen=True, slots=True)
class Affine:
    """A 2x3 matrix ``[[a, b, c], [d, e, f]]`` from scene to screen pixels."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 0.0
    e: float = 1.0
    f: float = 0.0

    @staticmethod
    def identity() -> Affine:
        return Affine()

    @staticmethod
    def translate(dx: float, dy: float) -> Affine:
        return Affine(1.0, 0.0, float(dx), 0.0, 1.0, float(dy))

    @staticmethod
    def scale(sx: float, sy: float | None = None, about: tuple[float, float] = (0.0, 0.0)) -> Affine:
        sy = sx if sy is None else sy
        px, py = about
        return Affine(float(sx), 0.0, px - sx * px, 0.0, float(sy), py - sy * py)

    @staticmethod
    def rotate(angle_deg: float, about: tuple[float, float] = (0.0, 0.0)) -> Affine:
        rad = math.radians(angle_deg)
        cos, sin = math.cos(rad), math.sin(rad)
        px, py = about
        return Affine(cos, -sin, px - cos * px + sin * py, sin, cos, py - sin * px - cos * py)

    def compose(self, other: Affine) -> Affine:
        """``self @ other``: apply ``other`` first, then ``self``."""
        return Affine(
            self.a * other.a + self.b * other.d,
            self.a * other.b + self.b * other.e,
            self.a * other.c + self.b * other.f + self.c,
            self.d * other.a + self.e * other.d,
            self.d * other.b + self.e * other.e,
            self.d * other.c + self.e * other.f + self.f,
        )

    def __matmul__(self, other: Affine) -> Affine:
        return self.compose(other)

    def determinant(self) -> float:
        return self.a * self.e - self.b * self.d

    def inverse(self) -> Affine:
        det = self.determinant()
        if abs(det) < 1e-12:
            raise RasterError("the transform is degenerate (scale 0?) and cannot be inverted")
        ia, ib = self.e / det, -self.b / det
        id_, ie = -self.d / det, self.a / det
        return Affine(ia, ib, -(ia * self.c + ib * self.f), id_, ie, -(id_ * self.c + ie * self.f))

    def apply(self, x, y):
        """Map points; ``x`` and ``y`` may be floats or broadcastable arrays."""
        return (self.a * x + self.b * y + self.c, self.d * x + self.e * y + self.f)

    def apply_vector(self, x, y):
        """Map directions (the linear part only, no translation)."""
        return (self.a * x + self.b * y, self.d * x + self.e * y)

    def linear_scale(self) -> float:
        """How many screen pixels one scene pixel spans on average: sqrt(|det|)."""
        return math.sqrt(abs(self.determinant()))

    def rotation_deg(self) -> float:
        """The angle the transform turns the scene's x axis by."""
        return math.degrees(math.atan2(self.d, self.a))

    def is_degenerate(self) -> bool:
        return abs(self.determinant()) < 1e-12

    def as_array(self) -> np.ndarray:
        return np.array([[self.a, self.b, self.c], [self.d, self.e, self.f]], dtype=np.float64)
