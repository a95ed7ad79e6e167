"""Light and weather over the whole frame (compiler/passes/scene_light.py, run by the lighting pass):
the time of day and the weather change the ground and the things on it, not only the sky; lights
stay lit and come on at night; wind sways plants; storms flash; indoors the weather stays outside."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.api import compile_text
from scenec.compiler.options import CompileOptions
from scenec.runtime.frame import FrameRenderer

SIZE = (160, 90)
GROUND_ROWS = slice(int(SIZE[1] * 0.8), SIZE[1])  # the band of grass under the dog


def _scene(settings: str = "", extra: str = "", back: str = "layer sky: gradient(from: #74b4e8, to: #dff1fb)") -> str:
    return f"""scene {{
  size {SIZE[0]}x{SIZE[1]}
  fps 12
  {settings}
  shot main 2s {{
    {back}
    layer ground: rect(at: (50%, 84%), size: (100%, 32%), fill: #7fb86a)
    layer dog: dog(at: (43%, 62%), box: (14%, 22%))
    layer tree: tree(at: (80%, 50%), box: (16%, 40%))
    {extra}
  }}
}}
"""


def _plan(text: str):
    plan, check = compile_text(text, options=CompileOptions(size=SIZE))
    assert plan is not None, [d.message for d in check.diagnostics]
    return plan


def _frame(text: str, frame: int = 6) -> np.ndarray:
    return FrameRenderer(_plan(text)).render(frame).astype(float)


def _layers(text: str) -> dict:
    return {layer.id: layer for layer in _plan(text).segments[0].layers}


def _blue_share(pixels: np.ndarray) -> float:
    mean = pixels.reshape(-1, 3).mean(axis=0)
    return float(mean[2] / mean.sum())


def test_night_darkens_and_blues_the_ground_and_the_things_on_it() -> None:
    day, night = _frame(_scene()), _frame(_scene("time night"))
    assert night[GROUND_ROWS].mean() < 0.5 * day[GROUND_ROWS].mean()
    assert _blue_share(night[GROUND_ROWS]) > _blue_share(day[GROUND_ROWS]) + 0.05
    dog_day, dog_night = (_layers(_scene(s))["dog.body"].param("fill") for s in ("", "time night"))
    assert sum(dog_night[:3]) < 0.6 * sum(dog_day[:3]) and dog_night[2] / sum(dog_night[:3]) > dog_day[2] / sum(
        dog_day[:3])


def test_golden_hour_is_warm_and_dawn_pink_on_the_ground() -> None:
    noon, golden, dawn = (_frame(_scene(f"time {t}"))[GROUND_ROWS].reshape(-1, 3).mean(axis=0)
                          for t in ("noon", "golden-hour", "dawn"))
    assert golden[0] / golden[2] > 1.5 * noon[0] / noon[2]  # red over blue: warm
    assert golden.mean() > 0.6 * noon.mean()  # warm, not dark
    assert dawn[0] / dawn[1] > noon[0] / noon[1] + 0.2  # red over green: pink


def test_a_written_sky_keeps_its_colors_and_takes_the_weather_tint() -> None:
    plain, night, rain = (_layers(_scene(settings))["sky"].param("from") for settings in ("", "time night",
                                                                                         "weather rain"))
    assert night == plain  # the writer's sky for the time is theirs; the grade still darkens it
    assert max(rain[:3]) - min(rain[:3]) < max(plain[:3]) - min(plain[:3])  # greyer under rain


def test_snow_whitens_the_ground_and_rain_darkens_it() -> None:
    clear, snow, rain = (_layers(_scene(f"weather {w}"))["ground"].param("fill") for w in ("clear", "snow", "rain"))
    assert min(snow[:3]) > 0.85 and max(snow[:3]) - min(snow[:3]) < 0.1  # white, not green
    assert sum(rain[:3]) < 0.85 * sum(clear[:3])
    snowy = _frame(_scene("weather snow"))[GROUND_ROWS]
    assert snowy.mean() > 200


def test_lights_stay_lit_and_come_on_at_night() -> None:
    extra = ("layer lights-window: rect(at: (20%, 40%), size: (4%, 6%), fill: #ffd98a)\n"
             "    layer lamp: circle(at: (60%, 20%), radius: 2%, fill: #ffd98a, glow: 0.8)")
    day, night = _layers(_scene("", extra)), _layers(_scene("time night", extra))
    assert "lights-window" not in day and "lights-window" in night
    lit = night["lights-window"].param("fill")
    assert lit[0] > 0.95 and lit[1] > 0.8  # not darkened
    assert night["lamp"].param("fill") == day["lamp"].param("fill")
    assert night["ground"].param("fill")[1] < 0.5 * day["ground"].param("fill")[1]


def test_building_windows_light_up_at_night() -> None:
    extra = "layer tower: building(at: (20%, 45%), box: (14%, 60%))"
    night = _layers(_scene("time night", extra))
    body, window = night["tower.body"].param("fill"), night["tower.r1a"].param("fill")
    assert window[0] > 0.95 and sum(window[:3]) > 2 * sum(body[:3])


def test_wind_sways_plants_about_their_foot_and_not_the_ground() -> None:
    layers = _layers(_scene("weather wind"))
    trunk = layers["tree.trunk"]
    assert [m.kind.value for m in trunk.motions][:1] == ["sway"]
    assert trunk.pivot is not None and trunk.pivot[1] > 0.6 * SIZE[1]  # the foot, not the middle
    assert not layers["ground"].motions
    still = _layers(_scene())
    assert all(m.kind.value != "sway" or dict(m.params).get("angle", 0) < 3 for m in still["tree.trunk"].motions)


def test_a_storm_strikes_lightning_over_the_whole_frame() -> None:
    text = _scene("weather storm")
    layers = _layers(text)
    assert {"lightning-bolt", "lightning-flash"} <= set(layers)
    renderer = FrameRenderer(_plan(text))
    means = [renderer.render(k).mean() for k in range(24)]
    assert max(means) > 1.5 * min(means), "a flash lights the frame"
    assert _layers(text).keys() == layers.keys()  # deterministic


@pytest.mark.parametrize("weather", ["rain", "snow", "storm"])
def test_indoors_the_weather_stays_outside(weather: str) -> None:
    wall = "layer wall: rect(at: (50%, 50%), size: (100%, 100%), fill: #eccf9f)"
    layers = _layers(_scene(f"weather {weather}", back=wall))
    assert not any(layer.primitive.value == "particles" for layer in layers.values())
    outdoor = _layers(_scene(f"weather {weather}"))
    assert any(layer.primitive.value == "particles" for layer in outdoor.values())
    if weather == "snow":
        assert layers["ground"].param("fill") != outdoor["ground"].param("fill")


def test_noon_and_clear_weather_leave_the_colors_as_drawn() -> None:
    plain, noon = _layers(_scene()), _layers(_scene("time noon\n  weather clear"))
    assert noon["ground"].param("fill") == plain["ground"].param("fill")
    assert noon["dog.body"].params == plain["dog.body"].params
    assert "lightning-flash" not in noon


@pytest.mark.parametrize("time", ["dusk", "night", "golden-hour"])
def test_the_intent_names_the_color_written_not_the_lit_one(time: str) -> None:
    # the light recolors what is drawn; the plan's intent still says what the scene asked for
    text = ('scene { size 64x36\n fps 4\n time ' + time + '\n shot 1s {\n'
            '  layer sky: gradient(from: #74b4e8, to: #dff1fb)\n'
            '  layer ground: rect(at: (50%, 85%), size: (100%, 30%), fill: #7fb86a)\n'
            '  layer ball: circle(at: (50%, 60%), radius: 10%, fill: #2060d0) } }\n')
    plan, check = compile_text(text, options=CompileOptions(size=(64, 36)))
    assert plan is not None, check.diagnostics
    ball = next(e for e in plan.intent.entities if e.name == "ball")
    assert ball.color_hex == "#2060d0"
    drawn = next(layer for layer in plan.segments[0].layers if layer.id == "ball")
    assert drawn.params != ()  # and the drawing itself is lit: its fill differs from what was written
    assert dict(drawn.params).get("fill") != (0x20 / 255, 0x60 / 255, 0xd0 / 255, 1.0)
