"""The air between the camera and the far things, and the wet ground, for the lighting pass.

Reads: one shot's layers after `scene_light.relight` (lit, every layer with its depth), the time of day
(`haze`, `haze_amount`) and the weather (its particles, `ground`, `ground_amount`, `sky_tint`).
Produces:
- aerial perspective (`aerial`): each lit surface mixed toward the time's haze by
  `haze_amount × (1 − depth)²`, so the far hills take the color of the horizon (blue-violet at dusk,
  warm at golden hour, the night's dark blue) while the near grass keeps its own; lights, the sky
  (backdrops), titles and falling particles are left as they are; indoors there is no distance to haze;
- a wet ground under rain (`wet_ground`): on each ground band, a few flat puddles that mirror the sky,
  and under each light (a lamp's bulb, a lit window) a soft streak of its reflection on the wet ground.
Guarantees: deterministic for the scene's seed and the shot's name; no layer is added in dry weather.
Emits no diagnostics.
"""

from __future__ import annotations

import random

from scenec.compiler.ir import LayerIR
from scenec.compiler.passes.resolve_layers import primitive_params
from scenec.compiler.passes.scene_light import extent, is_ground, is_light, is_rgba, mix, recolor
from scenec.compiler.plan import Blend, Primitive
from scenec.compiler.units import Box
from scenec.knowledge.entries import TimeOfDay, Weather
from scenec.lang.concepts import PRIMITIVE_FACTS

# Puddles on each wet ground band, and how much of the sky they mirror.
PUDDLES = 4
PUDDLE_ALPHA = 0.4
# A light's reflection on wet ground: its streak's opacity, and at most this many streaks a shot.
REFLECTION_ALPHA = 0.35
MAX_REFLECTIONS = 12


def aerial(layers: list[LayerIR], time: TimeOfDay | None, indoor: bool) -> list[LayerIR]:
    """`layers` with the far ones mixed toward the time's haze (see the module's docstring)."""
    if time is None or time.haze_amount <= 0 or indoor:
        return layers
    out = []
    for layer in layers:
        depth = layer.depth if layer.depth is not None else 1.0
        amount = round(time.haze_amount * (1.0 - depth) ** 2, 6)
        if amount > 0.005 and _hazes(layer):
            # (a transparent color, an unset stroke, stays as it is: there is nothing to see through)
            layer = recolor(layer, lambda c, a=amount: mix(c, time.haze, a) if c[3] > 0 else c)
        out.append(layer)
    return out


def _hazes(layer: LayerIR) -> bool:
    if PRIMITIVE_FACTS[layer.primitive].backdrop or is_light(layer):
        return False
    return layer.primitive not in (Primitive.TEXT, Primitive.IMAGE, Primitive.PARTICLES, Primitive.RADIAL)


def wet_ground(layers: list[LayerIR], weather: Weather, lit: set[str], frame: Box, seed: int, shot_name: str,
               fps: int) -> list[LayerIR]:
    """`layers` with puddles on the ground and the lights' reflections, when the weather rains;
    `lit` names the layers that are lights in this shot (lamps, lit windows)."""
    if weather.particles is None or weather.particles.kind != "rain" or weather.ground_amount <= 0:
        return layers
    rng = random.Random(f"puddles:{seed}:{shot_name}")
    # A puddle mirrors the sky low over the horizon (the sky as this shot draws it), a little brighter.
    horizon = layers[0].param("to") if layers and layers[0].primitive is Primitive.GRADIENT else weather.sky_tint
    horizon = horizon if is_rgba(horizon) else weather.sky_tint
    sky = mix(horizon, (1.0, 1.0, 1.0, 1.0), 0.2)[:3] + (PUDDLE_ALPHA,)
    out: list[LayerIR] = []
    grounds: list[tuple[float, float]] = []  # (top, bottom) of each ground band
    for layer in layers:
        out.append(layer)
        if not is_ground(layer.as_written(), frame):  # as written: the night's blue is not water
            continue
        box = extent(layer)
        top, bottom = max(box[1], 0.5 * frame.height), min(box[3], frame.height)
        if bottom - top < 0.04 * frame.height:
            continue
        grounds.append((top, bottom))
        for n in range(PUDDLES):
            y = rng.uniform(top + 0.3 * (bottom - top), bottom - 0.1 * (bottom - top))
            # Nearer (lower) puddles are larger: the ground recedes toward the horizon.
            near = (y - top) / max(1.0, bottom - top)
            w = frame.width * rng.uniform(0.06, 0.12) * (0.6 + near)
            given = {"at": (round(rng.uniform(0.08, 0.92) * frame.width, 3), round(y, 3)),
                     "size": (round(w, 3), round(w * 0.12, 3)), "fill": sky}
            out.append(LayerIR(f"{layer.id}-puddle{n + 1}", Primitive.ELLIPSE,
                               primitive_params(Primitive.ELLIPSE, given, frame, fps), depth=layer.depth,
                               parallax=layer.parallax, blur_px=round(0.004 * frame.width, 3)))
    if not grounds:
        return out
    reflections = [r for r in (_reflection(layer, grounds, frame, fps) for layer in out if layer.id in lit) if r]
    return _after_grounds(out, reflections[:MAX_REFLECTIONS], frame)


def _reflection(layer: LayerIR, grounds: list[tuple[float, float]], frame: Box, fps: int) -> LayerIR | None:
    """A light's streak on the wet ground below it: as wide as the light, stretched down."""
    box = extent(layer)
    color = layer.param("fill") if is_rgba(layer.param("fill")) else layer.param("color")
    if box is None or not is_rgba(color):
        return None
    below = [g for g in grounds if g[1] > box[3]]
    if not below:
        return None
    top, bottom = below[0]
    start = max(box[3], top)
    length = min(bottom - start, 0.18 * frame.height)
    width = min(box[2] - box[0], 0.06 * frame.width)
    if length < 2.0 or width < 1.0:
        return None
    given = {"at": (round((box[0] + box[2]) / 2.0, 3), round(start + length / 2.0, 3)),
             "size": (round(width * 1.2, 3), round(length, 3)),
             "fill": (color[0], color[1], color[2], REFLECTION_ALPHA)}
    return LayerIR(f"{layer.id}-reflection", Primitive.ELLIPSE,
                   primitive_params(Primitive.ELLIPSE, given, frame, fps), depth=layer.depth,
                   parallax=layer.parallax, blend=Blend.ADD, blur_px=round(0.25 * width, 3),
                   group=layer.group, motions=layer.motions, object_class=layer.object_class)


def _after_grounds(layers: list[LayerIR], extra: list[LayerIR], frame: Box) -> list[LayerIR]:
    """`extra` drawn just after the last ground band (on the ground, under the things on it)."""
    if not extra:
        return layers
    last = max(i for i, layer in enumerate(layers) if is_ground(layer.as_written(), frame) or layer.id.endswith(
        tuple(f"-puddle{n + 1}" for n in range(PUDDLES))))
    return [*layers[:last + 1], *extra, *layers[last + 1:]]
