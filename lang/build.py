"""Typed AST nodes built while LALR parses: the transformer Lark (or `plainparse`) calls.

Lark calls one method per grammar rule as it reduces (`Lark(...,
transformer=Build())`), so no parse tree is made. The grammar is loaded with
`keep_all_tokens=True` and `maybe_placeholders=True`: every keyword and
punctuation token reaches the method (a node's span runs from its first
token to its last, with no `propagate_positions` bookkeeping) and an absent
`[optional]` is a `None` in its place, so children sit at fixed indices.

A bad literal becomes a diagnostic at its token (collected in
`diagnostics`, building goes on) instead of an exception out of the parser.
One `Build` serves one parse at a time: `begin` resets it for a source.
Clauses that may appear once are kept as written; the checker reports
repeats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scenec.lang import ast
from scenec.lang.diagnostics import Diagnostic, ValueProblem
from scenec.lang.literals import parse_hex, parse_number, parse_string
from scenec.lang.span import Span

if TYPE_CHECKING:
    from lark import Token

# Tokens are told from nodes as `str`s: Lark's `Token` and `plainparse.Token` (the parse of a clean
# file without Lark) both are one, and no AST node is. So this module imports no Lark.

_UNITS_LONGEST_FIRST = sorted(ast.Unit, key=lambda u: -len(u.value))
# A Span is a named tuple; building it from a tuple skips the generated
# __new__'s argument handling, which a 10,000-line scene pays 150,000 times.
_new_span = tuple.__new__


def _nodes(children: list, kinds) -> tuple:
    return tuple(c for c in children if isinstance(c, kinds))


class Build:
    """One method per rule of `scene.lark`; each returns the AST node for it."""

    def __init__(self) -> None:
        self.path = "<input>"
        self.diagnostics: list[Diagnostic] = []

    def begin(self, path: str) -> None:
        self.path = path
        self.diagnostics = []

    # ------------------------------------------------------------ helpers

    def span(self, first, last) -> Span:
        """From the start of `first` to the end of `last` (tokens or nodes)."""
        if isinstance(first, str):
            start, line, column = first.start_pos, first.line, first.column
        else:
            a = first.span
            start, line, column = a.start, a.line, a.column
        if isinstance(last, str):
            return _new_span(Span, (self.path, start, last.end_pos, line, column, last.end_line, last.end_column))
        b = last.span
        return _new_span(Span, (self.path, start, b.end, line, column, b.end_line, b.end_column))

    def tspan(self, token: Token) -> Span:
        return _new_span(Span, (self.path, token.start_pos, token.end_pos, token.line, token.column,
                                token.end_line, token.end_column))

    def ident(self, token: Token) -> ast.Ident:
        return ast.Ident(str(token), self.tspan(token))

    def quantity(self, token: Token) -> ast.Quantity:
        span = self.tspan(token)
        text = str(token)
        try:
            value, unit, is_int = parse_number(text)
        except ValueProblem as problem:
            self.diagnostics.append(problem.at(span))
            value, unit, is_int = 0.0, ast.Unit.NONE, False
            # keep the unit the user wrote when only the magnitude is bad
            for candidate in _UNITS_LONGEST_FIRST:
                if candidate.value and text.endswith(candidate.value):
                    unit = candidate
                    break
        return ast.Quantity(value, unit, is_int, text, span)

    def string_of(self, token: Token) -> ast.Str:
        span = self.tspan(token)
        try:
            return ast.Str(parse_string(str(token)), span)
        except ValueProblem as problem:
            self.diagnostics.append(problem.at(span))
            return ast.Str(str(token)[1:-1], span)

    def _word(self, c: list) -> ast.Ident:
        """A `!rule` made of one keyword token (shot_type, direction, …)."""
        return self.ident(c[0])

    shot_type = setting_key = name_setting_key = override_key = value_mod = _word
    move_kind = direction = timed_kind = directed_kind = _word

    # ------------------------------------------------------------ file and items

    def start(self, c: list) -> ast.File:
        items = tuple(x for x in c if not isinstance(x, str))
        # The caller replaces the span with the whole text's; this one covers the items.
        span = self.span(items[0], items[-1]) if items else Span(self.path, 0, 0, 1, 1, 1, 1)
        return ast.File(items, span)

    def scene_statement(self, c: list):
        return c[0]

    shot_statement = scene_statement

    def import_item(self, c: list) -> ast.Import:
        return ast.Import(self.string_of(c[1]), self.span(c[0], c[1]))

    def let_item(self, c: list) -> ast.Let:
        return ast.Let(self.ident(c[1]), c[3], self.span(c[0], c[3]))

    def palette_item(self, c: list) -> ast.Palette:
        extends = self.ident(c[3]) if c[3] is not None else None
        return ast.Palette(self.ident(c[1]), extends, _nodes(c[4:], (ast.PaletteEntry, ast.ErrorStatement)),
                           self.span(c[0], c[-1]))

    def palette_entry(self, c: list) -> ast.PaletteEntry:
        return ast.PaletteEntry(self.ident(c[0]), c[2], self.span(c[0], c[2]))

    def template_item(self, c: list) -> ast.Template:
        return ast.Template(self.ident(c[1]), _nodes(c, ast.Param),
                            _nodes(c, (ast.Layer, ast.ErrorStatement)), self.span(c[0], c[-1]))

    def param(self, c: list) -> ast.Param:
        name, _colon, type_, _eq, default = c
        return ast.Param(self.ident(name), type_, default, self.span(name, default if default is not None else type_))

    def type_name(self, c: list) -> ast.TypeName:
        return ast.TypeName(self.ident(c[0]), self.tspan(c[0]))

    def list_type(self, c: list) -> ast.ListType:
        return ast.ListType(self.ident(c[0]), c[2], self.span(c[0], c[2]))

    def enum_type(self, c: list) -> ast.EnumType:
        words = tuple(self.ident(t) for t in c if isinstance(t, str) and t.type == "NAME")
        return ast.EnumType(words, self.span(c[0], c[-1]))

    # ------------------------------------------------------------ scene

    def scene(self, c: list) -> ast.Scene:
        title = self.string_of(c[1]) if c[1] is not None else None
        return ast.Scene(title, tuple(x for x in c[3:-1] if not isinstance(x, str)), self.span(c[0], c[-1]))

    def size_setting(self, c: list) -> ast.Setting:
        token = c[1]
        span = self.tspan(token)
        width, height = str(token).split("x")
        w = ast.Quantity(float(width), ast.Unit.PX, True, width, span)
        h = ast.Quantity(float(height), ast.Unit.PX, True, height, span)
        whole = self.span(c[0], token)
        return ast.Setting(ast.Ident("size", whole), ast.Vec(w, h, span), whole)

    def setting(self, c: list) -> ast.Setting:
        return ast.Setting(c[0], c[1], self.span(c[0], c[1]))

    def name_setting(self, c: list) -> ast.Setting:
        return ast.Setting(c[0], self.ident(c[1]), self.span(c[0], c[1]))

    override = name_setting

    def shot(self, c: list) -> ast.Shot:
        name, type_, duration, title = c[1:5]
        return ast.Shot(self.ident(name) if name is not None else None, type_,
                        self.quantity(duration) if duration is not None else None,
                        self.string_of(title) if title is not None else None,
                        tuple(x for x in c[6:-1] if not isinstance(x, str)), self.span(c[0], c[-1]))

    def transition(self, c: list) -> ast.Transition:
        kind = c[1]
        return ast.Transition(kind.kind, kind.direction, kind.duration, kind.via, self.span(c[0], kind))

    def cut_transition(self, c: list) -> ast.Transition:
        return ast.Transition(self.ident(c[0]), None, None, None, self.tspan(c[0]))

    def fade_transition(self, c: list) -> ast.Transition:
        via = c[3]
        return ast.Transition(self.ident(c[0]), None, c[1], via, self.span(c[0], via if via is not None else c[1]))

    def timed_transition(self, c: list) -> ast.Transition:
        return ast.Transition(c[0], None, c[1], None, self.span(c[0], c[1]))

    def directed_transition(self, c: list) -> ast.Transition:
        return ast.Transition(c[0], c[1], c[2], None, self.span(c[0], c[2]))

    def grade(self, c: list) -> ast.Grade:
        return ast.Grade(tuple(c[1:]), self.span(c[0], c[-1]))

    def grade_op(self, c: list) -> ast.GradeOp:
        return ast.GradeOp(self.ident(c[0]), c[2] or (), self.span(c[0], c[3]))

    def audio(self, c: list) -> ast.Audio:
        # The span starts at the kind word (`sfx "boom" at 3s`), as golden plan dumps expect.
        return c[1]

    def _audio_kind(self, kind: str, subject, c: list) -> ast.Audio:
        return ast.Audio(kind, subject, tuple(c[2:]), self.span(c[0], c[-1]))

    def ambient_audio(self, c: list) -> ast.Audio:
        return self._audio_kind("ambient", self.string_of(c[1]), c)

    def music_audio(self, c: list) -> ast.Audio:
        return self._audio_kind("music", self.ident(c[1]), c)

    def tone_audio(self, c: list) -> ast.Audio:
        return self._audio_kind("tone", c[1], c)

    def sfx_audio(self, c: list) -> ast.Audio:
        return self._audio_kind("sfx", self.string_of(c[1]), c)

    def audio_off(self, c: list) -> ast.Audio:
        return ast.Audio("off", None, (), self.tspan(c[0]))

    # ------------------------------------------------------------ shots

    def focus(self, c: list) -> ast.Focus:
        return ast.Focus(c[1], self.span(c[0], c[1]))

    def beat(self, c: list) -> ast.Beat:
        return ast.Beat(self.ident(c[1]), self.span(c[0], c[1]))

    def layer(self, c: list) -> ast.Layer:
        return ast.Layer(self.ident(c[1]), self.ident(c[3]), c[5] or (), tuple(c[7:]), self.span(c[0], c[-1]))

    def value_modifier(self, c: list) -> ast.ValueModifier:
        return ast.ValueModifier(c[0], c[1], self.span(c[0], c[1]))

    def blend_modifier(self, c: list) -> ast.BlendModifier:
        return ast.BlendModifier(self.ident(c[1]), self.span(c[0], c[1]))

    def enter_modifier(self, c: list) -> ast.EffectModifier:
        return ast.EffectModifier(str(c[0]), self.ident(c[1]), c[2], self.span(c[0], c[2]))

    exit_modifier = enter_modifier

    def motion_modifier(self, c: list) -> ast.MotionModifier:
        return ast.MotionModifier(self.ident(c[1]), c[3] or (), self.span(c[0], c[4]))

    def args(self, c: list) -> tuple[ast.Arg, ...]:
        return tuple(x for x in c if isinstance(x, ast.Arg))

    def positional_arg(self, c: list) -> ast.Arg:
        return ast.Arg(None, c[0], c[0].span)

    def named_arg(self, c: list) -> ast.Arg:
        return ast.Arg(self.ident(c[0]), c[2], self.span(c[0], c[2]))

    def animate(self, c: list) -> ast.Animate:
        return ast.Animate(c[1], tuple(c[2:]), self.span(c[0], c[-1]))

    def _value_clause(self, c: list) -> ast.Clause:
        return ast.Clause(str(c[0]), c[1], None, self.span(c[0], c[1]))

    from_clause = to_clause = at_clause = over_clause = _value_clause
    volume_opt = tempo_opt = for_opt = _value_clause

    def _word_clause(self, c: list) -> ast.Clause:
        return ast.Clause(str(c[0]), None, self.ident(c[1]), self.span(c[0], c[1]))

    ease_clause = wave_opt = _word_clause

    def key_opt(self, c: list) -> ast.Clause:
        return ast.Clause("key", self.string_of(c[1]), None, self.span(c[0], c[1]))

    def fade_opt(self, c: list) -> ast.Clause:
        return ast.Clause(f"fade {c[1].name}", c[2], c[1], self.span(c[0], c[2]))

    def keyframes(self, c: list) -> ast.Keyframes:
        return ast.Keyframes(c[1], _nodes(c[3:-1], (ast.Keyframe, ast.ErrorStatement)), self.span(c[0], c[-1]))

    def keyframe(self, c: list) -> ast.Keyframe:
        ease = c[3]
        return ast.Keyframe(self.quantity(c[0]), c[2], ease.word if ease is not None else None,
                            self.span(c[0], ease if ease is not None else c[2]))

    def camera(self, c: list) -> ast.Camera:
        move = c[1]
        return ast.Camera(move.kind, move.direction, move.amount, move.frequency, move.target, tuple(c[2:]),
                          self.span(c[0], c[-1]))

    def static_move(self, c: list) -> ast.Camera:
        return ast.Camera(self.ident(c[0]), None, None, None, None, (), self.tspan(c[0]))

    def directed_move(self, c: list) -> ast.Camera:
        amount = c[2]
        return ast.Camera(c[0], c[1], amount, None, None, (), self.span(c[0], amount if amount is not None else c[1]))

    def roll_move(self, c: list) -> ast.Camera:
        return ast.Camera(self.ident(c[0]), None, c[1], None, None, (), self.span(c[0], c[1]))

    def shake_move(self, c: list) -> ast.Camera:
        freq = self.quantity(c[2]) if c[2] is not None else None
        return ast.Camera(self.ident(c[0]), None, c[1], freq, None, (),
                          self.span(c[0], c[2] if c[2] is not None else c[1]))

    def follow_move(self, c: list) -> ast.Camera:
        return ast.Camera(self.ident(c[0]), None, None, None, c[1], (), self.span(c[0], c[1]))

    def ref(self, c: list) -> ast.Ref:
        return ast.Ref(tuple(self.ident(t) for t in c if t.type == "NAME"), self.span(c[0], c[-1]))

    # ------------------------------------------------------------ values

    def literal(self, c: list) -> ast.Quantity:
        return self.quantity(c[0])

    def string(self, c: list) -> ast.Str:
        return self.string_of(c[0])

    def hex_color(self, c: list) -> ast.Color:
        span = self.tspan(c[0])
        text = str(c[0])
        try:
            return ast.Color(parse_hex(text), text, span)
        except ValueProblem as problem:
            self.diagnostics.append(problem.at(span))
            return ast.Color((0.0, 0.0, 0.0, 1.0), text, span)

    def palette_ref(self, c: list) -> ast.PaletteRef:
        return ast.PaletteRef(str(c[1]), self.span(c[0], c[1]))

    def name_value(self, c: list) -> ast.NameValue:
        return ast.NameValue(str(c[0]), self.tspan(c[0]))

    def true_value(self, c: list) -> ast.Bool:
        return ast.Bool(True, self.tspan(c[0]))

    def false_value(self, c: list) -> ast.Bool:
        return ast.Bool(False, self.tspan(c[0]))

    def vec_value(self, c: list) -> ast.Vec:
        return ast.Vec(c[1], c[3], self.span(c[0], c[4]))

    def list_value(self, c: list) -> ast.ListValue:
        return ast.ListValue(tuple(x for x in c[1:-1] if x is not None and not isinstance(x, str)),
                             self.span(c[0], c[-1]))

    def call_value(self, c: list) -> ast.Call:
        return ast.Call(self.ident(c[0]), c[2] or (), self.span(c[0], c[3]))
