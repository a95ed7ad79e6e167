"""The procedural score from its recipe: level, length, tempo, key, texture, determinism.

Recipes come from the knowledge registry's music moods through the
compiler's lowering, as in a plan; every mood renders and sounds its own.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from scenec.compiler.passes.audio import MODES, music_recipe
from scenec.compiler.plan import MusicRecipe, PlanError
from scenec.knowledge import lookup
from scenec.knowledge.registry import load_registry
from scenec.runtime.audio import AudioError, music

SR = 16000
REGISTRY = load_registry()  # the built-ins
MOODS = lookup.names(REGISTRY, "music")


def recipe(mood: str, **changes) -> MusicRecipe:
    return replace(music_recipe(REGISTRY, lookup.music_mood(REGISTRY, mood)), **changes)


@pytest.mark.parametrize("mood", MOODS)
def test_each_mood_renders_level_and_length(mood: str) -> None:
    x = music(recipe(mood), 2.0, SR, 1)
    assert x.shape == (2, 2 * SR)
    assert np.isfinite(x).all() and np.max(np.abs(x)) <= 10 ** (-3 / 20) + 1e-6
    assert 20 * np.log10(np.sqrt(np.mean(x ** 2))) == pytest.approx(-18, abs=1.5)


def test_moods_that_once_played_as_calm_sound_different() -> None:
    calm = music(recipe("calm"), 3.0, SR, 1)
    for mood in ("dreamy", "romantic", "driving"):
        assert not np.allclose(music(recipe(mood), 3.0, SR, 1), calm, atol=1e-3), mood


def test_deterministic_and_seed_sensitive() -> None:
    a = music(recipe("joyful"), 1.5, SR, 5)
    assert np.array_equal(a, music(recipe("joyful"), 1.5, SR, 5))
    assert not np.array_equal(a, music(recipe("joyful"), 1.5, SR, 6))


def test_key_sets_the_pitch_content() -> None:
    # The energy of the score gathers on the pitch classes of its key.
    x = music(recipe("calm", tempo_bpm=80.0, tonic_pc=0, scale=MODES["major"]), 4.0, SR, 2).mean(axis=0)
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(x.size, 1 / SR)
    band = (f > 60) & (f < 2000)
    pcs = np.round(12 * np.log2(f[band] / 261.63)).astype(int) % 12
    energy = np.bincount(pcs, weights=spec[band], minlength=12)
    in_key = energy[[0, 2, 4, 5, 7, 9, 11]].sum()
    assert in_key > 0.8 * energy.sum()


def test_tempo_sets_the_pulse() -> None:
    # Kicks land on beats 1 and 3: the low band's level repeats every two beats.
    def pulse_hz(tempo_bpm: float) -> float:
        x = music(recipe("driving", tempo_bpm=tempo_bpm), 8.0, SR, 3).mean(axis=0)
        spec = np.abs(np.fft.rfft(x)) ** 2
        f = np.fft.rfftfreq(x.size, 1 / SR)
        low = np.fft.irfft(np.where(f < 150, np.fft.rfft(x), 0), n=x.size)
        hop = SR // 100
        env = np.sqrt((low[: low.size // hop * hop].reshape(-1, hop) ** 2).mean(axis=1))
        env_spec = np.abs(np.fft.rfft(env - env.mean()))
        freqs = np.fft.rfftfreq(env.size, 1 / 100)
        keep = (freqs > 0.3) & (freqs < 6)
        del spec
        return float(freqs[keep][np.argmax(env_spec[keep])])

    slow, fast = pulse_hz(90.0), pulse_hz(150.0)
    assert fast > slow


def test_percussion_puts_energy_up_high() -> None:
    # Hats and snares put energy above 3 kHz that pads, bass and melody lack.
    def high_share(mood: str, percussion: bool) -> float:
        x = music(recipe(mood, tempo_bpm=120.0, percussion=percussion), 4.0, SR, 1).mean(axis=0)
        spec = np.abs(np.fft.rfft(x)) ** 2
        f = np.fft.rfftfreq(x.size, 1 / SR)
        return float(spec[f > 3000].sum() / spec.sum())

    assert high_share("calm", True) > 5 * high_share("calm", False)
    assert not recipe("calm").percussion and recipe("joyful").percussion


def test_bad_tempo() -> None:
    with pytest.raises(AudioError, match="between 20 and 300 bpm, got 400"):
        music(recipe("calm", tempo_bpm=400.0), 1.0, SR, 0)
    with pytest.raises(PlanError, match="tempo"):
        recipe("calm", tempo_bpm=0.0)
