"""Loudness (BS.1770-4) and peak, on numpy signals and on AAC in a video file."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from analysis_films import H, W

from scenec.runtime.analysis import analyze
from scenec.runtime.analysis.loudness import audio_levels, integrated_loudness, k_weighting, k_weighting_gain_db

RATE = 48000


def _sine(freq_hz: float, amplitude: float, seconds: float, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    signal = amplitude * np.sin(2 * np.pi * freq_hz * t)
    # Short fades keep the codec from ringing at an abrupt start.
    ramp = int(0.01 * rate)
    envelope = np.ones_like(signal)
    envelope[:ramp] = np.linspace(0, 1, ramp)
    envelope[-ramp:] = np.linspace(1, 0, ramp)
    return signal * envelope


def test_k_weighting_matches_the_recommendation_at_48k():
    (shelf_b, shelf_a), (pass_b, pass_a) = k_weighting(48000)
    assert np.allclose(shelf_b, [1.53512485958697, -2.69169618940638, 1.19839281085285], atol=1e-9)
    assert np.allclose(shelf_a, [1.0, -1.69065929318241, 0.73248077421585], atol=1e-9)
    assert np.allclose(pass_a, [1.0, -1.99004745483398, 0.99007225036621], atol=1e-9)
    assert np.allclose(pass_b, [1.0, -2.0, 1.0])
    assert k_weighting_gain_db(48000, 997) == pytest.approx(0.69, abs=0.02)


@pytest.mark.parametrize("rate", [44100, 48000])
def test_full_scale_997hz_sine_in_one_channel_is_minus_3_lufs(rate):
    signal = _sine(997, 1.0, 3.0, rate)[None, :]
    assert integrated_loudness(signal, rate, ("FC",)) == pytest.approx(-3.01, abs=0.05)


def test_two_channels_add_3_lu_and_lfe_does_not_count():
    one = _sine(997, 10 ** (-20 / 20) * math.sqrt(2), 2.0)
    stereo = integrated_loudness(np.vstack([one, one]), RATE, ("FL", "FR"))
    assert stereo == pytest.approx(-17.0, abs=0.05)
    with_lfe = integrated_loudness(np.vstack([one, one, one]), RATE, ("FL", "FR", "LFE"))
    assert with_lfe == pytest.approx(stereo, abs=1e-6)


def test_gating_ignores_long_silence():
    tone = _sine(997, 10 ** (-20 / 20) * math.sqrt(2), 2.0)
    padded = np.concatenate([tone, np.zeros(RATE * 6)])[None, :]
    # Ungated, 6 s of silence would pull the mean down by 6 LU; only the blocks
    # straddling the tone's end (partly silent, above the relative gate) lower it a little.
    assert integrated_loudness(padded, RATE, ("FC",)) == pytest.approx(-20.0, abs=0.5)


def test_silence_has_no_loudness():
    levels = audio_levels(np.zeros((2, RATE)), RATE)
    assert not levels.present and levels.loudness_lufs is None and levels.peak_db is None
    quiet = audio_levels(np.full((1, RATE), 1e-5), RATE)
    assert quiet.present and quiet.loudness_lufs is None and quiet.peak_db == pytest.approx(-100, abs=0.1)


def test_aac_sine_in_a_video(film):
    frames = [np.full((H, W, 3), 90, dtype=np.uint8)] * 30
    audio = analyze(film(frames, audio=_sine(1000, 0.1, 1.2))).to_json()["audio"]
    assert audio["present"] is True
    assert audio["peak_db"] == pytest.approx(-20.0, abs=1.0)
    # -20 dBFS peak is -23.01 dBFS RMS; K-weighting adds ~0 LU relative to 997 Hz.
    assert audio["loudness_lufs"] == pytest.approx(-23.0, abs=1.0)


def test_silent_track_and_missing_track_are_not_present(film):
    frames = [np.full((H, W, 3), 90, dtype=np.uint8)] * 10
    silent = analyze(film(frames, audio=np.zeros(RATE // 2), name="silent.mp4")).to_json()
    none = analyze(film(frames, name="none.mp4")).to_json()
    for data in (silent, none):
        assert data["audio"] == {"present": False, "loudness_lufs": None, "peak_db": None}
        json.dumps(data, allow_nan=False)
