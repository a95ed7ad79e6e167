"""The `particles` primitive: rain, snow, stars, dust, fireflies, sparks, bubbles,
leaves, confetti and birds.

A particle's state is a pure function of (seed, index, t): its constants are
hashed from (seed, index, slot), its position is a closed-form motion of t
(fall, sway, drift, rise, wander) wrapped inside the area with a margin so
particles leave and re-enter off the area's edge. Speeds scale with the
area's height, so a scene looks the same at any resolution. Everything is
drawn in one vectorised splat.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from scenec.runtime.raster import particle_shapes as shapes
from scenec.runtime.raster.affine import Affine
from scenec.runtime.raster.buffer import Patch, RasterError, check_color
from scenec.runtime.raster.coverage import check_size
from scenec.runtime.raster.noisegen import hash_unit
from scenec.runtime.raster.shapes import IDENTITY
from scenec.runtime.raster.splat import Splats, splat

__all__ = ["PARTICLE_KINDS", "particles", "particle_state"]

PARTICLE_KINDS = ("rain", "snow", "stars", "dust", "fireflies", "sparks", "bubbles", "leaves", "confetti", "birds")
MAX_COUNT = 20000
CONFETTI = np.array(
    [[0.95, 0.26, 0.35], [1.0, 0.78, 0.18], [0.22, 0.74, 0.45], [0.2, 0.55, 0.95], [0.72, 0.35, 0.9], [1.0, 0.5, 0.2]]
)
TAU = 2.0 * math.pi


def _wrap(value: np.ndarray, lo: float, hi: float, margin: float) -> np.ndarray:
    lo, hi = lo - margin, hi + margin
    return lo + np.mod(value - lo, hi - lo)


def particle_state(
    kind: str, count: int, size_px: float, speed: float, area: tuple[float, float, float, float], t: float, seed: int,
    color: tuple[float, float, float, float],
) -> Splats:
    """Positions and looks of every particle of ``kind`` at time ``t`` (seconds)."""
    x0, y0, x1, y1 = area
    w, h = x1 - x0, y1 - y0
    kind_salt = PARTICLE_KINDS.index(kind) * 1013
    index = np.arange(count, dtype=np.int64)

    def u(slot: int) -> np.ndarray:
        return hash_unit(index, slot, kind_salt, seed).astype(np.float64)

    bx, by = x0 + u(0) * w, y0 + u(1) * h
    r = 0.5 * size_px
    depth = 0.5 + u(2)  # near particles are bigger and faster
    base_rgb = np.broadcast_to(np.array(color[:3]), (count, 3))
    alpha = np.full(count, color[3])
    angle = np.zeros(count)
    params: dict[str, np.ndarray] = {"r": r * depth}
    st = t * speed
    if kind == "rain":
        vy = h * (1.1 + 0.5 * u(3)) * depth
        vx = 0.12 * vy
        x = _wrap(bx + vx * st, x0, x1, 0.1 * w)
        length = np.maximum(vy * speed * 0.04, 6.0 * r)
        y = _wrap(by + vy * st, y0, y1, float(length.max()))
        angle = np.full(count, math.atan2(-0.12, 1.0))
        params = {"r": np.maximum(0.35 * r * depth, 0.4), "len": length}
        alpha = alpha * (0.3 + 0.35 * u(4))
        shape, hw, hh = shapes.streak, params["r"], 0.5 * length + params["r"]
    elif kind == "snow":
        vy = h * (0.06 + 0.06 * u(3)) * depth
        sway = (0.015 + 0.02 * u(4)) * w * np.sin(TAU * (0.15 + 0.2 * u(5)) * st + TAU * u(6))
        x = _wrap(bx + sway + 0.02 * w * st, x0, x1, 2 * r)
        y = _wrap(by + vy * st, y0, y1, 2 * r)
        alpha = alpha * (0.55 + 0.45 * u(7))
        shape, hw, hh = shapes.soft_disc, params["r"], params["r"]
    elif kind == "stars":
        x, y = bx, by
        twinkle = 0.5 + 0.5 * np.sin(TAU * (0.2 + 1.2 * u(3)) * st + TAU * u(4))
        params = {"r": r * (0.4 + 0.9 * u(5) ** 3)}
        alpha = alpha * (0.35 + 0.65 * twinkle) * (0.4 + 0.6 * u(6))
        shape, hw, hh = shapes.soft_disc, params["r"], params["r"]
    elif kind == "dust":
        amp = 0.03 * h
        x = bx + amp * (np.sin(TAU * 0.05 * (1 + u(3)) * st + TAU * u(4)) + 0.5 * np.sin(TAU * 0.13 * st + TAU * u(5)))
        y = by + amp * (np.sin(TAU * 0.04 * (1 + u(6)) * st + TAU * u(7)) + 0.5 * np.cos(TAU * 0.11 * st + TAU * u(8)))
        x, y = _wrap(x + 0.01 * w * st, x0, x1, 2 * r), _wrap(y - 0.005 * h * st, y0, y1, 2 * r)
        alpha = alpha * (0.15 + 0.35 * u(9))
        shape, hw, hh = shapes.soft_disc, params["r"], params["r"]
    elif kind == "fireflies":
        amp = 0.06 * min(w, h)
        x = bx + amp * (np.sin(TAU * 0.07 * (1 + u(3)) * st + TAU * u(4)) + np.sin(TAU * 0.17 * (1 + u(5)) * st))
        y = by + amp * (np.cos(TAU * 0.06 * (1 + u(6)) * st + TAU * u(7)) + 0.6 * np.sin(TAU * 0.19 * st + TAU * u(8)))
        x, y = _wrap(x, x0, x1, 4 * r), _wrap(y, y0, y1, 4 * r)
        pulse = np.clip(np.sin(TAU * (0.25 + 0.3 * u(9)) * st + TAU * u(10)), 0.0, 1.0) ** 2
        alpha = alpha * (0.08 + 0.92 * pulse)
        shape, hw, hh = shapes.glow, 6.0 * params["r"], 6.0 * params["r"]
    elif kind == "sparks":
        life = (0.8 + 1.4 * u(3)) / max(speed, 1e-3)
        age = np.mod(t + u(4) * life, life) / life
        born_t = age * life * speed
        vy = h * (0.35 + 0.4 * u(5))
        vx = 0.08 * w * (u(6) - 0.5)
        x = bx + vx * born_t + 0.01 * w * np.sin(TAU * 1.3 * born_t + TAU * u(7))
        y = y1 - (by - y0) * 0.15 - vy * born_t + 0.5 * 0.15 * h * born_t**2
        angle = np.arctan2(-vx, -(vy - 0.15 * h * born_t))
        # Young sparks glow yellow-white, old ones cool to the given color and fade.
        hot = np.clip(1.0 - 1.5 * age, 0.0, 1.0)[:, None]
        base_rgb = base_rgb * (1 - hot) + np.array([1.0, 0.92, 0.6]) * hot
        alpha = alpha * (1.0 - age) ** 1.5
        params = {"r": r * (0.5 + 0.5 * u(8)), "len": 3.0 * r * (1.0 + u(9))}
        shape, hw, hh = shapes.streak, params["r"], 0.5 * params["len"] + params["r"]
    elif kind == "bubbles":
        vy = h * (0.08 + 0.08 * u(3)) * depth
        params = {"r": r * (1.0 + 1.5 * u(4))}
        x = _wrap(bx + 0.02 * w * np.sin(TAU * (0.3 + 0.3 * u(5)) * st + TAU * u(6)), x0, x1, 2 * params["r"].max())
        y = _wrap(by - vy * st, y0, y1, 2 * params["r"].max())
        alpha = alpha * (0.6 + 0.4 * u(7))
        shape, hw, hh = shapes.ring, params["r"], params["r"]
    elif kind == "leaves":
        vy = h * (0.08 + 0.07 * u(3)) * depth
        phase = TAU * (0.2 + 0.2 * u(4)) * st + TAU * u(5)
        x = _wrap(bx + 0.05 * w * np.sin(phase) + 0.04 * w * st, x0, x1, 4 * r)
        y = _wrap(by + vy * st + 0.01 * h * np.cos(2 * phase), y0, y1, 4 * r)
        angle = TAU * u(6) + (0.6 + 0.8 * u(7)) * np.sin(phase) + 0.3 * st * (u(8) - 0.5)
        shade = 0.7 + 0.45 * u(9)
        warm = np.stack([np.ones(count), 0.85 - 0.3 * u(10), 0.7 - 0.3 * u(10)], axis=1)
        base_rgb = np.clip(base_rgb * shade[:, None] * warm, 0.0, 1.0)
        params = {"r": 1.2 * r * depth, "len": 2.6 * r * depth}
        shape, hw, hh = shapes.leaf, params["r"], params["len"]
    elif kind == "confetti":
        vy = h * (0.12 + 0.1 * u(3))
        phase = TAU * (0.5 + 0.8 * u(4)) * st + TAU * u(5)
        x = _wrap(bx + 0.03 * w * np.sin(0.5 * phase), x0, x1, 3 * r)
        y = _wrap(by + vy * st, y0, y1, 3 * r)
        angle = TAU * u(6) + (1.0 + 2.0 * u(7)) * st * np.where(u(8) < 0.5, -1.0, 1.0)
        base_rgb = CONFETTI[(u(9) * len(CONFETTI)).astype(np.intp) % len(CONFETTI)] * 0.85 + 0.15 * base_rgb
        params = {"r": 0.9 * r, "len": 1.4 * r, "flip": np.cos(phase)}
        shape, hw, hh = shapes.card, params["r"], params["len"]
    elif kind == "birds":
        heading = 1.0 if hash_unit(np.array([0]), 1, kind_salt + 1, seed)[0] < 0.5 else -1.0
        vx = heading * w * (0.06 + 0.04 * u(3)) * depth
        span = 3.0 * r * depth
        x = _wrap(bx + vx * st, x0, x1, 2 * float(span.max()))
        y = by * 0.6 + y0 * 0.4 + 0.02 * h * np.sin(TAU * 0.3 * st + TAU * u(4))
        flap = np.sin(TAU * (2.0 + 1.5 * u(5)) * t * max(speed, 0.2) + TAU * u(6))
        params = {"r": np.maximum(0.18 * span, 0.5), "len": span, "wing": 0.35 + 0.35 * flap}
        shape, hw, hh = shapes.bird, span * 1.05, span * 0.9
    else:
        raise RasterError(f"unknown particle kind {kind!r}; expected one of {', '.join(PARTICLE_KINDS)}")
    full = lambda a: np.broadcast_to(np.asarray(a, dtype=np.float64), (count,)).copy()  # noqa: E731
    return Splats(
        x=full(x), y=full(y), angle=full(angle), half_w=full(hw), half_h=full(hh),
        rgb=np.ascontiguousarray(base_rgb, dtype=np.float64), alpha=np.clip(full(alpha), 0.0, 1.0),
        shape=shape, params={k: full(v) for k, v in params.items()},
    )


def particles(
    frame_size: Sequence[int],
    kind: str,
    count: int = 100,
    color: Sequence[float] = (1.0, 1.0, 1.0, 1.0),
    size_px: float = 4.0,
    speed: float = 1.0,
    area: Sequence[float] | None = None,
    t_s: float = 0.0,
    seed: int = 0,
    *,
    affine: Affine = IDENTITY,
) -> Patch | None:
    """``count`` particles of ``kind`` inside ``area`` (x0, y0, x1, y1 scene px; default the frame) at ``t_s``."""
    frame = check_size(frame_size)
    if kind not in PARTICLE_KINDS:
        raise RasterError(f"unknown particle kind {kind!r}; expected one of {', '.join(PARTICLE_KINDS)}")
    if int(count) != count or not 1 <= count <= MAX_COUNT:
        raise RasterError(f"particle count must be an integer 1..{MAX_COUNT}, got {count}")
    # What a checked scene can reach draws (possibly nothing) instead of failing: size 0, an easing
    # that overshoots below zero, and an area given by its corners in any order.
    if not size_px > 0:
        return None
    speed = max(0.0, float(speed))
    box = (0.0, 0.0, float(frame[0]), float(frame[1])) if area is None else tuple(float(v) for v in area)
    if len(box) != 4:
        raise RasterError(f"particle area must be (x0, y0, x1, y1), got {area!r}")
    box = (min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3]))
    if not (box[2] > box[0] and box[3] > box[1]):
        return None
    state = particle_state(kind, int(count), float(size_px), float(speed), box, float(t_s), int(seed), check_color(color))
    return splat(frame, state, affine)
