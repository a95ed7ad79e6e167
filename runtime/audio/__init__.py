"""scenec.runtime.audio: every sound of a film, synthesized with numpy.

Ambient beds (`ambient`), a procedural score (`music`), tones (`tone`), one-shot
effects (`sfx`), and `mix`, which places `Source`s on the film's timeline and
returns the stereo float32 soundtrack that `runtime.encode` muxes.
"""

from scenec.runtime.audio.ambient import AMBIENT_ALIASES, AMBIENT_NAMES, ambient, resolve_ambient
from scenec.runtime.audio.errors import AudioError
from scenec.runtime.audio.mix import CEILING_DB, FadeCurve, Source, SourceKind, mix, render_source
from scenec.runtime.audio.music import music
from scenec.runtime.audio.theory import MOOD_ALIASES, MOODS, Key, parse_key, resolve_mood
from scenec.runtime.audio.tones import SFX_ALIASES, SFX_NAMES, WAVES, resolve_sfx, sfx, sfx_length_s, tone
from scenec.runtime.audio.wav import read_wav, write_wav

__all__ = [
    "AMBIENT_ALIASES", "AMBIENT_NAMES", "CEILING_DB", "MOODS", "MOOD_ALIASES", "SFX_ALIASES", "SFX_NAMES",
    "WAVES", "AudioError", "FadeCurve", "Key", "Source", "SourceKind", "ambient", "mix", "music",
    "parse_key", "read_wav", "render_source", "resolve_ambient", "resolve_mood", "resolve_sfx", "sfx",
    "sfx_length_s", "tone", "write_wav",
]
