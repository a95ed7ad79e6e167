"""Semantic tokens and folding ranges, read from the token stream and the tree.

Semantic tokens: every token of Lark's own lexer (`lang/scan.tokenize`, the
grammar's terminals, no second lexer) gets a type from its terminal
(keywords, numbers, colors, strings, comments) and, for a name, from the
node of the tree it names (a layer's name, a template called as a
primitive, an argument's parameter, a let, a palette entry after `@`…).
Produces the LSP's relative encoding (5 integers a token, UTF-16 columns);
a block comment spanning lines is one token per line.

Folding ranges: scene, shot, template, palette and keyframes blocks, layer
lines and calls written over several lines, and runs of two or more line
comments (one block comment over several lines folds too).
"""

from __future__ import annotations

from lsprotocol import types

from scenec.lang import ast
from scenec.lang.parser import grammar
from scenec.lang.scan import basic_lexer, tokenize
from scenec.lang.signatures import PRIMITIVES
from scenec.lang.span import Source
from scenec.lsp.analysis import Analysis, _children
from scenec.lsp.positions import LineIndex, utf16_length

TOKEN_TYPES = ("keyword", "function", "class", "variable", "property", "parameter", "enumMember", "number",
               "string", "comment", "type", "namespace", "operator")
TOKEN_MODIFIERS = ("declaration", "readonly", "defaultLibrary")
_TYPE = {name: i for i, name in enumerate(TOKEN_TYPES)}
_DECLARATION, _READONLY, _LIBRARY = 1, 2, 4
_BY_TERMINAL = {"LITERAL": "number", "WXH": "number", "HEX": "number", "STRING": "string"}


def name_roles(file: ast.File | None) -> dict[int, tuple[str, int]]:
    """Start offset of each name in the tree -> (token type, modifier bits)."""
    roles: dict[int, tuple[str, int]] = {}

    def mark(node, kind: str, bits: int = 0) -> None:
        if node is not None:
            roles[node.span.start] = (kind, bits)

    def visit(node) -> None:
        if isinstance(node, ast.Layer):
            mark(node.name, "variable", _DECLARATION)
            primitive = node.primitive.name in PRIMITIVES
            mark(node.primitive, "function" if primitive else "class", _LIBRARY if primitive else 0)
        elif isinstance(node, ast.Ref):
            mark(node.parts[0], "variable")
            for part in node.parts[1:]:
                mark(part, "property")
        elif isinstance(node, ast.Arg):
            mark(node.name, "parameter")
        elif isinstance(node, ast.Let):
            mark(node.name, "variable", _DECLARATION | _READONLY)
        elif isinstance(node, ast.NameValue):
            roles[node.span.start] = ("variable", _READONLY)
        elif isinstance(node, ast.Template):
            mark(node.name, "class", _DECLARATION)
        elif isinstance(node, ast.Param):
            mark(node.name, "parameter", _DECLARATION)
        elif isinstance(node, ast.Palette):
            mark(node.name, "type", _DECLARATION)
            mark(node.extends, "type")
        elif isinstance(node, ast.PaletteEntry):
            mark(node.name, "enumMember", _DECLARATION)
        elif isinstance(node, ast.PaletteRef):
            roles[node.span.start] = ("enumMember", 0)  # the `@`
            roles[node.span.end - len(node.name)] = ("enumMember", 0)
        elif isinstance(node, ast.Shot):
            mark(node.name, "namespace", _DECLARATION)
            mark(node.type, "enumMember")
        elif isinstance(node, (ast.Call, ast.GradeOp)):
            mark(node.name, "function", _LIBRARY)
        elif isinstance(node, ast.MotionModifier):
            mark(node.kind, "function", _LIBRARY)
        elif isinstance(node, ast.Setting) and isinstance(node.value, ast.Ident):
            kind = "type" if node.key.name == "palette" else "enumMember"
            mark(node.value, kind)
        for child in _children(node):
            visit(child)

    if file is not None:
        for item in file.items:
            visit(item)
    return roles


def semantic_tokens(analysis: Analysis) -> list[int]:
    """The document's tokens in the LSP encoding (relative lines and columns)."""
    text = analysis.text
    stream = tokenize(Source(analysis.path, text), basic_lexer(grammar()))
    roles = name_roles(analysis.file)
    found: list[tuple[int, int, int, int]] = []  # start, end, type, modifiers
    for token in stream.tokens:
        if token.start_pos is None or token.end_pos is None or token.end_pos <= token.start_pos:
            continue  # a closer the scanner added where one was missing
        role = roles.get(token.start_pos)
        if token.type == "NAME":
            kind, bits = role or ("enumMember", 0)
        elif role is not None:
            kind, bits = role
        elif token.type in _BY_TERMINAL:
            kind, bits = _BY_TERMINAL[token.type], 0
        elif str(token.value)[:1].isalpha():
            kind, bits = "keyword", 0
        else:
            continue  # punctuation: the editor's grammar colours it
        found.append((token.start_pos, token.end_pos, _TYPE[kind], bits))
    for comment in stream.comments:
        found.append((comment.start_pos, comment.end_pos, _TYPE["comment"], 0))
    found.sort()
    index = LineIndex(text)
    data: list[int] = []
    last_line = last_column = 0
    for start, end, kind, bits in found:
        for piece_start, piece_end in _lines(text, start, end):
            position = index.position(piece_start)
            length = utf16_length(text[piece_start:piece_end])
            if length == 0:
                continue
            delta_line = position.line - last_line
            delta_column = position.character - (last_column if delta_line == 0 else 0)
            data += [delta_line, delta_column, length, kind, bits]
            last_line, last_column = position.line, position.character
    return data


def _lines(text: str, start: int, end: int):
    """A token cut at line ends (LSP tokens stay on one line)."""
    while start < end:
        newline = text.find("\n", start, end)
        if newline == -1:
            yield start, end
            return
        yield start, newline
        start = newline + 1


_BLOCKS = (ast.Scene, ast.Shot, ast.Template, ast.Palette, ast.Keyframes)


def folding_ranges(analysis: Analysis) -> list[types.FoldingRange]:
    out: list[types.FoldingRange] = []
    text = analysis.text

    def fold(first: int, last: int, kind: str | None = None) -> None:
        if last > first:
            out.append(types.FoldingRange(start_line=first, end_line=last, kind=kind))

    def visit(node) -> None:
        span = getattr(node, "span", None)
        if span is not None and span.file == analysis.path and span.end_line > span.line:
            if isinstance(node, _BLOCKS):
                # The closing `}` stays visible, as editors show a folded block.
                closing_alone = text[:span.end].rstrip().endswith("}") and \
                    not text[text.rfind("\n", 0, span.end - 1) + 1:span.end - 1].strip()
                fold(span.line - 1, span.end_line - 1 - (1 if closing_alone else 0), types.FoldingRangeKind.Region)
            elif isinstance(node, (ast.Layer, ast.Call, ast.MotionModifier, ast.GradeOp, ast.Grade)):
                fold(span.line - 1, span.end_line - 1, types.FoldingRangeKind.Region)
        for child in _children(node):
            visit(child)

    if analysis.file is not None:
        for item in analysis.file.items:
            visit(item)
    module = analysis.check.graph.modules.get(analysis.path)
    comments = module.result.comments if module else ()
    run_first = run_last = None
    index = LineIndex(text)
    for comment in comments:
        first, last = index.position(comment.start).line, index.position(comment.end).line
        if last > first:  # a block comment over several lines
            fold(first, last, types.FoldingRangeKind.Comment)
            continue
        alone = text[comment.start:comment.start + 2] == "//" and \
            not text[text.rfind("\n", 0, comment.start) + 1:comment.start].strip()  # not after code
        if run_last is not None and first == run_last + 1 and alone:
            run_last = first
            continue
        if run_first is not None:
            fold(run_first, run_last, types.FoldingRangeKind.Comment)
        run_first = run_last = first if alone else None
    if run_first is not None:
        fold(run_first, run_last, types.FoldingRangeKind.Comment)
    unique = {(r.start_line, r.end_line, r.kind): r for r in out}
    return sorted(unique.values(), key=lambda r: (r.start_line, r.end_line))
