"""Creation: the emitted scene checks clean and its plan's intent honours counts, relations and colors."""

from __future__ import annotations

import pytest

from scenec.api import check_text, compile_text
from scenec.compiler.options import CompileOptions
from scenec.lang.translate import TranslateError, translate

SIZE = CompileOptions(size=(64, 36), fps=4)


def plan_of(prompt, seed=0):
    tr = translate(prompt, seed=seed)
    plan, check = compile_text(tr.text, options=SIZE)
    assert plan is not None, [d.message for d in check.diagnostics]
    return tr, plan


def centres(plan, cls):
    out = []
    for e in plan.intent.entities:
        if e.class_ == cls:
            out.append((sum(p[1] for p in e.track) / len(e.track), sum(p[2] for p in e.track) / len(e.track)))
    return out


@pytest.mark.parametrize("prompt", [
    "a photo of a dog", "three red balloons above a house at night", "a gizmo next to a lorry",
    "A beautiful coastal beach in spring, waves lapping on sand, zoom in", "a cat in the rain, racking focus",
    "an astronaut flying in space, in super slow motion", "two cups on a table, pan left, black and white",
])
def test_emitted_scene_checks_clean(prompt):
    assert check_text(translate(prompt).text).ok


@pytest.mark.parametrize("prompt, a, b, axis, sign", [
    ("a dog left of a cat", "dog", "cat", 0, -1), ("a dog right of a cat", "dog", "cat", 0, 1),
    ("a bird above a car", "bird", "car", 1, -1), ("a cat below a clock", "cat", "clock", 1, 1),
    ("a cat on top of a car", "cat", "car", 1, -1),
])
def test_layout_respects_relations(prompt, a, b, axis, sign):
    _, plan = plan_of(prompt)
    (pa,), (pb,) = centres(plan, a), centres(plan, b)
    assert sign * (pa[axis] - pb[axis]) > 0.05


def test_counts_become_numbered_layers_without_overlap():
    tr, plan = plan_of("a photo of four bowls and two cats")
    assert len(centres(plan, "bowl")) == 4 and len(centres(plan, "cat")) == 2
    names = [p.layer for p in tr.placed]
    assert {"bowl-1", "bowl-4", "cat-1", "cat-2"} <= set(names)
    boxes = [p.box for p in tr.placed]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap_x = min(a.right, b.right) - max(a.left, b.left)
            overlap_y = min(a.bottom, b.bottom) - max(a.top, b.top)
            assert overlap_x <= 1e-6 or overlap_y <= 1e-6


def test_lone_subject_sits_on_a_third():
    tr, _ = plan_of("a photo of a giraffe")
    assert min(abs(tr.placed[0].box.x - 1 / 3), abs(tr.placed[0].box.x - 2 / 3)) < 1e-3


def test_color_goes_into_the_template_parameter():
    _, plan = plan_of("a photo of a blue cow")
    (cow,) = [e for e in plan.intent.entities if e.class_ == "cow"]
    assert cow.color_hex == "#1f5fd6"


def test_camera_is_honest():
    _, plan = plan_of("a lake, pan left")
    assert [m.value for c in plan.intent.camera for m in c.moves] == ["pan-left"]
    text = translate("a lake").text
    assert "camera" not in text


def test_unlabelled_figure_for_unknown_noun():
    tr, plan = plan_of("a gizmo")
    assert "template standin-gizmo(" in tr.text and "text(" not in tr.text
    assert centres(plan, "gizmo")
    (entity,) = [e for e in plan.intent.entities if e.class_ == "gizmo"]
    assert entity.placeholder
    assert any(d.field == "placeholder" and "gizmo" in d.value for d in tr.decisions)


def test_placeholder_takes_the_shape_of_its_kind():
    tr, _ = plan_of("a papaya on a table")
    assert "'papaya' has no drawing yet: a plain food shape" in tr.text
    tr, _ = plan_of("a milktruck")  # ends in a known vehicle's word
    assert "a plain vehicle shape" in tr.text


def test_bad_prompts_raise_a_clear_error():
    with pytest.raises(TranslateError, match="empty"):
        translate("   ")
    with pytest.raises(TranslateError, match="seed"):
        translate("a dog", seed=-1)


def test_deterministic_for_prompt_and_seed():
    prompt = "two red cars left of a blue dog at night, pan left"
    assert translate(prompt).text == translate(prompt).text
    assert translate(prompt, seed=3).text == translate(prompt, seed=3).text


def test_tall_subjects_bob_less_than_small_ones():
    # A 3% float on a subject almost half the frame tall would read as the camera tilting.
    from scenec.lang.translate.create import BOB_REF_H, _damped
    assert _damped("float(amount: 3%, period: 2s)", 0.5) == "float(amount: 1.5%, period: 2s)"
    assert _damped("bounce(height: 2%, period: 0.4s)", 0.25) == "bounce(height: 0.5%, period: 0.4s)"
    assert _damped("flicker(amount: 25%, speed: 10)", 0.5) == "flicker(amount: 25%, speed: 10)"  # opacity, not travel
    assert _damped("float(amount: 3%, period: 2s)", 1.4) == "float(amount: 3%, period: 2s)"
    line = next(l for l in translate("an astronaut flying in space").text.splitlines() if "layer astronaut" in l)
    amount = float(line.split("float(amount: ")[1].split("%")[0])
    height = float(line.split("box: (")[1].split(", ")[1].split("%")[0]) / 100
    assert height > BOB_REF_H and amount == pytest.approx(3 * BOB_REF_H / height, abs=0.01)


def test_rack_focus_blurs_fine_detail_and_the_weather_behind_the_subject():
    tr, plan = plan_of("a cat in the rain, racking focus")
    layers = tr.text
    assert "layer detail: noise(" in layers and "layer detail-soft: noise(" in layers
    assert "layer weather-far: particles(kind: rain" in layers and "layer weather-far-soft: particles(" in layers
    ids = [layer.id for layer in plan.segments[0].layers]
    assert "weather" not in ids  # the compiler adds no sharp rain over the pulled focus
    # Every soft copy ends fully opaque, so the sharp originals under it are covered.
    assert layers.count("-soft:") == layers.count("-soft.opacity")


def test_a_black_object_indoors_does_not_match_the_wall():
    # The wall is warm enough that a neutral black object stands apart from it (not a grey-on-grey).
    from scenec.knowledge import colors
    from scenec.lang.translate.backdrop import WALL
    for wall in WALL:
        _, saturation, _ = colors.rgb_to_hsl(colors.parse_hex(wall))
        assert saturation > 0.4, wall
