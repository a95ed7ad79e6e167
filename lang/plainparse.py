"""The one-pass parse of a clean file on plain tables: the same tree as Lark's, without importing Lark.

Reads a `Source`; produces the `ParseResult` `parser.parse_source` would for
a file that lexes and parses cleanly, or None for any other (a character no
terminal takes, an unexpected token, nesting deeper than `scan.MAX_DEPTH`,
a keyword glued to the word after it), which `parser.parse_source` then
hands to Lark's loop and error recovery, so every diagnostic is still
Lark's. The loop is `onepass.parse`'s, run on `tables.Tables` (Lark's parse
table, per-state scanners and tree-shaping rules as plain data) with the
same `Build` transformer, so a small file's first check costs reading one
marshalled file and compiling the scanners of the states it reaches, not
importing Lark and loading its grammar. Tested equal to Lark's parse on
every example, every scene in the docs and fuzzed text
(`tests/lang/test_plainparse.py`).
"""

from __future__ import annotations

import functools
import re
import threading

from scenec.lang import ast
from scenec.lang.build import Build
from scenec.lang.gcpause import gc_paused
from scenec.lang.parser import _GLUED  # a keyword glued to a word: reported by Lark's path
from scenec.lang.span import Source
from scenec.lang.tables import Tables, compile_pattern, compiled_args, load

_MAX_DEPTH = 64  # `scan.MAX_DEPTH` (scan imports Lark); tests/lang/test_plainparse.py checks they agree


class Token(str):
    """A token as Lark's `Token` carries it (a `str` with its type and place): what `Build` reads."""


def _token(type_: str, value: str, start: int, line: int, column: int, end_line: int, end_column: int,
           end: int) -> Token:
    t = str.__new__(Token, value)
    t.type = type_
    t.start_pos = start
    t.value = value
    t.line = line
    t.column = column
    t.end_line = end_line
    t.end_column = end_column
    t.end_pos = end
    return t


class _Inline:
    """What a `_rule` without a transformer method builds: its children, for its parent to inline."""

    __slots__ = ("children",)

    def __init__(self, children: list) -> None:
        self.children = children


class _Stop(Exception):
    """The text is not clean: Lark parses it again and recovers."""


def _shaped(method, expand1: bool, include, append_none: int):
    """`method` behind Lark's wrappers for its rule (`parse_tree_builder`): the child filter, then
    the `?rule` expansion."""
    f = method
    if expand1:
        def f(children, method=method):
            return children[0] if len(children) == 1 else method(children)
    if include is None:
        return f

    def filtered(children, f=f):
        out = []
        for i, inline, nones in include:
            if nones:
                out += [None] * nones
            if inline:
                if out:
                    out += children[i].children
                else:
                    out = children[i].children
            else:
                out.append(children[i])
        if append_none:
            out += [None] * append_none
        return f(out)

    return filtered


class _Parser:
    """The tables, a `Build`, the rules' callbacks and the scanners compiled so far; one parse at a
    time (`lock`)."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.build = Build()
        self.lock = threading.Lock()
        self.reduces = []
        for size, origin, name, expand1, include, append_none in tables.rules:
            method = getattr(self.build, name, None)
            if method is None:
                if not name.startswith("_"):
                    raise LookupError(f"Build has no method for rule {name}")
                method = _Inline
            self.reduces.append((size, origin, _shaped(method, expand1, include, append_none)))
        self.compiled: dict[int, tuple[re.Pattern, ...]] = {}
        self.keywords = frozenset(t for t, kind in tables.callbacks.items() if kind == "keyword")

    def patterns(self, scanner: int) -> tuple[re.Pattern, ...]:
        compiled = self.compiled.get(scanner)
        if compiled is None:
            patterns, _, blob = self.tables.scanners[scanner]
            args = compiled_args(blob)
            magic = self.tables.sre_magic
            compiled = self.compiled[scanner] = tuple(compile_pattern(text, flags, made, magic)
                                                      for (text, flags), made in zip(patterns, args, strict=True))
        return compiled


@functools.cache
def _parser() -> _Parser | None:
    tables = load()
    if tables is None:
        return None
    try:
        return _Parser(tables)
    except LookupError:  # the transformer and the tables disagree: Lark parses
        return None


def available() -> bool:
    """Whether clean files are parsed without Lark in this process."""
    return _parser() is not None


def parse(source: Source):
    """The clean parse of `source` as a `parser.ParseResult`, or None when it is not clean."""
    from scenec.lang.parser import ParseResult, _comments

    plain = _parser()
    if plain is None:
        return None
    with plain.lock, gc_paused():
        plain.build.begin(source.path)
        comments: list[Token] = []
        try:
            items = _run(plain, source.text, comments)
        except _Stop:
            return None
        except Exception:  # noqa: BLE001 - whatever else stops it, Lark's path parses (and reports) it
            return None
        whole = source.span(0, len(source.text))
        return ParseResult(source, ast.File(items, whole), _comments(comments), tuple(plain.build.diagnostics))


def _run(plain: _Parser, text: str, comments: list) -> tuple:
    """`onepass.parse`'s loop (lexer and shift/reduce in one function, local names) on the tables."""
    tables = plain.tables
    states = tables.states
    state_scanner = tables.state_scanner
    scanners = tables.scanners
    compiled = plain.compiled
    patterns = plain.patterns
    reduces = plain.reduces
    newline_types = tables.newline_types
    ignore = tables.ignore_types
    kinds = tables.callbacks
    keywords = plain.keywords
    end_state = tables.end_state
    state_stack = [tables.start_state]
    value_stack: list = []
    pos = 0
    end = len(text)
    line = 1
    line_start = 0
    depth = 0
    while pos < end:
        state = state_stack[-1]
        index = state_scanner[state]
        for mre in compiled.get(index) or patterns(index):
            m = mre.match(text, pos, end)
            if m is not None:
                break
        else:
            raise _Stop
        type_ = m.lastgroup
        start = m.start(type_)
        stop = m.end()
        if start > pos:  # the whitespace skipped before the token
            newlines = text.count("\n", pos, start)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", pos, start) + 1
        token_line = line
        column = start - line_start + 1
        if type_ in newline_types:
            newlines = text.count("\n", start, stop)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", start, stop) + 1
        pos = stop
        value = text[start:stop]
        unless = scanners[index][1].get(type_)
        kind = None
        if unless is not None and value in unless:
            type_ = unless[value]
        elif type_ in kinds:
            kind = kinds[type_]
        if type_ in ignore:
            if kind == "comment":
                comments.append(_token(type_, value, start, token_line, column, line, stop - line_start + 1, stop))
            continue
        if kind is not None:
            if kind == "open":
                depth += 1
                if depth > _MAX_DEPTH:
                    raise _Stop
            elif kind == "close":
                depth -= 1
            elif kind == "keyword" and type_ in keywords and _GLUED.match(text, stop):
                raise _Stop
        token = _token(type_, value, start, token_line, column, line, stop - line_start + 1, stop)
        while True:  # reduce until the token shifts
            try:
                action = states[state_stack[-1]][type_]
            except KeyError:
                raise _Stop from None
            if action >= 0:
                state_stack.append(action)
                value_stack.append(token)
                break
            size, origin, build = reduces[~action]
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            value_stack.append(build(children))
            state_stack.append(states[state_stack[-1]][origin])
    while True:
        try:
            action = states[state_stack[-1]]["$END"]
        except KeyError:
            raise _Stop from None
        size, origin, build = reduces[~action]
        if size:
            children = value_stack[-size:]
            del state_stack[-size:]
            del value_stack[-size:]
        else:
            children = []
        value_stack.append(build(children))
        state_stack.append(states[state_stack[-1]][origin])
        if state_stack[-1] == end_state:
            return value_stack[-1].items
