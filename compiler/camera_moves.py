"""Camera statements and shot types to a `CameraTrack`, plus track sampling helpers.

Conventions (SYSTEM.md, corpora README): the camera's `pan_x`/`pan_y` is
the content's offset as a fraction of the frame, so `camera pan right 6%`
moves the content 6% to the left (pan_x from 0 to -0.06), `tilt up` moves
it down; `zoom` scales about the focus point.
"""

from __future__ import annotations

import math
from typing import assert_never

from scenec.compiler.easing import Easing, ease
from scenec.compiler.ir import CameraDirection, CameraMoveIR, CameraMoveKind, SceneIR, ShotIR, ShotType, TrackIR
from scenec.compiler.plan import CameraTrack, Key, MotionKind, ShakePlan, Track
from scenec.lang.concepts import DEFAULT_SHOT_TYPE, SHOT_FRAMING, Placement

ESTABLISHING_PUSH = 1.08


def sample_track(track: TrackIR, t: float, duration: float) -> object:
    """A resolve-level track's value at `t` seconds (None key times mean the shot's end)."""
    keys = [(duration if k is None else k, v, e) for k, v, e in track.keys]
    if t <= keys[0][0]:
        return keys[0][1]
    for (t0, v0, e0), (t1, v1, _) in zip(keys, keys[1:]):
        if t0 <= t <= t1:
            p = 0.0 if t1 <= t0 else ease(e0, (t - t0) / (t1 - t0))
            return _lerp(v0, v1, p)
    return keys[-1][1]


def _lerp(a, b, p):
    if isinstance(a, tuple):
        return tuple(_lerp(x, y, p) for x, y in zip(a, b))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a + (b - a) * p
    return a if p < 1 else b


def layer_position(shot: ShotIR, layer_id: str, t: float) -> tuple[float, float] | None:
    """The centre of a layer (or a template group) at `t` seconds, in pixels."""
    members = [layer for layer in shot.layers if layer.id == layer_id or layer.group == layer_id]
    if not members:
        return None
    layer = members[0]
    base = _resting_position(shot, layer, layer_id, t)
    if base is None:
        return None
    # A drift carries the layer along (the runtime's `motion drift`); oscillations average out.
    dx = dy = 0.0
    for motion in layer.motions:
        kind, params = motion.kind, motion.params
        if kind is MotionKind.DRIFT and shot.duration_s:
            bx, by = dict(params).get("by", (0.0, 0.0))
            dx, dy = dx + bx * t / shot.duration_s, dy + by * t / shot.duration_s
    return (base[0] + dx, base[1] + dy)


def _resting_position(shot: ShotIR, layer, layer_id: str, t: float) -> tuple[float, float] | None:
    if layer.group == layer_id and layer.pivot is not None:
        return tuple(layer.pivot)
    track = next((tr for tr in layer.tracks if tr.property in ("at", "center")), None)
    if track is not None:
        return tuple(sample_track(track, t, shot.duration_s))
    for name in ("at", "center"):
        value = layer.param(name)
        if value is not None:
            return tuple(value)
    points = layer.param("points") or ((layer.param("from"), layer.param("to")) if layer.param("from") else None)
    if points and all(isinstance(p, tuple) for p in points):
        return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return None


def _given(value: float | None) -> float:
    """A move's amount that resolve always fills for this kind of move (from the table's default)."""
    assert value is not None, "resolve fills every amount a camera move takes"
    return value


def build_camera(shot: ShotIR, ir: SceneIR, frames: int, focus: tuple[float, float] | None, genre,
                 seed: int) -> tuple[CameraTrack, tuple[str, ...]]:
    width, height, fps = ir.width, ir.height, ir.fps
    centre = focus or (width / 2.0, height / 2.0)
    framing = SHOT_FRAMING[shot.type or DEFAULT_SHOT_TYPE]
    zoom0 = framing.zoom
    pan0 = [0.0, 0.0]
    roll0 = framing.roll_deg
    if focus is not None and zoom0 > 1.0:
        tx = width / 2.0
        if framing.placement is Placement.THIRDS:
            tx = width / 3.0 if focus[0] < width / 2.0 else 2.0 * width / 3.0
        ty = height / 2.0 if framing.placement is Placement.CENTRED else height * 0.45
        px = _clamp(tx - focus[0], -(zoom0 - 1) * (width - focus[0]), (zoom0 - 1) * focus[0])
        py = _clamp(ty - focus[1], -(zoom0 - 1) * (height - focus[1]), (zoom0 - 1) * focus[1])
        pan0 = [px / width, py / height]
    if framing.lift:  # skipped at 0 so that a -0.0 pan stays -0.0, as before
        pan0[1] += framing.lift

    moves = list(shot.cameras)
    names: list[str] = []
    shakes: list[ShakePlan] = []
    contributions: dict[str, list[tuple[int, int, Easing, float]]] = {"pan_x": [], "pan_y": [], "zoom": [], "roll_deg": []}
    follows: list[tuple[int, int, CameraMoveIR]] = []
    explicit_kinds = {m.kind for m in moves}
    for move in moves:
        f0 = min(frames - 1, max(0, round(move.start_s * fps)))
        f1 = frames if move.duration_s is None else min(frames, round((move.start_s + move.duration_s) * fps))
        f1 = max(f1, f0 + 1)
        kind, direction = move.kind, move.direction
        match kind:
            case CameraMoveKind.PAN | CameraMoveKind.TRUCK:
                sign = 1.0 if direction is CameraDirection.LEFT else -1.0
                contributions["pan_x"].append((f0, f1, move.ease, sign * _given(move.offset_pct) / 100.0))
                names.append(f"{kind}-{direction}")
            case CameraMoveKind.TILT:
                sign = 1.0 if direction is CameraDirection.UP else -1.0
                contributions["pan_y"].append((f0, f1, move.ease, sign * _given(move.offset_pct) / 100.0))
                names.append(f"tilt-{direction}")
            case CameraMoveKind.ZOOM | CameraMoveKind.DOLLY:
                factor = _given(move.factor) if direction is CameraDirection.IN else 1.0 / _given(move.factor)
                contributions["zoom"].append((f0, f1, move.ease, factor))
                names.append(f"{kind}-{direction}")
            case CameraMoveKind.ORBIT:
                sign = 1.0 if direction is CameraDirection.LEFT else -1.0
                angle_deg = _given(move.angle_deg)
                contributions["pan_x"].append((f0, f1, move.ease, sign * math.sin(math.radians(angle_deg)) * 0.5))
                contributions["roll_deg"].append((f0, f1, move.ease, -sign * angle_deg * 0.1))
                names.append(f"orbit-{direction}")
            case CameraMoveKind.ROLL:
                contributions["roll_deg"].append((f0, f1, move.ease, _given(move.angle_deg)))
                names.append("roll")
            case CameraMoveKind.SHAKE:
                # `0Hz` checks (the range starts at 0) but never moves: a still camera, not a bad plan
                if _given(move.frequency_hz) > 0:
                    shakes.append(ShakePlan(_given(move.offset_pct) / 100.0, _given(move.frequency_hz), f0, f1,
                                            seed + len(shakes)))
                names.append("shake")
            case CameraMoveKind.FOLLOW:
                follows.append((f0, f1, move))
            case CameraMoveKind.STATIC:
                pass  # holds the framing, and keeps the genre's shake away (below)
            case _:
                assert_never(kind)
    if shot.type is ShotType.ESTABLISHING and not explicit_kinds & {CameraMoveKind.ZOOM, CameraMoveKind.DOLLY} \
            and frames > 1:
        contributions["zoom"].append((0, frames, Easing.IN_OUT_SINE, ESTABLISHING_PUSH))
        names.append("zoom-in")
    if not moves and genre.camera_energy >= 0.5 and frames > 1:
        contributions["zoom"].append((0, frames, Easing.IN_OUT_SINE, 1.0 + 0.06 * genre.camera_energy))
        names.append("zoom-in")
    if genre.shake_pct > 0 and not explicit_kinds & {CameraMoveKind.SHAKE, CameraMoveKind.STATIC} and frames > 1:
        shakes.append(ShakePlan(genre.shake_pct / 100.0 * (0.5 + shot.intensity), 6.0, 0, frames, seed + 99))
        names.append("shake")

    pan_x = _track("pan_x", pan0[0], contributions["pan_x"], frames, additive=True)
    pan_y = _track("pan_y", pan0[1], contributions["pan_y"], frames, additive=True)
    zoom = _track("zoom", zoom0, contributions["zoom"], frames, additive=False)
    roll = _track("roll_deg", roll0, contributions["roll_deg"], frames, additive=True)
    if follows:
        pan_x, pan_y, follow_names = _follow(shot, follows, pan_x, pan_y, zoom0, centre, width, height, fps)
        names.extend(follow_names)
    camera = CameraTrack(focus=centre, pan_x=pan_x, pan_y=pan_y, zoom=zoom, roll_deg=roll, shake=tuple(shakes))
    return camera, tuple(dict.fromkeys(names)) or ("static",)


def _clamp(v: float, low: float, high: float) -> float:
    return max(low, min(high, v))


def _track(prop: str, base: float, moves: list[tuple[int, int, str, float]], frames: int, additive: bool) -> Track:
    if not moves:
        return Track.constant(prop, round(base, 9))
    moves = sorted(moves)
    overlapping = any(b[0] < a[1] for a, b in zip(moves, moves[1:]))
    if not overlapping:
        keys: list[Key] = [Key(0, round(base, 9))]
        value = base
        for f0, f1, easing, amount in moves:
            start_value = value
            value = value + amount if additive else value * amount
            keys = [k for k in keys if k.frame < f0] + [Key(f0, round(start_value, 9), easing)]
            keys.append(Key(f1, round(value, 9)))
        return Track(prop, _dedupe(keys))

    def at(frame: int) -> float:
        v = base
        for f0, f1, easing, amount in moves:
            p = 0.0 if frame <= f0 else 1.0 if frame >= f1 else ease(easing, (frame - f0) / (f1 - f0))
            v = v + amount * p if additive else v * (1.0 + (amount - 1.0) * p)
        return v
    points = sorted({0, frames, *range(0, frames + 1, 2), *(m[0] for m in moves), *(m[1] for m in moves)})
    return Track(prop, _dedupe([Key(f, round(at(f), 9)) for f in points]))


def _dedupe(keys: list[Key]) -> tuple[Key, ...]:
    out: dict[int, Key] = {}
    for key in keys:
        out[key.frame] = key
    return tuple(out[f] for f in sorted(out))


def _follow(shot, follows, pan_x, pan_y, zoom, centre, width, height, fps):
    """Pan so the followed layer stays near the frame's centre, sampled four times a second.

    A shot zoomed in by its type keeps the view inside the scene's frame (the
    followed layer drifts off-centre near the edges) rather than show past it.
    """
    names = []
    keys_x, keys_y = [], []
    step = max(1, fps // 4)
    for f0, f1, move in follows:
        first = last = None
        for frame in [*range(f0, f1, step), f1]:
            pos = layer_position(shot, move.target, frame / fps)
            if pos is None:
                continue
            px = (width / 2.0 - centre[0] - zoom * (pos[0] - centre[0])) / width
            py = (height / 2.0 - centre[1] - zoom * (pos[1] - centre[1])) / height
            if zoom > 1.0:
                # Zoomed in, the view stays inside the scene's frame, as `focus` framing does.
                px = _clamp(px, -(zoom - 1) * (width - centre[0]) / width, (zoom - 1) * centre[0] / width)
                py = _clamp(py, -(zoom - 1) * (height - centre[1]) / height, (zoom - 1) * centre[1] / height)
            keys_x.append(Key(frame, round(px, 9), "linear"))
            keys_y.append(Key(frame, round(py, 9), "linear"))
            first = px if first is None else first
            last = px
        if first is not None and last is not None and abs(last - first) > 0.01:
            names.append("pan-right" if last < first else "pan-left")
    if keys_x:
        pan_x = Track("pan_x", _dedupe(keys_x))
        pan_y = Track("pan_y", _dedupe(keys_y))
    return pan_x, pan_y, names
