"""Evaluated values: what a checked literal means, units kept.

Lengths stay in the unit written (`%` or `px`) because a percentage needs the
frame size and an axis; the resolve pass converts them once the size is known.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Length:
    value: float
    unit: str  # "px" | "%"

    def to_px(self, extent: float) -> float:
        """Pixels along an axis (`extent` = width, height or the shorter side)."""
        return self.value * extent / 100.0 if self.unit == "%" else self.value


@dataclass(frozen=True, slots=True)
class Point:
    x: Length
    y: Length

    def to_px(self, width: float, height: float) -> tuple[float, float]:
        return (self.x.to_px(width), self.y.to_px(height))


@dataclass(frozen=True, slots=True)
class Duration:
    value: float
    unit: str  # "s" (seconds) | "f" (frames)

    def seconds(self, fps: float) -> float:
        return self.value / fps if self.unit == "f" else self.value

    def frames(self, fps: float) -> int:
        return int(self.value) if self.unit == "f" else round(self.value * fps)


@dataclass(frozen=True, slots=True)
class Deferred:
    """A value that depends on a template argument, known only at expansion."""

    name: str


@dataclass(frozen=True, slots=True)
class Resolved:
    """A template argument already converted to plan units in the caller's coordinates."""

    value: object


def _pct(x: float, y: float) -> Point:
    return Point(Length(x, "%"), Length(y, "%"))


ANCHOR_POINTS: dict[str, Point] = {
    "center": _pct(50, 50), "top": _pct(50, 0), "bottom": _pct(50, 100), "left": _pct(0, 50),
    "right": _pct(100, 50), "top-left": _pct(0, 0), "top-right": _pct(100, 0),
    "bottom-left": _pct(0, 100), "bottom-right": _pct(100, 100),
}
