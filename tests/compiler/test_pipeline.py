"""The compiler pipeline end to end: frame arithmetic, genre rules, determinism, round trips."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from scenec.api import compile_file, compile_text
from scenec.compiler.pipeline import PASS_NAMES, dump
from scenec.compiler.plan_io import dumps, loads

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.scene"))


def compiled(text: str):
    plan, check = compile_text(text)
    assert plan is not None, [d.message for d in check.diagnostics]
    return plan


def test_frame_arithmetic_of_a_dissolve() -> None:
    plan = compiled("scene { fps 10\n shot a 3s { layer x: rect() }\n transition dissolve 1s\n"
                    " shot b 2s { layer y: rect() } }")
    assert [(s.start_frame, s.end_frame) for s in plan.segments] == [(0, 30), (30, 50)]
    (t,) = plan.transitions
    assert (t.kind, t.start_frame, t.end_frame) == ("dissolve", 25, 35)
    assert plan.frames == 50 and plan.intent.cuts == ()  # a dissolve is not a cut
    cut = compiled("scene { fps 10\n shot a 3s { layer x: rect() }\n transition cut\n shot b 2s { layer y: rect() } }")
    assert cut.intent.cuts == (30,)


def test_genre_supplies_the_default_transition_and_explicit_wins() -> None:
    calm = compiled("scene { fps 10\n genre calm\n shot a 4s { layer x: rect() }\n shot b 4s { layer y: rect() } }")
    assert calm.transitions[0].kind == "dissolve"
    cut = compiled("scene { fps 10\n genre calm\n shot a 4s { layer x: rect() }\n transition cut\n"
                   " shot b 4s { layer y: rect() } }")
    assert cut.transitions[0].kind == "cut"


def test_action_shakes_unless_the_shot_says_static() -> None:
    plan = compiled("scene { fps 10\n genre action\n shot a 2s { layer x: rect() }\n"
                    " shot b 2s { layer y: rect()\n camera static } }")
    assert plan.segments[0].camera.shake and not plan.segments[1].camera.shake
    assert "shake" in plan.intent.camera[0].moves


def test_shots_without_duration_share_the_scene_duration_by_pacing() -> None:
    plan = compiled("scene { fps 10\n duration 6s\n shot a 2s { layer x: rect() }\n"
                    " shot b { layer y: rect() }\n shot c { layer z: rect() } }")
    assert [s.end_frame - s.start_frame for s in plan.segments] == [20, 20, 20]


def test_camera_pan_right_moves_content_left_and_intent_names_it() -> None:
    plan = compiled("scene { fps 10\n shot a 2s { layer x: rect()\n camera pan right 10% } }")
    pan = plan.segments[0].camera.pan_x
    assert pan.keys[0].value == 0 and pan.keys[-1].value == pytest.approx(-0.1)
    assert plan.intent.camera[0].moves == ("pan-right",)


def test_template_instances_expand_with_qualified_names_and_intent() -> None:
    plan = compiled("template lamp(at: vec, color: color = #ffcc66) {\n"
                    " layer glow: circle(at: at, radius: 6%, fill: alpha(color, 30%))\n"
                    " layer body: rect(at: at, size: (2%, 4%), fill: color) }\n"
                    "scene { size 200x100\n shot a 1s { layer l1: lamp(at: (30%, 60%)) opacity 50%\n"
                    " animate l1.glow.radius to 8% } }")
    ids = [layer.id for layer in plan.segments[0].layers]
    assert ids == ["l1.glow", "l1.body"]
    glow = plan.segments[0].layers[0]
    assert glow.param("at") == (60.0, 60.0) and glow.opacity == 0.5 and glow.group == "l1"
    assert glow.track("radius").keys[-1].value == pytest.approx(8.0)
    (entity,) = plan.intent.entities
    assert (entity.name, entity.class_, entity.color_hex) == ("l1", "lamp", "#ffcc66")


def test_box_templates_draw_inside_their_box() -> None:
    plan = compiled("template sign(at: vec = center, box: vec = (20%, 20%)) {\n"
                    " layer post: rect(at: (50%, 100%), size: (10%, 100%)) }\n"
                    "scene { size 200x100\n shot a 1s { layer s: sign(at: (50%, 50%)) } }")
    post = plan.segments[0].layers[0]
    # the box is 40x20 px centred on (100, 50): its bottom centre is (100, 60)
    assert post.param("at") == (100.0, 60.0)
    assert post.param("size") == (4.0, 20.0)


def test_plans_are_byte_identical_across_runs_and_checkouts(tmp_path: Path) -> None:
    path = FIXTURES / "two_shots.scene"
    first = dumps(compile_file(path)[0], "json")
    assert dumps(compile_file(path)[0], "json") == first
    moved = tmp_path / "elsewhere" / "two_shots.scene"
    moved.parent.mkdir()
    moved.write_text(path.read_text())
    assert dumps(compile_file(moved)[0], "json") == first


@pytest.mark.parametrize("fmt", ["json", "yaml", "toml"])
def test_compiled_plans_round_trip(fmt: str) -> None:
    plan, _ = compile_file(FIXTURES / "action.scene")
    assert loads(dumps(plan, fmt), fmt) == plan


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.scene")), ids=lambda p: p.stem)
@pytest.mark.parametrize("stage", PASS_NAMES)
def test_golden_ir_after_each_pass(fixture: Path, stage: str, snapshot) -> None:
    seen = {}
    compile_file(fixture, after=lambda name, ir: seen.setdefault(name, ir))
    data = json.loads(json.dumps(dump(seen[stage])))
    assert _short_paths(data) == snapshot


def _short_paths(data):
    """Spans name files by their base name, so snapshots do not depend on the checkout's folder."""
    if isinstance(data, dict):
        return {k: "<project root>" if k == "source_root" else _short_paths(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_short_paths(v) for v in data]
    if isinstance(data, str) and ".scene:" in data:
        return data.rsplit("/", 1)[-1]
    return data


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_compiles(example: Path) -> None:
    plan, check = compile_file(example)
    assert plan is not None, [f"{d.code} {d.message}" for d in check.diagnostics]
    assert loads(dumps(plan, "json"), "json") == plan


def test_a_library_has_nothing_to_compile_and_says_so() -> None:
    plan, check = compile_text("let x = 5%\ntemplate t(at: vec) { layer a: circle(at: at) }\n")
    assert plan is None and [d.code for d in check.diagnostics] == ["E4010"]
    plan, check = compile_text("")
    assert plan is None and [d.code for d in check.diagnostics] == ["E4010"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_formatting_a_file_does_not_change_its_plan(example: Path, tmp_path: Path) -> None:
    from scenec.lang.formatter import format_source

    before, _ = compile_file(example)
    moved = tmp_path / example.parent.name
    shutil.copytree(example.parent, moved)
    target = moved / example.name
    target.write_text(format_source(target.read_text(encoding="utf-8"), str(target)), encoding="utf-8")
    after, _ = compile_file(target)
    assert after is not None and before is not None
    # Spans move when the layout changes; everything the film is made of must not.
    assert dumps(replace(after, source_map=(), source_hash=""), "json") == \
        dumps(replace(before, source_map=(), source_hash=""), "json")


def test_a_lut_named_through_a_let_reaches_the_grade() -> None:
    plan = compiled("let look = mono\nscene { shot 1s { layer a: rect()\n grade lut(look) } }")
    luma = (0.2126, 0.7152, 0.0722, 0.0)
    assert plan.segments[0].grade.lut_matrix == (luma, luma, luma)
