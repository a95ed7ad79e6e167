"""Easing curves: map progress t in [0, 1] to eased progress.

Every easing of LANGUAGE.md section 3. Each family is defined once by its
`in` curve; `out` and `in-out` are derived from it by reflection, so the
three variants always agree with each other. The numpy implementation is
the only one: `ease` evaluates a single value through it, so scalar and
vector results cannot drift apart.

Input outside [0, 1] is clamped, and the endpoints are exact: every easing
returns 0.0 at t <= 0 and 1.0 at t >= 1 (back, elastic and spring may leave
[0, 1] in between).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import StrEnum

import numpy as np

__all__ = ["EASINGS", "Easing", "EasingError", "ease", "ease_array"]


class EasingError(ValueError):
    """An easing name that does not exist."""


Curve = Callable[[np.ndarray], np.ndarray]

_BACK = 1.70158
_ELASTIC_PERIOD = 2.0 * math.pi / 3.0
# in-expo is normalised so that it starts at exactly 0 rather than 2**-10.
_EXPO_FLOOR = 2.0**-10
# spring: a damped cosine; damping and angular frequency chosen so that the
# curve overshoots visibly once and has settled by t = 1.
_SPRING_DAMPING = 7.0
_SPRING_OMEGA = 3.0 * math.pi


def _in_power(power: int) -> Curve:
    # Repeated products rather than `**`: numpy's pow takes different code
    # paths for 0-d and n-d arrays, and `ease` must equal `ease_array` exactly.
    def curve(t: np.ndarray) -> np.ndarray:
        result = t
        for _ in range(power - 1):
            result = result * t
        return result

    return curve


def _in_sine(t: np.ndarray) -> np.ndarray:
    return 1.0 - np.cos(t * (math.pi / 2.0))


def _in_expo(t: np.ndarray) -> np.ndarray:
    return (np.exp2(10.0 * t - 10.0) - _EXPO_FLOOR) / (1.0 - _EXPO_FLOOR)


def _in_back(t: np.ndarray) -> np.ndarray:
    return (_BACK + 1.0) * t * t * t - _BACK * t * t


def _in_elastic(t: np.ndarray) -> np.ndarray:
    return -np.exp2(10.0 * t - 10.0) * np.sin((10.0 * t - 10.75) * _ELASTIC_PERIOD)


def _out_bounce(t: np.ndarray) -> np.ndarray:
    n, d = 7.5625, 2.75
    return np.select(
        [t < 1.0 / d, t < 2.0 / d, t < 2.5 / d],
        [
            n * t * t,
            n * (t - 1.5 / d) * (t - 1.5 / d) + 0.75,
            n * (t - 2.25 / d) * (t - 2.25 / d) + 0.9375,
        ],
        n * (t - 2.625 / d) * (t - 2.625 / d) + 0.984375,
    )


def _in_bounce(t: np.ndarray) -> np.ndarray:
    return 1.0 - _out_bounce(1.0 - t)


def _out_of(curve_in: Curve) -> Curve:
    return lambda t: 1.0 - curve_in(1.0 - t)


def _in_out_of(curve_in: Curve) -> Curve:
    def in_out(t: np.ndarray) -> np.ndarray:
        first = curve_in(np.minimum(2.0 * t, 1.0)) / 2.0
        second = 1.0 - curve_in(np.minimum(2.0 - 2.0 * t, 1.0)) / 2.0
        return np.where(t < 0.5, first, second)

    return in_out


def _spring(t: np.ndarray) -> np.ndarray:
    def raw(x: np.ndarray | float) -> np.ndarray:
        return 1.0 - np.exp(-_SPRING_DAMPING * x) * np.cos(_SPRING_OMEGA * x)

    # The residual oscillation at t = 1 is spread linearly so that it ends at 1.
    return raw(t) + t * (1.0 - raw(1.0))


_FAMILIES: dict[str, Curve] = {
    "quad": _in_power(2),
    "cubic": _in_power(3),
    "quart": _in_power(4),
    "sine": _in_sine,
    "expo": _in_expo,
    "back": _in_back,
    "elastic": _in_elastic,
    "bounce": _in_bounce,
}


def _build() -> dict[str, Curve]:
    curves: dict[str, Curve] = {"linear": lambda t: t}
    for family, curve_in in _FAMILIES.items():
        curves[f"in-{family}"] = curve_in
        curves[f"out-{family}"] = _out_of(curve_in)
        curves[f"in-out-{family}"] = _in_out_of(curve_in)
    curves["spring"] = _spring
    return curves


_CURVES = _build()

EASINGS: tuple[str, ...] = tuple(_CURVES)
# The same names as an enum, for the IR's keys and camera moves; `compiler/ir.py` checks it
# equals the language's list (`lang/types.py`), which this module may not import.
Easing = StrEnum("Easing", [(name.upper().replace("-", "_"), name) for name in _CURVES])  # type: ignore[misc]


def _curve(name: str) -> Curve:
    try:
        return _CURVES[name]
    except KeyError:
        raise EasingError(f"unknown easing {name!r}; expected one of {', '.join(EASINGS)}") from None


def ease_array(name: str, t: np.ndarray) -> np.ndarray:
    """Eased progress for every element of `t` (float64, same shape)."""
    curve = _curve(name)
    clamped = np.clip(np.asarray(t, dtype=np.float64), 0.0, 1.0)
    eased = curve(clamped)
    return np.where(clamped <= 0.0, 0.0, np.where(clamped >= 1.0, 1.0, eased)).astype(np.float64)


def ease(name: str, t: float) -> float:
    """Eased progress for one value of t."""
    return float(ease_array(name, np.asarray(t, dtype=np.float64)))
