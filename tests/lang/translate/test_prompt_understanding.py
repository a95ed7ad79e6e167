"""Prompt understanding, checked from the plan's intent (v2): relations resolve to the right stacking
and positions, actions produce motion tracks, camera words produce camera moves, stories become
shots, odd input is normalised, and a prompt with nothing to show is refused."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest
import yaml

from scenec.api import compile_text, default_world
from scenec.compiler.options import CompileOptions
from scenec.lang.translate import TranslateError, translate

ROOT = Path(__file__).resolve().parents[3]
SIZE = CompileOptions(size=(160, 90), fps=6)


@pytest.fixture(scope="module")
def world():
    return default_world()


def intent_of(prompt, world):
    tr = translate(prompt, knowledge=world)
    plan, check = compile_text(tr.text, options=SIZE, world=world)
    assert plan is not None, [d.message for d in check.diagnostics]
    return tr, plan, plan.intent


def entity(intent, cls):
    found = [e for e in intent.entities if e.class_ == cls]
    assert found, f"no {cls} in {[e.class_ for e in intent.entities]}"
    return found[0]


def box(e, point=0):
    _, x, y, w, h = e.track[point]
    return x, y, w, h


# ---------------------------------------------------------------- relations


def test_on_top_of_rests_the_bottom_on_the_supporters_top(world):
    _, _, intent = intent_of("a cat on top of a car", world)
    cat, car = entity(intent, "cat"), entity(intent, "car")
    cx, cy, cw, ch = box(cat)
    kx, ky, kw, kh = box(car)
    assert abs((cy + ch / 2) - (ky - kh / 2)) < 0.05  # its bottom on the roof, not hovering above
    assert abs(cx - kx) < kw / 2 and cat.z > car.z


def test_under_stands_beneath_and_fits(world):
    _, _, intent = intent_of("a dog under a tree", world)
    dog, tree = entity(intent, "dog"), entity(intent, "tree")
    dx, dy, dw, dh = box(dog)
    tx, ty, tw, th = box(tree)
    assert abs(dx - tx) < tw / 2 and dy > ty and dh < th
    assert dog.z > tree.z  # in front of the trunk, not hidden


@pytest.mark.parametrize("prompt, a, kind, b", [
    ("a car behind a bus", "car", "behind", "bus"),
    ("a person in front of a house", "person", "front", "house"),
    ("a tree behind a fence", "tree", "behind", "fence"),
])
def test_behind_and_in_front_set_stacking_depth_and_overlap(world, prompt, a, kind, b):
    _, _, intent = intent_of(prompt, world)
    ea, eb = entity(intent, a), entity(intent, b)
    (ax, _, aw, _), (bx, _, bw, _) = box(ea), box(eb)
    assert abs(ax - bx) < (aw + bw) / 2  # they overlap
    if kind == "behind":
        assert ea.z < eb.z and ea.depth <= eb.depth
    else:
        assert ea.z > eb.z and ea.depth >= eb.depth


def test_background_and_foreground(world):
    _, _, intent = intent_of("a lighthouse in the background and a boat in the foreground", world)
    lighthouse, boat = entity(intent, "lighthouse"), entity(intent, "boat")
    assert lighthouse.z < boat.z and lighthouse.depth < boat.depth


def test_holding_attaches_to_the_hand_and_moves_along(world):
    _, _, intent = intent_of("a girl holding a red balloon walks to the left", world)
    person, balloon = entity(intent, "girl"), entity(intent, "balloon")
    (px, py, pw, ph), (bx, by, bw, bh) = box(person), box(balloon)
    assert abs(px - bx) < (pw + bw) / 2 + 0.02 and abs(py - by) < (ph + bh) / 2 + 0.02
    assert balloon.z > person.z
    moved = [e.track[-1][1] - e.track[0][1] for e in (person, balloon)]
    assert moved[0] < -0.1 and abs(moved[0] - moved[1]) < 0.02


# ---------------------------------------------------------------- actions and camera


@pytest.mark.parametrize("prompt, cls, axis, sign", [
    ("a car drives from left to right", "car", 1, 1),
    ("a car drives from right to left", "car", 1, -1),
    ("a balloon rises into the sky", "balloon", 2, -1),
    ("a fish swims to the left", "fish", 1, -1),
    ("a horse runs across the field", "horse", 1, 1),
])
def test_actions_move_through_the_frame(world, prompt, cls, axis, sign):
    _, _, intent = intent_of(prompt, world)
    e = entity(intent, cls)
    moved = e.track[-1][axis] - e.track[0][axis]
    assert moved * sign > 0.2 and "drift" in e.motions
    assert all(0 <= p[1] <= 1 for p in e.track)  # it stays in the frame


def test_walking_down_the_street_does_not_sink(world):
    _, _, intent = intent_of("a man walks down the street", world)
    person = entity(intent, "man")
    assert abs(person.track[-1][2] - person.track[0][2]) < 0.02 and person.motions


@pytest.mark.parametrize("prompt, move", [
    ("camera pans across a mountain range", "pan-right"),
    ("slow pan left over a beach at sunset", "pan-left"),
    ("dolly in on a house", "dolly-in"),
    ("the camera orbits around a tree", "orbit-left"),
    ("a drone shot of a city", "zoom-out"),
    ("tracking shot of a cyclist riding along a road", "pan-right"),
])
def test_camera_words_become_camera_moves(world, prompt, move):
    _, _, intent = intent_of(prompt, world)
    assert move in {m.value for c in intent.camera for m in c.moves}


def test_a_close_up_frames_its_subject_large(world):
    _, _, intent = intent_of("close up of a cat", world)
    assert box(entity(intent, "cat"), -1)[3] > 0.45


def test_the_camera_following_a_rocket_up_keeps_it_from_sinking(world):
    _, _, intent = intent_of("a rocket launches into the sky and the camera tilts up to follow it", world)
    rocket = entity(intent, "rocket")
    assert rocket.track[-1][2] <= rocket.track[0][2] + 0.02
    assert "tilt-up" in {m.value for c in intent.camera for m in c.moves}


# ---------------------------------------------------------------- stories, settings, odd input


def test_a_story_is_one_shot_a_sentence_with_its_subjects_carried(world):
    tr, plan, intent = intent_of("A rocket sits on the launch pad. It launches into the sky. It flies past the moon.",
                                 world)
    assert len(plan.segments) == 3
    rocket = entity(intent, "rocket")
    shots = {next(s.name for s in plan.segments if s.start_frame <= p[0] < s.end_frame) for p in rocket.track}
    assert len(shots) == 3  # the same rocket in every shot
    assert tr.shots[1].subjects[0].motion == "launches"  # "it" named the rocket


def test_one_sentence_is_one_shot(world):
    _, plan, _ = intent_of("a red kite flying over a green meadow with three white sheep grazing near a fence", world)
    assert len(plan.segments) == 1


@pytest.mark.parametrize("prompt, place, time, weather", [
    ("a coral reef with fish", "coral reef", None, None),
    ("an astronaut on the moon", "on the moon", None, None),
    ("a japanese garden with a bridge", "japanese garden", None, None),
    ("a lighthouse in a storm", None, None, "storm"),
    ("a campfire at night in the forest", "forest", "night", None),
])
def test_settings(world, place, time, weather, prompt):
    _, _, intent = intent_of(prompt, world)
    assert (place is None or intent.place == place) and intent.time == time
    assert weather is None or intent.weather == weather


def test_compounds_are_one_thing(world):
    for prompt, cls in (("a pickup truck", "pickup truck"), ("a cup of coffee", "cup"), ("a school bus", "school bus"),
                        ("a hot air balloon", "hot air balloon"), ("a fire hydrant", "fire hydrant")):
        _, _, intent = intent_of(prompt, world)
        assert [e.class_ for e in intent.entities if not e.class_ in ("sun", "cloud")] == [cls], prompt


def test_words_that_name_nothing_are_never_drawn(world):
    _, _, intent = intent_of("three trees on the right and a lake on the left", world)
    classes = {e.class_ for e in intent.entities}
    assert "right" not in classes and "left" not in classes and not any(e.placeholder for e in intent.entities)
    tr, _, intent = intent_of("a rainy monday in the city", world)
    assert not any(e.placeholder for e in intent.entities)


def test_spelling_and_emoji(world):
    _, _, intent = intent_of("a gaint elefant walkng thru the jungel", world)
    assert entity(intent, "elephant") and intent.place == "jungle"
    tr, _, intent = intent_of("a red 🚗 driving fast", world)
    assert entity(intent, "car").color_hex == "#d62828"
    assert any(d.field == "emoji" for d in tr.decisions)


@pytest.mark.parametrize("prompt, place", [
    ("a walk through Lyon at dusk", "city street"),  # "lyon" is one edit from "lion"
    ("Paris at dawn, a cyclist passes a bakery", "city street"),  # and "paris" from "parks"
    ("the streets of Porto at night", "city street"),
    ("a man walks to Kyoto", "city street"),
    ("a camel walks across the Sahara", "desert"),
    ("Tokyo in the rain", "cyberpunk street"),
])
def test_a_name_is_a_place_not_a_misspelling(world, prompt, place):
    tr, _, intent = intent_of(prompt, world)
    assert intent.place == place
    assert not [d for d in tr.decisions if d.field == "spelling"]
    assert not any(e.placeholder for e in intent.entities)


def test_a_capitalised_word_at_the_start_is_still_corrected(world):
    _, _, intent = intent_of("Dgo runs on a beach", world)
    assert entity(intent, "dog")


def test_a_building_among_smaller_things_stands_behind_them_at_its_own_scale(world):
    for prompt, small, big in (("a cyclist passes a bakery in a city street", "cyclist", "shop"),
                               ("a girl walks her dog past a row of colorful houses", "girl", "house")):
        _, _, intent = intent_of(prompt, world)
        person, building = entity(intent, small), entity(intent, big)
        _, py, _, ph = box(person)
        _, by, _, bh = box(building)
        assert building.z < person.z, prompt  # drawn behind
        assert by + bh / 2 < py + ph / 2, prompt  # its foot on the back line, above the person's
        if big == "shop":
            assert bh > ph, prompt  # one building is taller than the person in front of it


def test_scenery_that_names_a_place_is_the_place_and_vehicles_stand_on_its_road(world):
    _, _, intent = intent_of("a busy street with cars and buses", world)
    assert intent.place == "city street"
    for cls in ("car", "bus"):
        _, y, _, h = box(entity(intent, cls))
        assert y + h / 2 > 0.82  # on the road low in the frame, not on a meadow in front of a strip of road


def test_clothing_a_person_wears_dresses_them_instead_of_being_drawn_beside_them(world):
    _, _, intent = intent_of("a man in a red shirt walks", world)
    assert [e.class_ for e in intent.entities if not e.placeholder] == ["man"]
    assert entity(intent, "man").color_hex == "#d62828"
    _, _, intent = intent_of("a boy wearing a hat walks on the beach", world)
    boy, hat = entity(intent, "boy"), entity(intent, "hat")
    bx0, by0, _, bh = box(boy)
    hx0, hy0, _, _ = box(hat)
    assert abs(hx0 - bx0) < 0.03 and hy0 < by0 - bh / 3  # on his head
    bx1, *_ = box(boy, -1)
    hx1, *_ = box(hat, -1)
    assert bx1 - bx0 > 0.1 and abs((hx1 - hx0) - (bx1 - bx0)) < 0.03  # he walks, and the hat goes along
    _, _, intent = intent_of("a red shirt on a chair", world)
    assert entity(intent, "t shirt")  # named on its own, it is drawn
    tr, _, intent = intent_of("a girl next to a red dress", world)
    assert entity(intent, "dress") and not [d for d in tr.decisions if d.field == "worn"]  # beside her, not worn


def test_out_of_doors_a_one_word_name_means_the_outdoor_thing(world):
    _, _, intent = intent_of("lamps in a park at night", world)
    assert entity(intent, "streetlamp")
    _, _, intent = intent_of("a desk lamp in a park", world)
    assert entity(intent, "desk lamp")
    _, _, intent = intent_of("a lamp on a desk", world)
    assert entity(intent, "desk lamp")


def test_a_thing_hung_on_a_wall_hangs_above_the_floor(world):
    _, _, intent = intent_of("a painting on the wall of a quiet room", world)
    _, y, _, h = box(entity(intent, "painting"))
    assert y + h / 2 < 0.7  # on the wall, well above the floor (the room's floor starts at 80 %)


def test_a_known_word_is_never_corrected(world):
    tr = translate("a zoom in on a house, the camera pans left", knowledge=world)
    assert not [d for d in tr.decisions if d.field == "spelling"]


@pytest.mark.parametrize("prompt, named", [
    ("un gato negro en la playa", "gato"),
    ("the meaning of life", "meaning"),
    ("an eye opens", "eye"),
    ("!!!???", None),
])
def test_nothing_understood_is_refused_naming_the_words(world, prompt, named):
    with pytest.raises(TranslateError) as error:
        translate(prompt, knowledge=world)
    if named:
        assert named in str(error.value)


def test_placeholders_take_their_category_shape_and_are_named(world):
    tr, _, intent = intent_of("a wombat in the garden", world)
    wombat = entity(intent, "wombat")
    assert wombat.placeholder
    assert "layer leg1" in tr.text  # the animal stand-in, not a blob
    assert any(d.field == "placeholder" and "wombat" in d.value for d in tr.decisions)


# ---------------------------------------------------------------- the evaluation set, sampled


def _runner():
    if "prompt_eval" not in sys.modules:
        spec = importlib.util.spec_from_file_location("prompt_eval", ROOT / "benchmarks" / "prompt_eval.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["prompt_eval"] = module  # dataclasses look their module up while being made
        spec.loader.exec_module(module)
    return sys.modules["prompt_eval"]


def _sample() -> list[tuple[str, dict]]:
    groups = yaml.safe_load((ROOT / "benchmarks" / "prompts" / "eval.yaml").read_text(encoding="utf-8"))
    rng = random.Random(20261202)
    return [(group, item) for group, items in groups.items() for item in rng.sample(items, 5)]


@pytest.mark.parametrize("group, item", _sample(), ids=lambda v: v if isinstance(v, str) else v["p"][:40])
def test_sampled_evaluation_prompts_are_fully_shown(world, group, item):
    outcome = _runner().evaluate(group, item, world, montage=False)
    assert not outcome.failures, outcome.failures
