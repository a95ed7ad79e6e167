"""Highlighting, the prompt box, the learning view and the command palette."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenec.tui.buffers import BufferError, open_buffer, save_buffer
from scenec.tui.highlight import highlight_text
from scenec.tui.learning_source import (
    EmptySource, LearningSourceError, MemorySource, MetricSeries, RunRow, SuggestionRow, open_learning_source,
)
from scenec.tui.messages import SceneTranslated
from scenec.tui.widgets import prompt_box
from scenec.tui.widgets.learning_view import LearningView
from tests.tui.conftest import SIZE, build_app, settle


def _names(line: str) -> list[tuple[str, str]]:
    encoded = line.encode()
    return [(encoded[s:e].decode(), name) for s, e, name in highlight_text(line).get(0, [])]


def test_highlighting_names_keywords_strings_numbers_colors_and_calls() -> None:
    found = _names('layer sun: circle(at: (50%, 72%), fill: #ffd36b) depth 0.1 // the sun')
    assert ("layer", "keyword") in found and ("circle", "function") in found
    assert ("50%", "number") in found and ("#ffd36b", "constant") in found
    assert ("// the sun", "comment") in found
    assert ("depth", "keyword") in found
    assert _names('scene "Ünïcode ok" {')[1] == ('"Ünïcode ok"', "string")  # byte offsets round-trip


def test_block_comments_span_lines() -> None:
    ranges = highlight_text("shot a 1s /* one\ntwo\nthree */ layer")
    assert ranges[1] == [(0, 3, "comment")]
    assert (0, 8, "comment") in ranges[2] and (9, 14, "keyword") in ranges[2]


def test_buffers_open_missing_files_and_refuse_bad_targets(tmp_path: Path) -> None:
    buffer, notice = open_buffer(tmp_path / "a.scene")
    assert buffer.text == "" and buffer.dirty is False and "created when you save" in notice
    saved = save_buffer(buffer.edited("x"))
    assert (tmp_path / "a.scene").read_text() == "x" and not saved.dirty
    with pytest.raises(BufferError, match="folder .* does not exist"):
        save_buffer(buffer.edited("x"), tmp_path / "nope" / "b.scene")
    with pytest.raises(BufferError, match="no file yet"):
        save_buffer(open_buffer(None)[0])


async def test_the_prompt_box_says_when_translation_is_missing(scene_file: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompt_box, "find_translator", lambda: None)
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await pilot.press(*"a sunset", "enter")
        await pilot.pause()
        assert prompt_box.UNAVAILABLE in app.query_one(prompt_box.PromptBox).status
        assert len(app.buffers) == 1


async def test_a_translated_prompt_opens_a_new_buffer(scene_file: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    scene = 'scene "From words" {\n  shot a 2s {\n    layer sky: gradient(from: navy, to: black)\n  }\n}\n'
    worlds = []
    monkeypatch.setattr(prompt_box, "find_translator",
                        lambda: (lambda prompt, knowledge: worlds.append(knowledge) or scene))
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await pilot.press(*"night sky", "enter")
        await settle(app, pilot)
        assert len(app.buffers) == 2 and app.current == 1
        assert app.editor.text == scene and app.buffer.path is None
        assert app.outcome is not None and app.outcome.plan is not None
        assert worlds == [app.world]  # the session's world, not one of the translator's own
        await pilot.press("f8")  # back to the first buffer, its text intact
        await settle(app, pilot)
        assert app.current == 0 and app.editor.text == scene_file.read_text()
        app.post_message(SceneTranslated("again", scene))
        await settle(app, pilot)
        assert len(app.buffers) == 3


def _source() -> MemorySource:
    return MemorySource(
        run_rows=(RunRow("r1", "2025-05-01 10:00", "sunset.scene", 240, 3.5, 0.7),
                  RunRow("r2", "2025-05-02 10:00", "sunset.scene", 240, 3.1, 0.8)),
        series=(MetricSeries("contrast", (0.4, 0.5, 0.62)),),
        suggestion_rows=(SuggestionRow("s1", "calm: slower shots", ("5 runs rated higher with 5s shots",)),
                         SuggestionRow("s2", "warmer grade", ())),
        status="2 runs")


async def test_the_learning_view_shows_runs_and_decides_suggestions(scene_file: Path, tmp_path: Path) -> None:
    source = _source()
    app = build_app(scene_file, tmp_path, learning=source)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f7")
        view = app.query_one(LearningView)
        assert view.query_one("#runs").row_count == 2
        assert len(view.query("Sparkline")) == 1
        assert "5 runs rated higher" in str(view.query_one("#evidence").render())
        await pilot.press("a")
        await pilot.pause()
        assert source.suggestions()[0].status == "accepted"
        await pilot.press("down", "x")
        await pilot.pause()
        assert source.suggestions()[1].status == "rejected"


async def test_without_a_store_the_learning_view_says_no_runs(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path, learning=EmptySource())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f7", "a")
        await pilot.pause()
        assert "no runs recorded yet" in str(app.query_one("#learning-status").render())
        assert app.is_running


def test_memory_source_rejects_unknown_ids_and_open_falls_back(tmp_path: Path) -> None:
    with pytest.raises(LearningSourceError):
        _source().decide("nope", True)
    assert open_learning_source(tmp_path).status  # empty or the real store: either says something


async def test_every_action_is_in_the_command_palette(scene_file: Path, tmp_path: Path) -> None:
    from scenec.tui.app import ACTIONS
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {title for _, title, _ in ACTIONS} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Plan", "enter")
        await pilot.pause()
        assert app.query_one("#side").active == "plan-pane"
