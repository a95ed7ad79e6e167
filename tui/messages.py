"""Messages that travel up from a widget to the app, past tense, as data.

Widget-local messages live in their widget's module; these are the ones
more than one widget or the app reacts to.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from scenec.compiler.plan import Plan
from scenec.tui.work import CheckOutcome, RenderProgress


@dataclass
class CheckFinished(Message):
    """The editor's text was checked (and compiled when clean)."""

    outcome: CheckOutcome
    generation: int  # the edit count the check saw; older results are dropped
    film: bytes | None = None  # the plan pickled without its source positions (None: not known)


@dataclass
class KnowledgeChanged(Message):
    """The learned overlays changed (a suggestion was accepted): the app builds a new world."""


@dataclass
class LocationChosen(Message):
    """A place in the source was picked (a diagnostic); 1-based like spans. `file` is the path the
    span names (None: the buffer shown)."""

    line: int
    column: int
    end_line: int
    end_column: int
    file: str | None = None


@dataclass
class ShotChosen(Message):
    """A shot or transition was picked in the plan view: show this frame."""

    frame: int


@dataclass
class FrameRendered(Message):
    """The preview drew a frame."""

    frame: int
    seconds: float


@dataclass
class RenderProgressed(Message):
    progress: RenderProgress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RenderProgressed)


@dataclass
class RenderEnded(Message):
    """A render finished, failed or was cancelled; `summary` says which."""

    ok: bool
    summary: str
    output: str | None = None
    result: object | None = None  # the runtime's RenderResult when it finished (for the run's record)


@dataclass
class SceneTranslated(Message):
    """The prompt box turned a prompt into scene text."""

    prompt: str
    text: str


@dataclass
class PlanChanged(Message):
    plan: Plan | None
