"""The scene IR the passes rewrite, from `resolve` to `plan`.

Frozen dataclasses, tuples, `dataclasses.replace` to rewrite. After
`resolve` every value is evaluated: lengths in pixels of the scene's frame,
times in seconds, colors rgba; names that later passes still need (shot
types, genre, camera moves) stay words until the pass that lowers them. Each
node keeps the span that made it, for the plan's source map.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scenec.compiler.plan import CameraTrack, GradePlan, LayerPlan, TransitionPlan
from scenec.lang.span import Span

RGBA = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class TrackIR:
    """An animated property, keys in seconds from the shot's start."""

    property: str
    keys: tuple[tuple[float | None, object, str], ...]  # (time_s, value, ease to the next); None = shot end
    color: bool = False
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class LayerIR:
    id: str
    primitive: str
    params: tuple[tuple[str, object], ...]
    tracks: tuple[TrackIR, ...] = ()
    depth: float | None = None
    parallax: float = 1.0
    opacity: float = 1.0
    blend: str = "normal"
    blur_px: float = 0.0
    rotate_deg: float = 0.0
    scale: float = 1.0
    pivot: tuple[float, float] | None = None
    enter: tuple[str, float] | None = None  # (kind, seconds)
    exit: tuple[str, float] | None = None
    motions: tuple[tuple[str, tuple[tuple[str, object], ...], str], ...] = ()  # (kind, params, owner id)
    group: str | None = None
    object_class: str | None = None  # the template's name, for the plan's intent
    span: Span | None = None

    def param(self, name: str, default=None):
        return next((v for k, v in self.params if k == name), default)


@dataclass(frozen=True, slots=True)
class CameraMoveIR:
    kind: str  # static, pan, tilt, zoom, dolly, truck, orbit, roll, shake, follow
    direction: str | None
    amount: float | None  # percent for pan/tilt/truck/shake, factor for zoom/dolly, degrees otherwise
    frequency_hz: float | None
    target: str | None
    start_s: float
    duration_s: float | None  # None: to the end of the shot
    ease: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class GradeOpIR:
    op: str
    value: object


@dataclass(frozen=True, slots=True)
class AudioIR:
    kind: str  # ambient, music, tone, sfx, off
    name: str | None
    start_s: float
    duration_s: float | None  # None: to the end of the film (or shot)
    gain_db: float = 0.0
    fade_in_s: float = 0.0
    fade_out_s: float = 0.0
    tempo_bpm: float | None = None
    key: str | None = None
    frequency_hz: float | None = None
    wave: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class ShotIR:
    name: str
    type: str | None
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
    kind: str
    direction: str | None
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
