"""The catalog of grade operations (`grade contrast(1.2) lut(sepia)`), shared by data and checker.

Each op takes one value: a number within a range, a color, or a LUT name.
`neutral` is the value at which the op changes nothing, so a pass can blend
an op's strength toward it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class GradeValue(StrEnum):
    NUMBER = "number"
    COLOR = "color"
    LUT = "lut"


@dataclass(frozen=True, slots=True)
class GradeOpSpec:
    name: str
    value: GradeValue
    lo: float | None
    hi: float | None
    neutral: float | str | None
    doc: str


def _num(name: str, lo: float, hi: float, neutral: float, doc: str) -> GradeOpSpec:
    return GradeOpSpec(name, GradeValue.NUMBER, lo, hi, neutral, doc)


GRADE_OPS = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            _num("exposure", -5.0, 5.0, 0.0, "brightness change in stops (EV)"),
            _num("contrast", 0.0, 4.0, 1.0, "contrast about mid grey; 1 is unchanged"),
            _num("saturation", 0.0, 4.0, 1.0, "color saturation; 0 is grey, 1 unchanged"),
            _num("warm", 0.0, 1.0, 0.0, "shift white balance toward orange"),
            _num("cool", 0.0, 1.0, 0.0, "shift white balance toward blue"),
            _num("tint", -1.0, 1.0, 0.0, "negative toward green, positive toward magenta"),
            GradeOpSpec("lift", GradeValue.COLOR, None, None, "#000000", "color added to the shadows"),
            _num("gamma", 0.1, 5.0, 1.0, "midtone power; above 1 brightens midtones"),
            GradeOpSpec("gain", GradeValue.COLOR, None, None, "#ffffff", "color multiplied into the highlights"),
            _num("vignette", 0.0, 1.0, 0.0, "darkening toward the frame's corners"),
            _num("grain", 0.0, 1.0, 0.0, "film grain amount"),
            _num("bloom", 0.0, 1.0, 0.0, "glow around bright areas"),
            GradeOpSpec("lut", GradeValue.LUT, None, None, None, "a color look from the LUT registry"),
        )
    }
)
