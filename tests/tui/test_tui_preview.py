"""The frame preview and the plan view: half blocks, scrubbing, shots."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from scenec.tui.messages import ShotChosen
from scenec.tui.pixels import fit_size, graphics_protocol, half_block_lines, half_blocks, kitty_image
from scenec.tui.widgets.frame_preview import FramePreview
from scenec.tui.widgets.plan_tree import PlanTree
from scenec.tui.widgets.timeline import Timeline
from tests.tui.conftest import SIZE, build_app, settle


def test_half_blocks_put_the_upper_pixel_in_front_and_the_lower_behind() -> None:
    rgb = np.zeros((2, 3, 3), np.uint8)
    rgb[0, :] = (255, 0, 0)
    rgb[1, :2] = (0, 0, 255)
    lines = half_block_lines(rgb)
    assert len(lines) == 1
    first, second = lines[0]
    assert first.text == "▀▀" and second.text == "▀"  # runs of equal cells share a segment
    assert first.style.color.triplet == (255, 0, 0) and first.style.bgcolor.triplet == (0, 0, 255)
    assert second.style.bgcolor.triplet == (0, 0, 0)
    assert half_blocks(np.zeros((3, 4, 3), np.uint8)).plain == "▀▀▀▀\n▀▀▀▀"  # odd height padded


def test_fit_size_keeps_the_aspect_ratio_in_square_pixels() -> None:
    assert fit_size(1280, 720, 80, 22) == (78, 44)
    assert fit_size(1280, 720, 40, 100) == (40, 22)
    assert fit_size(1280, 720, 0, 10) == (0, 0)


def test_graphics_protocol_comes_from_the_environment() -> None:
    assert graphics_protocol({"KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"}) == "kitty"
    assert graphics_protocol({"TERM_PROGRAM": "iTerm.app"}) == "iterm"
    assert graphics_protocol({"TERM_PROGRAM": "iTerm.app", "TMUX": "/tmp/x"}) is None
    assert graphics_protocol({"TERM": "xterm-256color"}) is None
    escape = kitty_image(np.zeros((4, 4, 3), np.uint8), 2, 2)
    assert escape.startswith("\x1b_Ga=T,f=100") and escape.endswith("\x1b\\")


async def test_scrubbing_changes_the_frame_and_the_picture(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        preview = app.query_one(FramePreview)
        assert preview.plan is not None and preview.image is not None
        first = preview.image.copy()
        await pilot.press("f4")
        assert app.focused is preview
        await pilot.press("right")
        await settle(app, pilot)
        assert preview.frame == 1
        await pilot.press("shift+right")
        await settle(app, pilot)
        assert preview.frame == 1 + preview.plan.fps
        assert not np.array_equal(first, preview.image), "a later frame of a moving sun looks different"
        await pilot.press("end")
        await settle(app, pilot)
        assert preview.frame == preview.plan.frames - 1
        await pilot.press("right")
        assert preview.frame == preview.plan.frames - 1  # clamped at the end
        await pilot.press("home")
        assert preview.frame == 0


async def test_play_advances_and_stops_at_the_end(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        preview = app.query_one(FramePreview)
        # Play is started by the space key's action and the real timer held at once (no await in
        # between), then ticked by hand: a busy machine can neither play the short film to its end
        # during a key press nor slip a tick in between a step and its assertion. The key itself
        # is pressed at the end.
        preview.action_toggle_play()
        preview._timer.pause()
        assert preview.playing
        frames = preview.plan.frames
        before = preview.frame
        preview._advance()
        assert preview.frame > before and preview.playing
        ticks = 0
        while preview.playing and ticks <= frames:
            preview._advance()
            ticks += 1
        assert not preview.playing and preview.frame == frames - 1
        preview.action_toggle_play()  # play again from the end starts over (the key's action, called
        assert preview.playing and preview.frame == 0  # directly: no await, so no tick in between)
        preview._timer.pause()
        await pilot.press("space")
        assert not preview.playing


async def test_the_plan_view_lists_shots_and_choosing_one_moves_the_preview(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        tree = app.query_one(PlanTree)
        names = [str(node.label) for node in tree.root.children]
        assert [n.split()[0] for n in names] == ["one", "two"]
        await pilot.press("f3")
        timeline = app.query_one(Timeline)
        options = timeline.query_one("OptionList")
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("dissolve" in label for label in labels)
        second_shot = next(i for i, label in enumerate(labels) if "two" in label.split("→")[0] and "▶" in label)
        options.highlighted = second_shot
        await pilot.press("enter")
        await settle(app, pilot)
        preview = app.query_one(FramePreview)
        plan = preview.plan
        assert preview.frame == plan.segments[1].start_frame
        app.post_message(ShotChosen(0))
        await settle(app, pilot)
        assert preview.frame == 0
