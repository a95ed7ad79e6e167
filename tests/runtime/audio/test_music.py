"""The procedural score: keys, moods, tempo, level and determinism."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.runtime.audio import MOODS, AudioError, Key, music, parse_key, resolve_mood

SR = 16000


@pytest.mark.parametrize(("text", "key"), [
    ("F# minor", Key(6, "minor")), ("C major", Key(0, "major")), ("Bb", Key(10, None)),
    ("Am", Key(9, "minor")), ("eb major", Key(3, "major")), ("D dorian", Key(2, "dorian")), ("B", Key(11, None)),
])
def test_parse_key(text: str, key: Key) -> None:
    assert parse_key(text) == key


@pytest.mark.parametrize("junk", ["", "H minor", "C# majestic", "F## minor", "minor", "12"])
def test_parse_key_rejects_junk_plainly(junk: str) -> None:
    with pytest.raises(AudioError, match="cannot read key"):
        parse_key(junk)
    with pytest.raises(ValueError):
        music("calm", 90, junk, 1.0, SR, 0)


def test_moods_and_fallbacks() -> None:
    assert resolve_mood("Horror") == "tense"
    assert resolve_mood("dark sci-fi") == "tense"
    assert resolve_mood("whimsical") == "playful"
    assert resolve_mood("gibberish") == "calm"


@pytest.mark.parametrize("mood", MOODS)
def test_each_mood_renders_level_and_length(mood: str) -> None:
    x = music(mood, None, None, 2.0, SR, 1)
    assert x.shape == (2, 2 * SR)
    assert np.isfinite(x).all() and np.max(np.abs(x)) <= 10 ** (-3 / 20) + 1e-6
    assert 20 * np.log10(np.sqrt(np.mean(x ** 2))) == pytest.approx(-18, abs=1.5)


def test_deterministic_and_seed_sensitive() -> None:
    a = music("joyful", 120, "G major", 1.5, SR, 5)
    assert np.array_equal(a, music("joyful", 120, "G major", 1.5, SR, 5))
    assert not np.array_equal(a, music("joyful", 120, "G major", 1.5, SR, 6))


def test_key_sets_the_pitch_content() -> None:
    # The energy of the score gathers on the pitch classes of its key.
    x = music("calm", 80, "C major", 4.0, SR, 2).mean(axis=0)
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(x.size, 1 / SR)
    band = (f > 60) & (f < 2000)
    pcs = np.round(12 * np.log2(f[band] / 261.63)).astype(int) % 12
    energy = np.bincount(pcs, weights=spec[band], minlength=12)
    in_key = energy[[0, 2, 4, 5, 7, 9, 11]].sum()
    assert in_key > 0.8 * energy.sum()


def test_upbeat_moods_have_percussion() -> None:
    # Hats and snares put energy above 3 kHz that pads, bass and melody lack.
    def high_share(mood: str) -> float:
        x = music(mood, 120, "C major", 4.0, SR, 1).mean(axis=0)
        spec = np.abs(np.fft.rfft(x)) ** 2
        f = np.fft.rfftfreq(x.size, 1 / SR)
        return float(spec[f > 3000].sum() / spec.sum())

    calm = high_share("calm")
    assert high_share("joyful") > 5 * calm
    assert high_share("playful") > 5 * calm


def test_bad_tempo() -> None:
    with pytest.raises(AudioError, match="tempo"):
        music("calm", 0, None, 1.0, SR, 0)
