"""The frame preview: the film at one frame, drawn with half-block pixels
sized to the widget, scrubbed with keys and played at a low frame rate.

Frames are drawn in a thread worker (exclusive, so scrubbing fast only
draws the last frame asked for) at the widget's pixel size, which keeps a
frame to a few milliseconds. Attributes down: the app calls `show_plan`.
"""

from __future__ import annotations

import time

import numpy as np
from rich.console import Group
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from scenec.compiler.plan import Plan
from scenec.tui.messages import FrameRendered
from scenec.tui.pixels import fit_size, half_blocks
from scenec.tui.work import render_preview

PLAY_FPS = 8


class FramePreview(Widget, can_focus=True):
    BINDINGS = [
        Binding("left", "step(-1)", "−1 frame", show=False),
        Binding("right", "step(1)", "+1 frame", show=False),
        Binding("shift+left", "step_seconds(-1)", "−1 s", show=False),
        Binding("shift+right", "step_seconds(1)", "+1 s", show=False),
        Binding("home", "jump(0)", "Start", show=False),
        Binding("end", "jump(-1)", "End", show=False),
        Binding("space", "toggle_play", "Play/pause"),
    ]

    DEFAULT_CSS = """
    FramePreview { height: 1fr; content-align: center top; }
    """

    frame: reactive[int] = reactive(0)
    playing: reactive[bool] = reactive(False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._plan: Plan | None = None
        self._assets_root: str | None = None
        self._image: np.ndarray | None = None
        self._image_frame = -1
        self._error: str | None = None
        self._timer = None

    # ---------------------------------------------------------------- attributes down

    @property
    def plan(self) -> Plan | None:
        return self._plan

    @property
    def image(self) -> np.ndarray | None:
        """The last frame drawn (H×W×3), for tests and the status line."""
        return self._image

    def show_plan(self, plan: Plan | None, assets_root: str | None) -> None:
        self._plan = plan
        self._assets_root = assets_root
        if plan is None:
            self.playing = False
        else:
            self.frame = max(0, min(self.frame, plan.frames - 1))
        self._request()

    def seek(self, frame: int) -> None:
        if self._plan is not None:
            self.frame = max(0, min(frame, self._plan.frames - 1))

    # ---------------------------------------------------------------- actions

    def action_step(self, frames: int) -> None:
        self.playing = False
        self.seek(self.frame + frames)

    def action_step_seconds(self, seconds: int) -> None:
        if self._plan is not None:
            self.action_step(seconds * self._plan.fps)

    def action_jump(self, where: int) -> None:
        self.playing = False
        if self._plan is not None:
            self.seek(0 if where >= 0 else self._plan.frames - 1)

    def action_toggle_play(self) -> None:
        if self._plan is None:
            return
        if not self.playing and self.frame >= self._plan.frames - 1:
            self.frame = 0
        self.playing = not self.playing

    def watch_playing(self, playing: bool) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if playing:
            self._timer = self.set_interval(1 / PLAY_FPS, self._advance)
        self.refresh()

    def _advance(self) -> None:
        if self._plan is None:
            self.playing = False
            return
        step = max(1, round(self._plan.fps / PLAY_FPS))
        if self.frame + step >= self._plan.frames:
            self.frame = self._plan.frames - 1
            self.playing = False
        else:
            self.frame += step

    def watch_frame(self) -> None:
        self._request()

    def on_resize(self) -> None:
        self._request()

    # ---------------------------------------------------------------- drawing

    def _pixel_size(self) -> tuple[int, int]:
        if self._plan is None:
            return 0, 0
        return fit_size(self._plan.width, self._plan.height, self.size.width, max(1, self.size.height - 1))

    def _request(self) -> None:
        if not self.is_mounted:
            return
        size = self._pixel_size()
        if self._plan is None or size[0] <= 0:
            self._image = None
            self.refresh()
            return
        self._draw(self._plan, self.frame, size)

    @work(thread=True, exclusive=True, group="preview")
    def _draw(self, plan: Plan, frame: int, size: tuple[int, int]) -> None:
        started = time.perf_counter()
        try:
            rgb = render_preview(plan, frame, size, self._assets_root)
        except (ValueError, OSError) as error:  # a frame the runtime cannot draw: say so, keep going
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._shown, plan, frame, rgb, time.perf_counter() - started)

    def _shown(self, plan: Plan, frame: int, rgb: np.ndarray, seconds: float) -> None:
        if plan is not self._plan:
            return
        self._image, self._image_frame, self._error = rgb, frame, None
        self.refresh()
        self.post_message(FrameRendered(frame, seconds))

    def _failed(self, message: str) -> None:
        self._error = message
        self.refresh()

    def caption(self) -> Text:
        if self._plan is None:
            return Text("no plan to preview", style="dim")
        fps = self._plan.fps
        state = "▶ playing" if self.playing else "⏸"
        return Text.assemble((f"{self.frame / fps:6.2f}s", "bold"), f" / {self._plan.frames / fps:.2f}s · ",
                             f"frame {self.frame}/{self._plan.frames - 1} · ", (state, "cyan"),
                             (" · ←/→ frame, shift second, space play", "dim"))

    def render(self) -> Group | Text:
        if self._error is not None:
            return Text(f"cannot draw frame {self.frame}: {self._error}", style="red")
        if self._plan is None:
            return Text("no plan to preview: the scene has errors, or is still being checked", style="dim")
        caption = self.caption()
        caption.truncate(self.size.width)
        if self._image is None:
            return Group(Text("drawing…", style="dim"), caption)
        return Group(half_blocks(self._image), caption)
