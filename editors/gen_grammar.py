"""Generate the TextMate grammar `editors/scene.tmLanguage.json` from the language's tables.

    python editors/gen_grammar.py            # print the grammar
    python editors/gen_grammar.py --write    # write editors/scene.tmLanguage.json

Reads the signature tables (`scenec.lang.signatures`, `scenec.lang.concepts`)
for the word lists (primitives, motions, grade ops, color functions, camera
moves, transitions, shot types, easings); the statement keywords are the
grammar's own. Guarantees: `tests/test_textmate.py` checks the committed file
equals this output, so the editor's words cannot drift from the checker's.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from scenec.lang.concepts import EASINGS
from scenec.lang.signatures import (CAMERA_MOVES, COLOR_FUNCTIONS, GRADE_OPS, MOTIONS, PRIMITIVES, SHOT_TYPES,
                                    TRANSITIONS)

OUT = Path(__file__).with_name("scene.tmLanguage.json")
WORD_START = "(?<![A-Za-z0-9_-])"
WORD_END = "(?![A-Za-z0-9_-])"
NAME = "[A-Za-z_][A-Za-z0-9_-]*"

# Keywords of `lang/scene.lark` by role (the tables have no rows for them).
STATEMENTS = ("background", "transition", "keyframes", "duration", "animate", "weather", "camera", "audio", "focus",
              "genre", "grade", "style", "beat", "mood", "seed", "size", "time", "arc", "fps")
MODIFIERS = ("opacity", "motion", "rotate", "blend", "depth", "enter", "scale", "blur", "exit")
CLAUSES = ("ambient", "extends", "volume", "music", "tempo", "ease", "enum", "fade", "from", "over", "tone", "wave",
           "for", "key", "off", "out", "sfx", "via", "at", "in", "of", "to")
# A string's escapes, as `lang/literals.py` reads them.
ESCAPE = r'\\(?:["\\nrt0]|u[0-9A-Fa-f]{4})'
# A hex color has 3, 4, 6 or 8 digits (`lang/literals.py`); any other count is an error.
HEX_COLOR = "#(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3,4})(?![0-9A-Za-z])"


def alternation(words) -> str:
    """Longest first, so `in-out-sine` wins over `in`."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def words(*items) -> str:
    return f"{WORD_START}({alternation(items)}){WORD_END}"


def captures(*names: str) -> dict:
    return {str(i): {"name": name} for i, name in enumerate(names, 1)}


def grammar() -> dict:
    shot_types = alternation(SHOT_TYPES)
    camera = list(CAMERA_MOVES) + list(TRANSITIONS)
    builtins = list(MOTIONS) + list(GRADE_OPS) + list(COLOR_FUNCTIONS)
    order = ("comments", "strings", "colors", "numbers", "palette-refs", "declarations", "parameter-names",
             "keywords", "shot-types", "easings", "calls", "constants", "names", "punctuation")
    repository = {
        "comments": [
            {"name": "comment.line.double-slash.scene", "match": "//.*$"},
            {"name": "comment.block.scene", "begin": "/\\*", "end": "\\*/",
             "beginCaptures": {"0": {"name": "punctuation.definition.comment.begin.scene"}},
             "endCaptures": {"0": {"name": "punctuation.definition.comment.end.scene"}}},
        ],
        "strings": [
            {"name": "string.quoted.double.scene", "begin": "\"", "end": "\"|$",
             "beginCaptures": {"0": {"name": "punctuation.definition.string.begin.scene"}},
             "endCaptures": {"0": {"name": "punctuation.definition.string.end.scene"}},
             "patterns": [{"name": "constant.character.escape.scene", "match": ESCAPE},
                          {"name": "invalid.illegal.escape.scene", "match": "\\\\."}]},
        ],
        "colors": [
            {"name": "constant.other.color.rgb-value.hex.scene", "match": HEX_COLOR},
            {"name": "invalid.illegal.color.scene", "match": "#[0-9A-Za-z]+"},
        ],
        "numbers": [
            {"name": "constant.numeric.size.scene", "match": "(?<![A-Za-z0-9_-])\\d+x\\d+(?![A-Za-z0-9_-])"},
            {"match": "(?<![A-Za-z0-9_.-])(-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)"
                      "(ms|s|f|%|px|deg|turn|x|dB|Hz|bpm)?(?![A-Za-z0-9_])",
             "captures": captures("constant.numeric.scene", "keyword.other.unit.scene")},
            {"name": "invalid.illegal.unit.scene", "match": "-?\\d+(?:\\.\\d*)?[A-Za-z%]+"},
        ],
        "palette-refs": [
            {"match": f"(@)({NAME})",
             "captures": captures("punctuation.definition.variable.scene", "variable.other.constant.palette.scene")},
        ],
        "declarations": [
            {"match": f"{WORD_START}(layer)\\s+({NAME})\\s*(:)",
             "captures": captures("keyword.other.layer.scene", "entity.name.tag.layer.scene",
                                  "punctuation.separator.key-value.scene")},
            {"match": f"{WORD_START}(shot)(?:\\s+(?!(?:{shot_types}){WORD_END})({NAME}))?{WORD_END}",
             "captures": captures("keyword.other.shot.scene", "entity.name.section.shot.scene")},
            {"match": f"{WORD_START}(template)\\s+({NAME})",
             "captures": captures("storage.type.template.scene", "entity.name.function.template.scene")},
            {"match": f"{WORD_START}(palette)\\s+({NAME})(?:\\s+(extends)\\s+({NAME}))?",
             "captures": captures("storage.type.palette.scene", "entity.name.type.palette.scene",
                                  "storage.modifier.extends.scene", "entity.name.type.palette.scene")},
            {"match": f"{WORD_START}(let)\\s+({NAME})",
             "captures": captures("storage.type.let.scene", "variable.other.constant.scene")},
            {"match": f"{WORD_START}(import){WORD_END}", "captures": captures("keyword.control.import.scene")},
            # `scene` declares the film, as `template` and `palette` declare theirs; it imports nothing.
            {"match": f"{WORD_START}(scene){WORD_END}", "captures": captures("storage.type.scene.scene")},
        ],
        "parameter-names": [
            {"match": f"({NAME})\\s*(?=:)", "captures": captures("variable.parameter.scene")},
        ],
        "keywords": [
            {"name": "keyword.other.statement.scene", "match": words(*STATEMENTS)},
            {"name": "keyword.other.modifier.scene", "match": words(*MODIFIERS)},
            {"name": "keyword.other.clause.scene", "match": words(*CLAUSES)},
            {"name": "keyword.other.camera.scene", "match": words(*camera)},
        ],
        "shot-types": [{"name": "support.constant.shot-type.scene", "match": words(*SHOT_TYPES)}],
        "easings": [{"name": "support.constant.easing.scene", "match": words(*EASINGS)}],
        "calls": [
            {"match": f"{words(*PRIMITIVES)}(?=\\s*\\()", "captures": captures("support.function.primitive.scene")},
            {"match": f"{words(*builtins)}(?=\\s*\\()", "captures": captures("support.function.builtin.scene")},
            {"match": f"({NAME})(?=\\s*\\()", "captures": captures("entity.name.function.call.scene")},
        ],
        "constants": [
            {"name": "constant.language.boolean.scene", "match": words("true", "false")},
            {"name": "constant.language.none.scene", "match": words("none")},
        ],
        "names": [{"name": "variable.other.scene", "match": NAME}],
        "punctuation": [
            {"name": "punctuation.section.braces.scene", "match": "[{}]"},
            {"name": "punctuation.section.parens.scene", "match": "[()]"},
            {"name": "punctuation.section.brackets.scene", "match": "[\\[\\]]"},
            {"name": "punctuation.separator.comma.scene", "match": ","},
            {"name": "punctuation.separator.key-value.scene", "match": ":"},
            {"name": "punctuation.terminator.statement.scene", "match": ";"},
            {"name": "keyword.operator.assignment.scene", "match": "="},
            {"name": "punctuation.accessor.scene", "match": "\\."},
        ],
    }
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "Scene",
        "scopeName": "source.scene",
        "fileTypes": ["scene"],
        "patterns": [{"include": f"#{key}"} for key in order],
        "repository": {key: {"patterns": repository[key]} for key in order},
    }


def render() -> str:
    return json.dumps(grammar(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        OUT.write_text(render(), encoding="utf-8")
        return 0
    if argv:
        print("usage: python editors/gen_grammar.py [--write]", file=sys.stderr)
        return 2
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
