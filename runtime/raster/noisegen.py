"""Seeded lattice noise: hashing, 3-D gradient noise, fBm and bilinear upsampling.

The noise is a pure function of (coordinates, seed): lattice corners are
hashed with 32-bit integer mixing, so the same seed gives the same field on
any machine and no random state is kept. The third coordinate is time, which
makes animated noise evolve smoothly instead of only sliding.
"""

from __future__ import annotations

import numpy as np

__all__ = ["hash3", "gradient_noise", "fbm", "upsample", "hash_unit"]

# Twelve edge directions of a cube (Perlin's improved noise), as float32 columns.
_GRADS = np.array(
    [[1, 1, 0], [-1, 1, 0], [1, -1, 0], [-1, -1, 0],
     [1, 0, 1], [-1, 0, 1], [1, 0, -1], [-1, 0, -1],
     [0, 1, 1], [0, -1, 1], [0, 1, -1], [0, -1, -1],
     [1, 1, 0], [-1, 1, 0], [0, -1, 1], [0, -1, -1]],
    dtype=np.float32,
)


def hash3(ix: np.ndarray, iy: np.ndarray, iz: np.ndarray | int, seed: int) -> np.ndarray:
    """A well-mixed uint32 per integer lattice point (wrapping arithmetic is intended)."""
    with np.errstate(over="ignore"):
        h = (np.asarray(ix).astype(np.uint32) * np.uint32(0x8DA6B343)) ^ (
            np.asarray(iy).astype(np.uint32) * np.uint32(0xD8163841)
        )
        h = h ^ (np.asarray(iz).astype(np.uint32) * np.uint32(0xCB1AB31F)) ^ np.uint32(seed & 0xFFFFFFFF)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x7FEB352D)
        h ^= h >> np.uint32(15)
        h *= np.uint32(0x846CA68B)
        h ^= h >> np.uint32(16)
    return h


def hash_unit(ix: np.ndarray, iy: np.ndarray, iz: np.ndarray | int, seed: int) -> np.ndarray:
    """A float32 in [0, 1) per lattice point."""
    return (hash3(ix, iy, iz, seed) >> np.uint32(8)).astype(np.float32) * np.float32(1.0 / (1 << 24))


def _fade(t: np.ndarray) -> np.ndarray:
    return t * t * t * (t * (t * 6.0 - 15.0) + 10.0)


def gradient_noise(x: np.ndarray, y: np.ndarray, z: float, seed: int) -> np.ndarray:
    """Perlin-style gradient noise in about -1..1 at points (x, y) and time slice z."""
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    x0f, y0f = np.floor(x), np.floor(y)
    z0f = np.floor(np.float32(z))
    fx, fy, fz = x - x0f, y - y0f, np.float32(z) - z0f
    ix, iy, iz = x0f.astype(np.int64), y0f.astype(np.int64), int(z0f)
    u, v, w = _fade(fx), _fade(fy), _fade(fz)
    result = np.zeros(np.broadcast_shapes(x.shape, y.shape), dtype=np.float32)
    for dz in (0, 1):
        corners = []
        for dy in (0, 1):
            for dx in (0, 1):
                g = _GRADS[hash3(ix + dx, iy + dy, iz + dz, seed) & np.uint32(15)]
                corners.append(g[..., 0] * (fx - dx) + g[..., 1] * (fy - dy) + g[..., 2] * (fz - dz))
        top = corners[0] + u * (corners[1] - corners[0])
        bottom = corners[2] + u * (corners[3] - corners[2])
        plane = top + v * (bottom - top)
        result += plane * (w if dz else (1.0 - w))
    return result


def fbm(x: np.ndarray, y: np.ndarray, z: float, seed: int, octaves: int, gain: float = 0.5) -> np.ndarray:
    """Fractal sum of ``octaves`` noise layers, each twice the frequency, normalised to about -1..1."""
    total = np.zeros(np.broadcast_shapes(np.shape(x), np.shape(y)), dtype=np.float32)
    amplitude, norm, freq = 1.0, 0.0, 1.0
    for octave in range(octaves):
        # Rotating each octave's lattice hides the axis-aligned grain of lattice noise.
        angle = 0.5 * octave
        c, s = np.float32(np.cos(angle) * freq), np.float32(np.sin(angle) * freq)
        ox = c * x - s * y + np.float32(17.3 * octave)
        oy = s * x + c * y - np.float32(9.1 * octave)
        total += np.float32(amplitude) * gradient_noise(ox, oy, z * (1.0 + 0.3 * octave), seed + 7919 * octave)
        norm += amplitude
        amplitude *= gain
        freq *= 2.0
    return total * np.float32(1.4 / norm)


def _axis_weights(n_out: int, step: int, n_in: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pos = (np.arange(n_out, dtype=np.float32) + 0.5) / step - 0.5
    pos = np.clip(pos, 0.0, n_in - 1)
    i0 = np.minimum(np.floor(pos).astype(np.intp), n_in - 1)
    i1 = np.minimum(i0 + 1, n_in - 1)
    return i0, i1, (pos - i0).astype(np.float32)


def upsample(small: np.ndarray, height: int, width: int, step: int) -> np.ndarray:
    """Bilinear upsampling of a field sampled at the centres of ``step``-pixel cells."""
    if step == 1:
        return small[:height, :width]
    y0, y1, wy = _axis_weights(height, step, small.shape[0])
    x0, x1, wx = _axis_weights(width, step, small.shape[1])
    rows = small[y0] + wy[:, None] * (small[y1] - small[y0])
    return rows[:, x0] + wx[None, :] * (rows[:, x1] - rows[:, x0])
