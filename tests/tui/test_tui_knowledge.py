"""The dashboard's knowledge world: the user's learned knowledge, as the CLI uses it, and a new
world after a suggestion is accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenec.cli import main
from scenec.knowledge.learning.store import NewSuggestion, open_store
from scenec.knowledge.vocabulary import learn_word
from tests.tui.conftest import SIZE, build_app, settle

PALETTE_SCENE = ('scene "Mine" {\n  size 64x36\n  fps 4\n  palette mine\n  shot one 1s {\n'
                 '    layer bg: rect(size: (100%, 100%), fill: @sky)\n  }\n}\n')


async def test_the_prompt_box_translates_with_the_learned_knowledge_like_the_cli(
        scene_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"  # the conftest's SCENEC_HOME and build_app's data_home
    learn_word("zorblat", "object", "truck", home)
    prompt = "a zorblat on the beach"
    assert main(["translate", prompt]) == 0
    from_cli = capsys.readouterr().out
    assert "truck(" in from_cli  # the learned word, not a labelled stand-in
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await pilot.press(*prompt, "enter")
        await settle(app, pilot)
        assert len(app.buffers) == 2
        assert app.editor.text == from_cli


async def test_accepting_a_suggestion_checks_the_buffer_against_a_new_world(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = open_store(home)
    change = {"file": "palettes.yaml", "entries": {"mine": {"description": "learned", "colors": {"sky": "#123456"}}}}
    store.upsert_suggestion(NewSuggestion("palette", "mine", "add palette mine", change, ("by hand",), (), {},
                                          "palette:mine"))
    scene = tmp_path / "mine.scene"
    scene.write_text(PALETTE_SCENE, encoding="utf-8")
    app = build_app(scene, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.outcome is not None and app.outcome.errors == 1  # unknown palette `mine`
        before = app.world
        await pilot.press("f7", "a")
        await settle(app, pilot)
        assert (home / "knowledge" / "palettes.yaml").is_file()
        assert app.world is not before
        assert app.outcome is not None and app.outcome.errors == 0 and app.outcome.plan is not None
