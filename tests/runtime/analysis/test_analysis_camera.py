"""Camera moves measured on synthetic camera moves over a seeded texture."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_films import W, H, texture, view

from scenec.runtime.analysis import analyze
from scenec.runtime.analysis.camera import Step, camera_stretches
from scenec.runtime.analysis.intent import dominant_move
from scenec.runtime.analysis.motion import PairMotion, estimate, motion_gray

FPS = 25
FRAMES = 30
BIG = texture(3, 400, 600)


def _moves(analysis) -> list[str]:
    return [c.move for c in analysis.camera]


@pytest.mark.parametrize(
    ("name", "shot", "move", "magnitude"),
    [
        # The view slides right, so content moves left: a pan to the right.
        ("pan-right", lambda t: view(BIG, 300 + 1.5 * t, 200), "pan-right", 1.5 / W * FPS),
        ("pan-left", lambda t: view(BIG, 300 - 2.0 * t, 200), "pan-left", 2.0 / W * FPS),
        # The view rises, so content moves down: a tilt up (magnitude in heights per second).
        ("tilt-up", lambda t: view(BIG, 300, 200 - 1.5 * t), "tilt-up", 1.5 / H * FPS),
        ("tilt-down", lambda t: view(BIG, 300, 200 + 1.2 * t), "tilt-down", 1.2 / H * FPS),
        ("zoom-in", lambda t: view(BIG, 300, 200, 1.02**t), "zoom-in", 1.02**FPS),
        ("zoom-out", lambda t: view(BIG, 300, 200, 1.02**-t), "zoom-out", 1.02**-FPS),
        ("roll", lambda t: view(BIG, 300, 200, 1.0, 1.0 * t), "roll", 1.0 * FPS),
        ("static", lambda t: view(BIG, 300, 200), "static", 0.0),
    ],
)
def test_single_move_is_recognised_with_its_magnitude(film, name, shot, move, magnitude):
    analysis = analyze(film([shot(t) for t in range(FRAMES)], fps=FPS))
    assert _moves(analysis) == [move]
    stretch = analysis.camera[0]
    assert (stretch.start_frame, stretch.end_frame) == (0, FRAMES)
    if move == "static":
        assert stretch.magnitude == 0.0
    elif move.startswith("zoom"):
        # Compare zoom rates on the log scale: 15 % of the per-second log-scale.
        assert abs(np.log(stretch.magnitude) - np.log(magnitude)) <= 0.15 * abs(np.log(magnitude))
    else:
        assert stretch.magnitude == pytest.approx(magnitude, rel=0.15)


def test_shake_is_back_and_forth_without_travel(film):
    rng = np.random.default_rng(7)
    # A hand-held jolt: the view swings to alternate sides by uneven amounts.
    sides = np.array([[(-1) ** t, (-1) ** (t // 2)] for t in range(FRAMES)])
    jitter = sides * rng.uniform(1.5, 4.0, size=(FRAMES, 2))
    frames = [view(BIG, 300 + jitter[t, 0], 200 + jitter[t, 1]) for t in range(FRAMES)]
    assert _moves(analyze(film(frames, fps=FPS))) == ["shake"]


def test_moves_split_into_stretches_in_order(film):
    frames = [view(BIG, 300 - 2.0 * t, 200) for t in range(15)]
    frames += [view(BIG, 270, 200 + 1.5 * t) for t in range(1, 16)]
    analysis = analyze(film(frames, fps=FPS))
    assert _moves(analysis) == ["pan-left", "tilt-down"]
    assert analysis.camera[0].start_frame == 0 and analysis.camera[-1].end_frame == 30
    assert abs(analysis.camera[1].start_frame - 15) <= 2
    assert dominant_move(analysis, 0, 15) == "pan-left"


def test_estimate_recovers_subpixel_translation():
    a = view(BIG, 300, 200)
    b = view(BIG, 300 - 0.3, 200 + 0.7)
    m = estimate(motion_gray(a), motion_gray(b))
    assert m.dx == pytest.approx(0.3, abs=0.1)
    assert m.dy == pytest.approx(-0.7, abs=0.1)
    assert m.scale == pytest.approx(1.0, abs=0.005)


def test_stretches_never_cross_a_cut():
    still = PairMotion(dx=0.0, dy=0.0, scale=1.0, roll_deg=0.0, peak=1.0, width=160, height=90)
    steps = [Step(i, i + 1, 0.04, still) for i in range(19)]
    stretches = camera_stretches(steps, [10], 20)
    assert [(s.start_frame, s.end_frame, s.move) for s in stretches] == [(0, 10, "static"), (10, 20, "static")]


def test_moving_subject_does_not_move_a_still_camera(film):
    ys, xs = np.mgrid[0:H, 0:W]
    background = np.stack([xs * 1.5, ys * 2.0, np.full_like(xs, 100)], axis=-1).astype(np.uint8)
    frames = []
    for t in range(FRAMES):
        frame = background.copy()
        frame[40:55, 20 + 3 * t : 35 + 3 * t] = (250, 250, 30)
        frames.append(frame)
    assert _moves(analyze(film(frames, fps=FPS))) == ["static"]


def test_grain_does_not_move_a_still_camera(film):
    rng = np.random.default_rng(0)
    still = view(texture(5, 400, 600, block=12), 300, 200).astype(np.int16)
    frames = [np.clip(still + rng.normal(0, 25, still.shape), 0, 255).astype(np.uint8) for _ in range(FRAMES)]
    analysis = analyze(film(frames, fps=FPS))
    assert _moves(analysis) == ["static"] and analysis.cuts == ()
