"""Ambient beds: exact length, sane level, determinism, and spectra that
match their names (checked on band energies over time, since nobody can
listen in CI). Each bed is also written to /tmp/scenec_audio/ for a human."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scenec.runtime.audio import AMBIENT_NAMES, AudioError, ambient, read_wav, write_wav

SR = 16000  # plenty for band checks, and fast


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


@pytest.mark.parametrize("name", AMBIENT_NAMES)
def test_each_bed_is_exact_audible_and_unclipped(name: str, tmp_path: Path) -> None:
    x = ambient(name, 1.3, SR, seed=7)
    assert x.shape == (2, round(1.3 * SR)) and x.dtype == np.float32
    rms_db = 20 * np.log10(np.sqrt(np.mean(x ** 2)))
    assert -30 < rms_db < -15
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


def test_synonyms_and_unknown_names() -> None:
    assert np.array_equal(ambient("Ocean", 0.3, SR, 1), ambient("waves", 0.3, SR, 1))
    with pytest.raises(AudioError, match="unknown ambient sound 'lava'"):
        ambient("lava", 1.0, SR, 0)
    assert ambient("wind", 0.0, SR, 0).shape == (2, 0)


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
    night = ambient("night", 3.0, SR, 1)
    assert _band_energy(night, SR, 2500, 7000) > _band_energy(night, SR, 0, 1000)
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
