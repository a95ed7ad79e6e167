"""`camera follow` tracks a drifting layer and, zoomed in, keeps the view on the scene."""

from __future__ import annotations

from scenec.api import compile_text
from scenec.compiler.tracks import evaluate_camera

SOURCE = """
scene "Follow" {
  size 320x180
  fps 10
  shot street medium 4s {
    focus car
    layer sky: gradient(from: #8ecae6, to: #ffb703)
    layer road: rect(at: (50%, 92%), size: (100%, 16%), fill: #3a3a44) depth 0.6
    layer car: car(at: (20%, 84%)) depth 0.7 motion drift(by: (60%, 0%))
    camera follow car over 3s
  }
}
"""


def _view(state, width: float, height: float) -> tuple[float, float, float, float]:
    """The part of the scene on screen (x0, y0, x1, y1) for a camera state, in plan pixels."""
    cx, cy, z = state.center_x, state.center_y, state.zoom
    to_scene = lambda sx, sy: (cx + (sx - cx - state.pan_x * width) / z, cy + (sy - cy - state.pan_y * height) / z)  # noqa: E731
    (x0, y0), (x1, y1) = to_scene(0.0, 0.0), to_scene(width, height)
    return x0, y0, x1, y1


def test_follow_pans_with_the_drift_and_stays_inside_the_frame() -> None:
    plan, check = compile_text(SOURCE)
    assert plan is not None, [d.message for d in check.diagnostics]
    camera = plan.segments[0].camera
    views = [_view(evaluate_camera(camera, f, plan.fps), plan.width, plan.height) for f in range(0, 40, 5)]
    # The car drifts right, so the view does too...
    assert views[-1][0] - views[0][0] > 0.2 * plan.width
    # ...but never past the scene's edges: no road floating over empty sky.
    for x0, y0, x1, y1 in views:
        assert x0 >= -1e-6 and y0 >= -1e-6 and x1 <= plan.width + 1e-6 and y1 <= plan.height + 1e-6
