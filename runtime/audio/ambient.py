"""Ambient sound beds from their recipes: `ambient(recipe, 10.0, 48000, seed)`.

The recipe's generator picks the synthesis algorithm (`texture` for the
generic `noise` bed, or a hand-shaped one in `nature` or `urban`), which
reads the recipe's numbers it uses; the result is stereo float32 of exactly
round(duration_s * sr) samples at the recipe's loudness (`level_db` dBFS
RMS, peaks at most -3 dBFS). The runtime holds no table of sound names:
every bed, built-in or from a user's knowledge, arrives as its recipe.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scenec.compiler.plan import AmbientGenerator, AmbientRecipe
from scenec.runtime.audio import dsp, nature, urban
from scenec.runtime.audio.errors import AudioError
from scenec.runtime.audio.texture import texture

Generator = Callable[[int, int, np.random.Generator, AmbientRecipe], np.ndarray]

# Synthesis algorithms by kind (the plan's closed set), not sounds by name.
_GENERATORS: dict[AmbientGenerator, Generator] = {
    AmbientGenerator.NOISE: texture,
    AmbientGenerator.SURF: lambda n, sr, rng, r: nature.surf(n, sr, rng),
    AmbientGenerator.RAIN: lambda n, sr, rng, r: nature.rain(n, sr, rng, band_hz=r.band_hz, drop_rate_hz=r.event_rate_hz),
    AmbientGenerator.WIND: lambda n, sr, rng, r: nature.wind(n, sr, rng),
    AmbientGenerator.STORM: lambda n, sr, rng, r: nature.storm(n, sr, rng),
    AmbientGenerator.FLOW: lambda n, sr, rng, r: nature.flow(n, sr, rng, r.band_hz, r.swell_hz, r.swell_depth, r.event_rate_hz),
    AmbientGenerator.FIRE: lambda n, sr, rng, r: nature.fire(n, sr, rng, crackle_rate_hz=r.event_rate_hz),
    AmbientGenerator.FOREST: lambda n, sr, rng, r: nature.forest(n, sr, rng, phrase_rate_hz=r.event_rate_hz),
    AmbientGenerator.CRICKETS: lambda n, sr, rng, r: nature.crickets(n, sr, rng),
    AmbientGenerator.TRAFFIC: lambda n, sr, rng, r: urban.traffic(n, sr, rng),
    AmbientGenerator.CROWD: lambda n, sr, rng, r: urban.crowd(n, sr, rng),
    AmbientGenerator.CAFE: lambda n, sr, rng, r: urban.cafe(n, sr, rng),
    AmbientGenerator.ROOM: lambda n, sr, rng, r: urban.room(n, sr, rng),
}
# Beds with a pitch: their voice (pitch, phases) is drawn apart from their noise, so the
# blocks of a long bed, each with its own noise, keep one voice; a hum also keeps its phase.
_VOICED: dict[AmbientGenerator, Callable[..., np.ndarray]] = {
    AmbientGenerator.HUM: lambda n, sr, rng, r, voice, at_s: urban.hum(n, sr, rng, r.band_hz[0], voice, at_s),
    AmbientGenerator.DRONE: lambda n, sr, rng, r, voice, at_s: urban.drone(n, sr, rng, voice),
}
# A hum is one steady tone in every block, so blocks of it join by a linear crossfade
# (equal power would swell a signal that is the same on both sides).
COHERENT = frozenset({AmbientGenerator.HUM})

PEAK_DB = -3.0


def ambient(recipe: AmbientRecipe, duration_s: float, sr: int = 48000, seed: int = 0,
            voice_seed: int | None = None, at_s: float = 0.0) -> np.ndarray:
    """Render the recipe's bed as (2, n) float32: its noise from `seed`, a voiced bed's
    pitch from `voice_seed` (by default `seed`), played from `at_s` seconds into the bed."""
    if not duration_s >= 0:
        raise AudioError(f"ambient duration must be zero or more seconds, got {duration_s}")
    n = dsp.n_samples(duration_s, sr)
    if n == 0:
        return np.zeros((2, 0), np.float32)
    rng = dsp.rng_for(seed, "ambient", recipe.generator.value)
    if recipe.generator in _VOICED:
        voice = dsp.rng_for(seed if voice_seed is None else voice_seed, "ambient", recipe.generator.value, "voice")
        out = _VOICED[recipe.generator](n, sr, rng, recipe, voice, at_s)
    else:
        out = _GENERATORS[recipe.generator](n, sr, rng, recipe)
    out = out - out.mean(axis=1, keepdims=True)  # no DC offset from the low layers
    return dsp.normalize_rms(out, recipe.level_db, PEAK_DB)
