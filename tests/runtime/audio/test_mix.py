"""Mixing sources on the film timeline."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.compiler.passes.audio import ambient_recipe, music_recipe, sfx_recipe
from scenec.compiler.plan import Harmonics, Oscillator, ToneRecipe
from scenec.knowledge import lookup
from scenec.knowledge.registry import load_registry
from scenec.runtime.audio import AudioError, Source, SourceKind, mix

SR = 16000
REGISTRY = load_registry()  # the built-ins
SINE = Oscillator(Harmonics.NONE)
SAW = Oscillator(Harmonics.ALL, 1.0, alternate=True)


def tone(freq_hz: float, wave: Oscillator = SINE, **placed) -> Source:
    return Source("tone", ToneRecipe(freq_hz, wave), **placed)


def effect(name: str, **placed) -> Source:
    return Source("sfx", sfx_recipe(lookup.sfx(REGISTRY, name)), **placed)


def bed(name: str, **placed) -> Source:
    return Source("ambient", ambient_recipe(lookup.ambient_sound(REGISTRY, name)), **placed)


def score(mood: str, **placed) -> Source:
    return Source("music", music_recipe(REGISTRY, lookup.music_mood(REGISTRY, mood)), **placed)


def test_placement_gain_and_exact_length() -> None:
    out = mix([tone(500, start_s=0.5, duration_s=0.25)], 1.0, SR)
    assert out.shape == (2, SR)
    assert np.abs(out[:, : SR // 2 - 1]).max() == 0
    assert np.abs(out[:, int(0.75 * SR) + 1:]).max() == 0
    quiet = mix([tone(500, start_s=0.5, duration_s=0.25, gain_db=-20)], 1.0, SR)
    assert np.abs(quiet).max() == pytest.approx(np.abs(out).max() / 10, rel=0.01)


def test_fades() -> None:
    src = Source(SourceKind.TONE, ToneRecipe(200, SINE), duration_s=1.0, fade_in_s=0.5, fade_out_s=0.25, fade_curve="linear")
    out = mix([src], 1.0, SR)[0]
    env = np.abs(out).reshape(-1, 400).max(axis=1)  # 25 ms windows
    plateau = env[25]  # 0.625 s: after the fade-in, before the fade-out
    assert env[0] < 0.1 * plateau
    assert env[10] == pytest.approx(plateau * 0.53, rel=0.1)  # linear: about halfway at 0.25 s
    assert env[-1] < 0.1 * plateau


def test_loud_sums_are_held_below_minus_one_dbfs_and_silence_stays_silent() -> None:
    out = mix([tone(300 + i, gain_db=12) for i in range(4)], 0.5, SR)
    assert np.abs(out).max() == pytest.approx(10 ** (-1 / 20), rel=1e-4)
    assert np.abs(mix([], 0.5, SR)).max() == 0
    quiet = mix([tone(300, gain_db=-30)], 0.5, SR)
    assert np.abs(quiet).max() < 0.02  # never pushed up


def test_sources_are_cut_to_the_film() -> None:
    out = mix([effect("chime", start_s=0.8), effect("pop", start_s=5.0)], 1.0, SR)
    assert out.shape == (2, SR)
    assert np.abs(out[:, int(0.8 * SR):]).max() > 0


def test_every_kind_mixes_deterministically() -> None:
    sources = [bed("forest", seed=3, fade_in_s=0.2), score("epic", gain_db=-6),
               tone(220, SAW, start_s=0.2, duration_s=0.3, gain_db=-12), effect("whoosh", start_s=0.1)]
    a = mix(sources, 1.2, SR)
    assert np.array_equal(a, mix(sources, 1.2, SR))
    assert np.abs(a).max() > 0.1


def test_bad_sources_fail_on_construction() -> None:
    with pytest.raises(AudioError, match="kind"):
        Source("speech", ToneRecipe(440.0, SINE))
    with pytest.raises(AudioError, match="ambient sources take AmbientRecipe recipes, got ToneRecipe"):
        Source("ambient", ToneRecipe(440.0, SINE))
    slow = music_recipe(REGISTRY, lookup.music_mood(REGISTRY, "calm"), tempo_bpm=5.0)
    with pytest.raises(AudioError, match="tempo must be between 20 and 300 bpm, got 5"):
        Source("music", slow)
    with pytest.raises(AudioError, match="start_s"):
        tone(440, start_s=-1)
    with pytest.raises(AudioError, match="fade curve"):
        tone(440, fade_curve="log")


def test_a_minute_of_three_sources_mixes_every_one_in_place() -> None:
    """The film-length mix (its speed is measured in benchmarks/hot_paths.py): every source is heard
    where it belongs, the sfx only from its start, and the sum is not clipped."""
    sources = [bed("waves"), score("calm", gain_db=-6), effect("chime", start_s=30)]
    out = mix(sources, 60.0, 48000)
    assert out.shape == (2, 60 * 48000) and np.isfinite(out).all()
    assert np.abs(out).max() <= 1.0
    beds = mix(sources[:2], 60.0, 48000)
    chime = out - beds  # the mix is a sum of sources at fixed gains when nothing clips
    assert np.abs(chime[:, : 30 * 48000 - 1]).max() < 1e-3 * np.abs(out).max()
    assert np.abs(chime[:, 30 * 48000: 31 * 48000]).max() > 1e-2
    minute = np.abs(out).reshape(2, 60, 48000).max(axis=(0, 2))
    assert (minute > 1e-3).all()  # the beds play all minute long
