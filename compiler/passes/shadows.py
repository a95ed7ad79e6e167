"""Shadows that follow the sun, for the lighting pass (not a pass of its own).

Reads: one shot's layers after `scene_light.relight` (every layer has its depth), the time of day
(`light_angle_deg`: where the sun or moon is in the frame, counter-clockwise from the right, 90 overhead;
`shadow`: how hard its light is) and the weather (`direct_light`: how much of it gets through).
Produces: the same layers with every ground shadow recast. A ground shadow is an ellipse named
`shadow…` (a template's shadow part, a translator stand-in's, or the writer's own), flat (wider than it
is tall), lying at the foot of its instance. It is stretched away from the light by the height of the
thing that casts it over the tangent of the light's elevation (long at dawn, golden hour and sunset,
none at noon, where it shrinks under the thing), its near edge kept at the thing's foot; its darkness
is scaled by the light's hardness, and a soft light spreads it (wider, deeper, fainter) and shortens it
toward a contact shadow
(night, overcast, fog); where no direct light gets through (a storm, thick fog, after sunset) it is gone.
Guarantees: deterministic (pure geometry); no layer is added; a shot with no time of day and a weather
that lets all the light through keeps its shadows as drawn. Emits no diagnostics.
"""

from __future__ import annotations

import math
from dataclasses import replace

from scenec.compiler.ir import LayerIR
from scenec.compiler.passes.scene_light import extent
from scenec.compiler.plan import Primitive
from scenec.knowledge.entries import TimeOfDay, Weather

# Below this hardness there is no shadow to see.
GONE = 0.06
# A low sun casts shadows this many times the caster's height at most (the frame is not a plane to
# the horizon, and a longer streak reads as a stain, not a shadow).
MAX_LENGTH = 1.8
# Elevations under this are clamped (the tangent runs away near the horizon).
MIN_ELEVATION_DEG = 8.0
# At noon the shadow pools under the thing: this share of its drawn width, a little darker.
NOON_WIDTH = 0.8
NOON_DARKER = 1.15
# A soft light spreads the shadow by this share of its height (all of it under a fully soft light).
SOFT_SPREAD = 0.8
# A ground shadow is an ellipse at least this many times wider than tall (a lily pad's round shade on the
# water under it is not: it has no height to cast a long shadow from).
FLAT = 3.0


def recast(layers: list[LayerIR], time: TimeOfDay | None, weather: Weather) -> list[LayerIR]:
    """`layers` with their ground shadows cast by `time`'s light through `weather` (None: as drawn)."""
    hardness = (time.shadow if time is not None else 1.0) * weather.direct_light
    if time is None and hardness >= 1.0:
        return layers
    heights = _caster_heights(layers)
    out = []
    for layer in layers:
        if not is_ground_shadow(layer):
            out.append(layer)
            continue
        if hardness < GONE:
            continue  # no direct light: no shadow
        w, h = layer.param("size")
        height = heights.get(layer.group or "", 0.0) or w
        out.append(_cast(layer, time, hardness, height))
    return out


def is_ground_shadow(layer: LayerIR) -> bool:
    """A flat ellipse named `shadow…` (the instance's own name for it, or a top-level layer's)."""
    if layer.primitive is not Primitive.ELLIPSE or not layer.id.rsplit(".", 1)[-1].lower().startswith("shadow"):
        return False
    at, size = layer.param("at"), layer.param("size")
    return isinstance(at, tuple) and isinstance(size, tuple) and size[1] > 0 and size[0] >= FLAT * size[1]


def light_geometry(time: TimeOfDay | None) -> tuple[float, float]:
    """(away, elevation_deg): the side a shadow falls to in the frame (-1 left, +1 right, 0 under) and
    how high the light stands over the horizon."""
    if time is None:
        return 0.0, 90.0
    angle = math.radians(time.light_angle_deg)
    across, up = math.cos(angle), math.sin(angle)
    elevation = math.degrees(math.atan2(abs(up), abs(across)))
    return (-math.copysign(1.0, across) if abs(across) > 1e-6 else 0.0), elevation


def _cast(layer: LayerIR, time: TimeOfDay | None, hardness: float, height: float) -> LayerIR:
    (x, y), (w, h) = layer.param("at"), layer.param("size")
    away, elevation = light_geometry(time)
    soft = 1.0 - min(1.0, hardness)
    elevation = max(MIN_ELEVATION_DEG, elevation)
    # A soft light has little direction: its shadow shortens toward a contact shadow under the thing.
    length = height * min(MAX_LENGTH, 1.0 / math.tan(math.radians(elevation))) * hardness
    darker = 1.0
    if away == 0.0 or length < 1e-3:
        length, away = 0.0, 0.0
        if elevation >= 80.0:
            w, darker = w * NOON_WIDTH, NOON_DARKER
    new_w = w + length
    # The near edge stays at the foot; the shadow grows away from the light.
    new_x = x + away * length / 2.0
    alpha = min(1.0, max(0.0, hardness))
    # A soft light's penumbra spreads the shadow a little wider and deeper, and so fainter. (Not a blur:
    # a thing with an idle motion redraws its shadow every frame, and a blur would cost every frame.)
    spread = SOFT_SPREAD * h * soft
    new_w += spread
    new_x += away * spread / 2.0  # the near edge still at the foot
    new_h = h * (1.0 + SOFT_SPREAD * soft)
    params = tuple((name, (round(new_x, 4), y) if name == "at" else (round(new_w, 4), round(new_h, 4))
                    if name == "size" else _darker(value, darker) if name == "fill" else value)
                   for name, value in layer.params)
    return replace(layer, params=params, opacity=round(layer.opacity * alpha, 6))


def _darker(color, factor: float):
    if factor == 1.0 or not (isinstance(color, tuple) and len(color) == 4):
        return color
    return (*color[:3], round(min(1.0, color[3] * factor), 6))


def _caster_heights(layers: list[LayerIR]) -> dict[str, float]:
    """Each template instance's height in frame pixels, from its members other than its shadows."""
    tops: dict[str, float] = {}
    bottoms: dict[str, float] = {}
    for layer in layers:
        if layer.group is None or is_ground_shadow(layer):
            continue
        box = extent(layer)
        if box is None:
            continue
        tops[layer.group] = min(tops.get(layer.group, box[1]), box[1])
        bottoms[layer.group] = max(bottoms.get(layer.group, box[3]), box[3])
    return {group: bottoms[group] - tops[group] for group in tops}
