"""Light and weather over the whole frame, for the lighting pass (not a pass of its own).

Reads: one shot's layers after `depth` (so every layer has its depth), the shot's time of day and
weather entries, and, when the pass has the knowledge world, the object registry (categories and
idle motions of the templates the layers came from).
Produces: the same layers relit, plus lightning layers on top:
- the sky (a gradient at the back) mixed toward the weather's sky tint; its colors for the time of day
  are the writer's (or the translator's, or the pass's own sky when a shot has none);
- every surface under the sky (ground, walls, objects, textures, falling particles) multiplied by the
  time's `light` color, so night darkens and blues the grass and the dog, not only the sky, and golden
  hour warms them; the sky itself (gradients and radials), titles and lights keep their colors;
- lights: a layer that glows (`glow`), adds or screens itself onto what is behind it, or is named as a
  light (`lights…`, `lamp`, `bulb`, `flame`, `neon`, `halo`, `beam`, `glow`) is never darkened; a sky
  object that glows (sun, moon, star) and a thing lit through (its lights cover most of it: a lantern,
  a candle, a fire) stay whole; a building's windows (warm ones, and glass named `window…`/`win-…`,
  all of a small house's, three quarters of a tall block's) light up when the time has `lamps`;
  layers named `lights…` are drawn only then (a place's window lights, neon, lamp glow);
- indoors (the back layer is a wall, not a sky) the weather stays outside and lamps soften the night;
- the weather's ground: wide bands low in the frame (not water) mixed toward the weather's `ground`
  color (wet and dark in rain, white under snow), and under snow the roofs too;
- wind: plants whose idle motion is a sway sway harder, about their foot;
- lightning: a bolt and a flash over the frame at seeded moments of the shot.
Guarantees: deterministic for the scene's seed and the shot's name; adds no layer when the time is
noon-white, the weather clear and still. Emits no diagnostics.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import replace

from scenec.compiler.easing import Easing
from scenec.compiler.ir import LayerIR, MotionIR, TrackIR
from scenec.compiler.passes.resolve_layers import primitive_params
from scenec.compiler.plan import Blend, MotionKind, Primitive
from scenec.compiler.units import Box
from scenec.knowledge import colors
from scenec.knowledge.entries import TimeOfDay, Weather

COLOR_PARAMS = ("fill", "stroke", "color", "from", "to", "inner", "outer")
# Words in a layer's own name that say it is a light, whatever it draws.
LIGHT_WORDS = frozenset({"lights", "lamp", "lamps", "bulb", "flame", "neon", "halo", "beam", "glow"})
# Particles that are lights themselves, or catch whatever light there is (rain and snow stay visible).
LIGHT_PARTICLES = frozenset({"stars", "fireflies", "sparks", "rain", "snow"})
WHITE = (1.0, 1.0, 1.0, 1.0)
# Indoors at dusk and night the lamps are on: the time's light only part of the way.
INDOOR_LAMPLIGHT = 0.45
# A thing whose lights cover this share of its box is lit through (a lantern, a candle, a fire).
LIT_THROUGH = 0.6
# A lit window's lamplight, and the share of a building's windows left dark at night.
WINDOW_LIGHT = (1.0, 0.84, 0.52, 1.0)
DARK_WINDOWS_PCT = 25
FLASH_COLOR = (0.86, 0.9, 1.0, 0.9)
BOLT_COLOR = (0.97, 0.98, 1.0, 1.0)


def relight(layers: list[LayerIR], time: TimeOfDay | None, weather: Weather, objects, frame: Box,
            indoor: bool = False) -> list[LayerIR]:
    """`layers` lit by `time` (None: daylight as drawn) and acted on by `weather`; `objects` is the
    object registry or None; `indoor` (see `is_indoor`) keeps the weather outside."""
    light = time.light if time is not None else WHITE
    lamps = time is not None and time.lamps
    if indoor:
        # Indoors the weather stays outside, and the room's own lamps soften the night.
        light = mix(light, WHITE, INDOOR_LAMPLIGHT) if lamps else light
        weather = replace(weather, ground_amount=0.0, wind=0.0)
    groups = group_facts(layers, objects)
    dark = _dark_windows(layers, groups) if lamps else set()
    out = []
    if layers and layers[0].primitive is Primitive.GRADIENT:
        layers = [_sky(layers[0], weather), *layers[1:]]
    for layer in layers:
        if _is_lamp_layer(layer) and not lamps:
            continue  # a place's lights are off by day
        category, glows, lit_through = groups.get(layer.group, (None, False, False))
        if weather.ground_amount > 0 and is_ground(layer, frame):
            layer = recolor(layer, lambda c: mix(c, weather.ground, weather.ground_amount))
        elif weather.ground_amount >= 0.5 and (own_name(layer).startswith("roof") or (
                category == "nature" and not glows and _is_low(layer, frame))):
            # Deep snow settles on roofs and on what grows low on the ground (grass, bushes).
            layer = recolor(layer, lambda c: mix(c, weather.ground, weather.ground_amount * 0.6))
        lit = is_light(layer) or lit_through or (category == "sky" and glows) or (
            lamps and category == "building" and _is_warm_window(layer, frame))
        if lamps and category == "building" and not lit and _is_window(layer) and layer.id not in dark:
            # Someone is home: the glass glows with lamplight (most windows).
            layer = recolor(layer, lambda c: mix(c, WINDOW_LIGHT, 0.9))
            lit = True
        if light != WHITE and not lit and _takes_light(layer):
            layer = recolor(layer, lambda c: _lit(c, light, time.sky_bottom))
        out.append(layer)
    if weather.wind > 0 and objects is not None:
        out = _sway(out, weather.wind, objects, frame)
    return out


def with_lightning(layers: list[LayerIR], shot_name: str, seed: int, duration_s: float, weather: Weather,
                   frame: Box, fps: int) -> list[LayerIR]:
    """`layers` with a storm's strikes, `lightning_per_min` a minute (at least one a shot): a bolt in the
    sky behind everything but the sky itself, and a flash over the whole frame on top."""
    if weather.lightning_per_min <= 0 or duration_s <= 0:
        return layers
    rng = random.Random(f"lightning:{seed}:{shot_name}")
    count = max(1, round(weather.lightning_per_min * duration_s / 60.0))
    frame_s = 1.0 / max(1, fps)
    slots = sorted(rng.uniform(0.15, 0.85) * duration_s for _ in range(count))
    keys: list[tuple[float | None, object, Easing]] = [(0.0, 0.0, Easing.LINEAR)]
    for start in slots:
        start = max(start, float(keys[-1][0] or 0.0) + frame_s)
        # A strike flickers: a bright frame, a dip, a second flash, then a fade.
        for offset, value in ((0.0, 0.0), (frame_s, 1.0), (3 * frame_s, 0.25), (4 * frame_s, 0.8),
                              (9 * frame_s, 0.0)):
            at = round(min(duration_s, start + offset), 6)
            if at > float(keys[-1][0] or 0.0):
                keys.append((at, value, Easing.LINEAR))
    track = TrackIR("opacity", tuple(keys))
    x = rng.uniform(0.2, 0.8)
    points, y = [], 0.0
    while y < 0.6:
        points.append((round(x * frame.width, 3), round(y * frame.height, 3)))
        x += rng.uniform(-0.05, 0.05)
        y += rng.uniform(0.06, 0.12)
    bolt = {"points": tuple(points), "width": 0.006 * frame.width, "color": BOLT_COLOR}
    flash = {"from": FLASH_COLOR, "to": (FLASH_COLOR[0], FLASH_COLOR[1], FLASH_COLOR[2], 0.45)}
    bolt_layer = LayerIR("lightning-bolt", Primitive.PATH, primitive_params(Primitive.PATH, bolt, frame, fps),
                         tracks=(track,), depth=0.05, parallax=0.55, blend=Blend.ADD)
    flash_layer = LayerIR("lightning-flash", Primitive.GRADIENT,
                          primitive_params(Primitive.GRADIENT, flash, frame, fps),
                          tracks=(track,), depth=1.0, parallax=1.5, blend=Blend.ADD)
    behind = 1 if layers and layers[0].primitive in (Primitive.GRADIENT, Primitive.RADIAL, Primitive.NOISE) else 0
    return [*layers[:behind], bolt_layer, *layers[behind:], flash_layer]


def is_indoor(layers: list[LayerIR] | tuple[LayerIR, ...], frame: Box) -> bool:
    """A shot whose back layer is a wall (a rect from the top of the frame across its width), not a sky."""
    if not layers or layers[0].primitive is not Primitive.RECT:
        return False
    box = extent(layers[0])
    return box is not None and box[1] <= 0.02 * frame.height and box[2] - box[0] >= 0.95 * frame.width \
        and box[3] - box[1] >= 0.6 * frame.height


def _sky(layer: LayerIR, weather: Weather) -> LayerIR:
    """The sky (a gradient at the back) keeps the colors written or chosen for the time of day, mixed
    toward the weather's sky tint (grey under rain, white in fog)."""
    if weather.sky_tint_amount <= 0:
        return layer
    params = tuple((name, mix(value, weather.sky_tint, weather.sky_tint_amount)
                    if name in ("from", "to") and is_rgba(value) else value) for name, value in layer.params)
    return replace(layer, params=params)


# ------------------------------------------------------------------ what a layer is

def own_name(layer: LayerIR) -> str:
    return layer.id.rsplit(".", 1)[-1].lower()


def _is_lamp_layer(layer: LayerIR) -> bool:
    """A layer named `lights…` (or a member of an instance so named): drawn only when lamps are on."""
    return any(part.split("-")[0] == "lights" for part in layer.id.lower().split("."))


def is_light(layer: LayerIR) -> bool:
    if layer.blend in (Blend.ADD, Blend.SCREEN):
        return True
    glow = layer.param("glow")
    if isinstance(glow, (int, float)) and glow > 0:
        return True
    if layer.primitive is Primitive.PARTICLES and layer.param("kind") in LIGHT_PARTICLES:
        return True
    return any(word in LIGHT_WORDS for part in layer.id.lower().split(".") for word in part.split("-"))


def _is_window(layer: LayerIR) -> bool:
    """A building's glass: a filled shape named `window…` or `win-…` (not its shine or frame)."""
    words = own_name(layer).split("-")
    return (words[0].startswith("window") or words[0] == "win" or "window" in words) and not (
        {"shine", "frame", "sill", "hi", "bar", "cross"} & set(words)) and is_rgba(layer.param("fill"))


def _dark_windows(layers: list[LayerIR], groups) -> set[str]:
    """The windows left dark at night: a quarter of a building's, the same ones every render (chosen by
    name); a house with three windows or fewer has them all lit."""
    windows: dict[str, list[str]] = {}
    for layer in layers:
        if layer.group is not None and groups.get(layer.group, (None,))[0] == "building" and _is_window(layer):
            windows.setdefault(layer.group, []).append(layer.id)
    dark: set[str] = set()
    for ids in windows.values():
        if len(ids) > 3:
            dark.update(sorted(ids, key=lambda i: zlib.crc32(i.encode()))[:len(ids) * DARK_WINDOWS_PCT // 100])
    return dark


def _takes_light(layer: LayerIR) -> bool:
    """Surfaces take the time's light; the sky (full-frame gradients), titles and pictures do not."""
    return layer.primitive not in (Primitive.GRADIENT, Primitive.RADIAL, Primitive.TEXT, Primitive.IMAGE)


def _is_warm_window(layer: LayerIR, frame: Box) -> bool:
    """A small, bright, warm patch on a building: a lit window."""
    fill = layer.param("fill")
    box = extent(layer)
    if not is_rgba(fill) or box is None:
        return False
    r, g, b, _a = fill
    small = (box[2] - box[0]) * (box[3] - box[1]) < 0.01 * frame.width * frame.height
    return small and r > 0.85 and g > 0.6 and b < 0.7 * r


def is_ground(layer: LayerIR, frame: Box) -> bool:
    """A band across the frame low down (ground, floor, field, hills), not water."""
    if layer.primitive not in (Primitive.RECT, Primitive.ELLIPSE, Primitive.POLYGON):
        return False
    box = extent(layer)
    fill = layer.param("fill")
    if box is None or not is_rgba(fill):
        return False
    wide = box[2] - box[0] >= 0.85 * frame.width
    low = box[1] >= 0.5 * frame.height
    return wide and low and not _is_water(fill)


def _is_low(layer: LayerIR, frame: Box) -> bool:
    box = extent(layer)
    return box is not None and box[1] >= 0.7 * frame.height


def _is_water(color) -> bool:
    r, g, b, _a = color
    return b > r + 0.12 and b >= g


def group_facts(layers: list[LayerIR], objects) -> dict[str | None, tuple[str | None, bool, bool]]:
    """Each template instance's object category, whether any of its members glows, and whether its
    light spreads over most of it (a lantern, a candle, a fire: lit through, so never darkened)."""
    by_template = _by_template(objects) if objects is not None else {}
    boxes: dict[str, list[float]] = {}
    lit_boxes: dict[str, list[float]] = {}
    facts: dict[str | None, tuple[str | None, bool, bool]] = {}
    for layer in layers:
        if layer.group is None:
            continue
        entry = by_template.get(layer.object_class or "")
        category = entry.category if entry is not None else None
        _old, glows, _whole = facts.get(layer.group, (category, False, False))
        facts[layer.group] = (category, glows or is_light(layer), False)
        box = extent(layer)
        if box is not None:
            _grow(boxes, layer.group, box)
            if is_light(layer):
                _grow(lit_boxes, layer.group, box)
    for group, lit in lit_boxes.items():
        whole = boxes[group]
        area = max(1e-6, (whole[2] - whole[0]) * (whole[3] - whole[1]))
        covered = max(0.0, min(lit[2], whole[2]) - max(lit[0], whole[0])) * max(
            0.0, min(lit[3], whole[3]) - max(lit[1], whole[1]))
        category, glows, _whole = facts[group]
        facts[group] = (category, glows, covered >= LIT_THROUGH * area)
    return facts


def _grow(boxes: dict[str, list[float]], key: str, box) -> None:
    acc = boxes.setdefault(key, list(box))
    boxes[key] = [min(acc[0], box[0]), min(acc[1], box[1]), max(acc[2], box[2]), max(acc[3], box[3])]


def _by_template(objects) -> dict:
    out = {}
    for entry in objects.entries.values():
        out.setdefault(entry.template, entry)
    return out


# ------------------------------------------------------------------ wind

def _sway(layers: list[LayerIR], wind: float, objects, frame: Box) -> list[LayerIR]:
    """Plants (objects whose idle motion is a sway) sway harder, about their foot."""
    by_template = _by_template(objects)
    boxes: dict[str, list[float]] = {}
    for layer in layers:
        entry = by_template.get(layer.object_class or "")
        if layer.group is None or entry is None or not (entry.idle or "").startswith("sway("):
            continue
        box = extent(layer)
        if box is None:
            continue
        acc = boxes.setdefault(layer.group, list(box))
        boxes[layer.group] = [min(acc[0], box[0]), min(acc[1], box[1]), max(acc[2], box[2]), max(acc[3], box[3])]
    angle = round(1.5 + 5.0 * wind, 3)
    period = round(2.6 - 1.2 * wind, 3)
    out = []
    for layer in layers:
        box = boxes.get(layer.group or "")
        if box is None or box[2] - box[0] > 0.5 * frame.width:  # a band of hills does not sway
            out.append(layer)
            continue
        sway = MotionIR(MotionKind.SWAY, (("angle", angle), ("period", period)), layer.group)
        kept = tuple(m for m in layer.motions if m.kind is not MotionKind.SWAY)
        out.append(replace(layer, motions=(sway, *kept), pivot=((box[0] + box[2]) / 2.0, box[3])))
    return out


# ------------------------------------------------------------------ geometry and color

def extent(layer: LayerIR) -> tuple[float, float, float, float] | None:
    """The layer's box in frame pixels, for the shapes whose box its parameters give."""
    p = layer.primitive
    at = layer.param("at")
    if p in (Primitive.RECT, Primitive.ELLIPSE) and isinstance(at, tuple) and isinstance(layer.param("size"), tuple):
        w, h = layer.param("size")
        return at[0] - w / 2, at[1] - h / 2, at[0] + w / 2, at[1] + h / 2
    center = layer.param("center")
    if p is Primitive.RADIAL and isinstance(center, tuple):
        r = float(layer.param("radius") or 0.0)
        return center[0] - r, center[1] - r, center[0] + r, center[1] + r
    if p in (Primitive.CIRCLE, Primitive.STAR) and isinstance(at, tuple):
        r = float(layer.param("radius") or 0.0)
        return at[0] - r, at[1] - r, at[0] + r, at[1] + r
    points = layer.param("points") if p in (Primitive.POLYGON, Primitive.PATH) else (
        (layer.param("from"), layer.param("to")) if p is Primitive.LINE else None)
    if points and all(isinstance(pt, tuple) and len(pt) == 2 for pt in points):
        xs = [float(pt[0]) for pt in points]
        ys = [float(pt[1]) for pt in points]
        return min(xs), min(ys), max(xs), max(ys)
    return None


def recolor(layer: LayerIR, change) -> LayerIR:
    params = []
    for name, value in layer.params:
        if name in COLOR_PARAMS and is_rgba(value):
            value = change(value)
        elif name == "colors" and isinstance(value, tuple) and all(is_rgba(c) for c in value):
            value = tuple(change(c) for c in value)
        params.append((name, value))
    tracks = tuple(replace(t, keys=tuple((at, change(v) if is_rgba(v) else v, ease) for at, v, ease in t.keys))
                   if t.color else t for t in layer.tracks)
    return replace(layer, params=tuple(params), tracks=tracks,
                   unlit=layer.params if layer.unlit is None else layer.unlit)


def is_rgba(value) -> bool:
    return isinstance(value, tuple) and len(value) == 4 and all(isinstance(c, float) for c in value)


def _lit(color, light, sky):
    """A surface under the light; water also mirrors the sky near the horizon (so golden light on a
    blue sea is gold, not green)."""
    lit = _multiply(color, light)
    return mix(lit, sky, 0.3) if _is_water(color) else lit


def _multiply(color, light):
    return tuple(round(c * l, 6) for c, l in zip(color[:3], light[:3])) + (color[3],)


def mix(color, target, amount: float):
    mixed = colors.mix(color, (target[0], target[1], target[2], color[3]), amount)
    return tuple(round(c, 6) for c in mixed)
