"""Colors: CSS names, hex/rgb()/hsl() parsing, OKLab, and the color functions.

Colors are `(r, g, b, a)` tuples of floats in 0..1, sRGB-encoded and
straight (not premultiplied) alpha. The language's color functions are
defined here so the checker, the compiler and the knowledge data agree:

- `mix(a, b, t)` moves `t` of the way from `a` to `b` (`mix(a, b, 30%)` is
  70% `a`, 30% `b`, like Manim's `interpolate_color`), interpolating in OKLab
  with premultiplied alpha as CSS `color-mix(in oklab, ...)` does, so the
  midpoint of two colors looks halfway between them.
- `lighten(c, x)` / `darken(c, x)` add or subtract `x` (0..1) to OKLab
  lightness L, absolute as in Sass, but in a perceptual space so a 10% step
  looks alike for yellow and blue. Hue is kept; chroma is reduced when the
  result would leave the sRGB gamut (CSS Color 4 gamut mapping, simplified).
- `alpha(c, x)` sets the alpha to `x`.

numpy is imported on the first OKLab conversion, not with the module: a
`check` reads color names and hex values, and numpy's import alone costs
about what the whole check should.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, TypeAlias

from scenec.knowledge.css_colors import CSS_COLORS
from scenec.knowledge.errors import ColorError
from scenec.knowledge.suggest import did_you_mean

if TYPE_CHECKING:
    import numpy as np

RGBA: TypeAlias = tuple[float, float, float, float]
RGB: TypeAlias = tuple[float, float, float]
Lab: TypeAlias = tuple[float, float, float]

TRANSPARENT: RGBA = (0.0, 0.0, 0.0, 0.0)

_HEX = re.compile(r"#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_FUNC = re.compile(rf"(rgba?|hsla?)\(\s*({_NUM}(?:%|deg)?(?:\s*,\s*{_NUM}%?)*)\s*\)")


def color_names() -> tuple[str, ...]:
    """Every name `named` accepts: the 148 CSS names and `transparent`."""
    return (*CSS_COLORS, "transparent")


def named(name: str) -> RGBA | None:
    """Return the CSS named color (exact, lower-case name), or None."""
    if name == "transparent":
        return TRANSPARENT
    hex_value = CSS_COLORS.get(name)
    return parse_hex(hex_value) if hex_value is not None else None


def parse_hex(text: str) -> RGBA:
    """Parse `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa`."""
    if not isinstance(text, str) or _HEX.fullmatch(text) is None:
        raise ColorError(f"'{text}' is not a color (hex colors are #rgb, #rgba, #rrggbb or #rrggbbaa)")
    digits = text[1:]
    if len(digits) <= 4:
        digits = "".join(d * 2 for d in digits)
    if len(digits) == 6:
        digits += "ff"
    r, g, b, a = (int(digits[i : i + 2], 16) / 255.0 for i in range(0, 8, 2))
    return (r, g, b, a)


def _unit(value: float, what: str) -> float:
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise ColorError(f"{what} {value:g} is outside 0..1")
    return float(value)


def rgb(r: float, g: float, b: float, a: float = 1.0) -> RGBA:
    """Color from 0..255 channels and a 0..1 alpha, as CSS `rgb(255, 128, 0)`."""
    channels = []
    for value, what in ((r, "red"), (g, "green"), (b, "blue")):
        if not math.isfinite(value) or not 0.0 <= value <= 255.0:
            raise ColorError(f"{what} channel {value:g} is outside 0..255")
        channels.append(value / 255.0)
    return (channels[0], channels[1], channels[2], _unit(a, "alpha"))


def hsl_to_rgb(h_deg: float, s: float, l: float) -> RGB:
    """CSS HSL (hue in degrees, saturation and lightness 0..1) to sRGB."""
    s, l = _unit(s, "saturation"), _unit(l, "lightness")
    h = (h_deg % 360.0) / 30.0
    amount = s * min(l, 1.0 - l)

    def channel(n: int) -> float:
        k = (n + h) % 12.0
        return l - amount * max(-1.0, min(k - 3.0, 9.0 - k, 1.0))

    return (channel(0), channel(8), channel(4))


def rgb_to_hsl(color: RGB | RGBA) -> tuple[float, float, float]:
    """sRGB to (hue degrees 0..360, saturation 0..1, lightness 0..1)."""
    r, g, b = color[0], color[1], color[2]
    hi, lo = max(r, g, b), min(r, g, b)
    l = (hi + lo) / 2.0
    delta = hi - lo
    if delta == 0.0:
        return (0.0, 0.0, l)
    s = delta / (1.0 - abs(2.0 * l - 1.0))
    if hi == r:
        h = ((g - b) / delta) % 6.0
    elif hi == g:
        h = (b - r) / delta + 2.0
    else:
        h = (r - g) / delta + 4.0
    return (h * 60.0 % 360.0, min(s, 1.0), l)


def hsl(h_deg: float, s: float, l: float, a: float = 1.0) -> RGBA:
    """Color from CSS `hsl(20deg, 80%, 50%)` with s, l and a as 0..1."""
    r, g, b = hsl_to_rgb(h_deg, s, l)
    return (r, g, b, _unit(a, "alpha"))


def _functional(kind: str, parts: list[str]) -> RGBA:
    if len(parts) not in (3, 4):
        raise ColorError(f"{kind}() takes 3 or 4 values, got {len(parts)}")

    def number(part: str) -> float:
        return float(part.rstrip("%").removesuffix("deg"))

    alpha = 1.0
    if len(parts) == 4:
        alpha = number(parts[3]) / 100.0 if parts[3].endswith("%") else number(parts[3])
    if kind.startswith("rgb"):
        chans = [number(p) * 2.55 if p.endswith("%") else number(p) for p in parts[:3]]
        return rgb(chans[0], chans[1], chans[2], alpha)
    if not (parts[1].endswith("%") and parts[2].endswith("%")):
        raise ColorError("hsl() saturation and lightness must be percentages")
    return hsl(number(parts[0]), number(parts[1]) / 100.0, number(parts[2]) / 100.0, alpha)


def parse_color(text: str) -> RGBA:
    """Parse a hex color, a CSS name, `transparent`, `rgb(...)` or `hsl(...)`."""
    if not isinstance(text, str):
        raise ColorError(f"{text!r} is not a color")
    stripped = text.strip()
    if stripped.startswith("#"):
        return parse_hex(stripped)
    match = _FUNC.fullmatch(stripped)
    if match is not None:
        return _functional(match.group(1), [p.strip() for p in match.group(2).split(",")])
    found = named(stripped)
    if found is None:
        raise ColorError(f"'{text}' is not a color{did_you_mean(stripped, color_names())}")
    return found


def to_hex(color: RGB | RGBA, alpha: bool = False) -> str:
    """`#rrggbb` (channels clamped to 0..1); `#rrggbbaa` when `alpha` and a < 1."""
    channels = [min(1.0, max(0.0, float(c))) for c in color[:3]]
    if alpha and len(color) == 4 and color[3] < 1.0:
        channels.append(min(1.0, max(0.0, float(color[3]))))
    return "#" + "".join(f"{round(c * 255):02x}" for c in channels)


# --- OKLab (Björn Ottosson, 2020), on numpy arrays of shape (..., 3) ---------

_RGB_TO_LMS = (
    (0.4122214708, 0.5363325363, 0.0514459929),
    (0.2119034982, 0.6806995451, 0.1073969566),
    (0.0883024619, 0.2817188376, 0.6299787005),
)
_LMS_TO_LAB = (
    (0.2104542553, 0.7936177850, -0.0040720468),
    (1.9779984951, -2.4285922050, 0.4505937099),
    (0.0259040371, 0.7827717662, -0.8086757660),
)


_ARRAYS: list = []  # the four matrices as arrays, made on first use (constants, not knowledge)


def _matrices():
    """sRGB->LMS, LMS->OKLab and their inverses. The published inverse matrices are rounded to 10
    digits; inverting the forward ones instead makes sRGB -> OKLab -> sRGB exact to float precision."""
    if not _ARRAYS:
        import numpy as np

        rgb_to_lms, lms_to_lab = np.array(_RGB_TO_LMS), np.array(_LMS_TO_LAB)
        _ARRAYS.extend((rgb_to_lms, lms_to_lab, np.linalg.inv(lms_to_lab), np.linalg.inv(rgb_to_lms)))
    return _ARRAYS


def srgb_to_linear(values: np.ndarray) -> np.ndarray:
    """sRGB transfer function decode; sign-preserving for out-of-gamut values."""
    import numpy as np

    v = np.asarray(values, dtype=np.float64)
    a = np.abs(v)
    return np.sign(v) * np.where(a <= 0.04045, a / 12.92, ((a + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(values: np.ndarray) -> np.ndarray:
    """sRGB transfer function encode; sign-preserving for out-of-gamut values."""
    import numpy as np

    v = np.asarray(values, dtype=np.float64)
    a = np.abs(v)
    return np.sign(v) * np.where(a <= 0.0031308, a * 12.92, 1.055 * a ** (1.0 / 2.4) - 0.055)


def srgb_to_oklab_array(rgb_values: np.ndarray) -> np.ndarray:
    """sRGB (..., 3) to OKLab (..., 3)."""
    import numpy as np

    rgb_to_lms, lms_to_lab, _, _ = _matrices()
    lms = srgb_to_linear(rgb_values) @ rgb_to_lms.T
    return np.cbrt(lms) @ lms_to_lab.T


def oklab_to_srgb_array(lab_values: np.ndarray) -> np.ndarray:
    """OKLab (..., 3) to sRGB (..., 3), not clamped (out-of-gamut stays visible)."""
    import numpy as np

    _, _, lab_to_lms, lms_to_rgb = _matrices()
    lms = (np.asarray(lab_values, dtype=np.float64) @ lab_to_lms.T) ** 3
    return linear_to_srgb(lms @ lms_to_rgb.T)


def srgb_to_oklab(color: RGB | RGBA) -> Lab:
    """One sRGB color (alpha ignored) to OKLab (L 0..1, a, b)."""
    import numpy as np

    L, a, b = srgb_to_oklab_array(np.array(color[:3], dtype=np.float64))
    return (float(L), float(a), float(b))


def oklab_to_srgb(lab: Lab) -> RGB:
    """One OKLab color to sRGB, not clamped."""
    import numpy as np

    r, g, b = oklab_to_srgb_array(np.array(lab, dtype=np.float64))
    return (float(r), float(g), float(b))


_GAMUT_EPS = 1e-6


def _in_gamut(rgb_value: RGB) -> bool:
    return all(-_GAMUT_EPS <= c <= 1.0 + _GAMUT_EPS for c in rgb_value)


def oklab_to_srgb_in_gamut(lab: Lab) -> RGB:
    """OKLab to sRGB, reducing chroma at constant L and hue until it fits sRGB."""
    L = min(1.0, max(0.0, lab[0]))
    direct = oklab_to_srgb((L, lab[1], lab[2]))
    if _in_gamut(direct):
        return _clamp3(direct)
    lo, hi = 0.0, 1.0
    for _ in range(24):
        mid = (lo + hi) / 2.0
        if _in_gamut(oklab_to_srgb((L, lab[1] * mid, lab[2] * mid))):
            lo = mid
        else:
            hi = mid
    return _clamp3(oklab_to_srgb((L, lab[1] * lo, lab[2] * lo)))


def _clamp3(c: RGB) -> RGB:
    return (min(1.0, max(0.0, c[0])), min(1.0, max(0.0, c[1])), min(1.0, max(0.0, c[2])))


def _alpha_of(color: RGB | RGBA) -> float:
    return float(color[3]) if len(color) == 4 else 1.0


# --- the language's color functions ------------------------------------------


def mix(a: RGB | RGBA, b: RGB | RGBA, t: float) -> RGBA:
    """`t` (0..1) of the way from `a` to `b` in OKLab, premultiplied alpha."""
    t = _unit(t, "mix amount")
    alpha_a, alpha_b = _alpha_of(a), _alpha_of(b)
    lab_a, lab_b = srgb_to_oklab(a), srgb_to_oklab(b)
    out_alpha = alpha_a + (alpha_b - alpha_a) * t
    if out_alpha <= 0.0:
        lab = tuple(x + (y - x) * t for x, y in zip(lab_a, lab_b))
    else:
        lab = tuple(
            (x * alpha_a + (y * alpha_b - x * alpha_a) * t) / out_alpha for x, y in zip(lab_a, lab_b)
        )
    r, g, bl = oklab_to_srgb_in_gamut((lab[0], lab[1], lab[2]))
    return (r, g, bl, out_alpha)


def _shift_lightness(color: RGB | RGBA, delta: float) -> RGBA:
    L, a, b = srgb_to_oklab(color)
    r, g, bl = oklab_to_srgb_in_gamut((L + delta, a, b))
    return (r, g, bl, _alpha_of(color))


def lighten(color: RGB | RGBA, amount: float) -> RGBA:
    """Add `amount` (0..1) to OKLab lightness; `lighten(c, 100%)` is white."""
    return _shift_lightness(color, _unit(amount, "lighten amount"))


def darken(color: RGB | RGBA, amount: float) -> RGBA:
    """Subtract `amount` (0..1) from OKLab lightness; `darken(c, 100%)` is black."""
    return _shift_lightness(color, -_unit(amount, "darken amount"))


def alpha(color: RGB | RGBA, value: float) -> RGBA:
    """The same color with its alpha set to `value` (0..1)."""
    return (float(color[0]), float(color[1]), float(color[2]), _unit(value, "alpha"))


def relative_luminance(color: RGB | RGBA) -> float:
    """WCAG relative luminance (linear-light Rec. 709 luma), 0 black .. 1 white."""
    def linear(v: float) -> float:  # `srgb_to_linear` for one channel, without numpy
        a = abs(v)
        return math.copysign(a / 12.92 if a <= 0.04045 else ((a + 0.055) / 1.055) ** 2.4, v)

    r, g, b = (linear(float(c)) for c in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
