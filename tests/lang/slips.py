"""One-slip edits of a valid file, and whether their diagnostics stay in the edited statement.

A slip is what a person does while typing: one token deleted, or one `(`,
`{`, `"` inserted before a token, or a keyword misspelt. A slip is *local*
when every diagnostic the checker gives for the edited text starts inside
the statement the edit is in (the innermost item, statement, entry or
block holding it; its end moved by the edit). Shared by
`tests/lang/test_recovery.py` (a seeded sample) and `benchmarks/cascade.py`
(the full sweep).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from scenec.lang import ast
from scenec.lang.diagnostics import Diagnostic
from scenec.lang.parser import _front, parse
from scenec.lang.scan import tokenize
from scenec.lang.span import Source

INSERTED = ("(", "{", '"')


@dataclass(frozen=True, slots=True)
class Slip:
    kind: str  # "delete", "insert (", "insert {", 'insert "', "typo"
    at: int  # offset of the edit in the original text
    removed: int  # characters removed at `at`
    added: str  # text put in their place

    def apply(self, text: str) -> str:
        return text[:self.at] + self.added + text[self.at + self.removed:]


def statements(file: ast.File) -> Iterator[object]:
    """Every item, statement, entry and block in the file, outermost first."""
    for item in file.items:
        yield item
        yield from _inside(item)


def _inside(node: object) -> Iterator[object]:
    for name in ("entries", "layers", "body", "frames"):
        for child in getattr(node, name, ()) or ():
            yield child
            yield from _inside(child)


def slips(text: str) -> list[Slip]:
    """Every deletion of one token, each misspelt keyword that starts a line, and each
    inserted `(`, `{`, `"` before every token."""
    tokens = [t for t in tokenize(Source("<slip>", text), _front().basic).tokens if t.end_pos > t.start_pos]
    out = [Slip("delete", t.start_pos, t.end_pos - t.start_pos, "") for t in tokens]
    out += [Slip(f"insert {c}", t.start_pos, 0, c) for t in tokens for c in INSERTED]
    for t in tokens:
        word = t.value
        line_start = text.rfind("\n", 0, t.start_pos) + 1
        if t.type != "NAME" and word.isalpha() and len(word) > 3 and not text[line_start:t.start_pos].strip():
            middle = len(word) // 2
            out.append(Slip("typo", t.start_pos, len(word), word[:middle] + word[middle + 1:]))
    return out


def sample(text: str, count: int, rng: random.Random) -> list[Slip]:
    every = slips(text)
    return rng.sample(every, min(count, len(every)))


def edited_range(text: str, slip: Slip) -> tuple[int, int]:
    """The offsets, in the edited text, of the statement the slip is in."""
    holder: object | None = None
    for node in _statements_of(text):
        span = node.span
        if span.start <= slip.at < span.end or (slip.removed == 0 and span.start <= slip.at <= span.end):
            holder = node  # later nodes are inside earlier ones, so the last hit is the innermost
    if holder is None:
        return slip.at, slip.at + len(slip.added)
    delta = len(slip.added) - slip.removed
    # From the start of its line: some spans start after the statement's keyword (`audio`).
    return text.rfind("\n", 0, holder.span.start) + 1, holder.span.end + delta


@functools.lru_cache(maxsize=8)
def _statements_of(text: str) -> tuple[object, ...]:
    return tuple(statements(parse(text).file))


def is_local(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...], bounds: tuple[int, int]) -> bool:
    start, end = bounds
    return all(d.span is not None and start <= d.span.start <= end for d in diagnostics if d.is_error)
