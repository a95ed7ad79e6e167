"""resolve: checked AST → SceneIR with every value evaluated.

Reads: the entry file's AST and the checker's definitions (lets, palettes,
templates, imports merged), the compile options (size/fps overrides).
Produces: a `SceneIR` whose layers carry plan units (px, s, rgba), template
instances expanded into qualified layers (`l1.glow`), defaults filled from
the signature tables, animations as tracks, camera moves, grades and audio
as small records; every closed set as an enum (`compiler/ir.py`) and every
quantity in a unit-named field. Guarantees: no names are left to look up except knowledge
words (genre, time, …) that later passes lower. Emits no diagnostics: it
runs only on a file the checker passed.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import assert_never

from scenec.compiler.easing import Easing
from scenec.compiler.ir import (AudioIR, AudioStatement, CameraDirection, CameraMoveIR, CameraMoveKind, GradeOp,
                                GradeOpIR, LayerIR, SceneIR, ShotIR, ShotType, TrackIR, TransitionIR, Wave)
from scenec.compiler.plan import Direction, TransitionKind
from scenec.compiler.options import CompileOptions
from scenec.compiler.passes.resolve_layers import LayerResolver
from scenec.compiler.units import Box, to_plan
from scenec.lang import ast
from scenec.lang.checker import CheckResult
from scenec.lang.evaluate import Evaluator, Scope
from scenec.lang.concepts import DEFAULT_EASE, SCENE_DEFAULTS
from scenec.lang.signatures import AUDIO_CLAUSES, CAMERA_MOVES, GRADE_OPS, SHAKE_FREQUENCY
from scenec.lang.types import Kind, Type
from scenec.lang.values import Duration

NAME = "resolve"


def run(check: CheckResult, options: CompileOptions) -> SceneIR:
    file = check.file
    assert file is not None and file.scenes, "resolve runs on a checked file with a scene"
    scene = file.scenes[0]
    settings = {s.key.name: s for s in scene.body if isinstance(s, ast.Setting)}
    palette_name = settings["palette"].value.name if "palette" in settings else None
    palette = dict(check.palette_colors.get(palette_name, {})) if palette_name else {}
    scope = Scope(lets=check.definitions.lets, palette=palette, palette_name=palette_name)
    ev = Evaluator(scope, [])

    def value(key: str, type_: Type, default):
        if key not in settings:
            return default
        return ev.value(settings[key].value, type_)

    def word(key: str, default):
        return settings[key].value.name if key in settings else default

    width, height = SCENE_DEFAULTS.width_px, SCENE_DEFAULTS.height_px
    if "size" in settings:
        vec = settings["size"].value
        width, height = int(vec.x.value), int(vec.y.value)
    if options.size is not None:
        width, height = options.size
    fps = value("fps", Type(Kind.INT), SCENE_DEFAULTS.fps)
    if options.fps is not None:
        fps = options.fps
    duration = value("duration", Type(Kind.DURATION), None)
    title = scene.title.value if scene.title else None
    seed = value("seed", Type(Kind.INT), None)
    if seed is None:
        seed = zlib.crc32((title or check.graph.entry.rsplit("/", 1)[-1]).encode("utf-8")) & 0x7FFFFFFF
    background = ev.value(settings["background"].value, Type(Kind.COLOR)) if "background" in settings \
        else SCENE_DEFAULTS.background

    frame_box = Box(0.0, 0.0, float(width), float(height))
    layers = LayerResolver(check, scope, frame_box, fps, seed)
    shots: list[ShotIR] = []
    transitions: list[TransitionIR | None] = []
    pending: TransitionIR | None = None
    for stmt in scene.body:
        if isinstance(stmt, ast.Shot):
            if shots:
                transitions.append(pending)
            pending = None
            shots.append(_shot(stmt, len(shots), layers, ev, fps))
        elif isinstance(stmt, ast.Transition):
            pending = _transition(stmt, ev, fps)
    return SceneIR(
        title=title, width=width, height=height, fps=fps,
        duration_s=duration.seconds(fps) if isinstance(duration, Duration) else None,
        seed=int(seed), background=tuple(background), palette_name=palette_name,
        palette=tuple(palette.items()), genre=word("genre", SCENE_DEFAULTS.genre), mood=word("mood", None),
        arc=word("arc", SCENE_DEFAULTS.arc), time=word("time", None), weather=word("weather", SCENE_DEFAULTS.weather),
        style=word("style", None),
        grades=tuple(op for s in scene.body if isinstance(s, ast.Grade) for op in _grade(s, ev)),
        audio=tuple(_audio(s, ev, fps) for s in scene.body if isinstance(s, ast.Audio)),
        shots=tuple(shots), transitions=tuple(transitions),
        source_hash=_source_hash(check), source_root=check.graph.root, explicit=frozenset(settings),
    )


def _source_hash(check: CheckResult) -> str:
    digest = hashlib.sha256()
    for path in sorted(check.graph.sources):
        digest.update(path.rsplit("/", 1)[-1].encode("utf-8") + b"\0")
        digest.update(check.graph.sources[path].text.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _shot(shot: ast.Shot, index: int, layers: LayerResolver, ev: Evaluator, fps: int) -> ShotIR:
    name = shot.name.name if shot.name else f"shot-{index + 1}"
    duration = shot.duration.to_seconds(fps) if shot.duration is not None else None
    planned = layers.shot_layers(shot, name, duration)
    overrides = {s.key.name: s.value.name for s in shot.body if isinstance(s, ast.Setting)}
    focus = next((s.target.text for s in shot.body if isinstance(s, ast.Focus)), None)
    beat = next((s.name.name for s in shot.body if isinstance(s, ast.Beat)), None)
    return ShotIR(
        name=name, type=ShotType(shot.type.name) if shot.type else None, duration_s=duration,
        title=shot.title.value if shot.title else None, layers=planned,
        cameras=tuple(_camera(s, ev, fps) for s in shot.body if isinstance(s, ast.Camera)),
        focus=focus, beat=beat,
        grades=tuple(op for s in shot.body if isinstance(s, ast.Grade) for op in _grade(s, ev)),
        audio=tuple(_audio(s, ev, fps) for s in shot.body if isinstance(s, ast.Audio)),
        time=overrides.get("time"), weather=overrides.get("weather"), mood=overrides.get("mood"),
        span=shot.span,
    )


def timing(clauses, ev: Evaluator, fps: int) -> tuple[float, float | None, Easing]:
    start, length, ease = 0.0, None, Easing(DEFAULT_EASE)
    for clause in clauses:
        if clause.keyword == "at":
            start = ev.value(clause.value, Type(Kind.TIME)).seconds(fps)
        elif clause.keyword == "over":
            length = ev.value(clause.value, Type(Kind.DURATION)).seconds(fps)
        elif clause.keyword == "ease":
            ease = Easing(clause.word.name)
    return start, length, ease


def _camera(stmt: ast.Camera, ev: Evaluator, fps: int) -> CameraMoveIR:
    kind = CameraMoveKind(stmt.kind.name)
    spec, _ = CAMERA_MOVES[kind]
    amounts: dict[str, float] = {}
    if spec is not None:
        raw = ev.value(stmt.amount, spec.type) if stmt.amount is not None else \
            ev.value(_default_node(spec.default), spec.type)
        amount = float(raw.value) if hasattr(raw, "value") else float(raw)
        # The table's type of the amount names the field, so a factor can never be read as a percent.
        amounts[_AMOUNT_FIELDS[spec.type.kind]] = amount
    if kind is CameraMoveKind.SHAKE:
        node = stmt.frequency if stmt.frequency is not None else _default_node(SHAKE_FREQUENCY.default)
        amounts["frequency_hz"] = float(ev.value(node, SHAKE_FREQUENCY.type))
    start, length, ease = timing(stmt.clauses, ev, fps)
    return CameraMoveIR(kind, CameraDirection(stmt.direction.name) if stmt.direction else None,
                        stmt.target.text if stmt.target else None, start, length, ease, span=stmt.span, **amounts)


_AMOUNT_FIELDS = {Kind.PERCENT: "offset_pct", Kind.FACTOR: "factor", Kind.ANGLE: "angle_deg"}


def _default_node(text: str) -> ast.Value:
    from scenec.compiler.passes.resolve_layers import default_value
    return default_value(text)


def _grade(stmt: ast.Grade, ev: Evaluator) -> list[GradeOpIR]:
    out = []
    for op in stmt.ops:
        if op.name.name == "lut":  # a knowledge word the checker already verified, maybe through lets
            word = op.args[0].value
            while isinstance(word, ast.NameValue) and word.name in ev.scope.lets:
                word = ev.scope.lets[word.name].value
            out.append(GradeOpIR(GradeOp.LUT, word.name))
            continue
        values = ev.arguments(op.args, GRADE_OPS[op.name.name], op.span, op.name.name)
        value = next(iter(values.values()))
        out.append(GradeOpIR(GradeOp(op.name.name), tuple(value) if isinstance(value, tuple) else value))
    return out


def _audio(stmt: ast.Audio, ev: Evaluator, fps: int) -> AudioIR:
    kind = AudioStatement(stmt.kind)
    if kind is AudioStatement.OFF:
        return AudioIR(kind, None, 0.0, None, span=stmt.span)
    values: dict[str, object] = {}
    specs = AUDIO_CLAUSES[kind]
    if "wave" in specs:  # the table's default wave, unless a clause names one
        values["wave"] = Wave(specs["wave"].default)
    for clause in stmt.clauses:
        spec = specs[clause.keyword]
        if clause.keyword == "wave":
            values["wave"] = Wave(clause.word.name)
        elif clause.keyword == "tempo":
            values["tempo_bpm"] = ev.tempo_bpm(clause.value)
        else:
            values[clause.keyword] = to_plan(ev.value(clause.value, spec.type), spec.type, Box(0, 0, 1, 1), fps)
    name = None
    frequency = None
    match kind:
        case AudioStatement.AMBIENT | AudioStatement.SFX:
            name = stmt.subject.value
        case AudioStatement.MUSIC:
            name = stmt.subject.name
        case AudioStatement.TONE:
            frequency = float(ev.value(stmt.subject, Type(Kind.FREQUENCY)))
        case _:
            assert_never(kind)
    # An sfx lasts as long as its sound; only a tone has `for`.
    duration = None if kind is AudioStatement.SFX else values.get("for")
    return AudioIR(kind, name, float(values.get("at", 0.0)), duration, gain_db=float(values.get("volume", 0.0)),
                   fade_in_s=float(values.get("fade in", 0.0)), fade_out_s=float(values.get("fade out", 0.0)),
                   tempo_bpm=values.get("tempo_bpm"), key=values.get("key"), frequency_hz=frequency,
                   wave=values.get("wave"), span=stmt.span)


def _transition(stmt: ast.Transition, ev: Evaluator, fps: int) -> TransitionIR:
    duration = 0.0
    if stmt.duration is not None:
        duration = ev.value(stmt.duration, Type(Kind.DURATION)).seconds(fps)
    via = None
    kind = TransitionKind(stmt.kind.name)
    if kind is TransitionKind.FADE:
        via = tuple(ev.value(stmt.via, Type(Kind.COLOR))) if stmt.via is not None else (0.0, 0.0, 0.0, 1.0)
    return TransitionIR(kind, Direction(stmt.direction.name) if stmt.direction else None, duration, via,
                        explicit=True, span=stmt.span)


__all__ = ["NAME", "run", "timing", "LayerIR", "TrackIR"]
