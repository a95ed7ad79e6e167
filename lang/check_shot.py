"""Shot-level checks: layers and their arguments, animation, camera, grade (audio: `check_audio.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scenec.knowledge.suggest import suggest
from scenec.lang import ast
from scenec.lang.diagnostics import warning
from scenec.lang.evaluate import Scope
from scenec.lang.check_audio import check_audio, check_audio_count
from scenec.lang.limits import MAX_FILM_LAYERS, MAX_LAYERS_PER_SHOT, MAX_PARTICLES, MAX_PARTICLES_PER_SHOT
from scenec.lang.template_args import ranges_inside
from scenec.lang.unparsed import ANY_NAME, defined_name
from scenec.lang.signatures import (BEATS, BLEND_MODES, CAMERA_MOVES, EFFECTS, GRADE_OPS,
                                    LAYER_PROPERTIES, MOTIONS, PRIMITIVES, SHAKE_FREQUENCY,
                                    VALUE_MODIFIERS, ParamSpec)
from scenec.lang.types import Kind, Type
from scenec.lang.values import Duration, Point

if TYPE_CHECKING:
    from scenec.lang.checker import FileChecker

class ShotChecker:
    def __init__(self, fc: FileChecker, shot: ast.Shot, seconds: float, fps: int, scope: Scope) -> None:
        self.fc = fc
        self.shot = shot
        self.seconds = seconds
        self.fps = fps
        self.scope = scope
        # qualified layer name -> the properties that can be animated on it, with their specs
        self.layers: dict[str, dict[str, ParamSpec]] = {}
        self.groups: set[str] = set()
        # Names defined by statements that did not parse: their syntax error is reported,
        # so a reference to one is not reported again as unknown.
        self.unparsed: set[str] = set()
        self.particles = 0  # at most this many particles drawn by the layers counted so far

    # ------------------------------------------------------------ layers

    @staticmethod
    def check_layer_alone(fc: FileChecker, layer: ast.Layer, scope: Scope) -> dict[str, dict[str, ParamSpec]]:
        checker = ShotChecker(fc, ast.Shot(None, None, None, None, (), layer.span), float("inf"), 30, scope)
        checker.layer(layer)
        return checker.layers

    def layer(self, layer: ast.Layer) -> None:
        qualified = layer.name.name
        primitive = layer.primitive.name
        specs = PRIMITIVES.get(primitive)
        template = None
        if specs is None:
            template = self.fc.templates.get(primitive)
            if template is None and self.fc.incomplete:
                self.layers[qualified] = dict(LAYER_PROPERTIES)
                self.unparsed.add(qualified)  # perhaps a template that did not parse
                return
            if template is None:
                choices = list(PRIMITIVES) + list(self.fc.templates)
                guess = suggest(primitive, choices)
                self.fc.fail("E2015", f"unknown primitive or template `{primitive}`", layer.primitive.span,
                             f"did you mean `{guess}`?" if guess else f"primitives: {', '.join(PRIMITIVES)}",
                             label="not a primitive or template")
                self.layers[qualified] = dict(LAYER_PROPERTIES)
                return
            if primitive in self.fc.defs.ambiguous:
                a, b = self.fc.defs.ambiguous[primitive]
                self.fc.fail("E3008", f"`{primitive}` is defined by two imports: {a} and {b}", layer.primitive.span,
                             "define it in this file, or import only one of them")
            specs = self.fc.template_specs(template)
        values = self.fc.evaluator(self.scope).arguments(layer.args, specs, layer.span, f"`{primitive}`")
        if primitive == "particles" and values is not None:
            self._particle_area(layer, values.get("area"))
        if primitive == "image":
            path = next((a.value for i, a in enumerate(layer.args)
                         if (a.name is None and i == 0) or (a.name is not None and a.name.name == "path")), None)
            if isinstance(path, ast.Str):
                self.fc.check_image(path)
        for modifier in layer.modifiers:
            self.modifier(modifier)
        if template is None:
            props = {s.name: s for s in specs if s.type.is_animatable}
            props.update(LAYER_PROPERTIES)
            self.layers[qualified] = props
            return
        self.layers[qualified] = dict(LAYER_PROPERTIES)
        self.groups.add(qualified)
        self._template_palette_refs(template, layer)
        if values:
            self.fc.diagnostics.extend(ranges_inside(template, layer, values, self.scope, self.fc.templates))
        for sub in template.layers:
            if isinstance(sub, ast.Layer):
                self.layers[f"{qualified}.{sub.name.name}"] = _props_of(self.fc, sub)

    def _count(self, layer: ast.Layer, drawn: int) -> int:
        """Add what `layer` expands to, and report the layer that takes the shot or the film
        past its cap (once each)."""
        size = self.fc.expansion.layer_size(layer)
        total = drawn + size.layers
        if drawn <= MAX_LAYERS_PER_SHOT < total:
            self.fc.fail("E2018", f"this shot expands to more than {MAX_LAYERS_PER_SHOT} layers "
                         f"(`{layer.name.name}` alone is {size.layers})", layer.span.head(len("layer")),
                         "use fewer template instances, or particles for many small things",
                         label="too many layers")
        if self.particles <= MAX_PARTICLES_PER_SHOT < self.particles + size.particles:
            self.fc.fail("E2018", f"with `{layer.name.name}` this shot draws up to {self.particles + size.particles} "
                         f"particles, more than the {MAX_PARTICLES_PER_SHOT} a shot may draw",
                         layer.span.head(len("layer")),
                         "use fewer or smaller particle layers (a count set by a parameter or a let counts "
                         f"as {MAX_PARTICLES}, the most one layer may draw)", label="too many particles")
        self.particles += size.particles
        before = self.fc.film_layers
        self.fc.film_layers += size.layers
        if before <= MAX_FILM_LAYERS < self.fc.film_layers and not drawn <= MAX_LAYERS_PER_SHOT < total:
            self.fc.fail("E2018", f"the film expands to more than {MAX_FILM_LAYERS} layers", layer.span.head(len("layer")),
                         "use fewer template instances, or particles for many small things",
                         label="too many layers")
        return total

    def _particle_area(self, layer: ast.Layer, area: object) -> None:
        """`area: [top-left, bottom-right]`: the runtime draws nothing sensible in an inverted box."""
        if not (isinstance(area, tuple | list) and len(area) == 2 and all(isinstance(p, Point) for p in area)):
            return
        first, second = area
        for axis, side in (("x", "right of"), ("y", "below")):
            a, b = getattr(first, axis), getattr(second, axis)
            if a.unit == b.unit and b.value <= a.value:
                arg = next(a for i, a in enumerate(layer.args)
                           if (a.name is None and i == 5) or (a.name is not None and a.name.name == "area"))
                self.fc.fail("E2002", f"the particle area's second corner must be {side} its first", arg.value.span,
                             "write the area as [top-left, bottom-right], as in [(0%, 0%), (100%, 50%)]",
                             label="corners in the wrong order")
                return

    def _template_palette_refs(self, template: ast.Template, layer: ast.Layer) -> None:
        palette = self.scope.palette
        if palette is None and self.scope.in_template:
            return
        refs = sorted({ref for ref in _palette_refs(template)})
        for ref in refs:
            if palette is None:
                self.fc.fail("E3004", f"template `{template.name.name}` uses `@{ref}`, but the scene sets no palette",
                             layer.primitive.span, "add `palette NAME` to the scene")
                return
            if ref not in palette:
                self.fc.fail("E3005", f"template `{template.name.name}` uses `@{ref}`, which palette "
                             f"`{self.scope.palette_name}` does not define", layer.primitive.span,
                             f"add `{ref}: #…` to the palette")

    def modifier(self, modifier: ast.Modifier) -> None:
        ev = self.fc.evaluator(self.scope)
        if isinstance(modifier, ast.ValueModifier):
            spec = VALUE_MODIFIERS[modifier.kind.name]
            ev.value(modifier.value, spec.type, spec)
        elif isinstance(modifier, ast.BlendModifier):
            self._word(modifier.mode, BLEND_MODES, "blend mode")
        elif isinstance(modifier, ast.EffectModifier):
            self._word(modifier.kind, EFFECTS, f"{modifier.which} effect")
            value = ev.value(modifier.duration, Type(Kind.DURATION))
            if isinstance(value, Duration) and value.seconds(self.fps) > self.seconds + 1e-9:
                self.fc.fail("E4002", f"the {modifier.which} effect lasts {value.seconds(self.fps):g}s, "
                             f"longer than the {self.seconds:g}s shot", modifier.duration.span)
        elif isinstance(modifier, ast.MotionModifier):
            specs = MOTIONS.get(modifier.kind.name)
            if specs is None:
                self._word(modifier.kind, tuple(MOTIONS), "motion")
                return
            ev.arguments(modifier.args, specs, modifier.span, f"motion `{modifier.kind.name}`")

    def _word(self, word: ast.Ident, allowed: tuple[str, ...], what: str) -> bool:
        if word.name in allowed:
            return True
        guess = suggest(word.name, allowed)
        self.fc.fail("E2003", f"unknown {what} `{word.name}`", word.span,
                     f"did you mean `{guess}`?" if guess else "", f"expected one of: {', '.join(allowed)}",
                     label=f"not a {what}")
        return False

    # ------------------------------------------------------------ the shot

    def check(self) -> None:
        names: dict[str, ast.Layer] = {}
        drawn = 0  # layers this shot expands to, templates counted before anything is expanded
        for stmt in self.shot.body:
            if isinstance(stmt, ast.Layer):
                if stmt.name.name in names:
                    self.fc.fail("E3002", f"layer `{stmt.name.name}` is defined twice in this shot", stmt.name.span,
                                 f"the first is on line {names[stmt.name.name].span.line}")
                    continue
                names[stmt.name.name] = stmt
                drawn = self._count(stmt, drawn)
                self.layer(stmt)
            elif isinstance(stmt, ast.ErrorStatement) and defined_name(stmt.text):
                self.unparsed.add(defined_name(stmt.text))
        intervals: dict[str, list[tuple[float, float, int]]] = {}
        seen: dict[str, ast.Setting] = {}
        check_audio_count(self.fc, self.shot.body, "this shot")
        for stmt in self.shot.body:
            if isinstance(stmt, ast.Animate):
                self.animate(stmt, intervals)
            elif isinstance(stmt, ast.Keyframes):
                self.keyframes(stmt, intervals)
            elif isinstance(stmt, ast.Camera):
                self.camera(stmt)
            elif isinstance(stmt, ast.Focus):
                self.layer_ref(stmt.target, "focus on")
            elif isinstance(stmt, ast.Beat):
                self._word(stmt.name, BEATS, "beat")
            elif isinstance(stmt, ast.Grade):
                check_grade(self.fc, stmt, self.scope)
            elif isinstance(stmt, ast.Audio):
                check_audio(self.fc, stmt, self.scope, self.seconds, self.fps)
            elif isinstance(stmt, ast.Setting):
                from scenec.lang.check_scene import check_name_setting
                if stmt.key.name in seen:
                    self.fc.fail("E2009", f"`{stmt.key.name}` is set twice in this shot", stmt.key.span)
                seen[stmt.key.name] = stmt
                check_name_setting(self.fc, stmt.key.name, stmt.value)

    def layer_ref(self, ref: ast.Ref, what: str) -> str | None:
        name = ref.text
        if name in self.layers:
            return name
        if self.unparsed and (ref.parts[0].name in self.unparsed or ANY_NAME in self.unparsed):
            return None
        guess = suggest(name, list(self.layers))
        self.fc.fail("E3003", f"cannot {what} `{name}`: no such layer in this shot", ref.span,
                     f"did you mean `{guess}`?" if guess else
                     f"layers here: {', '.join(self.layers) or 'none'}", label="unknown layer")
        return None

    def target(self, ref: ast.Ref) -> tuple[str, ParamSpec] | None:
        """`sun.at` → (layer, spec of `at`); reports unknown layers and properties."""
        if len(ref.parts) < 2:
            self.fc.fail("E3009", f"`{ref.text}` names no property", ref.span,
                         f"write the layer and the property: `{ref.text}.opacity`")
            return None
        layer = ".".join(p.name for p in ref.parts[:-1])
        prop = ref.parts[-1]
        if self.unparsed and (ref.parts[0].name in self.unparsed or (ANY_NAME in self.unparsed and layer not in self.layers)):
            return None
        if layer not in self.layers:
            guess = suggest(layer, list(self.layers))
            self.fc.fail("E3003", f"no layer `{layer}` in this shot", ast.Ref(ref.parts[:-1], ref.span).span,
                         f"did you mean `{guess}`?" if guess else f"layers here: {', '.join(self.layers) or 'none'}")
            return None
        props = self.layers[layer]
        if prop.name not in props:
            guess = suggest(prop.name, list(props))
            self.fc.fail("E3009", f"`{prop.name}` of `{layer}` cannot be animated", prop.span,
                         f"did you mean `{guess}`?" if guess else "",
                         f"animatable here: {', '.join(props)}", label="not animatable")
            return None
        return ref.text, props[prop.name]

    def _clauses(self, clauses, allowed: dict[str, Type | None]) -> dict[str, object]:
        out: dict[str, object] = {}
        spans: dict[str, ast.Clause] = {}
        ev = self.fc.evaluator(self.scope)
        for clause in clauses:
            if clause.keyword in spans:
                self.fc.fail("E2010", f"`{clause.keyword}` is given twice", clause.span,
                             f"the first is at column {spans[clause.keyword].span.column}")
                continue
            spans[clause.keyword] = clause
            expected = allowed.get(clause.keyword)
            if clause.keyword == "ease":
                value = ev.value(ast.NameValue(clause.word.name, clause.word.span), Type(Kind.EASING))
            elif expected is None:
                continue
            else:
                value = ev.value(clause.value, expected)
            if value is not None:
                out[clause.keyword] = (value, clause)
        return out

    def _time(self, value, clause_span, what: str) -> float | None:
        if not isinstance(value, Duration):
            return None
        seconds = value.seconds(self.fps)
        if seconds > self.seconds + 1e-9:
            self.fc.fail("E4002", f"{what} {seconds:g}s is past the end of the {self.seconds:g}s shot", clause_span,
                         f"times in a shot lie between 0s and {self.seconds:g}s")
            return None
        return seconds

    def animate(self, stmt: ast.Animate, intervals) -> None:
        target = self.target(stmt.target)
        prop_type = target[1].type if target else None
        allowed = {"at": Type(Kind.TIME), "over": Type(Kind.DURATION), "ease": None}
        if prop_type is not None:
            allowed.update({"from": prop_type, "to": prop_type})
        got = self._clauses(stmt.clauses, allowed)
        if target is None:
            return
        if "to" not in got and not any(c.keyword == "to" for c in stmt.clauses):
            self.fc.fail("E2004", f"`animate {stmt.target.text}` needs `to VALUE`", stmt.span,
                         f"for example `animate {stmt.target.text} to …`")
        start = self._time(got["at"][0], got["at"][1].span, "`at`") if "at" in got else 0.0
        if start is None:
            return
        if "over" in got:
            length = got["over"][0].seconds(self.fps)
            if start + length > self.seconds + 1e-6:
                self.fc.fail("E4002", f"the animation runs to {start + length:g}s, past the end of the "
                             f"{self.seconds:g}s shot", got["over"][1].span,
                             f"make it at most {max(self.seconds - start, 0):g}s")
                return
        else:
            length = self.seconds - start
        self._interval(intervals, target[0], start, start + length, stmt)

    def keyframes(self, stmt: ast.Keyframes, intervals) -> None:
        target = self.target(stmt.target)
        if not stmt.frames:
            self.fc.diagnostics.append(warning("W0003", f"`keyframes {stmt.target.text}` lists no keyframe, so it "
                                               "does nothing", stmt.span, "add `TIME: VALUE` pairs, as in "
                                               "`{ 0s: 7%  2s: 9% }`, or remove it", label="no keyframe"))
            return
        ev = self.fc.evaluator(self.scope)
        times: list[float] = []
        for frame in stmt.frames:
            if isinstance(frame, ast.ErrorStatement):
                continue
            value = ev.value(frame.time, Type(Kind.TIME))
            seconds = self._time(value, frame.time.span, "keyframe")
            if seconds is not None:
                if times and seconds <= times[-1]:
                    self.fc.fail("E4007", f"keyframe {frame.time.text} does not come after the one before it",
                                 frame.time.span, "list keyframes in time order, each at a different time")
                times.append(seconds)
            if target is not None:
                ev.value(frame.value, target[1].type, target[1])
            if frame.ease is not None:
                ev.value(ast.NameValue(frame.ease.name, frame.ease.span), Type(Kind.EASING))
        if target is not None and times:
            self._interval(intervals, target[0], times[0], times[-1], stmt)

    def _interval(self, intervals, prop: str, start: float, end: float, stmt) -> None:
        for other_start, other_end, line in intervals.get(prop, []):
            if start < other_end and other_start < end or (start == end == other_start):
                self.fc.fail("E4003", f"`{prop}` is already animated from {other_start:g}s to {other_end:g}s "
                             f"(line {line})", stmt.span,
                             "give the animations separate times, or merge them into one `keyframes`")
                return
        intervals.setdefault(prop, []).append((start, end, stmt.span.line))

    def camera(self, stmt: ast.Camera) -> None:
        kind = stmt.kind.name
        amount_spec, directions = CAMERA_MOVES[kind]
        if stmt.direction is not None and stmt.direction.name not in directions:
            self.fc.fail("E2003", f"`camera {kind}` goes {' or '.join(directions)}, not `{stmt.direction.name}`",
                         stmt.direction.span, f"write `camera {kind} {directions[0]}`")
        ev = self.fc.evaluator(self.scope)
        if stmt.amount is not None and amount_spec is not None:
            ev.value(stmt.amount, amount_spec.type, amount_spec)
        if stmt.frequency is not None:
            ev.value(stmt.frequency, SHAKE_FREQUENCY.type, SHAKE_FREQUENCY)
        if stmt.target is not None:
            self.layer_ref(stmt.target, "follow")
        got = self._clauses(stmt.clauses, {"at": Type(Kind.TIME), "over": Type(Kind.DURATION), "ease": None})
        start = self._time(got["at"][0], got["at"][1].span, "`at`") if "at" in got else 0.0
        if start is not None and "over" in got:
            if start + got["over"][0].seconds(self.fps) > self.seconds + 1e-6:
                self.fc.fail("E4002", "the camera move runs past the end of the shot", got["over"][1].span)


def _props_of(fc: FileChecker, layer: ast.Layer) -> dict[str, ParamSpec]:
    specs = PRIMITIVES.get(layer.primitive.name)
    props = {s.name: s for s in specs if s.type.is_animatable} if specs else {}
    props.update(LAYER_PROPERTIES)
    return props


def _palette_refs(template: ast.Template):
    def walk(value):
        if isinstance(value, ast.PaletteRef):
            yield value.name
        elif isinstance(value, ast.Vec):
            yield from walk(value.x)
            yield from walk(value.y)
        elif isinstance(value, ast.ListValue):
            for item in value.items:
                yield from walk(item)
        elif isinstance(value, ast.Call):
            for arg in value.args:
                yield from walk(arg.value)
    for layer in template.layers:
        if isinstance(layer, ast.Layer):
            for arg in layer.args:
                yield from walk(arg.value)
    for param in template.params:
        if param.default is not None:
            yield from walk(param.default)


def check_grade(fc: FileChecker, stmt: ast.Grade, scope: Scope) -> None:
    ev = fc.evaluator(scope)
    for op in stmt.ops:
        specs = GRADE_OPS.get(op.name.name)
        if specs is None:
            guess = suggest(op.name.name, list(GRADE_OPS))
            fc.fail("E2015", f"unknown grade operation `{op.name.name}`", op.name.span,
                    f"did you mean `{guess}`?" if guess else f"grade operations: {', '.join(GRADE_OPS)}")
            continue
        ev.arguments(op.args, specs, op.span, f"`{op.name.name}`")
