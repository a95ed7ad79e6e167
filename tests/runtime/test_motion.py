"""Continuous motions and enter/exit effects, as deltas and as drawn frames."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenec.compiler.plan import (
    CameraTrack, Effect, EffectKind, LayerPlan, MotionKind, MotionPlan, Plan, PlanError, Primitive, Segment,
)
from scenec.runtime.frame import FrameRenderer
from scenec.runtime.motion import effect_delta, motion_delta, time_delta

FPS = 10


def delta(kind: MotionKind, frame: float, life: int = 40, seed: int = 3, **params):
    return motion_delta((MotionPlan(kind, tuple(params.items())),), frame, FPS, life, seed)


def test_float_moves_vertically_and_returns() -> None:
    quarter = delta(MotionKind.FLOAT, 7.5, amount=4.0, period=3.0)
    assert quarter.dy == pytest.approx(-4.0) and quarter.dx == 0.0
    assert delta(MotionKind.FLOAT, 30, amount=4.0, period=3.0).dy == pytest.approx(0.0, abs=1e-9)


def test_drift_covers_by_over_the_life_and_continues() -> None:
    assert (delta(MotionKind.DRIFT, 40, by=(20.0, -8.0)).dx, delta(MotionKind.DRIFT, 40, by=(20.0, -8.0)).dy) == pytest.approx((20.0, -8.0))
    assert delta(MotionKind.DRIFT, 60, by=(20.0, 0.0)).dx == pytest.approx(30.0)


def test_orbit_circles_its_position() -> None:
    points = [delta(MotionKind.ORBIT, f, radius=5.0, period=4.0) for f in range(0, 40, 3)]
    assert all(math.hypot(p.dx, p.dy) == pytest.approx(5.0) for p in points)
    assert len({(round(p.dx, 3), round(p.dy, 3)) for p in points}) == len(points)


@pytest.mark.parametrize("kind", [MotionKind.FLOAT, MotionKind.ORBIT, MotionKind.PULSE, MotionKind.SWAY,
                                  MotionKind.BOUNCE])
def test_a_vanishing_period_holds_the_motion_at_its_start_instead_of_failing(kind) -> None:
    # Found by fuzzing: a period of almost nothing (`1e-320s`) made the angle infinite and math.cos raised (a render failure).
    moved = delta(kind, 7.0, period=1e-320, amount=2.0, radius=3.0, angle=10.0, height=4.0)
    assert all(math.isfinite(v) for v in (moved.dx, moved.dy, moved.scale, moved.rotate_deg, moved.opacity))
    assert moved == delta(kind, 0.0, period=1e-320, amount=2.0, radius=3.0, angle=10.0, height=4.0)


def test_pulse_spin_sway_bounce() -> None:
    assert delta(MotionKind.PULSE, 0, amount=0.2, period=1.0).scale == pytest.approx(1.0)
    assert delta(MotionKind.PULSE, 5, amount=0.2, period=1.0).scale == pytest.approx(1.2)
    assert delta(MotionKind.SPIN, 20, speed=90.0).rotate_deg == pytest.approx(180.0)
    assert delta(MotionKind.SWAY, 5, angle=10.0, period=2.0).rotate_deg == pytest.approx(10.0)
    hops = [delta(MotionKind.BOUNCE, f, height=6.0, period=1.0).dy for f in range(21)]
    assert max(hops) <= 0.0 and min(hops) == pytest.approx(-6.0) and hops[10] == pytest.approx(0.0, abs=1e-9)


def test_flicker_and_wander_are_seeded_smooth_and_bounded() -> None:
    flick = [delta(MotionKind.FLICKER, f, amount=0.5, speed=8.0).opacity for f in range(40)]
    assert all(0.5 <= o <= 1.0 for o in flick) and np.ptp(flick) > 0.1
    assert flick == [delta(MotionKind.FLICKER, f, amount=0.5, speed=8.0).opacity for f in range(40)]
    assert flick != [delta(MotionKind.FLICKER, f, seed=4, amount=0.5, speed=8.0).opacity for f in range(40)]
    walk = [delta(MotionKind.WANDER, f / 4, radius=5.0, speed=1.0) for f in range(160)]
    steps = [math.hypot(b.dx - a.dx, b.dy - a.dy) for a, b in zip(walk, walk[1:])]
    assert all(abs(p.dx) <= 5.0 and abs(p.dy) <= 5.0 for p in walk) and max(steps) < 0.5


def test_motions_combine() -> None:
    both = motion_delta((MotionPlan(MotionKind.SPIN, (("speed", 90.0),)), MotionPlan(MotionKind.PULSE, (("amount", 0.2),))),
                        5, FPS, 40, 0)
    assert both.rotate_deg == pytest.approx(45.0) and both.scale == pytest.approx(1.2)


def test_bad_motion_params_are_plain_errors() -> None:
    with pytest.raises(PlanError, match="period"):
        delta(MotionKind.FLOAT, 0, period=0.0)
    with pytest.raises(PlanError, match="'amount' must be a number"):
        delta(MotionKind.FLOAT, 0, amount="lots")


def test_effects() -> None:
    size = (64.0, 36.0)
    fade = Effect(EffectKind.FADE, 4)
    assert effect_delta(fade, 0.0, True, size).opacity == 0.0 and effect_delta(fade, 1.0, True, size).opacity == 1.0
    pop = [effect_delta(Effect(EffectKind.POP, 10), s / 10, True, size).scale for s in range(11)]
    assert pop[0] == 0.0 and max(pop) > 1.05 and pop[-1] == 1.0
    enter = effect_delta(Effect(EffectKind.SLIDE_LEFT, 5), 0.0, True, size)
    leave = effect_delta(Effect(EffectKind.SLIDE_UP, 5), 0.0, False, size)
    assert enter.dx == pytest.approx(64.0) and leave.dy == pytest.approx(-36.0)
    assert effect_delta(Effect(EffectKind.DRAW, 5), 0.5, True, size).reveal == pytest.approx(0.5)
    both = time_delta((), Effect(EffectKind.FADE, 4), Effect(EffectKind.FADE, 4), 0, FPS, 20, 0, size)
    assert both.opacity == 0.0
    assert time_delta((), Effect(EffectKind.FADE, 4), Effect(EffectKind.FADE, 4), 10, FPS, 20, 0, size).opacity == 1.0
    assert time_delta((), None, Effect(EffectKind.FADE, 4), 19, FPS, 20, 0, size).opacity == 0.0


def render(motion: MotionPlan, frames=(0, 5)) -> list[np.ndarray]:
    bar = LayerPlan("bar", Primitive.RECT, params=(("at", (32.0, 18.0)), ("size", (24.0, 6.0)), ("fill", (1.0, 0.0, 0.0, 1.0))),
                    motions=(motion,))
    seg = Segment(name="s", start_frame=0, end_frame=20, layers=(bar,), camera=CameraTrack.still(64, 36))
    renderer = FrameRenderer(Plan(width=64, height=36, fps=FPS, frames=20, seed=1, segments=(seg,)))
    return [renderer.render(f)[..., 0] > 128 for f in frames]


def test_drawn_spin_float_and_pulse() -> None:
    still, turned = render(MotionPlan(MotionKind.SPIN, (("speed", 180.0),)))  # 90 degrees at frame 5
    assert np.ptp(np.nonzero(still)[1]) > np.ptp(np.nonzero(still)[0])
    assert np.ptp(np.nonzero(turned)[0]) > np.ptp(np.nonzero(turned)[1])
    low, high = render(MotionPlan(MotionKind.FLOAT, (("amount", 5.0), ("period", 2.0))))
    assert np.nonzero(high)[0].mean() == pytest.approx(np.nonzero(low)[0].mean() - 5.0, abs=0.5)
    assert np.nonzero(high)[1].mean() == pytest.approx(np.nonzero(low)[1].mean(), abs=0.5)
    small, big = render(MotionPlan(MotionKind.PULSE, (("amount", 0.5), ("period", 1.0))))
    assert big.sum() == pytest.approx(2.25 * small.sum(), rel=0.15)
