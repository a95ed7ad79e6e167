"""Drawing one frame of a render plan: segments, layers, transitions, grading.

A frame belongs to one segment; inside a transition window it shows both
segments, each at its own local time (frame - segment.start_frame, which
runs before the segment's start or past its end: tracks hold, motions go
on), blended by the raster's `transition` at progress
(frame - start + 0.5) / (end - start), with the two grades interpolated.

Each segment is the plan's background, then its layers back to front
(`draw_layer`: parameters, tracks, motions, effects, layer transform,
camera with parallax), composited with their blend mode and opacity.

`render_float` returns the composited premultiplied RGBA *before grading*
(after the transition blend); `render` grades it and returns sRGB bytes.

`size` renders at another output size: a scale from plan pixels to output
pixels is composed in front of every layer's transform, so geometry, text,
particle sizes and blur radii all scale with it.

Caching (results never depend on it): per segment, the run of layers at the
bottom of the stack that cannot change over time (`layers.is_static`) under
a still camera is drawn once into a buffer that later frames start from.

Damage tracking: for a segment under a still camera whose grade is per pixel
(no bloom or grain), outside transitions, the static run is also graded and
turned into bytes once (a `_Canvas`); each frame then draws the moving layers
and regrades only the rectangles they cover now or covered in the previous
frame, starting from the static buffer there. Grading a rectangle gives the
same pixels as grading the whole frame, so these frames are the full redraw's
bytes. `render_update` says which rectangles changed since the frame this
renderer returned before, so the encoder converts only those. Elsewhere
(camera moves, transitions, grain, bloom) the whole frame is composited and
graded, except a dissolve or fade between two such shots that are both
ungraded, which mixes their kept bytes (within one level of the float
path). Only the last few segments' caches are kept, so memory does not grow
with the film.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from scenec.compiler.plan import LayerPlan, ParamValue, Plan, PlanError, Segment, TransitionPlan
from scenec.compiler.tracks import CameraState, evaluate_camera
from scenec.lang.limits import MAX_BLUR_SHARE
from scenec.runtime import raster
from scenec.runtime.camera import camera_affine, camera_is_static
from scenec.runtime.grading import compile_grade
from scenec.runtime.layers import (
    DRAWERS, SELF_REVEALING, Args, DrawContext, is_static, layer_centre, layer_values, motion_seed, stable_seed, wipe,
)
from scenec.runtime.motion import time_delta
from scenec.runtime.raster import (
    Affine, FrameUpdate, Grade, Patch, RasterError, Rect, apply_grade, clip_rect, composite, lerp_grade, merge_rects,
    new_frame, to_rgb24, transition,
)
from scenec.runtime.raster.composite import check_blend
from scenec.runtime.raster.transitions import BYTE_TRANSITIONS, transition_rgb24

__all__ = ["FrameError", "FrameRenderer", "LayerScene", "draw_layer", "render_frame"]

# Segments whose caches are kept: the current one and its neighbours across a transition.
_CACHED_SEGMENTS = 3


class FrameError(ValueError):
    """A frame number or output size that cannot be rendered."""


@dataclass(frozen=True, slots=True)
class _Static:
    """A segment's bottom run of unchanging layers, drawn once."""

    count: int  # how many layers from the bottom the frame holds
    frame: np.ndarray  # read-only (4, H, W): background plus those layers

    def whole(self, segment: Segment) -> bool:
        return self.count == len(segment.layers)


@dataclass(slots=True)
class _Canvas:
    """A damage-tracked segment's output bytes, kept between its frames.

    `rgb` holds the graded static layers except inside `drawn`, the clipped
    boxes of the moving layers of the frame drawn last."""

    rgb: np.ndarray  # (H, W, 3) uint8
    drawn: tuple[Rect, ...]


def _check_size(size: tuple[int, int] | None, plan: Plan) -> tuple[int, int]:
    if size is None:
        return (plan.width, plan.height)
    try:
        width, height = size
    except (TypeError, ValueError):
        raise FrameError(f"size must be (width, height), found {size!r}") from None
    if not all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in (width, height)) or width < 1 or height < 1:
        raise FrameError(f"size must be two positive whole numbers of pixels, found {size!r}")
    return (int(width), int(height))


def _modifier(values: dict[str, ParamValue], names: tuple[str, ...], default: float) -> float:
    """A layer modifier (opacity, rotate, ...) animated by a track of one of `names`, else `default`."""
    for name in names:
        if name in values:
            value = values.pop(name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise PlanError(f"{name} must be a number, found {value!r}")
            return float(value)
    return default


@dataclass(frozen=True, slots=True)
class LayerScene:
    """What stays fixed while drawing the layers of a film."""

    plan_size: tuple[int, int]
    screen_size: tuple[int, int]
    to_screen: Affine
    fps: float
    plan_seed: int
    assets_root: str | None = None


def draw_layer(
    layer: LayerPlan, local_frame: float, life_frames: int, camera: CameraState, scene: LayerScene
) -> tuple[Patch | None, float]:
    """The layer's patch on screen at `local_frame` and the opacity to composite it with."""
    values = layer_values(layer, local_frame)
    opacity = _modifier(values, ("opacity",), layer.opacity)
    rotate = _modifier(values, ("rotate", "rotate_deg"), layer.rotate_deg)
    scale = _modifier(values, ("scale",), layer.scale)
    blur_px = _modifier(values, ("blur", "blur_px"), layer.blur_px)
    seed = stable_seed(scene.plan_seed, layer.id)
    delta = time_delta(layer.motions, layer.enter, layer.exit, local_frame, scene.fps, life_frames,
                       motion_seed(scene.plan_seed, layer), scene.plan_size)
    opacity = min(1.0, max(0.0, opacity * delta.opacity))
    scale *= delta.scale
    if opacity <= 0.0 or delta.reveal <= 0.0 or abs(scale) < 1e-6:
        return None, 0.0
    args = Args(layer.primitive, values, scene.plan_size)
    pivot = layer.pivot if layer.pivot is not None else layer_centre(layer.primitive, args)
    own = Affine.translate(delta.dx, delta.dy) @ Affine.rotate(rotate + delta.rotate_deg, about=pivot) @ Affine.scale(scale, about=pivot)
    view = camera_affine(camera, layer.parallax, *scene.plan_size)
    affine = scene.to_screen @ view @ own
    if affine.is_degenerate():
        return None, 0.0
    ctx = DrawContext(scene.screen_size, scene.plan_size, scene.to_screen, local_frame / scene.fps, seed,
                      scene.assets_root, delta.reveal)
    patch = DRAWERS[layer.primitive](args, affine, ctx)
    if layer.primitive not in SELF_REVEALING:
        patch = wipe(patch, delta.reveal)
    if blur_px > 0.0:
        # The blur belongs to the layer, so it grows with zoom and output size like the layer does,
        # up to MAX_BLUR_SHARE of the screen: wider draws the same haze at a quadratic cost.
        patch = raster.blur(patch, min(blur_px * affine.linear_scale(), MAX_BLUR_SHARE * max(scene.screen_size)))
    return patch, opacity


class FrameRenderer:
    """Renders frames of one plan; deterministic, caches only speed it up."""

    def __init__(self, plan: Plan, *, assets_root: str | None = None, size: tuple[int, int] | None = None) -> None:
        self.plan = plan
        width, height = _check_size(size, plan)
        self.size = (width, height)
        to_screen = Affine.scale(width / plan.width, height / plan.height)
        self._scene = LayerScene((plan.width, plan.height), (width, height), to_screen, float(plan.fps), plan.seed, assets_root)
        self._background = new_frame(width, height, plan.background)
        self._background.flags.writeable = False
        self._buffers = (np.empty((4, height, width), np.float32), np.empty((4, height, width), np.float32))
        self._statics: OrderedDict[int, _Static] = OrderedDict()
        self._canvases: OrderedDict[int, _Canvas] = OrderedDict()
        self._grades: dict[int, Grade | None] = {}
        self._last_canvas: int | None = None  # the segment whose canvas gave the previous frame
        self._index = {segment.name: i for i, segment in enumerate(plan.segments)}

    # -- public -------------------------------------------------------------

    def render(self, frame: int) -> np.ndarray:
        """Frame `frame` of the film as graded (H, W, 3) uint8 sRGB, C-contiguous (a fresh array)."""
        return self.render_update(frame).rgb

    def render_update(self, frame: int) -> FrameUpdate:
        """Frame `frame` as `render` draws it, with the rectangles where it may
        differ from the frame this renderer returned before (None: anywhere)."""
        frame = self._check_frame(frame)
        window = self._window(frame)
        si = self.plan.segment_index_at(frame)
        if window is None and self._tracks_damage(si):
            previous, self._last_canvas = self._last_canvas, si
            changed = self._update_canvas(si, frame)
            return FrameUpdate(self._canvases[si].rgb.copy(), changed if previous == si else None)
        self._last_canvas = None
        if window is not None and self._blends_bytes(window):
            ai, bi = self._index[window.from_segment], self._index[window.to_segment]
            self._update_canvas(ai, frame)
            self._update_canvas(bi, frame)
            out = transition_rgb24(window.kind.value, self._canvases[ai].rgb, self._canvases[bi].rgb,
                                   self._progress(window, frame), self._transition_params(window))
            return FrameUpdate(out, None)
        rgba, grade = self._composite(frame, window, si)
        return FrameUpdate(self._finish(rgba, grade, frame), None)

    def render_float(self, frame: int) -> np.ndarray:
        """Frame `frame` as premultiplied (4, H, W) float32 RGBA, before grading (a fresh array)."""
        frame = self._check_frame(frame)
        rgba, _ = self._composite(frame, self._window(frame), self.plan.segment_index_at(frame))
        return rgba.copy()

    # -- frame --------------------------------------------------------------

    def _check_frame(self, frame: int) -> int:
        if isinstance(frame, bool) or not isinstance(frame, int | np.integer):
            raise FrameError(f"frame must be a whole number, found {frame!r}")
        if not 0 <= frame < self.plan.frames:
            raise FrameError(f"frame {frame} is outside the film (0..{self.plan.frames - 1})")
        return int(frame)

    def _window(self, frame: int) -> TransitionPlan | None:
        return next(iter(self.plan.transitions_at(frame)), None)

    def _composite(self, frame: int, window: TransitionPlan | None, si: int) -> tuple[np.ndarray, Grade | None]:
        """The (possibly read-only) composite of the frame and its grade (None for identity)."""
        if window is None:
            return self._segment(si, frame, 0), self._grade(si)
        ai, bi = self._index[window.from_segment], self._index[window.to_segment]
        a = self._segment(ai, frame, 0)
        b = self._segment(bi, frame, 1)
        progress = self._progress(window, frame)
        blended = transition(window.kind.value, a, b, progress, self._transition_params(window))
        ga, gb = self._grade(ai), self._grade(bi)
        if ga is None and gb is None:
            return blended, None
        identity = Grade.identity()
        return blended, lerp_grade(ga or identity, gb or identity, progress)

    @staticmethod
    def _progress(window: TransitionPlan, frame: int) -> float:
        return (frame - window.start_frame + 0.5) / (window.end_frame - window.start_frame)

    def _blends_bytes(self, window: TransitionPlan) -> bool:
        """Both shots are kept as ungraded bytes, and the kind mixes them uniformly."""
        ai, bi = self._index[window.from_segment], self._index[window.to_segment]
        return (window.kind.value in BYTE_TRANSITIONS and self._grade(ai) is None and self._grade(bi) is None
                and self._tracks_damage(ai) and self._tracks_damage(bi))

    def _transition_params(self, window: TransitionPlan) -> dict[str, object]:
        params: dict[str, object] = {}
        if window.direction is not None:
            params["direction"] = window.direction.value
        if window.via is not None:
            params["color"] = window.via
        return params

    def _grade(self, si: int) -> Grade | None:
        if si in self._grades:
            return self._grades[si]
        plan = self.plan.segments[si].grade
        grade = None
        if not plan.is_identity:
            try:
                grade = compile_grade(plan)
            except (PlanError, RasterError) as err:
                raise PlanError(f"segment {self.plan.segments[si].name!r}: {err}", f"segments[{si}].grade") from None
        self._grades[si] = grade
        return grade

    def _finish(self, rgba: np.ndarray, grade: Grade | None, frame: int,
                window: tuple[int, int, int, int] | None = None) -> np.ndarray:
        # Premultiplied colour over black is the colour planes themselves: no flatten pass.
        rgb = rgba[:3]
        if grade is not None:
            rgb = apply_grade(rgb, grade, seed=self.plan.seed, frame_index=frame, window=window)
        return to_rgb24(rgb)

    # -- damage tracking ----------------------------------------------------

    def _tracks_damage(self, si: int) -> bool:
        grade = self._grade(si)
        return camera_is_static(self.plan.segments[si].camera) and (grade is None or grade.is_local())

    def _update_canvas(self, si: int, frame: int) -> tuple[Rect, ...] | None:
        """Bring segment `si`'s canvas to `frame`; the rectangles redrawn, or None for a new canvas."""
        segment = self.plan.segments[si]
        static = self._static(si)
        grade = self._grade(si)
        canvas = self._canvases.get(si)
        fresh = canvas is None
        if canvas is None:
            canvas = _Canvas(self._finish(static.frame, grade, frame), ())
        self._remember(self._canvases, si, canvas)
        local = frame - segment.start_frame
        camera = evaluate_camera(segment.camera, local, self.plan.fps)
        width, height = self.size
        drawn = list(self._patches(si, static.count, local, camera))
        now = tuple(r for r in (clip_rect(p.bbox, width, height) for p, _, _ in drawn) if r is not None)
        changed = merge_rects(now + canvas.drawn)
        for x0, y0, x1, y1 in changed:
            crop = static.frame[:, y0:y1, x0:x1].copy()
            for patch, blend, opacity in drawn:
                composite(crop, Patch(patch.x0 - x0, patch.y0 - y0, patch.data), blend, opacity)
            canvas.rgb[y0:y1, x0:x1] = self._finish(crop, grade, frame, (x0, y0, width, height))
        canvas.drawn = now
        return None if fresh else changed

    # -- segments -----------------------------------------------------------

    def _segment(self, si: int, frame: int, slot: int) -> np.ndarray:
        segment = self.plan.segments[si]
        static = self._static(si)
        if static.whole(segment):
            return static.frame
        local = frame - segment.start_frame
        buffer = self._buffers[slot]
        np.copyto(buffer, static.frame)
        camera = evaluate_camera(segment.camera, local, self.plan.fps)
        self._draw(si, static.count, local, camera, buffer)
        return buffer

    def _draw(self, si: int, first: int, local: float, camera: CameraState, target: np.ndarray, last: int | None = None) -> None:
        for patch, blend, opacity in self._patches(si, first, local, camera, last):
            composite(target, patch, blend, opacity)

    def _patches(self, si: int, first: int, local: float, camera: CameraState,
                 last: int | None = None) -> Iterator[tuple[Patch, str, float]]:
        """(patch, blend mode, opacity) of layers first..last of segment `si`, back to front, drawn."""
        segment = self.plan.segments[si]
        layers = segment.layers[first:last]
        for offset, layer in enumerate(layers):
            try:
                # a shape of near-zero size divides by almost nothing on the way to drawing nothing;
                # numpy's warnings about it would reach the user's terminal as noise
                with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
                    patch, opacity = draw_layer(layer, local, segment.frames, camera, self._scene)
                check_blend(layer.blend.value, opacity)  # here, so a bad one is reported with its layer
            except (PlanError, RasterError) as err:
                message = err.message if isinstance(err, PlanError) else str(err)
                raise PlanError(f"layer {layer.id!r} of segment {segment.name!r}: {message}",
                                f"segments[{si}].layers[{first + offset}]") from None
            if patch is not None:
                yield patch, layer.blend.value, opacity

    def _static(self, si: int) -> _Static:
        if si in self._statics:
            self._statics.move_to_end(si)
            return self._statics[si]
        segment = self.plan.segments[si]
        count = _static_run(segment.layers) if camera_is_static(segment.camera) else 0
        if count == 0:
            frame = self._background
        else:
            frame = self._background.copy()
            camera = evaluate_camera(segment.camera, 0, self.plan.fps)
            self._draw(si, 0, 0, camera, frame, last=count)
            frame.flags.writeable = False
        static = _Static(count, frame)
        self._remember(self._statics, si, static)
        return static

    @staticmethod
    def _remember(cache: OrderedDict, key: int, value: object) -> None:
        cache[key] = value
        while len(cache) > _CACHED_SEGMENTS:
            cache.popitem(last=False)


def _static_run(layers: tuple[LayerPlan, ...]) -> int:
    count = 0
    for layer in layers:
        if not is_static(layer):
            break
        count += 1
    return count


def render_frame(plan: Plan, frame: int, **kw: object) -> np.ndarray:
    """Frame `frame` of `plan` as (H, W, 3) uint8; `kw` as for `FrameRenderer`."""
    return FrameRenderer(plan, **kw).render(frame)  # type: ignore[arg-type]
