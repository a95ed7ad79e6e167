"""Ambient beds made by people and machines, plus space: traffic, crowd, cafe,
room, hum and drone.

Same contract as `nature`: (n_samples, sample_rate, rng) -> stereo float32
at an arbitrary level.
"""

from __future__ import annotations

import numpy as np

from scenec.runtime.audio import dsp

# (F1, F2, F3) of a few vowels; a babble of voices is noise pushed through these.
_VOWELS = ((730, 1090, 2440), (270, 2290, 3010), (530, 1840, 2480), (570, 840, 2410), (300, 870, 2240))


def traffic(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Low rumble, cars swelling past from side to side, and now and then a distant horn."""
    rumble = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.brown, dsp.lowpass(180, 2)))
    hum = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.bandpass(150, 900, 1), dsp.pink))
    traffic = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.bandpass(90, 3000, 1), dsp.pink))
    env = np.zeros((2, n), np.float32)
    when = rng.uniform(-2.0, 1.0)
    while when < n / sr + 3:
        width, strength = rng.uniform(1.2, 3.0), rng.uniform(0.4, 1.0)
        direction = rng.choice((-1.0, 1.0))
        lo, hi = max(0, int((when - 3 * width) * sr)), min(n, int((when + 3 * width) * sr))
        if lo < hi:
            t = (np.arange(lo, hi, dtype=np.float32) / sr - when) / width
            bump = strength * np.exp(-t * t * 2)
            position = np.clip(direction * t / 1.5, -1, 1)
            env[:, lo:hi] += dsp.pan(bump, position) * np.sqrt(2)
        when += rng.exponential(2.5) + 0.4
    out = 0.9 * rumble + 0.35 * hum + 0.8 * traffic * env
    when = rng.uniform(1.0, 8.0)
    while when < n / sr:
        length = int(rng.uniform(0.25, 0.8) * sr)
        start = int(when * sr)
        pitch = rng.uniform(330, 480)
        table = dsp.band_limited_table(dsp.SQUARE, pitch * 6, sr)  # distance dulls the horn
        note = 0.5 * (dsp.play_table(table, pitch, length, sr) + dsp.play_table(table, pitch * 1.26, length, sr))
        note *= dsp.adsr(length, sr, 0.02, 0.08)
        piece = dsp.pan(note * rng.uniform(0.05, 0.12), rng.uniform(-0.7, 0.7))[:, : n - start]
        out[:, start:start + piece.shape[1]] += piece
        when += rng.exponential(12.0) + 3.0
    return out


def _voice_layer(n: int, sr: int, rng: np.random.Generator, vowel: tuple[int, int, int], talkers: int) -> np.ndarray:
    """Several talkers sharing one vowel colour: voiced buzz and breath through
    formant peaks, gated by syllable-rate and phrase-rate envelopes."""
    f1, f2, f3 = vowel
    formant = dsp.product(dsp.highpass(120, 1), dsp.lowpass(4000, 1),
                          lambda f: dsp.resonance(f1, 4)(f) + 0.6 * dsp.resonance(f2, 6)(f) + 0.3 * dsp.resonance(f3, 8)(f))
    pitch = dsp.smooth_random(rng, n, sr, 3.0, 95, 230, channels=1)[0]
    buzz = dsp.play_table(dsp.band_limited_table(dsp.SAW, 240, sr), pitch, n, sr)
    voiced = dsp.filter_signal(buzz, sr, formant)
    voiced *= 1.0 / max(float(np.sqrt(np.mean(voiced ** 2))), 1e-9)
    breath = dsp.shaped_noise(rng, n, sr, formant)
    syllable_rate = rng.uniform(4.0, 6.5)
    positions = rng.uniform(-0.9, 0.9, talkers)

    def gates(t_s: np.ndarray) -> np.ndarray:
        syllables = dsp.random_curve(rng, t_s, syllable_rate, talkers) ** 3
        phrases = np.clip(dsp.random_curve(rng, t_s, 0.4, talkers) * 3 - 1.0, 0, 1)
        return sum(dsp.pan(syllables[i] * phrases[i], positions[i]) for i in range(talkers))

    gate = dsp.control(gates, n, sr)
    # Talkers share the buzz but each has its own breath side, so they blur into babble.
    return (0.7 * voiced[None, :] + 0.3 * breath) * gate


def crowd(n: int, sr: int, rng: np.random.Generator, layers: int = 3) -> np.ndarray:
    """Babble: many voices as formant-filtered buzz and breath, on a murmur bed."""
    out = 0.25 * dsp.shaped_noise(rng, n, sr, dsp.product(dsp.bandpass(150, 2500, 1), dsp.pink))
    picks = rng.permutation(len(_VOWELS))[:layers]
    for index in picks:
        out += _voice_layer(n, sr, rng, _VOWELS[int(index)], talkers=4)
    return out


def _room_tone(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    air = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.pink, dsp.bandpass(40, 2500, 1)))
    hvac = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.bandpass(90, 350, 2), dsp.pink))
    return 0.6 * air + 0.4 * hvac


def room(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Room tone: soft air and ventilation with the faintest mains hum."""
    return _room_tone(n, sr, rng) + 0.05 * hum(n, sr, rng)


def cafe(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Room tone with quiet conversations and the clink of cups."""
    out = 0.5 * _room_tone(n, sr, rng) + 0.45 * crowd(n, sr, rng, layers=2)
    length = int(0.25 * sr)
    t = np.arange(length, dtype=np.float32)[None, :] / sr
    for ch in range(2):
        at = dsp.poisson_times(rng, 0.35, n, sr)
        base = rng.uniform(2200, 4200, (at.size, 1)).astype(np.float32)
        grain = sum(np.sin(2 * np.pi * base * r * t) * np.exp(-t / (0.06 / r)) / r for r in (1.0, 2.32, 4.25))
        out[ch] += 0.25 * dsp.scatter(n, at, grain * rng.uniform(0.3, 1.0, (at.size, 1)))
    return out


def hum(n: int, sr: int, rng: np.random.Generator, fundamental_hz: float = 60.0,
        voice: np.random.Generator | None = None, at_s: float = 0.0) -> np.ndarray:
    """Mains hum: the fundamental and its harmonics with a little buzz and a slow wobble.

    Its pitch and phases are drawn from `voice` (by default `rng`) and it is played from
    `at_s` seconds into the bed, so blocks of one long bed given one voice hum in phase.
    """
    voice = rng if voice is None else voice
    t = at_s + np.arange(n, dtype=np.float64) / sr
    base = fundamental_hz * (1 + voice.uniform(-0.002, 0.002))
    wave = sum(a * np.sin(2 * np.pi * ((base * k * t) % 1.0) + voice.uniform(0, 2 * np.pi))
               for k, a in ((1, 1.0), (2, 0.6), (3, 0.35), (4, 0.2), (5, 0.12), (7, 0.06), (9, 0.04)))
    wobble = dsp.smooth_random(rng, n, sr, 0.3, 0.85, 1.0, channels=2)
    hiss = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.pink, dsp.lowpass(3000, 1)))
    return wave.astype(np.float32)[None, :] * wobble + 0.05 * hiss


def drone(n: int, sr: int, rng: np.random.Generator, voice: np.random.Generator | None = None) -> np.ndarray:
    """Deep drones: slowly evolving clusters of sines, faintly detuned between ears. The
    root is drawn from `voice` (by default `rng`): blocks of one long bed keep one root."""
    root = 55.0 * 2 ** (int((rng if voice is None else voice).integers(-3, 5)) / 12)
    ratios = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0 * 1.004, 5.04, 6.0 * 0.997)
    # Every partial is below ~500 Hz, so the drone is rendered at a low rate
    # and resampled up once.
    low_sr = 2000
    m = max(1, int(n * low_sr / sr))
    t = np.arange(m, dtype=np.float64) / low_sr
    drone = np.zeros((2, m), np.float64)
    for ratio in ratios:
        level = dsp.smooth_random(rng, m, low_sr, rng.uniform(0.04, 0.15), channels=1)[0] ** 2
        drift = dsp.smooth_random(rng, m, low_sr, 0.05, -0.004, 0.004, channels=1)[0]
        for ch, detune in enumerate((1.0, 1.0 + rng.uniform(0.0005, 0.002))):
            freq = root * ratio * detune * (1 + drift)
            phase = 2 * np.pi * np.cumsum(freq.astype(np.float64)) / low_sr + rng.uniform(0, 2 * np.pi)
            drone[ch] += np.sin(phase) * level / ratio ** 0.5
    del t
    out = dsp.upsample(drone, n)
    sub = dsp.shaped_noise(rng, n, sr, dsp.product(dsp.brown, dsp.lowpass(90, 2)))
    shimmer = dsp.shaped_noise(rng, n, sr, dsp.resonance(root * 32, 30))
    shimmer *= dsp.smooth_random(rng, n, sr, 0.08, channels=2) ** 3
    return out + 0.3 * sub + 0.15 * shimmer
