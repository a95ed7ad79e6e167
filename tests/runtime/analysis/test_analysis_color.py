"""Colour figures, the k-means palette and the JSON contract."""

from __future__ import annotations

import json

import numpy as np
import pytest
from analysis_films import H, W, texture

from scenec.runtime.analysis import analyze
from scenec.runtime.analysis.color import color_distance, frame_color, oklab_to_srgb, palette, srgb_to_oklab

CONTRACT_KEYS = {
    "frames", "fps", "width", "height", "duration_s", "brightness", "contrast", "saturation",
    "colorfulness", "palette", "motion_energy", "cuts", "camera", "audio",
}  # fmt: skip

ORANGE = (230, 120, 30)
TEAL = (20, 110, 130)


def _halves() -> np.ndarray:
    frame = np.zeros((H, W, 3), dtype=np.uint8)
    frame[:, : W // 2] = ORANGE
    frame[:, W // 2 :] = TEAL
    return frame


def test_two_colour_halves_give_two_heavy_palette_entries(film):
    analysis = analyze(film([_halves()] * 10))
    heavy = [p for p in analysis.palette if p.weight > 0.1]
    assert len(heavy) == 2
    for target in ("#e6781e", "#146e82"):
        nearest = min(heavy, key=lambda p: color_distance(p.color, target))
        assert color_distance(nearest.color, target) < 0.03
        assert nearest.weight == pytest.approx(0.5, abs=0.08)
    assert sum(p.weight for p in analysis.palette) == pytest.approx(1.0)
    assert [p.weight for p in analysis.palette] == sorted((p.weight for p in analysis.palette), reverse=True)


def test_palette_is_deterministic_and_capped():
    pixels = texture(9, 60, 80).reshape(-1, 3)
    first, second = palette(pixels), palette(pixels)
    assert first == second
    assert 1 <= len(first) <= 5


def test_frame_figures_of_known_pictures():
    grey = np.full((8, 8, 3), 128, dtype=np.uint8)
    figures = frame_color(grey)
    assert figures.brightness == pytest.approx(128 / 255, abs=1e-4)
    assert figures.contrast == pytest.approx(0.0, abs=1e-6)
    assert figures.saturation == 0.0 and figures.colorfulness == pytest.approx(0.0, abs=1e-4)
    checker = np.zeros((8, 8, 3), dtype=np.uint8)
    checker[::2, ::2] = 255
    checker[1::2, 1::2] = 255
    assert frame_color(checker).contrast > 0.4
    red = np.zeros((8, 8, 3), dtype=np.uint8)
    red[...] = (255, 0, 0)
    assert frame_color(red).saturation == pytest.approx(1.0)
    assert frame_color(red).colorfulness > frame_color(grey).colorfulness + 50


def test_oklab_round_trip():
    rgb = np.array([[0, 0, 0], [255, 255, 255], [200, 30, 90], [12, 240, 17]], dtype=np.float64)
    assert np.allclose(oklab_to_srgb(srgb_to_oklab(rgb)), rgb, atol=0.5)
    assert srgb_to_oklab(np.array([255.0, 255.0, 255.0]))[0] == pytest.approx(1.0, abs=1e-4)


def test_json_has_exactly_the_contract_keys_and_is_strict_json(film):
    analysis = analyze(film([texture(1, H, W)] * 6))
    data = analysis.to_json()
    assert set(data) == CONTRACT_KEYS
    assert set(data["audio"]) == {"present", "loudness_lufs", "peak_db"}
    json.dumps(data, allow_nan=False)
    assert (data["frames"], data["width"], data["height"], data["fps"]) == (6, W, H, 25.0)
    assert data["duration_s"] == pytest.approx(6 / 25)


def test_motion_energy_rises_with_change(film):
    still = analyze(film([texture(1, H, W)] * 8, name="still.mp4"))
    busy = analyze(film([texture(s, H, W) for s in range(8)], name="busy.mp4"))
    assert still.motion_energy < 0.01 < busy.motion_energy <= 1.0


def test_max_frames_sample_fps_and_kept_frames(film):
    path = film([np.full((H, W, 3), 10 * i, dtype=np.uint8) for i in range(20)])
    short = analyze(path, max_frames=5, keep_frames={2, 4, 30})
    assert short.frames == 5 and short.duration_s == pytest.approx(0.2)
    assert set(short.kept_frames) == {2, 4}
    assert short.kept_frames[4].shape == (H, W, 3)
    assert abs(int(short.kept_frames[4].mean()) - 40) <= 3
    thinned = analyze(path, sample_fps=5)
    assert thinned.frames == 20
    # At 25 fps, 5 samples a second are frames 0, 5, 10 and 15: grey levels 0, 50, 100, 150.
    assert thinned.brightness == pytest.approx(75 / 255, abs=0.02)
