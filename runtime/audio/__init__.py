"""scenec.runtime.audio: every sound of a film, synthesized with numpy from its recipe.

Ambient beds (`ambient`), a procedural score (`music`), tones (`tone`), one-shot
effects (`sfx`), and `mix`, which places `Source`s on the film's timeline and
returns the stereo float32 soundtrack that `runtime.encode` muxes. Every
sound arrives as the plan's recipe of it (`plan.AmbientRecipe`,
`MusicRecipe`, `SfxRecipe`, `ToneRecipe`); nothing here knows a sound's name.
"""

from scenec.runtime.audio.ambient import ambient
from scenec.runtime.audio.errors import AudioError
from scenec.runtime.audio.mix import CEILING_DB, FadeCurve, Source, SourceKind, mix, render_source
from scenec.runtime.audio.music import music
from scenec.runtime.audio.tones import sfx, tone
from scenec.runtime.audio.wav import read_wav, write_wav

__all__ = [
    "CEILING_DB", "AudioError", "FadeCurve", "Source", "SourceKind", "ambient", "mix", "music",
    "read_wav", "render_source", "sfx", "tone", "write_wav",
]
