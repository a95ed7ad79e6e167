"""Hard-cut detection: a sudden, isolated, lasting change of colour and layout between two frames.

Each step between sampled frames gets a change score: the larger of a colour
histogram distance (blind to motion, and only as large as the colours
actually moved, so fades stay gentle) and a layout distance, one minus the
correlation of the two pictures after undoing the global shift (blind to pans
and fades, but not to a new picture with the same colours). A step is a cut
only when

- its score passes an absolute threshold (a dissolve spreads its change over
  many gentle steps, none of which passes);
- it towers over both neighbouring steps, or shares its change with just one
  of them (a cut blended over a frame), so fast fades and dissolves of a few
  frames do not qualify;
- it stands well above the median score around it (steady fast motion raises
  every score alike);
- the picture does not return within a few frames (a flash, or a jolt of
  motion, comes back to what was there before).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .motion import global_shift, motion_gray

HIST_LEVELS = 4
CDF_BINS = 32
# A whole-range shift of every colour scores EMD_GAIN; a third of the range already saturates.
EMD_GAIN = 3.0
POOL = 2
# Below this luma spread a picture is flat and correlation is meaningless.
FLAT_STD = 0.02
# Flat-picture differences are scaled so a new picture scores like a new palette.
LAYOUT_GAIN = 2.5
CUT_THRESHOLD = 0.3
PEAK_RATIO = 3.0
PEAK_MARGIN = 0.05
LOCAL_HALF_WINDOW = 6
FLASH_FRAMES = 4
# The picture "came back" when it is this much closer to the old shot than the cut's jump.
RETURN_RATIO = 0.4
# A one-step cut stands this far above both neighbouring steps; a two-step cut's
# change stands this far above the steps around the pair.
ISOLATION_RATIO = 2.0
PAIR_RATIO = 2.5
# Steps below this share of the threshold cannot be half of a two-step cut.
PAIR_FLOOR = 0.5
MIN_SHOT_FRAMES = 3


@dataclass(frozen=True, slots=True)
class FrameSignature:
    """What cut detection remembers of a frame: a joint colour histogram, per-channel
    cumulative histograms, and a small luma picture (motion-size luma pooled by
    POOL, as uint8 so a long film stays small)."""

    histogram: np.ndarray
    channel_cdfs: np.ndarray
    layout: np.ndarray


def signature(rgb: np.ndarray, gray: np.ndarray | None = None) -> FrameSignature:
    """The signature of an RGB frame; `gray` is its motion-size luma if already computed."""
    quant = (rgb[::2, ::2].reshape(-1, 3) // (256 // HIST_LEVELS)).astype(np.int64)
    index = (quant[:, 0] * HIST_LEVELS + quant[:, 1]) * HIST_LEVELS + quant[:, 2]
    hist = np.bincount(index, minlength=HIST_LEVELS**3).astype(np.float32)
    channels = rgb[::2, ::2].reshape(-1, 3) // (256 // CDF_BINS)
    counts = np.stack([np.bincount(channels[:, c], minlength=CDF_BINS) for c in range(3)]).astype(np.float32)
    cdfs = np.cumsum(counts, axis=1) / counts.sum(axis=1, keepdims=True)
    pooled = _pool(motion_gray(rgb) if gray is None else gray)
    layout = np.clip(np.round(pooled * 255.0), 0, 255).astype(np.uint8)
    return FrameSignature(histogram=hist / hist.sum(), channel_cdfs=cdfs, layout=layout)


def _pool(gray: np.ndarray) -> np.ndarray:
    h = (gray.shape[0] // POOL) * POOL
    w = (gray.shape[1] // POOL) * POOL
    if h < POOL * 4 or w < POOL * 4:
        return gray
    return gray[:h, :w].reshape(h // POOL, POOL, w // POOL, POOL).mean(axis=(1, 3))


def distance(a: FrameSignature, b: FrameSignature, shift: tuple[float, float] | None = None) -> float:
    """Change score 0..1 between two frames; `shift` (dx, dy) is the content motion to undo,
    in motion-size pixels.

    Without a shift, one is estimated. The layout term is one minus the
    correlation of the aligned pictures, which ignores fades and exposure
    changes; for flat pictures, where correlation means nothing, it falls
    back to the scaled mean difference.
    """
    # Bin-count distance saturates on any colour change, even a gentle fade, where
    # pixels merely cross bin edges; the earth mover's distance of the channel
    # histograms grows with how far colours actually moved. A cut needs both.
    bins_moved = 0.5 * float(np.abs(a.histogram - b.histogram).sum())
    colours_moved = float(np.abs(a.channel_cdfs - b.channel_cdfs).sum(axis=1).mean()) / CDF_BINS
    hist = min(bins_moved, EMD_GAIN * colours_moved)
    la = a.layout.astype(np.float32) / 255.0
    lb = b.layout.astype(np.float32) / 255.0
    if la.shape != lb.shape:
        return hist
    scale = 1.0 / POOL
    if shift is None:
        shift, scale = global_shift(la, lb), 1.0
    dx, dy = int(round(shift[0] * scale)), int(round(shift[1] * scale))
    h, w = la.shape
    if abs(dx) >= w // 2 or abs(dy) >= h // 2:
        dx = dy = 0
    # Compare a(p) with b(p + shift) on the overlap only.
    ga = la[max(0, -dy) : h - max(0, dy), max(0, -dx) : w - max(0, dx)]
    gb = lb[max(0, dy) : h - max(0, -dy), max(0, dx) : w - max(0, -dx)]
    sa, sb = float(ga.std()), float(gb.std())
    if min(sa, sb) < FLAT_STD:
        layout = min(1.0, LAYOUT_GAIN * float(np.abs(ga - gb).mean()))
    else:
        correlation = float(((ga - ga.mean()) * (gb - gb.mean())).mean() / (sa * sb))
        layout = min(1.0, max(0.0, 1.0 - correlation))
    return max(hist, layout)


def detect_cuts(
    signatures: list[FrameSignature],
    frame_numbers: list[int],
    shifts: list[tuple[float, float]],
) -> list[int]:
    """Frame numbers where a new shot starts.

    `shifts[i]` is the content motion from sampled frame i to i + 1, used to
    undo pans before comparing layouts.
    """
    n = len(signatures)
    if n < 2:
        return []
    scores = np.array([distance(signatures[i], signatures[i + 1], shifts[i]) for i in range(n - 1)])
    candidates = []
    for i, score in enumerate(scores):
        jump = _jump(signatures, scores, i)
        if jump is None:
            continue
        strength, first, last = jump
        if strength < CUT_THRESHOLD:
            continue
        lo, hi = max(0, i - LOCAL_HALF_WINDOW), min(len(scores), i + LOCAL_HALF_WINDOW + 1)
        around = np.concatenate([scores[lo:i], scores[i + 1 : hi]])
        local = float(np.median(around)) if len(around) else 0.0
        if strength < PEAK_RATIO * local + PEAK_MARGIN:
            continue
        if _returns(signatures, frame_numbers, first, last, strength):
            continue
        candidates.append((frame_numbers[i + 1], strength))
    return _spread(candidates)


def _jump(signatures: list[FrameSignature], scores: np.ndarray, i: int) -> tuple[float, int, int] | None:
    """(strength, index before, index after) if step i is the sharp edge of a change.

    A step far above both neighbours is a one-step jump. A step sharing its
    change with one neighbour (a cut blended over a frame, as frame-rate
    conversion does) counts as a two-step jump at the larger of the two, when
    the steps around the pair are quiet. Changes spread wider (fades,
    dissolves) are neither.
    """
    score = float(scores[i])
    if score < CUT_THRESHOLD * PAIR_FLOOR:
        return None
    prev = float(scores[i - 1]) if i > 0 else 0.0
    nxt = float(scores[i + 1]) if i + 1 < len(scores) else 0.0
    if score >= ISOLATION_RATIO * max(prev, nxt):
        return score, i, i + 1
    partner = i + 1 if nxt >= prev else i - 1
    if float(scores[partner]) > score:
        return None  # the partner, the larger half, reports the pair
    lo = min(i, partner)
    outside = max(
        float(scores[lo - 1]) if lo > 0 else 0.0,
        float(scores[lo + 2]) if lo + 2 < len(scores) else 0.0,
    )
    span = distance(signatures[lo], signatures[lo + 2])
    if span < PAIR_RATIO * outside:
        return None
    return span, lo, lo + 2


def _returns(signatures: list[FrameSignature], numbers: list[int], first: int, last: int, score: float) -> bool:
    """True if the jump from frame index `first` to `last` undoes itself or a change just before it."""
    before, after = signatures[first], signatures[last]
    limit = RETURN_RATIO * score
    # Later frames looking like the frame before the jump: a flash that ends.
    for j in range(last + 1, len(signatures)):
        if numbers[j] - numbers[last] >= FLASH_FRAMES:
            break
        if distance(before, signatures[j]) < limit:
            return True
    # The new frame looking like frames before the jump: the end of a flash.
    for j in range(first - 1, -1, -1):
        if numbers[first] - numbers[j] >= FLASH_FRAMES:
            break
        if distance(signatures[j], after) < limit:
            return True
    return False


def _spread(candidates: list[tuple[int, float]]) -> list[int]:
    """Keep the strongest of cuts closer than MIN_SHOT_FRAMES, so a fast dissolve counts once."""
    kept: list[tuple[int, float]] = []
    for frame, score in candidates:
        if kept and frame - kept[-1][0] < MIN_SHOT_FRAMES:
            if score > kept[-1][1]:
                kept[-1] = (frame, score)
            continue
        kept.append((frame, score))
    return [frame for frame, _ in kept]
