"""Dispatch from a layer's `Primitive` to the raster function that draws it.

`DRAWERS` maps each primitive to a function taking the layer's evaluated
parameters (names as in LANGUAGE.md section 6, values resolved to plan
pixels, rgba tuples and degrees), the full scene-to-screen `Affine` and a
`DrawContext` (time, seed, reveal, sizes). Parameters the plan leaves out
take the language's defaults, relative to the plan's frame. A color with
zero alpha is `none` (no paint).

The `draw` effect's `reveal` fraction draws lines and paths progressively
along their length; every other primitive is wiped in left to right across
its on-screen box (`wipe`; the box is clipped to the screen, so a layer
partly off-screen is wiped across its visible part).

Also here: a layer's parameters at a frame (`layer_values`: constants
overridden by tracks), whether it can change over time (`is_static`, for
caching) and its stable per-layer seed.

Full-frame fills (gradient, noise) size themselves from the frame they are
drawn into, so when the output size differs from the plan's they are drawn
in "screen-scaled scene" units: the affine is conjugated by the output
scale (`DrawContext.full_frame`) and lengths are scaled with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scenec.compiler.plan import LayerPlan, ParamValue, PlanError, Primitive
from scenec.compiler.plan_kinds import SELF_REVEALING as PLAN_SELF_REVEALING
from scenec.compiler.tracks import evaluate
from scenec.runtime import raster
from scenec.runtime.raster.image import asset_path
from scenec.runtime.camera import track_is_constant
from scenec.runtime.raster import Affine, Patch
from scenec.runtime.raster.polys import smooth_points

__all__ = [
    "DRAWERS", "SELF_REVEALING", "Args", "DrawContext", "is_static", "layer_centre", "layer_values", "motion_seed",
    "stable_seed", "wipe",
]

WHITE = (1.0, 1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class DrawContext:
    """What a drawer needs besides the parameters and the affine."""

    screen_size: tuple[int, int]  # output pixels
    plan_size: tuple[int, int]  # the plan's frame, in which parameters are given
    to_screen: Affine  # plan pixels to output pixels (a pure scale)
    t_s: float  # local time in seconds, for particles and noise
    seed: int  # the layer's seed
    assets_root: str | None = None
    reveal: float = 1.0

    def full_frame(self, affine: Affine) -> Affine:
        """The affine for a fill sized by the frame it is drawn into (see module doc)."""
        return affine @ self.to_screen.inverse()

    @property
    def length_scale(self) -> float:
        return self.to_screen.linear_scale()


class Args:
    """Typed access to a layer's evaluated parameters, with language defaults."""

    def __init__(self, primitive: Primitive, values: dict[str, ParamValue], plan_size: tuple[int, int]) -> None:
        self.primitive = primitive
        self.values = values
        self.width, self.height = plan_size

    def _fail(self, name: str, expected: str, value: object) -> PlanError:
        return PlanError(f"{self.primitive.value} parameter {name!r} must be {expected}, found {value!r}")

    def _get(self, name: str, default: object) -> object:
        value = self.values.get(name, default)
        if value is None:
            raise PlanError(f"{self.primitive.value} needs the parameter {name!r}")
        return value

    def number(self, name: str, default: float | None = None) -> float:
        value = self._get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(name, "a number", value)
        return float(value)

    def length(self, name: str, fraction_of_short_side: float) -> float:
        """A length in px; the default is a fraction of the frame's shorter side."""
        return self.number(name, fraction_of_short_side * min(self.width, self.height))

    def vec(self, name: str, default: tuple[float, float] | None = None) -> tuple[float, float]:
        value = self._get(name, default)
        if not (isinstance(value, tuple) and len(value) == 2 and all(_is_num(v) for v in value)):
            raise self._fail(name, "a vec (x, y)", value)
        return (float(value[0]), float(value[1]))

    def at(self, name: str = "at") -> tuple[float, float]:
        return self.vec(name, (self.width / 2.0, self.height / 2.0))

    def points(self, name: str, minimum: int) -> np.ndarray:
        value = self._get(name, None)
        if not (isinstance(value, tuple) and len(value) >= minimum
                and all(isinstance(p, tuple) and len(p) == 2 and all(_is_num(v) for v in p) for p in value)):
            raise self._fail(name, f"a list of at least {minimum} vecs", value)
        return np.asarray(value, dtype=np.float64)

    def color(self, name: str, default: tuple[float, ...] | None = WHITE) -> tuple[float, ...] | None:
        """An rgba tuple, or None for no paint (absent without default, or zero alpha)."""
        value = self.values.get(name, default)
        if value is None:
            return None
        if not (isinstance(value, tuple) and len(value) in (3, 4) and all(_is_num(v) for v in value)):
            raise self._fail(name, "an rgba color", value)
        return None if len(value) == 4 and value[3] == 0 else tuple(float(v) for v in value)

    def required_color(self, name: str) -> tuple[float, ...]:
        value = self._get(name, None)
        if not (isinstance(value, tuple) and len(value) in (3, 4) and all(_is_num(v) for v in value)):
            raise self._fail(name, "an rgba color", value)
        return tuple(float(v) for v in value)

    def colors(self, name: str) -> tuple[tuple[float, ...], ...]:
        value = self.values.get(name, ())
        if not (isinstance(value, tuple) and all(isinstance(c, tuple) and len(c) in (3, 4) for c in value)):
            raise self._fail(name, "a list of rgba colors", value)
        return value  # type: ignore[return-value]

    def word(self, name: str, default: str | None = None) -> str:
        value = self._get(name, default)
        if not isinstance(value, str):
            raise self._fail(name, "a string", value)
        return value

    def flag(self, name: str, default: bool) -> bool:
        value = self._get(name, default)
        if not isinstance(value, bool):
            raise self._fail(name, "true or false", value)
        return value

    def integer(self, name: str, default: int) -> int:
        value = self.number(name, default)
        if value != int(value):
            raise self._fail(name, "a whole number", value)
        return int(value)

    def area(self) -> tuple[float, float, float, float]:
        value = self._get("area", ((0.0, 0.0), (float(self.width), float(self.height))))
        if not (isinstance(value, tuple) and len(value) == 2 and all(isinstance(p, tuple) and len(p) == 2 for p in value)):
            raise self._fail("area", "a pair of vecs (top-left, bottom-right)", value)
        (x0, y0), (x1, y1) = value
        return (float(x0), float(y0), float(x1), float(y1))


def _is_num(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


Drawer = Callable[[Args, Affine, DrawContext], "Patch | None"]


def _rect(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    return raster.rect(ctx.screen_size, a.at(), a.vec("size", (0.2 * a.width, 0.2 * a.height)), fill=a.color("fill"),
                       stroke=a.color("stroke", None), stroke_width=a.number("stroke-width", 0.0),
                       radius=a.number("radius", 0.0), affine=affine)


def _circle(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    return raster.circle(ctx.screen_size, a.at(), a.length("radius", 0.1), fill=a.color("fill"),
                         stroke=a.color("stroke", None), stroke_width=a.number("stroke-width", 0.0),
                         glow=a.number("glow", 0.0), affine=affine)


def _ellipse(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    return raster.ellipse(ctx.screen_size, a.at(), a.vec("size", (0.2 * a.width, 0.1 * a.height)), fill=a.color("fill"),
                          stroke=a.color("stroke", None), stroke_width=a.number("stroke-width", 0.0), affine=affine)


def _polygon(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    return raster.polygon(ctx.screen_size, a.points("points", 3), fill=a.color("fill"), stroke=a.color("stroke", None),
                          stroke_width=a.number("stroke-width", 0.0), affine=affine)


def _star(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    return raster.star(ctx.screen_size, a.at(), a.length("radius", 0.08), points=a.integer("points", 5),
                       inner=a.number("inner", 0.5), fill=a.color("fill"), stroke=a.color("stroke", None),
                       stroke_width=a.number("stroke-width", 0.0), affine=affine)


def _partial(points: np.ndarray, reveal: float) -> np.ndarray:
    """The first `reveal` (0..1) of a polyline, by arc length."""
    if reveal >= 1.0:
        return points
    seg = np.hypot(*np.diff(points, axis=0).T)
    total = float(seg.sum())
    if total == 0.0:
        return points
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    target = reveal * total
    i = int(np.searchsorted(cum, target, side="right")) - 1
    i = min(max(i, 0), len(seg) - 1)
    f = 0.0 if seg[i] == 0 else (target - cum[i]) / seg[i]
    tip = points[i] + (points[i + 1] - points[i]) * f
    return np.vstack([points[: i + 1], tip[None]])


def _line(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    pts = _partial(np.array([a.vec("from"), a.vec("to")]), ctx.reveal)
    return raster.line(ctx.screen_size, pts[0], pts[-1], width=a.number("width", 2.0), color=a.color("color"), affine=affine)


def _path(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    pts = a.points("points", 2)
    smooth = a.flag("smooth", False)
    if smooth and ctx.reveal < 1.0:
        # Smooth first (as the raster would), so the partial stroke follows the final curve.
        span_px = float(np.max(np.hypot(*np.diff(pts, axis=0).T))) * affine.linear_scale()
        pts, smooth = smooth_points(pts, int(np.clip(span_px / 6.0, 4, 32))), False
    pts = _partial(pts, ctx.reveal)
    return raster.path(ctx.screen_size, pts, width=a.number("width", 2.0), color=a.color("color"),
                       smooth=smooth, affine=affine)


def _text(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    return raster.text(ctx.screen_size, a.word("content"), a.at(), a.length("size", 0.06), color=a.color("color"),
                       font=a.word("font", "sans"), align=a.word("align", "center"), weight=a.word("weight", "normal"),
                       affine=affine)


def _gradient(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    return raster.gradient(ctx.screen_size, a.required_color("from"), a.required_color("to"),
                           a.number("angle", 90.0), affine=ctx.full_frame(affine))


def _radial(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    # radial takes its geometry from its parameters only, so the plain affine serves.
    return raster.radial(ctx.screen_size, a.at("center"), a.required_color("inner"), a.required_color("outer"),
                         a.number("radius", 0.75 * min(a.width, a.height)), affine=affine)


def _noise(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    return raster.noise(ctx.screen_size, a.word("kind", "clouds"), a.length("size", 0.2) * ctx.length_scale,
                        a.integer("octaves", 4), a.colors("colors"), a.number("speed", 0.1), ctx.t_s, ctx.seed,
                        affine=ctx.full_frame(affine))


def _particles(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    return raster.particles(ctx.screen_size, a.word("kind"), a.integer("count", 100), a.color("color") or (0, 0, 0, 0),
                            a.length("size", 0.005), a.number("speed", 1.0), a.area(), ctx.t_s, ctx.seed, affine=affine)


def _image(a: Args, affine: Affine, ctx: DrawContext) -> Patch | None:
    full = asset_path(ctx.assets_root, a.word("path"))
    return raster.image(ctx.screen_size, full, a.at(), a.vec("size", (float(a.width), float(a.height))),
                        fit=a.word("fit", "contain"), affine=affine)


DRAWERS: dict[Primitive, Drawer] = {
    Primitive.RECT: _rect,
    Primitive.CIRCLE: _circle,
    Primitive.ELLIPSE: _ellipse,
    Primitive.POLYGON: _polygon,
    Primitive.STAR: _star,
    Primitive.LINE: _line,
    Primitive.PATH: _path,
    Primitive.TEXT: _text,
    Primitive.GRADIENT: _gradient,
    Primitive.RADIAL: _radial,
    Primitive.NOISE: _noise,
    Primitive.PARTICLES: _particles,
    Primitive.IMAGE: _image,
}

# Primitives that draw the `draw` effect themselves (along their length): a fact of the plan's vocabulary.
SELF_REVEALING = PLAN_SELF_REVEALING


def layer_centre(primitive: Primitive, a: Args) -> tuple[float, float]:
    """The default pivot of rotation and scale: the primitive's own centre."""
    if primitive in (Primitive.POLYGON, Primitive.PATH):
        pts = a.points("points", 2)
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        return (float(lo[0] + hi[0]) / 2.0, float(lo[1] + hi[1]) / 2.0)
    if primitive is Primitive.LINE:
        (x0, y0), (x1, y1) = a.vec("from"), a.vec("to")
        return ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
    if primitive is Primitive.RADIAL:
        return a.at("center")
    if primitive is Primitive.PARTICLES:
        x0, y0, x1, y1 = a.area()
        return ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
    if primitive in (Primitive.GRADIENT, Primitive.NOISE):
        return (a.width / 2.0, a.height / 2.0)
    return a.at()


def wipe(patch: Patch | None, reveal: float) -> Patch | None:
    """`patch` revealed left to right over its box by `reveal` (0..1), with a soft edge."""
    if patch is None or reveal >= 1.0:
        return patch
    if reveal <= 0.0:
        return None
    w = patch.width
    soft = max(2.0, 0.05 * w)
    edge = reveal * (w + soft) - soft / 2.0
    cols = np.arange(w, dtype=np.float32) + np.float32(0.5)
    mask = np.clip((np.float32(edge) - cols) / np.float32(soft) + np.float32(0.5), 0.0, 1.0)
    if not mask.any():
        return None
    return Patch(patch.x0, patch.y0, patch.data * mask[None, None, :])


def stable_seed(plan_seed: int, layer_id: str) -> int:
    """A 31-bit seed from the plan's seed and the layer's id, the same in every process."""
    h = 0xCBF29CE484222325  # FNV-1a: Python's hash() of a str changes between runs.
    for byte in layer_id.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return int((h ^ (int(plan_seed) * 0x9E3779B97F4A7C15)) & 0x7FFFFFFF)


def motion_seed(plan_seed: int, layer: LayerPlan) -> int:
    """The seed of a layer's motions: its template instance's, so the instance's motions move its members as one."""
    return stable_seed(plan_seed, layer.group or layer.id)


def layer_values(layer: LayerPlan, local_frame: float) -> dict[str, ParamValue]:
    """Constant parameters overridden by the layer's tracks at `local_frame`."""
    values = dict(layer.params)
    for track in layer.tracks:
        values[track.property] = evaluate(track, local_frame)
    return values


def is_static(layer: LayerPlan) -> bool:
    """Whether the layer looks the same on every frame under a still camera."""
    if layer.motions or layer.enter is not None or layer.exit is not None:
        return False
    if not all(track_is_constant(track) for track in layer.tracks):
        return False
    if layer.primitive is Primitive.PARTICLES:
        return False
    if layer.primitive is Primitive.NOISE:
        speed = layer_values(layer, 0).get("speed", 0.1)
        return speed == 0
    return True
