"""cinematography: frames, transitions, shot types and camera moves → camera tracks.

Reads: each shot's duration, type, focus and `camera` statements, the
transitions, the genre's camera energy and shake. Produces: each shot's
frame range (cumulative rounding, so the film is exactly
`round(total × fps)` frames and every shot at least one), each transition's
frame window centred on its cut (half before, half after, inside both
shots), and each shot's `CameraTrack`: the shot type's framing around the
focus (zoom about it; `close` centres it, `medium` puts it on a third;
`low-angle`/`high-angle` tilt the view, `dutch` rolls it; `establishing`
pushes in slowly), then every camera move composed on top (they add over
time: pan/tilt/truck/orbit offset the content, zoom/dolly multiply, roll
adds, shake and follow). Guarantees: a shot with no camera statement and
a calm genre keeps a still camera. Emits no diagnostics.
"""

from __future__ import annotations

from dataclasses import replace

from scenec.compiler.camera_moves import build_camera, layer_position
from scenec.compiler.context import PassContext
from scenec.compiler.ir import SceneIR
from scenec.compiler.plan import TransitionKind, TransitionPlan
from scenec.knowledge import lookup

NAME = "cinematography"


def run(ir: SceneIR, ctx: PassContext) -> SceneIR:
    genre = lookup.genre(ctx.registry, ir.genre)
    fps = ir.fps
    shots = list(ir.shots)
    elapsed = 0.0
    start = 0
    for i, shot in enumerate(shots):
        elapsed += shot.duration_s
        end = max(start + 1, round(elapsed * fps))
        shots[i] = replace(shot, start_frame=start, end_frame=end)
        start = end
    transitions = []
    for i, t in enumerate(ir.transitions):
        before, after = shots[i], shots[i + 1]
        cut = before.end_frame
        length = round(t.duration_s * fps)
        length = min(length, 2 * (before.end_frame - before.start_frame), 2 * (after.end_frame - after.start_frame))
        if t.kind is TransitionKind.CUT or length < 2:
            transitions.append(TransitionPlan(TransitionKind.CUT, cut, cut, before.name, after.name))
            continue
        half = length // 2
        first = max(before.start_frame, cut - half)
        last = min(after.end_frame, first + length)
        transitions.append(TransitionPlan(t.kind, first, last, before.name, after.name, direction=t.direction,
                                          via=t.via))
    for i, shot in enumerate(shots):
        frames = shot.end_frame - shot.start_frame
        focus = _focus_point(shot, ir)
        camera, moves = build_camera(shot, ir, frames, focus, genre, seed=ir.seed + 7919 * (i + 1))
        shots[i] = replace(shot, camera=camera, camera_moves=moves)
    return replace(ir, shots=tuple(shots), frames=shots[-1].end_frame, planned_transitions=tuple(transitions))


def _focus_point(shot, ir: SceneIR) -> tuple[float, float] | None:
    """Where the focus subject stands at the shot's start, in pixels; None without a focus."""
    if shot.focus is None:
        return None
    return layer_position(shot, shot.focus, 0.0)
