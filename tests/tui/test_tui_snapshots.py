"""SVG snapshots of the main screens at a fixed terminal size (syrupy).

The cursor does not blink in tests and nothing time-dependent is shown, so
the pictures are stable; update with `pytest --snapshot-update` after a
deliberate layout change.
"""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import SHORT_SCENE, build_app, settle
from scenec.tui.learning_source import MemorySource, MetricSeries, RunRow, SuggestionRow

SNAPSHOT_SIZE = (100, 30)


async def _screenshot(tmp_path: Path, keys: tuple[str, ...], text: str = SHORT_SCENE, learning=None) -> str:
    path = tmp_path / "tiny.scene"
    path.write_text(text, encoding="utf-8")
    app = build_app(path, tmp_path, learning=learning)
    async with app.run_test(size=SNAPSHOT_SIZE) as pilot:
        app.editor.cursor_blink = False
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        await pilot.pause(0.1)
        return app.export_screenshot(title="scenec").replace(str(tmp_path), "TMP")


async def test_editor_and_preview(tmp_path: Path, snapshot) -> None:
    assert await _screenshot(tmp_path, ()) == snapshot


async def test_editor_with_an_error(tmp_path: Path, snapshot) -> None:
    assert await _screenshot(tmp_path, (), SHORT_SCENE.replace("animate sun.at", "animate moon.at")) == snapshot


async def test_plan_view(tmp_path: Path, snapshot) -> None:
    assert await _screenshot(tmp_path, ("f3",)) == snapshot


async def test_learning_view(tmp_path: Path, snapshot) -> None:
    source = MemorySource((RunRow("r1", "2025-05-01 10:00", "tiny.scene", 24, 0.4, 0.7),),
                          (MetricSeries("contrast", (0.4, 0.5, 0.62, 0.58)),),
                          (SuggestionRow("s1", "calm: slower shots", ("3 runs rated higher with 5s shots",)),),
                          status="1 run")
    assert await _screenshot(tmp_path, ("f7",), learning=source) == snapshot
