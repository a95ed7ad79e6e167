"""audio: sound statements and defaults → sources placed in film frames, each as its recipe.

Reads: the scene's and each shot's `audio` statements (after the narrative
pass added the genre's music and ambience where the file wrote none), the
weather's ambience, and the knowledge entries of every sound named (ambient
and sfx sounds, music moods, waves). Produces: `AudioSource`s with start and
length in frames, gains in dB, fades in frames, and the sound lowered to
the recipe the runtime synthesises (`ambient_recipe`, `sfx_recipe`,
`music_recipe`, `oscillator`), so the plan holds no sound names and a sound
from a knowledge overlay plays like a built-in one. Scene-level `at` counts
from the film's start, a shot's from the shot's start; a sound with no
length lasts to the end of the film (scene level) or of its shot; an
effect lasts its entry's `duration_s`. `audio off` in the scene silences
the film; in a shot, it silences the shot's own defaults. A music mood
plays at its entry's tempo and key unless the statement gives its own.
Guarantees: every source lies inside the film. Emits no diagnostics (the
checker verified every name); the runtime normalises the mix.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import assert_never

from scenec.compiler.context import PassContext
from scenec.compiler.ir import AudioIR, AudioStatement, SceneIR
from scenec.compiler.plan import (
    AmbientGenerator, AmbientRecipe, AudioKind, AudioSource, Harmonics, MusicRecipe, NoiseColor,
    Oscillator, SfxGenerator, SfxRecipe, SoundEvent, ToneRecipe,
)
from scenec.knowledge import entries, lookup
from scenec.knowledge.registry import Registry

NAME = "audio"

# Semitones above the tonic of each mode's seven degrees.
MODES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
}
_LETTERS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_KEY = re.compile(r"^\s*([A-G])([#b])?\s*(major|minor)?\s*$")
_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII")
_NUMERAL = re.compile(r"^b?([IViv]+)(dim|aug|7|maj7|sus2|sus4)?$")


def run(ir: SceneIR, ctx: PassContext) -> SceneIR:
    fps, total = ir.fps, ir.frames
    if any(a.kind is AudioStatement.OFF for a in ir.audio):
        return replace(ir, planned_audio=())
    reg = ctx.registry
    sources: list[AudioSource] = []
    placed: list[tuple[AudioIR, int, int]] = [(a, 0, total) for a in ir.audio]
    for shot in ir.shots:
        if any(a.kind is AudioStatement.OFF for a in shot.audio):
            continue
        placed += [(a, shot.start_frame, shot.end_frame) for a in shot.audio]
    weather = lookup.weather(reg, ir.weather)
    if weather.ambient and not any(a.kind is AudioStatement.AMBIENT for a, _, _ in placed):
        placed.append((AudioIR(AudioStatement.AMBIENT, weather.ambient, 0.0, None, gain_db=-18.0, fade_in_s=0.5, fade_out_s=0.5),
                       0, total))
    for index, (a, origin, end) in enumerate(placed):
        start = min(total - 1, origin + round(a.start_s * fps))
        recipe: dict[str, object] = {}
        length = round(a.duration_s * fps) if a.duration_s is not None else end - start
        match a.kind:
            case AudioStatement.SFX:
                effect = sfx_recipe(lookup.sfx(reg, a.name))
                recipe["sfx"] = effect
                length = round(effect.length_s * fps)
            case AudioStatement.AMBIENT:
                recipe["ambient"] = ambient_recipe(lookup.ambient_sound(reg, a.name))
            case AudioStatement.MUSIC:
                recipe["music"] = music_recipe(reg, lookup.music_mood(reg, a.name), a.tempo_bpm, a.key)
            case AudioStatement.TONE:
                assert a.wave is not None, "resolve fills a tone's wave from the table"
                recipe["tone"] = ToneRecipe(float(a.frequency_hz), oscillator(lookup.wave(reg, a.wave)))
            case AudioStatement.OFF:
                raise AssertionError("`audio off` statements are taken out above")
            case _:
                assert_never(a.kind)
        length = max(1, min(length, total - start))
        sources.append(AudioSource(
            kind=AudioKind(a.kind), start_frame=start, length_frames=length, gain_db=a.gain_db,
            fade_in_frames=min(length, round(a.fade_in_s * fps)), fade_out_frames=min(length, round(a.fade_out_s * fps)),
            seed=(ir.seed + 31 * index) & 0x7FFFFFFF, **recipe))
    return replace(ir, planned_audio=tuple(sources))


def oscillator(wave: entries.Wave) -> Oscillator:
    return Oscillator(Harmonics(wave.harmonics), float(wave.rolloff), bool(wave.alternate))


def ambient_recipe(sound: entries.AmbientSound) -> AmbientRecipe:
    return AmbientRecipe(
        generator=AmbientGenerator(sound.generator), noise=NoiseColor(sound.noise),
        band_hz=(float(sound.band_hz[0]), float(sound.band_hz[1])), swell_hz=float(sound.swell_hz),
        swell_depth=float(sound.swell_depth), events=SoundEvent(sound.events) if sound.events else None,
        event_rate_hz=float(sound.event_rate_hz), level_db=float(sound.volume_db))


def sfx_recipe(effect: entries.Sfx) -> SfxRecipe:
    return SfxRecipe(
        generator=SfxGenerator(effect.kind), length_s=float(effect.duration_s), base_hz=float(effect.base_hz),
        end_hz=float(effect.end_hz), noise_mix=float(effect.noise_mix), decay_s=float(effect.decay_s),
        peak_db=float(effect.volume_db))


def parse_key(text: str) -> tuple[int, str | None]:
    """("F# minor") → (6, "minor"); the mode is None when the text names only a note.
    The checker accepted the text, so it is a key."""
    match = _KEY.match(text)
    if match is None:
        raise ValueError(f"not a key: {text!r}")
    shift = {"#": 1, "b": -1}.get(match.group(2) or "", 0)
    return (_LETTERS[match.group(1)] + shift) % 12, match.group(3)


def scale_degree(numeral: str) -> int:
    """The scale degree (0 = tonic) of a roman numeral chord such as `bVII` or `viidim`;
    its chord is then built from the mode's own notes."""
    match = _NUMERAL.match(numeral)
    if match is None or match.group(1).upper() not in _NUMERALS:
        raise ValueError(f"not a roman numeral chord: {numeral!r}")
    return _NUMERALS.index(match.group(1).upper())


def music_recipe(reg: Registry, mood: entries.MusicMood, tempo_bpm: float | None = None,
                 key: str | None = None) -> MusicRecipe:
    """A music mood as its score recipe; `tempo_bpm` and `key` override the mood's."""
    tonic, mode = parse_key(mood.key)
    mode = mood.mode or mode or "major"
    if key is not None:
        tonic, written_mode = parse_key(key)
        mode = written_mode or mode
    return MusicRecipe(
        tempo_bpm=float(mood.tempo_bpm if tempo_bpm is None else tempo_bpm), tonic_pc=tonic, scale=MODES[mode],
        progression=tuple(scale_degree(n) for n in mood.progression), bars_per_chord=int(mood.bars_per_chord),
        sevenths=bool(mood.sevenths), notes_per_beat=2.0 * float(mood.density), rest_chance=float(mood.rest_chance),
        percussion=bool(mood.percussion), bass_pattern=tuple(float(b) for b in mood.bass_pattern),
        pad_level=float(mood.pad_level), brightness=float(mood.brightness),
        lead=oscillator(lookup.wave(reg, mood.lead_wave)), bass=oscillator(lookup.wave(reg, mood.bass_wave)))
