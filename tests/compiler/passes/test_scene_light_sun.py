"""Shadows follow the sun, far things take the horizon's color, lamps glow at night and wet ground
mirrors the sky (compiler/passes/shadows.py, atmosphere.py, night_glow.py, run by the lighting pass).
Checked on the plan's layers: positions, sizes, opacities and colors per time of day and weather."""

from __future__ import annotations

import pytest

from scenec.api import compile_text
from scenec.compiler.options import CompileOptions

SIZE = (320, 180)
GROUND_TOP = 0.68 * SIZE[1]


def _scene(settings: str = "", extra: str = "") -> str:
    return f"""scene {{
  size {SIZE[0]}x{SIZE[1]}
  fps 12
  {settings}
  shot main 2s {{
    layer sky: gradient(from: #74b4e8, to: #dff1fb)
    layer hill: ellipse(at: (50%, 70%), size: (100%, 20%), fill: #6aa85a) depth 0.15
    layer ground: rect(at: (50%, 84%), size: (100%, 32%), fill: #7fb86a) depth 0.5
    layer dog: dog(at: (43%, 72%), box: (14%, 22%)) depth 0.9
    layer tree: tree(at: (80%, 55%), box: (16%, 40%)) depth 0.8
    {extra}
  }}
}}
"""


def _layers(text: str) -> dict:
    plan, check = compile_text(text, options=CompileOptions(size=SIZE))
    assert plan is not None, [d.message for d in check.diagnostics]
    return {layer.id: layer for layer in plan.segments[0].layers}


def _shadow(settings: str, name: str = "tree.shadow"):
    """(left, right, opacity, height) of a shadow, or None when it is gone."""
    layer = _layers(_scene(settings)).get(name)
    if layer is None:
        return None
    (x, _y), (w, h) = layer.param("at"), layer.param("size")
    return x - w / 2, x + w / 2, layer.opacity, h


def test_without_a_time_shadows_stay_as_drawn() -> None:
    drawn = _shadow("")
    assert drawn is not None and drawn[2] == 1.0 and _shadow("weather clear") == drawn


def test_a_low_sun_casts_long_shadows_away_from_it_anchored_at_the_foot() -> None:
    drawn, golden, afternoon = _shadow(""), _shadow("time golden-hour"), _shadow("time afternoon")
    # golden hour's sun is low on the right (15°): the shadow runs left, its right edge stays at the foot
    assert golden[1] == pytest.approx(drawn[1], abs=0.01)
    assert golden[0] < drawn[0] - 0.1 * SIZE[0]
    # a higher sun (55°) casts a shorter one, the same way
    assert golden[0] < afternoon[0] < drawn[0]
    assert afternoon[1] == pytest.approx(drawn[1], abs=0.01)


def test_the_morning_sun_throws_shadows_the_other_way() -> None:
    drawn, morning, dawn = _shadow(""), _shadow("time morning"), _shadow("time dawn")
    assert morning[0] == pytest.approx(drawn[0], abs=0.01) and morning[1] > drawn[1] + 0.05 * SIZE[0]
    assert dawn[0] == pytest.approx(drawn[0], abs=0.01) and dawn[1] > drawn[1]


def test_at_noon_the_shadow_pools_under_the_thing() -> None:
    drawn, noon = _shadow(""), _shadow("time noon")
    centre = (drawn[0] + drawn[1]) / 2
    assert (noon[0] + noon[1]) / 2 == pytest.approx(centre, abs=0.01)
    assert noon[1] - noon[0] < drawn[1] - drawn[0]
    assert noon[3] == pytest.approx(drawn[3]) and noon[2] == drawn[2]  # crisp
    fills = [_layers(_scene(t))["tree.shadow"].param("fill")[3] for t in ("", "time noon")]
    assert fills[1] > fills[0]  # and darker


def test_taller_things_cast_longer_shadows() -> None:
    layers = _layers(_scene("time golden-hour"))
    drawn = _layers(_scene(""))
    grown = {name: layers[name].param("size")[0] - drawn[name].param("size")[0] for name in ("tree.shadow", "dog.shadow")}
    assert grown["tree.shadow"] > 1.5 * grown["dog.shadow"] > 0


@pytest.mark.parametrize("settings", ["time night", "time golden-hour\n  weather cloudy", "time noon\n  weather snow"])
def test_soft_light_makes_faint_soft_shorter_shadows(settings: str) -> None:
    hard = _shadow("time golden-hour" if "golden" in settings else "time noon")
    soft = _shadow(settings)
    assert soft is not None
    assert soft[2] < 0.7 * hard[2] and soft[3] > 1.2 * hard[3]  # fainter, spread wider and deeper
    if "golden" in settings:
        assert soft[1] - soft[0] < hard[1] - hard[0]


@pytest.mark.parametrize("settings", ["weather storm", "weather fog", "time dusk", "time noon\n  weather storm"])
def test_no_direct_light_no_shadow(settings: str) -> None:
    layers = _layers(_scene(settings))
    assert "tree.shadow" not in layers and "dog.shadow" not in layers
    assert "tree.trunk" in layers


def _hue(color) -> tuple[float, float, float]:
    return color[0], color[1], color[2]


@pytest.mark.parametrize(("time", "check"), [
    ("dusk", lambda r, g, b: b > r and b > g),  # blue-violet
    ("golden-hour", lambda r, g, b: r > g > b),  # warm
])
def test_far_layers_take_the_horizon_color_more_than_near_ones(time: str, check) -> None:
    text = _scene(f"time {time}")
    far = _layers(text)["hill"].param("fill")
    at_the_ground = _layers(text.replace("depth 0.15", "depth 0.5"))["hill"].param("fill")
    assert check(*_hue(far))
    # the same hill nearer takes less of the horizon; the nearest things hardly any
    far_shift = sum(abs(a - b) for a, b in zip(far, at_the_ground))
    near, nearest = (_layers(text.replace("depth 0.9", f"depth {d}"))["dog.body"].param("fill") for d in (0.9, 1))
    assert far_shift > 0.05 > sum(abs(a - b) for a, b in zip(near, nearest))


def test_noon_has_no_haze() -> None:
    assert _layers(_scene("time noon"))["hill"].param("fill") == _layers(_scene(""))["hill"].param("fill")


def test_lamps_get_a_halo_at_night_that_moves_with_them() -> None:
    extra = ("layer lamp: streetlamp(at: (20%, 55%), box: (6%, 40%)) motion float(amount: 1%, period: 2s)\n"
             "    layer moon: circle(at: (70%, 15%), radius: 4%, fill: #f4f1de, glow: 0.6)")
    day, night = _layers(_scene("time noon", extra)), _layers(_scene("time night", extra))
    assert not any(name.endswith("-halo") for name in day)
    halos = [name for name in night if name.endswith("-halo")]
    assert halos == ["lamp.bulb-halo"]  # the bulb, not its dark pole, nor its pool of light
    halo, bulb = night["lamp.bulb-halo"], night["lamp.bulb"]
    assert halo.param("at") == pytest.approx(bulb.param("at"))
    assert halo.param("radius") > bulb.param("radius")
    assert halo.blend.value == "screen" and halo.motions == bulb.motions


def test_house_windows_light_up_at_night() -> None:
    extra = "layer house: house(at: (25%, 55%), box: (18%, 30%))"
    day, night = _layers(_scene("time noon", extra)), _layers(_scene("time night", extra))
    windows = [n for n in night if (n.startswith("house.win") or n == "house.roof-window") and not n.endswith("bar")]
    lit = [n for n in windows if night[n].param("fill")[0] > 0.9 and night[n].param("fill")[2] < 0.7]
    assert lit, "most windows glow with lamplight at night"
    assert all(day[n].param("fill")[2] > 0.8 for n in windows)  # glass by day


def test_rain_leaves_puddles_that_mirror_the_sky_and_reflects_lamps() -> None:
    extra = "layer lamp: streetlamp(at: (20%, 55%), box: (6%, 40%))"
    clear, rain = _layers(_scene("", extra)), _layers(_scene("time night\n  weather rain", extra))
    assert not any("puddle" in name for name in clear)
    puddles = [rain[n] for n in rain if n.startswith("ground-puddle")]
    assert puddles and all(p.param("at")[1] > GROUND_TOP for p in puddles)
    ground = rain["ground"].param("fill")
    assert all(sum(p.param("fill")[:3]) > sum(ground[:3]) for p in puddles)  # brighter: the sky in them
    reflection = rain["lamp.bulb-reflection"]
    assert reflection.param("at")[1] > rain["lamp.bulb"].param("at")[1]
    assert reflection.param("size")[1] > reflection.param("size")[0]  # a streak down the wet ground
    assert rain.keys() == _layers(_scene("time night\n  weather rain", extra)).keys()  # deterministic
