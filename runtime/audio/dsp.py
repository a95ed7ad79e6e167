"""Signal building blocks for the synthesizers: seeded randomness, noise shaped
in the frequency domain, filter magnitude responses, slow random controls,
wavetable oscillators, envelopes and vectorised event scattering.

Everything here is numpy only and deterministic for a given seed. Audio is
float32 with shape ``(channels, n_samples)``.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np

from scenec.compiler.plan import Harmonics, Oscillator
from scenec.runtime.audio.errors import AudioError

Shape = Callable[[np.ndarray], np.ndarray]

TABLE_SIZE = 4096
# Oscillators the hand-shaped textures use inside (a horn, a voice's buzz).
SQUARE = Oscillator(Harmonics.ODD, 1.0)
SAW = Oscillator(Harmonics.ALL, 1.0, alternate=True)


def rng_for(seed: int, *labels: str) -> np.random.Generator:
    """A generator keyed by the seed and labels; crc32 because `hash()` of a
    str changes between interpreter runs and would break determinism."""
    keys = [zlib.crc32(label.encode("utf-8")) for label in labels]
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, *keys])


def n_samples(duration_s: float, sr: int) -> int:
    return max(0, int(round(duration_s * sr)))


def sample_range(what: str, duration_s: float, sr: int, first: int, count: int | None) -> int:
    """How many samples from `first` a sound of `duration_s` gives (all the rest when `count` is
    None); an `AudioError` for a negative duration or a range outside the sound."""
    if not duration_s >= 0:
        raise AudioError(f"{what} duration must be zero or more seconds, got {duration_s}")
    n = n_samples(duration_s, sr)
    count = n - first if count is None else count
    if not (0 <= first and 0 <= count and first + count <= n):
        raise AudioError(f"{what} samples {first}..{first + count} are outside its {n}")
    return count


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


# --- magnitude responses, evaluated on an array of frequencies in Hz -------

def lowpass(cutoff_hz: float, order: int = 2) -> Shape:
    return lambda f: 1.0 / np.sqrt(1.0 + (f / cutoff_hz) ** (2 * order))


def highpass(cutoff_hz: float, order: int = 2) -> Shape:
    # The floor keeps the ratio finite at 0 Hz without float32 overflow.
    return lambda f: 1.0 / np.sqrt(1.0 + (cutoff_hz / np.maximum(f, cutoff_hz * 1e-3)) ** (2 * order))


def bandpass(low_hz: float, high_hz: float, order: int = 2) -> Shape:
    lo, hi = highpass(low_hz, order), lowpass(high_hz, order)
    return lambda f: lo(f) * hi(f)


def resonance(center_hz: float, q: float) -> Shape:
    """A band-pass peak of unit height; bandwidth is center/q."""
    return lambda f: 1.0 / np.sqrt(1.0 + (q * (f / center_hz - center_hz / np.maximum(f, 1e-3))) ** 2)


def pink(f: np.ndarray) -> np.ndarray:
    # Below 20 Hz the 1/f rise would only add DC wander.
    return 1.0 / np.sqrt(np.maximum(f, 20.0))


def brown(f: np.ndarray) -> np.ndarray:
    return 1.0 / np.maximum(f, 20.0)


def product(*shapes: Shape) -> Shape:
    def shape(f: np.ndarray) -> np.ndarray:
        out = np.ones_like(f)
        for s in shapes:
            out = out * s(f)
        return out
    return shape


# --- noise ------------------------------------------------------------------

_BANK: list[np.ndarray] = []


def _gaussian_bank() -> np.ndarray:
    if not _BANK:
        draw = np.random.default_rng(0x5CE1EC).standard_normal((65536, 2)).astype(np.float32)
        _BANK.append(draw.view(np.complex64)[:, 0])
    return _BANK[0]


def shaped_noise(rng: np.random.Generator, n: int, sr: int, shape: Shape, channels: int = 2) -> np.ndarray:
    """Noise with the given magnitude spectrum and unit RMS per channel.

    Built straight in the frequency domain with random phases: one inverse
    FFT instead of a forward and an inverse one, and bins where the shape is
    negligible are never drawn, which makes low-band layers nearly free.
    """
    if n == 0:
        return np.zeros((channels, 0), np.float32)
    freqs = np.fft.rfftfreq(n, 1.0 / sr).astype(np.float32)
    mag = shape(freqs).astype(np.float32)
    mag[0] = 0.0
    live = np.flatnonzero(mag > mag.max() * 1e-4) if mag.max() > 0 else np.array([], int)
    spec = np.zeros((channels, freqs.size), np.complex64)
    if live.size:
        lo, hi = live[0], live[-1] + 1
        # Complex Gaussian bins picked from a seeded bank by random 16-bit
        # indices: three times cheaper than drawing normals, and the bins
        # are still independent draws from the right distribution.
        picks = np.frombuffer(rng.bytes(2 * channels * (hi - lo)), dtype=np.uint16)
        spec[:, lo:hi] = _gaussian_bank()[picks.reshape(channels, hi - lo)] * mag[lo:hi]
    out = np.fft.irfft(spec, n=n, axis=-1).astype(np.float32)
    rms = np.sqrt(np.mean(out * out, axis=-1, keepdims=True))
    return out / np.maximum(rms, 1e-12)


def filter_signal(x: np.ndarray, sr: int, shape: Shape) -> np.ndarray:
    """Zero-phase filtering of a whole signal by its FFT (circular, so callers
    keep a little silence at the end where tails matter)."""
    n = x.shape[-1]
    if n == 0:
        return x.astype(np.float32)
    freqs = np.fft.rfftfreq(n, 1.0 / sr).astype(np.float32)
    # pocketfft's forward float64 transform is faster here than its float32
    # one; the inverse is fastest in complex64.
    spec = np.fft.rfft(x.astype(np.float64), axis=-1).astype(np.complex64) * shape(freqs).astype(np.float32)
    return np.fft.irfft(spec, n=n, axis=-1).astype(np.float32)


def upsample(x: np.ndarray, n: int) -> np.ndarray:
    """Band-limited resampling of a signal rendered at a lower rate to n
    samples (zero-padding its spectrum): lets low drones be synthesised at a
    fraction of the cost."""
    m = x.shape[-1]
    spec = np.fft.rfft(x.astype(np.float64), axis=-1)
    full = np.zeros(x.shape[:-1] + (n // 2 + 1,), np.complex64)
    keep = min(spec.shape[-1], full.shape[-1])
    full[..., :keep] = spec[..., :keep]
    return (np.fft.irfft(full, n=n, axis=-1) * (n / max(m, 1))).astype(np.float32)


def control(coarse_fn: Callable[[np.ndarray], np.ndarray], n: int, sr: int, step: int = 32) -> np.ndarray:
    """Evaluate a slow control curve f(t_seconds) every `step` samples and
    fill in linearly: envelopes built from many events stay cheap."""
    at = np.arange(0, n + step, step, dtype=np.float64)
    values = np.atleast_2d(coarse_fn(at / sr))
    fine = np.arange(n, dtype=np.float64)
    return np.stack([np.interp(fine, at, v) for v in values]).astype(np.float32)


# --- controls and envelopes -------------------------------------------------

def random_curve(rng: np.random.Generator, t_s: np.ndarray, rate_hz: float, channels: int = 1) -> np.ndarray:
    """Random values in [0, 1] at points 1/rate seconds apart, joined by
    cosine interpolation and evaluated at times t_s (seconds, from 0)."""
    pos = np.asarray(t_s, np.float64) * rate_hz
    points = rng.random((channels, int(pos.max(initial=0.0)) + 3))
    idx = pos.astype(np.int64)
    w = 0.5 - 0.5 * np.cos(np.pi * (pos - idx))
    return points[:, idx] * (1.0 - w) + points[:, idx + 1] * w


def smooth_random(rng: np.random.Generator, n: int, sr: int, rate_hz: float,
                  lo: float = 0.0, hi: float = 1.0, channels: int = 1) -> np.ndarray:
    """A slow random control in [lo, hi] at audio rate (shape (channels, n)),
    smooth and without filter ringing; see `random_curve`."""
    out = control(lambda t: random_curve(rng, t, rate_hz, channels), n, sr)
    return (lo + (hi - lo) * out).astype(np.float32)


def decay(length: int, sr: int, time_s: float, attack_s: float = 0.002) -> np.ndarray:
    """Fast linear attack then exponential decay (time_s to fall by 60 dB)."""
    t = np.arange(length, dtype=np.float32) / sr
    env = np.exp(-6.9078 * t / max(time_s, 1e-4))
    if attack_s > 0:
        env *= np.minimum(1.0, t / attack_s)
    return env.astype(np.float32)


def adsr(length: int, sr: int, attack_s: float, release_s: float, sustain: float = 1.0,
         decay_s: float = 0.0) -> np.ndarray:
    t = np.arange(length, dtype=np.float32) / sr
    dur = length / sr
    att = np.minimum(1.0, t / max(attack_s, 1e-4))
    dec = sustain + (1.0 - sustain) * np.exp(-t / max(decay_s, 1e-4)) if decay_s > 0 else 1.0
    rel = np.clip((dur - t) / max(release_s, 1e-4), 0.0, 1.0)
    return (att * dec * rel).astype(np.float32)


# --- oscillators --------------------------------------------------------------

def wavetable(harmonics: np.ndarray, size: int = TABLE_SIZE) -> np.ndarray:
    """One period from harmonic amplitudes (index 0 = fundamental), as sines;
    built by inverse FFT so it holds exactly those partials."""
    spec = np.zeros(size // 2 + 1, np.complex128)
    k = min(harmonics.size, size // 2 - 1)
    spec[1:k + 1] = -1j * harmonics[:k] * size / 2
    table = np.fft.irfft(spec, n=size).astype(np.float32)
    return np.append(table, table[0])  # guard point for interpolation


def harmonic_amps(wave: Oscillator, count: int) -> np.ndarray:
    """Amplitudes of harmonics 1..count: the kept ones at 1/k**rolloff, signs
    flipping between kept harmonics when the oscillator alternates."""
    k = np.arange(1, count + 1, dtype=np.float64)
    if wave.harmonics is Harmonics.NONE:
        return (k == 1).astype(np.float64)
    kept = k % 2 == 1 if wave.harmonics is Harmonics.ODD else np.ones(count, bool)
    order = np.cumsum(kept) - 1  # index of each kept harmonic among the kept
    sign = np.where(order % 2 == 0, 1.0, -1.0) if wave.alternate else 1.0
    return np.where(kept, sign / k ** wave.rolloff, 0.0)


def band_limited_table(wave: Oscillator, max_freq_hz: float, sr: int) -> np.ndarray:
    """A table for `wave`, peak 1, holding only the harmonics below Nyquist at
    max_freq_hz, so it cannot alias when played at or below that pitch."""
    count = max(1, min(TABLE_SIZE // 2 - 1, int((sr / 2) / max(max_freq_hz, 1e-3))))
    table = wavetable(harmonic_amps(wave, count))
    return table / np.float32(max(float(np.max(np.abs(table))), 1e-9))


def play_table(table: np.ndarray, freq_hz: float | np.ndarray, n: int, sr: int, phase0: float = 0.0) -> np.ndarray:
    """Read a wavetable at a constant or per-sample frequency, linear interpolation."""
    if np.ndim(freq_hz) == 0:
        phase = phase0 + np.arange(n, dtype=np.float64) * (float(freq_hz) / sr)
    else:
        phase = phase0 + np.concatenate(([0.0], np.cumsum(np.asarray(freq_hz, np.float64)[:-1]))) / sr
    pos = (phase - np.floor(phase)) * (table.size - 1)
    idx = pos.astype(np.int64)
    frac = (pos - idx).astype(np.float32)
    return table[idx] * (1.0 - frac) + table[idx + 1] * frac


def sweep_sine(f0: float, f1: float, n: int, sr: int, curve: float = 1.0) -> np.ndarray:
    """A sine gliding exponentially-ish from f0 to f1 over n samples."""
    u = (np.arange(n, dtype=np.float64) / max(n - 1, 1)) ** curve
    freq = f0 * (f1 / f0) ** u
    phase = np.cumsum(freq) / sr
    return np.sin(2 * np.pi * phase).astype(np.float32)


# --- events -------------------------------------------------------------------

def scatter(n: int, starts: np.ndarray, grains: np.ndarray) -> np.ndarray:
    """Sum grains (k, L) into a length-n track at the given start samples.

    bincount does the overlapping adds in one vectorised call; grains that
    run past the end are cut.
    """
    if starts.size == 0 or n == 0:
        return np.zeros(n, np.float32)
    length = grains.shape[1]
    idx = starts.astype(np.int64)[:, None] + np.arange(length)[None, :]
    keep = idx < n
    out = np.bincount(idx[keep], weights=grains[keep].astype(np.float64), minlength=n)
    return out[:n].astype(np.float32)


def poisson_times(rng: np.random.Generator, rate_hz: float, n: int, sr: int) -> np.ndarray:
    """Start samples of events arriving at random with the given mean rate."""
    count = rng.poisson(rate_hz * n / sr) if n else 0
    return np.sort(rng.integers(0, max(n, 1), size=count))


def pan(mono: np.ndarray, position: float | np.ndarray) -> np.ndarray:
    """Equal-power pan, position -1 (left) to 1 (right)."""
    angle = (np.asarray(position, np.float32) + 1.0) * (np.pi / 4)
    return np.stack([mono * np.cos(angle), mono * np.sin(angle)]).astype(np.float32)


def normalize_rms(x: np.ndarray, rms_db: float, peak_db: float = -3.0) -> np.ndarray:
    """Scale to a target RMS, then down if needed so the peak stays below peak_db."""
    rms = float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) if x.size else 0.0
    if rms < 1e-9:
        return x.astype(np.float32)
    y = x * (db_to_gain(rms_db) / rms)
    peak = float(np.max(np.abs(y)))
    limit = db_to_gain(peak_db)
    if peak > limit:
        y = y * (limit / peak)
    return y.astype(np.float32)
