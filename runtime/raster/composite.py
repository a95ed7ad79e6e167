"""Compositing patches into frames, and Gaussian blur of patches.

All buffers are premultiplied, so "normal" is Porter-Duff source-over and the
separable blend modes follow the W3C compositing formulas written for
premultiplied color (src and dst both weighted by the other's coverage).
Blur is separable: three box passes per axis, each a difference of cumulative
sums, approximate a Gaussian at a cost independent of the radius.
"""

from __future__ import annotations

import math

import numpy as np

from scenec.runtime.raster.buffer import Patch, RasterError
from scenec.runtime.raster.noisegen import upsample

__all__ = ["BLEND_MODES", "check_blend", "composite", "blur", "blur_buffer"]

BLEND_MODES = ("normal", "add", "screen", "multiply", "overlay")


def _overlap(frame: np.ndarray, patch: Patch) -> tuple[slice, slice, slice, slice] | None:
    _, height, width = frame.shape
    x0, y0 = max(patch.x0, 0), max(patch.y0, 0)
    x1, y1 = min(patch.x0 + patch.width, width), min(patch.y0 + patch.height, height)
    if x1 <= x0 or y1 <= y0:
        return None
    return (
        slice(y0, y1),
        slice(x0, x1),
        slice(y0 - patch.y0, y1 - patch.y0),
        slice(x0 - patch.x0, x1 - patch.x0),
    )


def check_blend(blend: str, opacity: float) -> None:
    """Raise RasterError unless `composite` accepts this blend mode and opacity."""
    if blend not in BLEND_MODES:
        raise RasterError(f"unknown blend mode {blend!r}; expected one of {', '.join(BLEND_MODES)}")
    if not 0.0 <= opacity <= 1.0:
        raise RasterError(f"opacity must lie in 0..1, got {opacity}")


def composite(frame: np.ndarray, patch: Patch | None, blend: str = "normal", opacity: float = 1.0) -> np.ndarray:
    """Blend ``patch`` into ``frame`` in place (parts outside the frame are dropped); returns frame."""
    check_blend(blend, opacity)
    if frame.ndim != 3 or frame.shape[0] != 4:
        raise RasterError(f"a frame must have shape (4, H, W), got {frame.shape}")
    if patch is None or opacity == 0.0:
        return frame
    where = _overlap(frame, patch)
    if where is None:
        return frame
    fy, fx, py, px = where
    dst = frame[:, fy, fx]
    src = patch.data[:, py, px]
    if opacity != 1.0:
        src = src * np.float32(opacity)
    sa = src[3]
    if blend == "normal" and float(sa.min()) >= 1.0:
        # An opaque source (a backdrop gradient, a filled rect) simply replaces.
        dst[...] = src
    elif blend == "normal":
        dst *= 1.0 - sa
        dst += src
    elif blend == "add":
        # Color adds and saturates; coverage still accumulates like source-over.
        alpha = sa + dst[3] * (1.0 - sa)
        dst[:3] += src[:3]
        np.minimum(dst[:3], 1.0, out=dst[:3])
        dst[3] = alpha
    elif blend == "screen":
        dst += src - src * dst
    elif blend == "multiply":
        da = dst[3].copy()
        rgb = src[:3] * dst[:3] + src[:3] * (1.0 - da) + dst[:3] * (1.0 - sa)
        dst[:3] = rgb
        dst[3] = sa + da - sa * da
    else:  # overlay: hard-light with the roles of source and backdrop swapped
        da = dst[3].copy()
        s, d = src[:3], dst[:3]
        low = 2.0 * s * d
        high = sa * da - 2.0 * (da - d) * (sa - s)
        rgb = np.where(2.0 * d <= da, low, high) + s * (1.0 - da) + d * (1.0 - sa)
        dst[:3] = rgb
        dst[3] = sa + da - sa * da
    return frame


def _box_sizes(sigma: float, passes: int = 3) -> list[int]:
    """Odd box widths whose repeated application has standard deviation ``sigma`` (Kovesi)."""
    ideal = math.sqrt(12.0 * sigma * sigma / passes + 1.0)
    lower = int(math.floor(ideal))
    if lower % 2 == 0:
        lower -= 1
    upper = lower + 2
    m = round((12 * sigma * sigma - passes * lower * lower - 4 * passes * lower - 3 * passes) / (-4 * lower - 4))
    return [lower if i < m else upper for i in range(passes)]


def _box_axis(data: np.ndarray, width: int, axis: int) -> np.ndarray:
    """A centred box mean of odd ``width`` along ``axis`` with zero outside."""
    if width <= 1:
        return data
    r = width // 2
    pad = [(0, 0)] * data.ndim
    pad[axis] = (r + 1, r)
    csum = np.cumsum(np.pad(data, pad), axis=axis, dtype=np.float32)
    n = data.shape[axis]
    hi = [slice(None)] * data.ndim
    lo = [slice(None)] * data.ndim
    hi[axis] = slice(width, width + n)
    lo[axis] = slice(0, n)
    out = csum[tuple(hi)] - csum[tuple(lo)]
    out *= np.float32(1.0 / width)
    return out


def _gauss_axis(data: np.ndarray, sigma: float, axis: int) -> np.ndarray:
    """Exact Gaussian convolution along ``axis`` for small sigmas."""
    r = max(1, int(math.ceil(3 * sigma)))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k = (k / k.sum()).astype(np.float32)
    pad = [(0, 0)] * data.ndim
    pad[axis] = (r, r)
    padded = np.pad(data, pad)
    n = data.shape[axis]
    out = np.zeros_like(data)
    for i, w in enumerate(k):
        out += w * np.take(padded, np.arange(i, i + n), axis=axis)
    return out


def blur_buffer(data: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur of a planar ``(C, h, w)`` buffer (zero outside), same shape.

    Wide blurs run on a buffer shrunk by an integer factor and are scaled back
    bilinearly: the result is smooth anyway, and the cost drops by its square.
    """
    if sigma <= 0:
        return data
    out = data.astype(np.float32, copy=False)
    c, h, w = out.shape
    k = int(sigma // 4) if sigma >= 8 else 1
    if k > 1:
        ph, pw = -(-h // k) * k, -(-w // k) * k
        out = np.pad(out, ((0, 0), (0, ph - h), (0, pw - w))).reshape(c, ph // k, k, pw // k, k).mean(axis=(2, 4))
        sigma = math.sqrt(max(sigma * sigma / (k * k) - 1.0 / 12.0, 0.25))
    for axis in (1, 2):
        if sigma < 2.0:
            out = _gauss_axis(out, sigma, axis)
        else:
            for width in _box_sizes(sigma):
                out = _box_axis(out, width, axis)
    if k > 1:
        out = np.stack([upsample(out[ch], h, w, k) for ch in range(c)])
    return out


def blur(patch: Patch | None, radius_px: float) -> Patch | None:
    """A Gaussian blur with standard deviation ``radius_px``; the patch grows by 3 sigma."""
    if radius_px < 0:
        raise RasterError(f"blur radius must not be negative, got {radius_px}")
    if patch is None or radius_px == 0:
        return patch
    grow = int(math.ceil(3.0 * radius_px))
    grown = np.pad(patch.data, ((0, 0), (grow, grow), (grow, grow)))
    return Patch(patch.x0 - grow, patch.y0 - grow, blur_buffer(grown, radius_px))
