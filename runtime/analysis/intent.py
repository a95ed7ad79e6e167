"""Compare an Analysis with a plan's intent: palette, brightness, cuts, camera moves, entity colours.

The intent is the plan's `intent` dict (SYSTEM.md, version 2: track points
are `[frame, x, y, w, h]`; the entity checks sample at the centre `x, y`, and
version 1's `[frame, x, y]` points read the same), optionally with a
`segments` list of `{name, start_frame, end_frame}` so camera intents can be
located, and an optional `brightness` target. Each check is a JSON-ready dict
`{kind, target, measured, passed, detail}`; the score is the share passed
(None when there is nothing to check).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np

from .color import color_distance, parse_hex, to_hex
from .errors import AnalysisError
from .model import Analysis

PALETTE_TOLERANCE = 0.12  # OKLab distance; ~0.02 is a just-noticeable difference
MIN_PALETTE_WEIGHT = 0.02
ENTITY_TOLERANCE = 0.15  # looser: shading and anti-aliasing tint an entity's pixels
ENTITY_WINDOW = 0.015  # half-size of the sampling window, as a fraction of frame width
BRIGHTNESS_TOLERANCE = 0.1
CUT_TOLERANCE_FRAMES = 2

# Camera vocabulary of the plan mapped onto what a 2-D global motion estimate can see.
# A dolly scales the picture like a zoom; a truck slides it like a pan in the same
# direction; an orbit's background drift can read as a pan either way.
MOVE_EQUIVALENTS: dict[str, frozenset[str]] = {
    "pan-left": frozenset({"pan-left"}),
    "pan-right": frozenset({"pan-right"}),
    "tilt-up": frozenset({"tilt-up"}),
    "tilt-down": frozenset({"tilt-down"}),
    "zoom-in": frozenset({"zoom-in"}),
    "zoom-out": frozenset({"zoom-out"}),
    "dolly-in": frozenset({"zoom-in"}),
    "dolly-out": frozenset({"zoom-out"}),
    "truck-left": frozenset({"pan-left"}),
    "truck-right": frozenset({"pan-right"}),
    "orbit-left": frozenset({"pan-left", "pan-right"}),
    "orbit-right": frozenset({"pan-left", "pan-right"}),
    "roll": frozenset({"roll"}),
    "shake": frozenset({"shake"}),
    "static": frozenset({"static"}),
}

FrameSampler = Callable[[int], "np.ndarray | None"]


def _check(kind: str, target: object, measured: object, passed: bool, detail: str) -> dict:
    return {"kind": kind, "target": target, "measured": measured, "passed": bool(passed), "detail": detail}


def intent_from_plan(plan: dict) -> dict:
    """The intent of a Plan JSON dict, with its segments' frames added for camera checks."""
    if not isinstance(plan, dict) or not isinstance(plan.get("intent", {}), dict):
        raise AnalysisError("a plan must be a mapping with an `intent` mapping (Plan JSON)")
    segments = [
        {"name": s["name"], "start_frame": s["start_frame"], "end_frame": s["end_frame"]}
        for s in plan.get("segments") or ()
        if isinstance(s, dict) and {"name", "start_frame", "end_frame"} <= s.keys()
    ]
    return {**plan.get("intent", {}), "segments": segments}


def intent_frames(intent: dict) -> set[int]:
    """The frames `match_intent` samples for entity colours; pass them to `analyze(keep_frames=...)`."""
    frames: set[int] = set()
    for entity in intent.get("entities") or ():
        for point in entity.get("track") or ():
            if len(point) >= 3:
                frames.add(int(round(float(point[0]))))
    return frames


def match_intent(analysis: Analysis, intent: dict, frames_rgb_sampler: FrameSampler | None = None) -> dict:
    """`{score, checks}` for how well the measured film matches `intent`.

    `frames_rgb_sampler(frame)` returns that frame as an HxWx3 uint8 array (or
    None); by default frames come from `analysis.kept_frames`.
    """
    if not isinstance(intent, dict):
        raise AnalysisError(f"intent must be a mapping of intent fields, got {type(intent).__name__}")
    sampler = frames_rgb_sampler or analysis.kept_frames.get
    try:
        checks = [
            *_palette_checks(analysis, intent.get("palette") or ()),
            *_brightness_checks(analysis, intent.get("brightness")),
            *_cut_checks(analysis, intent),
            *_camera_checks(analysis, intent),
            *_entity_checks(analysis, intent.get("entities") or (), sampler),
        ]
    except (TypeError, KeyError, IndexError) as exc:
        raise AnalysisError(f"intent is malformed: {exc}") from exc
    except ValueError as exc:
        raise AnalysisError(f"intent is malformed: {exc}") from exc
    passed = sum(c["passed"] for c in checks)
    score = passed / len(checks) if checks else None
    return {"score": score, "checks": checks}


def _palette_checks(analysis: Analysis, colors: Iterable[str]) -> list[dict]:
    measured = [p for p in analysis.palette if p.weight >= MIN_PALETTE_WEIGHT]
    out = []
    for color in colors:
        parse_hex(color)
        if not measured:
            out.append(_check("palette", color, None, False, "the film has no measured palette"))
            continue
        distances = [color_distance(color, p.color) for p in measured]
        best = int(np.argmin(distances))
        near = measured[best]
        out.append(
            _check(
                "palette",
                color,
                near.color,
                distances[best] <= PALETTE_TOLERANCE,
                f"nearest measured colour {near.color} (weight {near.weight:.2f}) "
                f"is {distances[best]:.3f} away in OKLab; tolerance {PALETTE_TOLERANCE}",
            )
        )
    return out


def _brightness_checks(analysis: Analysis, target: float | None) -> list[dict]:
    if target is None:
        return []
    target = float(target)
    gap = abs(analysis.brightness - target)
    return [
        _check(
            "brightness",
            target,
            round(analysis.brightness, 4),
            gap <= BRIGHTNESS_TOLERANCE,
            f"mean luma {analysis.brightness:.3f} vs {target:.3f}; tolerance ±{BRIGHTNESS_TOLERANCE}",
        )
    ]


def _cut_checks(analysis: Analysis, intent: dict) -> list[dict]:
    if "cuts" not in intent:
        return []
    # Frame 0 and frames past what was analysed cannot show a cut.
    wanted = sorted({int(c) for c in intent.get("cuts") or () if 0 < int(c) < analysis.frames})
    out = []
    for cut in wanted:
        near = [c for c in analysis.cuts if abs(c - cut) <= CUT_TOLERANCE_FRAMES]
        found = min(near, key=lambda c: abs(c - cut)) if near else None
        detail = (
            f"cut found at frame {found}"
            if found is not None
            else f"no cut within ±{CUT_TOLERANCE_FRAMES} frames of {cut}"
        )
        out.append(_check("cut", cut, found, found is not None, detail))
    # Segment boundaries (including dissolves) may legitimately read as cuts too.
    expected = set(wanted) | {int(s["start_frame"]) for s in intent.get("segments") or () if int(s["start_frame"]) > 0}
    extra = [c for c in analysis.cuts if all(abs(c - e) > CUT_TOLERANCE_FRAMES for e in expected)]
    out.append(
        _check(
            "unexpected-cuts",
            [],
            extra,
            not extra,
            f"cuts at frames {extra} match no intended cut" if extra else "every measured cut was intended",
        )
    )
    return out


def _segment_ranges(intent: dict, count: int, frames: int) -> dict[str, tuple[int, int]]:
    ranges = {str(s["name"]): (int(s["start_frame"]), int(s["end_frame"])) for s in intent.get("segments") or ()}
    if ranges:
        return ranges
    # Without segment frames, shots between the intended cuts stand in, in film order.
    cuts = sorted(int(c) for c in intent.get("cuts") or () if 0 < int(c) < frames)
    bounds = [0, *cuts, frames]
    if len(bounds) - 1 != count:
        return {}
    names = [str(entry.get("segment")) for entry in intent.get("camera") or ()]
    return {name: (lo, hi) for name, lo, hi in zip(names, bounds, bounds[1:])}


def dominant_move(analysis: Analysis, start_frame: int, end_frame: int) -> str | None:
    """The measured move covering most frames of [start_frame, end_frame)."""
    weights: Counter[str] = Counter()
    for stretch in analysis.camera:
        overlap = min(end_frame, stretch.end_frame) - max(start_frame, stretch.start_frame)
        if overlap > 0:
            weights[stretch.move] += overlap
    return weights.most_common(1)[0][0] if weights else None


def _camera_checks(analysis: Analysis, intent: dict) -> list[dict]:
    entries = intent.get("camera") or ()
    ranges = _segment_ranges(intent, len(entries), analysis.frames)
    out = []
    for entry in entries:
        name = str(entry.get("segment"))
        # Moves may arrive as enum members straight from a Plan rather than JSON strings.
        moves = [str(getattr(m, "value", m)) for m in entry.get("moves") or ("static",)]
        accepted = frozenset().union(*(MOVE_EQUIVALENTS.get(m, frozenset()) for m in moves))
        if not accepted:
            continue  # moves such as slow-motion or rack-focus leave no trace in global motion
        if name not in ranges:
            out.append(_check("camera", moves, None, False, f"segment {name!r} has no known frames; add `segments`"))
            continue
        lo, hi = ranges[name]
        if lo >= analysis.frames:
            continue  # past the analysed span (max_frames): nothing to see
        measured = dominant_move(analysis, lo, min(hi, analysis.frames))
        detail = f"frames {lo}–{hi}: mostly {measured}; accepted {', '.join(sorted(accepted))}"
        out.append(_check("camera", moves, measured, measured in accepted, detail))
    return out


def sample_color(frame: np.ndarray, x: float, y: float) -> np.ndarray:
    """Median RGB in a small window around (x, y), given as fractions of width and height."""
    h, w = frame.shape[:2]
    r = max(1, round(ENTITY_WINDOW * w))
    cx = int(np.clip(round(x * w - 0.5), 0, w - 1))
    cy = int(np.clip(round(y * h - 0.5), 0, h - 1))
    window = frame[max(0, cy - r) : cy + r + 1, max(0, cx - r) : cx + r + 1].reshape(-1, 3)
    return np.median(window, axis=0)


def _entity_checks(analysis: Analysis, entities: Iterable[dict], sampler: FrameSampler) -> list[dict]:
    out = []
    for entity in entities:
        color, track = entity.get("color"), entity.get("track") or ()
        if not color or not track:
            continue
        name = entity.get("name") or entity.get("class") or "entity"
        samples, misses, missing = [], 0, []
        for point in track:
            frame_no, x, y = int(round(float(point[0]))), float(point[1]), float(point[2])
            if not 0 <= frame_no < analysis.frames or not (0 <= x <= 1 and 0 <= y <= 1):
                continue  # off screen or past the analysed span: nothing to see
            frame = sampler(frame_no)
            if frame is None:
                missing.append(frame_no)
                continue
            rgb = sample_color(frame, x, y)
            samples.append(rgb)
            misses += color_distance(color, rgb) > ENTITY_TOLERANCE
        if missing and not samples:
            detail = f"frames {missing[:5]} not available; analyse with keep_frames=intent_frames(intent)"
            out.append(_check("entity-color", {"name": name, "color": color}, None, False, detail))
            continue
        if not samples:
            continue
        hits = len(samples) - misses
        median = to_hex(np.median(np.array(samples), axis=0))
        detail = (
            f"{name}: {hits} of {len(samples)} track points within {ENTITY_TOLERANCE} OKLab of {color}; "
            f"median sampled colour {median}"
        )
        out.append(_check("entity-color", {"name": name, "color": color}, median, hits * 2 >= len(samples), detail))
    return out
