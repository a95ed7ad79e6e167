"""Layers for the resolve pass: arguments, defaults, templates, modifiers, tracks.

A template that declares a `box` parameter draws in box coordinates: its
vecs are `%` of a box of that size centred on the instance's `at`, its `%`
lengths of the box's shorter side. Other templates draw in the coordinates
of whoever uses them. Arguments are turned into plan units in the caller's
box before the body sees them, so `circle(at: at)` lands where the caller
meant.
"""

from __future__ import annotations

import os.path
from dataclasses import replace

from scenec.compiler.easing import Easing
from scenec.compiler.ir import EffectIR, LayerIR, MotionIR, TrackIR
from scenec.compiler.plan import Blend, EffectKind, MotionKind, Primitive
from scenec.compiler.units import Box, to_plan
from scenec.lang.limits import MAX_TEMPLATE_DEPTH
from scenec.lang.values import Resolved
from scenec.lang import ast
from scenec.lang.checker import CheckResult
from scenec.lang.evaluate import Evaluator, Scope
from scenec.compiler.passes.defaults import default_value
from scenec.lang.concepts import DEFAULT_EASE
from scenec.lang.signatures import LAYER_PROPERTIES, MOTIONS, PRIMITIVES, VALUE_MODIFIERS, ParamSpec
from scenec.lang.types import Kind, Type

# The checker refuses templates nested deeper (E2018), so nothing it passed is cut here.
MAX_DEPTH = MAX_TEMPLATE_DEPTH
EXTENTS = {"size", "box", "by"}


def primitive_params(primitive: Primitive, given: dict[str, object], frame: Box,
                     fps: int) -> tuple[tuple[str, object], ...]:
    """A primitive's parameters for a layer a pass adds (a sky, weather): `given` (plan units) over the
    table's defaults, in the table's order, so the defaults are never written out a second time."""
    ev = Evaluator(Scope(), [])
    params = []
    for spec in PRIMITIVES[primitive]:
        if spec.name in given:
            params.append((spec.name, given[spec.name]))
        elif spec.default is not None:
            box = Box(0.0, 0.0, frame.width, frame.height) if spec.name in EXTENTS else frame
            params.append((spec.name, to_plan(ev.value(default_value(spec.default), spec.type), spec.type, box, fps)))
    return tuple(params)


class LayerResolver:
    def __init__(self, check: CheckResult, scope: Scope, frame: Box, fps: int, seed: int) -> None:
        self.check = check
        self.scope = scope
        self.frame = frame
        self.fps = fps
        self.seed = seed
        self.entry_dir = os.path.dirname(check.graph.entry)
        self.root = check.graph.root
        # Parsed signature defaults, kept for this compile only: a film uses the same few many times.
        self._defaults: dict[str, ast.Value] = {}

    def default(self, text: str) -> ast.Value:
        """The signature default `text` as an AST value, parsed once per compile."""
        if text not in self._defaults:
            self._defaults[text] = default_value(text)
        return self._defaults[text]

    def evaluator(self, bindings: dict | None = None) -> Evaluator:
        scope = Scope(lets=self.scope.lets, palette=self.scope.palette, palette_name=self.scope.palette_name,
                      bindings=bindings or {})
        return Evaluator(scope, [])

    # ------------------------------------------------------------ a shot's layers

    def shot_layers(self, shot: ast.Shot, shot_name: str, duration_s: float | None) -> tuple[LayerIR, ...]:
        layers: list[LayerIR] = []
        self.specs: dict[str, tuple[dict[str, ParamSpec], Box]] = {}
        for stmt in shot.body:
            if isinstance(stmt, ast.Layer):
                layers.extend(self.layer(stmt, "", {}, self.frame, 0))
        self._params = {(layer.id, name): value for layer in layers for name, value in layer.params}
        tracks = self.tracks(shot)
        out = []
        for layer in layers:
            mine = tuple(t for key, t in tracks if key == layer.id or (layer.group and key == layer.group
                                                                          and t.property in LAYER_PROPERTIES))
            out.append(replace(layer, tracks=mine) if mine else layer)
        return tuple(out)

    def layer(self, node: ast.Layer, prefix: str, bindings: dict, box: Box, depth: int) -> list[LayerIR]:
        ident = prefix + node.name.name
        primitive = node.primitive.name
        ev = self.evaluator(bindings)
        if primitive in PRIMITIVES:
            specs = PRIMITIVES[primitive]
            values = ev.arguments(node.args, specs, node.span, primitive) or {}
            params = []
            for spec in specs:
                raw = values.get(spec.name)
                if raw is None:
                    if spec.default is None:
                        continue
                    raw = ev.value(self.default(spec.default), spec.type)
                params.append((spec.name, self.convert(raw, spec.type, box, spec.name)))
            if primitive == "image":
                params = [(k, self.image_path(v) if k == "path" else v) for k, v in params]
            props = {s.name: s for s in specs if s.type.is_animatable}
            props.update(LAYER_PROPERTIES)
            self.specs[ident] = (props, box)
            return [self.modifiers(LayerIR(ident, Primitive(primitive), tuple(params), span=node.span), node, ev, box)]
        return self.instance(node, ident, ev, box, depth)

    def instance(self, node: ast.Layer, ident: str, ev: Evaluator, box: Box, depth: int) -> list[LayerIR]:
        template = self.check.templates[node.primitive.name]
        types = {p.name.name: _param_type(p) for p in template.params}
        specs = tuple(ParamSpec(name, t, "…" if p.default is not None else None)
                      for (name, t), p in zip(types.items(), template.params))
        values = ev.arguments(node.args, specs, node.span, template.name.name) or {}
        outer = self.evaluator()
        bindings: dict[str, object] = {}
        for param in template.params:
            name = param.name.name
            raw = values.get(name)
            if raw is None and param.default is not None:
                raw = outer.value(param.default, types[name])
            if raw is None:
                continue
            if types[name].kind in (Kind.VEC, Kind.LENGTH, Kind.LIST):
                size_box = Box(0.0, 0.0, box.width, box.height) if name == "box" else box
                bindings[name] = Resolved(to_plan(raw, types[name], size_box, self.fps))
            else:
                bindings[name] = raw
        inner_box = box
        pivot = None
        if "at" in bindings and isinstance(bindings["at"], Resolved):
            pivot = tuple(bindings["at"].value)
        if "box" in bindings:
            w, h = bindings["box"].value
            cx, cy = pivot if pivot is not None else box.center
            inner_box = Box(cx - w / 2.0, cy - h / 2.0, w, h)
            pivot = (cx, cy)
        self.specs[ident] = (dict(LAYER_PROPERTIES), box)
        members: list[LayerIR] = []
        if depth < MAX_DEPTH:
            for sub in template.layers:
                members.extend(self.layer(sub, ident + ".", bindings, inner_box, depth + 1))
        group = self.modifiers(LayerIR(ident, None, (), span=node.span), node, ev, box)
        out = []
        for member in members:
            out.append(replace(
                member,
                group=member.group if member.group and depth > 0 else ident,
                # What a viewer would name is the instance the shot wrote (a `person`), not the
                # templates it is drawn with (`figure`, `figure-limb`).
                object_class=template.name.name if depth == 0 else member.object_class or template.name.name,
                depth=group.depth if group.depth is not None else member.depth,
                opacity=member.opacity * group.opacity,
                blend=group.blend if member.blend is Blend.NORMAL else member.blend,
                blur_px=max(member.blur_px, group.blur_px),
                rotate_deg=member.rotate_deg + group.rotate_deg,
                scale=member.scale * group.scale,
                pivot=pivot if (_turns_or_scales(group) or member.pivot is None) else member.pivot,
                enter=member.enter or group.enter, exit=member.exit or group.exit,
                # The instance's motions first, so they sit at the same index on every member.
                motions=group.motions + member.motions,
            ))
        return out

    def modifiers(self, layer: LayerIR, node: ast.Layer, ev: Evaluator, box: Box) -> LayerIR:
        changes: dict[str, object] = {}
        motions = []
        for modifier in node.modifiers:
            if isinstance(modifier, ast.ValueModifier):
                kind = modifier.kind.name
                spec = VALUE_MODIFIERS[kind]
                value = self.convert(ev.value(modifier.value, spec.type), spec.type, box, kind)
                key = {"rotate": "rotate_deg", "blur": "blur_px"}.get(kind, kind)
                changes[key] = value
            elif isinstance(modifier, ast.BlendModifier):
                changes["blend"] = Blend(modifier.mode.name)
            elif isinstance(modifier, ast.EffectModifier):
                seconds = ev.value(modifier.duration, Type(Kind.DURATION)).seconds(self.fps)
                changes[modifier.which] = EffectIR(EffectKind(modifier.kind.name), seconds)
            elif isinstance(modifier, ast.MotionModifier):
                specs = MOTIONS[modifier.kind.name]
                values = ev.arguments(modifier.args, specs, modifier.span, modifier.kind.name) or {}
                params = []
                for spec in specs:
                    raw = values.get(spec.name)
                    if raw is None:
                        raw = ev.value(self.default(spec.default), spec.type)
                    offset_box = Box(0.0, 0.0, box.width, box.height)  # `by` is a displacement
                    params.append((spec.name, self.convert(raw, spec.type, offset_box, spec.name)))
                # The owner (this layer, or the template instance) seeds the motion, so an
                # instance's wander is one wander shared by all its members.
                motions.append(MotionIR(MotionKind(modifier.kind.name), tuple(params), layer.id))
        if motions:
            changes["motions"] = tuple(motions)
        return replace(layer, **changes) if changes else layer

    def convert(self, raw: object, type_: Type, box: Box, name: str) -> object:
        if name in EXTENTS:  # sizes and displacements have no origin
            box = Box(0.0, 0.0, box.width, box.height)
        return to_plan(raw, type_, box, self.fps)

    def image_path(self, path: str) -> str:
        """Image paths are written relative to the scene file; the plan keeps them relative to the project root."""
        full = os.path.normpath(os.path.join(self.entry_dir, path))
        return os.path.relpath(full, self.root) if os.path.isabs(full) == os.path.isabs(self.root) else path

    # ------------------------------------------------------------ animation

    def tracks(self, shot: ast.Shot) -> list[tuple[str, TrackIR]]:
        """`animate` and `keyframes` statements as tracks, merged per property in time order."""
        from scenec.compiler.passes.resolve import timing
        pieces: dict[tuple[str, str], list] = {}
        for stmt in shot.body:
            if not isinstance(stmt, ast.Animate | ast.Keyframes):
                continue
            ident = ".".join(p.name for p in stmt.target.parts[:-1])
            prop = stmt.target.parts[-1].name
            props, box = self.specs.get(ident, ({}, self.frame))
            spec = props.get(prop)
            if spec is None:
                continue
            ev = self.evaluator()
            convert = lambda node: self.convert(ev.value(node, spec.type), spec.type, box, prop)  # noqa: E731
            if isinstance(stmt, ast.Keyframes):
                if not stmt.frames:
                    continue  # W0003: it does nothing
                keys = [(ev.value(k.time, Type(Kind.TIME)).seconds(self.fps), convert(k.value),
                         Easing(k.ease.name if k.ease else DEFAULT_EASE)) for k in stmt.frames]
                pieces.setdefault((ident, prop), []).append((keys[0][0], None, keys, spec, stmt.span))
                continue
            start, length, ease = timing(stmt.clauses, ev, self.fps)
            clause = {c.keyword: c for c in stmt.clauses}
            start_value = convert(clause["from"].value) if "from" in clause else None
            end_value = convert(clause["to"].value)
            pieces.setdefault((ident, prop), []).append(
                (start, length, [(start, start_value, ease), (None, end_value, Easing.LINEAR)], spec, stmt.span))
        out = []
        for (ident, prop), items in pieces.items():
            items.sort(key=lambda item: item[0])
            spec = items[0][3]
            keys: list[tuple[float | None, object, Easing]] = []
            current = self._constant(ident, prop, spec)
            for start, length, item_keys, _spec, _span in items:
                if length is None and item_keys[-1][0] is not None:  # keyframes
                    if not keys and start > 0:
                        keys.append((0.0, current, Easing.LINEAR))
                    keys.extend(item_keys)
                    current = item_keys[-1][1]
                    continue
                (at, start_value, ease), (_, end_value, _) = item_keys
                end = at + length if length is not None else None  # None: the shot's end, known later
                begin = start_value if start_value is not None else current
                if not keys and at > 0:
                    keys.append((0.0, current, Easing.LINEAR))
                    if begin != current:
                        keys.append((max(at - 1.0 / self.fps, 0.0), current, Easing.LINEAR))
                keys.append((at, begin, ease))
                keys.append((end, end_value, Easing.LINEAR))
                current = end_value
            color = spec.type.kind is Kind.COLOR
            out.append((ident, TrackIR(prop, tuple(keys), color, items[0][4])))
        return out

    def _constant(self, ident: str, prop: str, spec: ParamSpec) -> object:
        """The value a track starts from: the layer's own, else its signature's default (from the table)."""
        if prop not in LAYER_PROPERTIES and (ident, prop) in self._params:
            return self._params[(ident, prop)]
        if not spec.default:
            return 0.0
        return self.convert(self.evaluator().value(self.default(spec.default), spec.type), spec.type,
                            self.specs[ident][1], prop)


# Motions and effects that rotate or scale about the layer's pivot.
_PIVOTED_MOTIONS = frozenset({MotionKind.SWAY, MotionKind.SPIN, MotionKind.PULSE})
_PIVOTED_EFFECTS = frozenset({EffectKind.POP})


def _turns_or_scales(group: LayerIR) -> bool:
    """Whether an instance turns or scales its members, so they must share its pivot to stay together."""
    effects = {effect.kind for effect in (group.enter, group.exit) if effect is not None}
    return bool(group.rotate_deg or group.scale != 1.0 or effects & _PIVOTED_EFFECTS
                or any(motion.kind in _PIVOTED_MOTIONS for motion in group.motions))


def _param_type(param: ast.Param) -> Type:
    node = param.type
    if isinstance(node, ast.TypeName):
        return Type(Kind(node.name.name))
    if isinstance(node, ast.ListType):
        return Type(Kind.LIST, of=_param_type(ast.Param(param.name, node.of, None, param.span)))
    return Type(Kind.ENUM, words=tuple(w.name for w in node.words))
