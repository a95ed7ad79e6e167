"""Shared geometry for the primitives: screen boxes, pixel grids, coverage.

Every primitive follows the same recipe: transform its scene bounding box to
the screen, pad it for anti-aliasing, stroke and glow, clip it to the frame,
then evaluate a signed distance (in screen pixels) at each pixel centre of
that box. `coverage` turns a distance into a one-pixel anti-aliased ramp.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from scenec.runtime.raster.affine import Affine
from scenec.runtime.raster.buffer import Patch, RasterError

__all__ = [
    "Box",
    "screen_box",
    "points_box",
    "scene_grid",
    "screen_grid",
    "coverage",
    "paint",
    "segment_distance",
    "fill_coverage",
    "polyline_distance",
    "check_size",
    "as_points",
]

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in screen pixels, right/bottom exclusive


def check_size(frame_size: Sequence[int]) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in frame_size)
    except (TypeError, ValueError):
        raise RasterError(f"frame size must be (width, height), got {frame_size!r}") from None
    if width < 1 or height < 1:
        raise RasterError(f"frame size must be positive, got {width}x{height}")
    return width, height


def as_points(points: Sequence[Sequence[float]], minimum: int, what: str) -> np.ndarray:
    """An (n, 2) float64 array of points, with at least ``minimum`` of them."""
    try:
        arr = np.asarray(points, dtype=np.float64)
    except (TypeError, ValueError):
        raise RasterError(f"{what} must be a list of (x, y) points") from None
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise RasterError(f"{what} must be a list of (x, y) points, got shape {arr.shape}")
    if len(arr) < minimum:
        raise RasterError(f"{what} needs at least {minimum} points, got {len(arr)}")
    if not np.isfinite(arr).all():
        raise RasterError(f"{what} contains a non-finite coordinate")
    return arr


def points_box(xs: np.ndarray, ys: np.ndarray, pad_px: float, frame_size: tuple[int, int]) -> Box | None:
    """The integer screen box around screen points, padded and clipped to the frame."""
    width, height = frame_size
    x0 = max(0, math.floor(float(np.min(xs)) - pad_px))
    y0 = max(0, math.floor(float(np.min(ys)) - pad_px))
    x1 = min(width, math.ceil(float(np.max(xs)) + pad_px))
    y1 = min(height, math.ceil(float(np.max(ys)) + pad_px))
    if x1 <= x0 or y1 <= y0:
        return None
    return (x0, y0, x1, y1)


def screen_box(
    affine: Affine, x0: float, y0: float, x1: float, y1: float, pad_px: float, frame_size: tuple[int, int]
) -> Box | None:
    """The screen box of a scene rectangle: its four corners transformed, padded, clipped."""
    xs, ys = affine.apply(np.array([x0, x1, x0, x1]), np.array([y0, y0, y1, y1]))
    return points_box(xs, ys, pad_px, frame_size)


def screen_grid(box: Box) -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates of a box as a row (1, w) and a column (h, 1)."""
    x0, y0, x1, y1 = box
    xs = np.arange(x0, x1, dtype=np.float64)[None, :] + 0.5
    ys = np.arange(y0, y1, dtype=np.float64)[:, None] + 0.5
    return xs, ys


def scene_grid(box: Box, affine: Affine) -> tuple[np.ndarray, np.ndarray]:
    """Scene coordinates of the pixel centres of a screen box, each (h, w)."""
    inv = affine.inverse()
    xs, ys = screen_grid(box)
    # An affine map is separable into a row term plus a column term, so the
    # full grids cost one broadcast add each instead of four multiplies.
    sx = (inv.a * xs) + (inv.b * ys + inv.c)
    sy = (inv.d * xs) + (inv.e * ys + inv.f)
    return sx, sy


def coverage(distance_px: np.ndarray) -> np.ndarray:
    """Area coverage of a pixel whose centre is ``distance_px`` outside an edge."""
    return np.clip(0.5 - distance_px, 0.0, 1.0).astype(np.float32)


def paint(
    box: Box,
    fill_cov: np.ndarray | None,
    fill: np.ndarray | None,
    stroke_cov: np.ndarray | None = None,
    stroke: np.ndarray | None = None,
) -> Patch | None:
    """A patch with the fill under the stroke, both premultiplied colors (or None)."""
    h, w = box[3] - box[1], box[2] - box[0]
    data = np.zeros((4, h, w), dtype=np.float32)
    if fill is not None and fill_cov is not None and fill[3] > 0:
        data += fill[:, None, None] * fill_cov[None]
    if stroke is not None and stroke_cov is not None and stroke[3] > 0:
        data *= 1.0 - stroke[3] * stroke_cov[None]
        data += stroke[:, None, None] * stroke_cov[None]
    if not data[3].any():
        return None
    return Patch(box[0], box[1], data)


def segment_distance(px: np.ndarray, py: np.ndarray, ax: float, ay: float, bx: float, by: float) -> np.ndarray:
    """Unsigned distance from points to the segment a-b."""
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    qx, qy = px - ax, py - ay
    if length2 <= 1e-12:
        return np.hypot(qx, qy)
    t = np.clip((qx * dx + qy * dy) / length2, 0.0, 1.0)
    return np.hypot(qx - t * dx, qy - t * dy)


def polyline_distance(box: Box, xs: np.ndarray, ys: np.ndarray, reach_px: float, closed: bool) -> np.ndarray:
    """Distance from each pixel centre of ``box`` to a screen-space polyline.

    Each segment is measured only inside its own box grown by ``reach_px``;
    pixels farther than that keep a large distance, which is all coverage
    needs, so long thin paths cost their length, not their bounding box.
    """
    bx0, by0, bx1, by1 = box
    dist = np.full((by1 - by0, bx1 - bx0), np.inf, dtype=np.float64)
    n = len(xs)
    count = n if closed else n - 1
    for i in range(count):
        ax, ay, cx, cy = xs[i], ys[i], xs[(i + 1) % n], ys[(i + 1) % n]
        sx0 = max(bx0, math.floor(min(ax, cx) - reach_px))
        sy0 = max(by0, math.floor(min(ay, cy) - reach_px))
        sx1 = min(bx1, math.ceil(max(ax, cx) + reach_px))
        sy1 = min(by1, math.ceil(max(ay, cy) + reach_px))
        if sx1 <= sx0 or sy1 <= sy0:
            continue
        gx, gy = screen_grid((sx0, sy0, sx1, sy1))
        d = segment_distance(gx, gy, ax, ay, cx, cy)
        view = dist[sy0 - by0 : sy1 - by0, sx0 - bx0 : sx1 - bx0]
        np.minimum(view, d, out=view)
    return dist


def fill_coverage(box: Box, xs: np.ndarray, ys: np.ndarray, rule: str, subrows: int = 6) -> np.ndarray:
    """Anti-aliased fill coverage of a closed screen-space polygon over ``box``.

    Scanline accumulation as in font rasterisers: on each of ``subrows``
    sub-scanlines per pixel row, every edge crossing adds its direction split
    exactly between the pixel it crosses and the next, a cumulative sum along
    x gives a fractional winding number, the fill rule folds it into 0..1,
    and the sub-rows are averaged. Unlike distance-based anti-aliasing this
    is right for self-intersecting outlines and for edges that cancel.
    Cost is O(edges x rows + pixels x subrows).
    """
    bx0, by0, bx1, by1 = box
    h, w = by1 - by0, bx1 - bx0
    rows = by0 + (np.arange(h * subrows, dtype=np.float64) + 0.5) / subrows
    ax, ay = xs, ys
    cx, cy = np.roll(xs, -1), np.roll(ys, -1)
    up = cy > ay
    lo_y = np.where(up, ay, cy)[:, None]
    hi_y = np.where(up, cy, ay)[:, None]
    edge_i, row_i = np.nonzero((rows[None, :] >= lo_y) & (rows[None, :] < hi_y))
    diff = np.zeros((h * subrows, w + 2), dtype=np.float32)
    if len(edge_i):
        t = (rows[row_i] - ay[edge_i]) / (cy[edge_i] - ay[edge_i])
        x_cross = np.maximum(ax[edge_i] + t * (cx[edge_i] - ax[edge_i]) - bx0, 0.0)
        keep = x_cross < w
        row_i, x_cross = row_i[keep], x_cross[keep]
        direction = np.where(up[edge_i[keep]], 1.0, -1.0)
        col = np.floor(x_cross).astype(np.int64)
        right = col + 1.0 - x_cross  # share of the crossed pixel right of the edge
        np.add.at(diff, (row_i, col), direction * right)
        np.add.at(diff, (row_i, col + 1), direction * (1.0 - right))
    wind = np.abs(np.cumsum(diff[:, :w], axis=1))
    if rule == "evenodd":
        wind = np.mod(wind, 2.0)
        cov = np.where(wind <= 1.0, wind, 2.0 - wind)
    else:
        cov = np.minimum(wind, 1.0)
    return cov.reshape(h, subrows, w).mean(axis=1).astype(np.float32)
