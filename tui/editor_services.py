"""Completion, hover and go-to-definition for the dashboard's editor, from the language server's own code.

Reads the buffer's text, its path and the cursor's offset; produces plain
data the widgets show (`Choice`s for the completion menu and the text a
choice inserts, snippets expanded with where the cursor goes, hover text, a
place to jump to). The answers are the LSP's (`scenec.lsp.complete.complete`,
`scenec.lsp.navigate.hover` and `definition`) over the same `Analysis` the
server builds, so the editor and an LSP client never disagree.

An analysis checks the whole file, so the dashboard makes it in a child
process of its own (`check_service.ChildService`, which calls `complete_in`,
`hover_in` and `definition_in` with the child's world and state), and keeps
it by (path, text): asking again (the next completion, a hover) with the
text unchanged costs nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from lsprotocol.types import InsertTextFormat

from scenec.knowledge.world import Knowledge
from scenec.lsp.analysis import Analysis, analyze
from scenec.lsp.complete import complete
from scenec.lsp.navigate import definition, hover
from scenec.lsp.snippets import expand

_WORD_BEFORE = re.compile(r"[A-Za-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class Choice:
    label: str
    insert: str  # the text that replaces the word being typed (an LSP snippet when `snippet`)
    detail: str
    snippet: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    """Where a definition is: a file and a 1-based line and column."""

    path: str
    line: int
    column: int


class Analyses:
    """The last analysis per buffer path; `of` makes one when the text changed. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[str, Analysis] = {}

    def of(self, path: str, text: str, world: Knowledge, open_files: Mapping[str, str] | None = None) -> Analysis:
        with self._lock:
            known = self._last.get(path)
        if known is not None and known.text == text:
            return known
        made = analyze(path, text, open_files, world)
        with self._lock:
            self._last[path] = made
        return made


def _analysis(world: Knowledge, state: dict, path: str, text: str, open_files: Mapping[str, str]) -> Analysis:
    analyses = state.get("analyses")
    if analyses is None:
        analyses = state["analyses"] = Analyses()
    return analyses.of(path, text, world, open_files)


def prepare_in(world: Knowledge, state: dict, path: str, text: str, offset: int,
               open_files: Mapping[str, str]) -> None:
    """Build the world and the analysis of `text` ahead of the first request (a `ChildService` work)."""
    _analysis(world, state, path, text, open_files)


def complete_in(world: Knowledge, state: dict, path: str, text: str, offset: int,
                open_files: Mapping[str, str]) -> tuple[Choice, ...]:
    """The choices at `offset` of `text` (a `ChildService` work: `state` keeps the analyses)."""
    return completions(_analysis(world, state, path, text, open_files), text, offset)


def hover_in(world: Knowledge, state: dict, path: str, text: str, offset: int,
             open_files: Mapping[str, str]) -> str | None:
    return hover_text(_analysis(world, state, path, text, open_files), offset)


def definition_in(world: Knowledge, state: dict, path: str, text: str, offset: int,
                  open_files: Mapping[str, str]) -> Place | None:
    return definition_place(_analysis(world, state, path, text, open_files), offset)


def word_before(text: str, offset: int) -> str:
    """The part of a word typed before `offset` (what a choice replaces)."""
    return _WORD_BEFORE.search(text, 0, offset).group(0)


def completions(analysis: Analysis | None, text: str, offset: int) -> tuple[Choice, ...]:
    """What may be typed at `offset`, narrowed to the word begun there."""
    prefix = word_before(text, offset)
    seen: set[str] = set()
    found = []
    for item in complete(text, offset, analysis):
        insert = item.insert_text or item.label
        if item.label in seen or not item.label.startswith(prefix):
            continue
        seen.add(item.label)
        found.append(Choice(item.label, insert, item.detail or "",
                            item.insert_text_format == InsertTextFormat.Snippet))
    return tuple(found)


def insertion(choice: Choice) -> tuple[str, tuple[int, int] | None]:
    """The plain text a choice puts in the buffer, and the (start, end) of the text to select after
    (a snippet's first placeholder; start == end: where the cursor goes); None: after the text."""
    return expand(choice.insert) if choice.snippet else (choice.insert, None)


def hover_text(analysis: Analysis, offset: int) -> str | None:
    """What the word at `offset` is, as plain text (the LSP's markdown without its code fences)."""
    answer = hover(analysis, offset)
    if answer is None:
        return None
    lines = [line for line in answer[0].splitlines() if not line.startswith("```")]
    return "\n".join(lines).strip() or None


def definition_place(analysis: Analysis, offset: int) -> Place | None:
    """Where the name at `offset` is defined (in this file or one it imports)."""
    target = definition(analysis, offset)
    if target is None:
        return None
    if target.span is None:
        return Place(target.path, 1, 1)
    return Place(target.path, target.span.line, target.span.column)
