"""Completion by place, in process: each slot offers its own words and nothing else.

`complete` reads the text before the cursor and the latest analysis, as the
server calls it on every keystroke; the cursor is where `|` is.
"""

from __future__ import annotations

import pytest

from scenec.lang.signatures import BLEND_MODES, CAMERA_MOVES, EFFECTS, GRADE_OPS, MOTIONS, TRANSITIONS
from scenec.lang.types import EASINGS
from scenec.lsp.analysis import analyze
from scenec.lsp.complete import complete

SCENE = """\
palette dusk { sky: #1d2b53  sun: #ffd36b }
scene "T" {
  palette dusk
  shot one 2s {
    layer sun: circle(radius: 7%, fill: @sun)
    @@
  }
@@@
}
"""


def labels_at(tmp_path, line: str, where: str = "shot") -> list[str]:
    text = SCENE.replace("    @@\n" if where == "shot" else "@@@\n", line + "\n").replace("    @@\n", "")
    text = text.replace("@@@\n", "")
    offset = text.index("|")
    text = text.replace("|", "", 1)
    analysis = analyze(str(tmp_path / "c.scene"), text)
    return [item.label for item in complete(text, offset, analysis)]


@pytest.mark.parametrize("line, words", [
    ("    animate sun.radius to 9% over 1s ease |", EASINGS),
    ("    layer a: circle(radius: 5%) enter |", EFFECTS),
    ("    layer a: circle(radius: 5%) exit |", EFFECTS),
    ("    layer a: circle(radius: 5%) motion |", MOTIONS),
    ("    layer a: circle(radius: 5%) blend |", BLEND_MODES),
    ("    camera |", CAMERA_MOVES),
    ("    grade |", GRADE_OPS),
])
def test_a_slot_offers_its_words(tmp_path, line, words):
    assert set(labels_at(tmp_path, line)) == set(words)


@pytest.mark.parametrize("keyword", ["mood", "time", "weather"])
def test_knowledge_words_in_a_shot(tmp_path, keyword):
    found = labels_at(tmp_path, f"    {keyword} |")
    assert found and "layer" not in found


def test_transition_words_between_shots(tmp_path):
    assert set(labels_at(tmp_path, "  transition |", where="scene")) == set(TRANSITIONS)


def test_values_of_the_parameters_type(tmp_path):
    colors = labels_at(tmp_path, "    layer a: circle(fill: |)")
    assert {"@sky", "@sun", "white"} <= set(colors) and "in-out" not in colors
    assert set(labels_at(tmp_path, "    layer a: text(content: \"x\", weight: |)")) >= {"bold"}


def test_after_at_only_the_palette_entries(tmp_path):
    assert labels_at(tmp_path, "    layer a: circle(fill: @|)") == ["sky", "sun"]


def test_right_after_layer_only_a_name_and_in_a_tuple_nothing(tmp_path):
    assert labels_at(tmp_path, "    layer |") == ["layer1"]
    assert labels_at(tmp_path, "    layer a: circle(at: (1|") == []


def test_parameters_already_given_are_not_offered_again(tmp_path):
    found = labels_at(tmp_path, "    layer a: circle(radius: 5%, |, glow: 0.2)")
    assert "radius:" not in found and "glow:" not in found and "fill:" in found
