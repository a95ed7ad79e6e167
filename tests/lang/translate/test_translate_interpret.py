"""Interpretation: one test per phenomenon (counts, relations, colors, camera, negation, unknown words, duration)."""

from __future__ import annotations

import pytest

from scenec.knowledge import colors
from scenec.knowledge.world import build_world
from scenec.lang.translate import interpret_with


@pytest.fixture(scope="module")
def kb():
    return build_world(None)


def read(kb, prompt):
    return interpret_with(prompt, kb)


@pytest.mark.parametrize("prompt, count", [
    ("a photo of two dogs", 2), ("three cats", 3), ("4 cars", 4), ("a pair of birds", 2),
    ("a dozen balloons", 12), ("a dog", 1), ("several trees", 4), ("dogs in a field", 3),
])
def test_counts_from_words_digits_and_plurals(kb, prompt, count):
    ins = read(kb, prompt)
    assert len(ins.subjects) == 1
    assert ins.subjects[0].count == count


@pytest.mark.parametrize("prompt, kind", [
    ("a dog left of a cat", "left-of"), ("a dog to the right of a cat", "right-of"),
    ("a bird above a house", "above"), ("a cat below a tree", "below"), ("a cat on top of a car", "on"),
    ("a cat under a bench", "under"), ("a dog behind a car", "behind"), ("a dog in front of a house", "in-front-of"),
    ("a dog next to a cat", "next-to"),
])
def test_relations(kb, prompt, kind):
    ins = read(kb, prompt)
    assert len(ins.subjects) == 2
    (rel,) = ins.relations
    assert (rel.subject, rel.kind, rel.others) == (0, kind, (1,))


def test_between_takes_two_others(kb):
    ins = read(kb, "a cat between a dog and a horse")
    (rel,) = ins.relations
    assert rel.kind == "between" and rel.others == (1, 2)


def test_colors_single_multiword_and_shade(kb):
    ins = read(kb, "a red car, a sky blue bird and a dark green bus")
    car, bird, bus = ins.subjects
    assert colors.to_hex(car.color.rgba) == "#d62828"
    assert bird.color.words == ("sky blue",)
    assert colors.relative_luminance(bus.color.rgba) < colors.relative_luminance(kb.vocabulary.colors["green"])


def test_unknown_color_words_blend_their_parts(kb):
    ins = read(kb, "a salmon-pink car and a bluish green bird")
    car, bird = ins.subjects
    salmon, pink = kb.vocabulary.colors["salmon"], kb.vocabulary.colors["pink"]
    assert car.color is not None and car.color.rgba not in (salmon, pink)
    green = kb.vocabulary.colors["green"]
    assert bird.color.rgba != green and bird.color.words == ("bluish", "green")
    assert any(d.field == "color-word" and d.value == "salmon-pink" for d in ins.decisions)


@pytest.mark.parametrize("prompt, move", [
    ("a beach, pan left", "pan-left"), ("a beach, pan right", "pan-right"), ("a city, tilt up", "tilt-up"),
    ("a city, tilt down", "tilt-down"), ("a dog, zoom in", "zoom-in"), ("a dog, zoom out", "zoom-out"),
    ("the camera pans from left to right over a lake", "pan-right"), ("the camera moves up", "tilt-up"),
    ("a dog, with an intense shaking effect", "shake"), ("a dog, featuring a steady and smooth perspective", "static"),
    ("a dog, in super slow motion", "slow-motion"), ("a dog, racking focus", "rack-focus"),
    ("a car, panning to the left", "pan-left"), ("static shot of a tree", "static"),
])
def test_camera_phrasing(kb, prompt, move):
    assert read(kb, prompt).camera == (move,)


def test_negation_removes_and_never_adds(kb):
    ins = read(kb, "a dog with cars, no people")
    assert [s.object for s in ins.subjects] == ["dog", "car"]
    assert "person" in ins.excluded
    assert not any(s.object == "person" for s in read(kb, "a dog without people").subjects)


def test_unknown_nouns_map_to_known_objects_or_labelled_figures(kb):
    ins = read(kb, "a lorry and a puppy and a gizmo")
    assert [s.object for s in ins.subjects] == ["truck", "dog", None]
    assert ins.subjects[2].word == "gizmo"
    notes = [d for d in ins.decisions if d.field == "subject"]
    assert all(d.because for d in notes)


def test_unknown_words_are_never_dropped_silently(kb):
    ins = read(kb, "a glorious splendiferous dog")
    explained = {w for d in ins.decisions for w in d.because}
    assert {"glorious", "splendiferous", "dog"} <= explained


def test_duration_and_settings(kb):
    ins = read(kb, "a 10 second video of a calm beach at sunset in autumn, rainy, black and white")
    assert ins.duration_s == 10
    assert (ins.time, ins.weather, ins.season, ins.genre, ins.style) == ("golden-hour", "rain", "autumn", "calm",
                                                                          "black and white")


def test_motion_attaches_to_its_subject(kb):
    ins = read(kb, "a bird flying over a house and a cat sleeping")
    motions = {s.word: s.motion for s in ins.subjects}
    assert motions == {"bird": "flying", "house": None, "cat": "sleeping"}


def test_character_names_read_as_people(kb):
    ins = read(kb, "Gwen Stacy reading a book")
    assert ins.subjects[0].object == "person"


def test_every_decision_names_its_words(kb):
    ins = read(kb, "two red cars left of a blue dog at night, pan left")
    for d in ins.decisions:
        assert d.because, d
