"""`scenec analyze`: the Analysis JSON, the match against a plan or a scene, the Rich report, clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenec.api import compile_file
from scenec.cli import main
from scenec.compiler.options import CompileOptions
from scenec.compiler.plan_io import write_plan
from scenec.runtime.render import RenderOptions, render_film

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sunset.scene"
CONTRACT = {"frames", "fps", "width", "height", "duration_s", "brightness", "contrast", "saturation",
            "colorfulness", "palette", "motion_energy", "cuts", "camera", "audio"}


@pytest.fixture(scope="module")
def film(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sunset example rendered at 64x36 and 8 fps, and its plan."""
    folder = tmp_path_factory.mktemp("analyze")
    plan, check = compile_file(EXAMPLE, options=CompileOptions(size=(64, 36), fps=8))
    assert plan is not None, check.diagnostics
    plan_path = folder / "sunset.plan.json"
    write_plan(plan, plan_path)
    return render_film(plan, RenderOptions(output=folder / "sunset.mp4", audio=False)).output, plan_path


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))


def test_json_has_the_contract_keys(film, capsys) -> None:
    assert main(["analyze", str(film[0]), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == CONTRACT
    assert (data["width"], data["height"], data["fps"]) == (64, 36, 8)
    assert 0 < data["brightness"] < 1 and data["palette"]


def test_the_example_matches_its_plan(film, capsys) -> None:
    assert main(["analyze", str(film[0]), "--plan", str(film[1]), "--json"]) == 0
    match = json.loads(capsys.readouterr().out)["intent_match"]
    passed = {c["kind"]: c["passed"] for c in match["checks"]}
    assert match["score"] >= 0.8
    assert passed["brightness"] and passed["camera"] and passed["entity-color"]


def test_a_scene_as_plan_is_compiled_and_its_frames_rescaled_to_the_film(film, capsys) -> None:
    # The scene's own frame rate is not the film's 8 fps: intent frames are rescaled before matching.
    assert main(["analyze", str(film[0]), "--plan", str(EXAMPLE), "--json"]) == 0
    match = json.loads(capsys.readouterr().out)["intent_match"]
    assert match["score"] >= 0.8


def test_the_human_report_shows_figures_timeline_and_checks(film, capsys) -> None:
    assert main(["analyze", str(film[0]), "--plan", str(film[1])]) == 0
    out = capsys.readouterr().out
    for word in ("brightness", "palette", "moves", "intent match"):
        assert word in out


def test_bad_inputs_are_one_clear_message(film, tmp_path: Path, capsys) -> None:
    assert main(["analyze", str(tmp_path / "missing.mp4")]) == 1
    assert "missing.mp4: no such file" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path)]) == 1
    assert f"{tmp_path} is a folder; give a video file\n" in capsys.readouterr().err
    not_video = tmp_path / "notes.mp4"
    not_video.write_text("hello")
    assert main(["analyze", str(not_video)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("scenec: error:") and "Traceback" not in err
    bad_plan = tmp_path / "bad.plan.json"
    bad_plan.write_text("{}")
    assert main(["analyze", str(film[0]), "--plan", str(bad_plan)]) == 1
    assert "bad.plan.json" in capsys.readouterr().err
    broken = tmp_path / "broken.scene"
    broken.write_text("scene { shot 1s { layer x: nosuchthing() } }")
    assert main(["analyze", str(film[0]), "--plan", str(broken)]) == 1
    assert "the scene has errors" in capsys.readouterr().err
