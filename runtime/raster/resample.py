"""Bilinear resampling of a planar buffer at arbitrary source coordinates.

Used to place text masks and images through an affine and to scale whole
frames in transitions. Sampling a buffer padded with one ring of zeros gives
edges a one-pixel anti-aliased falloff for free.
"""

from __future__ import annotations

import numpy as np

from scenec.runtime.raster.affine import Affine
from scenec.runtime.raster.coverage import screen_box, scene_grid

__all__ = ["sample_bilinear", "place"]


def sample_bilinear(src: np.ndarray, x: np.ndarray, y: np.ndarray, edge: str = "zero") -> np.ndarray:
    """Sample planar ``src`` (C, h, w) at pixel coordinates (x, y) (centres at i + 0.5).

    Outside the source reads as zero (``edge="zero"``) or as the nearest edge
    pixel (``edge="clamp"``, for callers that cut the edge analytically).
    """
    c, h, w = src.shape
    if edge == "clamp":
        padded = np.pad(src, ((0, 0), (1, 1), (1, 1)), mode="edge").astype(np.float32, copy=False)
    else:
        padded = np.zeros((c, h + 2, w + 2), dtype=np.float32)
        padded[:, 1:-1, 1:-1] = src
    # +1 pad, -0.5 centre. fmax/fmin, unlike clip, also take a coordinate that is not a number (a
    # transform pushed to extremes) to an edge instead of to an index far outside the image.
    fx = np.fmin(np.fmax(np.asarray(x, dtype=np.float32) + np.float32(0.5), np.float32(0.0)), np.float32(w + 1.0))
    fy = np.fmin(np.fmax(np.asarray(y, dtype=np.float32) + np.float32(0.5), np.float32(0.0)), np.float32(h + 1.0))
    x0 = np.minimum(fx.astype(np.intp), w)
    y0 = np.minimum(fy.astype(np.intp), h)
    wx = (fx - x0).astype(np.float32)
    wy = (fy - y0).astype(np.float32)
    flat = padded.reshape(c, -1)
    stride = w + 2
    i00 = y0 * stride + x0
    out = np.empty((c,) + fx.shape, dtype=np.float32)
    for ch in range(c):
        plane = flat[ch]
        top = plane[i00] + wx * (plane[i00 + 1] - plane[i00])
        bottom = plane[i00 + stride] + wx * (plane[i00 + stride + 1] - plane[i00 + stride])
        out[ch] = top + wy * (bottom - top)
    return out


def place(
    frame_size: tuple[int, int],
    src: np.ndarray,
    to_src: Affine,
    scene_rect: tuple[float, float, float, float],
    affine: Affine,
    edge: str = "zero",
) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
    """Resample premultiplied ``src`` whose pixels relate to scene space by ``to_src`` (scene -> src px).

    ``scene_rect`` (x0, y0, x1, y1) bounds what is drawn in scene space. Returns
    the screen box and the resampled (C, h, w) data, whose last channel is the
    coverage (alpha), or None when nothing lands on the frame.
    """
    if affine.is_degenerate():
        return None
    box = screen_box(affine, *scene_rect, 2.0, frame_size)
    if box is None:
        return None
    sx, sy = scene_grid(box, affine)
    ux, uy = to_src.apply(sx, sy)
    data = sample_bilinear(src, ux, uy, edge)
    if not data[-1].any():
        return None
    return box, data
