"""lighting: time of day, weather, style, genre and written grades → one grade per shot.

Reads: the scene's and each shot's `time`, `weather`, `style`, `genre`,
`mood` and `grade` statements, and their knowledge entries. Produces: each
shot's `GradePlan` (exposure, contrast, saturation, temperature, tint, lift,
gamma, gain, vignette, grain, bloom, and the LUT looked up in the
registry and lowered to its matrix and curves); the weather's particles as a top
layer (`weather rain` adds rain unless the shot already has rain or is indoors); a sky
gradient at the back of a shot when `time` is set and the shot has no
full-frame background of its own; light and weather over the whole frame
(`scene_light.py`): surfaces under the sky multiplied by the time's light,
lights kept bright and lamps and windows lit at night, the ground wet or snowed on,
plants swaying in the wind, lightning flashes in a storm; shadows cast by the
time's sun or moon (`shadows.py`); far layers hazed toward the time's horizon and
puddles and reflections on wet ground (`atmosphere.py`); halos around lamps at
dusk and night (`night_glow.py`).
Order: genre, style, mood, time of day, weather, then the scene's own
grades, then the shot's. Amounts combine (contrast and saturation multiply,
exposure, warmth and tint add); vignette, grain, bloom and the LUT take the
last value given, so written grades win over defaults. Emits no diagnostics.
"""

from __future__ import annotations

from dataclasses import replace

from scenec.compiler.context import PassContext
from scenec.compiler.ir import GradeOp, GradeOpIR, LayerIR, SceneIR, ShotIR
from scenec.compiler.passes import atmosphere, night_glow, scene_light, shadows
from scenec.compiler.passes.resolve_layers import primitive_params
from scenec.compiler.plan import GradePlan, Primitive
from scenec.compiler.units import Box
from scenec.lang.concepts import PRIMITIVE_FACTS
from scenec.knowledge import lookup
from scenec.knowledge.entries import Lut
from scenec.knowledge.registry import Registry

NAME = "lighting"


def run(ir: SceneIR, ctx: PassContext) -> SceneIR:
    reg = ctx.registry
    genre = lookup.genre(reg, ir.genre)
    style = lookup.style(reg, ir.style) if ir.style else None
    shots = []
    for index, shot in enumerate(ir.shots):
        ops: list = list(genre.grade)
        if style is not None:
            ops += list(style.grade)
            if style.lut:
                ops.append(GradeOpIR(GradeOp.LUT, style.lut))
        mood = shot.mood or ir.mood
        if mood and mood in lookup.names(reg, "mood"):
            ops += list(lookup.mood(reg, mood).grade)
        time = shot.time or ir.time
        if time:
            ops += list(lookup.time_of_day(reg, time).grade)
        weather = lookup.weather(reg, shot.weather or ir.weather)
        ops += list(weather.grade)
        ops += list(ir.grades) + list(shot.grades)
        grade = combine(ops, reg)
        layers = list(shot.layers)
        frame = Box(0.0, 0.0, float(ir.width), float(ir.height))
        indoor = scene_light.is_indoor(shot.layers, frame)
        if time and not indoor and not _has_background(shot, ir):
            tod = lookup.time_of_day(reg, time)
            sky = {"from": tuple(tod.sky_top), "to": tuple(tod.sky_bottom)}
            layers.insert(0, LayerIR("sky", Primitive.GRADIENT,
                                     primitive_params(Primitive.GRADIENT, sky, frame, ir.fps), depth=0.0))
        objects = ctx.knowledge.objects if ctx.knowledge is not None else None
        tod = lookup.time_of_day(reg, time) if time else None
        layers = scene_light.relight(layers, tod, weather, objects, frame, indoor)
        layers = shadows.recast(layers, tod, weather)
        layers = atmosphere.aerial(layers, tod, indoor)
        lit = night_glow.lights_of(layers, objects, frame) if tod is not None and tod.lamps else set()
        layers = night_glow.with_halos(layers, tod, lit, frame, ir.fps)
        if not indoor:
            layers = atmosphere.wet_ground(layers, weather, lit, frame, ir.seed, shot.name, ir.fps)
        if weather.particles is not None and not indoor and not any(
                layer.primitive is Primitive.PARTICLES and layer.param("kind") == weather.particles.kind
                for layer in layers):
            p = weather.particles
            given = {"kind": p.kind, "count": int(p.count), "color": _particle_color(p.kind), "speed": float(p.speed)}
            layers.append(LayerIR("weather", Primitive.PARTICLES,
                                  primitive_params(Primitive.PARTICLES, given, frame, ir.fps), depth=1.0))
        layers = scene_light.with_lightning(layers, shot.name, ir.seed, float(shot.duration_s or 0.0), weather,
                                            frame, ir.fps)
        shots.append(replace(shot, grade=grade, layers=tuple(_unique_ids(layers))))
    return replace(ir, shots=tuple(shots))


def combine(ops, reg: Registry) -> GradePlan:
    """One grade from ops in order; the last `lut` op's LUT is looked up in `reg`
    and lowered to its matrix and curves."""
    g = {"exposure": 0.0, "contrast": 1.0, "saturation": 1.0, "temperature": 0.0, "tint": 0.0,
         "lift": (0.0, 0.0, 0.0), "gamma": 1.0, "gain": (1.0, 1.0, 1.0), "vignette": 0.0, "grain": 0.0,
         "bloom": 0.0}
    lut_name: str | None = None
    for op in ops:
        name, value = op.op, op.value
        if name == "exposure":
            g["exposure"] += float(value)
        elif name in ("contrast", "saturation", "gamma"):
            g[name] *= float(value)
        elif name == "warm":
            g["temperature"] += float(value)
        elif name == "cool":
            g["temperature"] -= float(value)
        elif name == "tint":
            g["tint"] += float(value)
        elif name == "lift":
            g["lift"] = tuple(a + b * value[3] for a, b in zip(g["lift"], value[:3]))
        elif name == "gain":
            g["gain"] = tuple(a * b for a, b in zip(g["gain"], value[:3]))
        elif name in ("vignette", "grain", "bloom"):
            g[name] = float(value)
        elif name == "lut":
            lut_name = str(value)
    rounded = {k: (round(v, 6) if isinstance(v, float) else tuple(round(c, 6) for c in v) if isinstance(v, tuple) else v)
               for k, v in g.items()}
    return GradePlan(**rounded, **(lut_fields(lookup.lut(reg, lut_name)) if lut_name else {}))


def lut_fields(lut: Lut) -> dict[str, object]:
    """A LUT entry as the `GradePlan` fields that carry it: its matrix and curves, as floats."""
    def points(channel: str):
        curve = lut.curve(channel)
        return None if curve is None else tuple((float(x), float(y)) for x, y in curve)

    matrix = None if lut.matrix is None else tuple(tuple(float(v) for v in row) for row in lut.matrix)
    return {"lut_matrix": matrix, "curve_r": points("r"), "curve_g": points("g"), "curve_b": points("b"),
            "curve_all": points("all")}


def _has_background(shot: ShotIR, ir: SceneIR) -> bool:
    for layer in shot.layers[:2]:
        if PRIMITIVE_FACTS[layer.primitive].paints_background:
            return True
        if layer.primitive is Primitive.RECT:
            size = layer.param("size")
            if size and size[0] >= ir.width * 0.95 and size[1] >= ir.height * 0.95:
                return True
    return False


def _particle_color(kind: str):
    return {"rain": (0.75, 0.8, 0.9, 0.6), "snow": (1.0, 1.0, 1.0, 0.9)}.get(kind, (1.0, 1.0, 1.0, 0.8))


def _unique_ids(layers: list[LayerIR]) -> list[LayerIR]:
    seen: set[str] = set()
    out = []
    for layer in layers:
        ident = layer.id
        n = 2
        while ident in seen:
            ident = f"{layer.id}-{n}"
            n += 1
        seen.add(ident)
        out.append(layer if ident == layer.id else replace(layer, id=ident))
    return out
