"""The value types of LANGUAGE.md section 3, and their names in messages.

`parse_type("list of vec")` reads the same spelling a template parameter
uses, so the signature tables are written as plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    NUMBER = "number"
    INT = "int"
    DURATION = "duration"
    TIME = "time"
    PERCENT = "percent"
    LENGTH = "length"
    VEC = "vec"
    ANGLE = "angle"
    FACTOR = "factor"
    DECIBEL = "decibel"
    FREQUENCY = "frequency"
    COLOR = "color"
    STRING = "string"
    BOOL = "bool"
    ENUM = "enum"
    LIST = "list"
    EASING = "easing"


@dataclass(frozen=True, slots=True)
class Type:
    kind: Kind
    of: Type | None = None
    words: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind is Kind.LIST:
            return f"list of {self.of}"
        if self.kind is Kind.ENUM:
            return f"enum({', '.join(self.words)})"
        return self.kind.value

    @property
    def described(self) -> str:
        """`a length`, `an angle`, `one of sans, serif, mono` — for messages."""
        if self.kind is Kind.ENUM:
            return "one of " + ", ".join(f"`{w}`" for w in self.words)
        if self.kind is Kind.LIST:
            return f"a list of {self.of}s" if self.of and self.of.kind is not Kind.LIST else "a list"
        return _article(self.kind.value)

    @property
    def is_animatable(self) -> bool:
        return self.kind in ANIMATABLE


ANIMATABLE = {Kind.NUMBER, Kind.INT, Kind.PERCENT, Kind.LENGTH, Kind.VEC, Kind.ANGLE,
              Kind.FACTOR, Kind.COLOR}
TYPE_NAMES = tuple(k.value for k in Kind if k not in (Kind.ENUM, Kind.LIST))

EXAMPLES = {
    Kind.NUMBER: "0.5", Kind.INT: "5", Kind.DURATION: "2s", Kind.TIME: "1.5s",
    Kind.PERCENT: "50%", Kind.LENGTH: "10% or 48px", Kind.VEC: "(50%, 70%) or center",
    Kind.ANGLE: "45deg", Kind.FACTOR: "1.5x", Kind.DECIBEL: "-12dB",
    Kind.FREQUENCY: "440Hz or 120bpm", Kind.COLOR: "#ff8800 or red", Kind.STRING: '"text"',
    Kind.BOOL: "true", Kind.EASING: "in-out-sine",
}


def _article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def parse_type(text: str) -> Type:
    text = text.strip()
    if text.startswith("list of "):
        return Type(Kind.LIST, of=parse_type(text[len("list of "):]))
    if text.startswith("enum(") and text.endswith(")"):
        words = tuple(w.strip() for w in text[5:-1].split(","))
        return Type(Kind.ENUM, words=words)
    return Type(Kind(text))


EASINGS = ("linear",) + tuple(
    f"{mode}-{curve}" for curve in ("quad", "cubic", "quart", "sine", "expo", "back", "elastic", "bounce")
    for mode in ("in", "out", "in-out")) + ("spring",)
ANCHORS = ("center", "top", "bottom", "left", "right", "top-left", "top-right", "bottom-left", "bottom-right")
