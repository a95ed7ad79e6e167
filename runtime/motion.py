"""Continuous motions and enter/exit effects of a layer, as one `Delta` per frame.

A `Delta` is what time does to a layer on top of its parameters: a
translation in plan pixels, a scale and a rotation about the layer's pivot,
an opacity factor and a `reveal` fraction (the `draw` effect). Motions are
closed-form functions of the local time, so a shot rendered past its end
(while a transition runs) keeps moving smoothly; the seeded ones (flicker,
wander) use the same smooth value noise as camera shake, so a plan always
moves the same way. The members of a template instance share one seed
(`layers.motion_seed`) and carry the instance's motions first, at the same
index, so an instance's wander or flicker moves all its members as one.

Units follow the plan: lengths in px, periods in seconds, angles in degrees,
percents as fractions (0.1 = 10%). Effects run over the first (`enter`) and
last (`exit`) frames of the segment: fade ramps opacity, pop scales from 0
with an out-back overshoot, slide-* moves in from (or out to) a frame's
width or height away, draw reveals progressively (see `layers`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scenec.compiler.easing import ease
from scenec.compiler.plan import Effect, EffectKind, MotionKind, MotionPlan, PlanError
from scenec.compiler.tracks import smooth_noise

__all__ = ["Delta", "IDENTITY_DELTA", "effect_delta", "motion_delta", "time_delta"]


@dataclass(frozen=True, slots=True)
class Delta:
    """What motions and effects add to a layer at one frame."""

    dx: float = 0.0
    dy: float = 0.0
    scale: float = 1.0  # multiplies the layer's scale
    rotate_deg: float = 0.0  # adds to the layer's rotation
    opacity: float = 1.0  # multiplies the layer's opacity
    reveal: float = 1.0  # 0..1 of the layer drawn (the `draw` effect)

    def then(self, other: Delta) -> Delta:
        return Delta(
            self.dx + other.dx, self.dy + other.dy, self.scale * other.scale,
            self.rotate_deg + other.rotate_deg, self.opacity * other.opacity, min(self.reveal, other.reveal),
        )


IDENTITY_DELTA = Delta()

_TAU = 2.0 * math.pi


def _number(motion: MotionPlan, name: str, default: float, *, positive: bool = False) -> float:
    value = motion.param(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PlanError(f"motion {motion.kind.value} parameter {name!r} must be a number, found {value!r}")
    if positive and value <= 0:
        raise PlanError(f"motion {motion.kind.value} parameter {name!r} must be > 0, found {value}")
    return float(value)


def _vec(motion: MotionPlan, name: str, default: tuple[float, float]) -> tuple[float, float]:
    value = motion.param(name, default)
    if not (isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int | float) for v in value)):
        raise PlanError(f"motion {motion.kind.value} parameter {name!r} must be a vec (x, y), found {value!r}")
    return (float(value[0]), float(value[1]))


def _angle(scale: float, t_s: float, period: float) -> float:
    """`scale * t_s / period`, or 0 where a vanishing period makes it infinite (a motion too fast
    for any frame to show; sin and cos of infinity would raise)."""
    angle = scale * t_s / period
    return angle if math.isfinite(angle) else 0.0


def _one(motion: MotionPlan, t_s: float, life_frames: int, local_frame: float, fps: float, seed: int) -> Delta:
    kind = motion.kind
    if kind is MotionKind.FLOAT:
        amount, period = _number(motion, "amount", 0.0), _number(motion, "period", 3.0, positive=True)
        return Delta(dy=-amount * math.sin(_angle(_TAU, t_s, period)))
    if kind is MotionKind.DRIFT:
        bx, by = _vec(motion, "by", (0.0, 0.0))
        # Unclamped: past the shot's end (inside a transition) it keeps drifting.
        f = local_frame / max(life_frames, 1)
        return Delta(dx=bx * f, dy=by * f)
    if kind is MotionKind.ORBIT:
        radius, period = _number(motion, "radius", 0.0), _number(motion, "period", 4.0, positive=True)
        a = _angle(_TAU, t_s, period)
        # Around its position, as the language says: the layer sits on the circle.
        return Delta(dx=radius * math.cos(a), dy=radius * math.sin(a))
    if kind is MotionKind.PULSE:
        amount, period = _number(motion, "amount", 0.1), _number(motion, "period", 1.0, positive=True)
        return Delta(scale=1.0 + amount * 0.5 * (1.0 - math.cos(_angle(_TAU, t_s, period))))
    if kind is MotionKind.SPIN:
        return Delta(rotate_deg=_number(motion, "speed", 90.0) * t_s)
    if kind is MotionKind.SWAY:
        angle, period = _number(motion, "angle", 10.0), _number(motion, "period", 2.0, positive=True)
        return Delta(rotate_deg=angle * math.sin(_angle(_TAU, t_s, period)))
    if kind is MotionKind.BOUNCE:
        height, period = _number(motion, "height", 0.0), _number(motion, "period", 1.0, positive=True)
        return Delta(dy=-height * abs(math.sin(_angle(math.pi, t_s, period))))
    if kind is MotionKind.FLICKER:
        amount, speed = _number(motion, "amount", 0.3), _number(motion, "speed", 8.0)
        level = 0.5 + 0.5 * smooth_noise(seed, 0, t_s * speed)
        return Delta(opacity=min(1.0, max(0.0, 1.0 - amount * level)))
    if kind is MotionKind.WANDER:
        radius, speed = _number(motion, "radius", 0.0), _number(motion, "speed", 1.0)
        x = t_s * speed
        return Delta(dx=radius * smooth_noise(seed, 0, x), dy=radius * smooth_noise(seed, 1, x))
    raise PlanError(f"unknown motion kind {kind!r}")


def motion_delta(
    motions: tuple[MotionPlan, ...], local_frame: float, fps: float, life_frames: int, seed: int
) -> Delta:
    """The combined delta of `motions` at `local_frame`; `seed` is the layer's motion seed (`layers.motion_seed`)."""
    t_s = local_frame / fps
    delta = IDENTITY_DELTA
    for index, motion in enumerate(motions):
        # Two flickers on one layer must not flicker in lockstep.
        motion_seed = (seed * 31 + motion.seed * 7919 + index) & 0x7FFFFFFF
        delta = delta.then(_one(motion, t_s, life_frames, local_frame, fps, motion_seed))
    return delta


_SLIDES = {
    EffectKind.SLIDE_LEFT: (-1.0, 0.0),
    EffectKind.SLIDE_RIGHT: (1.0, 0.0),
    EffectKind.SLIDE_UP: (0.0, -1.0),
    EffectKind.SLIDE_DOWN: (0.0, 1.0),
}


def effect_delta(effect: Effect, shown: float, entering: bool, frame_size: tuple[float, float]) -> Delta:
    """The delta of an effect that is `shown` (0 invisible .. 1 done) of the way in.

    Slides travel in their named direction: `enter slide-left` comes in from
    the right moving left, `exit slide-left` leaves towards the left.
    """
    shown = min(1.0, max(0.0, shown))
    kind = effect.kind
    if kind is EffectKind.FADE:
        return Delta(opacity=ease("in-out-sine", shown))
    if kind is EffectKind.POP:
        return Delta(scale=ease("out-back", shown))
    if kind is EffectKind.DRAW:
        return Delta(reveal=ease("in-out-sine", shown))
    if kind in _SLIDES:
        ux, uy = _SLIDES[kind]
        # Eased in time: entering decelerates into place, exiting accelerates away.
        away = 1.0 - ease("out-cubic", shown) if entering else ease("in-cubic", 1.0 - shown)
        # Entering, the layer starts a frame behind its direction of travel; exiting, ahead.
        sign = -1.0 if entering else 1.0
        return Delta(dx=sign * ux * away * frame_size[0], dy=sign * uy * away * frame_size[1])
    raise PlanError(f"unknown effect kind {kind!r}")


def time_delta(
    motions: tuple[MotionPlan, ...], enter: Effect | None, exit: Effect | None,
    local_frame: float, fps: float, life_frames: int, seed: int, frame_size: tuple[float, float],
) -> Delta:
    """Motions, then the enter and exit effects, of a layer at `local_frame`.

    Enter runs over local frames [0, enter.frames]: invisible at 0, done at
    `frames`. Exit mirrors it, gone on the segment's last frame.
    """
    delta = motion_delta(motions, local_frame, fps, life_frames, seed)
    if enter is not None:
        delta = delta.then(effect_delta(enter, local_frame / enter.frames, True, frame_size))
    if exit is not None:
        delta = delta.then(effect_delta(exit, (life_frames - 1 - local_frame) / exit.frames, False, frame_size))
    return delta
