"""Closed vocabularies of the render plan, and its error type.

Split from `plan.py` so that the data classes stay readable; `plan`
re-exports every name here, so import them from there.

The vocabularies the language defines (primitives, blends, effects,
motions, transitions, directions, audio kinds, camera moves, easings) are
the language's tables (`lang/signatures.py`, `lang/concepts.py`) spelled as
enums: the plan may not import `lang/` (a plan renders without the
compiler), so `compiler/ir.py` checks at import that each enum here equals
its table, and a test keeps the runtime covering every member.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AmbientGenerator", "AudioKind", "Blend", "CameraMove", "Direction", "EffectKind", "Harmonics",
    "MotionKind", "NoiseColor", "PlanError", "Primitive", "SfxGenerator", "SoundEvent", "TrackKind",
    "TransitionKind", "SELF_REVEALING",
]


class PlanError(ValueError):
    """A plan that is malformed; `path` names the offending key when known."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path

    def under(self, prefix: str) -> PlanError:
        """The same error placed below `prefix` in the key path."""
        if not prefix:
            return self
        joined = prefix if not self.path else (
            f"{prefix}{self.path}" if self.path.startswith("[") else f"{prefix}.{self.path}"
        )
        return PlanError(self.message, joined)


class Primitive(StrEnum):
    RECT = "rect"
    CIRCLE = "circle"
    ELLIPSE = "ellipse"
    POLYGON = "polygon"
    STAR = "star"
    LINE = "line"
    PATH = "path"
    TEXT = "text"
    GRADIENT = "gradient"
    RADIAL = "radial"
    NOISE = "noise"
    PARTICLES = "particles"
    IMAGE = "image"


# Primitives that draw the `draw` effect themselves, along their length (`PrimitiveFacts.self_revealing`).
SELF_REVEALING = frozenset({Primitive.LINE, Primitive.PATH})


class Blend(StrEnum):
    NORMAL = "normal"
    ADD = "add"
    SCREEN = "screen"
    MULTIPLY = "multiply"
    OVERLAY = "overlay"


class EffectKind(StrEnum):
    FADE = "fade"
    POP = "pop"
    SLIDE_LEFT = "slide-left"
    SLIDE_RIGHT = "slide-right"
    SLIDE_UP = "slide-up"
    SLIDE_DOWN = "slide-down"
    DRAW = "draw"


class MotionKind(StrEnum):
    FLOAT = "float"
    DRIFT = "drift"
    ORBIT = "orbit"
    PULSE = "pulse"
    SPIN = "spin"
    SWAY = "sway"
    BOUNCE = "bounce"
    FLICKER = "flicker"
    WANDER = "wander"


class TrackKind(StrEnum):
    """How a track interpolates between keys."""

    NUMBER = "number"  # numbers, vecs and lists of them, component-wise
    INTEGER = "integer"  # as NUMBER, rounded to the nearest int
    COLOR = "color"  # rgba (or tuples of rgba) through OKLab
    STEP = "step"  # held until the next key (strings, bools, enums)


class TransitionKind(StrEnum):
    CUT = "cut"
    FADE = "fade"
    DISSOLVE = "dissolve"
    WIPE = "wipe"
    SLIDE = "slide"
    ZOOM = "zoom"
    IRIS = "iris"
    BLUR = "blur"


class Direction(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    UP = "up"
    DOWN = "down"


class AudioKind(StrEnum):
    AMBIENT = "ambient"
    MUSIC = "music"
    TONE = "tone"
    SFX = "sfx"


class Harmonics(StrEnum):
    """Which overtones an oscillator has above its fundamental."""

    NONE = "none"
    ODD = "odd"
    ALL = "all"


class NoiseColor(StrEnum):
    WHITE = "white"
    PINK = "pink"
    BROWN = "brown"


class AmbientGenerator(StrEnum):
    """The synthesis algorithm of an ambient bed. `noise` is built from the
    recipe's numbers alone; the others are hand-shaped textures that read some
    of them (see `runtime/audio/ambient.py`)."""

    NOISE = "noise"
    SURF = "surf"
    RAIN = "rain"
    WIND = "wind"
    STORM = "storm"
    FLOW = "flow"
    FIRE = "fire"
    FOREST = "forest"
    CRICKETS = "crickets"
    TRAFFIC = "traffic"
    CROWD = "crowd"
    CAFE = "cafe"
    ROOM = "room"
    HUM = "hum"
    DRONE = "drone"


class SoundEvent(StrEnum):
    """Short sounds scattered over a `noise` bed."""

    CRACKLE = "crackle"
    DRIP = "drip"
    CHIRP = "chirp"
    CRICKET = "cricket"
    THUNDER = "thunder"
    CLINK = "clink"
    HORN = "horn"
    SPLASH = "splash"


class SfxGenerator(StrEnum):
    """How a one-shot effect is made: a noise band sweep, a falling tone, a bell, a click."""

    NOISE = "noise"
    TONE = "tone"
    BELL = "bell"
    IMPULSE = "impulse"


class CameraMove(StrEnum):
    PAN_LEFT = "pan-left"
    PAN_RIGHT = "pan-right"
    TILT_UP = "tilt-up"
    TILT_DOWN = "tilt-down"
    ZOOM_IN = "zoom-in"
    ZOOM_OUT = "zoom-out"
    DOLLY_IN = "dolly-in"
    DOLLY_OUT = "dolly-out"
    TRUCK_LEFT = "truck-left"
    TRUCK_RIGHT = "truck-right"
    ORBIT_LEFT = "orbit-left"
    ORBIT_RIGHT = "orbit-right"
    ROLL = "roll"
    SHAKE = "shake"
    STATIC = "static"
