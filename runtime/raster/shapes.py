"""Round primitives drawn by signed distance: rect, circle, ellipse.

Pixel centres of the screen box are mapped back to scene space through the
inverse affine, the shape's signed distance is taken there and scaled to
screen pixels with the affine's linear scale, so rotation, zoom and roll
stay exact and every edge gets the same one-pixel anti-aliasing ramp.
Strokes are centred on the outline and painted over the fill.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from scenec.runtime.raster.affine import Affine
from scenec.runtime.raster.buffer import Patch, RasterError, premultiplied
from scenec.runtime.raster.coverage import Box, check_size, coverage, paint, scene_grid, screen_box

__all__ = ["rect", "circle", "ellipse", "Color", "WHITE", "IDENTITY", "outline", "stroke_color"]

Color = Sequence[float] | None
WHITE = (1.0, 1.0, 1.0, 1.0)
IDENTITY = Affine()
AA_PAD_PX = 2.0


# Sizes, radii and widths below zero draw nothing, as zero does: a scene may write one (`size: (-1%, 24%)`
# checks: a vec may be negative) and an easing that overshoots (`out-elastic`, `in-back`) passes through one.


def stroke_color(stroke: Color, stroke_width: float) -> np.ndarray | None:
    if stroke is None or not stroke_width > 0:
        return None
    return premultiplied(stroke, "stroke")


def fill_color(fill: Color) -> np.ndarray | None:
    return None if fill is None else premultiplied(fill, "fill")


def outline(
    box: Box, dist_scene: np.ndarray, scale: float, fill: np.ndarray | None, stroke: np.ndarray | None, stroke_width: float
) -> Patch | None:
    """Paint a fill and centred stroke from a scene-unit signed distance field."""
    dist_px = dist_scene * scale
    fill_cov = coverage(dist_px) if fill is not None else None
    stroke_cov = None
    if stroke is not None:
        stroke_cov = coverage(np.abs(dist_px) - 0.5 * stroke_width * scale)
    return paint(box, fill_cov, fill, stroke_cov, stroke)


def _centre(at: Sequence[float]) -> tuple[float, float]:
    try:
        x, y = (float(v) for v in at)
    except (TypeError, ValueError):
        raise RasterError(f"a position must be (x, y), got {at!r}") from None
    return x, y


def _pad(affine: Affine, stroke_width: float) -> float:
    return AA_PAD_PX + 0.5 * stroke_width * affine.linear_scale()


def rect(
    frame_size: Sequence[int],
    at: Sequence[float],
    size: Sequence[float],
    *,
    fill: Color = WHITE,
    stroke: Color = None,
    stroke_width: float = 0.0,
    radius: float = 0.0,
    affine: Affine = IDENTITY,
) -> Patch | None:
    """A rectangle centred on ``at`` of ``size`` (w, h), corners rounded by ``radius``."""
    frame = check_size(frame_size)
    cx, cy = _centre(at)
    hw, hh = (0.5 * float(v) for v in size)
    if not (hw >= 0 and hh >= 0):
        return None
    radius = max(0.0, float(radius))
    fill_c, stroke_c = fill_color(fill), stroke_color(stroke, stroke_width)
    if (fill_c is None and stroke_c is None) or affine.is_degenerate():
        return None
    r = min(float(radius), hw, hh)
    box = screen_box(affine, cx - hw, cy - hh, cx + hw, cy + hh, _pad(affine, stroke_width), frame)
    if box is None:
        return None
    sx, sy = scene_grid(box, affine)
    qx = np.abs(sx - cx) - hw + r
    qy = np.abs(sy - cy) - hh + r
    outside = np.hypot(np.maximum(qx, 0.0), np.maximum(qy, 0.0))
    dist = outside + np.minimum(np.maximum(qx, qy), 0.0) - r
    return outline(box, dist, affine.linear_scale(), fill_c, stroke_c, stroke_width)


def circle(
    frame_size: Sequence[int],
    at: Sequence[float],
    radius: float,
    *,
    fill: Color = WHITE,
    stroke: Color = None,
    stroke_width: float = 0.0,
    glow: float = 0.0,
    affine: Affine = IDENTITY,
) -> Patch | None:
    """A disc of ``radius`` around ``at``; ``glow`` 0..1 adds a soft halo outside the edge."""
    frame = check_size(frame_size)
    cx, cy = _centre(at)
    if not radius >= 0:
        return None
    glow = min(1.0, max(0.0, float(glow)))  # an overshooting easing may carry it past either end
    fill_c, stroke_c = fill_color(fill), stroke_color(stroke, stroke_width)
    if (fill_c is None and stroke_c is None) or affine.is_degenerate():
        return None
    scale = affine.linear_scale()
    # The halo reaches out by up to 1.5 radii, in scene units, and at least a few pixels.
    halo = glow * (1.5 * radius + 4.0 / scale) if glow > 0 else 0.0
    reach = radius + halo
    pad = _pad(affine, stroke_width)
    box = screen_box(affine, cx - reach, cy - reach, cx + reach, cy + reach, pad, frame)
    if box is None:
        return None
    sx, sy = scene_grid(box, affine)
    dist = np.hypot(sx - cx, sy - cy) - radius
    patch = outline(box, dist, scale, fill_c, stroke_c, stroke_width)
    if halo <= 0:
        return patch
    halo_color = fill_c if fill_c is not None else stroke_c
    s = np.clip(dist / halo, 0.0, 1.0)
    # A smooth power falloff reaches exactly zero at the halo's rim, so the box holds all of it.
    strength = (glow * 0.85 * (1.0 - s) ** 2.5).astype(np.float32)
    strength[dist < 0] = glow * 0.85
    data = halo_color[:, None, None] * strength[None]
    if patch is not None:
        data = patch.data + data * (1.0 - patch.data[3])[None]
    if not data[3].any():
        return None
    return Patch(box[0], box[1], data.astype(np.float32, copy=False))


# An ellipse thinner than this (in scene pixels) covers nothing an 8-bit frame can show; below
# it, r * r underflows to zero and the distance estimate turns to NaN, painting garbage.
MIN_RADIUS = 1e-6


def ellipse(
    frame_size: Sequence[int],
    at: Sequence[float],
    size: Sequence[float],
    *,
    fill: Color = WHITE,
    stroke: Color = None,
    stroke_width: float = 0.0,
    affine: Affine = IDENTITY,
) -> Patch | None:
    """An axis-aligned (in scene space) ellipse centred on ``at`` with full ``size`` (w, h)."""
    frame = check_size(frame_size)
    cx, cy = _centre(at)
    rx, ry = (0.5 * float(v) for v in size)
    if not (rx >= 0 and ry >= 0):
        return None
    fill_c, stroke_c = fill_color(fill), stroke_color(stroke, stroke_width)
    if (fill_c is None and stroke_c is None) or affine.is_degenerate() or min(rx, ry) < MIN_RADIUS:
        return None
    box = screen_box(affine, cx - rx, cy - ry, cx + rx, cy + ry, _pad(affine, stroke_width), frame)
    if box is None:
        return None
    sx, sy = scene_grid(box, affine)
    px, py = sx - cx, sy - cy
    # Distance estimate f/|grad f| for f = |p/r| - 1 (after Inigo Quilez): exact on
    # the outline, and within a fraction of a pixel of it over the AA ramp.
    k0 = np.hypot(px / rx, py / ry)
    k1 = np.hypot(px / (rx * rx), py / (ry * ry))
    with np.errstate(divide="ignore", invalid="ignore"):
        dist = np.where(k1 > 1e-12, k0 * (k0 - 1.0) / np.maximum(k1, 1e-12), -min(rx, ry))
    return outline(box, dist, affine.linear_scale(), fill_c, stroke_c, stroke_width)
