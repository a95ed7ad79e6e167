"""The generic ambient bed, built from an `AmbientRecipe`'s numbers alone.

Colored noise limited to the recipe's band, its level swelling slowly at
`swell_hz` by `swell_depth`, with short events (drips, crackles, chirps,
clinks...) scattered at `event_rate_hz` a second, each panned at random.
This is what an ambient sound defined only by data (a user's overlay, or a
built-in entry with `generator: noise`) sounds like. Same contract as
`nature`: stereo float32 at an arbitrary level; `ambient` sets the loudness.
"""

from __future__ import annotations

import numpy as np

from scenec.compiler.plan import AmbientRecipe, NoiseColor, SoundEvent
from scenec.runtime.audio import dsp

_COLOR = {NoiseColor.WHITE: None, NoiseColor.PINK: dsp.pink, NoiseColor.BROWN: dsp.brown}
_EVENT_LEVEL = 0.6  # events against a bed of unit-ish level: heard, not dominating
_MAX_EVENTS = 20000  # a sane cap on grains per ear, whatever the rate asks


def _t(length_s: float, sr: int) -> np.ndarray:
    return np.arange(max(1, int(length_s * sr)), dtype=np.float64) / sr


def _grain(event: SoundEvent, sr: int, rng: np.random.Generator) -> np.ndarray:
    """One event as mono float32, at roughly unit peak."""
    match event:
        case SoundEvent.DRIP:  # a small decaying tone gliding up: water hitting water
            t = _t(0.03, sr)
            f0 = rng.uniform(1500, 4500)
            return np.sin(2 * np.pi * f0 * t * (1 + 8 * t)) * np.exp(-t / rng.uniform(0.003, 0.008))
        case SoundEvent.SPLASH:  # a bubble: a sine whose pitch rises as it decays
            t = _t(0.035, sr)
            f0, tau = np.clip(rng.lognormal(np.log(700), 0.45), 250, 3000), rng.uniform(0.004, 0.015)
            return np.sin(2 * np.pi * f0 * (t + 0.5 * t * t / (tau * 3))) * np.exp(-t / tau)
        case SoundEvent.CRACKLE:  # a sharp bright click
            t = _t(0.004, sr)
            return rng.standard_normal(t.size) * np.exp(-t / 0.0006)
        case SoundEvent.CHIRP:  # a bird note: a fast FM sweep under a smooth window
            t = _t(rng.uniform(0.04, 0.16), sr)
            start, end = rng.uniform(2500, 5500), rng.uniform(2000, 6500)
            freq = start + (end - start) * t / t[-1] + rng.uniform(100, 700) * np.sin(2 * np.pi * rng.uniform(15, 60) * t)
            return np.sin(2 * np.pi * np.cumsum(freq) / sr) * np.sin(np.pi * t / t[-1]) ** 2
        case SoundEvent.CRICKET:  # a chirp of a few pulses on a high carrier
            pulses, rate = int(rng.integers(3, 6)), rng.uniform(25, 40)
            t = _t(pulses / rate, sr)
            return np.sin(2 * np.pi * rng.uniform(3800, 5200) * t) * np.sin(np.pi * rate * t) ** 2
        case SoundEvent.CLINK:  # a cup: inharmonic partials, the high ones short
            t = _t(0.25, sr)
            base = rng.uniform(2200, 4200)
            return sum(np.sin(2 * np.pi * base * r * t) * np.exp(-t / (0.06 / r)) / r for r in (1.0, 2.32, 4.25))
        case SoundEvent.HORN:  # a distant two-note car horn
            t = _t(rng.uniform(0.25, 0.8), sr)
            pitch = rng.uniform(330, 480)
            table = dsp.band_limited_table(dsp.SQUARE, pitch * 6, sr)
            tone = dsp.play_table(table, pitch, t.size, sr) + dsp.play_table(table, pitch * 1.26, t.size, sr)
            return 0.5 * tone * dsp.adsr(t.size, sr, 0.02, 0.08)
        case SoundEvent.THUNDER:  # a low rumble that rolls in and dies away over seconds
            t = _t(rng.uniform(3.0, 6.0), sr)
            rumble = dsp.shaped_noise(rng, t.size, sr, dsp.product(dsp.brown, dsp.lowpass(160, 2)), channels=1)[0]
            attack = rng.uniform(0.05, 0.3)
            env = np.minimum(1, t / attack) * np.exp(-np.maximum(t - attack, 0) / (t[-1] / 4))
            return rumble / max(float(np.max(np.abs(rumble))), 1e-9) * env
    raise ValueError(f"no grain for event {event!r}")


def texture(n: int, sr: int, rng: np.random.Generator, recipe: AmbientRecipe) -> np.ndarray:
    """The recipe's bed as (2, n) float32."""
    color = _COLOR[recipe.noise]
    band = dsp.bandpass(recipe.band_hz[0], recipe.band_hz[1], 4)  # steep skirts: the band is what the data says
    shape = band if color is None else dsp.product(color, band)
    out = dsp.shaped_noise(rng, n, sr, shape)
    out /= max(float(np.sqrt(np.mean(out.astype(np.float64) ** 2))), 1e-9)
    if recipe.swell_hz > 0 and recipe.swell_depth > 0:
        out *= dsp.smooth_random(rng, n, sr, recipe.swell_hz, 1.0 - recipe.swell_depth, 1.0, channels=1)
    if recipe.events is not None and recipe.event_rate_hz > 0:
        for at in dsp.poisson_times(rng, recipe.event_rate_hz, n, sr)[:_MAX_EVENTS]:
            grain = _grain(recipe.events, sr, rng).astype(np.float32)[: n - at]
            peak = max(float(np.max(np.abs(grain))), 1e-9)
            piece = dsp.pan(grain * np.float32(_EVENT_LEVEL * rng.uniform(0.4, 1.0) / peak), rng.uniform(-0.8, 0.8))
            out[:, at:at + piece.shape[1]] += piece
    return out
