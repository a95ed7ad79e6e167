"""Hover, go to definition and document symbols, read from the checked tree.

Each works on the chain of nodes under the cursor (`analysis.nodes_at`):
the innermost node says what the word is, its parents say what it belongs
to (an argument name to its layer's primitive, a `Ref` to the shot's layers).
Definitions across imports come from the checker's own scope tables, whose
nodes keep the span (and so the file) they were parsed from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from scenec.lang import ast
from scenec.lang.signatures import COLOR_FUNCTIONS, GRADE_OPS, LAYER_PROPERTIES, MOTIONS, PRIMITIVES, ParamSpec
from scenec.lang.span import Span
from scenec.lang.unparsed import ANY_NAME, defined_name
from scenec.lsp.analysis import (Analysis, callee_params, describe_param, hex_color, innermost, nodes_at,
                                 palette_colors, scene_palette, source_text, template_params, template_signature)


# The first two words of a statement (after a stray bracket or quote): a layer's keyword and name.
_HEAD_WORDS = re.compile(r"[\s(\[{\"]*([A-Za-z_][\w-]*)(?:\s+([A-Za-z_][\w-]*))?")


@dataclass(frozen=True, slots=True)
class Target:
    """A place to jump to: a file path and a span in it (None: the file's start)."""

    path: str
    span: Span | None


def _signature(name: str, specs: tuple[ParamSpec, ...]) -> str:
    return f"{name}(\n" + "".join(f"  {describe_param(s)},\n" for s in specs) + ")"


def _code(text: str) -> str:
    return f"```scene\n{text}\n```"


def _callee(chain: list) -> tuple[str, str] | None:
    """(kind, name) of the call an argument belongs to."""
    for node in reversed(chain):
        if isinstance(node, ast.Layer):
            return "layer", node.primitive.name
        if isinstance(node, ast.MotionModifier):
            return "motion", node.kind.name
        if isinstance(node, ast.GradeOp):
            return "grade", node.name.name
        if isinstance(node, ast.Call):
            return "call", node.name.name
    return None


def hover(analysis: Analysis, offset: int) -> tuple[str, Span] | None:
    """Markdown for the word at `offset`, and the span it covers."""
    chain = nodes_at(analysis.file, offset)
    if len(chain) < 2:
        return None
    node, parent = chain[-1], chain[-2]
    if isinstance(node, ast.Ident):
        if isinstance(parent, ast.Arg) and parent.name is node:
            callee = _callee(chain[:-2])
            specs = callee_params(analysis, *callee) if callee else None
            spec = next((s for s in specs or () if s.name == node.name), None)
            if spec is not None:
                return _code(describe_param(spec)) + (f"\n\n{spec.doc}" if spec.doc else "") + \
                    f"\n\nparameter of `{callee[1]}`", node.span
            return None
        if isinstance(parent, ast.Layer) and parent.primitive is node:
            return _callee_hover(analysis, "layer", node.name), node.span
        if isinstance(parent, ast.MotionModifier) and parent.kind is node and node.name in MOTIONS:
            return _code(_signature(node.name, MOTIONS[node.name])) + "\n\nmotion", node.span
        if isinstance(parent, ast.GradeOp) and node.name in GRADE_OPS:
            return _code(_signature(node.name, GRADE_OPS[node.name])) + "\n\ngrade operation", node.span
        if isinstance(parent, ast.Call) and node.name in COLOR_FUNCTIONS:
            return _code(_signature(node.name, COLOR_FUNCTIONS[node.name])) + "\n\ncolor function", node.span
        if isinstance(parent, ast.Template):
            return _code(template_signature(analysis, parent)), node.span
        if isinstance(parent, ast.PaletteEntry):
            colors = palette_colors(analysis, _palette_of(chain))
            if node.name in colors:
                return _color(node.name, colors[node.name]), node.span
        if isinstance(parent, ast.Ref):
            return _ref_hover(analysis, chain, parent, node), node.span
        if isinstance(parent, ast.Setting) and parent.key.name == "palette" and parent.value is node or \
                isinstance(parent, ast.Palette) and parent.extends is node:
            colors = palette_colors(analysis, node.name)
            lines = "\n".join(f"- `{k}`: `{hex_color(v)}`" for k, v in colors.items())
            return f"palette `{node.name}`\n\n{lines}", node.span
        return None
    if isinstance(node, ast.PaletteRef):
        name = _palette_of(chain) or scene_palette(analysis.file)
        colors = palette_colors(analysis, name)
        if node.name in colors:
            return _color(f"@{node.name}", colors[node.name]) + f"\n\nfrom palette `{name}`", node.span
        return None
    if isinstance(node, ast.NameValue):
        let = analysis.check.definitions.lets.get(node.name)
        if let is not None and _template_param(chain, node.name) is None:
            return _code(" ".join(source_text(analysis, let.span).split())) + _where(analysis, let.span), node.span
        param = _template_param(chain, node.name)
        if param is not None:
            return _code(" ".join(source_text(analysis, param.span).split())) + "\n\ntemplate parameter", node.span
    return None


def _callee_hover(analysis: Analysis, kind: str, name: str) -> str:
    if name in PRIMITIVES:
        return _code(_signature(name, PRIMITIVES[name])) + "\n\nprimitive"
    template = analysis.check.templates.get(name)
    if template is not None:
        specs = template_params(analysis, template)
        return _code(template_signature(analysis, template)) + "\n\n" + \
            "\n".join(f"- `{describe_param(s)}`" for s in specs) + _where(analysis, template.span)
    return f"unknown primitive or template `{name}`"


def _where(analysis: Analysis, span: Span) -> str:
    if span.file == analysis.path:
        return ""
    return f"\n\ndefined in `{span.file}`"


def _color(label: str, rgba) -> str:
    return f"`{label}` = `{hex_color(rgba)}`  (rgba {', '.join(f'{c:.3g}' for c in rgba)})"


def _palette_of(chain: list) -> str | None:
    palette = innermost(chain, ast.Palette)
    return palette.name.name if isinstance(palette, ast.Palette) else None


def _template_param(chain: list, name: str) -> ast.Param | None:
    template = innermost(chain, ast.Template)
    if isinstance(template, ast.Template):
        return next((p for p in template.params if p.name.name == name), None)
    return None


def _body(chain: list) -> tuple:
    holder = innermost(chain, ast.Shot) or innermost(chain, ast.Template)
    return holder.body if isinstance(holder, ast.Shot) else getattr(holder, "layers", ())


def _layer(chain: list, name: str) -> ast.Layer | None:
    return next((s for s in _body(chain) if isinstance(s, ast.Layer) and s.name.name == name), None)


def _unparsed_layer(analysis: Analysis, chain: list, name: str) -> tuple[ast.ErrorStatement, Span] | None:
    """The statement of the shot (or template) that did not parse but seems to define the layer
    `name` (`layr sun: …`, `layer sun circle(…)`), and the span of the name in it."""
    for statement in _body(chain):
        if isinstance(statement, ast.ErrorStatement) and defined_name(statement.text) in (name, ANY_NAME):
            head = _HEAD_WORDS.match(statement.text)
            at = next((head.start(g) for g in (1, 2) if head.group(g) == name), None)
            source = analysis.check.graph.sources.get(statement.span.file)
            if at is not None and source is not None:
                start = statement.span.start + at
                return statement, source.span(start, start + len(name))
    return None


def _ref_hover(analysis: Analysis, chain: list, ref: ast.Ref, node: ast.Ident) -> str:
    """The layer a reference names (its line) and, on a property, the property: an answer even
    when that layer's line did not parse or names no layer of the shot."""
    name = ref.parts[0].name
    layer = _layer(chain, name)
    unparsed = _unparsed_layer(analysis, chain, name) if layer is None else None
    if layer is not None:
        where = _code(source_text(analysis, layer.span).split("\n")[0])
    elif unparsed is not None:
        where = _code(source_text(analysis, unparsed[0].span).split("\n")[0]) + "\n\n(this line did not parse)"
    else:
        where = f"no layer `{name}` in this {'shot' if innermost(chain, ast.Shot) else 'template'}"
    if node is ref.parts[0]:
        return where
    spec = _property(analysis, layer, node.name) if node is ref.parts[-1] and len(ref.parts) == 2 else None
    if spec is None:
        return f"`{node.name}` of `{name}`\n\n" + where
    return _code(describe_param(spec)) + (f"\n\n{spec.doc}" if spec.doc else "") + \
        f"\n\nproperty of `{name}`\n\n" + where


def _property(analysis: Analysis, layer: ast.Layer | None, name: str) -> ParamSpec | None:
    """What an animated property of a layer is: its primitive's parameter, or one every layer has."""
    if name in LAYER_PROPERTIES:
        return LAYER_PROPERTIES[name]
    if layer is None or layer.primitive.name not in PRIMITIVES:
        return None
    return next((s for s in PRIMITIVES[layer.primitive.name] if s.name == name), None)


# ---------------------------------------------------------------- definition


def definition(analysis: Analysis, offset: int) -> Target | None:
    chain = nodes_at(analysis.file, offset)
    if len(chain) < 2:
        return None
    node, parent = chain[-1], chain[-2]
    defs = analysis.check.definitions
    found: ast.Let | ast.Palette | ast.Template | ast.Layer | ast.Param | ast.PaletteEntry | None = None
    if isinstance(node, ast.NameValue):
        found = _template_param(chain, node.name) or defs.lets.get(node.name)
    elif isinstance(node, ast.PaletteRef):
        found = _palette_entry(analysis, _palette_of(chain) or scene_palette(analysis.file), node.name)
    elif isinstance(node, ast.Str) and isinstance(parent, ast.Import):
        module = analysis.check.graph.modules.get(analysis.check.graph.entry)
        target = next((path for item, path in (module.imports if module else ()) if item is parent), None)
        return Target(target, None) if target in analysis.check.graph.sources else None
    elif isinstance(node, ast.Ident):
        if isinstance(parent, ast.Layer) and parent.primitive is node:
            found = defs.templates.get(node.name)
        elif isinstance(parent, ast.Setting) and parent.key.name == "palette" or \
                isinstance(parent, ast.Palette) and parent.extends is node:
            found = defs.palettes.get(node.name)
        elif isinstance(parent, ast.Ref) and parent.parts[0] is node:
            found = _layer(chain, node.name)
            unparsed = _unparsed_layer(analysis, chain, node.name) if found is None else None
            if unparsed is not None:
                return Target(unparsed[1].file, unparsed[1])
        elif isinstance(parent, ast.Arg) and parent.name is node:
            layer = innermost(chain, ast.Layer)
            template = defs.templates.get(layer.primitive.name) if isinstance(layer, ast.Layer) else None
            found = next((p for p in template.params if p.name.name == node.name), None) if template else None
    if found is None or found.span.file.startswith("<builtin>"):
        return None
    return Target(found.span.file, found.name.span)


def _palette_entry(analysis: Analysis, palette: str | None, entry: str, seen: tuple[str, ...] = ()):
    node = analysis.check.definitions.palettes.get(palette or "")
    if node is None or palette in seen:
        return None
    match = next((e for e in reversed(node.entries) if isinstance(e, ast.PaletteEntry) and e.name.name == entry),
                 None)
    if match is not None:
        return match
    return _palette_entry(analysis, node.extends.name, entry, (*seen, palette)) if node.extends else None


# ---------------------------------------------------------------- symbols


def _is_broken_shot(statement) -> bool:
    """An error statement whose first word is the keyword `shot` (after a stray bracket or
    quote, say): a shot whose header did not parse."""
    return isinstance(statement, ast.ErrorStatement) and _BROKEN_SHOT.match(statement.text) is not None


_BROKEN_SHOT = re.compile(r"[\s\"'(\[{]*shot(?![\w-])")


def document_symbols(analysis: Analysis, to_range) -> list[types.DocumentSymbol]:
    """Palettes, lets, templates (with their layers), and the scene → shots → layers."""
    K = types.SymbolKind

    def symbol(name: str, kind, node, name_span: Span | None, children=(), detail: str = ""):
        return types.DocumentSymbol(name=name, kind=kind, range=to_range(node.span),
                                    selection_range=to_range(name_span or node.span),
                                    detail=detail or None, children=list(children) or None)

    def layers(body) -> list[types.DocumentSymbol]:
        return [symbol(s.name.name, K.Field, s, s.name.span, detail=s.primitive.name)
                for s in body if isinstance(s, ast.Layer)]

    out = []
    for item in analysis.file.items if analysis.file else ():
        if isinstance(item, ast.Palette):
            entries = [symbol(e.name.name, K.Constant, e, e.name.span) for e in item.entries
                       if isinstance(e, ast.PaletteEntry)]
            out.append(symbol(item.name.name, K.Enum, item, item.name.span, entries, "palette"))
        elif isinstance(item, ast.Let):
            out.append(symbol(item.name.name, K.Constant, item, item.name.span, detail="let"))
        elif isinstance(item, ast.Template):
            out.append(symbol(item.name.name, K.Class, item, item.name.span, layers(item.layers), "template"))
        elif isinstance(item, ast.Scene):
            shots = []
            # A shot that did not parse still takes its place, so the unnamed shots after it
            # keep the numbers they have in the film while the user types through its header.
            numbered = [s for s in item.body if isinstance(s, ast.Shot) or _is_broken_shot(s)]
            for index, shot in enumerate(numbered):
                if not isinstance(shot, ast.Shot):
                    continue
                name = shot.name.name if shot.name else f"shot {index + 1}"
                detail = " ".join(filter(None, (shot.type.name if shot.type else "",
                                                shot.duration.text if shot.duration else "")))
                shots.append(symbol(name, K.Event, shot, shot.name.span if shot.name else None,
                                    layers(shot.body), detail))
            title = item.title.value if item.title else "scene"
            out.append(symbol(title, K.Module, item, item.title.span if item.title else None, shots, "scene"))
    return out
