"""What a recorded run knows: hashes, the knowledge entries used, entity classes; rendering goes on regardless."""

from __future__ import annotations

import argparse
import io
import sqlite3
from pathlib import Path

from scenec.api import compile_file
from scenec.knowledge.learning.store import open_store, store_path
from scenec.recording import build_run, record_render, scene_entries, source_hash
from scenec.runtime.analysis import analyze
from scenec.runtime.render import RenderOptions, render_film

SCENE = """palette glow extends sunset {
  extra: #ffffff
}

scene {
  size 64x36
  fps 12
  palette glow
  genre calm
  time dusk
  weather fog
  shot 1s {
    layer sky: gradient(from: @sky, to: @horizon, angle: 90deg)
    layer sun: sun(at: (50%, 50%), box: (30%, 50%))
  }
}
"""


def test_scene_entries_name_the_registry_entries_a_scene_uses() -> None:
    assert scene_entries(SCENE) == {("palette", "glow"), ("palette", "sunset"), ("genre", "calm"),
                                    ("time", "dusk"), ("weather", "fog")}


def test_scene_entries_come_from_the_tree_whatever_the_layout() -> None:
    one_line = 'scene { genre calm; palette sunset style noir shot 1s { time night layer a: rect() } }'
    assert scene_entries(one_line) == {("genre", "calm"), ("palette", "sunset"), ("style", "noir"),
                                       ("time", "night")}
    # Commented out, inside a string, or a parameter that happens to be spelled `genre`: none count.
    assert scene_entries('scene {\n  /* genre calm */\n  // palette warm\n  shot 1s {\n'
                         '    layer t: text(text: "genre epic")\n  }\n}\n') == set()
    # A slip elsewhere in the file loses only the statement it is in.
    assert scene_entries('scene {\n  genre calm\n  fps (\n  weather fog\n}\n') == {("genre", "calm"),
                                                                                  ("weather", "fog")}


def test_a_run_knows_its_plan_entities_and_tells_checks_their_class(tmp_path: Path) -> None:
    path = tmp_path / "s.scene"
    path.write_text(SCENE)
    plan, _ = compile_file(path)
    match = {"score": 0.0, "checks": [{"kind": "entity-color", "target": {"name": "sun", "color": "#feb249"},
                                       "measured": "#000000", "passed": False, "detail": ""}]}
    run = build_run(kind="render", source_text=SCENE, plan=plan, intent_match=match)
    assert ("object", "sun") in run.entries and run.settings["entities"] == {"sun": "sun"}
    assert run.source_hash == source_hash(SCENE) and len(run.plan_hash) == 64
    assert run.intent_match["checks"][0]["target"]["class"] == "sun"


def _render(tmp_path: Path) -> tuple[argparse.Namespace, object, object]:
    path = tmp_path / "s.scene"
    path.write_text(SCENE)
    plan, _ = compile_file(path)
    result = render_film(plan, RenderOptions(output=tmp_path / "s.mp4", audio=False))
    args = argparse.Namespace(file=str(path), size=None, fps=None, preview=False, quality=None, frames=None,
                              audio=False, workers=1, executor="local")
    return args, plan, result


def test_render_and_generate_runs_are_recorded(tmp_path: Path) -> None:
    home = tmp_path / "home"
    args, plan, result = _render(tmp_path)
    assert record_render(args, plan, result, home=home) == 1
    args.record_kind, args.record_prompt = "generate", "a sun at dusk"
    args.record_decisions = ({"field": "subject", "value": "sun", "because": ("sun",), "note": ""},)
    assert record_render(args, plan, result, home=home) == 2
    first, second = open_store(home).runs()
    assert (first.kind, first.source_text, first.output) == ("render", SCENE, str(tmp_path / "s.mp4"))
    assert first.settings["width"] == 64 and first.timings["render_s"] >= 0
    assert (second.kind, second.prompt, second.decisions[0]["value"]) == ("generate", "a sun at dusk", "sun")


def test_a_locked_store_leaves_the_render_untouched(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    open_store(home).runs()
    holder = sqlite3.connect(store_path(home), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        args, plan, result = _render(tmp_path)
        warn = io.StringIO()
        assert record_render(args, plan, result, home=home, warn=warn) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "run kept for later in " in warn.getvalue() and "the run store is locked" in warn.getvalue()
    assert analyze(result.output).frames == 12  # the film is whole


def test_recording_can_be_turned_off(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SCENEC_NO_RECORD", "1")
    from scenec.recording import record_run
    assert record_run(home=tmp_path, kind="render", prompt="p") is None
    assert not store_path(tmp_path).exists()
