"""Looks of the shipped examples that once went wrong, checked on tiny frames.

The lantern halos glow warm (light added to the night, not a grey disc), and
ocean-storm's deck shot is not crushed to black by the storm's grade.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scenec.api import compile_file
from scenec.compiler.options import CompileOptions
from scenec.compiler.plan import Plan
from scenec.compiler.tracks import evaluate_camera
from scenec.runtime.frame import FrameRenderer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LUMA = np.array([0.2126, 0.7152, 0.0722])


def _plan(name: str, size: tuple[int, int]) -> Plan:
    plan, check = compile_file(EXAMPLES / name, options=CompileOptions(size=size))
    assert plan is not None, [d.message for d in check.diagnostics]
    return plan


def _segment(plan: Plan, name: str):
    return next(s for s in plan.segments if s.name == name)


def test_lantern_halo_is_warm_light_not_grey() -> None:
    plan = _plan("lantern-festival.scene", (192, 108))
    seg = _segment(plan, "one-lantern")
    local = (seg.end_frame - seg.start_frame) // 2
    halo = next(layer for layer in seg.layers if layer.id == "l1.halo")
    shell = next(layer for layer in seg.layers if layer.id == "l1.shell")
    cx, cy = halo.param("center") or halo.param("at")  # a radial glow, or a circle
    xs = [x for x, _ in shell.param("points")]
    half_width = (max(xs) - min(xs)) / 2.0
    cam = evaluate_camera(seg.camera, local, plan.fps)
    # Where the halo's centre lands on screen (zoom about the camera's centre, then pan).
    sx = cam.center_x + cam.zoom * (cx - cam.center_x) + cam.pan_x * plan.width
    sy = cam.center_y + cam.zoom * (cy - cam.center_y) + cam.pan_y * plan.height
    rgb = FrameRenderer(plan).render(seg.start_frame + local).astype(float)
    # Just outside either side of the paper shell, inside the halo; and the night far from it.
    off = 1.3 * half_width * cam.zoom
    halo_px = np.array([rgb[round(sy), round(sx - off)], rgb[round(sy), round(sx + off)]]).mean(axis=0)
    night = rgb[4:12, 4:12].reshape(-1, 3).mean(axis=0)
    assert halo_px @ LUMA > night @ LUMA + 15  # brighter
    assert halo_px[0] - halo_px[2] > 20  # warm: more red than blue
    assert halo_px[0] - halo_px[2] > night[0] - night[2] + 20  # warmer than the night around it


@pytest.mark.parametrize("at", [0.1, 0.5, 0.9])
def test_ocean_storm_deck_is_not_black(at: float) -> None:
    plan = _plan("ocean-storm.scene", (160, 90))
    seg = _segment(plan, "deck")
    frame = seg.start_frame + int(at * (seg.end_frame - seg.start_frame))
    rgb = FrameRenderer(plan).render(frame).astype(float)
    assert (rgb @ LUMA).mean() > 25


@pytest.mark.parametrize(("template", "box"), [("lantern", "(12%, 30%)"), ("fire", "(14%, 26%)")])
def test_built_in_lights_add_warm_light_to_the_night(template: str, box: str) -> None:
    from scenec.api import compile_text

    text = (f"scene {{ size 320x180\n fps 4\n shot 1s {{\n layer sky: rect(at: center, size: (100%, 100%), "
            f"fill: #101828)\n layer it: {template}(at: (50%, 50%), box: {box})\n }} }}\n")
    plan, check = compile_text(text)
    assert plan is not None, [d.message for d in check.diagnostics]
    rgb = FrameRenderer(plan).render(0).astype(float)
    night = rgb[4:12, 4:12].reshape(-1, 3).mean(axis=0)
    beside = rgb[90, 160 + 30]  # inside the halo, beside the object's body
    assert beside @ LUMA > night @ LUMA + 8 and beside[0] - beside[2] > night[0] - night[2] + 10
