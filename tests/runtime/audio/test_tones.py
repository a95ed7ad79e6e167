"""Tones and effects from their recipes (built-in effects lowered from the registry)."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.compiler.passes.audio import oscillator, sfx_recipe
from scenec.compiler.plan import Harmonics, Oscillator, SfxGenerator, SfxRecipe
from scenec.knowledge import lookup
from scenec.knowledge.registry import load_registry
from scenec.runtime.audio import AudioError, sfx, tone

SR = 48000
REGISTRY = load_registry()  # the built-ins
WAVES = lookup.names(REGISTRY, "wave")
EFFECTS = lookup.names(REGISTRY, "sfx")


def wave(name: str) -> Oscillator:
    return oscillator(lookup.wave(REGISTRY, name))


def effect(name: str) -> SfxRecipe:
    return sfx_recipe(lookup.sfx(REGISTRY, name))


@pytest.mark.parametrize("name", WAVES)
def test_tone_peaks_at_its_frequency(name: str) -> None:
    x = tone(440, wave(name), 1.0, SR)
    assert x.shape == (2, SR)
    spec = np.abs(np.fft.rfft(x[0]))
    assert np.argmax(spec) * SR / x.shape[1] == pytest.approx(440, abs=1)
    assert np.abs(x).max() == pytest.approx(0.5, rel=0.02)  # every wave at the same -6 dBFS peak


def _harmonics(x: np.ndarray, f0: float, count: int) -> np.ndarray:
    mid = x[0][12000:36000] * np.hanning(24000)
    spec = np.abs(np.fft.rfft(mid))
    f = np.fft.rfftfreq(mid.size, 1 / SR)
    return np.array([spec[np.abs(f - f0 * k) < 20].max() for k in range(1, count + 1)])


def test_waves_have_the_harmonics_their_entries_say() -> None:
    square, saw, triangle = (_harmonics(tone(500, wave(n), 1.0, SR), 500, 5) for n in ("square", "saw", "triangle"))
    assert square[1] < 1e-3 * square[0] and square[2] / square[0] == pytest.approx(1 / 3, rel=0.05)
    assert saw[1] / saw[0] == pytest.approx(1 / 2, rel=0.05)
    assert triangle[1] < 1e-3 * triangle[0] and triangle[2] / triangle[0] == pytest.approx(1 / 9, rel=0.05)


def test_square_wave_does_not_alias() -> None:
    # A 3 kHz square has odd harmonics only; aliases would land off that grid.
    # The middle half-second, windowed, keeps the start/stop ramps out.
    x = tone(3000, wave("square"), 1.0, SR)[0][12000:36000] * np.hanning(24000)
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(x.size, 1 / SR)
    on_grid = np.zeros(spec.size, bool)
    for k in range(1, 8, 2):
        on_grid |= np.abs(f - 3000 * k) < 20
    assert spec[~on_grid].sum() < 1e-6 * spec.sum()


def test_tone_rejects_bad_values() -> None:
    with pytest.raises(AudioError, match="frequency"):
        tone(30000, Oscillator(Harmonics.NONE), 1.0, SR)
    with pytest.raises(AudioError, match="duration"):
        tone(440, Oscillator(Harmonics.NONE), -1.0, SR)


@pytest.mark.parametrize("name", EFFECTS)
def test_effects_render_at_their_length_and_peak(name: str) -> None:
    recipe = effect(name)
    x = sfx(recipe, SR, 1)
    assert x.shape == (2, round(recipe.length_s * SR))
    assert np.max(np.abs(x)) == pytest.approx(10 ** (recipe.peak_db / 20), rel=1e-3)
    assert np.array_equal(x, sfx(recipe, SR, 1))


def test_effect_character() -> None:
    def centroid(x: np.ndarray) -> float:
        spec = np.abs(np.fft.rfft(x[0])) ** 2
        return float((spec * np.fft.rfftfreq(x.shape[1], 1 / SR)).sum() / spec.sum())

    assert centroid(sfx(effect("thud"), SR, 0)) < 200
    assert centroid(sfx(effect("boom"), SR, 0)) < 200
    assert centroid(sfx(effect("chime"), SR, 0)) > 800
    whoosh = sfx(effect("whoosh"), SR, 0)
    thirds = np.array_split(np.abs(whoosh).mean(axis=0), 3)
    assert thirds[1].mean() > 2 * max(thirds[0].mean(), thirds[2].mean())  # swells through the middle
    click = sfx(effect("click"), SR, 0)
    assert centroid(click) > 2000


def test_an_effect_defined_by_data_follows_its_numbers() -> None:
    low = sfx(SfxRecipe(SfxGenerator.BELL, 0.5, 220.0, 220.0, decay_s=0.5, peak_db=-12.0), SR, 0)
    high = sfx(SfxRecipe(SfxGenerator.BELL, 0.5, 1760.0, 1760.0, decay_s=0.5, peak_db=-12.0), SR, 0)
    spec = np.abs(np.fft.rfft(low[0]))
    assert np.argmax(spec) * SR / low.shape[1] == pytest.approx(220, abs=3)
    assert np.argmax(np.abs(np.fft.rfft(high[0]))) * SR / high.shape[1] == pytest.approx(1760, abs=3)
    assert np.abs(low).max() == pytest.approx(10 ** (-12 / 20), rel=1e-3)
    with pytest.raises(AudioError, match="below 24000 Hz"):
        sfx(SfxRecipe(SfxGenerator.TONE, 0.1, 30000.0, 100.0), SR, 0)
