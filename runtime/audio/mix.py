"""The film's soundtrack: place sources on a timeline, fade, gain, sum, and
keep the loudest moment below -1 dBFS.

`Source` is the runtime's description of one sound: the plan's recipe of
it (ambient, music, sfx or tone), placed in seconds; `mix(sources, total_s,
sr)` renders them into one stereo float32 array of exactly round(total_s *
sr) samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from scenec.compiler.plan import AmbientRecipe, MusicRecipe, SfxRecipe, ToneRecipe
from scenec.runtime.audio import dsp
from scenec.runtime.audio.ambient import COHERENT, ambient
from scenec.runtime.audio.errors import AudioError
from scenec.runtime.audio.music import check_tempo, music
from scenec.runtime.audio.tones import sfx, tone

CEILING_DB = -1.0


class SourceKind(StrEnum):
    AMBIENT = "ambient"
    MUSIC = "music"
    TONE = "tone"
    SFX = "sfx"


class FadeCurve(StrEnum):
    LINEAR = "linear"
    EQUAL_POWER = "equal_power"


Recipe = AmbientRecipe | MusicRecipe | SfxRecipe | ToneRecipe
_RECIPE_TYPES = {SourceKind.AMBIENT: AmbientRecipe, SourceKind.MUSIC: MusicRecipe, SourceKind.SFX: SfxRecipe,
                 SourceKind.TONE: ToneRecipe}


@dataclass(frozen=True, slots=True)
class Source:
    """One sound on the timeline: `recipe` says how to synthesise it.

    `duration_s=None` means: to the end of the film, or for an effect its
    recipe's length. Plain strings are accepted for `kind` and `fade_curve`
    and are checked here, with the recipe's type and the music's tempo, so
    a bad plan fails on load rather than mid-render.
    """

    kind: SourceKind
    recipe: Recipe
    start_s: float = 0.0
    duration_s: float | None = None
    gain_db: float = 0.0
    fade_in_s: float = 0.0
    fade_out_s: float = 0.0
    seed: int = 0
    fade_curve: FadeCurve = FadeCurve.EQUAL_POWER

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", SourceKind(self.kind))
        except ValueError:
            raise AudioError(f"unknown audio source kind {self.kind!r}: expected ambient, music, tone or sfx") from None
        try:
            object.__setattr__(self, "fade_curve", FadeCurve(self.fade_curve))
        except ValueError:
            raise AudioError(f"unknown fade curve {self.fade_curve!r}: expected linear or equal_power") from None
        if not isinstance(self.recipe, _RECIPE_TYPES[self.kind]):
            raise AudioError(f"{self.kind.value} sources take {_RECIPE_TYPES[self.kind].__name__} recipes, "
                             f"got {type(self.recipe).__name__}")
        for field, value in (("start_s", self.start_s), ("fade_in_s", self.fade_in_s), ("fade_out_s", self.fade_out_s)):
            if not (math.isfinite(value) and value >= 0):
                raise AudioError(f"audio {field} must be a finite number of seconds, zero or more, got {value}")
        if self.duration_s is not None and not (math.isfinite(self.duration_s) and self.duration_s >= 0):
            raise AudioError(f"audio duration_s must be zero or more seconds, got {self.duration_s}")
        if not math.isfinite(self.gain_db):
            raise AudioError(f"audio gain_db must be a finite number of decibels, got {self.gain_db}")
        if isinstance(self.recipe, MusicRecipe):
            check_tempo(self.recipe.tempo_bpm)


BLOCK_S = 30.0  # a sound longer than this is synthesised in blocks of this length
# A bed up to this much longer than a block is still synthesised whole (a short film sounds
# as it always has); a longer one is laid out in overlapping segments (`_bed`).
CROSSFADE_S = 2.0
# The limiter leaves samples below its knee alone and bends louder ones smoothly under the
# ceiling, sample by sample: no state, so any range of a film limits exactly like the whole.
KNEE_DB = -6.0


def _ramp(index: np.ndarray, count: int, curve: FadeCurve) -> np.ndarray:
    """A fade-in's gain at sample `index` of a fade `count` samples long (1 past its end)."""
    u = np.minimum((index + 1).astype(np.float32) / np.float32(count + 1), np.float32(1.0))
    return np.sin(u * np.float32(np.pi / 2)) if curve is FadeCurve.EQUAL_POWER else u


def render_source(source: Source, length_s: float, sr: int) -> np.ndarray:
    """The source's own sound, `length_s` long (effects keep their recipe's length)."""
    recipe = source.recipe
    match recipe:
        case AmbientRecipe():
            return ambient(recipe, length_s, sr, source.seed)
        case MusicRecipe():
            return music(recipe, length_s, sr, source.seed)
        case ToneRecipe():
            return tone(recipe.frequency_hz, recipe.wave, length_s, sr)
        case SfxRecipe():
            return sfx(recipe, sr, source.seed)
    raise AudioError(f"no synthesiser for {type(recipe).__name__}")


class _Sounds:
    """Synthesised sound of each source, by block, kept only while one range is mixed."""

    def __init__(self, sr: int) -> None:
        self.sr = sr
        self.cache: dict[tuple[int, int], np.ndarray] = {}

    def whole(self, index: int, source: Source, wanted_s: float) -> np.ndarray:
        key = (index, -1)
        if key not in self.cache:
            sound = render_source(source, wanted_s, self.sr)
            if source.kind is SourceKind.SFX and source.duration_s is not None:
                sound = sound[:, : dsp.n_samples(source.duration_s, self.sr)]
            self.cache[key] = sound
        return self.cache[key]

    def block(self, index: int, source: Source, k: int, length: int) -> np.ndarray:
        """Block `k` of a long source `length` samples long.

        Music is a function of time in the piece: block k is samples [k * BLOCK_S, (k + 1) *
        BLOCK_S) of the one score, so blocks join with no seam and no crossfade.
        """
        key = (index, k)
        if key not in self.cache:
            block_n = dsp.n_samples(BLOCK_S, self.sr)
            first = k * block_n
            self.cache[key] = music(source.recipe, length / self.sr, self.sr, source.seed,
                                    first, min(block_n, length - first))
        return self.cache[key]

    def segment(self, index: int, source: Source, j: int) -> np.ndarray:
        """Segment `j` of a long ambient bed: 2 * BLOCK_S of the recipe's sound from its own seed,
        a function of the source's seed and `j` only (never of the film's length or the range).
        A voiced bed keeps the source's voice, and a hum its phase at the segment's start."""
        key = (index, j)
        if key not in self.cache:
            hop_n = dsp.n_samples(BLOCK_S, self.sr)
            seed = (source.seed * 1_000_003 + j + 1) & 0x7FFFFFFF
            self.cache[key] = ambient(source.recipe, 2 * BLOCK_S, self.sr, seed,
                                      voice_seed=source.seed, at_s=j * hop_n / self.sr)
        return self.cache[key]


def _segment_gain(t: np.ndarray, hop_n: int, coherent: bool) -> np.ndarray:
    """The gain of a bed segment at its samples `t` (0..2 * hop_n): a sine window, so two
    uncorrelated segments overlapping by half always sum to constant power (sin² + cos² = 1);
    for a coherent bed (a hum, the same tone in every segment) its square, so they sum to
    constant amplitude instead and the tone neither swells nor dips."""
    gain = np.sin((t.astype(np.float64) + 0.5) * (np.pi / (2 * hop_n)))
    return (gain * gain if coherent else gain).astype(np.float32)


def _bed(sounds: _Sounds, index: int, source: Source, a: int, b: int) -> np.ndarray:
    """Samples [a, b) of a long ambient bed, as overlap-added segments.

    Segment j covers samples [j * hop, (j + 2) * hop) under a window that rises and falls
    over its whole length, so every sample is a blend of exactly two segments (j = -1
    covers the film's first half hop) and there is no join anywhere: no point where one
    noise gives way to another, no level dip, no pattern that restarts every block. Sample
    i depends only on the source's seed and i, so any range is the slice of the whole.
    """
    hop_n = dsp.n_samples(BLOCK_S, sounds.sr)
    coherent = source.recipe.generator in COHERENT
    out = np.zeros((2, b - a), np.float32)
    for j in range(a // hop_n - 1, (b - 1) // hop_n + 1):
        lo, hi = max(a, j * hop_n), min(b, (j + 2) * hop_n)
        if lo >= hi:
            continue
        t = np.arange(lo - j * hop_n, hi - j * hop_n)
        out[:, lo - a:hi - a] += sounds.segment(index, source, j)[:, t] * _segment_gain(t, hop_n, coherent)
    return out


def _window(sounds: _Sounds, index: int, source: Source, length: int, wanted_s: float, a: int, b: int) -> np.ndarray:
    """Samples [a, b) of the source's own sound, `length` samples long in the film."""
    sr = sounds.sr
    block_n, fade_n = dsp.n_samples(BLOCK_S, sr), dsp.n_samples(CROSSFADE_S, sr)
    if isinstance(source.recipe, ToneRecipe):
        # A tone's every sample follows from its index: just the window, however long the tone.
        return tone(source.recipe.frequency_hz, source.recipe.wave, length / sr, sr, a, b - a)
    if source.kind is SourceKind.SFX or length <= block_n + fade_n:
        # Short: one synthesis of the whole, as long as the film needs (an effect, its recipe's
        # length), so a short film sounds as it always has.
        whole = sounds.whole(index, source, wanted_s)
        piece = whole[:, a:b]
        return piece if piece.shape[1] == b - a else np.pad(piece, ((0, 0), (0, b - a - piece.shape[1])))
    if isinstance(source.recipe, AmbientRecipe):
        return _bed(sounds, index, source, a, b)
    out = np.zeros((2, b - a), np.float32)
    for k in range(a // block_n, (b - 1) // block_n + 1):
        lo, hi = max(a, k * block_n), min(b, (k + 1) * block_n)
        out[:, lo - a:hi - a] = sounds.block(index, source, k, length)[:, lo - k * block_n:hi - k * block_n]
    return out


def limit(x: np.ndarray) -> np.ndarray:
    """Samples above the knee bent smoothly toward the -1 dBFS ceiling, never past it (in place)."""
    ceiling, knee = dsp.db_to_gain(CEILING_DB), dsp.db_to_gain(KNEE_DB)
    loud = np.abs(x) > knee
    if loud.any():
        over = np.abs(x[loud]) - knee
        room = ceiling - knee
        x[loud] = np.sign(x[loud]) * (knee + room * np.tanh(over / room)).astype(np.float32)
    return x


def mix(sources: tuple[Source, ...] | list[Source], total_s: float, sr: int = 48000,
        first: int = 0, count: int | None = None) -> np.ndarray:
    """Render and sum every source into (2, count) float32: samples [first, first + count) of
    a film `total_s` long (by default all round(total_s * sr) of them).

    Each source is cut to the film, gained and faded (the fade-out ends where
    the sound stops being heard), then the sum goes through a stateless limiter
    that keeps it under -1 dBFS and leaves quiet films untouched. Work and
    memory follow the range, not the film: only the sound that reaches the
    range is synthesised, a long sound in blocks (BLOCK_S), and every sample
    is the same whichever range it is mixed in. Blocks do not show: a tone is
    computed sample by sample from its index, music from its time in the score
    (the same bars and notes as one long piece), and a long ambient bed is
    overlap-added segments that blend continuously, with no join (`_bed`).
    """
    if not (math.isfinite(total_s) and total_s >= 0):
        raise AudioError(f"film length must be zero or more seconds, got {total_s}")
    if sr <= 0:
        raise AudioError(f"sample rate must be positive, got {sr}")
    n = dsp.n_samples(total_s, sr)
    count = n - first if count is None else count
    if not (0 <= first and 0 <= count and first + count <= n):
        raise AudioError(f"samples {first}..{first + count} are outside the film (0..{n})")
    out = np.zeros((2, count), np.float32)
    sounds = _Sounds(sr)
    for index, source in enumerate(sources):
        start = dsp.n_samples(source.start_s, sr)
        if start >= n:
            continue
        room_s = (n - start) / sr
        wanted_s = room_s if source.duration_s is None else min(source.duration_s, room_s)
        if source.kind is SourceKind.SFX:
            length = min(sounds.whole(index, source, wanted_s).shape[1], n - start)
        else:
            length = min(dsp.n_samples(wanted_s, sr), n - start)
        a, b = max(first - start, 0), min(first + count - start, length)
        if a >= b:
            continue
        sound = _window(sounds, index, source, length, wanted_s, a, b) * np.float32(dsp.db_to_gain(source.gain_db))
        where = np.arange(a, b)
        if source.fade_in_s > 0:
            fade = min(length, dsp.n_samples(source.fade_in_s, sr))
            head = where < fade
            sound[:, head] *= _ramp(where[head], fade, source.fade_curve)
        if source.fade_out_s > 0:
            fade = min(length, dsp.n_samples(source.fade_out_s, sr))
            tail = where >= length - fade
            sound[:, tail] *= _ramp(length - 1 - where[tail], fade, source.fade_curve)
        out[:, start + a - first:start + b - first] += sound
        sounds.cache.clear()
    return limit(out)
