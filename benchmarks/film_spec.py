"""The benchmark film, in plain Python: read by scenec's side and by the
Manim and MoviePy sides, which run in their own virtual environments and so
cannot import scenec.

Two shots of `seconds / 2`, each a gradient sky and a circle moving along
`circle_path`, joined by a 1 s dissolve centred on the cut.
"""

from __future__ import annotations

SUNSET = ((0.98, 0.55, 0.25, 1.0), (0.18, 0.12, 0.35, 1.0), 90.0)  # (from, to, angle in degrees)
SEA = ((0.05, 0.35, 0.55, 1.0), (0.02, 0.05, 0.15, 1.0), 60.0)
SUN = (1.0, 0.85, 0.35, 1.0)
MOON = (0.92, 0.94, 1.0, 1.0)
SKIES, FILLS = (SUNSET, SEA), (SUN, MOON)
X264_PRESET, X264_CRF = "veryfast", "20"  # scenec's "normal" quality


def circle_radius(height: int) -> float:
    return 0.08 * height


def shot_frames(fps: int, seconds: float) -> tuple[int, int, int]:
    """(frames in the film, the cut, half the dissolve) in frames."""
    frames = round(seconds * fps)
    return frames, frames // 2, fps // 2


def circle_path(shot: int, width: int, height: int, frames: int) -> list[tuple[int, float, float]]:
    """(local frame, x, y) keys in pixels: left to right in shot 0, an arc in shot 1."""
    if shot == 0:
        return [(0, 0.15 * width, 0.6 * height), (frames - 1, 0.85 * width, 0.4 * height)]
    return [(0, 0.8 * width, 0.75 * height), (frames // 2, 0.5 * width, 0.25 * height),
            (frames - 1, 0.2 * width, 0.75 * height)]


def circle_at(shot: int, width: int, height: int, frames: int, local: float) -> tuple[float, float]:
    """The circle's centre at a local frame, linear between keys and held outside them."""
    keys = circle_path(shot, width, height, frames)
    if local <= keys[0][0]:
        return keys[0][1], keys[0][2]
    for (f0, x0, y0), (f1, x1, y1) in zip(keys, keys[1:]):
        if local <= f1:
            t = (local - f0) / (f1 - f0)
            return x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
    return keys[-1][1], keys[-1][2]
