"""Indentation as the editor types: Enter keeps the line's indentation (one
level deeper after a `{`), and a `}` typed on a blank indented line dedents it.

Pure functions of the text around the cursor; the editor (`SceneEditor`)
turns each answer into one edit, so one undo takes it back whole. A level is
two spaces, as `scenec fmt` writes. Whether a line ends in `{` is read from
the grammar's token stream (`scenec.lang.tokens`), so a `{` inside a string
or a comment opens nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenec.lang.tokens import TokenKind, lex_line

LEVEL = "  "  # one level of indentation, as `scenec fmt` writes it
_BLANK = " \t"


@dataclass(frozen=True, slots=True)
class Retype:
    """Replace the `drop_before` characters before the cursor (or selection) and the `drop_after`
    characters after it with `text`; the cursor then goes `rows` lines down from the edit's first
    line, at `column` (counted from the replaced text's start when `rows` is 0)."""

    drop_before: int
    drop_after: int
    text: str
    rows: int
    column: int


def _indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip(_BLANK))]


def opens_block(before: str, in_comment: bool = False) -> bool:
    """Whether the text `before` the cursor ends (comments aside) in a `{`."""
    tokens, _ = lex_line(before, in_comment)
    code = [t for t in tokens if t.kind is not TokenKind.COMMENT]
    return bool(code) and code[-1].terminal == "LBRACE"


def new_line(before: str, after: str, in_comment: bool = False) -> Retype:
    """Enter with `before` left of the cursor and `after` right of it (on their lines): the new
    line starts at the indentation of `before`'s line, one level deeper after a `{`; between
    `{` and `}` the `}` goes to a line of its own at the outer indentation. Blanks left at the end
    of the line that is cut, and before the text moved down, go; Enter within the indentation
    moves the line down as it is."""
    indent = _indent(before)
    kept = before.rstrip(_BLANK)
    if not kept:
        return Retype(len(before), 0, "\n" + before, 1, len(before))
    rest = after.lstrip(_BLANK)
    drop_before, drop_after = len(before) - len(kept), len(after) - len(rest)
    if not opens_block(kept, in_comment):
        return Retype(drop_before, drop_after, "\n" + indent, 1, len(indent))
    inner = indent + LEVEL
    if rest.startswith("}"):
        return Retype(drop_before, drop_after, "\n" + inner + "\n" + indent, 1, len(inner))
    return Retype(drop_before, drop_after, "\n" + inner, 1, len(inner))


def closing_brace(before: str, after: str) -> Retype | None:
    """A `}` typed with only blanks around it on its line (`before` and `after` the cursor)
    goes one level left; None when the `}` is typed as it is."""
    if not before or before.strip(_BLANK) or after.strip(_BLANK):
        return None
    indent = before.replace("\t", LEVEL)
    indent = indent[:-len(LEVEL)] if indent.endswith(LEVEL) else indent[:-1]
    return Retype(len(before), 0, indent + "}", 0, len(indent) + 1)
