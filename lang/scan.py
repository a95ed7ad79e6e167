"""The token stream error recovery works on: Lark's own lexer, made tolerant and balanced.

Reads a `Source` and the grammar's basic lexer (every terminal of
`scene.lark`; no second hand lexer). Produces `Tokens`: the significant
tokens, the comments, and the lexical and bracket diagnostics. It
guarantees the tokens are balanced, so the recovery parser can split them
into items and statements by depth alone:

- a character no terminal matches is reported (E1002) and skipped; an
  unterminated string (E1005) becomes a string token closed at its line's
  end; an unterminated block comment (E1007) runs to the end of the text;
- a closer with no opener (E1010) is dropped; an opener never closed (E1004,
  reported at the opener as LANGUAGE.md section 10 asks) gets a zero-width
  closer where it most likely ended: before a closer of an outer bracket,
  before a line that starts a statement of an enclosing block, or at the end;
- nesting deeper than `MAX_DEPTH` is refused (E1009) before any recursion.

Where an unclosed bracket ended is decided line by line: brackets may span
lines, but a line that starts with `layer` inside a shot cannot continue an
argument list, a line that starts with `shot` cannot be inside a shot, and
an entry of a palette or keyframes block (`name:` no further right than the
line that opened the bracket) cannot continue the entry above.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters
from lark.lexer import BasicLexer, LexerState, LineCounter
from lark.utils import TextSlice

from scenec.lang.diagnostics import Diagnostic, error
from scenec.lang.span import Source

MAX_DEPTH = 64
OPENERS = {"LPAR": "RPAR", "LSQB": "RSQB", "LBRACE": "RBRACE"}
CLOSERS = {v: k for k, v in OPENERS.items()}
_TEXT = {"LPAR": "(", "LSQB": "[", "LBRACE": "{", "RPAR": ")", "RSQB": "]", "RBRACE": "}"}

# Statement keywords of each kind of block (LANGUAGE.md sections 4-9): a line
# starting with one begins a statement of that block.
FILE_WORDS = frozenset({"import", "let", "template", "scene"})  # and `palette NAME {`
BLOCK_WORDS = {
    "file": FILE_WORDS,
    "scene": frozenset({"size", "fps", "duration", "seed", "background", "palette", "genre", "mood", "arc",
                        "time", "weather", "style", "grade", "audio", "shot", "transition"}),
    "shot": frozenset({"layer", "animate", "keyframes", "camera", "focus", "beat", "grade", "audio",
                       "time", "weather", "mood"}),
    "template": frozenset({"layer"}),
    "palette": frozenset(),
    "keyframes": frozenset(),
    "unknown": frozenset(),  # a `{` after no block keyword (its keyword is missing)
}
_BLOCK_OF = {"scene": "scene", "shot": "shot", "template": "template", "palette": "palette",
             "keyframes": "keyframes"}


@dataclass(frozen=True, slots=True)
class Tokens:
    tokens: tuple[Token, ...]
    comments: tuple[Token, ...]
    diagnostics: tuple[Diagnostic, ...]
    too_deep: bool = False


def basic_lexer(lark: Lark) -> BasicLexer:
    """One lexer over every terminal; comments are kept, whitespace is not."""
    conf = copy(lark.lexer_conf)
    conf.ignore = ("WS",)
    conf.callbacks = {}  # the one-pass parser's callbacks count its brackets; this lexer needs none
    conf.skip_validation = True
    return BasicLexer(conf)


def tokenize(source: Source, lexer: BasicLexer) -> Tokens:
    raw, comments, diagnostics = _lex(source, lexer)
    tokens, bracket_diagnostics, too_deep = _balance(source, raw)
    diagnostics.extend(bracket_diagnostics)
    diagnostics.sort(key=lambda d: d.span.start if d.span else 0)
    return Tokens(tuple(tokens), tuple(comments), tuple(diagnostics), too_deep)


def _lex(source: Source, lexer: BasicLexer) -> tuple[list[Token], list[Token], list[Diagnostic]]:
    text = source.text
    n = len(text)
    whole = TextSlice(text, 0, n)
    counter = LineCounter("\n")
    tokens: list[Token] = []
    comments: list[Token] = []
    diagnostics: list[Diagnostic] = []
    while True:
        try:
            for token in lexer.lex(LexerState(whole, counter), None):
                if token.type in ("COMMENT", "BLOCK_COMMENT"):
                    comments.append(token)
                else:
                    tokens.append(token)
            return tokens, comments, diagnostics
        except UnexpectedCharacters as exc:
            at = exc.pos_in_stream
        if text.startswith("/*", at):
            diagnostics.append(error("E1007", "unterminated block comment", source.span(at, at + 2),
                                     "close it with `*/`", label="this comment is never closed"))
            comments.append(_token("BLOCK_COMMENT", text[at:], counter, text, n))
            return tokens, comments, diagnostics
        if text[at] == '"':
            end = text.find("\n", at)
            end = n if end == -1 else end
            diagnostics.append(error("E1005", "unterminated string", source.span(at, at + 1),
                                     "close the string with `\"` on the same line; strings do not span lines",
                                     label="this string is never closed"))
            # Closed where the line ends, so the statement around it still parses.
            token = _token("STRING", text[at:end], counter, text, end)
            tokens.append(Token.new_borrow_pos("STRING", token.value + '"', token))
            continue
        diagnostics.append(error("E1002", f"unexpected character `{text[at]}`", source.span(at, at + 1),
                                 label="not part of the language here"))
        _token("ERROR", text[at], counter, text, at + 1)


def _token(kind: str, value: str, counter: LineCounter, text: str, end: int) -> Token:
    """A token from the counter's position to `end`, advancing the counter past it."""
    start, line, column = counter.char_pos, counter.line, counter.column
    counter.feed(text[start:end])
    return Token(kind, value, start, line, column, counter.line, counter.column, end)


@dataclass(slots=True)
class _Open:
    token: Token
    block: str | None  # the kind of block a `{` opens; None for `(` and `[`
    index: int  # where the opener stands in the raw tokens


def _balance(source: Source, raw: list[Token]) -> tuple[list[Token], list[Diagnostic], bool]:
    out: list[Token] = []
    stack: list[_Open] = []
    diagnostics: list[Diagnostic] = []

    def close_above(keep: int) -> None:
        """Close, as never closed, every group above the first `keep` ones."""
        while len(stack) > keep:
            opened = stack.pop()
            diagnostics.append(_unclosed(source, opened.token))
            last = out[-1]
            kind = OPENERS[opened.token.type]
            out.append(Token(kind, _TEXT[kind], last.end_pos, last.end_line, last.end_column,
                             last.end_line, last.end_column, last.end_pos))

    previous_line = 0
    skip = -1
    for i, token in enumerate(raw):
        kind = token.type
        if i == skip:
            continue
        if stack and token.line > previous_line:
            keep = min(_open_groups_at_line_start(token, raw[i + 1] if i + 1 < len(raw) else None,
                                                  raw[i + 2] if i + 2 < len(raw) else None, stack),
                       _open_groups_at_entry(raw, i, stack))
            if keep < len(stack):
                close_above(keep)
        previous_line = token.end_line
        if kind in OPENERS:
            block = _block_kind(out, token.line) if kind == "LBRACE" else None
            if kind == "LBRACE" and block is None and i + 1 < len(raw) and raw[i + 1].line == token.line:
                # A `{` after no block keyword, with more of its line after it: a slip, not a
                # block (with the `}` right after it, if any, as one slip).
                diagnostics.append(error("E1001", "`{` opens no block here", _at(source, token),
                                         "blocks follow `scene`, `shot`, `template`, `palette` or `keyframes`",
                                         label="unexpected `{`"))
                skip = i + 1 if raw[i + 1].type == "RBRACE" else -1
                continue
            stack.append(_Open(token, (block or "unknown") if kind == "LBRACE" else None, i))
            if len(stack) > MAX_DEPTH:
                diagnostics.append(error("E1009", f"brackets nested more than {MAX_DEPTH} deep",
                                         source.span(token.start_pos, token.end_pos), label="too deep"))
                return out, diagnostics, True
        elif kind in CLOSERS:
            opener = CLOSERS[kind]
            match = next((j for j in range(len(stack) - 1, -1, -1) if stack[j].token.type == opener), None)
            if match is None:
                diagnostics.append(error("E1010", f"`{token.value}` closes nothing", _at(source, token),
                                         f"remove it, or add the `{_TEXT[opener]}` it should close",
                                         label="no matching opener"))
                continue
            if kind == "RBRACE" and _indented_deeper(raw, i, stack[match].index):
                # `}` alone on a line indented deeper than the block it would close: it closed
                # a block whose `{` is missing, so it closes nothing here.
                diagnostics.append(error("E1010", "`}` closes nothing", _at(source, token),
                                         "remove it, or add the `{` it should close", label="no matching opener"))
                continue
            if kind == "RBRACE":
                match = _by_indent(raw, i, stack, match)
            close_above(match + 1)
            stack.pop()
        out.append(token)
    if out:
        close_above(0)
    return out, diagnostics, False


def _at(source: Source, token: Token):
    return source.span(token.start_pos, token.end_pos)


def _line_column(raw: list[Token], i: int) -> int:
    """The column of the first token on raw[i]'s line."""
    j = i
    while j > 0 and raw[j - 1].end_line == raw[i].line:
        j -= 1
    return raw[j].column


def _first_on_line(raw: list[Token], i: int) -> bool:
    return i == 0 or raw[i - 1].end_line < raw[i].line


def _indented_deeper(raw: list[Token], i: int, opener: int) -> bool:
    """Whether raw[i], first on its line, stands right of the first token of raw[opener]'s line."""
    return _first_on_line(raw, i) and raw[i].column > _line_column(raw, opener)


def _by_indent(raw: list[Token], i: int, stack: list[_Open], match: int) -> int:
    """The block a `}` first on its line closes: one whose opening line is indented as the
    `}` is, when the innermost one is indented deeper (its own `}` is missing)."""
    if not _first_on_line(raw, i) or raw[i].column >= _line_column(raw, stack[match].index):
        return match
    for j in range(match - 1, -1, -1):
        if stack[j].block is not None and _line_column(raw, stack[j].index) == raw[i].column:
            return j
    return match


def _block_kind(out: list[Token], line: int) -> str | None:
    """What a `{` opens: the nearest block keyword before it in its header, which is on
    the line of the `{` but for bracketed parts (template parameters) that span lines."""
    depth = 0
    for token in reversed(out[-64:]):
        kind = token.type
        if kind in ("LBRACE", "RBRACE", "SEMICOLON") or (depth == 0 and token.end_line < line):
            return None
        if kind in ("RPAR", "RSQB"):
            depth += 1
        elif kind in ("LPAR", "LSQB"):
            depth -= 1
            line = token.line
        block = _BLOCK_OF.get(token.value)
        if block is not None and kind != "NAME" and depth == 0:
            return block
    return None


def starts_item(token: Token, after: Token | None, after2: Token | None) -> bool:
    """Whether `token` begins a top-level item (`palette` only when a palette block follows)."""
    if token.value in ("let", "import"):
        return True
    if token.value in FILE_WORDS:  # `scene` or `template`, unless a name (`let scene = 1`)
        return after is None or after.type not in ("COLON", "DOT", "EQUAL")
    return token.value == "palette" and after is not None and after.type == "NAME" \
        and after2 is not None and after2.value in ("{", "extends") and after2.line == token.line


def _open_groups_at_line_start(token: Token, after: Token | None, after2: Token | None,
                               stack: list[_Open]) -> int:
    """How many open groups a line starting with `token` can still be inside."""
    if token.type == "NAME" or (after is not None and after.type in ("COLON", "DOT")):
        return len(stack)
    if starts_item(token, after, after2):
        return 0
    blocks = [j for j, opened in enumerate(stack) if opened.block is not None]
    if not blocks:
        return len(stack)
    if token.value in BLOCK_WORDS[stack[blocks[-1]].block]:
        return blocks[-1] + 1  # a statement of the innermost block: its brackets are unclosed
    for j in reversed(blocks[:-1]):
        if token.value in BLOCK_WORDS[stack[j].block]:
            return j + 1  # a statement of an outer block: the inner blocks are unclosed
    return len(stack)


def _open_groups_at_entry(raw: list[Token], i: int, stack: list[_Open]) -> int:
    """How many open groups a line starting with raw[i] can still be inside, when it starts
    an entry (`name:`, `2s:`) of the innermost block, a palette or keyframes: none opened in
    that block when the line stands no further right than the line that opened the first of
    them (a value that goes on over lines is indented deeper)."""
    blocks = [j for j, opened in enumerate(stack) if opened.block is not None]
    if not blocks or blocks[-1] == len(stack) - 1 or stack[blocks[-1]].block not in ("palette", "keyframes"):
        return len(stack)
    token, after = raw[i], raw[i + 1] if i + 1 < len(raw) else None
    if after is None or after.type != "COLON" or after.line != token.line:
        return len(stack)
    entry = token.type == "LITERAL" if stack[blocks[-1]].block == "keyframes" else token.value[:1].isalpha()
    if not entry or token.column > _line_column(raw, stack[blocks[-1] + 1].index):
        return len(stack)
    return blocks[-1] + 1


def _unclosed(source: Source, token: Token) -> Diagnostic:
    closer = _TEXT[OPENERS[token.type]]
    return error("E1004", f"unclosed `{token.value}`", source.span(token.start_pos, token.end_pos),
                 f"add the matching `{closer}`", label=f"this `{token.value}` is never closed")
