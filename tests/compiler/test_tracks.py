"""Track and camera evaluation."""

from __future__ import annotations

import pytest

from scenec.compiler.easing import ease
from scenec.compiler.plan import CameraTrack, Key, PlanError, ShakePlan, Track, TrackKind
from scenec.compiler.tracks import (
    evaluate, evaluate_camera, lerp_color, oklab_to_srgb, smooth_noise, srgb_to_oklab,
)

RED = (1.0, 0.0, 0.0, 1.0)
GREEN = (0.0, 1.0, 0.0, 1.0)


def test_number_track_at_between_and_outside_keys() -> None:
    track = Track("radius", (Key(10, 2.0, "in-quad"), Key(20, 6.0), Key(30, 4.0)))
    assert evaluate(track, 10) == 2.0
    assert evaluate(track, 20) == 6.0
    assert evaluate(track, 15) == pytest.approx(2.0 + 4.0 * 0.25)  # in-quad at half way
    assert evaluate(track, 25) == pytest.approx(5.0)  # linear from the middle key
    assert evaluate(track, 12.5) == pytest.approx(2.0 + 4.0 * ease("in-quad", 0.25))  # fractional frame
    assert evaluate(track, -40) == 2.0 and evaluate(track, 9.9) == 2.0
    assert evaluate(track, 31) == 4.0 and evaluate(track, 1e6) == 4.0


def test_vecs_and_lists_interpolate_component_wise() -> None:
    track = Track("at", (Key(0, (0.0, 10.0)), Key(4, (8.0, 2.0))))
    assert evaluate(track, 1) == pytest.approx((2.0, 8.0))
    points = Track("points", (Key(0, ((0.0, 0.0), (4.0, 4.0))), Key(2, ((2.0, 0.0), (4.0, 8.0)))))
    assert evaluate(points, 1) == ((1.0, 0.0), (4.0, 6.0))


def test_integer_and_step_tracks() -> None:
    count = Track("count", (Key(0, 10), Key(4, 20)), TrackKind.INTEGER)
    assert evaluate(count, 1) == 12 and isinstance(evaluate(count, 1.3), int)
    align = Track("align", (Key(0, "left"), Key(5, "center")), TrackKind.STEP)
    assert evaluate(align, 4.99) == "left" and evaluate(align, 5) == "center"
    with pytest.raises(PlanError, match="use a step track"):
        Track("font", (Key(0, "sans"), Key(5, "mono")))
    with pytest.raises(PlanError, match="numeric keys of one shape"):
        Track("at", (Key(0, (1.0, 2.0)), Key(5, (1.0, 2.0, 3.0))))


def test_color_midpoint_is_oklab_not_srgb() -> None:
    track = Track("fill", (Key(0, RED), Key(10, GREEN)), TrackKind.COLOR)
    mid = evaluate(track, 5)
    srgb_mid = (0.5, 0.5, 0.0, 1.0)
    assert max(abs(a - b) for a, b in zip(mid, srgb_mid)) > 0.1
    # OKLab keeps the midpoint bright: its lightness is the mean of the ends'.
    lightness = srgb_to_oklab(mid[:3])[0]
    expected = (srgb_to_oklab(RED[:3])[0] + srgb_to_oklab(GREEN[:3])[0]) / 2
    assert lightness == pytest.approx(expected, abs=0.01)
    assert lightness > srgb_to_oklab(srgb_mid[:3])[0]
    assert evaluate(track, 0) == RED and evaluate(track, 10) == GREEN


def test_color_lists_alpha_and_transparent_ends() -> None:
    colors = Track("colors", (Key(0, (RED, GREEN)), Key(2, (GREEN, RED))), TrackKind.COLOR)
    a, b = evaluate(colors, 1)
    assert a == pytest.approx(b)
    fade_in = lerp_color((0.0, 0.0, 0.0, 0.0), (1.0, 0.5, 0.0, 1.0), 0.5)
    assert fade_in == pytest.approx((1.0, 0.5, 0.0, 0.5), abs=1e-6)  # no detour through black
    with pytest.raises(PlanError, match="rgba 4-tuples"):
        Track("fill", (Key(0, (1.0, 0.0)), Key(2, (0.0, 1.0))), TrackKind.COLOR)


def test_oklab_round_trip() -> None:
    for rgb in [(0.0, 0.0, 0.0), (1.0, 1.0, 1.0), (0.2, 0.6, 0.9), (0.9, 0.1, 0.3)]:
        assert oklab_to_srgb(srgb_to_oklab(rgb)) == pytest.approx(rgb, abs=1e-6)
    assert srgb_to_oklab((1.0, 1.0, 1.0))[0] == pytest.approx(1.0, abs=1e-4)


def test_camera_defaults_are_still() -> None:
    state = evaluate_camera(CameraTrack.still(64, 36), 7, fps=12)
    assert (state.pan_x, state.pan_y, state.zoom, state.roll_deg) == (0.0, 0.0, 1.0, 0.0)
    assert (state.center_x, state.center_y, state.shake_x, state.shake_y) == (32.0, 18.0, 0.0, 0.0)


def test_camera_tracks_and_shake_are_deterministic() -> None:
    camera = CameraTrack(
        focus=(10.0, 20.0),
        pan_x=Track("pan_x", (Key(0, 0.0), Key(10, -0.2))),
        zoom=Track("zoom", (Key(0, 1.0), Key(10, 2.0))),
        shake=(ShakePlan(0.02, 6.0, 0, 40, seed=9),),
    )
    states = [evaluate_camera(camera, f, fps=24) for f in range(40)]
    assert states == [evaluate_camera(camera, f, fps=24) for f in range(40)]
    assert states[5].pan_x == pytest.approx(-0.1) and states[5].zoom == pytest.approx(1.5)
    shakes = [(s.shake_x, s.shake_y) for s in states]
    assert all(abs(x) <= 0.02 and abs(y) <= 0.02 for x, y in shakes)
    assert len({round(x, 9) for x, _ in shakes}) > 20  # it moves
    assert max(abs(x) for x, _ in shakes) > 0.005
    other = CameraTrack(focus=(10.0, 20.0), shake=(ShakePlan(0.02, 6.0, 0, 40, seed=10),))
    assert [evaluate_camera(other, f, fps=24).shake_x for f in range(40)] != [x for x, _ in shakes]
    assert evaluate_camera(camera, 40, fps=24).shake_x == 0.0  # outside its frames
    assert evaluate_camera(camera, -3, fps=24).shake_x == 0.0
    with pytest.raises(PlanError, match="fps must be positive"):
        evaluate_camera(camera, 0, fps=0)


def test_shake_is_smooth() -> None:
    samples = [smooth_noise(3, 0, i / 50) for i in range(500)]
    assert all(-1.0 <= v <= 1.0 for v in samples)
    assert max(abs(a - b) for a, b in zip(samples, samples[1:])) < 0.1
    assert smooth_noise(3, 0, 2.0) == smooth_noise(3, 0, 2.0) != smooth_noise(3, 1, 2.0)
