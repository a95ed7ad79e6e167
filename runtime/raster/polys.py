"""Straight-edged primitives: polygon, star, line and path.

Affine maps keep straight lines straight, so these transform their vertices
to the screen once and work there: fills by scanline accumulation of
fractional winding (even-odd or nonzero, exact horizontally, six sub-rows
vertically), strokes by the distance to each segment measured inside that
segment's own small box with a one-pixel anti-aliased ramp.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from scenec.runtime.raster.affine import Affine
from scenec.runtime.raster.buffer import Patch, RasterError, premultiplied
from scenec.runtime.raster.coverage import (
    as_points,
    check_size,
    coverage,
    fill_coverage,
    paint,
    points_box,
    polyline_distance,
)
from scenec.runtime.raster.shapes import IDENTITY, WHITE, Color, fill_color, stroke_color

__all__ = ["polygon", "star", "line", "path", "smooth_points", "FILL_RULES"]

FILL_RULES = ("evenodd", "nonzero")
AA_REACH_PX = 1.5


def polygon(
    frame_size: Sequence[int],
    points: Sequence[Sequence[float]],
    *,
    fill: Color = WHITE,
    stroke: Color = None,
    stroke_width: float = 0.0,
    fill_rule: str = "nonzero",
    affine: Affine = IDENTITY,
) -> Patch | None:
    """A closed polygon through scene ``points`` (at least 3)."""
    frame = check_size(frame_size)
    pts = as_points(points, 3, "polygon points")
    if fill_rule not in FILL_RULES:
        raise RasterError(f"unknown fill rule {fill_rule!r}; expected one of {', '.join(FILL_RULES)}")
    fill_c, stroke_c = fill_color(fill), stroke_color(stroke, stroke_width)
    if (fill_c is None and stroke_c is None) or affine.is_degenerate():
        return None
    xs, ys = affine.apply(pts[:, 0], pts[:, 1])
    half_stroke = 0.5 * stroke_width * affine.linear_scale() if stroke_c is not None else 0.0
    box = points_box(xs, ys, AA_REACH_PX + half_stroke + 1.0, frame)
    if box is None:
        return None
    fill_cov = fill_coverage(box, xs, ys, fill_rule) if fill_c is not None else None
    stroke_cov = None
    if stroke_c is not None:
        dist = polyline_distance(box, xs, ys, AA_REACH_PX + half_stroke, closed=True)
        stroke_cov = coverage(dist - half_stroke)
    return paint(box, fill_cov, fill_c, stroke_cov, stroke_c)


def star_points(at: Sequence[float], radius: float, points: int, inner: float) -> np.ndarray:
    """Vertices of a star with its first tip straight up, alternating outer and inner radius."""
    cx, cy = (float(v) for v in at)
    angles = -math.pi / 2 + np.arange(2 * points) * (math.pi / points)
    radii = np.where(np.arange(2 * points) % 2 == 0, radius, radius * inner)
    return np.stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)], axis=1)


def star(
    frame_size: Sequence[int],
    at: Sequence[float],
    radius: float,
    *,
    points: int = 5,
    inner: float = 0.5,
    fill: Color = WHITE,
    stroke: Color = None,
    stroke_width: float = 0.0,
    affine: Affine = IDENTITY,
) -> Patch | None:
    """A star of ``points`` tips (3..32), inner radius ``inner`` (0..1) of the outer one."""
    if not 3 <= int(points) <= 32 or int(points) != points:
        raise RasterError(f"a star needs 3..32 points, got {points}")
    if not 0.0 <= inner <= 1.0:
        raise RasterError(f"star inner ratio must lie in 0..1, got {inner}")
    if not radius > 0:  # below zero draws nothing, as zero does (see shapes.py)
        return None
    pts = star_points(at, radius, int(points), inner)
    return polygon(frame_size, pts, fill=fill, stroke=stroke, stroke_width=stroke_width, affine=affine)


def _stroke_polyline(
    frame_size: Sequence[int], pts: np.ndarray, width: float, color: Color, affine: Affine
) -> Patch | None:
    frame = check_size(frame_size)
    if color is None or not width > 0 or affine.is_degenerate():
        return None
    col = premultiplied(color, "line color")
    xs, ys = affine.apply(pts[:, 0], pts[:, 1])
    half = 0.5 * width * affine.linear_scale()
    box = points_box(xs, ys, half + AA_REACH_PX + 1.0, frame)
    if box is None:
        return None
    dist = polyline_distance(box, xs, ys, half + AA_REACH_PX, closed=False)
    return paint(box, coverage(dist - half), col)


def line(
    frame_size: Sequence[int],
    start: Sequence[float],
    end: Sequence[float],
    *,
    width: float = 2.0,
    color: Color = WHITE,
    affine: Affine = IDENTITY,
) -> Patch | None:
    """A straight stroke from ``start`` to ``end`` with round caps."""
    pts = as_points([start, end], 2, "line ends")
    return _stroke_polyline(frame_size, pts, width, color, affine)


def smooth_points(pts: np.ndarray, steps: int = 12) -> np.ndarray:
    """A Catmull-Rom spline through ``pts`` (uniform), sampled ``steps`` times per span."""
    if len(pts) < 3:
        return pts
    padded = np.vstack([2 * pts[0] - pts[1], pts, 2 * pts[-1] - pts[-2]])
    t = (np.arange(steps, dtype=np.float64) / steps)[:, None]
    t2, t3 = t * t, t * t * t
    spans = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        spans.append(
            0.5
            * (
                2 * p1
                + (p2 - p0) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2
                + (3 * p1 - p0 - 3 * p2 + p3) * t3
            )
        )
    spans.append(pts[-1:])
    return np.vstack(spans)


def path(
    frame_size: Sequence[int],
    points: Sequence[Sequence[float]],
    *,
    width: float = 2.0,
    color: Color = WHITE,
    smooth: bool = False,
    affine: Affine = IDENTITY,
) -> Patch | None:
    """An open polyline through ``points`` with round joins and caps; ``smooth`` curves it."""
    pts = as_points(points, 2, "path points")
    if smooth:
        # Enough samples that a chord never strays far from the curve on screen.
        span_px = float(np.max(np.hypot(*np.diff(pts, axis=0).T))) * affine.linear_scale()
        pts = smooth_points(pts, int(np.clip(span_px / 6.0, 4, 32)))
    return _stroke_polyline(frame_size, pts, width, color, affine)
