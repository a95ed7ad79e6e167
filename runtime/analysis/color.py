"""Colour measures of frames: luma, contrast, saturation, colourfulness, OKLab and the k-means palette.

All inputs are uint8 RGB arrays of shape (..., 3) holding gamma-encoded sRGB.
Luma follows Rec.709 on the gamma-encoded values, as the brief of the
analysis contract asks; perceptual distances use OKLab because its Euclidean
distance tracks what a viewer calls "the same colour" far better than RGB.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REC709 = np.array([0.2126, 0.7152, 0.0722])
PALETTE_CLUSTERS = 5
PALETTE_SAMPLES = 20_000
PALETTE_SEED = 0
# Clusters closer than this in OKLab are one colour to a viewer; merge them.
MERGE_DISTANCE = 0.03
KMEANS_ITERATIONS = 30


@dataclass(frozen=True, slots=True)
class FrameColor:
    """Colour statistics of one frame."""

    brightness: float
    contrast: float
    saturation: float
    colorfulness: float


@dataclass(frozen=True, slots=True)
class PaletteEntry:
    """One dominant colour and the share of sampled pixels nearest to it."""

    color: str
    weight: float


def luma(rgb: np.ndarray) -> np.ndarray:
    """Rec.709 luma in 0..1 of gamma-encoded RGB, shape (...)."""
    # Channel sums rather than `@ REC709`: a threaded BLAS call per frame is far slower.
    r, g, b = (rgb[..., i].astype(np.float32) for i in range(3))
    return np.float32(REC709[0] / 255) * r + np.float32(REC709[1] / 255) * g + np.float32(REC709[2] / 255) * b


def frame_color(rgb: np.ndarray) -> FrameColor:
    """Brightness, RMS contrast, HSV saturation and Hasler–Süsstrunk colourfulness of one frame."""
    r, g, b = (rgb[..., i].astype(np.float32) for i in range(3))
    y = luma(rgb)
    high = np.maximum(np.maximum(r, g), b)
    low = np.minimum(np.minimum(r, g), b)
    saturation = (high - low) / np.maximum(high, np.float32(1e-6))
    # Hasler & Süsstrunk (2003) on the 0..255 scale, where ~100 reads as "extremely colourful".
    rg = r - g
    yb = np.float32(0.5) * (r + g) - b
    colorfulness = np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean())
    return FrameColor(
        brightness=float(y.mean()),
        contrast=float(y.std()),
        saturation=float(saturation.mean()),
        colorfulness=float(colorfulness),
    )


def srgb_to_oklab(rgb: np.ndarray) -> np.ndarray:
    """OKLab (L, a, b) of sRGB values in 0..255, any leading shape."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    lms = lin @ np.array(
        [
            [0.4122214708, 0.2119034982, 0.0883024619],
            [0.5363325363, 0.6806995451, 0.2817188376],
            [0.0514459929, 0.1073969566, 0.6299787005],
        ]
    )
    lms = np.cbrt(lms)
    return lms @ np.array(
        [
            [0.2104542553, 1.9779984951, 0.0259040371],
            [0.7936177850, -2.4285922050, 0.7827717662],
            [-0.0040720468, 0.4505937099, -0.8086757660],
        ]
    )


def oklab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """sRGB values in 0..255 (float, clipped) of OKLab colours."""
    lab = np.asarray(lab, dtype=np.float64)
    lms = lab @ np.array(
        [
            [1.0, 1.0, 1.0],
            [0.3963377774, -0.1055613458, -0.0894841775],
            [0.2158037573, -0.0638541728, -1.2914855480],
        ]
    )
    lin = (lms**3) @ np.array(
        [
            [4.0767416621, -1.2684380046, -0.0041960863],
            [-3.3077115913, 2.6097574011, -0.7034186147],
            [0.2309699292, -0.3413193965, 1.7076147010],
        ]
    )
    lin = np.clip(lin, 0.0, 1.0)
    c = np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)
    return np.clip(c * 255.0, 0.0, 255.0)


def parse_hex(color: str) -> np.ndarray:
    """RGB 0..255 of a `#rrggbb` string; a ValueError with the offending text otherwise."""
    text = color.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if len(text) != 6:
        raise ValueError(f"expected a colour like #rrggbb, got {color!r}")
    try:
        return np.array([int(text[i : i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)
    except ValueError:
        raise ValueError(f"expected a colour like #rrggbb, got {color!r}") from None


def to_hex(rgb: np.ndarray) -> str:
    r, g, b = (int(round(float(v))) for v in np.clip(rgb, 0, 255))
    return f"#{r:02x}{g:02x}{b:02x}"


def color_distance(a: str | np.ndarray, b: str | np.ndarray) -> float:
    """Euclidean OKLab distance between two colours given as hex or RGB 0..255."""
    rgb_a = parse_hex(a) if isinstance(a, str) else np.asarray(a, dtype=np.float64)
    rgb_b = parse_hex(b) if isinstance(b, str) else np.asarray(b, dtype=np.float64)
    return float(np.linalg.norm(srgb_to_oklab(rgb_a) - srgb_to_oklab(rgb_b)))


def grid_pixels(rgb: np.ndarray, count: int) -> np.ndarray:
    """About `count` pixels (N, 3) of one frame, on an even grid: deterministic and spread out."""
    h, w = rgb.shape[:2]
    stride = max(1, int(np.sqrt(h * w / max(1, count))))
    return rgb[stride // 2 :: stride, stride // 2 :: stride].reshape(-1, 3)


def thin_pixels(pixels: np.ndarray, count: int = PALETTE_SAMPLES) -> np.ndarray:
    """At most `count` of `pixels`, evenly spaced so every part of the film keeps its share."""
    if len(pixels) <= count:
        return pixels
    return pixels[np.linspace(0, len(pixels) - 1, count).astype(np.int64)]


def _kmeans_plus_plus(points: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    centres = [points[rng.integers(len(points))]]
    nearest = np.sum((points - centres[0]) ** 2, axis=1)
    for _ in range(1, k):
        total = nearest.sum()
        # Fewer distinct colours than clusters: every point already sits on a centre.
        if total <= 1e-12:
            break
        centre = points[rng.choice(len(points), p=nearest / total)]
        centres.append(centre)
        nearest = np.minimum(nearest, np.sum((points - centre) ** 2, axis=1))
    return np.array(centres)


def _assign(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    d = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    return d.argmin(axis=1)


def palette(pixels: np.ndarray, k: int = PALETTE_CLUSTERS, seed: int = PALETTE_SEED) -> tuple[PaletteEntry, ...]:
    """Dominant colours by k-means in OKLab, heaviest first, weights summing to 1.

    Clusters that end up nearly the same colour are merged, so a two-colour
    image yields two entries rather than five slivers of the same two.
    """
    if len(pixels) == 0:
        return ()
    points = srgb_to_oklab(pixels.reshape(-1, 3))
    rng = np.random.default_rng(seed)
    centres = _kmeans_plus_plus(points, min(k, len(points)), rng)
    for _ in range(KMEANS_ITERATIONS):
        labels = _assign(points, centres)
        counts = np.bincount(labels, minlength=len(centres))
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, points)
        alive = counts > 0
        moved = sums[alive] / counts[alive, None]
        converged = moved.shape == centres.shape and np.allclose(moved, centres, atol=1e-5)
        centres = moved
        if converged:
            break
    labels = _assign(points, centres)
    counts = np.bincount(labels, minlength=len(centres)).astype(np.float64)
    centres, counts = _merge_close(centres, counts)
    order = np.argsort(-counts, kind="stable")
    weights = counts[order] / counts.sum()
    return tuple(
        PaletteEntry(color=to_hex(oklab_to_srgb(centres[i])), weight=float(w))
        for i, w in zip(order, weights)
        if w > 0
    )


def _merge_close(centres: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    centres, counts = list(centres), list(counts)
    merged = True
    while merged and len(centres) > 1:
        merged = False
        for i in range(len(centres)):
            for j in range(i + 1, len(centres)):
                if np.linalg.norm(centres[i] - centres[j]) < MERGE_DISTANCE:
                    total = counts[i] + counts[j]
                    centres[i] = (centres[i] * counts[i] + centres[j] * counts[j]) / total
                    counts[i] = total
                    del centres[j], counts[j]
                    merged = True
                    break
            if merged:
                break
    return np.array(centres), np.array(counts)
