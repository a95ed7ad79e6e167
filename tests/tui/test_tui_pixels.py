"""Real pixels in the frame preview: the kitty escapes, and what the preview
writes through the app's driver (captured by a fake write) as frames
change, the widget hides or resizes, something covers it, and the app exits."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import numpy as np
import pytest

from scenec.tui.pixels import (KITTY_CHUNK, GraphicsSettingError, KittyCanvas, at_cell, graphics_protocol,
                               kitty_delete, kitty_pixel_size, kitty_png, png_bytes)
from scenec.tui.widgets.frame_preview import FramePreview
from tests.tui.conftest import SIZE, build_app, settle

APC = re.compile(r"\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\")


def commands(written: list[str]) -> list[tuple[dict[str, str], str]]:
    """Every kitty graphics command in what was written: its keys and payload."""
    found = []
    for control, payload in APC.findall("".join(written)):
        keys = dict(item.split("=", 1) for item in control.split(","))
        found.append((keys, payload))
    return found


async def until(pilot, condition, timeout_s: float = 60.0) -> bool:
    """Poll `condition` while the app runs (toasts and screens come and go on timers); the timeout
    guards against a hang and is no speed limit, so a loaded machine has all the time it needs."""
    for _ in range(int(timeout_s / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def capture(app) -> list[str]:
    written: list[str] = []
    app._driver.write = written.append  # the fake driver: keep what the preview sends to the terminal
    return written


# ---------------------------------------------------------------- escapes


def test_the_graphics_setting_overrides_detection() -> None:
    kitty = {"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "3"}
    assert graphics_protocol(kitty) == "kitty"
    assert graphics_protocol({**kitty, "SCENEC_TUI_GRAPHICS": "off"}) is None
    assert graphics_protocol({**kitty, "SCENEC_TUI_GRAPHICS": "auto"}) == "kitty"
    assert graphics_protocol({"TERM": "xterm-256color", "SCENEC_TUI_GRAPHICS": "Kitty"}) == "kitty"
    assert graphics_protocol({"TERM": "xterm-ghostty"}) == "kitty"
    with pytest.raises(GraphicsSettingError, match="SCENEC_TUI_GRAPHICS='pixels' is not one of"):
        graphics_protocol({"SCENEC_TUI_GRAPHICS": "pixels"})


def test_a_big_picture_is_sent_in_chunks_of_4096_that_join_back_into_the_png() -> None:
    noise = np.random.default_rng(7).integers(0, 256, (48, 64, 3), dtype=np.uint8)  # does not compress
    png = png_bytes(noise)
    found = commands([kitty_png(png, 30, 9, image_id=77, placement_id=1)])
    assert len(found) > 2
    first, _ = found[0]
    assert (first["a"], first["f"], first["i"], first["p"]) == ("T", "100", "77", "1")
    assert (first["c"], first["r"], first["C"], first["q"]) == ("30", "9", "1", "2")
    assert [keys["m"] for keys, _ in found] == ["1"] * (len(found) - 1) + ["0"]
    assert all(set(keys) == {"m"} for keys, _ in found[1:])  # continuation chunks carry only m
    assert all(len(payload) == KITTY_CHUNK for _, payload in found[:-1])
    assert base64.standard_b64decode("".join(payload for _, payload in found)) == png


def test_the_canvas_sends_a_picture_once_and_then_only_moves_or_removes_it() -> None:
    canvas = KittyCanvas(image_id=9)
    png, other = png_bytes(np.zeros((4, 6, 3), np.uint8)), png_bytes(np.ones((4, 6, 3), np.uint8))
    escape = canvas.show(png, 10, 3, 6, 2)
    assert escape.startswith("\x1b[?2026h\x1b7\x1b[4;11H\x1b_Ga=T") and escape.endswith("\x1b8\x1b[?2026l")
    assert canvas.placed == (10, 3, 6, 2)
    assert canvas.show(png, 10, 3, 6, 2) == ""  # already there
    assert "a=p,i=9,p=1,c=6,r=2" in canvas.show(png, 10, 3, 6, 2, repainted=True)  # cells were overwritten
    assert "\x1b[5;12H\x1b_Ga=p" in canvas.show(png, 11, 4, 6, 2)  # moved: no need to send the data again
    assert "a=T,f=100,i=9,p=1,c=6,r=2" in canvas.show(other, 11, 4, 6, 2)  # a new frame replaces the old
    assert "a=T" in canvas.show(other, 11, 4, 8, 3)  # new cell size: sent again at that size
    assert canvas.hide() == kitty_delete(9, free=False) == "\x1b_Ga=d,d=i,i=9,q=2\x1b\\"
    assert canvas.hide() == "" and canvas.placed is None
    assert "a=p" in canvas.show(other, 11, 4, 8, 3)  # the terminal kept the data while hidden
    assert canvas.close() == "\x1b_Ga=d,d=I,i=9,q=2\x1b\\" and canvas.close() == ""
    assert at_cell(0, 0, "X") == "\x1b[?2026h\x1b7\x1b[1;1HX\x1b8\x1b[?2026l"


def test_kitty_pixel_size_fills_the_cells_but_never_upscales_the_frame() -> None:
    assert kitty_pixel_size(1920, 1080, 80, 22) == (626, 352)  # 80×8 by 22×16 px, 16:9
    assert kitty_pixel_size(64, 36, 59, 16) == (64, 36)
    assert KittyCanvas().image_id != KittyCanvas().image_id  # one picture per preview


# ---------------------------------------------------------------- the preview in an app


def half_block_cells(preview: FramePreview) -> tuple[int, int, int, int]:
    """Where the half-block picture is on screen, read from the rendered lines."""
    lines = [strip.text for strip in preview.render_lines(preview.region.reset_offset)]
    rows = [y for y, text in enumerate(lines) if "▀" in text]
    left = lines[rows[0]].index("▀")
    width = len(lines[rows[0]].rstrip()) - left
    return preview.region.x + left, preview.region.y + rows[0], width, len(rows)


@pytest.mark.parametrize("size", [SIZE, (200, 30)])
async def test_kitty_places_the_frame_over_the_half_block_cells(scene_file: Path, tmp_path: Path,
                                                                 size: tuple[int, int]) -> None:
    app = build_app(scene_file, tmp_path, graphics="kitty")
    async with app.run_test(size=size) as pilot:
        written = capture(app)
        await settle(app, pilot)
        preview = app.query_one(FramePreview)
        assert preview.real_pixels
        x, y, columns, rows = preview.image_cells
        assert (x, y, columns, rows) == half_block_cells(preview)
        assert (columns, rows) == (preview.image.shape[1], preview.image.shape[0] // 2)
        sent = [keys for keys, _ in commands(written) if keys.get("a") == "T"]
        assert sent and sent[-1]["c"] == str(columns) and sent[-1]["r"] == str(rows) and sent[-1]["C"] == "1"
        assert f"\x1b7\x1b[{y + 1};{x + 1}H\x1b_Ga=T" in "".join(written)


async def test_scrubbing_sends_the_new_frame_with_the_same_image_id(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path, graphics="kitty")
    async with app.run_test(size=SIZE) as pilot:
        written = capture(app)
        await settle(app, pilot)
        first = [(keys, payload) for keys, payload in commands(written) if keys.get("a") == "T"]
        await pilot.press("f4", "shift+right")
        await settle(app, pilot)
        sent = [(keys, payload) for keys, payload in commands(written) if keys.get("a") == "T"]
        assert len(sent) > len(first)
        assert {keys["i"] for keys, _ in sent} == {first[0][0]["i"]}
        assert sent[-1][1] != first[-1][1], "a later frame is a different picture"


async def test_hiding_resizing_covering_and_exiting_take_the_image_off(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path, graphics="kitty")
    async with app.run_test(size=(200, 30), notifications=True) as pilot:
        written = capture(app)
        await settle(app, pilot)
        preview = app.query_one(FramePreview)
        image_id = preview._canvas.image_id
        delete, free = f"a=d,d=i,i={image_id},q=2", f"a=d,d=I,i={image_id},q=2"
        placed = preview.image_cells
        assert placed is not None

        await pilot.press("f3")  # another tab: the preview is hidden
        assert await until(pilot, lambda: preview.image_cells is None)
        assert delete in written[-1]
        await pilot.press("f4")
        await settle(app, pilot)
        assert preview.image_cells == placed

        app.notify("a toast in front of the picture", timeout=0.5)
        assert await until(pilot, lambda: preview.image_cells is None)
        assert delete in written[-1]
        assert await until(pilot, lambda: preview.image_cells == placed)  # the toast went: the picture is back

        app.action_command_palette()
        assert await until(pilot, lambda: preview.image_cells is None)
        await pilot.press("escape")
        assert await until(pilot, lambda: preview.image_cells == placed)

        written.clear()
        await pilot.resize_terminal(160, 30)
        await settle(app, pilot)
        # The old placement goes before the picture is drawn anywhere else (a repaint just before
        # the resize may place it again where it was: that is no move).
        joined = "".join(written)
        assert delete in joined
        before = joined[:joined.index("\x1b_G" + delete)]
        old_place = f"\x1b[{placed[1] + 1};{placed[0] + 1}H\x1b_G"
        assert before.count("\x1b_G") == before.count(old_place)
        assert preview.image_cells is not None and preview.image_cells != placed
        assert preview.image_cells == half_block_cells(preview)
    assert free in written[-1]  # leaving the app frees the image


async def test_without_a_protocol_nothing_but_text_is_written(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        written = capture(app)
        await settle(app, pilot)
        preview = app.query_one(FramePreview)
        await pilot.press("f4", "right")
        await settle(app, pilot)
        assert not preview.real_pixels and preview.image is not None and preview.image_cells is None
    assert "\x1b_G" not in "".join(written)
