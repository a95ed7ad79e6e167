"""Print the signature tables of docs/language.md from `scenec.lang.signatures` and `scenec.lang.concepts`.

    python docs/gen_tables.py            # print the tables
    python docs/gen_tables.py --write    # replace the text between the markers in language.md

tests/test_examples.py compares the guide's marked section with `render()`, so
the tables cannot drift from what the checker accepts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scenec.lang.signatures import (AUDIO_CLAUSES, BEATS, BLEND_MODES, CAMERA_MOVES, COLOR_FUNCTIONS, EFFECTS,
                                    GRADE_OPS, MOTIONS, PRIMITIVES, SHAKE_FREQUENCY, SHOT_TYPES, TONE_FREQUENCY,
                                    TRANSITIONS, VALUE_MODIFIERS, ParamSpec)
from scenec.lang.concepts import DEFAULT_EASE, EASINGS, PRIMITIVE_FACTS

START, END = "<!-- tables:start -->\n", "<!-- tables:end -->"
GUIDE = Path(__file__).with_name("language.md")
PIPE = "\\|"  # a bare `|` would end a table cell, even inside code


def _range(spec: ParamSpec) -> str:
    if spec.low is None and spec.high is None:
        return ""
    if spec.high is None:
        return f"≥ {spec.low:g}"
    if spec.low is None:
        return f"≤ {spec.high:g}"
    return f"{spec.low:g}..{spec.high:g}"


def _type(spec: ParamSpec) -> str:
    words = spec.type.words
    if words and words[0].startswith("__"):
        # Words filled from the knowledge registry (the lut names), not from the table.
        return f"{words[0].strip('_')} name from the knowledge registry"
    return str(spec.type)


def _params(specs: tuple[ParamSpec, ...]) -> str:
    if not specs:
        return "—"
    parts = []
    for spec in specs:
        part = f"`{spec.name}: {_type(spec)}`"
        part += " (required)" if spec.required else f" = `{spec.default}`"
        bounds = _range(spec)
        if bounds:
            part += f" [{bounds}]"
        parts.append(part)
    return ", ".join(parts)


def _table(title: str, head: tuple[str, str], rows: list[tuple[str, str]]) -> str:
    lines = [f"### {title}", "", f"| {head[0]} | {head[1]} |", "| --- | --- |"]
    lines += [f"| {left} | {right} |" for left, right in rows]
    return "\n".join(lines) + "\n"


def render() -> str:
    """The markdown of every signature table, ending with a newline."""
    sections = [
        _table("Primitives", ("primitive", "parameters (type = default [range])"),
               [(f"`{name}`", _params(specs)) for name, specs in PRIMITIVES.items()]),
        _table("Primitive roles", ("role", "primitives"),
               [(role, ", ".join(f"`{n}`" for n, facts in PRIMITIVE_FACTS.items() if getattr(facts, attr)) or "—")
                for role, attr in _ROLES]),
        _table("Motions", ("motion", "parameters"), [(f"`{name}`", _params(specs)) for name, specs in MOTIONS.items()]),
        _table("Modifiers", ("modifier", "value"),
               [(f"`{name}`", _params((spec,)).split(": ", 1)[1].rstrip("`").replace("` (required)", "")
                 .replace("`", "")) for name, spec in VALUE_MODIFIERS.items()]
               + [("`blend`", ", ".join(f"`{m}`" for m in BLEND_MODES)),
                  ("`enter`, `exit`", ", ".join(f"`{e}`" for e in EFFECTS) + ", then a duration"),
                  ("`motion`", "a motion from the table above, with its arguments")]),
        _table("Camera moves", ("move", "directions and amount"),
               [(f"`{name}`", (" \\| ".join(f"`{d}`" for d in directions) + "; " if directions else "")
                 + (_params((amount,)) if amount else ("a layer name" if name == "follow" else "—"))
                 + ("; then an optional " + _params((SHAKE_FREQUENCY,)) if name == "shake" else ""))
                for name, (amount, directions) in CAMERA_MOVES.items()]),
        _table("Transitions", ("transition", "form"),
               [(f"`{name}`", _transition_form(name, directions)) for name, directions in TRANSITIONS.items()]),
        _table("Grade operations", ("operation", "argument"),
               [(f"`{name}`", _params(specs)) for name, specs in GRADE_OPS.items()]),
        _table("Audio", ("statement", "options"),
               [(f"`audio {kind}`", _audio_head(kind) + ", ".join(f"`{key} {_type(spec)}`" for key, spec in
                                                                  clauses.items()))
                for kind, clauses in AUDIO_CLAUSES.items()] + [("`audio off`", "—")]),
        _table("Color functions", ("function", "parameters"),
               [(f"`{name}`", _params(specs)) for name, specs in COLOR_FUNCTIONS.items()]),
        _table("Shot types and beats", ("word set", "words"),
               [("shot types", ", ".join(f"`{t}`" for t in SHOT_TYPES)),
                ("beats", ", ".join(f"`{b}`" for b in BEATS))]),
        _table("Easings", ("easing", "words"),
               [("default", f"`{DEFAULT_EASE}` (an `animate`, keyframe or camera move without `ease`)"),
                ("all", ", ".join(f"`{e}`" for e in EASINGS))]),
    ]
    return "\n".join(sections)


# PrimitiveFacts fields, as the guide names them.
_ROLES = (
    ("backdrop: fills the frame, sits at the back, never hazed", "backdrop"),
    ("among a shot's first two layers, is its background (`time` adds no sky)", "paints_background"),
    ("named as a subject of the shot in the plan's intent", "subject"),
    ("draws `enter draw`/`exit draw` along its length", "self_revealing"),
)


def _transition_form(name: str, directions: tuple[str, ...]) -> str:
    if name == "cut":
        return "`transition cut`"
    if directions:
        return f"`transition {name} {PIPE.join(directions)} DURATION`"
    if name == "fade":
        return "`transition fade DURATION [via COLOR]`"
    return f"`transition {name} DURATION`"


def _audio_head(kind: str) -> str:
    return {"ambient": "a sound name (string); ", "music": "a mood; ",
            "tone": f"{_params((TONE_FREQUENCY,))}; ", "sfx": "a sound name (string); "}[kind]


def write(guide: Path = GUIDE) -> None:
    text = guide.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    guide.write_text(head + START + render() + END + tail, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
    else:
        sys.stdout.write(render())
