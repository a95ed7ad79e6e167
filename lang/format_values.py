"""Canonical text of values and of the one-line parts of statements.

The layout of blocks and the placement of comments live in `formatter.py`;
this module turns single AST nodes into their canonical one-line text:
numbers and hex colors as the user wrote them (the literal's `text`, so a
round trip never changes a value), strings re-escaped, `, ` between
arguments and list items, vecs as `(x, y)`, clauses and modifiers in the
order written.
"""

from __future__ import annotations

from typing import assert_never

from scenec.lang import ast

# Characters a string literal cannot hold raw (they end the token or the
# line) and the escapes `literals.parse_string` reads back.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}


def string_text(value: str) -> str:
    """`value` as a double-quoted literal that parses back to `value`."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in value) + '"'


def value_text(value: ast.Value) -> str:
    match value:
        case ast.Quantity():
            return value.text
        case ast.Str():
            return string_text(value.value)
        case ast.Bool():
            return "true" if value.value else "false"
        case ast.Color():
            return value.text
        case ast.NameValue():
            return value.name
        case ast.PaletteRef():
            return f"@{value.name}"
        case ast.Vec():
            return f"({value_text(value.x)}, {value_text(value.y)})"
        case ast.ListValue():
            return "[" + ", ".join(value_text(item) for item in value.items) + "]"
        case ast.Call():
            return f"{value.name.name}({args_text(value.args)})"
        case _:
            assert_never(value)


def args_text(args: tuple[ast.Arg, ...]) -> str:
    """Arguments as written: positional stay positional, named stay named."""
    return ", ".join(value_text(a.value) if a.name is None else f"{a.name.name}: {value_text(a.value)}"
                     for a in args)


def ref_text(ref: ast.Ref) -> str:
    return ref.text


def type_text(type_: ast.TypeExpr) -> str:
    match type_:
        case ast.TypeName():
            return type_.name.name
        case ast.ListType():
            return f"{type_.name.name} of {type_text(type_.of)}"
        case ast.EnumType():
            return "enum(" + ", ".join(w.name for w in type_.words) + ")"
        case _:
            assert_never(type_)


def param_text(param: ast.Param) -> str:
    text = f"{param.name.name}: {type_text(param.type)}"
    if param.default is not None:
        text += f" = {value_text(param.default)}"
    return text


def clause_text(clause: ast.Clause) -> str:
    """`to (1%, 2%)`, `ease out-cubic`, `fade in 1s`, `key "F# minor"`."""
    if clause.value is not None:
        return f"{clause.keyword} {value_text(clause.value)}"
    assert clause.word is not None, clause
    return f"{clause.keyword} {clause.word.name}"


def modifier_text(modifier: ast.Modifier) -> str:
    match modifier:
        case ast.ValueModifier():
            return f"{modifier.kind.name} {value_text(modifier.value)}"
        case ast.BlendModifier():
            return f"blend {modifier.mode.name}"
        case ast.EffectModifier():
            return f"{modifier.which} {modifier.kind.name} {value_text(modifier.duration)}"
        case ast.MotionModifier():
            return f"motion {modifier.kind.name}({args_text(modifier.args)})"
        case _:
            assert_never(modifier)


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def layer_text(layer: ast.Layer) -> str:
    head = f"layer {layer.name.name}: {layer.primitive.name}({args_text(layer.args)})"
    return _join(head, *(modifier_text(m) for m in layer.modifiers))


def setting_text(setting: ast.Setting) -> str:
    key = setting.key.name
    value = setting.value
    if key == "size" and isinstance(value, ast.Vec):
        # `size` takes the one-token frame size, never a vec.
        return f"size {value_text(value.x)}x{value_text(value.y)}"
    if isinstance(value, ast.Ident):
        return f"{key} {value.name}"
    return f"{key} {value_text(value)}"


def camera_text(camera: ast.Camera) -> str:
    return _join(
        "camera",
        camera.kind.name,
        camera.direction.name if camera.direction else None,
        value_text(camera.amount) if camera.amount is not None else None,
        camera.frequency.text if camera.frequency is not None else None,
        ref_text(camera.target) if camera.target is not None else None,
        *(clause_text(c) for c in camera.clauses),
    )


def audio_text(audio: ast.Audio) -> str:
    subject = audio.subject
    match subject:
        case None:
            subject_text = None
        case ast.Ident():
            subject_text = subject.name
        case _:
            subject_text = value_text(subject)
    return _join("audio", audio.kind, subject_text, *(clause_text(c) for c in audio.clauses))


def grade_text(grade: ast.Grade) -> str:
    return "grade " + " ".join(f"{op.name.name}({args_text(op.args)})" for op in grade.ops)


def transition_text(transition: ast.Transition) -> str:
    return _join(
        "transition",
        transition.kind.name,
        transition.direction.name if transition.direction else None,
        value_text(transition.duration) if transition.duration is not None else None,
        f"via {value_text(transition.via)}" if transition.via is not None else None,
    )


def keyframe_text(frame: ast.Keyframe) -> str:
    text = f"{frame.time.text}: {value_text(frame.value)}"
    return f"{text} ease {frame.ease.name}" if frame.ease is not None else text


def shot_header(shot: ast.Shot) -> str:
    return _join(
        "shot",
        shot.name.name if shot.name else None,
        shot.type.name if shot.type else None,
        shot.duration.text if shot.duration is not None else None,
        value_text(shot.title) if shot.title is not None else None,
        "{",
    )


def scene_header(scene: ast.Scene) -> str:
    return _join("scene", value_text(scene.title) if scene.title is not None else None, "{")


def palette_header(palette: ast.Palette) -> str:
    extends = f"extends {palette.extends.name}" if palette.extends is not None else None
    return _join("palette", palette.name.name, extends, "{")


def template_header(template: ast.Template) -> str:
    params = ", ".join(param_text(p) for p in template.params)
    return f"template {template.name.name}({params}) {{"


def keyframes_header(keyframes: ast.Keyframes) -> str:
    return f"keyframes {ref_text(keyframes.target)} {{"


def simple_statement_text(node) -> str:
    """The one-line text of a statement that holds no block."""
    match node:
        case ast.Import():
            return f"import {value_text(node.path)}"
        case ast.Let():
            return f"let {node.name.name} = {value_text(node.value)}"
        case ast.PaletteEntry():
            return f"{node.name.name}: {value_text(node.value)}"
        case ast.Keyframe():
            return keyframe_text(node)
        case ast.Layer():
            return layer_text(node)
        case ast.Animate():
            return _join("animate", ref_text(node.target), *(clause_text(c) for c in node.clauses))
        case ast.Camera():
            return camera_text(node)
        case ast.Focus():
            return f"focus {ref_text(node.target)}"
        case ast.Beat():
            return f"beat {node.name.name}"
        case ast.Grade():
            return grade_text(node)
        case ast.Audio():
            return audio_text(node)
        case ast.Setting():
            return setting_text(node)
        case ast.Transition():
            return transition_text(node)
    raise TypeError(f"not a one-line statement: {type(node).__name__}")
