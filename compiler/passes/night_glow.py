"""Lamps glow at dusk and night, for the lighting pass (not a pass of its own).

Reads: one shot's layers after `scene_light.relight` and the time of day (`lamps`).
Produces: the shot's small lights (`lights_of`: what `scene_light` keeps bright — bulbs, flames, neon,
lamps, glowing discs that are not in the sky — and the windows it lit) and, when the time's lamps are
on, a soft halo after each (`with_halos`): a glowing disc of the light's own color, screened over what is
around it, that moves, flickers and fades with its light.
Guarantees: deterministic; by day (or with no time of day) no layer is added; at most `MAX_HALOS` a
shot, the nearest lights first. Emits no diagnostics.
"""

from __future__ import annotations

from dataclasses import replace

from scenec.compiler.ir import LayerIR
from scenec.compiler.passes.resolve_layers import primitive_params
from scenec.compiler.passes.scene_light import LIGHT_WORDS, extent, group_facts, is_rgba, own_name
from scenec.compiler.plan import Blend, Primitive
from scenec.compiler.units import Box
from scenec.knowledge.entries import TimeOfDay

SHAPES = (Primitive.CIRCLE, Primitive.ELLIPSE, Primitive.RECT, Primitive.POLYGON, Primitive.STAR)
# A light larger than this share of the frame is a surface that glows (a lit sign board, a beam), not a lamp.
MAX_LIGHT_AREA = 0.02
# Parts of a light that are its spill, not its source: they get no halo of their own.
SPILL_WORDS = frozenset({"pool", "puddle", "beam", "halo", "glow", "shine", "reflection", "spill", "ray", "rays"})
# A glowing disc so named is a body in the sky (a place's own moon has no object category): it glows alone.
SKY_WORDS = frozenset({"sun", "moon", "planet"})
# A light spread flat on the ground (wider than this many times its height) is a pool of light, not a lamp.
FLAT_SPILL = 4.0
MAX_HALOS = 24
MIN_LIGHT_VALUE = 0.75
HALO_ALPHA = 0.32
# The halo's disc at most this share of the frame's width (its glow reaches 2.5 times as far).
MAX_HALO_RADIUS = 0.06
# The halo's disc, as a multiple of the light's half-size; the circle's own glow (no blur: a lamp that
# flickers redraws its halo every frame) fades it out to 2.5 times that.
HALO_REACH = 0.9


def lights_of(layers: list[LayerIR], objects, frame: Box) -> set[str]:
    """Ids of the shot's small lights: bright layers that are not in the sky (the sun, the moon and the
    stars glow on their own) nor the spill of another light."""
    facts = group_facts(layers, objects)
    out = set()
    for layer in layers:
        category = facts.get(layer.group, (None, False, False))[0]
        words = set(own_name(layer).split("-"))
        if layer.primitive not in SHAPES or category == "sky" or (SPILL_WORDS | SKY_WORDS) & words:
            continue
        box = extent(layer)
        fill = layer.param("fill")
        if box is None or not is_rgba(fill) or fill[3] < 0.3:
            continue
        w, h = box[2] - box[0], box[3] - box[1]
        if w * h > MAX_LIGHT_AREA * frame.width * frame.height or w > FLAT_SPILL * max(h, 1e-6):
            continue
        # A light is bright (an instance named `street-lamp` also has a dark pole and base).
        if max(fill[:3]) >= MIN_LIGHT_VALUE and (_glows(layer) or _lit_window(layer)):
            out.add(layer.id)
    return out


def with_halos(layers: list[LayerIR], time: TimeOfDay | None, lit: set[str], frame: Box, fps: int) -> list[LayerIR]:
    """`layers` with a halo after each light in `lit`, when `time` has its lamps on."""
    if time is None or not time.lamps or not lit:
        return layers
    # Windows glow through their glass only; lamps, flames and neon spill light around them.
    lamps = [layer for layer in layers if layer.id in lit and not _is_window(layer)]
    chosen = sorted(lamps, key=lambda layer: -(layer.depth or 0.0))[:MAX_HALOS]
    halos = {layer.id: _halo(layer, frame, fps) for layer in chosen}
    out = []
    for layer in layers:
        out.append(layer)
        halo = halos.get(layer.id)
        if halo is not None:
            out.append(halo)
    return out


def _glows(layer: LayerIR) -> bool:
    """A light by what it is (glows, adds or screens itself) or by its own name (`bulb`, `flame`…)."""
    glow = layer.param("glow")
    return layer.blend in (Blend.ADD, Blend.SCREEN) or (isinstance(glow, (int, float)) and glow > 0) or bool(
        LIGHT_WORDS & set(own_name(layer).split("-")))


def _lit_window(layer: LayerIR) -> bool:
    """A window glowing with lamplight (as `scene_light` lights them at night)."""
    if not _is_window(layer):
        return False
    fill = layer.param("fill")
    return is_rgba(fill) and fill[0] > 0.85 and fill[1] > 0.6 and fill[2] < 0.75 * fill[0]


def _is_window(layer: LayerIR) -> bool:
    name = own_name(layer)
    return "window" in name or name.startswith("win-")


def _halo(layer: LayerIR, frame: Box, fps: int) -> LayerIR:
    box = extent(layer)
    fill = layer.param("fill")
    centre = ((box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0)
    half = max(box[2] - box[0], box[3] - box[1]) / 2.0
    given = {"at": (round(centre[0], 3), round(centre[1], 3)),
             "radius": round(min(HALO_REACH * half + 0.004 * frame.width, MAX_HALO_RADIUS * frame.width), 3),
             "fill": (fill[0], fill[1], fill[2], HALO_ALPHA), "glow": 1.0}
    # The halo follows its light: the same place in depth, the same motions and fades; only its
    # opacity track carries over (the others animate the light's own shape).
    tracks = tuple(t for t in layer.tracks if t.property == "opacity")
    return replace(layer, id=f"{layer.id}-halo", primitive=Primitive.CIRCLE,
                   params=primitive_params(Primitive.CIRCLE, given, frame, fps), tracks=tracks,
                   blend=Blend.SCREEN, blur_px=0.0, unlit=None)
