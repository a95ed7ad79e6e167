"""Camera transforms per layer, and the still-camera test used by caching."""

from __future__ import annotations

import pytest

from scenec.compiler.plan import CameraTrack, Key, ShakePlan, Track
from scenec.compiler.tracks import CameraState
from scenec.runtime.camera import camera_affine, camera_is_static, track_is_constant


def state(**kw) -> CameraState:
    base = dict(pan_x=0.0, pan_y=0.0, zoom=1.0, roll_deg=0.0, center_x=50.0, center_y=25.0, shake_x=0.0, shake_y=0.0)
    return CameraState(**(base | kw))


def test_still_camera_is_identity() -> None:
    affine = camera_affine(state(), 1.0, 100, 50)
    assert affine.apply(10.0, 20.0) == pytest.approx((10.0, 20.0))


def test_pan_and_shake_offset_content_scaled_by_parallax() -> None:
    camera = state(pan_x=0.1, pan_y=-0.2, shake_x=0.01)
    assert camera_affine(camera, 1.0, 100, 50).apply(0.0, 0.0) == pytest.approx((11.0, -10.0))
    assert camera_affine(camera, 0.5, 100, 50).apply(0.0, 0.0) == pytest.approx((5.5, -5.0))
    assert camera_affine(camera, 0.0, 100, 50).apply(0.0, 0.0) == pytest.approx((0.0, 0.0))


def test_zoom_and_roll_about_the_focus() -> None:
    zoomed = camera_affine(state(zoom=2.0), 1.0, 100, 50)
    assert zoomed.apply(50.0, 25.0) == pytest.approx((50.0, 25.0))
    assert zoomed.apply(60.0, 25.0) == pytest.approx((70.0, 25.0))
    rolled = camera_affine(state(roll_deg=90.0), 1.0, 100, 50)
    assert rolled.apply(60.0, 25.0) == pytest.approx((50.0, 35.0))  # clockwise on screen (y down)


def test_static_detection() -> None:
    assert camera_is_static(CameraTrack.still(64, 36))
    assert camera_is_static(CameraTrack(focus=(1.0, 1.0), zoom=Track("zoom", (Key(0, 1.5), Key(9, 1.5)))))
    assert not camera_is_static(CameraTrack(focus=(1.0, 1.0), pan_x=Track("pan_x", (Key(0, 0.0), Key(9, 0.1)))))
    assert not camera_is_static(CameraTrack(focus=(1.0, 1.0), shake=(ShakePlan(0.01, 8.0, 0, 10),)))
    assert track_is_constant(Track.constant("x", 3.0)) and not track_is_constant(Track("x", (Key(0, 1.0), Key(2, 2.0))))
