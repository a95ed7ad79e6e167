"""The typed syntax tree of a `.scene` file.

Frozen, slotted dataclasses; tuples, never lists; every node keeps the span of
the source that made it. Literals are already typed values with units
(`Quantity`), colors are RGBA; names are kept as written and resolved by the
checker and the resolve pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from scenec.lang.span import Span

# ---------------------------------------------------------------- values


class Unit(Enum):
    """The unit a numeric literal was written with."""

    NONE = ""
    S = "s"
    MS = "ms"
    F = "f"
    PERCENT = "%"
    PX = "px"
    DEG = "deg"
    TURN = "turn"
    X = "x"
    DB = "dB"
    HZ = "Hz"
    BPM = "bpm"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A numeric literal. `value` is as written; see the unit helpers below."""

    value: float
    unit: Unit
    is_int: bool
    text: str
    span: Span

    @property
    def seconds(self) -> float | None:
        """Seconds for `s`/`ms` durations; frames need the fps (see `frames`)."""
        if self.unit is Unit.S:
            return self.value
        if self.unit is Unit.MS:
            return self.value / 1000.0
        return None

    def to_seconds(self, fps: float) -> float:
        if self.unit is Unit.F:
            return self.value / fps
        seconds = self.seconds
        assert seconds is not None, self
        return seconds

    @property
    def degrees(self) -> float:
        return self.value * 360.0 if self.unit is Unit.TURN else self.value

    @property
    def hertz(self) -> float:
        """The language's frequency unit: `120bpm` is 2 Hz (a beat a second is 60 bpm)."""
        return bpm_to_hertz(self.value) if self.unit is Unit.BPM else self.value


BEATS_PER_MINUTE_PER_HERTZ = 60.0  # one cycle a second is sixty a minute


def bpm_to_hertz(bpm: float) -> float:
    """Hz of a rate given in beats per minute."""
    return bpm / BEATS_PER_MINUTE_PER_HERTZ


def hertz_to_bpm(hertz: float) -> float:
    """Beats per minute of a rate given in Hz: every frequency evaluates to Hz, so a
    tempo, which the plan holds in bpm, is converted here and only here."""
    return hertz * BEATS_PER_MINUTE_PER_HERTZ


@dataclass(frozen=True, slots=True)
class Str:
    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Color:
    """A hex color literal, already RGBA in 0..1 (straight alpha)."""

    rgba: tuple[float, float, float, float]
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class NameValue:
    """A bare word where a value stands: a let, enum word, anchor, color name, parameter."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class PaletteRef:
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Vec:
    x: Value
    y: Value
    span: Span


@dataclass(frozen=True, slots=True)
class ListValue:
    items: tuple[Value, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    """`name(args)` as a value: a color function such as `mix` or `rgb`."""

    name: Ident
    args: tuple[Arg, ...]
    span: Span


Value = Quantity | Str | Bool | Color | NameValue | PaletteRef | Vec | ListValue | Call


@dataclass(frozen=True, slots=True)
class Ident:
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Arg:
    """An argument; `name` is None for a positional one."""

    name: Ident | None
    value: Value
    span: Span


@dataclass(frozen=True, slots=True)
class Ref:
    """A dotted reference such as `sun`, `l1.glow` or `sun.at`."""

    parts: tuple[Ident, ...]
    span: Span

    @property
    def text(self) -> str:
        return ".".join(p.name for p in self.parts)


# ---------------------------------------------------------------- file level


@dataclass(frozen=True, slots=True)
class Import:
    path: Str
    span: Span


@dataclass(frozen=True, slots=True)
class Let:
    name: Ident
    value: Value
    span: Span


@dataclass(frozen=True, slots=True)
class PaletteEntry:
    name: Ident
    value: Value
    span: Span


@dataclass(frozen=True, slots=True)
class Palette:
    name: Ident
    extends: Ident | None
    entries: tuple[PaletteEntry | ErrorStatement, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class TypeName:
    name: Ident
    span: Span


@dataclass(frozen=True, slots=True)
class ListType:
    name: Ident  # always `list`; kept for the diagnostic when it is not
    of: TypeExpr
    span: Span


@dataclass(frozen=True, slots=True)
class EnumType:
    words: tuple[Ident, ...]
    span: Span


TypeExpr = TypeName | ListType | EnumType


@dataclass(frozen=True, slots=True)
class Param:
    name: Ident
    type: TypeExpr
    default: Value | None
    span: Span


@dataclass(frozen=True, slots=True)
class Template:
    name: Ident
    params: tuple[Param, ...]
    layers: tuple[Layer | ErrorStatement, ...]
    span: Span


# ---------------------------------------------------------------- layers


@dataclass(frozen=True, slots=True)
class ValueModifier:
    """`depth`, `opacity`, `blur`, `rotate` or `scale` with its value."""

    kind: Ident
    value: Value
    span: Span


@dataclass(frozen=True, slots=True)
class BlendModifier:
    mode: Ident
    span: Span


@dataclass(frozen=True, slots=True)
class EffectModifier:
    """`enter KIND DURATION` or `exit KIND DURATION`."""

    which: str  # "enter" | "exit"
    kind: Ident
    duration: Value
    span: Span


@dataclass(frozen=True, slots=True)
class MotionModifier:
    kind: Ident
    args: tuple[Arg, ...]
    span: Span


Modifier = ValueModifier | BlendModifier | EffectModifier | MotionModifier


@dataclass(frozen=True, slots=True)
class Layer:
    name: Ident
    primitive: Ident
    args: tuple[Arg, ...]
    modifiers: tuple[Modifier, ...]
    span: Span


# ---------------------------------------------------------------- animation, camera


@dataclass(frozen=True, slots=True)
class Clause:
    """A keyword clause: `from`, `to`, `at`, `over`, `ease`, `volume`, `fade in`, …"""

    keyword: str
    value: Value | None
    word: Ident | None
    span: Span


@dataclass(frozen=True, slots=True)
class Animate:
    target: Ref
    clauses: tuple[Clause, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Keyframe:
    time: Quantity
    value: Value
    ease: Ident | None
    span: Span


@dataclass(frozen=True, slots=True)
class Keyframes:
    target: Ref
    frames: tuple[Keyframe | ErrorStatement, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Camera:
    """`camera MOVE …`; `kind` is static, pan, tilt, zoom, dolly, truck, orbit, roll, shake, follow."""

    kind: Ident
    direction: Ident | None
    amount: Value | None
    frequency: Quantity | None
    target: Ref | None
    clauses: tuple[Clause, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Focus:
    target: Ref
    span: Span


@dataclass(frozen=True, slots=True)
class Beat:
    name: Ident
    span: Span


@dataclass(frozen=True, slots=True)
class GradeOp:
    name: Ident
    args: tuple[Arg, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Grade:
    ops: tuple[GradeOp, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Audio:
    """`audio ambient|music|tone|sfx|off …`; `subject` is the string, mood or frequency."""

    kind: str
    subject: Value | Ident | None
    clauses: tuple[Clause, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Setting:
    """A scene setting or a shot override: `fps 30`, `genre calm`, `time night`, `size 1280x720`."""

    key: Ident
    value: Value | Ident
    span: Span


@dataclass(frozen=True, slots=True)
class ErrorStatement:
    """A statement (or a palette entry, keyframe or template layer) that did not parse.

    Blocks hold these in place of the statement so their other statements keep
    their trees; the syntax error is reported once, at this span."""

    text: str
    span: Span


ShotStatement = Layer | Animate | Keyframes | Camera | Focus | Beat | Grade | Audio | Setting | ErrorStatement


@dataclass(frozen=True, slots=True)
class Shot:
    name: Ident | None
    type: Ident | None
    duration: Quantity | None
    title: Str | None
    body: tuple[ShotStatement, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Transition:
    """`kind` is cut, fade, dissolve, zoom, iris, blur, wipe or slide."""

    kind: Ident
    direction: Ident | None
    duration: Value | None
    via: Value | None
    span: Span


SceneStatement = Setting | Grade | Audio | Shot | Transition | ErrorStatement


@dataclass(frozen=True, slots=True)
class Scene:
    title: Str | None
    body: tuple[SceneStatement, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """Top-level text that did not parse: kept, with its span, so the rest of the file still has a tree."""

    text: str
    span: Span


Item = Import | Let | Palette | Template | Scene | ErrorItem


@dataclass(frozen=True, slots=True)
class File:
    items: tuple[Item, ...]
    span: Span

    @property
    def scenes(self) -> tuple[Scene, ...]:
        return tuple(i for i in self.items if isinstance(i, Scene))
