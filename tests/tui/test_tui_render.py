"""Rendering from the dashboard: progress to the end, cancel, errors."""

from __future__ import annotations

import asyncio
from pathlib import Path

from scenec.tui.widgets.render_panel import RenderPanel
from tests.tui.conftest import SIZE, build_app, settle


async def _wait_render(app, pilot, timeout_s: float = 30.0) -> None:
    panel = app.query_one(RenderPanel)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while panel.running and loop.time() < deadline:
        await pilot.pause(0.05)
    assert not panel.running, "the render did not end"
    await pilot.pause()


async def test_render_shows_progress_and_the_output_path(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        panel = app.query_one(RenderPanel)
        await pilot.press("f5")
        await _wait_render(app, pilot)
        output = tmp_path / "tiny.mp4"
        assert output.is_file() and output.stat().st_size > 0, panel.status
        assert str(output) in panel.status and panel.last_output == str(output)
        progress = panel.last_progress
        assert progress is not None and progress.total == app.outcome.plan.frames and progress.fps >= 0
        assert any(n.message.startswith("wrote") for n in app._notifications)


async def test_escape_cancels_a_render_and_writes_nothing(scene_file: Path, tmp_path: Path) -> None:
    # Long enough (10 min of film) that the render is still going when Escape arrives,
    # however slowly a loaded machine delivers the key.
    scene_file.write_text(scene_file.read_text().replace("shot two 1s", "shot two 600s"), encoding="utf-8")
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        panel = app.query_one(RenderPanel)
        assert panel.running
        await pilot.press("escape")
        await _wait_render(app, pilot)
        assert "cancelled" in panel.status, panel.status
        assert not (tmp_path / "tiny.mp4").exists()
        scene_file.write_text(scene_file.read_text().replace("shot two 600s", "shot two 1s"), encoding="utf-8")
        app.editor.load_text(scene_file.read_text())
        await settle(app, pilot)
        assert app.is_running
        await pilot.press("f5")  # and a new render can start after a cancelled one
        await _wait_render(app, pilot)
        assert (tmp_path / "tiny.mp4").is_file()


async def test_a_render_error_is_a_message_not_a_crash(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path, )
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        scene_file.unlink()
        (tmp_path / "tiny.mp4").mkdir()  # the output path is taken by a folder
        await pilot.press("f5")
        await _wait_render(app, pilot)
        panel = app.query_one(RenderPanel)
        assert "failed" in panel.status
        assert app.is_running


async def test_render_with_errors_in_the_scene_says_so(tmp_path: Path) -> None:
    path = tmp_path / "bad.scene"
    path.write_text('scene "x" { shot a 1s { layer q: nosuch() } }', encoding="utf-8")
    app = build_app(path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert not app.query_one(RenderPanel).running
        assert any("nothing to render" in n.message for n in app._notifications)
