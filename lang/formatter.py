"""`scenec fmt`: print a parsed `.scene` file in its one canonical layout.

The layout (LANGUAGE.md section 11): two-space indent, one statement a line,
blocks opened at the end of their header line and closed on a line of their
own, palette entries and keyframes one a line, a blank line around every
shot and transition and between top-level items (runs of imports and of
lets stay together), no other blank lines. The one-line text of each node
comes from `format_values.py`.

Comments are kept, each exactly once. A comment is placed by where it
stands in the source:

- after the end of a statement on that statement's last line: trailing,
  after the statement on its line;
- on the line of a block's `{`, before the block's first statement: after
  the `{`;
- inside a statement (between arguments, in a header): on its own line above
  that statement;
- between statements: on its own line above the next statement, or, after
  the last statement of a block, on its own line before the `}`.

Every one of these places reads back into the same place, so formatting is
idempotent, and no comment moves across a token, so the tree is unchanged.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from scenec.lang import ast
from scenec.lang.diagnostics import Diagnostic, render_short
from scenec.lang.format_values import (keyframes_header, palette_header, scene_header, shot_header,
                                       simple_statement_text, template_header)
from scenec.lang.parser import Comment, ParseResult, parse

INDENT = "  "

Container = ast.File | ast.Palette | ast.Template | ast.Scene | ast.Shot | ast.Keyframes


class FormatError(ValueError):
    """The text does not parse, so there is nothing canonical to print."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        errors = [d for d in diagnostics if d.is_error] or list(diagnostics)
        shown = "; ".join(render_short(d) for d in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(f"cannot format a file with syntax errors: {shown}{more}")
        self.diagnostics = diagnostics


def format_source(text: str, path: str = "<input>") -> str:
    """Parse `text` and return it in canonical form; raise `FormatError` if it does not parse."""
    return format_file(parse(text, path))


def format_file(result: ParseResult) -> str:
    """The canonical text of a parsed file, comments included.

    A file with error nodes is refused (its syntax errors say why): text that
    did not parse has no canonical form, and printing the rest would drop it."""
    if not result.ok or has_error_nodes(result.file):
        raise FormatError(result.diagnostics)
    placement = _Placement.of(result)
    lines = _Printer(placement).file(result.file)
    return "\n".join(lines) + "\n" if lines else ""


def has_error_nodes(node: Container) -> bool:
    """Whether any item or statement under `node` did not parse."""
    for child in _children(node):
        if isinstance(child, ast.ErrorItem | ast.ErrorStatement):
            return True
        if isinstance(child, Container) and has_error_nodes(child):
            return True
    return False


# ---------------------------------------------------------------- placement


def _children(node: Container) -> tuple:
    match node:
        case ast.File():
            return node.items
        case ast.Palette():
            return node.entries
        case ast.Template():
            return node.layers
        case ast.Scene() | ast.Shot():
            return node.body
        case ast.Keyframes():
            return node.frames
    raise TypeError(type(node).__name__)


def _header_end(node: Container) -> int:
    """An offset after every header token that is not a bracket, before the `{`."""
    starts = {ast.Scene: len("scene"), ast.Shot: len("shot")}
    match node:
        case ast.Palette():
            last = node.extends or node.name
            return last.span.end
        case ast.Template():
            return node.params[-1].span.end if node.params else node.name.span.end
        case ast.Keyframes():
            return node.target.span.end
        case ast.Scene():
            return node.title.span.end if node.title else node.span.start + starts[ast.Scene]
        case ast.Shot():
            parts = [p for p in (node.name, node.type, node.duration, node.title) if p is not None]
            return max(p.span.end for p in parts) if parts else node.span.start + starts[ast.Shot]
    raise TypeError(type(node).__name__)


@dataclass(slots=True)
class _Placement:
    """Where each comment goes, keyed by the `id` of the node it is attached to."""

    text: str
    comments: tuple[Comment, ...]
    leading: dict[int, list[Comment]] = field(default_factory=dict)
    trailing: dict[int, list[Comment]] = field(default_factory=dict)
    opener: dict[int, list[Comment]] = field(default_factory=dict)
    closing: dict[int, list[Comment]] = field(default_factory=dict)

    @classmethod
    def of(cls, result: ParseResult) -> _Placement:
        assert result.file is not None
        placement = cls(result.source.text, result.comments)
        placement.place(result.file, 0, len(result.source.text), None, list(result.comments))
        return placement

    def open_brace(self, after: int) -> int:
        """The offset of the first `{` at or after `after` that is not inside a comment."""
        starts = [c.start for c in self.comments]
        i = after
        while i < len(self.text):
            k = bisect.bisect_right(starts, i) - 1
            if k >= 0 and self.comments[k].start <= i < self.comments[k].end:
                i = self.comments[k].end
                continue
            if self.text[i] == "{":
                return i
            i += 1
        raise AssertionError(f"no `{{` after offset {after}")

    def body_range(self, node: Container) -> tuple[int, int, int]:
        """(start, end, line of the `{`) of a block's inside."""
        brace = self.open_brace(_header_end(node))
        close = node.span.end - 1
        assert self.text[close] == "}", (node.span, self.text[close])
        line = self.text.count("\n", 0, brace) + 1
        return brace + 1, close, line

    def place(self, node: Container, start: int, end: int, open_line: int | None,
              comments: list[Comment]) -> None:
        children = _children(node)
        inner: dict[int, list[Comment]] = {}
        ends = [child.span.end for child in children]
        for comment in comments:
            # the last child that starts at or before the comment
            k = bisect.bisect_right([c.span.start for c in children], comment.start) - 1
            if k >= 0 and comment.start < children[k].span.end:
                inner.setdefault(k, []).append(comment)
                continue
            before = bisect.bisect_right(ends, comment.start) - 1
            prev = children[before] if before >= 0 else None
            nxt = children[before + 1] if before + 1 < len(children) else None
            if prev is not None and prev.span.end_line == comment.line:
                self.trailing.setdefault(id(prev), []).append(comment)
            elif prev is None and open_line is not None and comment.line == open_line:
                self.opener.setdefault(id(node), []).append(comment)
            elif nxt is not None:
                self.leading.setdefault(id(nxt), []).append(comment)
            else:
                self.closing.setdefault(id(node), []).append(comment)
        for k, inside in inner.items():
            child = children[k]
            if not isinstance(child, Container):
                self.leading.setdefault(id(child), []).extend(inside)
                continue
            body_start, body_end, line = self.body_range(child)
            header = [c for c in inside if not body_start <= c.start < body_end]
            self.leading.setdefault(id(child), []).extend(header)
            self.place(child, body_start, body_end, line, [c for c in inside if body_start <= c.start < body_end])


# ---------------------------------------------------------------- printing


def _blank_between(container: Container, before, after) -> bool:
    if isinstance(container, ast.File):
        grouped = (ast.Import, ast.Let)
        return not any(isinstance(before, kind) and isinstance(after, kind) for kind in grouped)
    if isinstance(container, ast.Scene):
        spaced = (ast.Shot, ast.Transition)
        return isinstance(before, spaced) or isinstance(after, spaced)
    return False


def _header(node: Container) -> str:
    match node:
        case ast.Palette():
            return palette_header(node)
        case ast.Template():
            return template_header(node)
        case ast.Scene():
            return scene_header(node)
        case ast.Shot():
            return shot_header(node)
        case ast.Keyframes():
            return keyframes_header(node)
    raise TypeError(type(node).__name__)


class _Printer:
    def __init__(self, placement: _Placement) -> None:
        self.placement = placement

    def file(self, file: ast.File) -> list[str]:
        out: list[str] = []
        self.children(file, 0, out)
        return out

    def children(self, container: Container, depth: int, out: list[str]) -> None:
        p = self.placement
        indent = INDENT * depth
        prev = None
        for child in _children(container):
            if prev is not None and _blank_between(container, prev, child):
                out.append("")
            out.extend(indent + c.text for c in p.leading.get(id(child), ()))
            lines = self.statement(child, depth)
            trailing = p.trailing.get(id(child))
            if trailing:
                lines[-1] += " " + " ".join(c.text for c in trailing)
            out.extend(lines)
            prev = child
        closing = p.closing.get(id(container), ())
        if closing and prev is not None and isinstance(container, ast.File):
            out.append("")
        out.extend(indent + c.text for c in closing)

    def statement(self, node, depth: int) -> list[str]:
        indent = INDENT * depth
        if not isinstance(node, Container):
            return [indent + simple_statement_text(node)]
        header = indent + _header(node)
        opener = self.placement.opener.get(id(node))
        if opener:
            header += " " + " ".join(c.text for c in opener)
        body: list[str] = []
        self.children(node, depth + 1, body)
        if not body and not opener:
            return [header + "}"]
        return [header, *body, indent + "}"]


__all__ = ["FormatError", "format_source", "format_file"]
