"""Plain tones and one-shot sound effects, from their recipes.

`tone` plays a band-limited oscillator (wavetables hold only the harmonics
below Nyquist, so square and saw do not alias); `sfx` renders an effect's
recipe (a noise sweep, a falling tone, a bell or a click) at its length.
Both return stereo float32 (2, n). No effect is known by name here.
"""

from __future__ import annotations

import numpy as np

from scenec.compiler.plan import Harmonics, Oscillator, SfxGenerator, SfxRecipe
from scenec.runtime.audio import dsp
from scenec.runtime.audio.errors import AudioError

SINE = Oscillator(Harmonics.NONE)
TONE_PEAK = 0.5  # -6 dBFS, leaves room for the mix
_EDGE_S = 0.005  # de-click ramps


def tone(freq_hz: float, wave: Oscillator = SINE, duration_s: float = 1.0, sr: int = 48000,
         first: int = 0, count: int | None = None) -> np.ndarray:
    """A steady tone at freq_hz, with 5 ms ramps so it starts and stops without a click:
    samples [first, first + count) of it (by default all of it).

    Each sample's phase comes from its absolute index alone, so any window of a
    long tone is that sample range of the whole, bit for bit, and windows join
    with no phase step and no crossfade.
    """
    if not 0 < freq_hz < sr / 2:
        raise AudioError(f"tone frequency must be between 0 and {sr / 2:g} Hz, got {freq_hz:g}")
    count = dsp.sample_range("tone", duration_s, sr, first, count)
    n = dsp.n_samples(duration_s, sr)
    table = dsp.band_limited_table(wave, freq_hz, sr)
    index = np.arange(first, first + count, dtype=np.int64)
    # The phase in cycles, reduced exactly in integers first (index * freq / sr mod 1 =
    # (index mod period) * freq / sr when the period is whole) to keep float64 precise far in.
    cycles = _cycles(index, freq_hz, sr)
    pos = cycles * (table.size - 1)
    idx = pos.astype(np.int64)
    frac = (pos - idx).astype(np.float32)
    mono = (table[idx] * (1.0 - frac) + table[idx + 1] * frac) * np.float32(TONE_PEAK)
    ramp = min(int(_EDGE_S * sr), n // 2)
    if ramp:
        edge = np.float32(1.0 / max(ramp - 1, 1))
        head, tail = index < ramp, index >= n - ramp
        mono[head] *= index[head].astype(np.float32) * edge
        mono[tail] *= (n - 1 - index[tail]).astype(np.float32) * edge
    return np.stack([mono, mono]).astype(np.float32)


def _cycles(index: np.ndarray, freq_hz: float, sr: int) -> np.ndarray:
    """The fractional phase, in [0, 1), of samples `index` of a tone at freq_hz."""
    # Splitting the index at a multiple of sr keeps the float product small: sr samples
    # are freq_hz whole cycles plus the fraction freq_hz mod 1.
    seconds, within = np.divmod(index, sr)
    phase = (seconds.astype(np.float64) * (freq_hz % 1.0)) % 1.0 + within.astype(np.float64) * (freq_hz / sr)
    return phase - np.floor(phase)


def _sweep_noise(rng: np.random.Generator, n: int, sr: int, lo_hz: float, hi_hz: float) -> np.ndarray:
    """Noise whose pass band glides lo -> hi -> lo over the sound: a set of
    log-spaced bands, each faded in when the sweep passes it."""
    centres = np.geomspace(lo_hz, hi_hz, 8)
    u = np.linspace(0.0, 1.0, n, dtype=np.float32)
    sweep = np.sin(np.pi * u)  # 0 -> 1 -> 0 across the bands
    out = np.zeros((2, n), np.float32)
    for i, centre in enumerate(centres):
        band = dsp.shaped_noise(rng, n, sr, dsp.resonance(float(centre), 2.5))
        weight = np.exp(-((sweep * (len(centres) - 1) - i) ** 2) / 1.5)
        out += band * weight
    return out * np.sin(np.pi * u) ** 2


def _whoosh(n: int, sr: int, rng: np.random.Generator, lo: float = 200, hi: float = 5000) -> np.ndarray:
    out = _sweep_noise(rng, n, sr, lo, hi)
    position = np.linspace(-0.8, 0.8, n, dtype=np.float32)
    angle = (position + 1) * (np.pi / 4)
    return np.stack([out[0] * np.cos(angle), out[1] * np.sin(angle)]) * np.sqrt(2)


def _bell(n: int, sr: int, rng: np.random.Generator, f0: float, decay_s: float) -> np.ndarray:
    """Inharmonic partials, higher ones dying sooner; the ear reads this as a bell."""
    t = np.arange(n, dtype=np.float64) / sr
    out = np.zeros((2, n), np.float64)
    for ratio, amp in ((1.0, 1.0), (2.0, 0.5), (2.76, 0.45), (5.40, 0.25), (8.93, 0.12)):
        for ch, detune in enumerate((1.0, 1.0015)):
            out[ch] += amp * np.sin(2 * np.pi * f0 * ratio * detune * t) * np.exp(-t * 6.9 / (decay_s / ratio ** 0.7))
    return (out * np.minimum(1.0, t / 0.002)).astype(np.float32)


def _drop(n: int, sr: int, rng: np.random.Generator, f0: float, f1: float, noise: float, decay_s: float) -> np.ndarray:
    """A sine falling in pitch with a fast decay, plus a muffled noise hit."""
    body = dsp.sweep_sine(f0, f1, n, sr, curve=0.4) * dsp.decay(n, sr, decay_s, attack_s=0.003)
    hit = dsp.shaped_noise(rng, n, sr, dsp.lowpass(400, 2), channels=1)[0] * dsp.decay(n, sr, 0.08)
    mono = body + noise * hit
    return np.stack([mono, mono])


def _click(n: int, sr: int, rng: np.random.Generator, low_hz: float, decay_s: float) -> np.ndarray:
    """A burst of noise above `low_hz`, gone within `decay_s`."""
    burst = dsp.shaped_noise(rng, n, sr, dsp.highpass(low_hz, 2), channels=1)[0] * dsp.decay(n, sr, decay_s, attack_s=0.0)
    return np.stack([burst, burst])


def _render_sfx(recipe: SfxRecipe, n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    match recipe.generator:
        case SfxGenerator.NOISE:
            low, high = sorted((recipe.base_hz, recipe.end_hz))
            return _whoosh(n, sr, rng, low, max(high, low * 1.01))
        case SfxGenerator.BELL:
            return _bell(n, sr, rng, recipe.base_hz, recipe.decay_s)
        case SfxGenerator.TONE:
            return _drop(n, sr, rng, recipe.base_hz, recipe.end_hz, recipe.noise_mix, recipe.decay_s)
        case SfxGenerator.IMPULSE:
            return _click(n, sr, rng, recipe.base_hz, recipe.decay_s)
    raise AudioError(f"unknown sound effect generator {recipe.generator!r}")


def sfx(recipe: SfxRecipe, sr: int = 48000, seed: int = 0) -> np.ndarray:
    """Render a one-shot effect at its recipe's length, peaking at its `peak_db`."""
    if recipe.base_hz >= sr / 2 or recipe.end_hz >= sr / 2:
        raise AudioError(f"effect frequencies must be below {sr / 2:g} Hz, got {recipe.base_hz:g} and {recipe.end_hz:g}")
    n = dsp.n_samples(recipe.length_s, sr)
    out = _render_sfx(recipe, n, sr, dsp.rng_for(seed, "sfx", recipe.generator.value)).astype(np.float32)
    peak = float(np.max(np.abs(out))) if out.size else 0.0
    return out * np.float32(dsp.db_to_gain(recipe.peak_db) / peak) if peak > 0 else out
