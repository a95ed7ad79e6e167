"""Prompt → `.scene` translation with no neural model: a careful front end over the knowledge
registries. `normalize` turns emoji into words and corrects spelling against the lexicon, `story`
splits sentences into shots, `interpret` reads each sentence into an `Instruction` (subjects,
relations, actions, setting, camera), `create` writes the scene, and `translate` is the glue that
refuses a prompt it cannot honestly show.

    >>> from scenec.lang.translate import translate
    >>> "layer dog" in translate("a photo of a dog").text
    True
"""

from __future__ import annotations

from pathlib import Path

from . import normalize
from .context import Knowledge, build_world, template_names
from .create import create, create_story
from .interpret import interpret, lexicon_for
from .model import Decision, Instruction, Placed, Relation, Subject, TranslateError, Translation
from .story import read_story

__all__ = ["Decision", "Instruction", "Knowledge", "Placed", "Relation", "Subject", "TranslateError",
           "Translation", "create", "create_story", "interpret", "interpret_with", "read", "translate"]

MAX_PROMPT_CHARS = 2000


def interpret_with(prompt: str, kb: Knowledge, carried: tuple[Subject, ...] = (),
                   carried_relations: tuple[Relation, ...] = ()) -> Instruction:
    return interpret(prompt, kb.vocabulary, kb.objects, kb.places.words(), template_names(kb), carried,
                     carried_relations)


def _shown(ins: Instruction) -> bool:
    """Can anything of the shot be drawn honestly? A time or season read only as part of an idea ("the
    feeling of a monday morning") is not enough on its own."""
    settings = (name for name in ("time", "season") if getattr(ins, name) and name not in ins.idea_settings)
    return bool(ins.subjects or ins.place or ins.weather or any(settings))


def read(prompt: str, kb: Knowledge) -> tuple[tuple[Instruction, ...], tuple[Decision, ...]]:
    """The shots a prompt asks for and the decisions made normalising it; raises `TranslateError`
    when nothing in it can be shown honestly."""
    lexicon = lexicon_for(kb.vocabulary, kb.objects, kb.places.words())
    text, emoji = normalize.emoji_words(prompt, lexicon)
    text, spelling = normalize.spell(text, lexicon, kb.vocabulary.abstract)
    unknown, share = normalize.unread_words(text, lexicon, kb.vocabulary.abstract)
    if share < normalize.MIN_READ_SHARE:
        unread = [f"'{w}'" for w in unknown[:8]]
        unread += [f"'{d.because[0]}' ({d.value})" for d in emoji if d.field == "ignored"]
        shown = " ".join(prompt.split())
        words = ", ".join(unread) or f"'{shown[:40]}{'…' if len(shown) > 40 else ''}'"
        raise TranslateError(f"scenec reads English prompts and understood too little of this one "
                             f"(did not understand {words}); describe the film in English")
    shots = read_story(text, lambda sentence, carried, relations: interpret_with(sentence, kb, carried, relations))
    if not any(_shown(ins) for ins in shots):
        ideas = [d.value for ins in shots for d in ins.decisions
                 if d.field == "ignored" and d.value not in unknown and d.value not in normalize.CLOSED]
        said = []
        if unknown:
            said.append("it did not understand " + ", ".join(f"'{w}'" for w in unknown))
        if ideas:
            named = list(dict.fromkeys(ideas))
            said.append(", ".join(f"'{w}'" for w in named) + (" names" if len(named) == 1 else " name")
                        + " nothing it can draw")
        raise TranslateError("nothing in the prompt names a thing, place, time or weather scenec can show"
                             + (f" ({'; '.join(said)})" if said else "")
                             + "; name what the film should show, e.g. 'a red kite over a beach at dusk'")
    return shots, emoji + spelling


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
    shots, normalised = read(prompt, kb)
    text, decisions, placed = create_story(shots, kb, seed)
    interpreted = _credit_spelling(normalised, tuple(d for ins in shots for d in ins.decisions))
    return Translation(text, shots[0], normalised + interpreted + decisions, placed, shots)


def _credit_spelling(normalised: tuple[Decision, ...], decisions: tuple[Decision, ...]) -> tuple[Decision, ...]:
    """A subject read from a corrected word names the word the user typed, so that the learning loop
    sees a word the translator keeps guessing ("'truk' is unknown; drawn as truck")."""
    fixes = {d.value: d.because[0] for d in normalised if d.field == "spelling" and d.because}
    if not fixes:
        return decisions
    out = []
    for d in decisions:
        typed = fixes.get(d.because[-1].lower()) if d.field == "subject" and d.because else None
        if typed is not None and not d.value.startswith("figure"):
            d = Decision(d.field, d.value, (*d.because[:-1], typed),
                         f"'{typed.lower()}' is unknown; drawn as {d.value} (spelled like '{d.because[-1]}')")
        out.append(d)
    return tuple(out)
