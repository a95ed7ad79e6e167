"""The scene IR the passes rewrite, from `resolve` to `plan`.

Frozen dataclasses, tuples, `dataclasses.replace` to rewrite. After
`resolve` every value is evaluated: lengths in pixels of the scene's frame,
times in seconds, colors rgba, each quantity's unit in its field's name
(`_s`, `_px`, `_deg`, `_hz`, `_bpm`, `_db`). Every closed set of the
language is an enum from the first pass on: the plan's enums where the plan
has the same set (`Primitive`, `Blend`, `EffectKind`, `MotionKind`,
`TransitionKind`, `Direction`, `Easing`), and the IR's own below for the
sets the passes lower away (shot types, camera moves, grade ops, waves,
audio statements), all built from or checked against the language's tables
at import. Knowledge words (genre, mood, time, weather, style, palette,
beat) stay words: knowledge overlays extend them. Each node keeps the span
that made it, for the plan's source map.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from scenec.compiler.easing import Easing
from scenec.compiler.plan import (AudioKind, Blend, CameraMove, CameraTrack, Direction, EffectKind, GradePlan,
                                  LayerPlan, MotionKind, Primitive, TransitionKind, TransitionPlan)
from scenec.compiler.plan_kinds import SELF_REVEALING
from scenec.lang.concepts import (AUDIO_KINDS, AUDIO_OFF, CAMERA_DIRECTIONS, EASINGS, PRIMITIVE_FACTS,
                                  TRANSITION_DIRECTIONS, WAVES, word_enum)
from scenec.lang.signatures import (BLEND_MODES, CAMERA_MOVES, EFFECTS, GRADE_OPS, MOTIONS, PRIMITIVES, SHOT_TYPES,
                                    TRANSITIONS)
from scenec.lang.span import Span

RGBA = tuple[float, float, float, float]

_HERE = __name__
ShotType = word_enum("ShotType", SHOT_TYPES, _HERE)
CameraMoveKind = word_enum("CameraMoveKind", CAMERA_MOVES, _HERE, "A `camera` statement's move, before lowering.")
CameraDirection = word_enum("CameraDirection", CAMERA_DIRECTIONS, _HERE)
GradeOp = word_enum("GradeOp", GRADE_OPS, _HERE)
Wave = word_enum("Wave", WAVES, _HERE)
AudioStatement = word_enum("AudioStatement", (*AUDIO_KINDS, AUDIO_OFF), _HERE,
                           "An `audio` statement: a kind of sound, or `off`.")


def _check_plan_vocabulary() -> None:
    """The plan's enums (which may not import `lang/`) name exactly the language's tables' words."""
    lowered_moves = {f"{kind}-{d}" if d else kind for kind, (_spec, directions) in CAMERA_MOVES.items()
                     if kind != "follow" for d in (directions or (None,))}  # `follow` becomes camera keys
    pairs: tuple[tuple[type[StrEnum], object], ...] = (
        (Primitive, PRIMITIVES), (Blend, BLEND_MODES), (EffectKind, EFFECTS), (MotionKind, MOTIONS),
        (TransitionKind, TRANSITIONS), (Direction, TRANSITION_DIRECTIONS), (AudioKind, AUDIO_KINDS),
        (Easing, EASINGS), (CameraMove, lowered_moves),
    )
    for enum, table in pairs:
        words = {member.value for member in enum}
        assert words == set(table), f"plan enum {enum.__name__} differs from its table: {words ^ set(table)}"
    revealing = {name for name, facts in PRIMITIVE_FACTS.items() if facts.self_revealing}
    assert {p.value for p in SELF_REVEALING} == revealing, "SELF_REVEALING differs from PRIMITIVE_FACTS"


_check_plan_vocabulary()


@dataclass(frozen=True, slots=True)
class TrackIR:
    """An animated property, keys in seconds from the shot's start."""

    property: str
    keys: tuple[tuple[float | None, object, Easing], ...]  # (time_s, value, ease to the next); None = shot end
    color: bool = False
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class EffectIR:
    """An enter or exit effect."""

    kind: EffectKind
    duration_s: float


@dataclass(frozen=True, slots=True)
class MotionIR:
    kind: MotionKind
    params: tuple[tuple[str, object], ...]  # every parameter of the motion's signature, in plan units
    owner: str  # the layer or template instance that seeds it, so an instance's members move as one


@dataclass(frozen=True, slots=True)
class LayerIR:
    id: str
    primitive: Primitive | None  # None only inside resolve: a template instance's modifiers, before merging
    params: tuple[tuple[str, object], ...]
    tracks: tuple[TrackIR, ...] = ()
    depth: float | None = None
    parallax: float = 1.0
    opacity: float = 1.0
    blend: Blend = Blend.NORMAL
    blur_px: float = 0.0
    rotate_deg: float = 0.0
    scale: float = 1.0
    pivot: tuple[float, float] | None = None
    enter: EffectIR | None = None
    exit: EffectIR | None = None
    motions: tuple[MotionIR, ...] = ()
    group: str | None = None
    object_class: str | None = None  # the template's name, for the plan's intent
    span: Span | None = None
    unlit: tuple[tuple[str, object], ...] | None = None  # params as written, before the scene's light recolored them

    def param(self, name: str, default=None):
        return next((v for k, v in self.params if k == name), default)

    def as_written(self) -> LayerIR:
        """This layer with the colors the scene gave it, before time of day and weather lit them."""
        return self if self.unlit is None else replace(self, params=self.unlit, unlit=None)


@dataclass(frozen=True, slots=True)
class CameraMoveIR:
    kind: CameraMoveKind
    direction: CameraDirection | None
    target: str | None  # follow's layer
    start_s: float
    duration_s: float | None  # None: to the end of the shot
    ease: Easing
    # The move's amount in the unit its table row gives it; the others stay None.
    offset_pct: float | None = None  # pan, tilt, truck, shake: percent of the frame
    factor: float | None = None  # zoom, dolly
    angle_deg: float | None = None  # orbit, roll
    frequency_hz: float | None = None  # shake
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class GradeOpIR:
    op: GradeOp
    value: object


@dataclass(frozen=True, slots=True)
class AudioIR:
    kind: AudioStatement
    name: str | None
    start_s: float
    duration_s: float | None  # None: to the end of the film (or shot)
    gain_db: float = 0.0
    fade_in_s: float = 0.0
    fade_out_s: float = 0.0
    tempo_bpm: float | None = None
    key: str | None = None
    frequency_hz: float | None = None
    wave: Wave | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class ShotIR:
    name: str
    type: ShotType | None
    duration_s: float | None
    title: str | None
    layers: tuple[LayerIR, ...]
    cameras: tuple[CameraMoveIR, ...] = ()
    focus: str | None = None
    beat: str | None = None
    grades: tuple[GradeOpIR, ...] = ()
    audio: tuple[AudioIR, ...] = ()
    time: str | None = None
    weather: str | None = None
    mood: str | None = None
    span: Span | None = None
    # filled by later passes
    intensity: float = 0.5
    start_frame: int = 0
    end_frame: int = 0
    camera: CameraTrack | None = None
    camera_moves: tuple[str, ...] = ()  # the moves' names, for the plan's intent
    grade: GradePlan | None = None
    planned_layers: tuple[LayerPlan, ...] = ()


@dataclass(frozen=True, slots=True)
class TransitionIR:
    kind: TransitionKind
    direction: Direction | None
    duration_s: float
    via: RGBA | None
    explicit: bool
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class SceneIR:
    title: str | None
    width: int
    height: int
    fps: int
    duration_s: float | None
    seed: int
    background: RGBA
    palette_name: str | None
    palette: tuple[tuple[str, RGBA], ...]
    genre: str
    mood: str | None
    arc: str
    time: str | None
    weather: str
    style: str | None
    grades: tuple[GradeOpIR, ...]
    audio: tuple[AudioIR, ...]
    shots: tuple[ShotIR, ...]
    transitions: tuple[TransitionIR | None, ...]  # between shot i and i+1
    source_hash: str = ""
    source_root: str = ""  # the project root: the source map names files relative to it
    explicit: frozenset[str] = field(default_factory=frozenset)  # settings the file spelled out
    # filled by later passes
    frames: int = 0
    planned_transitions: tuple[TransitionPlan, ...] = ()
    planned_audio: tuple = ()
