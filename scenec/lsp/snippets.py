"""Snippets: what a completion of a call inserts, and reading and expanding them.

`snippet(name, required)` is the LSP snippet of a call with a tab stop per
required parameter (`line(from: ${1:from}, to: ${2:to})`, `circle($1)`).
`builtin_headers(world)` reads the built-in templates' parameters from
their libraries' declaration lines with the grammar's own lexer, once per
world, so completion offers their snippets without parsing every library.
`expand(snippet)` turns a snippet into the text an editor without snippet
support inserts, and where its first tab stop is (the dashboard).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lsprotocol import types

from scenec.knowledge.world import Knowledge
from scenec.lang.signatures import ParamSpec

_STOP = re.compile(r"\$\{(\d+):([^}]*)\}|\$(\d+)")


def required(specs: tuple[ParamSpec, ...]) -> tuple[str, ...]:
    return tuple(s.name for s in specs if s.required)


def snippet(name: str, params: tuple[str, ...], kind, detail: str) -> types.CompletionItem:
    """`line(from: ${1:from}, to: ${2:to})`: the call with a tab stop for each required parameter
    (`circle($1)`: the cursor between the parentheses where none is required)."""
    args = ", ".join(f"{p}: ${{{i}:{p}}}" for i, p in enumerate(params, 1)) or "$1"
    return types.CompletionItem(label=name, kind=kind, detail=detail or None, insert_text=f"{name}({args})",
                                insert_text_format=types.InsertTextFormat.Snippet)


_DECLARED = re.compile(r"^template\s+([A-Za-z_][A-Za-z0-9_-]*)\s*\(", re.M)


def builtin_headers(world: Knowledge) -> Mapping[str, tuple[tuple[str, bool], ...]]:
    """Template name → its parameters as (name, required), read from the world's libraries' declarations.

    Only each declaration's parameter list is lexed (the grammar's own lexer): a tenth of what
    parsing every library costs; the result is kept on the world."""
    return world.memo("lsp.template_headers", lambda: _headers(world.template_sources))


def _headers(sources: Mapping[str, str]) -> dict[str, tuple[tuple[str, bool], ...]]:
    from scenec.lang.tokens import TokenKind, lex
    found: dict[str, tuple[tuple[str, bool], ...]] = {}
    for text in sources.values():
        for declared in _DECLARED.finditer(text):
            end = text.find("{", declared.end())
            params: list[tuple[str, bool]] = []
            depth, name, required = 0, None, True
            for token in lex(text[declared.end() - 1:end if end >= 0 else len(text)]):
                if token.text in ("(", "["):
                    depth += 1
                elif token.text in (")", "]"):
                    depth -= 1
                if depth == 1 and token.text == "=":
                    required = False
                elif depth == 1 and token.kind is not TokenKind.COMMENT and name is None and token.text != "(":
                    name = token.text
                if depth == 0 or (depth == 1 and token.text == ","):
                    if name is not None:
                        params.append((name, required))
                    name, required = None, True
                if depth == 0:
                    break
            found[declared.group(1)] = tuple(params)
    return found


def header_detail(name: str, params: tuple[tuple[str, bool], ...] | None) -> str:
    if params is None:
        return "built-in template"
    return f"built-in template {name}(" + ", ".join(p if required else f"{p}?" for p, required in params) + ")"


def expand(text: str) -> tuple[str, tuple[int, int] | None]:
    """A snippet's plain text and the (start, end) of its first tab stop's placeholder in it
    (start == end for a bare `$1`); None where it has no tab stop."""
    plain: list[str] = []
    at, length, first = 0, 0, None
    best = None
    for match in _STOP.finditer(text):
        plain.append(text[at:match.start()])
        length += match.start() - at
        number = int(match.group(1) or match.group(3))
        placeholder = match.group(2) or ""
        if best is None or number < best:
            best, first = number, (length, length + len(placeholder))
        plain.append(placeholder)
        length += len(placeholder)
        at = match.end()
    plain.append(text[at:])
    return "".join(plain), first
