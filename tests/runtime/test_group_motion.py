"""A template instance's motions move all its members as one group.

The plan comes from the compiler, since both halves matter: the compiler
seeds an instance's motions by the instance and puts them first on every
member, and the runtime draws members with the instance's motion seed.
"""

from __future__ import annotations

import numpy as np
import pytest

from scenec.api import compile_text
from scenec.compiler.plan import MotionKind, Plan
from scenec.runtime.frame import FrameRenderer
from scenec.runtime.layers import motion_seed
from scenec.runtime.motion import time_delta

# Two halves of a block, red and green, side by side; the green half also
# flickers on its own. The instance wanders, sways and flickers.
SOURCE = """
template pair(at: vec = center, box: vec = (30%, 30%)) {
  layer red: rect(at: (25%, 50%), size: (50%, 100%), fill: #ff0000)
  layer green: rect(at: (75%, 50%), size: (50%, 100%), fill: #00ff00) motion flicker(amount: 10%, speed: 5)
}
scene "Group" {
  size 96x54
  fps 10
  duration 4s
  background #000000
  shot only 4s {
    layer pair: pair(at: (50%, 50%)) motion wander(radius: 20%, speed: 2) motion flicker(amount: 40%, speed: 3)
  }
}
"""

FRAMES = (0, 7, 13, 22, 31, 39)


@pytest.fixture(scope="module")
def plan() -> Plan:
    plan, check = compile_text(SOURCE)
    assert plan is not None, [d.message for d in check.diagnostics]
    return plan


def test_members_share_the_instance_motions_and_seed(plan: Plan) -> None:
    red, green = plan.segments[0].layers
    assert red.group == green.group == "pair"
    instance = tuple((m.kind, m.params, m.seed) for m in red.motions)
    assert [kind for kind, _, _ in instance] == [MotionKind.WANDER, MotionKind.FLICKER]
    assert tuple((m.kind, m.params, m.seed) for m in green.motions[:2]) == instance
    # The green half's own flicker is its own, not the instance's.
    assert green.motions[2].seed != green.motions[1].seed
    assert motion_seed(plan.seed, red) == motion_seed(plan.seed, green)


def test_members_move_by_the_same_offset_at_every_frame(plan: Plan) -> None:
    red, green = plan.segments[0].layers
    deltas = []
    for layer in (red, green):
        deltas.append([time_delta(layer.motions[:2], None, None, f, plan.fps, 40, motion_seed(plan.seed, layer),
                                  (plan.width, plan.height)) for f in FRAMES])
    for a, b in zip(*deltas):
        assert (a.dx, a.dy, a.opacity) == pytest.approx((b.dx, b.dy, b.opacity))
    assert np.ptp([d.dx for d in deltas[0]]) > 2.0  # it does wander


def _centroid(mask: np.ndarray) -> tuple[float, float]:
    ys, xs = np.nonzero(mask)
    assert len(xs) > 20
    return float(xs.mean()), float(ys.mean())


def test_drawn_halves_stay_joined_while_the_pair_wanders(plan: Plan) -> None:
    renderer = FrameRenderer(plan)
    gaps, places = [], []
    for frame in FRAMES:
        rgb = renderer.render(frame).astype(int)
        red = (rgb[..., 0] > 60) & (rgb[..., 1] < 30)
        green = (rgb[..., 1] > 60) & (rgb[..., 0] < 30)
        (rx, ry), (gx, gy) = _centroid(red), _centroid(green)
        gaps.append((gx - rx, gy - ry))
        places.append((rx, ry))
    # The halves keep their distance (half the box, 14.4 px) and level...
    assert np.allclose(gaps, [(14.4, 0.0)] * len(FRAMES), atol=0.75)
    # ...while the pair as a whole moves.
    assert np.ptp([p[0] for p in places]) > 2.0 or np.ptp([p[1] for p in places]) > 2.0


NESTED = """
template pair(at: vec = center, box: vec = (30%, 30%)) {
  layer red: rect(at: (25%, 50%), size: (50%, 100%), fill: #ff0000)
  layer green: rect(at: (75%, 50%), size: (50%, 100%), fill: #00ff00)
}
template tower(at: vec = center, box: vec = (40%, 60%)) {
  layer base: rect(at: (50%, 90%), size: (100%, 20%), fill: #0000ff)
  layer top: pair(at: (50%, 30%), box: (60%, 40%))
}
scene "Nested" {
  size 96x54
  fps 10
  shot only 2s {
    layer t: tower(at: (40%, 50%)) motion sway(angle: 20deg, period: 1s)
  }
}
"""


def test_a_swaying_instance_turns_nested_members_about_its_own_pivot() -> None:
    plan, check = compile_text(NESTED)
    assert plan is not None, [d.message for d in check.diagnostics]
    layers = plan.segments[0].layers
    assert {layer.id for layer in layers} == {"t.base", "t.top.red", "t.top.green"}
    # One pivot for the whole tower, so the nested pair turns with the base instead of about its own centre.
    assert {layer.pivot for layer in layers} == {(38.4, 27.0)}
