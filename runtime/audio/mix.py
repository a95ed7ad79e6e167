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
from scenec.runtime.audio.ambient import ambient
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


def _fade(length: int, sr: int, fade_s: float, curve: FadeCurve) -> np.ndarray:
    count = min(length, int(round(fade_s * sr)))
    u = (np.arange(count, dtype=np.float32) + 1) / (count + 1)
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


def mix(sources: tuple[Source, ...] | list[Source], total_s: float, sr: int = 48000) -> np.ndarray:
    """Render and sum every source into (2, round(total_s * sr)) float32.

    Each source is cut to the film, gained and faded (the fade-out ends where
    the sound stops being heard). The sum is scaled down, never up, so its
    peak is at most -1 dBFS: quiet films stay quiet and silence stays silent.
    """
    if not (math.isfinite(total_s) and total_s >= 0):
        raise AudioError(f"film length must be zero or more seconds, got {total_s}")
    if sr <= 0:
        raise AudioError(f"sample rate must be positive, got {sr}")
    n = dsp.n_samples(total_s, sr)
    out = np.zeros((2, n), np.float32)
    for source in sources:
        start = dsp.n_samples(source.start_s, sr)
        if start >= n:
            continue
        room_s = (n - start) / sr
        wanted_s = room_s if source.duration_s is None else min(source.duration_s, room_s)
        sound = render_source(source, wanted_s, sr)
        if source.kind is SourceKind.SFX and source.duration_s is not None:
            sound = sound[:, : dsp.n_samples(source.duration_s, sr)]
        sound = sound[:, : n - start] * np.float32(dsp.db_to_gain(source.gain_db))
        length = sound.shape[1]
        if source.fade_in_s > 0:
            ramp = _fade(length, sr, source.fade_in_s, source.fade_curve)
            sound[:, : ramp.size] *= ramp
        if source.fade_out_s > 0:
            ramp = _fade(length, sr, source.fade_out_s, source.fade_curve)[::-1]
            sound[:, length - ramp.size:] *= ramp
        out[:, start:start + length] += sound
    peak = float(np.max(np.abs(out))) if out.size else 0.0
    ceiling = dsp.db_to_gain(CEILING_DB)
    if peak > ceiling:
        out *= np.float32(ceiling / peak)
    return out
