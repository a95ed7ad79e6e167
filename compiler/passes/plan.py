"""plan: the finished SceneIR → the frozen, versioned render plan.

Reads: everything the earlier passes filled in. Produces: the `Plan` —
segments with their layers back to front (tracks in local frames), camera
and grade; transitions; audio; the `intent` (entities with their class,
main color and on-screen track after the camera, sampled at each shot's
first, middle and last frame; camera moves per segment; the frames of hard
cuts (gradual transitions are not cuts); the
palette; a brightness target from the time of day) and the source map.
Guarantees: the plan is a pure function of the IR (byte-identical JSON
across runs). Emits no diagnostics.
"""

from __future__ import annotations

import math
import os.path
import re

from scenec.compiler.camera_moves import layer_position
from scenec.compiler.context import PassContext
from scenec.compiler.ir import EffectIR, LayerIR, SceneIR, ShotIR, TrackIR
from scenec.compiler.plan import (CameraIntent, CameraMove, Effect, Entity, Intent, Key, LayerPlan, MotionPlan,
                                  Plan, Segment, SourceMapEntry, Track, TrackKind, TransitionKind)
from scenec.compiler.tracks import evaluate_camera
from scenec.lang.concepts import PRIMITIVE_FACTS
from scenec.lang.limits import MAX_BLUR_SHARE
from scenec.knowledge import colors, lookup

NAME = "plan"
INT_PARAMS = {"count", "points", "octaves"}


def run(ir: SceneIR, ctx: PassContext) -> Plan:
    segments = []
    source_map: list[SourceMapEntry] = []
    for shot in ir.shots:
        layers = tuple(_layer(layer, shot, ir) for layer in shot.layers)
        segments.append(Segment(name=shot.name, start_frame=shot.start_frame, end_frame=shot.end_frame,
                                layers=layers, camera=shot.camera, grade=shot.grade, intensity=shot.intensity))
        if shot.span is not None:
            source_map.append(_entry(shot.name, shot.span, ir.source_root))
        source_map += [_entry(f"{shot.name}/{layer.id}", layer.span, ir.source_root)
                       for layer in shot.layers if layer.span]
    return Plan(width=ir.width, height=ir.height, fps=ir.fps, frames=ir.frames, seed=ir.seed,
                source_hash=ir.source_hash, background=tuple(ir.background), segments=tuple(segments),
                transitions=ir.planned_transitions, audio=ir.planned_audio, intent=_intent(ir, ctx),
                source_map=tuple(source_map))


def _entry(ident: str, span, root: str) -> SourceMapEntry:
    """Files are named relative to the project root, so a plan does not depend on where the project lives."""
    file = span.file
    if root and not file.startswith("<") and os.path.isabs(file) == os.path.isabs(root):
        file = os.path.relpath(file, root).replace(os.sep, "/")
    return SourceMapEntry(ident, file, span.line, span.column, span.end_line, span.end_column)


def _layer(layer: LayerIR, shot: ShotIR, ir: SceneIR) -> LayerPlan:
    fps = ir.fps
    # A blur much wider than the frame draws the same near-uniform haze, at a cost that grows
    # with its square: past MAX_BLUR_SHARE of the frame's longer side it blurs no further.
    most_blur = MAX_BLUR_SHARE * max(ir.width, ir.height)
    tracks = tuple(_track(t, shot.duration_s, fps) for t in layer.tracks)
    motions = _motions(layer, ir.seed)
    return LayerPlan(
        id=layer.id, primitive=layer.primitive, params=layer.params, tracks=tracks,
        depth=layer.depth if layer.depth is not None else 0.5, parallax=layer.parallax,
        opacity=round(layer.opacity, 6), blend=layer.blend, blur_px=round(min(layer.blur_px, most_blur), 6),
        rotate_deg=round(layer.rotate_deg, 6), scale=round(layer.scale, 6),
        pivot=tuple(layer.pivot) if layer.pivot else None,
        enter=_effect(layer.enter, fps), exit=_effect(layer.exit, fps), motions=motions, group=layer.group)


def _motions(layer: LayerIR, seed: int) -> tuple[MotionPlan, ...]:
    """Seeded by their owner: every member of a template instance gets the same seed for the instance's motions."""
    counts: dict[str, int] = {}
    motions = []
    for motion in layer.motions:
        index = counts[motion.owner] = counts.get(motion.owner, -1) + 1
        motions.append(MotionPlan(motion.kind, motion.params, seed=_seed(seed, motion.owner, index)))
    return tuple(motions)


def _effect(effect: EffectIR | None, fps: int) -> Effect | None:
    if effect is None:
        return None
    return Effect(effect.kind, max(1, round(effect.duration_s * fps)))


def _seed(seed: int, ident: str, index: int) -> int:
    value = seed
    for ch in f"{ident}#{index}":
        value = (value * 131 + ord(ch)) & 0x7FFFFFFF
    return value


def _track(track: TrackIR, duration_s: float, fps: int) -> Track:
    keys: dict[int, Key] = {}
    for time_s, value, ease in track.keys:
        frame = round((duration_s if time_s is None else time_s) * fps)
        keys[frame] = Key(frame, _plain(value), ease)
    values = [k.value for k in keys.values()]
    if track.color:
        kind = TrackKind.COLOR
    elif all(isinstance(v, bool | str) for v in values):
        kind = TrackKind.STEP
    elif track.property in INT_PARAMS:
        kind = TrackKind.INTEGER
    else:
        kind = TrackKind.NUMBER
    return Track(track.property, tuple(keys[f] for f in sorted(keys)), kind)


def _plain(value):
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, float):
        return round(value, 9)
    return value


# ---------------------------------------------------------------- intent


def _intent(ir: SceneIR, ctx: PassContext) -> Intent:
    entities: dict[str, dict] = {}
    for shot in ir.shots:
        frames = shot.end_frame - shot.start_frame
        samples = sorted({0, frames // 2, frames - 1})
        for z, (ident, cls, color, parallax) in enumerate(_subjects(shot, ir.width)):
            members = [layer for layer in shot.layers if layer.id == ident or layer.group == ident]
            entry = entities.setdefault(ident, {"class": cls, "color": color, "track": [], "z": z,
                                                "depth": _depth(members), "motions": _own_motions(members),
                                                "placeholder": _is_placeholder(members)})
            extent = _extent(members)
            for local in samples:
                pos = layer_position(shot, ident, local / ir.fps)
                if pos is None:
                    continue
                x, y = _on_screen(pos, shot, local, parallax, ir)
                zoom = evaluate_camera(shot.camera, local, ir.fps).zoom
                w, h = extent[0] * zoom / ir.width, extent[1] * zoom / ir.height
                entry["track"].append((shot.start_frame + local, round(x, 4), round(y, 4), round(w, 4),
                                       round(h, 4)))
    camera = tuple(CameraIntent(shot.name, tuple(CameraMove(m) for m in shot.camera_moves)) for shot in ir.shots)
    # Hard cuts only: a dissolve or wipe is a change over many frames, which analysis measures as
    # such, not as a cut; the segments give every shot boundary.
    cuts = tuple(t.start_frame for t in ir.planned_transitions if t.kind is TransitionKind.CUT)
    palette = tuple(colors.to_hex(c) for _, c in ir.palette)[:8] or _layer_palette(ir)
    brightness = None
    if ir.time:
        brightness = round(0.08 + 0.5 * lookup.time_of_day(ctx.registry, ir.time).ambient_light, 4)
    weather = ir.weather if ir.weather and (ir.weather != "clear" or "weather" in ir.explicit) else None
    return Intent(entities=tuple(Entity(name, e["class"], e["color"], tuple(e["track"]), e["placeholder"], e["z"],
                                        e["depth"], e["motions"])
                                 for name, e in entities.items() if e["track"]),
                  camera=camera, place=_place(ir, ctx), time=ir.time, weather=weather, cuts=cuts, palette=palette,
                  brightness=brightness)


# A translator's stand-in for a thing with no drawing is a template named `standin-WORD`.
PLACEHOLDER_PREFIX = "standin-"


def _is_placeholder(members: list[LayerIR]) -> bool:
    return any((m.object_class or "").startswith(PLACEHOLDER_PREFIX) for m in members[:1])


def _depth(members: list[LayerIR]) -> float:
    depths = [m.depth for m in members if m.depth is not None]
    return round(min(1.0, max(0.0, depths[0] if depths else 0.5)), 4)


def _own_motions(members: list[LayerIR]) -> tuple[str, ...]:
    """The names of an entity's own motions (`drift`, `bob`, ...) and animated properties (`animate:at`)."""
    names: list[str] = []
    for member in members:
        names += [motion.kind.value for motion in member.motions]
        names += [f"animate:{track.property}" for track in member.tracks]
    return tuple(dict.fromkeys(names))


def _extent(members: list[LayerIR]) -> tuple[float, float]:
    """The width and height in pixels of the box around an entity's drawn layers at rest."""
    boxes = []
    for m in members:
        points = m.param("points")
        if m.primitive == "line" and isinstance(m.param("from"), tuple) and isinstance(m.param("to"), tuple):
            points = (m.param("from"), m.param("to"))
        if isinstance(points, tuple) and points and all(isinstance(p, tuple) and len(p) == 2 for p in points):
            xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
            continue
        at = m.param("at") or m.param("center")
        if not (isinstance(at, tuple) and len(at) == 2):
            continue
        size, radius = m.param("size"), m.param("radius")
        if isinstance(size, tuple) and len(size) == 2:
            w, h = float(size[0]), float(size[1])
        elif isinstance(radius, (int, float)):
            w = h = 2.0 * float(radius)
        else:
            continue
        w, h = w * m.scale, h * m.scale
        boxes.append((at[0] - w / 2, at[1] - h / 2, at[0] + w / 2, at[1] + h / 2))
    if not boxes:
        return 0.0, 0.0
    return (max(b[2] for b in boxes) - min(b[0] for b in boxes), max(b[3] for b in boxes) - min(b[1] for b in boxes))


def _place(ir: SceneIR, ctx: PassContext) -> str | None:
    """The registry place whose backdrop the first shot draws (all of its layer names), if any."""
    if ctx.knowledge is None or not ir.shots:
        return None
    ids = {layer.id for layer in ir.shots[0].layers} | {layer.group for layer in ir.shots[0].layers if layer.group}
    best: tuple[int, str] | None = None
    for entry in ctx.knowledge.places.entries.values():
        names = set(entry.layer_names())
        if len(names) >= 3 and names <= ids and (best is None or len(names) > best[0]):
            best = (len(names), entry.words[0] if entry.words else entry.name)
    return best[1] if best else None


def _subjects(shot: ShotIR, width: int):
    """The things a viewer would name: template instances and shapes that are not backdrops."""
    seen: set[str] = set()
    layers = [layer.as_written() for layer in shot.layers]  # the intent names the colors written, not the lit ones
    for layer in layers:
        if layer.group:
            if layer.group in seen:
                continue
            seen.add(layer.group)
            members = [m for m in layers if m.group == layer.group]
            main = _main_member(members)
            color = main.param("fill") or main.param("color")
            yield layer.group, _class_word(layer.object_class or layer.group), _hex(color), main.parallax
        elif PRIMITIVE_FACTS[layer.primitive].subject and layer.id not in ("sky", "weather"):
            color = layer.param("fill") or layer.param("color")
            if color is None or _is_backdrop(layer, width):
                continue
            yield layer.id, _class_word(layer.id), _hex(color), layer.parallax


def _main_member(members: list[LayerIR]) -> LayerIR:
    """The member whose colour is the entity's: the one that paints the most of it, except that a
    large grey or black part (a tyre, an outline) gives way to a sizeable coloured one (a bicycle's
    frame), so the colour is the one the object's name or the prompt gave it. Translucent paints
    (shadows) do not count."""
    def area(layer: LayerIR) -> float:
        if layer.param("radius") is not None and layer.primitive in ("circle", "star"):
            return math.pi * float(layer.param("radius")) ** 2
        size = layer.param("size")
        if isinstance(size, tuple):
            return float(size[0]) * float(size[1]) * (math.pi / 4 if layer.primitive == "ellipse" else 1.0)
        points = layer.param("points")
        if layer.primitive == "line" and isinstance(layer.param("from"), tuple) and isinstance(layer.param("to"), tuple):
            points = (layer.param("from"), layer.param("to"))
        if not (isinstance(points, tuple) and len(points) >= 2 and all(isinstance(p, tuple) for p in points)):
            return 0.0
        if layer.primitive == "polygon" and len(points) >= 3:
            return abs(sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(points, points[1:] + points[:1]))) / 2
        width = layer.param("width")
        length = sum(math.dist(p, q) for p, q in zip(points, points[1:]))
        return length * float(width) if isinstance(width, (int, float)) else 0.0

    def color(layer: LayerIR):
        return layer.param("fill") or layer.param("color")

    def opaque(layer: LayerIR) -> bool:
        c = color(layer)
        return isinstance(c, tuple) and len(c) == 4 and c[3] >= 0.5 and layer.opacity >= 0.5

    def chroma(layer: LayerIR) -> float:
        r, g, b = color(layer)[:3]
        return max(r, g, b) - min(r, g, b)
    painted = [m for m in members if opaque(m) and m.primitive != "text"]
    if not painted:
        return max(members, key=area)
    largest = max(painted, key=area)
    if chroma(largest) < ACHROMATIC:
        colored = [m for m in painted if chroma(m) >= COLORED and area(m) >= COLORED_SHARE * area(largest)]
        if colored:
            return max(colored, key=area)
    return largest


# A part this grey (max - min of its RGB) gives way to a coloured part of at least this share of its area.
ACHROMATIC, COLORED, COLORED_SHARE = 0.12, 0.2, 0.15


def _is_backdrop(layer: LayerIR, width: int) -> bool:
    """A rect spanning the frame's width (ground, sea, a band of color) is scenery, not a subject."""
    size = layer.param("size")
    return layer.primitive in ("rect", "ellipse") and isinstance(size, tuple) and size[0] >= 0.9 * width


def _class_word(name: str) -> str:
    word = name.rsplit(".", 1)[-1].removeprefix(PLACEHOLDER_PREFIX)
    return (re.sub(r"[-_]?\d+$", "", word) or word).replace("-", " ").replace("_", " ")


def _hex(color) -> str:
    if not isinstance(color, tuple) or len(color) != 4:
        return "#000000"
    return colors.to_hex(color).lower()


def _on_screen(pos, shot: ShotIR, local: int, parallax: float, ir: SceneIR) -> tuple[float, float]:
    cam = evaluate_camera(shot.camera, local, ir.fps)
    dx, dy = pos[0] - cam.center_x, pos[1] - cam.center_y
    angle = math.radians(cam.roll_deg)
    rx = dx * math.cos(angle) - dy * math.sin(angle)
    ry = dx * math.sin(angle) + dy * math.cos(angle)
    x = cam.center_x + cam.zoom * rx + (cam.pan_x + cam.shake_x) * ir.width * parallax
    y = cam.center_y + cam.zoom * ry + (cam.pan_y + cam.shake_y) * ir.height * parallax
    return x / ir.width, y / ir.height


def _layer_palette(ir: SceneIR) -> tuple[str, ...]:
    out: list[str] = []
    for shot in ir.shots:
        for layer in shot.layers:
            for name in ("fill", "from", "to", "color", "inner", "outer"):
                value = layer.param(name)
                if isinstance(value, tuple) and len(value) == 4 and value[3] > 0.5:
                    out.append(_hex(value))
    return tuple(dict.fromkeys(out))[:6]
