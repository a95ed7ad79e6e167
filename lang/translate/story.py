"""A prompt of several sentences is a story: one shot per sentence, in order.

Reads the prompt text (already normalised) and interprets each sentence with the subjects of the
sentences before it carried along, so "it" and "the boat" name what is already in the picture and
everything named stays in later shots. Settings (place, time, weather, season, genre, mood, style)
carry from shot to shot until a sentence names another. Produces one `Instruction` per shot;
a one-sentence prompt is one shot. A sentence that only describes the shot before (no new thing,
no verb, no camera, no setting that changes: "A cat on a sofa. 4k, cinematic." or "A boat on a
lake. Sunset.") is folded into it, so a description never becomes two near-identical shots.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from .model import Decision, Instruction, Relation, Subject
from .normalize import VERB_FORMS

MAX_SHOTS = 8
# A sentence ends at . ! or ? before a capital letter (or the end): "canyon. snow blanketed …", typed
# in lower case, reads as one run-on description, not a second shot.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“])|(?<=[.!?])$")
_WORD = re.compile(r"[A-Za-z0-9]")
_CARRIED_SETTINGS = ("place", "time", "weather", "season", "genre", "mood", "style")


def sentences(prompt: str) -> tuple[str, ...]:
    """The prompt's sentences that hold a word; a full stop inside a number does not end one."""
    parts = [p.strip() for p in _SENTENCE_END.split(prompt)]
    out = [p for p in parts if p and _WORD.search(p)]
    if len(out) > MAX_SHOTS:  # a long story keeps its last sentences together in the last shot
        out = out[:MAX_SHOTS - 1] + [" ".join(out[MAX_SHOTS - 1:])]
    return tuple(out) or (prompt,)


def read_story(prompt: str, read: Callable[[str, tuple[Subject, ...], tuple[Relation, ...]], Instruction]
               ) -> tuple[Instruction, ...]:
    """One instruction per sentence; `read(sentence, carried, relations)` interprets one sentence with
    the subjects before it and how they stood."""
    shots: list[Instruction] = []
    carried: tuple[Subject, ...] = ()
    relations: tuple[Relation, ...] = ()
    for sentence in sentences(prompt):
        ins = read(sentence, carried, relations)
        if shots and _only_describes(ins, shots[-1], relations):
            shots[-1] = _folded(shots[-1], ins)
            continue
        if shots:
            before = shots[-1]
            ins = replace(ins, **{key: getattr(ins, key) or getattr(before, key) for key in _CARRIED_SETTINGS})
        shots.append(ins)
        carried = tuple(replace(s, motion=None, direction=None, carried=True) for s in ins.subjects)
        # Where things stood stays true unless a sentence moves them; holding lasts too.
        relations = ins.relations
    return tuple(shots)


def _only_describes(ins: Instruction, before: Instruction, relations: tuple[Relation, ...]) -> bool:
    """Does a later sentence add nothing that happens: no new thing, motion, camera, duration or
    relation, no verb, and no setting other than the one before?"""
    if any(not s.carried or s.motion or s.direction for s in ins.subjects) or ins.camera or ins.duration_s:
        return False
    if ins.relations != relations or any(part == "motion" or word in VERB_FORMS for word, part in ins.tags):
        return False
    return not any(getattr(ins, key) and getattr(before, key) and getattr(ins, key) != getattr(before, key)
                   for key in _CARRIED_SETTINGS)


def _folded(before: Instruction, ins: Instruction) -> Instruction:
    """The shot before with a describing sentence's settings and words added."""
    note = Decision("shots", "one shot", (ins.prompt,), "the sentence only describes the shot before")
    return replace(before, **{key: getattr(before, key) or getattr(ins, key) for key in _CARRIED_SETTINGS},
                   prompt=f"{before.prompt} {ins.prompt}", decisions=(*before.decisions, *ins.decisions, note),
                   tags=(*before.tags, *ins.tags), parse=f"{before.parse} {ins.parse}".strip())
