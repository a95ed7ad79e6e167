"""Coverage functions for particle looks, in each particle's local frame.

Each takes local coordinates ``u`` (across) and ``v`` (along) in scene units,
per-particle parameters as ``(n, 1, 1)`` arrays and the screen scale, and
returns coverage in 0..1 with a one-screen-pixel anti-aliased edge.
"""

from __future__ import annotations

import numpy as np

__all__ = ["disc", "soft_disc", "glow", "streak", "ring", "leaf", "card", "bird"]


def _edge(dist: np.ndarray, scale: float) -> np.ndarray:
    return np.clip(0.5 - dist * scale, 0.0, 1.0)


def disc(u, v, p, scale):
    return _edge(np.hypot(u, v) - p["r"], scale)


def soft_disc(u, v, p, scale):
    """A disc whose edge fades over a third of its radius: snow, dust, stars."""
    r = p["r"]
    soft = np.maximum(r * 0.6, 0.75 / scale)
    return np.clip((r - np.hypot(u, v)) / soft + 0.5, 0.0, 1.0)


def glow(u, v, p, scale):
    """A bright core with a wide Gaussian halo: fireflies."""
    d = np.hypot(u, v)
    core = _edge(d - p["r"], scale)
    halo = 0.55 * np.exp(-((d / (p["r"] * 2.6)) ** 2))
    return np.maximum(core, halo)


def streak(u, v, p, scale):
    """A capsule along v of length ``len`` and radius ``r``, fading towards its tail (negative v)."""
    half = p["len"] * 0.5
    d = np.hypot(u, np.maximum(np.abs(v) - half, 0.0)) - p["r"]
    fade = np.clip(0.35 + 0.65 * (v + half) / np.maximum(2 * half, 1e-6), 0.0, 1.0)
    return _edge(d, scale) * fade


def ring(u, v, p, scale):
    """A bubble: a thin bright outline, a faint body and a small highlight."""
    r = p["r"]
    d = np.hypot(u, v)
    outline = _edge(np.abs(d - r) - np.maximum(0.09 * r, 0.5 / scale), scale)
    body = 0.12 * _edge(d - r, scale)
    spot = 0.8 * _edge(np.hypot(u + 0.4 * r, v + 0.4 * r) - 0.18 * r, scale)
    return np.maximum(np.maximum(outline, body), spot)


def leaf(u, v, p, scale):
    """A pointed leaf (vesica) of half length ``len`` along v and half width ``r``."""
    b, hw = p["len"], p["r"]
    rad = 0.5 * (b * b / hw + hw)
    off = 0.5 * (b * b / hw - hw)
    au, av = np.abs(u), np.abs(v)
    tip = (av - b) * off > au * b
    d = np.where(tip, np.hypot(au, av - b), np.hypot(au + off, av) - rad)
    vein = 1.0 - 0.35 * _edge(np.abs(u) - 0.06 * hw, scale) * (av < 0.8 * b)
    return _edge(d, scale) * vein


def card(u, v, p, scale):
    """A rectangle of half sizes (``r`` * ``flip``, ``len``): confetti turning in 3-D."""
    hw = np.maximum(p["r"] * np.abs(p["flip"]), 0.3 / scale)
    qx, qy = np.abs(u) - hw, np.abs(v) - p["len"]
    d = np.hypot(np.maximum(qx, 0.0), np.maximum(qy, 0.0)) + np.minimum(np.maximum(qx, qy), 0.0)
    return _edge(d, scale)


def bird(u, v, p, scale):
    """A gull 'V': two wings from the body to tips raised by ``wing`` radians, span ``len``."""
    span, thick, wing = p["len"], p["r"], p["wing"]
    tx, ty = span * np.cos(wing), -span * np.sin(wing)
    best = None
    for side in (-1.0, 1.0):
        # Each wing bends at its middle, which reads as a gull rather than a tick mark.
        mx, my = side * 0.5 * tx, 0.5 * ty - 0.25 * span * np.cos(wing) * 0.4
        for ax, ay, bx, by in ((0.0, 0.0, mx, my), (mx, my, side * tx, ty)):
            dx, dy = bx - ax, by - ay
            qx, qy = u - ax, v - ay
            t = np.clip((qx * dx + qy * dy) / np.maximum(dx * dx + dy * dy, 1e-9), 0.0, 1.0)
            d = np.hypot(qx - t * dx, qy - t * dy)
            best = d if best is None else np.minimum(best, d)
    taper = thick * (1.0 - 0.5 * np.clip(np.abs(u) / span, 0.0, 1.0))
    body = np.hypot(u * 1.6, v) - thick * 1.3
    return _edge(np.minimum(best - taper, body), scale)
