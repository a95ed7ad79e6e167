"""The sound half of the render plan: each sound as the recipe that synthesises it.

The compiler looks every sound up in the knowledge registry and writes here
what the runtime's synthesisers need (a generator kind and its numbers),
never the sound's name: a plan renders its soundtrack with no registry, and
a sound added in a user's knowledge overlay renders like a built-in one.
Split from `plan.py` to keep both readable; `plan` re-exports every name.
Invariants a single object can check are checked at construction and raise
`PlanError`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scenec.compiler.plan_kinds import (
    AmbientGenerator, AudioKind, Harmonics, NoiseColor, PlanError, SfxGenerator, SoundEvent,
)

__all__ = ["AmbientRecipe", "AudioSource", "MusicRecipe", "Oscillator", "SfxRecipe", "ToneRecipe"]


def _require(condition: bool, message: str, path: str = "") -> None:
    if not condition:
        raise PlanError(message, path)


def _finite(*values: float) -> bool:
    return all(math.isfinite(v) for v in values)


@dataclass(frozen=True, slots=True)
class Oscillator:
    """A periodic wave as its harmonic series: harmonic k (of those `harmonics`
    keeps) has amplitude 1 / k**rolloff, its sign flipping from one kept
    harmonic to the next when `alternate`. Sine: none; square: odd, 1;
    saw: all, 1, alternate; triangle: odd, 2, alternate."""

    harmonics: Harmonics
    rolloff: float = 1.0
    alternate: bool = False

    def __post_init__(self) -> None:
        _require(_finite(self.rolloff) and 0.0 <= self.rolloff <= 8.0, f"rolloff must lie in 0..8, found {self.rolloff}", "rolloff")


@dataclass(frozen=True, slots=True)
class ToneRecipe:
    """A steady oscillator at `frequency_hz`."""

    frequency_hz: float
    wave: Oscillator

    def __post_init__(self) -> None:
        _require(_finite(self.frequency_hz) and self.frequency_hz > 0, f"tone frequency must be > 0 Hz, found {self.frequency_hz}", "frequency_hz")


@dataclass(frozen=True, slots=True)
class AmbientRecipe:
    """An ambient bed: `generator` with its numbers; loudness `level_db` dBFS RMS.

    `noise` colored noise limited to `band_hz`, swelling at `swell_hz` by
    `swell_depth` (0..1), with `events` scattered at `event_rate_hz` a second.
    """

    generator: AmbientGenerator
    noise: NoiseColor
    band_hz: tuple[float, float]
    swell_hz: float = 0.0
    swell_depth: float = 0.0
    events: SoundEvent | None = None
    event_rate_hz: float = 0.0
    level_db: float = -20.0

    def __post_init__(self) -> None:
        low, high = self.band_hz
        _require(_finite(low, high) and 0 < low <= high, f"band must be 0 < low <= high Hz, found {self.band_hz}", "band_hz")
        _require(_finite(self.swell_hz) and self.swell_hz >= 0, f"swell must be >= 0 Hz, found {self.swell_hz}", "swell_hz")
        _require(_finite(self.swell_depth) and 0 <= self.swell_depth <= 1, f"swell depth must lie in 0..1, found {self.swell_depth}", "swell_depth")
        _require(_finite(self.event_rate_hz) and self.event_rate_hz >= 0, f"event rate must be >= 0, found {self.event_rate_hz}", "event_rate_hz")
        _require(_finite(self.level_db) and self.level_db <= 0, f"level must be <= 0 dBFS, found {self.level_db}", "level_db")


@dataclass(frozen=True, slots=True)
class SfxRecipe:
    """A one-shot effect `length_s` long: its generator sweeps `base_hz` → `end_hz`,
    mixes in `noise_mix` of noise, decays over `decay_s`, and peaks at `peak_db` dBFS."""

    generator: SfxGenerator
    length_s: float
    base_hz: float
    end_hz: float
    noise_mix: float = 0.0
    decay_s: float = 0.1
    peak_db: float = -6.0

    def __post_init__(self) -> None:
        _require(_finite(self.length_s) and self.length_s > 0, f"effect length must be > 0 s, found {self.length_s}", "length_s")
        _require(_finite(self.base_hz, self.end_hz) and self.base_hz > 0 and self.end_hz > 0, "effect frequencies must be > 0 Hz", "base_hz")
        _require(_finite(self.noise_mix) and self.noise_mix >= 0, f"noise mix must be >= 0, found {self.noise_mix}", "noise_mix")
        _require(_finite(self.decay_s) and self.decay_s > 0, f"decay must be > 0 s, found {self.decay_s}", "decay_s")
        _require(_finite(self.peak_db) and self.peak_db <= 0, f"peak must be <= 0 dBFS, found {self.peak_db}", "peak_db")


@dataclass(frozen=True, slots=True)
class MusicRecipe:
    """A procedural score: key, harmony, tempo, texture and timbres, all as numbers.

    `scale` holds the seven semitone offsets of the mode above `tonic_pc`
    (0 = C); `progression` the scale degrees (0 = tonic) of its chords, each
    held `bars_per_chord` 4/4 bars; `bass_pattern` the bass onsets in beats
    of a bar; `brightness` 0..1 the pad's overtones.
    """

    tempo_bpm: float
    tonic_pc: int
    scale: tuple[int, ...]
    progression: tuple[int, ...]
    bars_per_chord: int = 1
    sevenths: bool = False
    notes_per_beat: float = 1.0
    rest_chance: float = 0.3
    percussion: bool = False
    bass_pattern: tuple[float, ...] = (0.0,)
    pad_level: float = 1.0
    brightness: float = 0.5
    lead: Oscillator = Oscillator(Harmonics.NONE)
    bass: Oscillator = Oscillator(Harmonics.NONE)

    def __post_init__(self) -> None:
        _require(_finite(self.tempo_bpm) and self.tempo_bpm > 0, f"tempo must be > 0 bpm, found {self.tempo_bpm}", "tempo_bpm")
        _require(0 <= self.tonic_pc < 12, f"tonic pitch class must lie in 0..11, found {self.tonic_pc}", "tonic_pc")
        _require(len(self.scale) == 7 and all(0 <= s < 12 for s in self.scale) and list(self.scale) == sorted(set(self.scale)),
                 f"scale must be seven rising semitone offsets in 0..11, found {self.scale}", "scale")
        _require(len(self.progression) > 0 and all(0 <= d < 7 for d in self.progression),
                 f"progression must be scale degrees 0..6, found {self.progression}", "progression")
        _require(self.bars_per_chord >= 1, f"bars per chord must be >= 1, found {self.bars_per_chord}", "bars_per_chord")
        _require(_finite(self.notes_per_beat) and 0 < self.notes_per_beat <= 8, f"notes per beat must lie in 0..8, found {self.notes_per_beat}", "notes_per_beat")
        _require(_finite(self.rest_chance) and 0 <= self.rest_chance <= 1, f"rest chance must lie in 0..1, found {self.rest_chance}", "rest_chance")
        _require(len(self.bass_pattern) > 0 and all(_finite(b) and 0 <= b < 4 for b in self.bass_pattern),
                 f"bass onsets must lie in 0..4 beats, found {self.bass_pattern}", "bass_pattern")
        _require(_finite(self.pad_level) and 0 <= self.pad_level <= 2, f"pad level must lie in 0..2, found {self.pad_level}", "pad_level")
        _require(_finite(self.brightness) and 0 <= self.brightness <= 1, f"brightness must lie in 0..1, found {self.brightness}", "brightness")


_RECIPE_OF_KIND = {AudioKind.AMBIENT: "ambient", AudioKind.MUSIC: "music", AudioKind.SFX: "sfx", AudioKind.TONE: "tone"}


@dataclass(frozen=True, slots=True, kw_only=True)
class AudioSource:
    """One synthesized sound, placed in film frames; exactly the recipe of its `kind` is set."""

    kind: AudioKind
    start_frame: int
    length_frames: int
    gain_db: float = 0.0
    fade_in_frames: int = 0
    fade_out_frames: int = 0
    seed: int | None = None
    ambient: AmbientRecipe | None = None
    music: MusicRecipe | None = None
    sfx: SfxRecipe | None = None
    tone: ToneRecipe | None = None

    def __post_init__(self) -> None:
        _require(self.start_frame >= 0, f"audio starts before the film ({self.start_frame})", "start_frame")
        _require(self.length_frames > 0, f"audio length must be > 0 frames, found {self.length_frames}", "length_frames")
        _require(self.fade_in_frames >= 0 and self.fade_out_frames >= 0, "fades cannot be negative", "fade_in_frames")
        wanted = _RECIPE_OF_KIND[self.kind]
        _require(getattr(self, wanted) is not None, f"a {self.kind.value} source needs its {wanted} recipe", wanted)
        for other in _RECIPE_OF_KIND.values():
            _require(other == wanted or getattr(self, other) is None, f"a {self.kind.value} source takes no {other} recipe", other)

    @property
    def recipe(self) -> AmbientRecipe | MusicRecipe | SfxRecipe | ToneRecipe:
        return getattr(self, _RECIPE_OF_KIND[self.kind])
