"""Evaluated language values to plan numbers: pixels, seconds, fractions, rgba.

A `Box` is the coordinate frame values are read in: the whole frame for a
scene's layers, or a template instance's box for templates that declare a
`box` parameter. Positions (vecs) are `%` of the box's width and height
along x and y; scalar lengths are `%` of its shorter side (LANGUAGE.md
section 3).
"""

from __future__ import annotations

from dataclasses import dataclass

from scenec.lang.types import Kind, Type
from scenec.lang.values import Deferred, Duration, Length, Point, Resolved


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    width: float
    height: float

    @property
    def short(self) -> float:
        return min(self.width, self.height)

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.width / 2.0, self.y0 + self.height / 2.0)


def point_px(value: Point, box: Box) -> tuple[float, float]:
    return (box.x0 + _axis(value.x, box.width), box.y0 + _axis(value.y, box.height))


def _axis(value: Length | Resolved, extent: float) -> float:
    if isinstance(value, Resolved):
        return float(value.value)
    return value.value * extent / 100.0 if value.unit == "%" else value.value


def to_plan(value: object, type_: Type, box: Box, fps: float) -> object:
    """One evaluated value in plan units, by the type its position expects."""
    if isinstance(value, Resolved):
        return value.value
    if isinstance(value, Deferred):  # the checker reports these; never reached for a clean file
        raise ValueError(f"unresolved template value {value.name}")
    kind = type_.kind
    if kind is Kind.LIST:
        return tuple(to_plan(item, type_.of, box, fps) for item in value)
    if kind is Kind.VEC:
        return point_px(value, box)
    if kind is Kind.LENGTH:
        return value.value * box.short / 100.0 if value.unit == "%" else float(value.value)
    if kind is Kind.PERCENT:
        return value.value / 100.0
    if kind in (Kind.DURATION, Kind.TIME):
        return value.seconds(fps) if isinstance(value, Duration) else float(value)
    if kind is Kind.COLOR:
        return tuple(float(c) for c in value)
    if kind is Kind.INT:
        return int(value)
    if kind in (Kind.NUMBER, Kind.FACTOR, Kind.ANGLE, Kind.DECIBEL, Kind.FREQUENCY):
        return float(value)
    return value
