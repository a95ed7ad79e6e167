"""Text to typed AST, with every syntax problem as a located diagnostic.

The grammar (`scene.lark`) is loaded once (LALR, contextual lexer,
`strict=True`, positions propagated). Before Lark sees the text, a cheap scan
finds what LALR reports badly: unclosed brackets and strings (reported at the
opening character), stray closers, unterminated block comments, runaway
nesting. Parse errors are recovered from by skipping tokens, one diagnostic
per line, so one run reports every independent problem.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from scenec.lang import ast
from scenec.lang.build import Builder
from scenec.lang.diagnostics import Diagnostic, error
from scenec.lang.gcpause import gc_paused
from scenec.lang.scan import scan_brackets
from scenec.lang.span import Source
from scenec.lang.syntax_messages import describe_unexpected

MAX_SOURCE_CHARS = 5_000_000
MAX_ERRORS = 50


@dataclass(frozen=True, slots=True)
class Comment:
    text: str
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class ParseResult:
    source: Source
    file: ast.File | None
    comments: tuple[Comment, ...]
    diagnostics: tuple[Diagnostic, ...]
    recovered: bool = False  # the parser skipped or inserted tokens: the tree is a guess

    @property
    def ok(self) -> bool:
        return self.file is not None and not any(d.is_error for d in self.diagnostics)


@functools.cache
def grammar() -> Lark:
    text = resources.files("scenec.lang").joinpath("scene.lark").read_text(encoding="utf-8")
    return Lark(text, parser="lalr", lexer="contextual", strict=True,
                propagate_positions=True, maybe_placeholders=True)


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
    if len(source.text) > MAX_SOURCE_CHARS:
        diag = error("E1009", f"{source.path} is {len(source.text):,} characters long; "
                     f"the limit is {MAX_SOURCE_CHARS:,}", source.span(0, 0),
                     "split the film across files with `import`")
        return ParseResult(source, None, (), (diag,))
    scan = scan_brackets(source)
    if scan:
        return ParseResult(source, None, (), tuple(scan))

    comments: list[Comment] = []
    diagnostics: list[Diagnostic] = []
    error_lines: set[int] = set()

    def on_error(exc: UnexpectedInput) -> bool:
        diag = _unexpected_diagnostic(source, exc)
        line = diag.span.line if diag.span else 0
        if line not in error_lines:
            error_lines.add(line)
            diagnostics.append(diag)
        if len(diagnostics) >= MAX_ERRORS:
            return False
        if isinstance(exc, UnexpectedToken):
            if exc.token.type == "$END":
                return False
            _repair(exc)
        return True

    with gc_paused():
        try:
            tree = grammar().parse(source.text, on_error=on_error)
        except UnexpectedInput as exc:
            if not diagnostics:
                diagnostics.append(_unexpected_diagnostic(source, exc))
            return ParseResult(source, None, tuple(_collect_comments(source)), tuple(diagnostics))
        comments = _collect_comments(source)
        builder = Builder(source)
        recovered = bool(diagnostics)
        file = builder.file(tree)
    diagnostics.extend(builder.diagnostics)
    return ParseResult(source, file, tuple(comments), tuple(diagnostics), recovered)


def parse(text: str, path: str = "<input>") -> ParseResult:
    return parse_source(Source(path, text))


# Tokens whose absence is the usual mistake; inserting one and going on keeps a
# single slip from cascading into errors on every later line.
_INSERTABLE = (("COLON", ":"), ("RPAR", ")"), ("COMMA", ","), ("RSQB", "]"), ("RBRACE", "}"), ("LITERAL", "0"))


def _repair(exc: UnexpectedToken) -> None:
    """Insert one missing token when that lets the offending token through."""
    parser = exc.interactive_parser
    token = exc.token
    for kind, text in _INSERTABLE:
        if kind not in exc.expected:
            continue
        trial = parser.copy()
        try:
            trial.feed_token(Token.new_borrow_pos(kind, text, token))
            if token.type not in trial.accepts():
                continue
            parser.feed_token(Token.new_borrow_pos(kind, text, token))
            parser.feed_token(token)
            return
        except UnexpectedInput:
            continue


def _unexpected_diagnostic(source: Source, exc: UnexpectedInput) -> Diagnostic:
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream
        char = source.text[pos] if pos < len(source.text) else ""
        return error("E1002", f"unexpected character `{char}`", source.span(pos, pos + 1),
                     label="not part of the language here")
    if isinstance(exc, UnexpectedEOF):
        end = len(source.text)
        return error("E1003", "unexpected end of file", source.span(end, end))
    assert isinstance(exc, UnexpectedToken)
    return describe_unexpected(source, exc, grammar())


# Strings (closed or not, never past a line end) are skipped so that `//` inside
# one is not a comment; an unclosed block comment runs to the end of the text.
_COMMENT_OR_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"?|//[^\n]*|/\*.*?(?:\*/|\Z)', re.DOTALL)


def _collect_comments(source: Source) -> list[Comment]:
    """Comments in source order, found by one regular-expression scan that respects strings."""
    out: list[Comment] = []
    for match in _COMMENT_OR_STRING.finditer(source.text):
        text = match.group(0)
        if text.startswith('"'):
            continue
        start = match.start()
        out.append(Comment(text.rstrip() if text.startswith("//") else text, start, match.end(),
                           source.position(start)[0]))
    return out


def token_span(source: Source, token: Token):
    return source.span(token.start_pos, token.end_pos)


__all__ = ["ParseResult", "Comment", "parse", "parse_source", "decode", "grammar", "Tree"]
