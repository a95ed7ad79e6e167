"""Transitions: blend the outgoing frame ``a`` into the incoming frame ``b``.

``progress`` runs 0..1 over the transition window: 0 is exactly ``a`` and 1
exactly ``b`` for every kind. Frames are planar float ``(C, H, W)`` (C is 3
or 4, premultiplied when 4). Motion-like kinds (slide, zoom) ease their
movement internally with a smoothstep so they start and land softly; the
caller passes plain linear progress.

`transition_rgb24` blends two finished 8-bit frames for the kinds that are
a uniform mix (dissolve, fade): when neither shot is graded, the renderer
blends the shots' kept bytes instead of compositing and converting two
float frames. Its result is within one level of converting `transition`'s.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np

from scenec.runtime.raster.buffer import check_color
from scenec.runtime.raster.buffer import RasterError
from scenec.runtime.raster.composite import blur_buffer
from scenec.runtime.raster.resample import sample_bilinear

__all__ = ["TRANSITION_KINDS", "DIRECTIONS", "BYTE_TRANSITIONS", "transition", "transition_rgb24"]

TRANSITION_KINDS = ("cut", "fade", "dissolve", "wipe", "slide", "zoom", "iris", "blur")
DIRECTIONS = ("left", "right", "up", "down")
BYTE_TRANSITIONS = ("dissolve", "fade")  # what `transition_rgb24` blends


def _smooth(p: float) -> float:
    return p * p * (3.0 - 2.0 * p)


def _mix(a: np.ndarray, b: np.ndarray, w) -> np.ndarray:
    return (a + (b - a) * np.float32(w) if np.isscalar(w) else a + (b - a) * w).astype(np.float32, copy=False)


def _direction(params: Mapping[str, Any]) -> str:
    direction = params.get("direction", "left")
    if direction not in DIRECTIONS:
        raise RasterError(f"unknown transition direction {direction!r}; expected one of {', '.join(DIRECTIONS)}")
    return direction


def _fade(a: np.ndarray, b: np.ndarray, p: float, params: Mapping[str, Any]) -> np.ndarray:
    r, g, bl, al = check_color(params.get("color", (0.0, 0.0, 0.0, 1.0)), "fade color")
    via = np.array([r * al, g * al, bl * al, al][: a.shape[0]], dtype=np.float32)[:, None, None]
    if p < 0.5:
        return _mix(a, np.broadcast_to(via, a.shape), p * 2.0)
    return _mix(np.broadcast_to(via, b.shape), b, (p - 0.5) * 2.0)


def _wipe(a: np.ndarray, b: np.ndarray, p: float, params: Mapping[str, Any]) -> np.ndarray:
    _, h, w = a.shape
    direction = _direction(params)
    soft = max(float(params.get("softness", 0.04)), 1e-3)
    along_x = direction in ("left", "right")
    n = w if along_x else h
    coord = (np.arange(n, dtype=np.float32) + 0.5) / n
    # The edge travels in `direction`, so b appears first on the opposite side.
    s = 1.0 - coord if direction in ("left", "up") else coord
    pos = -soft / 2 + p * (1.0 + soft)
    m = np.clip((pos - s) / soft + 0.5, 0.0, 1.0).astype(np.float32)
    mask = m[None, None, :] if along_x else m[None, :, None]
    return _mix(a, b, mask)


def _slide(a: np.ndarray, b: np.ndarray, p: float, params: Mapping[str, Any]) -> np.ndarray:
    _, h, w = a.shape
    direction = _direction(params)
    axis = 2 if direction in ("left", "right") else 1
    n = w if axis == 2 else h
    off = int(round(_smooth(p) * n))
    # Laying a and b side by side and taking a sliding window is the push.
    if direction in ("left", "up"):
        strip = np.concatenate([a, b], axis=axis)
        start = off
    else:
        strip = np.concatenate([b, a], axis=axis)
        start = n - off
    return np.take(strip, np.arange(start, start + n), axis=axis)


def _scaled(img: np.ndarray, zoom: float) -> np.ndarray:
    """``img`` magnified by ``zoom`` (>= 1) about its centre."""
    if abs(zoom - 1.0) < 1e-6:
        return img
    _, h, w = img.shape
    xs = (np.arange(w, dtype=np.float32) + 0.5 - w / 2) / zoom + w / 2
    ys = (np.arange(h, dtype=np.float32) + 0.5 - h / 2) / zoom + h / 2
    return sample_bilinear(img, np.broadcast_to(xs[None, :], (h, w)), np.broadcast_to(ys[:, None], (h, w)), "clamp")


def _zoom(a: np.ndarray, b: np.ndarray, p: float, params: Mapping[str, Any]) -> np.ndarray:
    amount = float(params.get("amount", 0.5))
    e = _smooth(p)
    if p <= 0.0:
        return a.copy()
    if p >= 1.0:
        return b.copy()
    return _mix(_scaled(a, 1.0 + amount * e), _scaled(b, 1.0 + 0.5 * amount * (1.0 - e)), e)


def _iris(a: np.ndarray, b: np.ndarray, p: float, params: Mapping[str, Any]) -> np.ndarray:
    _, h, w = a.shape
    cx, cy = params.get("center", (w / 2.0, h / 2.0))
    soft = max(float(params.get("softness", 0.02)) * math.hypot(w, h), 1.0)
    reach = max(math.hypot(cx, cy), math.hypot(w - cx, cy), math.hypot(cx, h - cy), math.hypot(w - cx, h - cy))
    radius = -soft / 2 + p * (reach + soft)
    xs = np.arange(w, dtype=np.float32)[None, :] + 0.5 - np.float32(cx)
    ys = np.arange(h, dtype=np.float32)[:, None] + 0.5 - np.float32(cy)
    d = np.sqrt(xs * xs + ys * ys)
    mask = np.clip((radius - d) / soft + 0.5, 0.0, 1.0)
    return _mix(a, b, mask[None])


def _blur(a: np.ndarray, b: np.ndarray, p: float, params: Mapping[str, Any]) -> np.ndarray:
    _, h, w = a.shape
    sigma = float(params.get("radius", 0.025 * min(h, w))) * math.sin(math.pi * p)
    if sigma < 0.05:
        return (a if p < 0.5 else b).copy()
    return _mix(_edge_blur(a, sigma), _edge_blur(b, sigma), _smooth(p))


def _edge_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Blur a full frame with edge pixels repeated beyond it, so borders do not darken."""
    pad = int(math.ceil(3 * sigma))
    grown = np.pad(img, ((0, 0), (pad, pad), (pad, pad)), mode="edge")
    return blur_buffer(grown, sigma)[:, pad:-pad, pad:-pad]


def transition(
    kind: str, a: np.ndarray, b: np.ndarray, progress: float, params: Mapping[str, Any] | None = None
) -> np.ndarray:
    """The blend of ``a`` into ``b`` at ``progress`` 0..1 (a new array).

    Params: ``fade``: ``color`` (straight RGBA, default black); ``wipe``:
    ``direction`` (left/right/up/down, the way the edge travels), ``softness``
    (fraction of the frame); ``slide``: ``direction`` (the way b moves in);
    ``zoom``: ``amount`` (extra magnification of a, default 0.5); ``iris``:
    ``center`` (screen px), ``softness``; ``blur``: ``radius`` (peak sigma px).
    """
    if kind not in TRANSITION_KINDS:
        raise RasterError(f"unknown transition {kind!r}; expected one of {', '.join(TRANSITION_KINDS)}")
    if a.shape != b.shape or a.ndim != 3 or a.shape[0] not in (3, 4):
        raise RasterError(f"transition frames must share a (3|4, H, W) shape, got {a.shape} and {b.shape}")
    if not 0.0 <= progress <= 1.0:
        raise RasterError(f"transition progress must lie in 0..1, got {progress}")
    params = params or {}
    p = float(progress)
    if kind == "cut":
        return (a if p < 0.5 else b).copy()
    if kind == "dissolve":
        return _mix(a, b, p)
    handler = {"fade": _fade, "wipe": _wipe, "slide": _slide, "zoom": _zoom, "iris": _iris, "blur": _blur}[kind]
    return handler(a, b, p, params)


def _mix_rgb24(a: np.ndarray, b: np.ndarray, w: float) -> np.ndarray:
    # float32 keeps the weight exact, so the only errors are the inputs' and
    # the output's rounding: a convex mix of values within half a level stays
    # within half a level, and rounds to within one.
    out = b.astype(np.float32)
    out -= a
    out *= np.float32(w)
    out += a
    out += np.float32(0.5)
    return out.astype(np.uint8)


def transition_rgb24(kind: str, a: np.ndarray, b: np.ndarray, progress: float,
                     params: Mapping[str, Any] | None = None) -> np.ndarray:
    """`transition` of two opaque (H, W, 3) uint8 frames, for the kinds in
    BYTE_TRANSITIONS (same params); a new array."""
    if kind not in BYTE_TRANSITIONS:
        raise RasterError(f"transition {kind!r} cannot blend 8-bit frames; expected one of {', '.join(BYTE_TRANSITIONS)}")
    if a.shape != b.shape or a.ndim != 3 or a.shape[2] != 3 or a.dtype != np.uint8 or b.dtype != np.uint8:
        raise RasterError(f"8-bit transition frames must share an (H, W, 3) uint8 shape, got {a.shape} and {b.shape}")
    if not 0.0 <= progress <= 1.0:
        raise RasterError(f"transition progress must lie in 0..1, got {progress}")
    p = float(progress)
    if kind == "dissolve":
        return _mix_rgb24(a, b, p)
    r, g, bl, al = check_color((params or {}).get("color", (0.0, 0.0, 0.0, 1.0)), "fade color")
    # The colour as `transition` leaves it on screen: premultiplied, over black.
    via = np.array([r * al, g * al, bl * al], np.float32) * np.float32(255.0)
    if p < 0.5:
        return _mix_rgb24(a, np.broadcast_to(via, a.shape), p * 2.0)
    return _mix_rgb24(np.broadcast_to(via, b.shape), b, (p - 0.5) * 2.0)
