"""Offsets in Python strings (code points) to LSP positions and back.

LSP counts characters in UTF-16 code units (the default `positionEncoding`,
and the only one every client supports), so a character outside the Basic
Multilingual Plane (an emoji in a string) is two units. Spans from the
front end are code-point offsets; everything crossing the protocol goes
through `LineIndex`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from lsprotocol import types

from scenec.lang.span import Span


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def utf16_length(text: str) -> int:
    """Code units in UTF-16: one per character, two beyond the Basic Multilingual Plane."""
    return len(text) if text.isascii() else len(text) + len(_ASTRAL.findall(text))


@dataclass(frozen=True, slots=True)
class LineIndex:
    """Line starts of one text, for converting both ways."""

    text: str
    starts: tuple[int, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        # One `find` per line, not a Python step per character: this runs on every keystroke.
        starts = [0]
        find = self.text.find
        at = find("\n")
        while at != -1:
            starts.append(at + 1)
            at = find("\n", at + 1)
        object.__setattr__(self, "starts", tuple(starts))

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return types.Position(line=line, character=utf16_length(self.text[self.starts[line]:offset]))

    def offset(self, position: types.Position) -> int:
        """The code-point offset of an LSP position; past a line's end means its end."""
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self.starts[position.line + 1] - 1 if position.line + 1 < len(self.starts) else len(self.text)
        units = 0
        for i in range(start, end):
            if units >= position.character:
                return i
            units += 2 if ord(self.text[i]) > 0xFFFF else 1
        return end

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def span_range(self, span: Span) -> types.Range:
        return self.range(span.start, span.end)

    @property
    def whole(self) -> types.Range:
        return self.range(0, len(self.text))
