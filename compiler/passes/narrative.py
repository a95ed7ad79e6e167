"""narrative: genre, mood, arc and beats → durations, intensity, default transitions and sound.

Reads: `genre`, `mood`, `arc`, each shot's `beat` and duration, the
transitions the file wrote. Produces: every shot's `duration_s` (shots
without one share what `duration` leaves by the genre's pacing weight of
their beat, or take the genre's shot length), each shot's arc `intensity`
(the arc's curve at the shot's middle), the scene's mood, a transition
between every pair of shots (the genre's default where the file is silent,
shortened to fit both shots), and the genre's music/ambient sound when the
file has no `audio` at all. Guarantees: explicit statements always win.
Emits no diagnostics.
"""

from __future__ import annotations

from dataclasses import replace

from scenec.compiler.context import PassContext
from scenec.compiler.ir import AudioIR, AudioStatement, SceneIR, TransitionIR
from scenec.compiler.plan import Direction, TransitionKind
from scenec.knowledge import lookup
from scenec.knowledge.arcs import intensity

NAME = "narrative"


def run(ir: SceneIR, ctx: PassContext) -> SceneIR:
    genre = lookup.genre(ctx.registry, ir.genre)
    shots = list(ir.shots)
    durations = _durations(ir, genre)
    total = sum(durations)
    arc = lookup.arc(ctx.registry, ir.arc)
    elapsed = 0.0
    for i, (shot, seconds) in enumerate(zip(shots, durations)):
        middle = (elapsed + seconds / 2.0) / total if total else 0.0
        shots[i] = replace(shot, duration_s=seconds, intensity=round(min(1.0, max(0.0, intensity(arc, middle))), 6))
        elapsed += seconds
    transitions = []
    for i, written in enumerate(ir.transitions):
        room = min(durations[i], durations[i + 1])
        if written is not None:
            transitions.append(written)
            continue
        rule = genre.transition
        length = min(rule.duration_s, room * 0.5)
        if rule.kind == "cut" or length <= 0:
            transitions.append(TransitionIR(TransitionKind.CUT, None, 0.0, None, explicit=False))
        else:
            transitions.append(TransitionIR(TransitionKind(rule.kind), Direction(rule.direction) if rule.direction else None,
                                            length, rule.via, explicit=False))
    audio = ir.audio
    wrote_audio = ir.audio or any(shot.audio for shot in ir.shots)
    if not wrote_audio:
        sounds = [AudioIR(AudioStatement.MUSIC, genre.music.mood, 0.0, None, gain_db=-16.0, fade_in_s=min(1.0, total / 4),
                          fade_out_s=min(1.5, total / 4), tempo_bpm=genre.music.tempo_bpm)]
        if genre.ambient:
            sounds.append(AudioIR(AudioStatement.AMBIENT, genre.ambient, 0.0, None, gain_db=-20.0, fade_in_s=min(1.0, total / 4),
                                  fade_out_s=min(1.0, total / 4)))
        audio = tuple(sounds)
    return replace(ir, shots=tuple(shots), transitions=tuple(transitions), audio=audio,
                   mood=ir.mood or genre.mood)


def _durations(ir: SceneIR, genre) -> list[float]:
    known = [shot.duration_s for shot in ir.shots]
    weights = [genre.pacing_weight(shot.beat) for shot in ir.shots]
    missing = [i for i, d in enumerate(known) if d is None]
    if not missing:
        return [float(d) for d in known]
    if ir.duration_s is not None:
        rest = ir.duration_s - sum(d for d in known if d is not None)
        share = sum(weights[i] for i in missing)
        for i in missing:
            known[i] = rest * weights[i] / share
    else:
        for i in missing:
            known[i] = min(genre.max_shot_s, max(genre.min_shot_s, genre.shot_length_s * weights[i]))
    return [float(d) for d in known]
