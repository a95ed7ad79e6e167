"""Facts about the language's closed sets beyond their parameters, its defaults, and the enum maker.

Reads the signature tables (`signatures.py`) and the easings (`types.py`).
Produces: `PRIMITIVE_FACTS`, what the compiler passes ask about a primitive,
and `SHOT_FRAMING`, how each shot type frames its shot (one row per word,
no other copy of these sets exists); the defaults that are no parameter's
(`SCENE_DEFAULTS`, `DEFAULT_EASE`, `DEFAULT_SHOT_TYPE`); the word lists that
are columns of a table rather than a table (particle kinds, tone waves,
camera and transition directions, audio kinds); and `word_enum`, with which
the IR (`compiler/ir.py`) builds its enums from these tables, so a word is
written once. Guarantees, checked at import: a fact row for every
primitive and every shot type, and no other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from scenec.lang.signatures import AUDIO_CLAUSES, CAMERA_MOVES, PRIMITIVES, SHOT_TYPES, TRANSITIONS
from scenec.lang.types import EASINGS  # defined with the types (the evaluator reads it); re-exported here

__all__ = [
    "AUDIO_KINDS", "AUDIO_OFF", "CAMERA_DIRECTIONS", "DEFAULT_EASE", "DEFAULT_SHOT_TYPE", "EASINGS", "PARTICLE_KINDS",
    "PRIMITIVE_FACTS", "SCENE_DEFAULTS", "SHOT_FRAMING", "TRANSITION_DIRECTIONS", "WAVES", "Placement",
    "PrimitiveFacts", "SceneDefaults", "ShotFraming", "member_name", "word_enum",
]


@dataclass(frozen=True, slots=True)
class PrimitiveFacts:
    """What the passes need to know about a primitive besides its parameters.

    The passes ask different questions, so each is its own property rather
    than one "full frame" set that means something else in each pass.
    """

    # Covers the whole frame by construction (skies, fields of noise): it is the
    # atmosphere itself, so depth puts it at the back and never hazes it.
    backdrop: bool = False
    # Enough on its own for lighting to treat the shot as having a background
    # (backdrops, and images, which default to the full frame).
    paints_background: bool = False
    # A shape a viewer would name as a subject of the shot in the plan's intent;
    # backdrops, weather, captions and pictures are not.
    subject: bool = False
    # Draws the `draw` enter/exit effect itself, along its length.
    self_revealing: bool = False


_BACKDROP = PrimitiveFacts(backdrop=True, paints_background=True)
_SHAPE = PrimitiveFacts(subject=True)
_STROKE = PrimitiveFacts(subject=True, self_revealing=True)

PRIMITIVE_FACTS: dict[str, PrimitiveFacts] = {
    "rect": _SHAPE, "circle": _SHAPE, "ellipse": _SHAPE, "polygon": _SHAPE, "star": _SHAPE,
    "line": _STROKE, "path": _STROKE,
    "text": PrimitiveFacts(),
    "gradient": _BACKDROP, "radial": _BACKDROP, "noise": _BACKDROP,
    "particles": PrimitiveFacts(),
    "image": PrimitiveFacts(paints_background=True),
}
assert tuple(PRIMITIVE_FACTS) == tuple(PRIMITIVES), "PRIMITIVE_FACTS must list the primitives of PRIMITIVES, in order"


class Placement(StrEnum):
    """Where a shot type puts its focus in the frame when it zooms in."""

    CENTRED = "centred"  # the middle of the frame
    THIRDS = "thirds"  # the nearer vertical third, a little above the middle
    HEADROOM = "headroom"  # the middle column, a little above the middle


@dataclass(frozen=True, slots=True)
class ShotFraming:
    """How a shot type frames its shot: the camera's starting zoom, placement, roll and lift."""

    zoom: float = 1.0  # the camera's zoom factor at the shot's start
    placement: Placement = Placement.HEADROOM
    roll_deg: float = 0.0
    lift: float = 0.0  # vertical pan, a fraction of the frame's height: + looks up (low angle)


SHOT_FRAMING: dict[str, ShotFraming] = {
    "establishing": ShotFraming(), "extreme-wide": ShotFraming(), "wide": ShotFraming(),
    "full": ShotFraming(1.15, Placement.THIRDS), "medium": ShotFraming(1.6, Placement.THIRDS),
    "medium-close": ShotFraming(2.0, Placement.CENTRED), "close": ShotFraming(2.5, Placement.CENTRED),
    "extreme-close": ShotFraming(4.0, Placement.CENTRED), "pov": ShotFraming(1.15, Placement.CENTRED),
    "overhead": ShotFraming(), "low-angle": ShotFraming(1.12, lift=0.05), "high-angle": ShotFraming(1.12, lift=-0.05),
    "dutch": ShotFraming(1.15, roll_deg=12.0),
}
assert set(SHOT_FRAMING) == set(SHOT_TYPES), "SHOT_FRAMING must frame every shot type of SHOT_TYPES"
# A shot that names no type is framed as this one.
DEFAULT_SHOT_TYPE = "wide"


def _enum_words(primitive_or_clause: tuple, name: str) -> tuple[str, ...]:
    spec = next(s for s in primitive_or_clause if s.name == name)
    return spec.type.words


def _union(groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    out: list[str] = []
    for group in groups:
        out += [word for word in group if word not in out]
    return tuple(out)


PARTICLE_KINDS: tuple[str, ...] = _enum_words(PRIMITIVES["particles"], "kind")
WAVES: tuple[str, ...] = AUDIO_CLAUSES["tone"]["wave"].type.words
AUDIO_KINDS: tuple[str, ...] = tuple(AUDIO_CLAUSES)
# `audio off` silences the film (or a shot); it is a statement, not a kind of sound.
AUDIO_OFF = "off"
CAMERA_DIRECTIONS: tuple[str, ...] = _union(directions for _spec, directions in CAMERA_MOVES.values())
TRANSITION_DIRECTIONS: tuple[str, ...] = _union(TRANSITIONS.values())


def member_name(word: str) -> str:
    """The enum member name of a language word: `slide-left` → `SLIDE_LEFT`."""
    return word.upper().replace("-", "_")


def word_enum(name: str, words: Iterable[str], module: str, doc: str = "") -> type[StrEnum]:
    """A `StrEnum` whose values are `words`, in order, members named by `member_name`.

    `module` is the module the enum is bound in, so its members pickle (plans
    cross to worker processes).
    """
    enum = StrEnum(name, [(member_name(w), w) for w in words], module=module, qualname=name)  # type: ignore[misc]
    if doc:
        enum.__doc__ = doc
    return enum


@dataclass(frozen=True, slots=True)
class SceneDefaults:
    """A scene's settings when the file does not give them."""

    width_px: int = 1280
    height_px: int = 720
    fps: int = 30
    background: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)  # rgba
    genre: str = "neutral"
    arc: str = "linear"
    weather: str = "clear"


SCENE_DEFAULTS = SceneDefaults()

# The easing of an `animate`, a keyframe or a camera move that names none.
DEFAULT_EASE = "in-out-sine"
assert DEFAULT_EASE in EASINGS
