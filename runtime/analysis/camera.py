"""Camera moves from per-pair global motion: classify each step, find shake, merge into stretches.

Naming follows the corpus convention (see shared/corpora/README.md): the
move is named for where the view goes, so in `pan-left` the content moves
right, in `tilt-up` it moves down, and in `zoom-in` it grows away from the
centre. Stretches never cross a cut, since motion across a cut is meaningless.

Magnitudes: pans in frame widths per second, tilts in frame heights per
second, zooms as the scale factor per second (below 1 for zoom-out), roll in
degrees per second, shake as the mean translation speed in frame widths per
second, static as 0.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .motion import PairMotion

MOVES = ("pan-left", "pan-right", "tilt-up", "tilt-down", "zoom-in", "zoom-out", "roll", "shake", "static")
# Below these rates a viewer would call the camera still.
PAN_THRESHOLD = 0.025  # frame widths (or heights) per second
ZOOM_THRESHOLD = 0.025  # natural log of scale per second (~2.5 %/s)
ROLL_THRESHOLD = 1.5  # degrees per second
SHAKE_HALF_WINDOW = 4
SHAKE_NET_RATIO = 0.4
SHAKE_MIN_REVERSALS = 3
SMOOTH_HALF_WINDOW = 2
MIN_STRETCH_STEPS = 3


@dataclass(frozen=True, slots=True)
class Step:
    """Motion between sampled frames `frame_a` < `frame_b`, over `dt_s` seconds."""

    frame_a: int
    frame_b: int
    dt_s: float
    motion: PairMotion


@dataclass(frozen=True, slots=True)
class CameraStretch:
    """Frames [start_frame, end_frame) sharing one camera move."""

    start_frame: int
    end_frame: int
    move: str
    magnitude: float


def _rates(step: Step) -> tuple[float, float, float, float]:
    """(pan, tilt, log-zoom, roll) per second; NaN for a step without camera evidence."""
    m = step.motion
    if not m.reliable:
        return (math.nan,) * 4
    pan = m.dx / m.width / step.dt_s
    tilt = m.dy / m.height / step.dt_s
    zoom = math.log(max(m.scale, 1e-6)) / step.dt_s
    roll = m.roll_deg / step.dt_s
    return pan, tilt, zoom, roll


def classify(pan: float, tilt: float, zoom: float, roll: float) -> str:
    """The single move that dominates these rates (pans and tilts in frame sizes per
    second, zoom in log-scale per second, roll in degrees per second)."""
    strengths = {
        "pan": abs(pan) / PAN_THRESHOLD,
        "tilt": abs(tilt) / PAN_THRESHOLD,
        "zoom": abs(zoom) / ZOOM_THRESHOLD,
        "roll": abs(roll) / ROLL_THRESHOLD,
    }
    kind = max(strengths, key=strengths.__getitem__)
    if strengths[kind] < 1.0:
        return "static"
    if kind == "pan":
        return "pan-left" if pan > 0 else "pan-right"
    if kind == "tilt":
        return "tilt-up" if tilt > 0 else "tilt-down"
    if kind == "zoom":
        return "zoom-in" if zoom > 0 else "zoom-out"
    return "roll"


def _shaky(steps: list[Step]) -> np.ndarray:
    """Per step: does the window around it move back and forth with little net travel?"""
    n = len(steps)
    if n == 0:
        return np.zeros(0, dtype=bool)
    d = np.array(
        [[s.motion.dx / s.motion.width, s.motion.dy / s.motion.width] if s.motion.reliable else [0.0, 0.0] for s in steps]
    )
    dt = np.array([s.dt_s for s in steps])
    out = np.zeros(n, dtype=bool)
    for i in range(n):
        lo, hi = max(0, i - SHAKE_HALF_WINDOW), min(n, i + SHAKE_HALF_WINDOW + 1)
        window = d[lo:hi]
        lengths = np.hypot(window[:, 0], window[:, 1])
        path = lengths.sum()
        if hi - lo < 3 or path / dt[lo:hi].sum() < PAN_THRESHOLD * 2:
            continue
        net = math.hypot(*window.sum(axis=0))
        # A reversal is a step pointing against the previous moving one; pauses do not count.
        moving = window[lengths > 0.1 * lengths.max()]
        dots = (moving[1:] * moving[:-1]).sum(axis=1)
        reversals = int((dots < 0).sum())
        out[i] = net / path < SHAKE_NET_RATIO and reversals >= SHAKE_MIN_REVERSALS
    return out


def _smoothed_rates(steps: list[Step]) -> np.ndarray:
    """Per-step rates (n, 4) averaged over neighbouring steps: noise cancels, moves persist."""
    rates = np.array([_rates(s) for s in steps]).reshape(-1, 4)
    valid = np.isfinite(rates)
    sums = np.concatenate([np.zeros((1, 4)), np.cumsum(np.where(valid, rates, 0.0), axis=0)])
    counts = np.concatenate([np.zeros((1, 4)), np.cumsum(valid, axis=0)])
    index = np.arange(len(steps))
    lo = np.clip(index - SMOOTH_HALF_WINDOW, 0, len(steps))
    hi = np.clip(index + SMOOTH_HALF_WINDOW + 1, 0, len(steps))
    # Steps without evidence drop out of the average; a window of none reads as still.
    return (sums[hi] - sums[lo]) / np.maximum(counts[hi] - counts[lo], 1)


def _holds(move: str, steps: list[Step]) -> bool:
    """Does the move survive averaging over its whole stretch? Chance runs do not."""
    if move in ("static", "shake"):
        return True
    rates = np.array([_rates(s) for s in steps]).reshape(-1, 4)
    if not np.isfinite(rates).any():
        return False
    return classify(*np.nanmean(rates, axis=0)) == move


def _smooth(labels: list[str]) -> list[str]:
    n = len(labels)
    out = []
    for i in range(n):
        window = labels[max(0, i - SMOOTH_HALF_WINDOW) : i + SMOOTH_HALF_WINDOW + 1]
        counts = Counter(window)
        best = max(counts.values())
        # Ties keep the step's own label, so a smooth run is never reshuffled.
        out.append(labels[i] if counts[labels[i]] == best else counts.most_common(1)[0][0])
    return out


def _runs(labels: list[str]) -> list[tuple[int, int, str]]:
    runs: list[tuple[int, int, str]] = []
    for i, label in enumerate(labels):
        if runs and runs[-1][2] == label:
            runs[-1] = (runs[-1][0], i + 1, label)
        else:
            runs.append((i, i + 1, label))
    return runs


def _absorb_short(runs: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Give runs shorter than MIN_STRETCH_STEPS to the longer neighbour, shortest first."""
    runs = list(runs)
    while len(runs) > 1:
        short = [i for i, (a, b, _) in enumerate(runs) if b - a < MIN_STRETCH_STEPS]
        if not short:
            break
        i = min(short, key=lambda k: runs[k][1] - runs[k][0])
        left = runs[i - 1] if i > 0 else None
        right = runs[i + 1] if i + 1 < len(runs) else None
        pick = left if right is None or (left is not None and left[1] - left[0] >= right[1] - right[0]) else right
        a, b, _ = runs[i]
        merged = (min(a, pick[0]), max(b, pick[1]), pick[2])
        lo = i - 1 if pick is left else i
        runs[lo : lo + 2] = [merged]
        # Neighbours that now share a label become one run.
        runs = _runs([label for a, b, label in runs for _ in range(a, b)])
    return runs


def _magnitude(move: str, steps: list[Step]) -> float:
    if move == "static" or not steps:
        return 0.0
    rates = np.array([_rates(s) for s in steps]).reshape(-1, 4)
    rates = rates[np.isfinite(rates[:, 0])]
    if len(rates) == 0:
        return 0.0
    if move.startswith("pan"):
        return float(np.abs(rates[:, 0]).mean())
    if move.startswith("tilt"):
        return float(np.abs(rates[:, 1]).mean())
    if move.startswith("zoom"):
        return float(math.exp(rates[:, 2].mean()))
    if move == "roll":
        return float(np.abs(rates[:, 3]).mean())
    speeds = [math.hypot(s.motion.dx, s.motion.dy) / s.motion.width / s.dt_s for s in steps if s.motion.reliable]
    return float(np.mean(speeds)) if speeds else 0.0


def shot_stretches(steps: list[Step], start_frame: int, end_frame: int) -> list[CameraStretch]:
    """Stretches covering the shot [start_frame, end_frame) from the steps inside it."""
    if not steps:
        return [CameraStretch(start_frame, end_frame, "static", 0.0)]
    labels = [classify(*rates) for rates in _smoothed_rates(steps)]
    shaky = _shaky(steps)
    labels = ["shake" if shaky[i] else label for i, label in enumerate(labels)]
    runs = _absorb_short(_runs(_smooth(labels)))
    labels = [move if _holds(move, steps[a:b]) else "static" for a, b, move in runs for _ in range(a, b)]
    runs = _absorb_short(_runs(labels))
    stretches = []
    for k, (a, b, move) in enumerate(runs):
        first = start_frame if k == 0 else steps[a].frame_a
        last = end_frame if k == len(runs) - 1 else steps[b].frame_a
        stretches.append(CameraStretch(first, last, move, _magnitude(move, steps[a:b])))
    return stretches


def camera_stretches(steps: list[Step], cuts: list[int], frames_total: int) -> list[CameraStretch]:
    """Stretches over the whole film [0, frames_total), split at every cut."""
    bounds = [0, *sorted(c for c in cuts if 0 < c < frames_total), frames_total]
    out: list[CameraStretch] = []
    for lo, hi in zip(bounds, bounds[1:]):
        inside = [s for s in steps if lo <= s.frame_a and s.frame_b < hi]
        out.extend(shot_stretches(inside, lo, hi))
    return out
