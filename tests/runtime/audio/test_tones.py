"""Tones and effects."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.runtime.audio import SFX_NAMES, WAVES, AudioError, sfx, sfx_length_s, tone

SR = 48000


@pytest.mark.parametrize("wave", WAVES)
def test_tone_peaks_at_its_frequency(wave: str) -> None:
    x = tone(440, wave, 1.0, SR)
    assert x.shape == (2, SR)
    spec = np.abs(np.fft.rfft(x[0]))
    assert np.argmax(spec) * SR / x.shape[1] == pytest.approx(440, abs=1)


def test_square_wave_does_not_alias() -> None:
    # A 3 kHz square has odd harmonics only; aliases would land off that grid.
    # The middle half-second, windowed, keeps the start/stop ramps out.
    x = tone(3000, "square", 1.0, SR)[0][12000:36000] * np.hanning(24000)
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(x.size, 1 / SR)
    on_grid = np.zeros(spec.size, bool)
    for k in range(1, 8, 2):
        on_grid |= np.abs(f - 3000 * k) < 20
    assert spec[~on_grid].sum() < 1e-6 * spec.sum()


def test_tone_rejects_bad_values() -> None:
    with pytest.raises(AudioError, match="wave"):
        tone(440, "noise", 1.0, SR)
    with pytest.raises(AudioError, match="frequency"):
        tone(30000, "sine", 1.0, SR)


@pytest.mark.parametrize("name", SFX_NAMES)
def test_effects_render_at_their_length(name: str) -> None:
    x = sfx(name, SR, 1)
    assert x.shape == (2, round(sfx_length_s(name) * SR))
    assert np.max(np.abs(x)) == pytest.approx(10 ** (-6 / 20), rel=1e-3)
    assert np.array_equal(x, sfx(name, SR, 1))


def test_effect_character() -> None:
    def centroid(x: np.ndarray) -> float:
        spec = np.abs(np.fft.rfft(x[0])) ** 2
        return float((spec * np.fft.rfftfreq(x.shape[1], 1 / SR)).sum() / spec.sum())

    assert centroid(sfx("thud", SR, 0)) < 200
    assert centroid(sfx("boom", SR, 0)) < 200
    assert centroid(sfx("chime", SR, 0)) > 800
    whoosh = sfx("whoosh", SR, 0)
    thirds = np.array_split(np.abs(whoosh).mean(axis=0), 3)
    assert thirds[1].mean() > 2 * max(thirds[0].mean(), thirds[2].mean())  # swells through the middle
    assert sfx("swish", SR, 0).shape == sfx("swoosh", SR, 0).shape
    with pytest.raises(AudioError, match="unknown sound effect"):
        sfx("kaboom-9000", SR, 0)
