"""Ambient beds from nature: surf, rain, wind, storm, flowing water, fire,
forest and crickets.

Each generator takes (n_samples, sample_rate, rng) and returns stereo
float32 at an arbitrary level; `ambient.ambient` sets the loudness. Sounds are
layers of noise shaped in the frequency domain, slow random controls and
scattered events (drops, crackles, chirps, bubbles, thunder).
"""

from __future__ import annotations

import numpy as np

from scenec.runtime.audio import dsp


def surf(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Surf: each wave builds for a few seconds, breaks bright, then washes out."""
    events = []
    crash = rng.uniform(0.5, 4.0)
    while crash < n / sr + 6.0:
        events.append((crash, rng.uniform(0.55, 1.0), rng.uniform(2.0, 3.5), rng.uniform(2.0, 3.5)))
        crash += rng.uniform(6.0, 10.0)

    def envelopes(t_s: np.ndarray) -> np.ndarray:
        swell = np.zeros_like(t_s)
        wash = np.zeros_like(t_s)
        for when, strength, build, fall in events:
            t = t_s - when
            rise = np.exp(-((np.minimum(t, 0) / build) ** 2))
            swell += strength * np.where(t < 0, rise, np.exp(-np.maximum(t, 0) / fall))
            # The foam hiss peaks just after the break and lingers.
            wash += strength * np.where(t < 0, rise ** 4, np.exp(-np.maximum(t, 0) / (1.4 * fall)) * np.minimum(1, 4 * t + 0.6))
        return np.stack([swell, wash])

    swell, wash = dsp.control(envelopes, n, sr)
    rumble = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.lowpass(350), dsp.pink))
    surf = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.bandpass(300, 9000, 1), dsp.pink))
    bed = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.bandpass(100, 2500), dsp.pink))
    return rumble * (0.15 + 0.9 * swell) + surf * (0.9 * wash ** 1.5) + 0.08 * bed


def rain(n: int, sr: int, rng: np.random.Generator, heavy: float = 1.0,
         band_hz: tuple[float, float] = (500.0, 14000.0), drop_rate_hz: float = 25.0) -> np.ndarray:
    """Steady bright hiss in `band_hz` with a dense crackle of small drops and
    `drop_rate_hz` larger plinks a second (per ear)."""
    bed = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.pink, dsp.bandpass(band_hz[0], band_hz[1], 2)))
    bed *= dsp.smooth_random(rng, n, sr, 0.4, 0.85, 1.0, channels=2)
    out = 0.6 * heavy * bed
    # Thousands of tiny drops a second: impulses filtered bright in one FFT.
    clicks = np.zeros((2, n), np.float32)
    for ch in range(2):
        at = dsp.poisson_times(rng, 1800 * heavy, n, sr)
        np.add.at(clicks[ch], at, rng.lognormal(0.0, 0.7, at.size).astype(np.float32))
    out += 0.9 * dsp.filter_signal(clicks, sr, dsp.product(dsp.highpass(2500, 2), dsp.lowpass(11000, 1))) * 0.12
    # Bigger drops: short decaying tones with a small upward glide, like water hitting water.
    length = int(0.03 * sr)
    for ch in range(2):
        at = dsp.poisson_times(rng, drop_rate_hz * heavy, n, sr)
        t = np.arange(length, dtype=np.float32)[None, :] / sr
        f0 = rng.uniform(1500, 4500, (at.size, 1)).astype(np.float32)
        grain = np.sin(2 * np.pi * f0 * t * (1 + 8 * t)) * np.exp(-t / rng.uniform(0.003, 0.008, (at.size, 1)))
        out[ch] += 0.35 * dsp.scatter(n, at, grain * rng.uniform(0.3, 1.0, (at.size, 1)))
    return out


def wind(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Band-passed rush rising and falling in gusts, with a faint whistle at the peaks."""
    gust = dsp.smooth_random(rng, n, sr, 0.25, channels=1)[0] * 0.7 + dsp.smooth_random(rng, n, sr, 1.1, channels=1)[0] * 0.3
    body = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.bandpass(80, 700, 2), dsp.pink))
    rush = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.bandpass(250, 2200, 2), dsp.pink))
    out = body * (0.25 + 0.75 * gust) + rush * (0.6 * gust ** 2)
    jitter = dsp.smooth_random(rng, n, sr, 3.0, -1.0, 1.0, channels=1)[0]
    base = rng.uniform(550, 800)
    for ch, detune in enumerate((1.0, 1.013)):
        freq = (base + 500 * gust + 25 * jitter) * detune
        whistle = np.sin(2 * np.pi * np.cumsum(freq.astype(np.float64)) / sr).astype(np.float32)
        out[ch] += 0.12 * whistle * np.clip(gust - 0.45, 0, None) ** 2 * 4
    return out


def storm(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Heavy rain with gusts and rolling thunder (one early strike, then every ~12 s)."""
    out = rain(n, sr, rng, heavy=1.4) + 0.5 * wind(n, sr, rng)
    rumble_env = np.zeros(n, np.float32)
    crack_env = np.zeros(n, np.float32)
    when = rng.uniform(0.15, 0.35) * min(n / sr, 6.0)
    while when < n / sr:
        start = int(when * sr)
        attack, tail = rng.uniform(0.05, 0.3), rng.uniform(2.5, 6.0)
        hi = min(n, start + int((attack + tail * 1.5) * sr))
        t = np.arange(hi - start, dtype=np.float32) / sr
        env = np.minimum(1, t / attack) * np.exp(-np.maximum(t - attack, 0) / (tail / 3))
        strength = rng.uniform(0.6, 1.0)
        rumble_env[start:hi] += strength * env
        crack_env[start:hi] += strength * rng.uniform(0.3, 1.0) * np.exp(-t / 0.12) * np.minimum(1, t / 0.005)
        when += rng.uniform(8.0, 16.0)
    roll = dsp.smooth_random(rng, n, sr, 6.0, 0.4, 1.0, channels=1)[0]
    rumble = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.brown, dsp.lowpass(160, 2)))
    crack = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.pink, dsp.bandpass(200, 6000, 1)))
    return out + 2.5 * rumble * rumble_env * roll + 1.2 * crack * crack_env


def _bubbles(n: int, sr: int, rng: np.random.Generator, rate_hz: float) -> np.ndarray:
    """Bubble grains: short decaying sines whose pitch rises, the sound of
    water; pitch is log-normal so most bubbles are small and high."""
    out = np.zeros((2, n), np.float32)
    length = int(0.035 * sr)
    t = np.arange(length, dtype=np.float32)[None, :] / sr
    for ch in range(2):
        at = dsp.poisson_times(rng, rate_hz, n, sr)
        f0 = np.clip(rng.lognormal(np.log(700), 0.45, (at.size, 1)), 250, 3000).astype(np.float32)
        tau = rng.uniform(0.004, 0.015, (at.size, 1)).astype(np.float32)
        phase = 2 * np.pi * f0 * (t + 0.5 * t * t / np.maximum(tau * 3, 1e-3))
        grain = np.sin(phase) * np.exp(-t / tau) * np.minimum(1, t * sr / 8)
        out[ch] = dsp.scatter(n, at, grain * rng.uniform(0.2, 1.0, (at.size, 1)))
    return out


def flow(n: int, sr: int, rng: np.random.Generator, band_hz: tuple[float, float], burble_hz: float,
         burble_depth: float, bubble_rate_hz: float) -> np.ndarray:
    """Running water: broadband flow in `band_hz` whose level burbles at
    `burble_hz` by `burble_depth`, plus `bubble_rate_hz` bubbles a second.
    A brook is bright and bubbly, a river deeper, steadier and fuller."""
    flow_noise = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.bandpass(band_hz[0], band_hz[1], 1), dsp.pink))
    flow_noise *= dsp.smooth_random(rng, n, sr, max(burble_hz, 0.01), 1.0 - burble_depth, 1.0, channels=2)
    return 0.7 * flow_noise + 0.6 * _bubbles(n, sr, rng, bubble_rate_hz)


def fire(n: int, sr: int, rng: np.random.Generator, crackle_rate_hz: float = 40.0) -> np.ndarray:
    """Low roar with hiss, and crackles: bursts of sharp clicks with heavy-tailed loudness."""
    roar = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.brown, dsp.lowpass(300, 2)))
    roar *= dsp.smooth_random(rng, n, sr, 2.0, 0.55, 1.0, channels=2)
    hiss = dsp.shaped_noise(rng, n, sr, dsp.bandpass(1800, 8000, 1))
    hiss *= dsp.smooth_random(rng, n, sr, 1.5, 0.2, 1.0, channels=2)
    flare = dsp.smooth_random(rng, n, sr, 0.7, channels=1)[0] ** 2
    clicks = np.zeros((2, n), np.float32)
    for ch in range(2):
        at = dsp.poisson_times(rng, crackle_rate_hz, n, sr)
        at = at[rng.random(at.size) < flare[at] + 0.15]  # crackles come in clusters
        np.add.at(clicks[ch], at, np.minimum(rng.pareto(2.2, at.size) + 0.3, 2.5).astype(np.float32))
    crackle = dsp.filter_signal(clicks, sr, dsp.product(dsp.highpass(1200, 2), dsp.lowpass(9000, 1)))
    return 1.0 * roar + 0.12 * hiss + 0.5 * crackle


def _leaves(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    rustle = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.bandpass(1500, 9000, 1), dsp.pink))
    air = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.lowpass(500), dsp.pink))
    breeze = dsp.smooth_random(rng, n, sr, 0.3, channels=1)[0] ** 2
    return rustle * (0.1 + 0.5 * breeze) + 0.3 * air * (0.5 + 0.5 * breeze)


def _chirp(length: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """One bird note: a fast FM sweep with a smooth window."""
    t = np.arange(length, dtype=np.float32) / sr
    dur = length / sr
    start, end = rng.uniform(2500, 5500), rng.uniform(2000, 6500)
    vib_rate, vib_depth = rng.uniform(15, 60), rng.uniform(100, 700)
    freq = start + (end - start) * (t / dur) ** rng.uniform(0.5, 2.0) + vib_depth * np.sin(2 * np.pi * vib_rate * t)
    phase = 2 * np.pi * np.cumsum(freq) / sr
    return (np.sin(phase) * np.sin(np.pi * t / dur) ** 2).astype(np.float32)


def forest(n: int, sr: int, rng: np.random.Generator, phrase_rate_hz: float = 0.55) -> np.ndarray:
    """Wind in leaves with birds singing short phrases of FM chirps, about
    `phrase_rate_hz` phrases a second."""
    out = _leaves(n, sr, rng)
    birds = np.zeros((2, n), np.float32)
    when = rng.uniform(0.05, 0.6)
    while when < n / sr:
        position = rng.uniform(-0.8, 0.8)
        gain = rng.uniform(0.3, 1.0)
        note = when
        for _ in range(int(rng.integers(2, 7))):
            length = int(rng.uniform(0.04, 0.16) * sr)
            start = int(note * sr)
            if start >= n:
                break
            piece = dsp.pan(_chirp(length, sr, rng) * gain, position)[:, : n - start]
            birds[:, start:start + piece.shape[1]] += piece
            note += length / sr + rng.uniform(0.03, 0.15)
        when = note + rng.exponential(1.0 / max(phrase_rate_hz, 1e-3))
    return out + 0.6 * birds


def crickets(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Crickets: trains of short pulses on a high carrier, grouped in chirps, over a still bed."""
    t = np.arange(n, dtype=np.float64) / sr
    out = 0.35 * _leaves(n, sr, rng)
    for _ in range(3):
        carrier = rng.uniform(3800, 5200)
        chirp_rate, pulse_rate = rng.uniform(1.2, 3.0), rng.uniform(25, 40)
        pulses = int(rng.integers(3, 6))
        offset = rng.random()
        cycle = (t * chirp_rate + offset) % 1.0
        within = cycle / chirp_rate  # seconds since this chirp began
        gate = within < pulses / pulse_rate
        env = np.where(gate, np.sin(np.pi * pulse_rate * within) ** 2, 0.0)
        tone = np.sin(2 * np.pi * carrier * t) * env
        out += dsp.pan((tone * rng.uniform(0.15, 0.35)).astype(np.float32), rng.uniform(-0.9, 0.9))
    return out
