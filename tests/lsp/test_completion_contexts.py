"""Completion by place, in process: each slot offers its own words and nothing else.

`complete` reads the text before the cursor and the latest analysis, as the
server calls it on every keystroke; the cursor is where `|` is.
"""

from __future__ import annotations

import pytest

from scenec.lang.signatures import BLEND_MODES, CAMERA_MOVES, EFFECTS, GRADE_OPS, MOTIONS, TRANSITIONS
from scenec.lang.types import EASINGS
from scenec.lsp.analysis import analyze
from scenec.api import default_world
from scenec.lang.builtins import builtin_templates
from scenec.lsp.complete import complete
from scenec.lsp.snippets import _headers, builtin_headers, expand

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


def items_at(tmp_path, line: str, where: str = "shot", head: str = ""):
    text = head + SCENE.replace("    @@\n" if where == "shot" else "@@@\n", line + "\n").replace("    @@\n", "")
    text = text.replace("@@@\n", "")
    offset = text.index("|")
    text = text.replace("|", "", 1)
    analysis = analyze(str(tmp_path / "c.scene"), text)
    return {item.label: item for item in complete(text, offset, analysis)}


def labels_at(tmp_path, line: str, where: str = "shot") -> list[str]:
    return list(items_at(tmp_path, line, where))


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


OWN = "template sign(at: vec = center, label: string, tone: color) {\n  layer t: text(content: label, at: at)\n}\n"


def test_after_a_colon_a_choice_brings_its_space_and_a_call_is_a_snippet(tmp_path):
    tight = items_at(tmp_path, "    layer moon:|", head=OWN)
    spaced = items_at(tmp_path, "    layer moon: |", head=OWN)
    assert tight["circle"].insert_text == " circle($1)" and spaced["circle"].insert_text == "circle($1)"
    assert tight["line"].insert_text == " line(from: ${1:from}, to: ${2:to})"
    assert expand(spaced["line"].insert_text) == ("line(from: from, to: to)", (11, 15))
    assert spaced["sign"].insert_text == "sign(label: ${1:label}, tone: ${2:tone})"
    assert items_at(tmp_path, "    layer a: circle(fill:|)")["white"].insert_text == " white"


def test_built_in_templates_are_snippets_with_their_parameters(tmp_path):
    found = items_at(tmp_path, "    layer pup: |")
    dog = found["dog"]
    assert dog.insert_text_format == 2 and dog.insert_text == "dog($1)"  # every parameter has a default
    assert dog.detail.startswith("built-in template dog(at?") and "box?" in dog.detail


def test_built_in_template_headers_agree_with_the_parsed_libraries():
    world = default_world(None)
    parsed = builtin_templates(world)
    headers = builtin_headers(world)
    assert set(headers) == set(parsed)
    assert all(headers[name] == tuple((p.name.name, p.default is None) for p in parsed[name].params)
               for name in parsed)


def test_a_header_with_required_parameters_enums_lists_and_comments():
    source = ("template flag(at: vec = center, // where\n  state: enum(up, down),\n"
              "  colors: list of color = [#000000, #ffffff], label: string) {\n}\n")
    assert _headers({"x.scene": source}) == {"flag": (("at", False), ("state", True), ("colors", False),
                                                      ("label", True))}
