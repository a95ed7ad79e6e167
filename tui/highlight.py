"""Syntax highlighting for `.scene` text: source lines to styled ranges.

A small regex scanner rather than the Lark lexer: the highlighter must cope
with text that is half typed, where the lexer stops at the first bad
character. The keyword set comes from the grammar's own literal terminals,
so a keyword added to `scene.lark` is highlighted without touching this file.

Ranges are `(start_byte, end_byte, name)` per 0-based line, the form
Textual's TextArea keeps for tree-sitter captures; names are tree-sitter
capture names (`keyword`, `string`, ...) so every TextArea theme styles them.
"""

from __future__ import annotations

import functools
import re

from lark.lexer import PatternStr

from scenec.lang.parser import grammar

Highlight = tuple[int, int | None, str]

# Most specific first: a block comment before `/`, a colour before a name.
_TOKEN = re.compile(r"""
    (?P<comment>//[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*"?)
  | (?P<color>\#[0-9A-Za-z]+)
  | (?P<number>-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[A-Za-z%]*)
  | (?P<ref>@[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)(?P<call>\s*\()?
""", re.VERBOSE)


@functools.cache
def keywords() -> frozenset[str]:
    """Every word the grammar spells out literally (`scene`, `shot`, `fade`, ...)."""
    words = set()
    for terminal in grammar().terminals:
        pattern = terminal.pattern
        if isinstance(pattern, PatternStr) and re.fullmatch(r"[a-z][a-z-]*", pattern.value):
            words.add(pattern.value)
    return frozenset(words)


def highlight_text(text: str) -> dict[int, list[Highlight]]:
    """Highlight ranges per 0-based line, in UTF-8 byte offsets."""
    result: dict[int, list[Highlight]] = {}
    words = keywords()
    in_block = False
    for row, line in enumerate(text.split("\n")):
        spans: list[tuple[int, int, str]] = []
        position = 0
        if in_block:
            close = line.find("*/")
            end = len(line) if close < 0 else close + 2
            spans.append((0, end, "comment"))
            in_block = close < 0
            position = end
        while position < len(line) and not in_block:
            opening = line.find("/*", position)
            chunk_end = len(line) if opening < 0 else opening
            _scan(line, position, chunk_end, words, spans)
            if opening < 0:
                break
            close = line.find("*/", opening + 2)
            end = len(line) if close < 0 else close + 2
            spans.append((opening, end, "comment"))
            in_block = close < 0
            position = end
        if spans:
            result[row] = _to_bytes(line, spans)
    return result


def _scan(line: str, start: int, end: int, words: frozenset[str], spans: list[tuple[int, int, str]]) -> None:
    for match in _TOKEN.finditer(line, start, end):
        kind = match.lastgroup
        if kind == "call":  # `name(`: lastgroup is the optional paren group
            spans.append((match.start("name"), match.end("name"), "function"))
        elif kind == "name":
            word = match.group("name")
            if word in words:
                spans.append((match.start(), match.end(), "keyword"))
            elif word in ("true", "false"):
                spans.append((match.start(), match.end(), "boolean"))
        elif kind == "color":
            spans.append((match.start(), match.end(), "constant"))
        elif kind == "ref":
            spans.append((match.start(), match.end(), "variable"))
        elif kind is not None:
            spans.append((match.start(), match.end(), kind))
        if kind == "comment":
            return


def _to_bytes(line: str, spans: list[tuple[int, int, str]]) -> list[Highlight]:
    if line.isascii():
        return [(s, e, name) for s, e, name in spans]
    offsets = [0]
    for char in line:
        offsets.append(offsets[-1] + len(char.encode("utf-8")))
    return [(offsets[s], offsets[e], name) for s, e, name in spans]
