"""Text to typed AST, always: a file tree for any text, with every syntax problem located.

The grammar (`scene.lark`) is loaded once (LALR, contextual lexer) with the
AST `Build` transformer inside the parser, so a clean file is lexed, parsed
and built in one pass with no parse tree; Lark's analysis of the grammar is
cached on disk (`cache=True`, Lark's own location; an unwritable one is
ignored), which makes the first parse of a process cheap. The regex
collision check of `strict=True` (interegular) runs in the tests, not here.

Parsing never fails (typst's principle). When the one-pass parse stops,
`recover.py` builds the tree again from `scan.py`'s balanced token stream,
item by item and statement by statement, with `ast.ErrorItem` and
`ast.ErrorStatement` where text did not parse and one diagnostic per slip,
so a mistake stays inside its statement and the rest is still checked.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from dataclasses import dataclass
from importlib import resources

from typing import TYPE_CHECKING, Any

from scenec.lang import ast
from scenec.lang.diagnostics import Diagnostic, error
from scenec.lang.gcpause import gc_paused
from scenec.lang.span import Source

if TYPE_CHECKING:
    from lark import Lark, Token

# Lark and the modules built on it (the AST builder, the one-pass loop, recovery) are imported
# when the first file is parsed (`_front`), not with this module: a check whose files were all
# parsed before reads their trees from the disk cache (`lang/parsecache.py`) and imports no Lark.

MAX_SOURCE_CHARS = 5_000_000
MAX_ERRORS = 50
# The whole file, and the statement entry points error recovery parses alone.
START_SYMBOLS = ("start", "scene_statement", "shot_statement", "layer", "palette_entry", "keyframe")
# A keyword glued to the word after it (`layerbg`): in a parser state that accepts no name, the
# contextual lexer reads `layerbg` as `layer` then `bg`.
_GLUED = re.compile(r"[A-Za-z0-9_]|-[A-Za-z_]")
_WORD = re.compile(r"[A-Za-z0-9_-]*")


@dataclass(frozen=True, slots=True)
class Comment:
    text: str
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class ParseResult:
    source: Source
    file: ast.File  # always a tree; error nodes stand where text did not parse
    comments: tuple[Comment, ...]
    diagnostics: tuple[Diagnostic, ...]
    recovered: bool = False  # the one-pass parse stopped: the tree was rebuilt around errors

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


class _TooDeep(Exception):
    pass


class _Front:
    """The loaded grammar and the per-parse state its lexer callbacks fill.

    Lark calls the transformer and lexer callbacks it was built with, so one
    parse at a time uses them: `lock` serialises parses across threads."""

    def __init__(self, strict: bool = False, cache: bool | str = True) -> None:
        if strict:
            _lend_interegular()
        _import_lark()
        from lark import Lark
        from lark.lexer import PatternStr

        from scenec.lang import onepass
        from scenec.lang.build import Build
        from scenec.lang.scan import MAX_DEPTH, basic_lexer

        self.max_depth = MAX_DEPTH
        self.build = Build()
        self.lock = threading.Lock()
        self.comments: list[Token] = []
        self.depth = 0
        self.source = Source("<input>", "")
        text = resources.files("scenec.lang").joinpath("scene.lark").read_text(encoding="utf-8")
        callbacks = {"COMMENT": self.comments.append, "BLOCK_COMMENT": self.comments.append}
        for name in ("LPAR", "LSQB", "LBRACE"):
            callbacks[name] = self._open
        for name in ("RPAR", "RSQB", "RBRACE"):
            callbacks[name] = self._close
        self.lark = Lark(text, parser="lalr", lexer="contextual", start=list(START_SYMBOLS), strict=strict,
                         keep_all_tokens=True, maybe_placeholders=True, transformer=self.build,
                         lexer_callbacks=callbacks, cache=cache, _plugins=onepass.PLUGINS)
        self.basic = basic_lexer(self.lark)  # copies the callbacks: recovery's lexer gets none of them
        # Every keyword checks what follows it. The lexers read this same dict when they first
        # build their scanners, so entries added now (the keywords are known only now) are seen.
        assert self.lark.lexer_conf.callbacks is callbacks
        for terminal in self.lark.terminals:
            if isinstance(terminal.pattern, PatternStr) and terminal.pattern.value[:1].isalpha():
                callbacks[terminal.name] = self._keyword

    def _open(self, token: Token) -> Token:
        self.depth += 1
        if self.depth > self.max_depth:
            raise _TooDeep  # recovery reports it, at the opener
        return token

    def _close(self, token: Token) -> Token:
        self.depth -= 1
        return token

    def _keyword(self, token: Token) -> Token:
        """A keyword glued to a following word is reported (E1011) and read as if spaced, so the
        rest of the statement still parses and checks."""
        text = self.source.text
        if _GLUED.match(text, token.end_pos):
            from scenec.lang.recover import glued_keyword

            word = _WORD.match(text, token.start_pos).group()
            self.build.diagnostics.append(glued_keyword(self.source, token.start_pos, token.value, word))
        return token

    def begin(self, source: Source) -> None:
        self.build.begin(source.path)
        self.comments.clear()
        self.depth = 0
        self.source = source


def _import_lark() -> None:
    """Import Lark's lexer module, with interegular hidden from it (see `scenec.lang`)."""
    import lark.lexer  # noqa: F401


def _lend_interegular() -> None:
    """Give Lark's lexer module the interegular that `scenec.lang` hid from it."""
    _import_lark()
    import interegular
    import lark.lexer

    lark.lexer.interegular = interegular
    lark.lexer.has_interegular = True


@functools.cache
def _front() -> _Front:
    return _Front()


def grammar() -> Lark:
    """The loaded grammar (its terminals name the keywords)."""
    return _front().lark


def decode(path: str, data: bytes) -> Source | Diagnostic:
    """Bytes from a loader to a Source, or a located diagnostic for non-text input."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        source = Source(path, prefix + " ")
        span = source.span(len(prefix), len(prefix) + 1)
        return error("E1008", f"{path} is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded",
                     span, "save the file as UTF-8", label="invalid byte")
    if text.startswith("\ufeff"):
        text = text[1:]
    source = Source(path, text)
    nul = text.find("\0")
    if nul != -1:
        return error("E1008", f"{path} contains a NUL byte, so it is not a text file",
                     source.span(nul, nul + 1), label="NUL byte")
    return source


def parse_source(source: Source) -> ParseResult:
    """The file's tree and diagnostics; never raises on any text."""
    text = source.text
    whole = source.span(0, len(text))
    if len(text) > MAX_SOURCE_CHARS:
        diag = error("E1009", f"{source.path} is {len(text):,} characters long; "
                     f"the limit is {MAX_SOURCE_CHARS:,}", source.span(0, 0),
                     "split the film across files with `import`")
        return ParseResult(source, ast.File((), whole), (), (diag,))
    from scenec.lang import plainparse  # a clean file: the same result, without importing Lark

    clean = plainparse.parse(source)
    if clean is not None:
        return clean
    front = _front()
    from lark.exceptions import UnexpectedInput

    from scenec.lang import onepass

    with front.lock, gc_paused():
        front.begin(source)
        try:
            file = onepass.parse(front.lark, text)
        except (UnexpectedInput, _TooDeep):
            return _recover(front, source, whole)
        comments = _comments(front.comments)
        return ParseResult(source, ast.File(file.items, whole), comments, tuple(front.build.diagnostics))


def _recover(front: _Front, source: Source, whole) -> ParseResult:
    from scenec.lang.recover import Recovery
    from scenec.lang.scan import tokenize

    stream = tokenize(source, front.basic)
    stream = _unswallowed(front, source, stream)
    comments = _comments(stream.comments)
    if stream.too_deep:
        # Refused before any recursion; the whole text is one error item.
        return ParseResult(source, ast.File((ast.ErrorItem(source.text, whole),), whole), comments,
                           stream.diagnostics, True)
    front.begin(source)
    recovery = Recovery(front.lark, front.build, source, stream)
    items = recovery.items()
    diagnostics = sorted((*stream.diagnostics, *recovery.diagnostics, *front.build.diagnostics),
                         key=lambda d: d.span.start if d.span else 0)
    return ParseResult(source, ast.File(items, whole), comments, tuple(diagnostics[:MAX_ERRORS]), True)


def _unswallowed(front: _Front, source: Source, stream):
    """The token stream with a block's `{` given back when a stray `"` before it on its line
    began a string that swallowed it (`shot launch "dutch 3s {`): the text lexed again with that
    quote read as a space, and its E1005 kept as the one diagnostic of the line. Otherwise the
    block's statements would fall out of it and every one be reported."""
    from scenec.lang.scan import tokenize

    text = source.text
    quotes = [d for d in stream.diagnostics if d.code == "E1005" and d.span is not None
              and text[d.span.start:_line_end(text, d.span.start)].rstrip().endswith("{")]
    if not quotes:
        return stream
    blanked = list(text)
    for d in quotes:
        blanked[d.span.start] = " "
    again = tokenize(Source(source.path, "".join(blanked)), front.basic)
    return dataclasses.replace(again, diagnostics=tuple(sorted((*quotes, *again.diagnostics),
                                                                key=lambda d: d.span.start if d.span else 0)))


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end == -1 else end


def parse(text: str, path: str = "<input>") -> ParseResult:
    return parse_source(Source(path, text))


def _comments(tokens: list[Token] | tuple[Token, ...]) -> tuple[Comment, ...]:
    return tuple(Comment(t.value.rstrip() if t.value.startswith("//") else t.value, t.start_pos, t.end_pos, t.line)
                 for t in tokens)


def token_span(source: Source, token: Token):
    return source.span(token.start_pos, token.end_pos)


def __getattr__(name: str) -> Any:
    if name == "Tree":  # re-exported from Lark, imported when asked for
        _import_lark()
        from lark import Tree

        return Tree
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ParseResult", "Comment", "parse", "parse_source", "decode", "grammar", "Tree"]
