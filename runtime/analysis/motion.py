"""Global motion between two frames: translation by phase correlation, zoom and roll by a block fit.

A first translation comes from phase correlation of the whole (Hann-windowed)
frame. Then a grid of blocks is phase correlated (each first displaced by that
shift) and a similarity transform is fitted to the block displacements that
agree with the majority: a zoom pushes blocks away from the centre, a roll
turns them around it, and a small moving subject, whose blocks disagree, does
not drag the camera estimate. When too few blocks carry texture, the
whole-frame translation stands alone. Displacements are in
pixels of the motion-resolution frame; image y points down.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .color import luma

MOTION_WIDTH = 160
BLOCK = 32
GRID = (5, 3)
# Phase-correlation peaks lower than this are noise (flat or changed content).
MIN_PEAK = 0.08
# Unrelated pictures correlate at about 0.1; the same picture, even grainy or zooming, at 0.5 or more.
MIN_GLOBAL_PEAK = 0.25
CONSENSUS_TOLERANCE = 1.0  # pixels
MIN_BLOCK_STD = 0.01
MIN_BLOCKS = 5


@dataclass(frozen=True, slots=True)
class PairMotion:
    """How the content moved from one frame to the next.

    `dx`, `dy` are the content's shift in pixels of a frame `width` x `height`;
    `scale` > 1 means content grew (zoom in); `roll_deg` is its turn, positive
    clockwise on screen; `peak` is the whole-frame phase-correlation peak
    (0..1). `reliable` is False when the two frames share too little to say
    (a cut, a flash, a blank frame); such steps carry no camera evidence.
    """

    dx: float
    dy: float
    scale: float
    roll_deg: float
    peak: float
    width: int
    height: int
    reliable: bool = True


def motion_gray(rgb: np.ndarray) -> np.ndarray:
    """Luma 0..1 shrunk by whole-pixel averaging until the width is at most MOTION_WIDTH."""
    y = luma(rgb)
    factor = max(1, math.ceil(y.shape[1] / MOTION_WIDTH))
    if factor == 1:
        return y
    h, w = (y.shape[0] // factor) * factor, (y.shape[1] // factor) * factor
    return y[:h, :w].reshape(h // factor, factor, w // factor, factor).mean(axis=(1, 3))


@functools.cache
def _hann(h: int, w: int) -> np.ndarray:
    return np.outer(np.hanning(h), np.hanning(w)).astype(np.float32)


UPSAMPLE = 16
REFINE_SPAN = 0.75  # the coarse peak is within half a pixel; search a little wider
# Phase at high frequencies is ruined by compression, interpolation and noise;
# weighting it down keeps sub-pixel shifts honest. In cycles per pixel (Nyquist 0.5).
LOWPASS_CUTOFF = 0.2


@functools.cache
def _lowpass(h: int, w: int) -> np.ndarray:
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.fftfreq(w)[None, :]
    return np.exp(-(fy**2 + fx**2) / LOWPASS_CUTOFF**2)


@functools.cache
def _offset_kernel(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(offsets, kernel, k): exp(2πi·offset·k/n) for the fine offsets around a peak, and k."""
    reach = int(REFINE_SPAN * UPSAMPLE)
    offsets = np.arange(-reach, reach + 1) / UPSAMPLE
    k = np.fft.fftfreq(n) * n
    return offsets, np.exp(2j * np.pi * offsets[:, None] * k[None, :] / n), k


def _line_peak(spectrum: np.ndarray, at: np.ndarray, n: int) -> np.ndarray:
    """Best fine offset around `at` of the inverse DFT of 1-D `spectrum` (..., n)."""
    offsets, kernel, k = _offset_kernel(n)
    # exp(2πi(p + o)k/n) = exp(2πi·o·k/n)·exp(2πi·p·k/n): only the second factor varies.
    shifted = spectrum * np.exp(2j * np.pi * at[..., None] * k / n)
    values = np.real((shifted[..., None, :] * kernel).sum(axis=-1))
    return offsets[values.argmax(axis=-1)]


def _refine(cross: np.ndarray, py: np.ndarray, px: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sub-pixel peak by evaluating the correlation finely along the lines through the peak.

    This is the DFT upsampling of Guizar-Sicairos et al. (2008) restricted to
    one row and one column, alternating twice: the phase-correlation peak is
    nearly separable, and fitting a parabola to the sampled sinc-shaped peak
    instead is biased by up to a third of a pixel. Element-wise sums rather
    than matrix products keep small BLAS calls (slow when threaded) out.
    """
    cross = cross.astype(np.complex128, copy=False)
    h, w = cross.shape[-2:]
    ky = np.fft.fftfreq(h) * h
    kx = np.fft.fftfreq(w) * w
    y, x = py, px
    for _ in range(2):
        row = (cross * np.exp(2j * np.pi * y[..., None] * ky / h)[..., :, None]).sum(axis=-2)
        x = px + _line_peak(row, px, w)
        column = (cross * np.exp(2j * np.pi * x[..., None] * kx / w)[..., None, :]).sum(axis=-1)
        y = py + _line_peak(column, py, h)
    return y, x


def phase_correlate(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shift (dy, dx) and peak of b relative to a, batched over leading axes.

    `a` and `b` have shape (..., h, w) and are already windowed. The result
    says b(p) ≈ a(p - shift): positive dx means the content moved right.
    """
    fa = np.fft.fft2(a)
    fb = np.fft.fft2(b)
    cross = np.conj(fa) * fb
    h, w = a.shape[-2:]
    weights = _lowpass(h, w)
    # Dividing by the mean weight keeps a perfect match's peak at 1.
    cross *= weights / (np.maximum(np.abs(cross), 1e-9) * weights.mean())
    surface = np.real(np.fft.ifft2(cross))
    flat = surface.reshape(*surface.shape[:-2], -1)
    index = flat.argmax(axis=-1)
    py, px = np.divmod(index, w)
    peak = np.take_along_axis(flat, index[..., None], axis=-1)[..., 0]
    # Peaks past the half-way point are negative shifts wrapped around.
    py = np.where(py > h // 2, py - h, py).astype(np.float64)
    px = np.where(px > w // 2, px - w, px).astype(np.float64)
    sy, sx = _refine(cross / (h * w), py, px)
    return sy, sx, peak


def _block_centres(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    half = BLOCK // 2
    xs = np.linspace(half, w - half, GRID[0]).round().astype(int)
    ys = np.linspace(half, h - half, GRID[1]).round().astype(int)
    cy, cx = np.meshgrid(ys, xs, indexing="ij")
    return cy.ravel(), cx.ravel()


def _global(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    window = _hann(*a.shape)
    sy, sx, peak = phase_correlate((a - a.mean()) * window, (b - b.mean()) * window)
    return float(sx), float(sy), float(peak)


def global_shift(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Content translation (dx, dy) in pixels from gray frame `a` to gray frame `b`."""
    dx, dy, _ = _global(a, b)
    return dx, dy


def estimate(a: np.ndarray, b: np.ndarray) -> PairMotion:
    """Global motion from gray frame `a` to gray frame `b` (same shape, values 0..1)."""
    h, w = a.shape
    dx, dy, peak = _global(a, b)
    scale, roll = 1.0, 0.0
    fit = _fit_similarity(a, b, dx, dy) if h >= BLOCK and w >= BLOCK else None
    if fit is not None:
        fx, fy, scale, roll = fit
        # Whole-frame correlation is the finer measure, but it favours sharp detail,
        # so one crisp moving subject can outvote a soft still background; when
        # the block consensus disagrees by more than a pixel, the consensus wins.
        if math.hypot(fx - dx, fy - dy) > CONSENSUS_TOLERANCE:
            dx, dy = fx, fy
    reliable = fit is not None or peak >= MIN_GLOBAL_PEAK
    return PairMotion(dx, dy, scale, roll, float(peak), w, h, reliable)


def _fit_similarity(a: np.ndarray, b: np.ndarray, dx: float, dy: float) -> tuple[float, float, float, float] | None:
    """(dx, dy, scale, roll_deg) fitted to block displacements, ignoring blocks that
    disagree with the majority; None when too few blocks are trustworthy or agree."""
    h, w = a.shape
    half = BLOCK // 2
    cy, cx = _block_centres(h, w)
    oy, ox = int(round(dy)), int(round(dx))
    # Blocks whose displaced partner would leave the frame cannot be compared.
    inside = (cy + oy - half >= 0) & (cy + oy + half <= h) & (cx + ox - half >= 0) & (cx + ox + half <= w)
    cy, cx = cy[inside], cx[inside]
    if len(cy) < MIN_BLOCKS:
        return None
    rows = (cy[:, None] + np.arange(-half, half)[None, :])[:, :, None]
    cols = (cx[:, None] + np.arange(-half, half)[None, :])[:, None, :]
    blocks_a = a[rows, cols]
    blocks_b = b[rows + oy, cols + ox]
    window = _hann(BLOCK, BLOCK)
    textured = blocks_a.std(axis=(1, 2)) > MIN_BLOCK_STD
    ba = (blocks_a - blocks_a.mean(axis=(1, 2), keepdims=True)) * window
    bb = (blocks_b - blocks_b.mean(axis=(1, 2), keepdims=True)) * window
    ry, rx, peaks = phase_correlate(ba, bb)
    good = textured & (peaks > MIN_PEAK)
    if good.sum() < MIN_BLOCKS:
        return None
    u = rx[good] + ox
    v = ry[good] + oy
    x = cx[good] - (w - 1) / 2.0
    y = cy[good] - (h - 1) / 2.0
    # Start from the median shift, which a moving subject in a few blocks cannot
    # move; zoom and roll spread the blocks around it by a pixel or two at most.
    spread = np.hypot(u - np.median(u), v - np.median(v))
    keep = spread <= max(2.0, 2.5 * float(np.median(spread)))
    for _ in range(2):
        if keep.sum() < max(MIN_BLOCKS, len(u) // 2):
            return None
        params = _solve(x[keep], y[keep], u[keep], v[keep])
        tx, ty, a_, b_ = params
        residual = np.hypot(tx + a_ * x - b_ * y - u, ty + b_ * x + a_ * y - v)
        keep = residual <= max(0.75, 2.5 * float(np.median(residual[keep])))
    return float(tx), float(ty), math.hypot(1.0 + a_, b_), math.degrees(math.atan2(b_, 1.0 + a_))


def _solve(x: np.ndarray, y: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Least squares for u = tx + a·x − b·y, v = ty + b·x + a·y."""
    n = len(x)
    design = np.zeros((2 * n, 4))
    design[:n, 0] = 1.0
    design[:n, 2] = x
    design[:n, 3] = -y
    design[n:, 1] = 1.0
    design[n:, 2] = y
    design[n:, 3] = x
    params, *_ = np.linalg.lstsq(design, np.concatenate([u, v]), rcond=None)
    return params
