"""The plan's intent, version 2: setting words, and per entity its box track, stacking order, depth,
own motions and whether it is a stand-in."""

from __future__ import annotations

from scenec.api import compile_text, default_world
from scenec.compiler.options import CompileOptions

SCENE = """
template standin-wombat(at: vec = center, box: vec = (12%, 24%), color: color = #9a7b5b) {
  layer body: ellipse(at: (50%, 60%), size: (80%, 60%), fill: color)
}
scene "v2" {
  size 320x180
  fps 10
  time night
  weather rain
  shot main wide 2s {
    layer sky: gradient(from: #101020, to: #303050)
    layer car: car(at: (30%, 70%), box: (20%, 16%), color: #d62828) motion drift(by: (40%, 0%))
    layer wombat: standin-wombat(at: (70%, 70%), box: (10%, 20%))
    layer ball: circle(at: (50%, 40%), radius: 5%, fill: #2a6f97)
    animate ball.at to (50%, 20%)
  }
}
"""


def test_intent_v2_fields():
    world = default_world()
    plan, check = compile_text(SCENE, options=CompileOptions(), world=world)
    assert plan is not None, [d.message for d in check.diagnostics]
    intent = plan.intent
    assert (intent.time, intent.weather, intent.place) == ("night", "rain", None)
    by_class = {e.class_: e for e in intent.entities}
    car, wombat, ball = by_class["car"], by_class["wombat"], by_class["ball"]
    assert wombat.placeholder and not car.placeholder
    assert car.z < wombat.z < ball.z and car.depth <= wombat.depth <= ball.depth
    assert "drift" in car.motions and "animate:at" in ball.motions and wombat.motions == ()
    frames = [p[0] for p in car.track]
    assert frames[0] == 0 and frames[-1] == plan.frames - 1 and len(frames) >= 3
    _, x0, _, w, h = car.track[0]
    assert 0.15 < w <= 0.21 and 0.05 < h <= 0.17  # the drawn box, within the template's box
    assert car.track[-1][1] - x0 > 0.3  # the drift carries it right
    # a 5 % radius (lengths are % of the frame height) is 10 % of the height across
    assert abs(ball.track[0][4] - 0.1) < 0.005 and abs(ball.track[0][3] - 0.1 * 180 / 320) < 0.005
    assert ball.track[-1][2] < ball.track[0][2]


def test_intent_place_is_the_backdrop_drawn():
    world = default_world()
    beach = world.places.lookup("beach")
    text = 'scene "b" {\n  size 320x180\n  shot s 1s {\n' + beach.layers + "  }\n}\n"
    plan, check = compile_text(text, world=world)
    assert plan is not None, [d.message for d in check.diagnostics]
    assert plan.intent.place == "beach"
