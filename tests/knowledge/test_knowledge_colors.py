"""Colors: the CSS table, parsing, HSL, OKLab and the color functions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import ImageColor

from scenec.knowledge.colors import (
    alpha,
    color_names,
    darken,
    hsl,
    hsl_to_rgb,
    lighten,
    mix,
    named,
    oklab_to_srgb,
    parse_color,
    parse_hex,
    relative_luminance,
    rgb,
    rgb_to_hsl,
    srgb_to_oklab,
    to_hex,
)
from scenec.knowledge.css_colors import CSS_COLORS
from scenec.knowledge.errors import ColorError


def close(a, b, tol=1e-6):
    return all(math.isclose(x, y, abs_tol=tol) for x, y in zip(a, b, strict=True))


def test_css_table_has_all_148_names_with_known_values():
    assert len(CSS_COLORS) == 148
    assert CSS_COLORS["rebeccapurple"] == "#663399"
    assert CSS_COLORS["goldenrod"] == "#daa520"
    assert CSS_COLORS["navy"] == "#000080"
    for grey in ("grey", "darkgrey", "lightgrey", "dimgrey", "slategrey", "darkslategrey", "lightslategrey"):
        assert CSS_COLORS[grey] == CSS_COLORS[grey.replace("grey", "gray")]


def test_css_table_agrees_with_pillow():
    # Pillow ships the same CSS table independently; any typo would differ.
    for name, value in CSS_COLORS.items():
        assert ImageColor.getrgb(name) == tuple(int(value[i : i + 2], 16) for i in (1, 3, 5)), name


def test_named_and_transparent():
    assert named("red") == (1.0, 0.0, 0.0, 1.0)
    assert named("transparent") == (0.0, 0.0, 0.0, 0.0)
    assert named("nosuchcolor") is None
    assert "transparent" in color_names() and len(color_names()) == 149


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#f80", (1.0, 0x88 / 255, 0.0, 1.0)),
        ("#f808", (1.0, 0x88 / 255, 0.0, 0x88 / 255)),
        ("#663399", (0x66 / 255, 0x33 / 255, 0x99 / 255, 1.0)),
        ("#66339980", (0x66 / 255, 0x33 / 255, 0x99 / 255, 0x80 / 255)),
        ("#ABCDEF", (0xAB / 255, 0xCD / 255, 0xEF / 255, 1.0)),
    ],
)
def test_parse_hex(text, expected):
    assert close(parse_hex(text), expected)


@pytest.mark.parametrize("bad", ["#12345", "123456", "#ggg", "#", "#1234567", ""])
def test_parse_hex_rejects_malformed(bad):
    with pytest.raises(ColorError, match="is not a color"):
        parse_hex(bad)


def test_parse_color_forms():
    assert parse_color("rgb(255, 128, 0)") == rgb(255, 128, 0)
    assert close(parse_color("rgb(100%, 50%, 0%)"), (1.0, 0.5, 0.0, 1.0))
    assert close(parse_color("hsl(20deg, 80%, 50%)"), hsl(20, 0.8, 0.5))
    assert close(parse_color("hsl(120, 100%, 25%, 0.5)"), (0.0, 0.5, 0.0, 0.5))
    assert parse_color(" navy ") == named("navy")
    with pytest.raises(ColorError, match="did you mean 'red'"):
        parse_color("rde")
    with pytest.raises(ColorError, match="outside 0..255"):
        parse_color("rgb(300, 0, 0)")
    with pytest.raises(ColorError, match="percentages"):
        parse_color("hsl(10, 50, 50)")


def test_hsl_against_hand_computed_values():
    # hsl(20, 80%, 50%): C = 0.8, X = C * (1 - |20/60 mod 2 - 1|) = 0.8/3, m = 0.1.
    assert close(hsl_to_rgb(20, 0.8, 0.5), (0.9, 0.1 + 0.8 / 3, 0.1))
    assert close(hsl_to_rgb(240, 1.0, 0.5), (0.0, 0.0, 1.0))
    assert close(hsl_to_rgb(-120, 1.0, 0.5), (0.0, 0.0, 1.0))  # hue wraps
    assert close(rgb_to_hsl(named("rebeccapurple")), (270.0, 0.5, 0.4))
    with pytest.raises(ColorError):
        hsl_to_rgb(0, 1.5, 0.5)


def test_to_hex():
    assert to_hex(named("rebeccapurple")) == "#663399"
    assert to_hex((1.2, -0.1, 0.5)) == "#ff0080"
    assert to_hex((1, 0, 0, 0.5), alpha=True) == "#ff000080"
    assert to_hex((1, 0, 0, 1.0), alpha=True) == "#ff0000"


def test_oklab_reference_values():
    # Reference values from Ottosson's OKLab post.
    assert close(srgb_to_oklab((1, 1, 1)), (1.0, 0.0, 0.0), 1e-4)
    assert close(srgb_to_oklab((1, 0, 0)), (0.62796, 0.22486, 0.12585), 1e-4)
    assert close(srgb_to_oklab((0, 0, 0)), (0.0, 0.0, 0.0), 1e-9)


@given(st.tuples(*[st.floats(0.0, 1.0)] * 3))
def test_oklab_round_trip(color):
    assert close(oklab_to_srgb(srgb_to_oklab(color)), color, 1e-6)


def test_mix_is_perceptual_and_ordered():
    # Midway in OKLab L: L = 0.5 -> linear 0.125 -> sRGB 0.3885 -> 0x63.
    assert to_hex(mix(named("black"), named("white"), 0.5)) == "#636363"
    assert close(mix(named("red"), named("blue"), 0.0), named("red"))
    assert close(mix(named("red"), named("blue"), 1.0), named("blue"))
    # Premultiplied: mixing with transparent keeps the hue of the opaque color.
    half = mix(named("red"), named("transparent"), 0.5)
    assert math.isclose(half[3], 0.5) and close(half[:3], (1.0, 0.0, 0.0), 1e-6)
    with pytest.raises(ColorError):
        mix(named("red"), named("blue"), 1.5)


def test_lighten_darken_in_oklab_lightness():
    assert close(lighten(named("black"), 1.0), (1, 1, 1, 1), 1e-6)
    assert close(darken(named("white"), 1.0), (0, 0, 0, 1), 1e-6)
    grey = parse_color("#777777")
    L = srgb_to_oklab(grey)[0]
    assert math.isclose(srgb_to_oklab(lighten(grey, 0.1))[0], L + 0.1, abs_tol=1e-6)
    assert math.isclose(srgb_to_oklab(darken(grey, 0.1))[0], L - 0.1, abs_tol=1e-6)
    # Saturated blue lightened leaves the gamut; chroma is reduced, L and alpha kept.
    light_blue = lighten(alpha(named("blue"), 0.5), 0.3)
    assert all(0.0 <= c <= 1.0 for c in light_blue) and light_blue[3] == 0.5
    assert math.isclose(srgb_to_oklab(light_blue)[0], srgb_to_oklab(named("blue"))[0] + 0.3, abs_tol=1e-3)


def test_alpha_sets_and_validates():
    assert alpha(named("red"), 0.5) == (1.0, 0.0, 0.0, 0.5)
    with pytest.raises(ColorError):
        alpha(named("red"), -0.1)


def test_relative_luminance():
    assert math.isclose(relative_luminance(named("white")), 1.0)
    assert math.isclose(relative_luminance(named("black")), 0.0)
    assert math.isclose(relative_luminance((0.5, 0.5, 0.5)), 0.21404, abs_tol=1e-4)
