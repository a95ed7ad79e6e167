"""Audio checks: the sounds of a scene or a shot, their clauses, and how many there are."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scenec.knowledge.suggest import suggest
from scenec.lang import ast
from scenec.lang.evaluate import Scope
from scenec.lang.limits import MAX_AUDIO_PER_BLOCK
from scenec.lang.signatures import AUDIO_CLAUSES, TONE_FREQUENCY
from scenec.lang.values import Duration

if TYPE_CHECKING:
    from scenec.lang.checker import FileChecker

_KEY = re.compile(r"^(?P<root>[A-G])(?P<acc>#|b)?(\s+(?P<mode>major|minor))?$")


def parse_key(text: str) -> tuple[str, str] | None:
    """`"F# minor"` → ("F#", "minor"); None when it is not a key."""
    match = _KEY.match(text.strip())
    if match is None:
        return None
    return match.group("root") + (match.group("acc") or ""), match.group("mode") or "major"


def check_audio_count(fc: FileChecker, body, where: str) -> None:
    """At most MAX_AUDIO_PER_BLOCK sounds in one scene's or one shot's own statements (`where`:
    "the scene", "this shot"), counted before any is synthesised."""
    sounds = [s for s in body if isinstance(s, ast.Audio) and s.kind != "off"]
    if len(sounds) > MAX_AUDIO_PER_BLOCK:
        first = sounds[MAX_AUDIO_PER_BLOCK]
        fc.fail("E2018", f"{where} has {len(sounds)} sounds, more than the {MAX_AUDIO_PER_BLOCK} "
                f"a {where.split()[-1]} may mix", first.span.head(len(first.kind)),
                "mix fewer: each sound is synthesised for as long as it lasts, and past a few beds "
                "they blur into one noise", label="one sound too many")


def check_audio(fc: FileChecker, stmt: ast.Audio, scope: Scope, shot_seconds: float | None, fps: int) -> None:
    kind = stmt.kind
    if kind == "off":
        return
    ev = fc.evaluator(scope)
    if kind in ("ambient", "sfx"):
        names = fc.knowledge.names("ambient" if kind == "ambient" else "sfx")
        if names and stmt.subject.value not in names:
            guess = suggest(stmt.subject.value, names)
            fc.fail("E2003", f"unknown {kind} sound \"{stmt.subject.value}\"", stmt.subject.span,
                    f'did you mean "{guess}"?' if guess else "", f"{kind} sounds: {', '.join(names)}")
    elif kind == "music":
        moods = fc.knowledge.names("music") or fc.knowledge.names("mood")
        if moods and stmt.subject.name not in moods:
            guess = suggest(stmt.subject.name, moods)
            fc.fail("E2003", f"unknown music mood `{stmt.subject.name}`", stmt.subject.span,
                    f"did you mean `{guess}`?" if guess else "", f"moods: {', '.join(moods)}")
    elif kind == "tone":
        ev.value(stmt.subject, TONE_FREQUENCY.type, TONE_FREQUENCY)
    specs = AUDIO_CLAUSES[kind]
    seen: dict[str, ast.Clause] = {}
    for clause in stmt.clauses:
        if clause.keyword in seen:
            fc.fail("E2010", f"`{clause.keyword}` is given twice", clause.span)
            continue
        seen[clause.keyword] = clause
        spec = specs.get(clause.keyword)
        if spec is None:
            fc.fail("E2005", f"`audio {kind}` takes no `{clause.keyword}`", clause.span,
                    f"it takes {', '.join(specs)}")
            continue
        if clause.keyword == "wave":
            ev.value(ast.NameValue(clause.word.name, clause.word.span), spec.type)
            continue
        value = ev.value(clause.value, spec.type, spec)
        if clause.keyword == "key" and isinstance(value, str) and parse_key(value) is None:
            fc.fail("E2002", f'"{value}" is not a musical key', clause.value.span,
                    'write a key such as "C major", "F# minor" or "Bb"')
        if clause.keyword == "at" and isinstance(value, Duration) and shot_seconds is not None:
            if value.seconds(fps) > shot_seconds + 1e-9:
                fc.fail("E4002", f"`at {value.seconds(fps):g}s` is past the end of the {shot_seconds:g}s shot",
                        clause.value.span)
    if kind == "sfx" and "at" not in seen:
        fc.fail("E2004", f'`audio sfx "{stmt.subject.value}"` needs `at TIME`', stmt.span,
                f'for example `audio sfx "{stmt.subject.value}" at 1s`')
