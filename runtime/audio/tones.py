"""Plain tones and one-shot sound effects.

`tone` plays a band-limited oscillator (wavetables hold only the harmonics
below Nyquist, so square and saw do not alias); `sfx` renders a named effect
at its natural length. Both return stereo float32 (2, n).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scenec.runtime.audio import dsp
from scenec.runtime.audio.errors import AudioError

WAVES: tuple[str, ...] = ("sine", "square", "saw", "triangle")

TONE_PEAK = 0.5  # -6 dBFS, leaves room for the mix
SFX_PEAK_DB = -6.0
_EDGE_S = 0.005  # de-click ramps


def tone(freq_hz: float, wave: str = "sine", duration_s: float = 1.0, sr: int = 48000) -> np.ndarray:
    """A steady tone at freq_hz, with 5 ms ramps so it starts and stops without a click."""
    if wave not in WAVES:
        raise AudioError(f"unknown wave {wave!r}: expected one of {', '.join(WAVES)}")
    if not 0 < freq_hz < sr / 2:
        raise AudioError(f"tone frequency must be between 0 and {sr / 2:g} Hz, got {freq_hz:g}")
    if not duration_s >= 0:
        raise AudioError(f"tone duration must be zero or more seconds, got {duration_s}")
    n = dsp.n_samples(duration_s, sr)
    table = dsp.band_limited_table(wave, freq_hz, sr)
    mono = dsp.play_table(table, freq_hz, n, sr) * np.float32(TONE_PEAK)
    ramp = min(int(_EDGE_S * sr), n // 2)
    if ramp:
        edge = np.linspace(0.0, 1.0, ramp, dtype=np.float32)
        mono[:ramp] *= edge
        mono[n - ramp:] *= edge[::-1]
    return np.stack([mono, mono]).astype(np.float32)


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


def _drop(n: int, sr: int, rng: np.random.Generator, f0: float, f1: float, noise: float) -> np.ndarray:
    """A sine falling in pitch with a fast decay, plus a muffled noise hit."""
    body = dsp.sweep_sine(f0, f1, n, sr, curve=0.4) * dsp.decay(n, sr, n / sr, attack_s=0.003)
    hit = dsp.shaped_noise(rng, n, sr, dsp.lowpass(400, 2), channels=1)[0] * dsp.decay(n, sr, 0.08)
    mono = body + noise * hit
    return np.stack([mono, mono])


def _pop(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    mono = dsp.sweep_sine(900, 350, n, sr, curve=0.5) * dsp.decay(n, sr, n / sr, attack_s=0.001)
    return np.stack([mono, mono])


def _click(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    burst = dsp.shaped_noise(rng, n, sr, dsp.highpass(2000, 2), channels=1)[0] * dsp.decay(n, sr, 0.006, attack_s=0.0)
    return np.stack([burst, burst])


SfxRenderer = Callable[[int, int, np.random.Generator], np.ndarray]

# name -> (length in seconds, renderer)
_SFX: dict[str, tuple[float, SfxRenderer]] = {
    "whoosh": (0.9, lambda n, sr, rng: _whoosh(n, sr, rng)),
    "swoosh": (0.45, lambda n, sr, rng: _whoosh(n, sr, rng, 500, 9000)),
    "chime": (2.5, lambda n, sr, rng: _bell(n, sr, rng, 880.0, 2.5)),
    "ding": (1.2, lambda n, sr, rng: _bell(n, sr, rng, 1318.5, 1.2)),
    "thud": (0.4, lambda n, sr, rng: _drop(n, sr, rng, 140.0, 45.0, 0.6)),
    "boom": (1.8, lambda n, sr, rng: _drop(n, sr, rng, 90.0, 28.0, 1.2)),
    "pop": (0.08, _pop),
    "click": (0.02, _click),
}

SFX_NAMES: tuple[str, ...] = tuple(_SFX)

SFX_ALIASES: dict[str, str] = {
    "swish": "swoosh", "swipe": "swoosh", "woosh": "whoosh", "rush": "whoosh",
    "bell": "chime", "chimes": "chime", "ping": "ding", "notify": "ding",
    "thump": "thud", "knock": "thud", "hit": "thud",
    "impact": "boom", "explosion": "boom", "bang": "boom",
    "bubble": "pop", "plop": "pop", "tick": "click", "tap": "click",
}


def resolve_sfx(name: str) -> str:
    key = name.strip().lower().replace(" ", "").replace("-", "").replace("_", "")
    if key in _SFX:
        return key
    if key in SFX_ALIASES:
        return SFX_ALIASES[key]
    raise AudioError(f"unknown sound effect {name!r}; known effects: {', '.join(SFX_NAMES)}")


def sfx_length_s(name: str) -> float:
    """The natural length of an effect, for callers placing it on a timeline."""
    return _SFX[resolve_sfx(name)][0]


def sfx(name: str, sr: int = 48000, seed: int = 0) -> np.ndarray:
    """Render the named one-shot effect, peaking at -6 dBFS."""
    canonical = resolve_sfx(name)
    length_s, render = _SFX[canonical]
    n = dsp.n_samples(length_s, sr)
    out = render(n, sr, dsp.rng_for(seed, "sfx", canonical)).astype(np.float32)
    peak = float(np.max(np.abs(out)))
    return out * np.float32(dsp.db_to_gain(SFX_PEAK_DB) / peak) if peak > 0 else out
