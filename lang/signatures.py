"""Signature tables: primitives, motions, modifiers, grade ops, camera moves, audio.

Data, not code: later work extends these tables, the checker reads them, the
docs print them (a test keeps `docs/language.md` in step). Each parameter is
`(name, type, default, range)`; a default of `None` means required, and the
default is scene-language source text read by the same evaluator as user input.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenec.lang.limits import (MAX_PARTICLE_SIZE, MAX_PARTICLE_SPEED, MAX_PARTICLES, MAX_POLYGON_POINTS,
                                MAX_TEXT_CHARS, MIN_EXTENT, MIN_ZOOM)
from scenec.lang.types import Type, parse_type


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    type: Type
    default: str | None  # source text; None = required
    low: float | None = None
    high: float | None = None
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


def P(name: str, type_text: str, default: str | None = None, low: float | None = None,
      high: float | None = None, doc: str = "") -> ParamSpec:  # noqa: N802 - reads like a table
    return ParamSpec(name, parse_type(type_text), default, low, high, doc)


FILL = P("fill", "color", "white")
STROKE = P("stroke", "color", "none")
STROKE_WIDTH = P("stroke-width", "length", "0px", 0)
AT = P("at", "vec", "center")

PRIMITIVES: dict[str, tuple[ParamSpec, ...]] = {
    "rect": (AT, P("size", "vec", "(20%, 20%)"), FILL, STROKE, STROKE_WIDTH, P("radius", "length", "0px", 0)),
    "circle": (AT, P("radius", "length", "10%", 0), FILL, STROKE, STROKE_WIDTH, P("glow", "number", "0", 0, 1)),
    "ellipse": (AT, P("size", "vec", "(20%, 10%)"), FILL, STROKE, STROKE_WIDTH),
    "polygon": (P("points", "list of vec", None, 3, MAX_POLYGON_POINTS), FILL, STROKE, STROKE_WIDTH),
    "star": (AT, P("radius", "length", "8%", 0), P("points", "int", "5", 3, 32), P("inner", "percent", "50%", 0, 100), FILL),
    "line": (P("from", "vec"), P("to", "vec"), P("width", "length", "2px", 0), P("color", "color", "white")),
    "path": (P("points", "list of vec", None, 2, MAX_POLYGON_POINTS), P("width", "length", "2px", 0), P("color", "color", "white"),
             P("smooth", "bool", "false")),
    "text": (P("content", "string", None, None, MAX_TEXT_CHARS), AT, P("size", "length", "6%", 0), P("color", "color", "white"),
             P("font", "enum(sans, serif, mono)", "sans"), P("align", "enum(left, center, right)", "center"),
             P("weight", "enum(normal, bold)", "normal")),
    "gradient": (P("from", "color"), P("to", "color"), P("angle", "angle", "90deg")),
    "radial": (P("center", "vec", "center"), P("inner", "color"), P("outer", "color"), P("radius", "length", "75%", MIN_EXTENT)),
    "noise": (P("kind", "enum(clouds, water, fire, marble, grain)", "clouds"), P("size", "length", "20%", MIN_EXTENT),
              P("octaves", "int", "4", 1, 8), P("colors", "list of color", "[#000000, #ffffff]", 1),
              P("speed", "number", "0.1", 0)),
    "particles": (P("kind", "enum(rain, snow, stars, dust, fireflies, sparks, bubbles, leaves, confetti, birds)"),
                  P("count", "int", "100", 1, MAX_PARTICLES), P("color", "color", "white"),
                  P("size", "length", "0.5%", 0, MAX_PARTICLE_SIZE), P("speed", "number", "1", 0, MAX_PARTICLE_SPEED), P("area", "list of vec", "[(0%, 0%), (100%, 100%)]", 2, 2)),
    "image": (P("path", "string"), AT, P("size", "vec", "(100%, 100%)"), P("fit", "enum(contain, cover, stretch)", "contain")),
}

MOTIONS: dict[str, tuple[ParamSpec, ...]] = {
    "float": (P("amount", "length", "2%"), P("period", "duration", "3s")),
    "drift": (P("by", "vec", "(5%, 0%)"),),
    "orbit": (P("radius", "length", "5%"), P("period", "duration", "4s")),
    "pulse": (P("amount", "percent", "10%"), P("period", "duration", "1s")),
    "spin": (P("speed", "angle", "90deg"),),
    "sway": (P("angle", "angle", "10deg"), P("period", "duration", "2s")),
    "bounce": (P("height", "length", "5%"), P("period", "duration", "1s")),
    "flicker": (P("amount", "percent", "30%", 0, 100), P("speed", "number", "8", 0)),
    "wander": (P("radius", "length", "5%"), P("speed", "number", "1", 0)),
}

# Modifier name -> the type of its value (enter/exit/blend/motion are handled apart).
VALUE_MODIFIERS: dict[str, ParamSpec] = {
    "depth": P("depth", "number", None, 0, 1),
    "opacity": P("opacity", "percent", None, 0, 100),
    "blur": P("blur", "length", None, 0),
    "rotate": P("rotate", "angle"),
    "scale": P("scale", "factor", None, 0),
}
BLEND_MODES = ("normal", "add", "screen", "multiply", "overlay")
EFFECTS = ("fade", "pop", "slide-left", "slide-right", "slide-up", "slide-down", "draw")
# Properties every layer has besides its primitive's parameters.
LAYER_PROPERTIES: dict[str, ParamSpec] = {
    "opacity": P("opacity", "percent", "100%", 0, 100),
    "rotate": P("rotate", "angle", "0deg"),
    "scale": P("scale", "factor", "1x", 0),
}

GRADE_OPS: dict[str, tuple[ParamSpec, ...]] = {
    "exposure": (P("ev", "number", None, -5, 5),),
    "contrast": (P("amount", "number", None, 0, 4),),
    "saturation": (P("amount", "number", None, 0, 4),),
    "warm": (P("amount", "number", None, 0, 1),),
    "cool": (P("amount", "number", None, 0, 1),),
    "tint": (P("amount", "number", None, -1, 1),),
    "lift": (P("color", "color"),),
    "gamma": (P("amount", "number", None, 0.1, 5),),
    "gain": (P("color", "color"),),
    "vignette": (P("amount", "number", None, 0, 1),),
    "grain": (P("amount", "number", None, 0, 1),),
    "bloom": (P("amount", "number", None, 0, 1),),
    "lut": (P("name", "enum(__lut__)"),),  # words come from the knowledge registry
}

# Camera moves: amount spec (None: takes none) and allowed directions.
CAMERA_MOVES: dict[str, tuple[ParamSpec | None, tuple[str, ...]]] = {
    "static": (None, ()),
    "pan": (P("amount", "percent", "10%"), ("left", "right")),
    "tilt": (P("amount", "percent", "10%"), ("up", "down")),
    "zoom": (P("amount", "factor", "1.25x", MIN_ZOOM), ("in", "out")),
    "dolly": (P("amount", "factor", "1.25x", MIN_ZOOM), ("in", "out")),
    "truck": (P("amount", "percent", "10%"), ("left", "right")),
    "orbit": (P("amount", "angle", "15deg"), ("left", "right")),
    "roll": (P("amount", "angle"), ()),
    "shake": (P("amount", "percent", "1%", 0, 100), ()),
    "follow": (None, ()),
}
SHAKE_FREQUENCY = P("frequency", "frequency", "8Hz", 0)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "cut": (), "fade": (), "dissolve": (), "zoom": (), "iris": (), "blur": (),
    "wipe": ("left", "right", "up", "down"), "slide": ("left", "right", "up", "down"),
}

# Audio clause keyword -> its spec, per kind of audio statement.
AUDIO_CLAUSES: dict[str, dict[str, ParamSpec]] = {
    "ambient": {"volume": P("volume", "decibel", "0dB"), "fade in": P("fade in", "duration", None),
                "fade out": P("fade out", "duration", None)},
    # A tempo is a frequency (evaluated in Hz): 20..300 bpm, the range the score plays.
    "music": {"tempo": P("tempo", "frequency", None, 20 / 60, 300 / 60), "key": P("key", "string"),
              "volume": P("volume", "decibel", "0dB")},
    "tone": {"wave": P("wave", "enum(sine, square, saw, triangle)", "sine"), "at": P("at", "time", "0s"),
             "for": P("for", "duration", None), "volume": P("volume", "decibel", "0dB")},
    "sfx": {"at": P("at", "time", None), "volume": P("volume", "decibel", "0dB")},
}
TONE_FREQUENCY = P("frequency", "frequency", None, 1, 24000)

SHOT_TYPES = ("establishing", "extreme-wide", "wide", "full", "medium", "medium-close", "close",
              "extreme-close", "pov", "overhead", "low-angle", "high-angle", "dutch")
BEATS = ("setup", "inciting", "rising", "climax", "falling", "resolution")
MOODS = ("calm", "tense", "joyful", "sad", "mysterious", "epic", "playful")
ARCS = ("linear", "three-act", "rising", "loop", "kishotenketsu")
TIMES = ("dawn", "morning", "noon", "afternoon", "golden-hour", "dusk", "night")
WEATHERS = ("clear", "cloudy", "rain", "snow", "fog", "storm")
STYLES = ("film", "flat", "noir", "vintage", "vivid", "pastel", "neon")

COLOR_FUNCTIONS: dict[str, tuple[ParamSpec, ...]] = {
    "rgb": (P("r", "number", None, 0, 255), P("g", "number", None, 0, 255), P("b", "number", None, 0, 255),
            P("a", "number", "1", 0, 1)),
    "hsl": (P("h", "angle"), P("s", "percent", None, 0, 100), P("l", "percent", None, 0, 100),
            P("a", "number", "1", 0, 1)),
    "mix": (P("a", "color"), P("b", "color"), P("amount", "percent", "50%", 0, 100)),
    "lighten": (P("color", "color"), P("amount", "percent", None, 0, 100)),
    "darken": (P("color", "color"), P("amount", "percent", None, 0, 100)),
    "alpha": (P("color", "color"), P("amount", "percent", None, 0, 100)),
}
