"""A tolerant token stream over the grammar's own Lark lexer, for readers that need words, not a tree.

Reads `.scene` text; produces `Tok`s (a `TokenKind`, the terminal's name, the
text and its offsets) for every token and comment, in order. The terminals
are `scene.lark`'s own (Lark's basic lexer over all of them), so this is no
second lexer that could disagree with the parser: a keyword added to the
grammar is a keyword here too. Lexing never fails:

- a character no terminal matches becomes one `ERROR` token and lexing goes
  on after it;
- an unterminated string is a `STRING` token to the end of its line (strings
  do not span lines), with `closed=False`;
- an unterminated block comment is a `COMMENT` to the end of the text, with
  `closed=False`.

Keywords are the grammar's literal word terminals. Lark's basic lexer types
every word that spells one as that keyword, wherever it stands (the
contextual lexer the parser uses would call `left` a NAME after `align:`), so
`KEYWORD` means "a word the language spells out", which is what highlighting
wants; readers that need the word's role read the tree instead.

Line by line (`lex_line`): tokens never span lines except block comments, so
a line plus whether it starts inside a block comment is all a highlighter
needs to lex an edited line again without the rest of the file.
"""

from __future__ import annotations

import enum
import functools
import re
from copy import copy
from dataclasses import dataclass

from lark.exceptions import UnexpectedCharacters
from lark.lexer import BasicLexer, LexerState, LineCounter, PatternStr
from lark.utils import TextSlice

from scenec.lang.parser import grammar


class TokenKind(enum.Enum):
    KEYWORD = "keyword"  # a word the grammar spells out (`layer`, `shot`, `fade`)
    NAME = "name"
    NUMBER = "number"  # a literal with its unit (`2s`, `50%`) or a size (`1280x720`)
    STRING = "string"
    COLOR = "color"  # `#rrggbb`
    BOOLEAN = "boolean"
    COMMENT = "comment"
    PUNCTUATION = "punctuation"  # brackets, `:`, `,`, `@`, `.`, `=`, `;`
    ERROR = "error"  # a character no terminal matches


@dataclass(frozen=True, slots=True)
class Tok:
    kind: TokenKind
    terminal: str  # the grammar's terminal name (`NAME`, `LAYER`, `LPAR`), or ERROR
    text: str
    start: int  # offsets into the lexed text, half-open
    end: int
    closed: bool = True  # False for a string or block comment the text never closes


_KIND_OF = {"NAME": TokenKind.NAME, "LITERAL": TokenKind.NUMBER, "WXH": TokenKind.NUMBER,
            "STRING": TokenKind.STRING, "HEX": TokenKind.COLOR, "COMMENT": TokenKind.COMMENT,
            "BLOCK_COMMENT": TokenKind.COMMENT, "TRUE": TokenKind.BOOLEAN, "FALSE": TokenKind.BOOLEAN}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@functools.cache
def _lexer() -> tuple[BasicLexer, dict[str, TokenKind]]:
    lark = grammar()
    conf = copy(lark.lexer_conf)
    conf.ignore = ("WS",)  # comments are tokens here: highlighting shows them
    conf.callbacks = {}
    conf.skip_validation = True
    kinds = {}
    for terminal in lark.terminals:
        if terminal.name in _KIND_OF:
            kinds[terminal.name] = _KIND_OF[terminal.name]
        elif isinstance(terminal.pattern, PatternStr) and _WORD.fullmatch(terminal.pattern.value):
            kinds[terminal.name] = TokenKind.KEYWORD
        else:
            kinds[terminal.name] = TokenKind.PUNCTUATION
    return BasicLexer(conf), kinds


@functools.cache
def keywords() -> frozenset[str]:
    """Every word the grammar spells out literally (`scene`, `shot`, `fade`, ...)."""
    lark = grammar()
    return frozenset(t.pattern.value for t in lark.terminals
                     if isinstance(t.pattern, PatternStr) and _WORD.fullmatch(t.pattern.value))


def lex(text: str) -> tuple[Tok, ...]:
    """Every token and comment of `text`, in order; never raises."""
    lexer, kinds = _lexer()
    n = len(text)
    whole = TextSlice(text, 0, n)
    found: list[Tok] = []
    at = 0
    while at < n:
        counter = LineCounter("\n")
        counter.char_pos = at  # the only position the basic lexer reads; lines are not needed
        try:
            for token in lexer.lex(LexerState(whole, counter), None):
                found.append(Tok(kinds.get(token.type, TokenKind.PUNCTUATION), token.type, token.value,
                                 token.start_pos, token.end_pos))
            return tuple(found)
        except UnexpectedCharacters as exc:
            at = exc.pos_in_stream
        if text.startswith("/*", at):
            found.append(Tok(TokenKind.COMMENT, "BLOCK_COMMENT", text[at:], at, n, closed=False))
            break
        if text[at] == '"':
            end = text.find("\n", at)
            end = n if end == -1 else end
            found.append(Tok(TokenKind.STRING, "STRING", text[at:end], at, end, closed=False))
            at = end
            continue
        found.append(Tok(TokenKind.ERROR, "ERROR", text[at], at, at + 1))
        at += 1
    return tuple(found)


def lex_line(line: str, in_comment: bool = False) -> tuple[tuple[Tok, ...], bool]:
    """The tokens of one line (no newline in it) that starts inside a block comment when
    `in_comment`; and whether the next line starts inside one. Offsets are into `line`."""
    if not in_comment:
        tokens = lex(line)
    else:  # lexed as the comment's continuation: the grammar's own BLOCK_COMMENT finds its end
        tokens = tuple(Tok(t.kind, t.terminal, t.text[2:] if i == 0 else t.text, max(0, t.start - 2), t.end - 2,
                           t.closed) for i, t in enumerate(lex("/*" + line)))
    still_open = bool(tokens) and tokens[-1].terminal == "BLOCK_COMMENT" and not tokens[-1].closed
    return tokens, still_open
