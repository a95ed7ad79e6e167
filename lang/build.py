"""Lark tree to typed AST.

A plain walker rather than a Lark Transformer, so that a bad literal becomes a
diagnostic at its token (collected, building goes on) instead of a
`VisitError`. Clauses that may appear once are kept as written; the checker
reports repeats.
"""

from __future__ import annotations

from lark import Token, Tree

from scenec.lang import ast
from scenec.lang.diagnostics import Diagnostic, ValueProblem
from scenec.lang.literals import parse_hex, parse_number, parse_string
from scenec.lang.span import Source, Span

class Builder:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.path = source.path
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------ helpers

    def span(self, node: Tree | Token) -> Span:
        # Lark already counted lines and columns; reuse them rather than searching the text again.
        if isinstance(node, Token):
            if node.line is None:
                return self.source.span(node.start_pos or 0, node.end_pos or 0)
            return Span(self.path, node.start_pos, node.end_pos, node.line, node.column,
                        node.end_line, node.end_column)
        meta = node.meta
        if getattr(meta, "empty", True):
            return self.source.span(0, 0)
        return Span(self.path, meta.start_pos, meta.end_pos, meta.line, meta.column, meta.end_line,
                    meta.end_column)

    def ident(self, token: Token) -> ast.Ident:
        return ast.Ident(str(token), self.span(token))

    def word(self, node: Tree) -> ast.Ident:
        """A `!rule` made of one keyword token (shot_type, direction, …)."""
        token = node.children[0]
        return ast.Ident(str(token), self.span(token))

    def quantity(self, token: Token) -> ast.Quantity:
        span = self.span(token)
        try:
            value, unit, is_int = parse_number(str(token))
        except ValueProblem as problem:
            self.diagnostics.append(problem.at(span))
            value, unit, is_int = 0.0, ast.Unit.NONE, False
            text = str(token)
            # keep the unit the user wrote when only the magnitude is bad
            for candidate in sorted(ast.Unit, key=lambda u: -len(u.value)):
                if candidate.value and text.endswith(candidate.value):
                    unit = candidate
                    break
        return ast.Quantity(value, unit, is_int, str(token), span)

    def string(self, token: Token) -> ast.Str:
        span = self.span(token)
        try:
            return ast.Str(parse_string(str(token)), span)
        except ValueProblem as problem:
            self.diagnostics.append(problem.at(span))
            return ast.Str(str(token)[1:-1], span)

    # ------------------------------------------------------------ file

    def file(self, tree: Tree) -> ast.File:
        items = []
        for child in tree.children:
            if isinstance(child, Tree):
                item = self.item(child)
                if item is not None:
                    items.append(item)
        return ast.File(tuple(items), self.source.span(0, len(self.source.text)))

    def item(self, node: Tree) -> ast.Item | None:
        kind = node.data
        c = node.children
        if kind == "import_item":
            return ast.Import(self.string(c[0]), self.span(node))
        if kind == "let_item":
            return ast.Let(self.ident(c[0]), self.value(c[1]), self.span(node))
        if kind == "palette_item":
            entries = tuple(ast.PaletteEntry(self.ident(e.children[0]), self.value(e.children[1]), self.span(e))
                            for e in c[2:] if isinstance(e, Tree))
            return ast.Palette(self.ident(c[0]), self.ident(c[1]) if c[1] is not None else None,
                               entries, self.span(node))
        if kind == "template_item":
            params = tuple(self.param(p) for p in c[1:] if isinstance(p, Tree) and p.data == "param")
            layers = tuple(self.layer(x) for x in c[1:] if isinstance(x, Tree) and x.data == "layer")
            return ast.Template(self.ident(c[0]), params, layers, self.span(node))
        if kind == "scene":
            title = self.string(c[0]) if c[0] is not None else None
            body = tuple(s for s in (self.scene_stmt(x) for x in c[1:] if isinstance(x, Tree)) if s)
            return ast.Scene(title, body, self.span(node))
        return None

    def param(self, node: Tree) -> ast.Param:
        name, type_node, default = node.children
        return ast.Param(self.ident(name), self.type_expr(type_node),
                         self.value(default) if default is not None else None, self.span(node))

    def type_expr(self, node: Tree) -> ast.TypeExpr:
        if node.data == "type_name":
            return ast.TypeName(self.ident(node.children[0]), self.span(node))
        if node.data == "list_type":
            return ast.ListType(self.ident(node.children[0]), self.type_expr(node.children[1]), self.span(node))
        return ast.EnumType(tuple(self.ident(t) for t in node.children if isinstance(t, Token)), self.span(node))

    # ------------------------------------------------------------ scene

    def scene_stmt(self, node: Tree):
        kind, c = node.data, node.children
        if kind == "size_setting":
            token = c[0]
            return ast.Setting(ast.Ident("size", self.span(node)), self.size_value(token), self.span(node))
        if kind == "setting":
            return ast.Setting(self.word(c[0]), self.value(c[1]), self.span(node))
        if kind == "name_setting":
            return ast.Setting(self.word(c[0]), self.ident(c[1]), self.span(node))
        if kind == "shot":
            name, type_, duration, title = c[:4]
            body = tuple(s for s in (self.shot_stmt(x) for x in c[4:] if isinstance(x, Tree)) if s)
            return ast.Shot(self.ident(name) if name is not None else None,
                            self.word(type_) if type_ is not None else None,
                            self.quantity(duration) if duration is not None else None,
                            self.string(title) if title is not None else None, body, self.span(node))
        if kind == "transition":
            return self.transition(c[0], self.span(node))
        return self.common_stmt(node)

    def size_value(self, token: Token) -> ast.Vec:
        span = self.span(token)
        width, height = str(token).split("x")
        w = ast.Quantity(float(width), ast.Unit.PX, True, width, span)
        h = ast.Quantity(float(height), ast.Unit.PX, True, height, span)
        return ast.Vec(w, h, span)

    def transition(self, node: Tree, span: Span) -> ast.Transition:
        kind, c = node.data, node.children
        if kind == "cut_transition":
            return ast.Transition(ast.Ident("cut", span), None, None, None, span)
        if kind == "fade_transition":
            head = ast.Ident("fade", self.source.span(span.start + len("transition "), span.start + len("transition fade")))
            return ast.Transition(head, None, self.value(c[0]),
                                  self.value(c[1]) if c[1] is not None else None, span)
        if kind == "timed_transition":
            return ast.Transition(self.word(c[0]), None, self.value(c[1]), None, span)
        return ast.Transition(self.word(c[0]), self.word(c[1]), self.value(c[2]), None, span)

    def common_stmt(self, node: Tree):
        """Statements that stand in scenes and shots: grade and audio."""
        kind, c = node.data, node.children
        span = self.span(node)
        if kind == "grade":
            ops = tuple(ast.GradeOp(self.ident(op.children[0]), self.args(op.children[1]), self.span(op))
                        for op in c)
            return ast.Grade(ops, span)
        if kind == "ambient_audio":
            return ast.Audio("ambient", self.string(c[0]), self.clauses(c[1:]), span)
        if kind == "music_audio":
            return ast.Audio("music", self.ident(c[0]), self.clauses(c[1:]), span)
        if kind == "tone_audio":
            return ast.Audio("tone", self.value(c[0]), self.clauses(c[1:]), span)
        if kind == "sfx_audio":
            return ast.Audio("sfx", self.string(c[0]), self.clauses(c[1:]), span)
        if kind == "audio_off":
            return ast.Audio("off", None, (), span)
        raise AssertionError(f"unhandled statement {kind}")

    # ------------------------------------------------------------ shots

    def shot_stmt(self, node: Tree):
        kind, c = node.data, node.children
        span = self.span(node)
        if kind == "layer":
            return self.layer(node)
        if kind == "animate":
            return ast.Animate(self.ref(c[0]), self.clauses(c[1:]), span)
        if kind == "keyframes":
            frames = tuple(
                ast.Keyframe(self.quantity(k.children[0]), self.value(k.children[1]),
                             self.ident(k.children[2].children[0]) if k.children[2] is not None else None,
                             self.span(k))
                for k in c[1:])
            return ast.Keyframes(self.ref(c[0]), frames, span)
        if kind == "camera":
            return self.camera(c[0], c[1:], span)
        if kind == "focus":
            return ast.Focus(self.ref(c[0]), span)
        if kind == "beat":
            return ast.Beat(self.ident(c[0]), span)
        if kind == "override":
            return ast.Setting(self.word(c[0]), self.ident(c[1]), span)
        return self.common_stmt(node)

    def camera(self, move: Tree, timing: list, span: Span) -> ast.Camera:
        kind, c = move.data, move.children
        clauses = self.clauses(timing)
        move_span = self.span(move)
        head = lambda word: ast.Ident(word, self.source.span(move_span.start, move_span.start + len(word)))  # noqa: E731
        if kind == "static_move":
            return ast.Camera(head("static"), None, None, None, None, clauses, span)
        if kind == "directed_move":
            amount = self.value(c[2]) if c[2] is not None else None
            return ast.Camera(self.word(c[0]), self.word(c[1]), amount, None, None, clauses, span)
        if kind == "roll_move":
            return ast.Camera(head("roll"), None, self.value(c[0]), None, None, clauses, span)
        if kind == "shake_move":
            freq = self.quantity(c[1]) if c[1] is not None else None
            return ast.Camera(head("shake"), None, self.value(c[0]), freq, None, clauses, span)
        return ast.Camera(head("follow"), None, None, None, self.ref(c[0]), clauses, span)

    def layer(self, node: Tree) -> ast.Layer:
        c = node.children
        modifiers = tuple(self.modifier(m) for m in c[3:])
        return ast.Layer(self.ident(c[0]), self.ident(c[1]), self.args(c[2]), modifiers, self.span(node))

    def modifier(self, node: Tree) -> ast.Modifier:
        kind, c = node.data, node.children
        span = self.span(node)
        if kind == "value_modifier":
            return ast.ValueModifier(self.word(c[0]), self.value(c[1]), span)
        if kind == "blend_modifier":
            return ast.BlendModifier(self.ident(c[0]), span)
        if kind in ("enter_modifier", "exit_modifier"):
            return ast.EffectModifier(kind.split("_")[0], self.ident(c[0]), self.value(c[1]), span)
        return ast.MotionModifier(self.ident(c[0]), self.args(c[1]), span)

    def clauses(self, nodes: list) -> tuple[ast.Clause, ...]:
        out = []
        for node in nodes:
            if not isinstance(node, Tree):
                continue
            keyword = node.data.split("_")[0]
            c = node.children
            span = self.span(node)
            if node.data in ("ease_clause", "wave_opt"):
                out.append(ast.Clause(keyword, None, self.ident(c[0]), span))
            elif node.data == "key_opt":
                out.append(ast.Clause("key", self.string(c[0]), None, span))
            elif node.data == "fade_opt":
                out.append(ast.Clause(f"fade {c[0].children[0]}", self.value(c[1]), self.word(c[0]), span))
            else:
                out.append(ast.Clause(keyword, self.value(c[0]), None, span))
        return tuple(out)

    def ref(self, node: Tree) -> ast.Ref:
        return ast.Ref(tuple(self.ident(t) for t in node.children), self.span(node))

    def args(self, node: Tree | None) -> tuple[ast.Arg, ...]:
        if node is None:
            return ()
        out = []
        for arg in node.children:
            if arg.data == "named_arg":
                out.append(ast.Arg(self.ident(arg.children[0]), self.value(arg.children[1]), self.span(arg)))
            else:
                out.append(ast.Arg(None, self.value(arg.children[0]), self.span(arg)))
        return tuple(out)

    # ------------------------------------------------------------ values

    def value(self, node: Tree) -> ast.Value:
        kind = node.data
        span = self.span(node)
        c = node.children
        if kind == "literal":
            return self.quantity(c[0])
        if kind == "string":
            return self.string(c[0])
        if kind == "hex_color":
            try:
                return ast.Color(parse_hex(str(c[0])), str(c[0]), span)
            except ValueProblem as problem:
                self.diagnostics.append(problem.at(span))
                return ast.Color((0.0, 0.0, 0.0, 1.0), str(c[0]), span)
        if kind == "palette_ref":
            return ast.PaletteRef(str(c[0]), span)
        if kind == "name_value":
            return ast.NameValue(str(c[0]), span)
        if kind == "true_value":
            return ast.Bool(True, span)
        if kind == "false_value":
            return ast.Bool(False, span)
        if kind == "vec_value":
            return ast.Vec(self.value(c[0]), self.value(c[1]), span)
        if kind == "list_value":
            return ast.ListValue(tuple(self.value(x) for x in c if x is not None), span)
        if kind == "call_value":
            return ast.Call(self.ident(c[0]), self.args(c[1]), span)
        raise AssertionError(f"unhandled value {kind}")
