"""Evaluate an arc's intensity curve at a point of normalised film time.

Between control points the curve is a monotone cubic (Fritsch-Carlson,
as in PCHIP): smooth, never overshooting its control points, so a curve
whose points lie in 0..1 stays in 0..1 and a rising curve keeps rising.
"""

from __future__ import annotations

import math

from scenec.knowledge.entries import Arc


def _slopes(xs: list[float], ys: list[float]) -> list[float]:
    secants = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(len(xs) - 1)]
    if len(secants) == 1:
        return [secants[0], secants[0]]
    slopes = [secants[0]]
    for left, right, i in zip(secants, secants[1:], range(1, len(xs) - 1)):
        if left * right <= 0.0:
            slopes.append(0.0)  # a local extremum: flat, so no overshoot
        else:
            # Weighted harmonic mean of the secants (Fritsch-Butland form).
            w1 = 2.0 * (xs[i + 1] - xs[i]) + (xs[i] - xs[i - 1])
            w2 = (xs[i + 1] - xs[i]) + 2.0 * (xs[i] - xs[i - 1])
            slopes.append((w1 + w2) / (w1 / left + w2 / right))
    slopes.append(secants[-1])
    # End slopes: keep them from reversing or overshooting the first/last secant.
    for end, sec in ((0, secants[0]), (len(slopes) - 1, secants[-1])):
        if slopes[end] * sec <= 0.0:
            slopes[end] = 0.0
        elif abs(slopes[end]) > 3.0 * abs(sec):
            slopes[end] = 3.0 * sec
    return slopes


def intensity(arc: Arc, t: float) -> float:
    """The arc's intensity (0..1) at film time `t` (0..1, clamped)."""
    if not math.isfinite(t):
        raise ValueError(f"arc time {t!r} is not a finite number")
    t = min(1.0, max(0.0, t))
    xs = [p[0] for p in arc.points]
    ys = [p[1] for p in arc.points]
    i = 0
    while i < len(xs) - 2 and t > xs[i + 1]:
        i += 1
    h = xs[i + 1] - xs[i]
    s = (t - xs[i]) / h
    m = _slopes(xs, ys)
    h00 = (1.0 + 2.0 * s) * (1.0 - s) ** 2
    h10 = s * (1.0 - s) ** 2
    h01 = s * s * (3.0 - 2.0 * s)
    h11 = s * s * (s - 1.0)
    value = h00 * ys[i] + h10 * h * m[i] + h01 * ys[i + 1] + h11 * h * m[i + 1]
    return min(1.0, max(0.0, value))
