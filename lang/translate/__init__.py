"""Prompt → `.scene` translation with no neural model: a careful interpreter over the knowledge
registries (`interpret`), a scene writer (`create`) and the glue (`translate`).

    >>> from scenec.lang.translate import translate
    >>> "layer dog" in translate("a photo of a dog").text
    True
"""

from __future__ import annotations

from pathlib import Path

from .context import Knowledge, build_world, template_names
from .create import create
from .interpret import interpret
from .model import Decision, Instruction, Placed, Relation, Subject, TranslateError, Translation

__all__ = ["Decision", "Instruction", "Knowledge", "Placed", "Relation", "Subject", "TranslateError",
           "Translation", "create", "interpret", "interpret_with", "translate"]

MAX_PROMPT_CHARS = 2000


def interpret_with(prompt: str, kb: Knowledge) -> Instruction:
    return interpret(prompt, kb.vocabulary, kb.objects, kb.places.words(), template_names(kb))


def translate(prompt: str, *, seed: int = 0, data_dir: Path | None = None,
              knowledge: Knowledge | None = None) -> Translation:
    """The `.scene` text for a prompt; deterministic for the same prompt, seed and knowledge.

    `knowledge` is the world built at the edge; without it, one is built from
    `data_dir` (the built-ins alone when that is None too).
    """
    if not prompt or not prompt.strip():
        raise TranslateError("the prompt is empty; describe what the film should show")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise TranslateError(f"the prompt is {len(prompt)} characters long; keep it under {MAX_PROMPT_CHARS}")
    if seed < 0:
        raise TranslateError(f"the seed must be 0 or more, found {seed}")
    kb = knowledge or build_world(Path(data_dir) if data_dir is not None else None)
    instruction = interpret_with(prompt, kb)
    text, decisions, placed = create(instruction, kb, seed)
    return Translation(text, instruction, instruction.decisions + decisions, placed)
