"""Ambient sound beds by name: `ambient("rain", 10.0, 48000, seed)`.

Names and their synonyms resolve to a generator in `nature` or `urban`; the
result is stereo float32 of exactly round(duration_s * sr) samples, at a
common loudness (about -20 dBFS RMS, peaks at most -3 dBFS) so that volumes
in a scene mean the same thing for every bed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scenec.runtime.audio import dsp, nature, urban
from scenec.runtime.audio.errors import AudioError


Generator = Callable[[int, int, np.random.Generator], np.ndarray]

_GENERATORS: dict[str, Generator] = {
    "waves": nature.waves,
    "rain": nature.rain,
    "wind": nature.wind,
    "city": urban.city,
    "forest": nature.forest,
    "fire": nature.fire,
    "crowd": urban.crowd,
    "space": urban.space,
    "night": nature.night,
    "stream": nature.stream,
    "river": nature.river,
    "storm": nature.storm,
    "cafe": urban.cafe,
    "room": urban.room,
    "hum": urban.hum,
}

AMBIENT_NAMES: tuple[str, ...] = tuple(_GENERATORS)

AMBIENT_ALIASES: dict[str, str] = {
    "ocean": "waves", "sea": "waves", "surf": "waves", "beach": "waves", "shore": "waves",
    "drizzle": "rain", "rainfall": "rain",
    "breeze": "wind", "gale": "wind",
    "traffic": "city", "street": "city", "urban": "city",
    "woods": "forest", "birds": "forest", "jungle": "forest", "park": "forest",
    "campfire": "fire", "fireplace": "fire", "bonfire": "fire",
    "people": "crowd", "party": "crowd", "market": "crowd", "stadium": "crowd",
    "cosmos": "space", "drone": "space", "void": "space",
    "crickets": "night", "insects": "night",
    "brook": "stream", "creek": "stream", "water": "stream",
    "waterfall": "river",
    "thunder": "storm", "thunderstorm": "storm",
    "coffee": "cafe", "restaurant": "cafe", "bar": "cafe",
    "indoor": "room", "office": "room", "interior": "room", "roomtone": "room",
    "mains": "hum", "electric": "hum", "machine": "hum",
}

TARGET_RMS_DB = -20.0
PEAK_DB = -3.0


def resolve_ambient(name: str) -> str:
    """The canonical ambient name for a name or synonym, case and spacing ignored."""
    key = name.strip().lower().replace(" ", "").replace("-", "").replace("_", "")
    if key in _GENERATORS:
        return key
    if key in AMBIENT_ALIASES:
        return AMBIENT_ALIASES[key]
    raise AudioError(f"unknown ambient sound {name!r}; known sounds: {', '.join(AMBIENT_NAMES)}")


def ambient(name: str, duration_s: float, sr: int = 48000, seed: int = 0) -> np.ndarray:
    """Render the named ambient bed as (2, n) float32."""
    canonical = resolve_ambient(name)
    if not duration_s >= 0:
        raise AudioError(f"ambient duration must be zero or more seconds, got {duration_s}")
    n = dsp.n_samples(duration_s, sr)
    if n == 0:
        return np.zeros((2, 0), np.float32)
    rng = dsp.rng_for(seed, "ambient", canonical)
    out = _GENERATORS[canonical](n, sr, rng)
    out = out - out.mean(axis=1, keepdims=True)  # no DC offset from the low layers
    return dsp.normalize_rms(out, TARGET_RMS_DB, PEAK_DB)
