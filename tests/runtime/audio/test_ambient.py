"""Ambient beds from their recipes: exact length, the recipe's level,
determinism, and spectra that match the built-in sounds' names (checked on
band energies over time, since nobody can listen in CI). Recipes come from
the knowledge registry through the compiler's lowering, as in a plan. Each
bed is also written to /tmp/scenec_audio/ for a human."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scenec.compiler.passes.audio import ambient_recipe
from scenec.compiler.plan import AmbientGenerator, AmbientRecipe, NoiseColor, SoundEvent
from scenec.knowledge import lookup
from scenec.knowledge.registry import load_registry
from scenec.runtime.audio import AudioError, read_wav, write_wav
from scenec.runtime.audio import ambient as render

SR = 16000  # plenty for band checks, and fast
REGISTRY = load_registry()  # the built-ins
NAMES = lookup.names(REGISTRY, "ambient")


def recipe(name: str) -> AmbientRecipe:
    return ambient_recipe(lookup.ambient_sound(REGISTRY, name))


def ambient(name: str, duration_s: float, sr: int, seed: int) -> np.ndarray:
    """The built-in bed `name`, lowered to its recipe and rendered."""
    return render(recipe(name), duration_s, sr, seed)


def _band_energy(x: np.ndarray, sr: int, lo: float, hi: float) -> float:
    spec = np.abs(np.fft.rfft(x.mean(axis=0))) ** 2
    f = np.fft.rfftfreq(x.shape[1], 1 / sr)
    return float(spec[(f >= lo) & (f < hi)].sum())


def _centroid(x: np.ndarray, sr: int) -> float:
    spec = np.abs(np.fft.rfft(x.mean(axis=0))) ** 2
    f = np.fft.rfftfreq(x.shape[1], 1 / sr)
    return float((spec * f).sum() / spec.sum())


def _frame_rms(x: np.ndarray, sr: int, window_s: float = 0.25) -> np.ndarray:
    w = int(sr * window_s)
    mono = x.mean(axis=0)[: x.shape[1] // w * w].reshape(-1, w)
    return np.sqrt((mono ** 2).mean(axis=1))


@pytest.mark.parametrize("name", NAMES)
def test_each_bed_is_exact_at_its_level_and_unclipped(name: str, tmp_path: Path) -> None:
    x = ambient(name, 1.3, SR, seed=7)
    assert x.shape == (2, round(1.3 * SR)) and x.dtype == np.float32
    rms_db = 20 * np.log10(np.sqrt(np.mean(x ** 2)))
    level = recipe(name).level_db
    assert level - 8 < rms_db < level + 0.5  # below the level only where the -3 dBFS peak limit bites
    assert np.max(np.abs(x)) <= 10 ** (-3 / 20) + 1e-6
    assert np.isfinite(x).all()
    folder = Path("/tmp/scenec_audio")
    folder.mkdir(exist_ok=True)
    write_wav(folder / f"{name}.wav", x, SR)
    back, sr = read_wav(folder / f"{name}.wav")
    assert sr == SR and np.abs(back - x).max() < 1e-3


def test_determinism_per_seed() -> None:
    assert np.array_equal(ambient("rain", 0.5, SR, 3), ambient("rain", 0.5, SR, 3))
    assert not np.array_equal(ambient("rain", 0.5, SR, 3), ambient("rain", 0.5, SR, 4))


def test_zero_length_and_bad_length() -> None:
    assert ambient("wind", 0.0, SR, 0).shape == (2, 0)
    with pytest.raises(AudioError, match="zero or more seconds"):
        ambient("wind", -1.0, SR, 0)


def test_river_and_room_are_built_in_and_river_runs_deeper_than_a_stream() -> None:
    assert {"river", "room"} <= set(NAMES)
    assert _centroid(ambient("river", 2.0, SR, 3), SR) < _centroid(ambient("stream", 2.0, SR, 3), SR)
    room = ambient("room", 1.5, SR, 3)
    assert _band_energy(room, SR, 0, 2500) > 0.9 * _band_energy(room, SR, 0, SR / 2)


def test_a_noise_recipe_follows_its_numbers() -> None:
    """A bed defined by data alone (as a user's overlay defines one)."""
    base = AmbientRecipe(AmbientGenerator.NOISE, NoiseColor.PINK, (1000.0, 3000.0), level_db=-20.0)
    x = render(base, 2.0, SR, 1)
    assert _band_energy(x, SR, 900, 3300) > 0.8 * _band_energy(x, SR, 0, SR / 2)
    assert 20 * np.log10(np.sqrt(np.mean(x ** 2))) == pytest.approx(-20.0, abs=0.5)
    low = render(AmbientRecipe(AmbientGenerator.NOISE, NoiseColor.BROWN, (60.0, 400.0)), 2.0, SR, 1)
    assert _centroid(low, SR) < 0.3 * _centroid(x, SR)
    steady = _frame_rms(x, SR)
    swelling = _frame_rms(render(AmbientRecipe(AmbientGenerator.NOISE, NoiseColor.PINK, (1000.0, 3000.0), 2.0, 0.9), 4.0, SR, 1), SR)
    assert swelling.std() / swelling.mean() > 2 * steady.std() / steady.mean()


@pytest.mark.parametrize("event", list(SoundEvent))
def test_noise_recipe_events_stand_out_of_the_bed(event: SoundEvent) -> None:
    quiet = AmbientRecipe(AmbientGenerator.NOISE, NoiseColor.BROWN, (40.0, 120.0))
    with_events = AmbientRecipe(AmbientGenerator.NOISE, NoiseColor.BROWN, (40.0, 120.0), events=event, event_rate_hz=3.0)
    plain, busy = render(quiet, 3.0, SR, 2), render(with_events, 3.0, SR, 2)
    assert np.isfinite(busy).all()
    if event is SoundEvent.THUNDER:  # a rumble: low, but it rolls in and out
        levels = _frame_rms(busy, SR)
        assert levels.max() > 1.5 * levels.min()
    else:
        assert _band_energy(busy, SR, 300, 8000) > 5 * _band_energy(plain, SR, 300, 8000), event


def test_wind_sits_lower_than_rain() -> None:
    assert _centroid(ambient("wind", 2.0, SR, 1), SR) < 0.5 * _centroid(ambient("rain", 2.0, SR, 1), SR)


def test_rain_is_steady_and_bright() -> None:
    x = ambient("rain", 2.0, SR, 2)
    assert _band_energy(x, SR, 2000, 8000) > _band_energy(x, SR, 0, 500)
    levels = _frame_rms(x, SR)
    assert levels.std() / levels.mean() < 0.15


def test_waves_swell_and_fall() -> None:
    x = ambient("waves", 20.0, 8000, 5)
    levels = _frame_rms(x, 8000, 0.5)
    assert levels.max() > 2.5 * levels.min()  # surf cycles, not a steady hiss
    # Swells every 6-10 s: the level's slow spectrum peaks in that band.
    spec = np.abs(np.fft.rfft(levels - levels.mean()))
    freqs = np.fft.rfftfreq(levels.size, 0.5)
    assert 1 / 14 <= freqs[np.argmax(spec)] <= 1 / 4


def test_space_and_hum_are_low_crickets_and_birds_high() -> None:
    for low in ("space", "hum", "fire"):
        assert _centroid(ambient(low, 1.5, SR, 1), SR) < 400, low
    # Crickets outweigh the leaves beneath them (typically: each seed draws its own crickets' levels).
    ratios = [_band_energy(n, SR, 2500, 7000) / _band_energy(n, SR, 0, 1000)
              for n in (ambient("night", 3.0, SR, seed) for seed in range(1, 5))]
    assert np.median(ratios) > 1.2
    # Birds: bursts of high energy (chirps) over a softer bed of leaves.
    forest = ambient("forest", 4.0, SR, 1)
    win = SR // 20
    high = np.array([_band_energy(forest[:, i:i + win], SR, 2500, 7000) for i in range(0, forest.shape[1] - win, win)])
    assert high.max() > 10 * np.median(high)
    assert _centroid(forest, SR) > 1000


def test_storm_thunders() -> None:
    x = ambient("storm", 6.0, SR, 9)
    low = np.array([_band_energy(x[:, i:i + SR // 2], SR, 20, 200) for i in range(0, x.shape[1] - SR // 2, SR // 2)])
    assert low.max() > 4 * np.median(low)  # a rumble stands out of the rain


def test_crowd_has_speech_band_modulated_at_syllable_rate() -> None:
    x = ambient("crowd", 3.0, SR, 4)
    assert _band_energy(x, SR, 200, 3000) > 0.7 * _band_energy(x, SR, 0, SR / 2)
    levels = _frame_rms(x, SR, 0.05)
    assert levels.std() / levels.mean() > 0.1
