"""depth: layer depth → parallax factors, and atmospheric haze by depth.

Reads: each layer's `depth` (0 farthest … 1 nearest) where written, the
scene's weather. Produces: a depth for every layer (layers
without one are spread by their order, back to front, between 0.1 and 0.9;
full-frame fills without one sit at 0), a `parallax` factor for every layer
(`0.5 + depth`: a mid-depth layer moves exactly as far as the camera move
says, the far background half as far, the nearest layers half again as
far), bands that span the frame widened so camera moves never show their
ends, and fog: where the weather has fog, the colors of far layers are mixed
toward the weather's sky by `fog × (1 − depth)` (the time of day's own haze,
aerial perspective, is the lighting pass's: `atmosphere.py`).
Guarantees: explicit depths are kept. Emits no diagnostics.
"""

from __future__ import annotations

from dataclasses import replace

from scenec.compiler.context import PassContext
from scenec.compiler.ir import LayerIR, SceneIR
from scenec.lang.concepts import PRIMITIVE_FACTS
from scenec.knowledge import colors, lookup

NAME = "depth"
COLOR_PARAMS = ("fill", "stroke", "color", "from", "to", "inner", "outer")


def parallax_of(depth: float) -> float:
    return round(0.5 + depth, 6)


def run(ir: SceneIR, ctx: PassContext) -> SceneIR:
    shots = []
    for shot in ir.shots:
        weather = lookup.weather(ctx.registry, shot.weather or ir.weather)
        fog, haze = weather.fog, weather.sky_tint
        layers = _spread(shot.layers)
        layers = [_widen_band(layer, shot.camera, ir.width, ir.height) for layer in layers]
        if fog > 0:
            layers = [_hazed(layer, haze, fog) for layer in layers]
        shots.append(replace(shot, layers=tuple(layers)))
    return replace(ir, shots=tuple(shots))


def _spread(layers: tuple[LayerIR, ...]) -> list[LayerIR]:
    # Template members share their group's place in the order.
    order: list[str] = []
    for layer in layers:
        key = layer.group or layer.id
        if key not in order:
            order.append(key)
    count = max(1, len(order) - 1)
    out = []
    for layer in layers:
        depth = layer.depth
        if depth is None:
            if PRIMITIVE_FACTS[layer.primitive].backdrop:
                depth = 0.0
            else:
                depth = 0.1 + 0.8 * order.index(layer.group or layer.id) / count
        depth = round(min(1.0, max(0.0, depth)), 6)
        out.append(replace(layer, depth=depth, parallax=parallax_of(depth)))
    return out


def _reach(track) -> float:
    return max((abs(float(k.value)) for k in track.keys), default=0.0)


def _widen_band(layer: LayerIR, camera, width: int, height: int) -> LayerIR:
    """A band that spans the frame (sea, ground, a strip of sky) must not show its end when the
    camera pans or shakes: widen it by as far as the camera moves this layer."""
    size = layer.param("size")
    if layer.primitive not in ("rect", "ellipse") or camera is None or not isinstance(size, tuple):
        return layer
    shake = sum(s.amount_frac for s in camera.shake)
    zoom_out = max(0.0, 1.0 / min(float(k.value) for k in camera.zoom.keys) - 1.0)
    grow_x = 2.0 * (_reach(camera.pan_x) + shake) * layer.parallax + zoom_out + abs(
        max((abs(float(k.value)) for k in camera.roll_deg.keys), default=0.0)) / 90.0
    grow_y = 2.0 * (_reach(camera.pan_y) + shake) * layer.parallax + zoom_out
    w, h = size
    new_w = w + grow_x * width if w >= 0.98 * width else w
    new_h = h + grow_y * height if h >= 0.98 * height else h
    if (new_w, new_h) == (w, h):
        return layer
    params = tuple((k, (round(new_w, 4), round(new_h, 4)) if k == "size" else v) for k, v in layer.params)
    return replace(layer, params=params)


def _hazed(layer: LayerIR, haze, fog: float) -> LayerIR:
    if PRIMITIVE_FACTS[layer.primitive].backdrop:  # the sky and other backdrops are the atmosphere itself
        return layer
    amount = min(0.85, fog * (1.0 - layer.depth) * 0.8)
    if amount <= 0.005:
        return layer
    params = []
    for name, value in layer.params:
        if name in COLOR_PARAMS and _is_rgba(value):
            value = _mix(value, haze, amount)
        elif name == "colors" and isinstance(value, tuple) and all(_is_rgba(c) for c in value):
            value = tuple(_mix(c, haze, amount) for c in value)
        params.append((name, value))
    # the haze is how the color looks at that distance; the intent keeps the color as written
    return replace(layer, params=tuple(params), unlit=layer.params if layer.unlit is None else layer.unlit)


def _is_rgba(value) -> bool:
    return isinstance(value, tuple) and len(value) == 4 and all(isinstance(c, float) for c in value) \
        and value[3] > 0


def _mix(color, haze, amount: float):
    mixed = colors.mix(color, (haze[0], haze[1], haze[2], color[3]), amount)
    return tuple(round(c, 6) for c in mixed)
