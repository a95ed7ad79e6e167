"""The render plan: the frozen, frame-exact contract between compiler and runtime.

Everything here is resolved: lengths are pixels, times are frames or
seconds, colors are straight-alpha sRGB rgba floats in 0..1, angles are
degrees. No names from the source language survive except layer ids and
segment names. The runtime renders a plan without its source.

The grade (`plan_grade`) and the sounds (`plan_audio`, each a synthesis
recipe) live in their own modules and are re-exported here.
`plan_io` turns a plan into JSON/YAML/TOML and back, and generates its JSON
Schema from these classes, so a field added here appears in all of them.
A field whose JSON key differs from its Python name says so in its
metadata (`json`). Invariants that a single object can check (frame ranges,
ordering, known easings) are checked at construction and raise `PlanError`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TypeAlias, Union

from scenec.compiler.easing import EASINGS
from scenec.compiler.plan_audio import (
    AmbientRecipe, AudioSource, MusicRecipe, Oscillator, SfxRecipe, ToneRecipe,
)
from scenec.compiler.plan_grade import RGB, CurvePoints, GradePlan, LutMatrix
from scenec.compiler.plan_kinds import (
    AmbientGenerator, AudioKind, Blend, CameraMove, Direction, EffectKind, Harmonics, MotionKind,
    NoiseColor, PlanError, Primitive, SfxGenerator, SoundEvent, TrackKind, TransitionKind,
)

__all__ = [
    "PLAN_VERSION", "AmbientGenerator", "AmbientRecipe", "AudioKind", "AudioSource", "Blend",
    "CameraIntent", "CameraMove", "CameraTrack", "CurvePoints", "Direction", "Effect", "EffectKind",
    "Entity", "GradePlan", "Harmonics", "Intent", "Key", "LayerPlan", "LutMatrix", "MotionKind",
    "MotionPlan", "MusicRecipe", "NoiseColor", "Oscillator", "ParamValue", "Params", "Plan",
    "PlanError", "Primitive", "RGB", "RGBA", "Segment", "SfxGenerator", "SfxRecipe", "ShakePlan",
    "SoundEvent", "SourceMapEntry", "ToneRecipe", "Track", "TrackKind", "TransitionKind",
    "TransitionPlan", "Vec",
]

# 2: grades carry their LUT's matrix and curves and sounds their synthesis
# recipes, where version 1 carried LUT and sound names.
PLAN_VERSION = 2

# A constant parameter: a number, string, bool, or a tuple of these (a vec,
# an rgba color, a list). Kept to what JSON, YAML and TOML all represent.
ParamValue: TypeAlias = Union[float, int, str, bool, tuple]
# Named values in a fixed order; serialised as a JSON object.
Params: TypeAlias = tuple[tuple[str, ParamValue], ...]
Vec: TypeAlias = tuple[float, float]
RGBA: TypeAlias = tuple[float, float, float, float]

_HEX = re.compile(r"^#[0-9a-f]{6}$")


def _require(condition: bool, message: str, path: str = "") -> None:
    if not condition:
        raise PlanError(message, path)


def _is_param_value(value: object) -> bool:
    if isinstance(value, bool | int | str):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, tuple):
        return all(_is_param_value(item) for item in value)
    return False


_RGBA_SHAPE = ("n", "n", "n", "n")


def _shape(value: ParamValue) -> object:
    """"n" for a number, a tuple of shapes for a tuple, None for anything else."""
    if isinstance(value, tuple):
        inner = tuple(_shape(item) for item in value)
        return None if None in inner else inner
    return "n" if isinstance(value, int | float) and not isinstance(value, bool) else None


def _check_params(params: Params, path: str) -> None:
    seen: set[str] = set()
    for name, value in params:
        _require(name not in seen, f"parameter {name!r} given twice", path)
        _require(_is_param_value(value), f"parameter {name!r} is not a number, string, bool or tuple of them: {value!r}", path)
        seen.add(name)


@dataclass(frozen=True, slots=True)
class Key:
    """One keyframe; `ease` shapes the way from this key to the next."""

    frame: int  # local to the segment: 0 is the segment's first frame
    value: ParamValue
    ease: str = "linear"

    def __post_init__(self) -> None:
        _require(self.ease in EASINGS, f"unknown easing {self.ease!r}", "ease")
        _require(_is_param_value(self.value), f"key value is not a number, string, bool or tuple of them: {self.value!r}", "value")


@dataclass(frozen=True, slots=True)
class Track:
    """An animated property: keys in strictly increasing frame order.

    `kind` says how to interpolate; only the compiler knows a value's type
    (a line's `from` is a vec, a gradient's `from` a color), so it is explicit.
    """

    property: str
    keys: tuple[Key, ...]
    kind: TrackKind = TrackKind.NUMBER

    def __post_init__(self) -> None:
        _require(len(self.keys) > 0, "a track needs at least one key", "keys")
        frames = [key.frame for key in self.keys]
        _require(all(a < b for a, b in zip(frames, frames[1:])), f"key frames must strictly increase, found {frames}", "keys")
        if self.kind is not TrackKind.STEP:
            shapes = {_shape(key.value) for key in self.keys}
            _require(None not in shapes and len(shapes) == 1, f"{self.kind} track {self.property!r} needs numeric keys of one shape; use a step track for others", "keys")
            if self.kind is TrackKind.COLOR:
                shape = shapes.pop()
                _require(shape == _RGBA_SHAPE or (isinstance(shape, tuple) and set(shape) == {_RGBA_SHAPE}), f"color track {self.property!r} needs rgba 4-tuples (or tuples of them)", "keys")

    @staticmethod
    def constant(property: str, value: ParamValue, kind: TrackKind = TrackKind.NUMBER) -> Track:
        return Track(property, (Key(0, value),), kind)


@dataclass(frozen=True, slots=True)
class ShakePlan:
    """Seeded smooth-noise camera shake over local frames [start_frame, end_frame)."""

    amount_frac: float  # peak offset as a fraction of the frame's width/height
    frequency_hz: float
    start_frame: int
    end_frame: int
    seed: int = 0

    def __post_init__(self) -> None:
        _require(self.start_frame < self.end_frame, f"shake frames {self.start_frame}..{self.end_frame} are empty", "end_frame")
        _require(self.frequency_hz > 0, f"shake frequency must be > 0, found {self.frequency_hz}", "frequency_hz")


def _still(property: str, value: float) -> Track:
    return Track.constant(property, value)


@dataclass(frozen=True, slots=True)
class CameraTrack:
    """The camera of one segment.

    `pan_x`/`pan_y` offset the content by fractions of the frame's width and
    height (positive moves the content right/down, so a pan to the right has
    negative `pan_x`); `zoom` scales and `roll_deg` rotates about `focus`.
    """

    focus: Vec  # zoom and roll centre in pixels
    pan_x: Track = field(default_factory=lambda: _still("pan_x", 0.0))
    pan_y: Track = field(default_factory=lambda: _still("pan_y", 0.0))
    zoom: Track = field(default_factory=lambda: _still("zoom", 1.0))
    roll_deg: Track = field(default_factory=lambda: _still("roll_deg", 0.0))
    shake: tuple[ShakePlan, ...] = ()

    def __post_init__(self) -> None:
        for name in ("pan_x", "pan_y", "zoom", "roll_deg"):
            track: Track = getattr(self, name)
            _require(track.kind is TrackKind.NUMBER and all(_shape(k.value) == "n" for k in track.keys), f"camera {name} must be a number track", name)

    @staticmethod
    def still(width: int, height: int) -> CameraTrack:
        """A static camera centred on the frame."""
        return CameraTrack(focus=(width / 2.0, height / 2.0))


@dataclass(frozen=True, slots=True)
class Effect:
    """An enter or exit effect lasting `frames` at the start or end of the segment."""

    kind: EffectKind
    frames: int

    def __post_init__(self) -> None:
        _require(self.frames > 0, f"effect length must be > 0 frames, found {self.frames}", "frames")


@dataclass(frozen=True, slots=True)
class MotionPlan:
    """A continuous motion; params in px, seconds and degrees."""

    kind: MotionKind
    params: Params = ()
    seed: int = 0

    def __post_init__(self) -> None:
        _check_params(self.params, "params")

    def param(self, name: str, default: ParamValue | None = None) -> ParamValue | None:
        return next((value for key, value in self.params if key == name), default)


@dataclass(frozen=True, slots=True)
class LayerPlan:
    """One drawn layer; `params` hold constant values, `tracks` animated ones."""

    id: str
    primitive: Primitive
    params: Params = ()
    tracks: tuple[Track, ...] = ()
    depth: float = 0.5  # 0 farthest .. 1 nearest
    parallax: float = 1.0  # factor on the camera's pan for this layer
    opacity: float = 1.0
    blend: Blend = Blend.NORMAL
    blur_px: float = 0.0
    rotate_deg: float = 0.0
    scale: float = 1.0
    # Rotation/scale centre in pixels; None is the layer's own centre. Members
    # of a template instance share the group's centre.
    pivot: Vec | None = None
    enter: Effect | None = None
    exit: Effect | None = None
    motions: tuple[MotionPlan, ...] = ()
    group: str | None = None  # the template instance this layer belongs to

    def __post_init__(self) -> None:
        _require(bool(self.id), "a layer needs an id", "id")
        _check_params(self.params, "params")
        names = [track.property for track in self.tracks]
        _require(len(names) == len(set(names)), f"layer {self.id!r} animates a property twice: {names}", "tracks")

    def param(self, name: str, default: ParamValue | None = None) -> ParamValue | None:
        return next((value for key, value in self.params if key == name), default)

    def track(self, prop: str) -> Track | None:
        return next((track for track in self.tracks if track.property == prop), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A shot: frames [start_frame, end_frame) of the film, layers back to front."""

    name: str
    start_frame: int
    end_frame: int
    layers: tuple[LayerPlan, ...] = ()
    camera: CameraTrack
    grade: GradePlan = field(default_factory=GradePlan)
    intensity: float = 0.5  # the arc's value for this shot, 0..1

    def __post_init__(self) -> None:
        _require(self.start_frame < self.end_frame, f"segment {self.name!r} has no frames ({self.start_frame}..{self.end_frame})", "end_frame")
        _require(0.0 <= self.intensity <= 1.0, f"intensity must lie in 0..1, found {self.intensity}", "intensity")
        ids = [layer.id for layer in self.layers]
        _require(len(ids) == len(set(ids)), f"segment {self.name!r} repeats a layer id", "layers")

    @property
    def frames(self) -> int:
        return self.end_frame - self.start_frame


@dataclass(frozen=True, slots=True)
class TransitionPlan:
    """Frames [start_frame, end_frame) blend two adjacent segments; a cut is empty."""

    kind: TransitionKind
    start_frame: int
    end_frame: int
    from_segment: str = field(metadata={"json": "from"})
    to_segment: str = field(metadata={"json": "to"})
    direction: Direction | None = None
    via: RGBA | None = None  # the color a fade passes through

    def __post_init__(self) -> None:
        _require(self.start_frame <= self.end_frame, f"transition runs backwards ({self.start_frame}..{self.end_frame})", "end_frame")
        if self.kind is TransitionKind.CUT:
            _require(self.start_frame == self.end_frame, "a cut has no frames: start_frame must equal end_frame", "end_frame")


@dataclass(frozen=True, slots=True)
class Entity:
    """An object the film should show (intent version 2): its class word, main color, on-screen track,
    whether it is a stand-in, its stacking order and depth in its shot, and its own motions."""

    name: str
    class_: str = field(metadata={"json": "class"})
    color_hex: str = field(metadata={"json": "color"})
    # (frame, x, y, w, h): centre and size of the on-screen box after the camera, fractions of the frame
    track: tuple[tuple[int, float, float, float, float], ...] = ()
    placeholder: bool = False
    z: int = 0
    depth: float = 0.5
    motions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(_HEX.match(self.color_hex)), f"color must be #rrggbb in lower case, found {self.color_hex!r}", "color")
        _require(0.0 <= self.depth <= 1.0, f"depth must be within 0..1, found {self.depth}", "depth")


@dataclass(frozen=True, slots=True)
class CameraIntent:
    segment: str
    moves: tuple[CameraMove, ...]


@dataclass(frozen=True, slots=True)
class Intent:
    """What the film should show, for analysis to compare against (version 2 of the intent contract)."""

    entities: tuple[Entity, ...] = ()
    camera: tuple[CameraIntent, ...] = ()
    place: str | None = None  # the setting's words, null where the film has none
    time: str | None = None
    weather: str | None = None
    cuts: tuple[int, ...] = ()
    palette: tuple[str, ...] = ()  # "#rrggbb"
    brightness: float | None = None  # target mean luma 0..1

    def __post_init__(self) -> None:
        for index, color in enumerate(self.palette):
            _require(bool(_HEX.match(color)), f"color must be #rrggbb in lower case, found {color!r}", f"palette[{index}]")


@dataclass(frozen=True, slots=True)
class SourceMapEntry:
    """Where in the `.scene` source an element (layer id, segment name, ...) came from."""

    id: str
    file: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """A whole film, ready to render."""

    version: int = field(default=PLAN_VERSION, metadata={"const": PLAN_VERSION})
    width: int
    height: int
    fps: int
    frames: int
    seed: int
    source_hash: str = ""
    background: RGBA = (0.0, 0.0, 0.0, 1.0)
    segments: tuple[Segment, ...]
    transitions: tuple[TransitionPlan, ...] = ()
    audio: tuple[AudioSource, ...] = ()
    intent: Intent = field(default_factory=Intent)
    source_map: tuple[SourceMapEntry, ...] = ()

    def __post_init__(self) -> None:
        _require(self.version == PLAN_VERSION, f"unsupported plan version {self.version}; this scenec reads version {PLAN_VERSION}", "version")
        _require(self.width > 0 and self.height > 0, f"frame size must be positive, found {self.width}x{self.height}", "width")
        _require(self.fps > 0, f"fps must be positive, found {self.fps}", "fps")
        _require(self.frames > 0, f"a film needs at least one frame, found {self.frames}", "frames")
        self._check_segments()
        self._check_transitions()

    def _check_segments(self) -> None:
        _require(len(self.segments) > 0, "a plan needs at least one segment", "segments")
        expected = 0
        for index, segment in enumerate(self.segments):
            _require(segment.start_frame == expected, f"segment {segment.name!r} starts at frame {segment.start_frame}, expected {expected}: segments must partition the film in order", f"segments[{index}].start_frame")
            expected = segment.end_frame
        _require(expected == self.frames, f"segments end at frame {expected} but the film has {self.frames} frames", "frames")
        names = [segment.name for segment in self.segments]
        _require(len(names) == len(set(names)), f"segment names repeat: {names}", "segments")

    def _check_transitions(self) -> None:
        by_name = {segment.name: segment for segment in self.segments}
        for index, transition in enumerate(self.transitions):
            path = f"transitions[{index}]"
            before = by_name.get(transition.from_segment)
            after = by_name.get(transition.to_segment)
            _require(before is not None, f"unknown segment {transition.from_segment!r}", f"{path}.from")
            _require(after is not None, f"unknown segment {transition.to_segment!r}", f"{path}.to")
            assert before is not None and after is not None
            cut = before.end_frame
            _require(after.start_frame == cut, f"segments {before.name!r} and {after.name!r} are not adjacent", path)
            _require(before.start_frame <= transition.start_frame <= cut <= transition.end_frame <= after.end_frame,
                     f"transition frames {transition.start_frame}..{transition.end_frame} must contain the cut at {cut} and stay inside both segments", path)

    def segment(self, name: str) -> Segment:
        for segment in self.segments:
            if segment.name == name:
                return segment
        raise PlanError(f"no segment named {name!r}")

    def segment_index_at(self, frame: int) -> int:
        """Index of the segment that owns film frame `frame`."""
        _require(0 <= frame < self.frames, f"frame {frame} is outside the film (0..{self.frames - 1})")
        return next(i for i, s in enumerate(self.segments) if s.start_frame <= frame < s.end_frame)

    def transitions_at(self, frame: int) -> tuple[TransitionPlan, ...]:
        """Transitions whose window holds film frame `frame`."""
        return tuple(t for t in self.transitions if t.start_frame <= frame < t.end_frame)
