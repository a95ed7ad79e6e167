"""audio: sound statements and defaults → sources placed in film frames.

Reads: the scene's and each shot's `audio` statements (after the narrative
pass added the genre's music and ambience where the file wrote none), the
weather's ambience, the mood's tempo. Produces: `AudioSource`s with start
and length in frames, gains in dB and fades in frames; scene-level `at`
counts from the film's start, a shot's from the shot's start; a sound with
no length lasts to the end of the film (scene level) or of its shot.
`audio off` in the scene silences the film; in a shot, it silences the
shot's own defaults. Guarantees: every source lies inside the film.
Emits no diagnostics; the runtime normalises the mix.
"""

from __future__ import annotations

from dataclasses import replace

from scenec.compiler.context import PassContext
from scenec.compiler.ir import AudioIR, SceneIR
from scenec.compiler.plan import AudioKind, AudioSource, Wave
from scenec.knowledge import lookup

NAME = "audio"
SFX_FRAMES_S = 1.5


def run(ir: SceneIR, ctx: PassContext) -> SceneIR:
    fps, total = ir.fps, ir.frames
    if any(a.kind == "off" for a in ir.audio):
        return replace(ir, planned_audio=())
    sources: list[AudioSource] = []
    placed: list[tuple[AudioIR, int, int]] = [(a, 0, total) for a in ir.audio]
    for shot in ir.shots:
        if any(a.kind == "off" for a in shot.audio):
            continue
        placed += [(a, shot.start_frame, shot.end_frame) for a in shot.audio]
    weather = lookup.weather(ctx.registry, ir.weather)
    if weather.ambient and not any(a.kind == "ambient" for a, _, _ in placed):
        placed.append((AudioIR("ambient", weather.ambient, 0.0, None, gain_db=-18.0, fade_in_s=0.5, fade_out_s=0.5),
                       0, total))
    for index, (a, origin, end) in enumerate(placed):
        start = min(total - 1, origin + round(a.start_s * fps))
        if a.kind == "sfx":
            length = round(SFX_FRAMES_S * fps)
        elif a.duration_s is not None:
            length = round(a.duration_s * fps)
        else:
            length = end - start
        length = max(1, min(length, total - start))
        tempo = a.tempo_bpm
        if a.kind == "music" and tempo is None:
            mood = lookup.mood(ctx.registry, a.name) if a.name in lookup.names(ctx.registry, "mood") else None
            tempo = sum(mood.tempo_bpm) / 2.0 if mood else 90.0
        sources.append(AudioSource(
            kind=AudioKind(a.kind), name=a.name, start_frame=start, length_frames=length, gain_db=a.gain_db,
            fade_in_frames=min(length, round(a.fade_in_s * fps)), fade_out_frames=min(length, round(a.fade_out_s * fps)),
            tempo_bpm=tempo, key=a.key, frequency_hz=a.frequency_hz,
            wave=Wave(a.wave) if a.wave else (Wave.SINE if a.kind == "tone" else None),
            seed=(ir.seed + 31 * index) & 0x7FFFFFFF))
    return replace(ir, planned_audio=tuple(sources))
