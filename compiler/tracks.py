"""Evaluating keyframed tracks and the camera at a (fractional) local frame.

Pure functions of the plan data: numbers, vecs and lists interpolate
component-wise, colors through OKLab (so a red-to-green fade does not pass
through mud), steps hold. Outside its keys a track holds its first or last
value, which is what a shot shows while a transition runs its local time
before its start or past its end. Camera shake is seeded smooth noise, so
the same plan always shakes the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scenec.compiler.easing import ease
from scenec.compiler.plan import CameraTrack, Key, ParamValue, PlanError, ShakePlan, Track, TrackKind

__all__ = [
    "CameraState", "evaluate", "evaluate_camera", "lerp_color", "linear_to_srgb",
    "oklab_to_srgb", "smooth_noise", "srgb_to_linear", "srgb_to_oklab",
]

# Ottosson's OKLab matrices (https://bottosson.github.io/posts/oklab/).
_LINEAR_TO_LMS = (
    (0.4122214708, 0.5363325363, 0.0514459929),
    (0.2119034982, 0.6806995451, 0.1073969566),
    (0.0883024619, 0.2817188376, 0.6299787005),
)
_LMS_TO_LAB = (
    (0.2104542553, 0.7936177850, -0.0040720468),
    (1.9779984951, -2.4285922050, 0.4505937099),
    (0.0259040371, 0.7827717662, -0.8086757660),
)
_LAB_TO_LMS = (
    (1.0, 0.3963377774, 0.2158037573),
    (1.0, -0.1055613458, -0.0638541728),
    (1.0, -0.0894841775, -1.2914855480),
)
_LMS_TO_LINEAR = (
    (4.0767416621, -3.3077115913, 0.2309699292),
    (-1.2684380046, 2.6097574011, -0.3413193965),
    (-0.0041960863, -0.7034186147, 1.7076147010),
)


def _mul(matrix: tuple[tuple[float, float, float], ...], v: tuple[float, float, float]) -> tuple[float, float, float]:
    r0, r1, r2 = matrix
    return (
        r0[0] * v[0] + r0[1] * v[1] + r0[2] * v[2],
        r1[0] * v[0] + r1[1] * v[1] + r1[2] * v[2],
        r2[0] * v[0] + r2[1] * v[1] + r2[2] * v[2],
    )


def srgb_to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def linear_to_srgb(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1.0 / 2.4) - 0.055


def srgb_to_oklab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    lms = _mul(_LINEAR_TO_LMS, (srgb_to_linear(rgb[0]), srgb_to_linear(rgb[1]), srgb_to_linear(rgb[2])))
    return _mul(_LMS_TO_LAB, (math.cbrt(lms[0]), math.cbrt(lms[1]), math.cbrt(lms[2])))


def oklab_to_srgb(lab: tuple[float, float, float]) -> tuple[float, float, float]:
    """sRGB in 0..1; colors outside the gamut are clipped per channel."""
    l_, m_, s_ = _mul(_LAB_TO_LMS, lab)
    linear = _mul(_LMS_TO_LINEAR, (l_**3, m_**3, s_**3))
    r, g, b = (min(1.0, max(0.0, linear_to_srgb(max(0.0, c)))) for c in linear)
    return (r, g, b)


def lerp_color(a: tuple[float, ...], b: tuple[float, ...], t: float) -> tuple[float, float, float, float]:
    """Interpolate two straight-alpha rgba colors through OKLab; alpha linearly."""
    ra, ga, ba, aa = (float(c) for c in a)
    rb, gb, bb, ab = (float(c) for c in b)
    # A fully transparent end has no meaningful hue: take the other end's so
    # that fading in from `none` does not pass through black.
    if aa == 0.0:
        ra, ga, ba = rb, gb, bb
    elif ab == 0.0:
        rb, gb, bb = ra, ga, ba
    la = srgb_to_oklab((ra, ga, ba))
    lb = srgb_to_oklab((rb, gb, bb))
    mixed = oklab_to_srgb(tuple(x + (y - x) * t for x, y in zip(la, lb)))  # type: ignore[arg-type]
    alpha = min(1.0, max(0.0, aa + (ab - aa) * t))
    return (*mixed, alpha)


# Track construction guarantees that every key of a non-step track has the
# same numeric shape, and rgba leaves for color tracks.


def _lerp_number(a: ParamValue, b: ParamValue, t: float) -> ParamValue:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return tuple(_lerp_number(x, y, t) for x, y in zip(a, b))
    return a + (b - a) * t  # type: ignore[operator]


def _lerp_colors(a: ParamValue, b: ParamValue, t: float) -> ParamValue:
    if isinstance(a[0], tuple):  # type: ignore[index]
        return tuple(_lerp_colors(x, y, t) for x, y in zip(a, b))  # type: ignore[arg-type]
    return lerp_color(a, b, t)  # type: ignore[arg-type]


def _round_all(value: ParamValue) -> ParamValue:
    if isinstance(value, tuple):
        return tuple(_round_all(item) for item in value)
    return int(round(value))  # type: ignore[arg-type]


def _between(track: Track, k0: Key, k1: Key, local_frame: float) -> ParamValue:
    if track.kind is TrackKind.STEP or k0.value == k1.value:
        return k0.value
    t = ease(k0.ease, (local_frame - k0.frame) / (k1.frame - k0.frame))
    if track.kind is TrackKind.COLOR:
        return _lerp_colors(k0.value, k1.value, t)
    value = _lerp_number(k0.value, k1.value, t)
    return _round_all(value) if track.kind is TrackKind.INTEGER else value


def evaluate(track: Track, local_frame: float) -> ParamValue:
    """The track's value at `local_frame` (frames since the segment's start)."""
    keys = track.keys
    if local_frame <= keys[0].frame:
        return keys[0].value
    if local_frame >= keys[-1].frame:
        return keys[-1].value
    # Tracks are short (a handful of keys): a linear scan beats bisect's setup.
    for k0, k1 in zip(keys, keys[1:]):
        if local_frame < k1.frame:
            return _between(track, k0, k1, local_frame)
    return keys[-1].value


def _number(track: Track, local_frame: float) -> float:
    # CameraTrack guarantees number tracks.
    return float(evaluate(track, local_frame))  # type: ignore[arg-type]


_MASK64 = (1 << 64) - 1


def _hash01(seed: int, axis: int, index: int) -> float:
    """A deterministic value in [-1, 1] for an integer lattice point (splitmix64)."""
    z = (seed * 0x9E3779B97F4A7C15 + axis * 0xBF58476D1CE4E5B9 + index * 0x94D049BB133111EB) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    z ^= z >> 31
    return (z / _MASK64) * 2.0 - 1.0


def smooth_noise(seed: int, axis: int, x: float) -> float:
    """1-D value noise in [-1, 1], smooth in x, one random value per integer x."""
    i = math.floor(x)
    f = x - i
    fade = f * f * f * (f * (f * 6.0 - 15.0) + 10.0)
    a = _hash01(seed, axis, i)
    b = _hash01(seed, axis, i + 1)
    return a + (b - a) * fade


def _shake_offset(shake: ShakePlan, local_frame: float, fps: float) -> tuple[float, float]:
    if not shake.start_frame <= local_frame < shake.end_frame:
        return (0.0, 0.0)
    # Ramp in and out over a tenth of the span so the shake neither pops on nor off.
    ramp = max(1.0, (shake.end_frame - shake.start_frame) * 0.1)
    envelope = min(1.0, (local_frame - shake.start_frame + 1.0) / ramp, (shake.end_frame - local_frame) / ramp)
    x = (local_frame - shake.start_frame) / fps * shake.frequency_hz
    amount = shake.amount_frac * envelope
    return (amount * smooth_noise(shake.seed, 0, x), amount * smooth_noise(shake.seed, 1, x))


@dataclass(frozen=True, slots=True)
class CameraState:
    """The camera at one frame: pan and shake as fractions of the frame, centre in px."""

    pan_x: float
    pan_y: float
    zoom: float
    roll_deg: float
    center_x: float
    center_y: float
    shake_x: float
    shake_y: float


def evaluate_camera(camera: CameraTrack, local_frame: float, fps: float) -> CameraState:
    """The camera at `local_frame`; `fps` turns shake frequencies into frames."""
    if fps <= 0:
        raise PlanError(f"fps must be positive, found {fps}")
    shake_x = shake_y = 0.0
    for shake in camera.shake:
        dx, dy = _shake_offset(shake, local_frame, fps)
        shake_x += dx
        shake_y += dy
    return CameraState(
        pan_x=_number(camera.pan_x, local_frame),
        pan_y=_number(camera.pan_y, local_frame),
        zoom=_number(camera.zoom, local_frame),
        roll_deg=_number(camera.roll_deg, local_frame),
        center_x=float(camera.focus[0]),
        center_y=float(camera.focus[1]),
        shake_x=shake_x,
        shake_y=shake_y,
    )
