"""Source files and spans: where in which text a node came from.

Positions are 1-based lines and columns counted in code points (a tab is one
column), as LANGUAGE.md section 2 says; offsets are 0-based indices into the
decoded text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple


class Span(NamedTuple):
    """A half-open range `[start, end)` of offsets in one source file.

    A named tuple rather than a frozen dataclass: every AST node carries one,
    and a 10,000-line scene makes 200,000 of them, which a frozen dataclass
    (one `object.__setattr__` per field) builds four times slower. It is just
    as immutable and hashable."""

    file: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def head(self, length: int) -> Span:
        """The first `length` characters of a one-line start: the keyword a statement begins with."""
        return Span(self.file, self.start, self.start + length, self.line, self.column, self.line,
                    self.column + length)

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of `other`."""
        return Span(self.file, self.start, other.end, self.line, self.column,
                    other.end_line, other.end_column)


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded source text with its display path."""

    path: str
    text: str
    _line_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        object.__setattr__(self, "_line_starts", tuple(starts))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(self.path, start, end, line, column, end_line, end_column)

    def line_text(self, line: int) -> str:
        if not 1 <= line <= len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end == -1 else self.text[start:end]

    @property
    def line_count(self) -> int:
        return len(self._line_starts)
