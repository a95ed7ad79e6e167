"""The film's soundtrack: place sources on a timeline, fade, gain, sum, and
keep the loudest moment below -1 dBFS.

`Source` is the runtime's description of one sound (the plan's audio entries
map onto it field for field); `mix(sources, total_s, sr)` renders them into
one stereo float32 array of exactly round(total_s * sr) samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from scenec.runtime.audio import dsp
from scenec.runtime.audio.ambient import ambient, resolve_ambient
from scenec.runtime.audio.errors import AudioError
from scenec.runtime.audio.music import music
from scenec.runtime.audio.theory import parse_key
from scenec.runtime.audio.tones import WAVES, resolve_sfx, sfx, tone

CEILING_DB = -1.0


class SourceKind(StrEnum):
    AMBIENT = "ambient"
    MUSIC = "music"
    TONE = "tone"
    SFX = "sfx"


class FadeCurve(StrEnum):
    LINEAR = "linear"
    EQUAL_POWER = "equal_power"


@dataclass(frozen=True, slots=True)
class Source:
    """One sound on the timeline.

    `name` is the ambient name, the music mood or the effect name (unused for
    tones). `duration_s=None` means: to the end of the film, or for an effect
    its natural length. Plain strings are accepted for `kind` and
    `fade_curve` and are checked here, so a bad plan fails on load.
    """

    kind: SourceKind
    name: str = ""
    start_s: float = 0.0
    duration_s: float | None = None
    gain_db: float = 0.0
    fade_in_s: float = 0.0
    fade_out_s: float = 0.0
    seed: int = 0
    freq_hz: float = 440.0
    wave: str = "sine"
    tempo_bpm: float | None = None
    key: str | None = None
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
        for field, value in (("start_s", self.start_s), ("fade_in_s", self.fade_in_s), ("fade_out_s", self.fade_out_s)):
            if not (math.isfinite(value) and value >= 0):
                raise AudioError(f"audio {field} must be a finite number of seconds, zero or more, got {value}")
        if self.duration_s is not None and not (math.isfinite(self.duration_s) and self.duration_s >= 0):
            raise AudioError(f"audio duration_s must be zero or more seconds, got {self.duration_s}")
        if not math.isfinite(self.gain_db):
            raise AudioError(f"audio gain_db must be a finite number of decibels, got {self.gain_db}")
        match self.kind:
            case SourceKind.AMBIENT:
                resolve_ambient(self.name)
            case SourceKind.SFX:
                resolve_sfx(self.name)
            case SourceKind.MUSIC:
                if self.key is not None:
                    parse_key(self.key)
            case SourceKind.TONE:
                if self.wave not in WAVES:
                    raise AudioError(f"unknown wave {self.wave!r}: expected one of {', '.join(WAVES)}")


def _fade(length: int, sr: int, fade_s: float, curve: FadeCurve) -> np.ndarray:
    count = min(length, int(round(fade_s * sr)))
    u = (np.arange(count, dtype=np.float32) + 1) / (count + 1)
    return np.sin(u * np.float32(np.pi / 2)) if curve is FadeCurve.EQUAL_POWER else u


def render_source(source: Source, length_s: float, sr: int) -> np.ndarray:
    """The source's own sound, `length_s` long (effects keep their natural length)."""
    match source.kind:
        case SourceKind.AMBIENT:
            return ambient(source.name, length_s, sr, source.seed)
        case SourceKind.MUSIC:
            return music(source.name, source.tempo_bpm, source.key, length_s, sr, source.seed)
        case SourceKind.TONE:
            return tone(source.freq_hz, source.wave, length_s, sr)
        case SourceKind.SFX:
            return sfx(source.name, sr, source.seed)


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
