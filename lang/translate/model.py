"""The typed instruction a prompt is read into, and the decisions behind it.

Every choice the interpreter or the scene writer makes is a `Decision`
that names the words that caused it, so `scenec translate --explain` can
show why the film looks as it does.
"""

from __future__ import annotations

from dataclasses import dataclass

RGBA = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Decision:
    """One choice: `field` (subject, count, color, relation, place, camera, ...), its `value`,
    and the prompt words `because` of which it was made."""

    field: str
    value: str
    because: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class ColorChoice:
    rgba: RGBA
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Subject:
    """A thing to show: `word` is the prompt's word (singular), `object` the registry entry drawing it
    (None for a labelled generic figure), and what the prompt said about it."""

    word: str
    object: str | None
    count: int = 1
    color: ColorChoice | None = None
    size: float = 1.0
    motion: str | None = None  # a motion word of the vocabulary
    words: tuple[str, ...] = ()
    direction: tuple[float, float] | None = None  # signs of its travel on the frame (x, y), y downwards
    carried: bool = False  # named in an earlier sentence of a story and still in the picture


@dataclass(frozen=True, slots=True)
class Relation:
    """`subjects[subject]` stands `kind` (left-of, above, on, between, ...) of `subjects[others]`."""

    subject: int
    kind: str
    others: tuple[int, ...]
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Instruction:
    prompt: str
    subjects: tuple[Subject, ...] = ()
    relations: tuple[Relation, ...] = ()
    excluded: tuple[str, ...] = ()  # object names the prompt said "no" to
    place: str | None = None
    time: str | None = None
    weather: str | None = None
    season: str | None = None
    genre: str | None = None
    mood: str | None = None
    style: str | None = None  # a style phrase of the vocabulary
    camera: tuple[str, ...] = ()  # pan-left, zoom-in, static, shake, orbit, slow-motion, rack-focus, ...
    duration_s: float | None = None
    decisions: tuple[Decision, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()  # the sentence's words and terms, each with the part it was read as
    parse: str = ""
    idea_settings: tuple[str, ...] = ()  # settings read inside an abstraction ("the feeling of a monday morning")  # the grammar's tree, bracketed: [np a/COUNT red/COLOR car/NOUN] [pp on/REL [np ...]]


@dataclass(frozen=True, slots=True)
class Box:
    """An entity's box on the frame: centre and size as fractions of width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def top(self) -> float:
        return self.y - self.h / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True, slots=True)
class Placed:
    """One drawn instance: its layer name, the subject it shows and its box."""

    layer: str
    subject: int
    box: Box


@dataclass(frozen=True, slots=True)
class Translation:
    """The `.scene` text written for a prompt, the instruction read from it, every decision, and where
    each instance was placed."""

    text: str
    instruction: Instruction  # the first shot's
    decisions: tuple[Decision, ...]
    placed: tuple[Placed, ...] = ()  # the first shot's boxes
    shots: tuple[Instruction, ...] = ()  # one a sentence, in order


class TranslateError(ValueError):
    """The prompt cannot be translated (empty, or nothing in it can be drawn)."""
