"""Incremental parsing: a new text's tree from an earlier tree of the same file, re-parsing one block.

Reads the `ParseResult` of an earlier text of the same file that parsed in one
pass (not `recovered`) and the new `Source`. Produces the `ParseResult` that
`parse_source` would produce for the new source, or None when it cannot be
sure of that, and the caller parses the whole text.

The edit is the span between the texts' common prefix and common suffix. When
it lies strictly inside one block (a shot of the scene, or a top-level
template or palette: its first and last characters untouched, whitespace on
both sides, nothing after it on its last line), only that block's new text is
parsed, in place (the file's offsets and lines) and from the grammar's entry
point for a statement of its parent. It must parse in one pass to a block of
the same kind covering exactly that text; then the parser is in the same
state after it as before the edit, so the rest of the file parses as it did:
the nodes, comments and diagnostics before the block are kept, and those after
it are the old ones moved by the edit's change of length and of line count
(their columns cannot change, they start on later lines). Anything else (a
text that does not parse, an edit across blocks) returns None.

`tests/lang/test_incremental.py` compares it with a full parse after random
edit sequences to every example.
"""

from __future__ import annotations

import dataclasses

from lark.exceptions import UnexpectedInput
from lark.lexer import LineCounter
from lark.utils import TextSlice

from scenec.lang import ast, onepass
from scenec.lang.diagnostics import Diagnostic
from scenec.lang.gcpause import gc_paused
# The parser's loaded grammar, its per-parse state and its comment conversion: the block is
# parsed by the same front as a whole file, with the same lexer callbacks.
from scenec.lang.parser import MAX_SOURCE_CHARS, Comment, ParseResult, _comments, _front, _TooDeep
from scenec.lang.span import Source, Span

# Blocks re-parsed alone: each ends with `}`, so the parser's state after one does not depend
# on what it holds. The entry point and bracket depth of a statement of each parent.
_IN_SCENE = (ast.Shot,)
_AT_TOP = (ast.Template, ast.Palette)
_SPACE = " \t\r\n\f"


def common_ends(old: str, new: str) -> tuple[int, int]:
    """The lengths of the texts' common prefix and common suffix (not overlapping in either)."""
    limit = min(len(old), len(new))
    low, high = 0, limit  # the prefix length lies in [low, high]
    while low < high:
        middle = (low + high + 1) // 2
        if old[low:middle] == new[low:middle]:
            low = middle
        else:
            high = middle - 1
    prefix = low
    limit -= prefix
    low, high = 0, limit
    n_old, n_new = len(old), len(new)
    while low < high:
        middle = (low + high + 1) // 2
        if old[n_old - middle:n_old - low] == new[n_new - middle:n_new - low]:
            low = middle
        else:
            high = middle - 1
    return prefix, low


def splice(base: ParseResult, source: Source) -> ParseResult | None:
    """`parse_source(source)`, from `base` (an earlier one-pass parse of the same file); None
    when the edit is not inside one block that parses again alone."""
    if base.recovered or base.source.path != source.path or len(source.text) > MAX_SOURCE_CHARS:
        return None  # (a text over the limit is refused whole, by the full parse)
    old, new = base.source.text, source.text
    prefix, suffix = common_ends(old, new)
    edit_start, old_edit_end = prefix, len(old) - suffix
    found = _enclosing(base.file, edit_start, old_edit_end)
    if found is None:
        return None
    scene_index, index, unit = found
    delta = len(new) - len(old)
    begin, end = unit.span.start, unit.span.end + delta
    if (begin > 0 and new[begin - 1] not in _SPACE) or (end < len(new) and new[end] not in _SPACE):
        return None
    line_end = new.find("\n", end)
    if new[end:line_end if line_end != -1 else len(new)].strip():
        return None  # something follows the block on its last line: its column may have moved
    parsed = _parse_block(source, begin, end, "start" if scene_index is None else "scene_statement",
                          depth=0 if scene_index is None else 1)
    if parsed is None:
        return None
    node, comments, diagnostics = parsed
    if type(node) is not type(unit) or node.span.start != begin or node.span.end != end:
        return None
    lines = node.span.end_line - unit.span.end_line
    move = _Mover(delta, lines)
    items = base.file.items
    if scene_index is None:
        items = (*items[:index], node, *move.nodes(items[index + 1:]))
    else:
        scene = items[scene_index]
        body = (*scene.body[:index], node, *move.nodes(scene.body[index + 1:]))
        scene = ast.Scene(scene.title, body, move.end(scene.span))
        items = (*items[:scene_index], scene, *move.nodes(items[scene_index + 1:]))
    old_end = unit.span.end
    kept_comments = (*(c for c in base.comments if c.end <= begin), *comments,
                     *(move.comment(c) for c in base.comments if c.start >= old_end))
    before, after = [], []
    for d in base.diagnostics:
        if d.span is None or (d.span.end <= begin and d.span.start < begin):
            before.append(d)
        elif begin <= d.span.start and d.span.end <= old_end:
            continue  # the block's own: its new parse reports them again
        elif d.span.start >= old_end:
            after.append(move.diagnostic(d))
        else:
            return None  # a diagnostic across the block's edge belongs to neither side
    file = ast.File(items, source.span(0, len(new)))
    return ParseResult(source, file, kept_comments, (*before, *diagnostics, *after), False)


def _enclosing(file: ast.File, start: int, end: int):
    """(index of the scene or None, index of the block, the block) for the block of `file` whose
    inside holds the edit [start, end) with its first and last characters untouched."""
    for i, item in enumerate(file.items):
        span = item.span
        if span.end <= start:
            continue
        if span.start >= end:
            return None
        if isinstance(item, _AT_TOP):
            return (None, i, item) if span.start < start and end < span.end else None
        if not isinstance(item, ast.Scene):
            return None
        for j, statement in enumerate(item.body):
            inner = statement.span
            if inner.end <= start:
                continue
            if isinstance(statement, _IN_SCENE) and inner.start < start and end < inner.end:
                return i, j, statement
            return None
        return None
    return None


def _parse_block(source: Source, begin: int, end: int, start: str, depth: int):
    """The one-pass parse of source.text[begin:end] from `start`: (node, comments, diagnostics),
    or None when it does not parse."""
    front = _front()
    line, column = source.position(begin)
    counter = LineCounter("\n")
    counter.char_pos, counter.line, counter.column = begin, line, column
    counter.line_start_pos = begin - column + 1
    with front.lock, gc_paused():
        front.begin(source)
        front.depth = depth  # the brackets open around the block, as the whole file's parse counts them
        try:
            value = onepass.parse(front.lark, TextSlice(source.text, begin, end), start, counter)
        except (UnexpectedInput, _TooDeep):
            return None
        comments = _comments(front.comments)
        diagnostics = tuple(front.build.diagnostics)
    if isinstance(value, ast.File):
        if len(value.items) != 1:
            return None
        value = value.items[0]
    return value, comments, diagnostics


# ---------------------------------------------------------------- moving nodes

_KEEP = frozenset({"str", "bool", "float", "int", "Unit", "tuple[float, float, float, float]"})
_new_span = tuple.__new__


def _compile_movers() -> dict[type, object]:
    """One function per AST class that rebuilds a node with its spans moved, written out field by
    field and calling the function of a field's own class directly where it has one (a loop over
    the fields with a type test per value costs twice as much)."""
    classes = {name: kind for name, kind in vars(ast).items()
               if isinstance(kind, type) and dataclasses.is_dataclass(kind)}
    code = []
    for name, kind in classes.items():
        parts = []
        for f in dataclasses.fields(kind):
            written, v = str(f.type), f"n.{f.name}"
            single = written.removesuffix(" | None")
            if written == "Span":
                parts.append(f"_new(Span, ({v}[0], {v}[1] + d, {v}[2] + d, {v}[3] + l, {v}[4], {v}[5] + l, {v}[6]))")
            elif written in _KEEP:
                parts.append(v)
            elif written.startswith("tuple[") and written.endswith(", ...]"):
                inner = written[len("tuple["):-len(", ...]")]
                call = f"m_{inner}" if inner in classes else "_move"
                parts.append(f"tuple([{call}(x, d, l) for x in {v}])")
            elif single in classes:
                call = f"m_{single}({v}, d, l)"
                parts.append(call if single == written else f"(None if {v} is None else {call})")
            else:
                parts.append(f"_move({v}, d, l)")
        code.append(f"def m_{name}(n, d, l):\n    return {name}({', '.join(parts)})\n")
    namespace = {"Span": Span, "_new": _new_span, "_move": _move, **classes}
    exec(compile("\n".join(code), "<incremental movers>", "exec"), namespace)  # noqa: S102 - fixed source
    return {kind: namespace[f"m_{name}"] for name, kind in classes.items()}


def _move(node, delta: int, lines: int):
    """`node` (an AST node, a tuple of them, or None) with every span moved."""
    if node is None:
        return None
    kind = type(node)
    if kind is tuple:
        return tuple([_move(x, delta, lines) for x in node])
    return _MOVERS[kind](node, delta, lines)


_MOVERS = _compile_movers()


class _Mover:
    """Moves nodes, comments and diagnostics by `delta` characters and `lines` lines."""

    __slots__ = ("delta", "lines")

    def __init__(self, delta: int, lines: int) -> None:
        self.delta = delta
        self.lines = lines

    def nodes(self, nodes: tuple) -> tuple:
        if not self.delta and not self.lines:
            return nodes
        return tuple([_move(node, self.delta, self.lines) for node in nodes])

    def end(self, span: Span) -> Span:
        """A span that holds the edit: its end moves."""
        return _new_span(Span, (span[0], span[1], span[2] + self.delta, span[3], span[4], span[5] + self.lines,
                                span[6]))

    def span(self, span: Span) -> Span:
        return _move_span(span, self.delta, self.lines)

    def comment(self, comment: Comment) -> Comment:
        return Comment(comment.text, comment.start + self.delta, comment.end + self.delta, comment.line + self.lines)

    def diagnostic(self, diagnostic: Diagnostic) -> Diagnostic:
        return dataclasses.replace(diagnostic, span=self.span(diagnostic.span))


def _move_span(s: Span, delta: int, lines: int) -> Span:
    return _new_span(Span, (s[0], s[1] + delta, s[2] + delta, s[3] + lines, s[4], s[5] + lines, s[6]))
