"""Syntax highlighting for `.scene` text: source lines to styled ranges.

Reads the shared token stream (`scenec.lang.tokens`, the grammar's own
lexer, tolerant of half-typed text), line by line: tokens never span lines
except block comments, so each line is lexed from its text and whether it
starts inside a comment. `LineHighlighter` keeps the ranges of the lines it
has seen, so after a keystroke only the edited line is lexed again; that
keeps highlighting a 2,000-line file far below a frame's time.

Ranges are `(start_byte, end_byte, name)` per 0-based line, the form
Textual's TextArea keeps for tree-sitter captures; names are tree-sitter
capture names (`keyword`, `string`, ...) so every TextArea theme styles them.
"""

from __future__ import annotations

from scenec.lang.tokens import Tok, TokenKind, lex_line

Highlight = tuple[int, int | None, str]

_CAPTURE = {TokenKind.KEYWORD: "keyword", TokenKind.NUMBER: "number", TokenKind.STRING: "string",
            TokenKind.COLOR: "constant", TokenKind.BOOLEAN: "boolean", TokenKind.COMMENT: "comment",
            TokenKind.ERROR: "scenec.lex-error"}


def line_ranges(line: str, tokens: tuple[Tok, ...]) -> list[Highlight]:
    """The highlight ranges of one line's tokens, in UTF-8 byte offsets."""
    spans: list[tuple[int, int, str]] = []
    for i, token in enumerate(tokens):
        if token.kind is TokenKind.NAME:
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            previous = tokens[i - 1] if i else None
            if following is not None and following.terminal == "LPAR":
                spans.append((token.start, token.end, "function"))
            elif previous is not None and previous.text == "@" and previous.end == token.start:
                spans.append((previous.start, token.end, "variable"))  # `@sky`: a palette entry
        elif token.kind is TokenKind.KEYWORD and i + 1 < len(tokens) and tokens[i + 1].terminal == "COLON":
            continue  # `at:` in an argument list names a parameter, whatever else the word spells
        elif (name := _CAPTURE.get(token.kind)) is not None:
            spans.append((token.start, token.end, name))
    if line.isascii():
        return spans
    offsets = [0]
    for char in line:
        offsets.append(offsets[-1] + len(char.encode("utf-8")))
    return [(offsets[s], offsets[e], name) for s, e, name in spans]


class LineHighlighter:
    """Highlights lines and whole texts, remembering each line's ranges by (line, starts in a comment)."""

    def __init__(self, capacity: int = 20_000) -> None:
        self._known: dict[tuple[str, bool], tuple[list[Highlight], bool]] = {}
        self._capacity = capacity

    def line(self, line: str, in_comment: bool) -> tuple[list[Highlight], bool]:
        """One line's ranges, and whether the next line starts inside a block comment."""
        key = (line, in_comment)
        entry = self._known.get(key)
        if entry is None:
            if len(self._known) > self._capacity:  # a long session: drop what old texts left behind
                self._known.clear()
            tokens, after = lex_line(line, in_comment)
            entry = self._known[key] = (line_ranges(line, tokens), after)
        return entry

    def highlight(self, lines: list[str] | tuple[str, ...]) -> dict[int, list[Highlight]]:
        known = self._known
        if len(known) > self._capacity:  # a long session: drop what old texts left behind
            known.clear()
        result: dict[int, list[Highlight]] = {}
        in_comment = False
        for row, line in enumerate(lines):
            key = (line, in_comment)
            entry = known.get(key)
            if entry is None:
                tokens, after = lex_line(line, in_comment)
                entry = known[key] = (line_ranges(line, tokens), after)
            ranges, in_comment = entry
            if ranges:
                result[row] = ranges
        return result


def highlight_text(text: str) -> dict[int, list[Highlight]]:
    """Highlight ranges per 0-based line of `text`, in UTF-8 byte offsets."""
    return LineHighlighter().highlight(text.split("\n"))
