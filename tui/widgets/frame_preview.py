"""The frame preview: the film at one frame, drawn with half-block pixels
sized to the widget, scrubbed with keys and played at a low frame rate;
in a kitty-protocol terminal, with the frame's real pixels on top.

Frames are drawn in a thread worker (exclusive, so scrubbing fast only
draws the last frame asked for) at the widget's pixel size, which keeps a
frame to a few milliseconds. Attributes down: the app calls `show_plan`.

Real pixels (`graphics="kitty"`): the frame is drawn at about the cells'
pixel size and shrunk for the half blocks, which are still rendered
underneath: Textual knows nothing of the image, so snapshots stay
meaningful and whatever hides the image leaves the half-block picture. After
every repaint of the widget (Textual writes its cells, and some terminals
drop image cells that text is written to) the image is placed again over
exactly the half-block cells, through the app's driver, as an escape the
terminal draws above the text. It is taken off (kitty `a=d`) while anything
covers part of those cells (a dialog, the command palette, a toast), when
the widget is hidden or resized, and freed when the widget goes (app exit).
"""

from __future__ import annotations

import time

import numpy as np
from rich.console import Group
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.errors import NoWidget
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from scenec.compiler.plan import Plan
from scenec.tui.messages import FrameRendered
from scenec.tui.pixels import KittyCanvas, fit_size, half_blocks, kitty_pixel_size, png_bytes, shrink
from scenec.tui.work import render_preview

PLAY_FPS = 8
PNG_LEVEL = 3  # about half the time of the default level for a fifth more bytes
# Points sampled per axis when checking that nothing covers the image: a
# toast or dialog is wider than a sixteenth of the preview.
OCCLUSION_SAMPLES = 16


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

    def __init__(self, graphics: str | None = None, **kwargs) -> None:
        """`graphics` is the terminal's protocol (TuiOptions.graphics); only
        'kitty' draws real pixels, anything else gets half blocks."""
        super().__init__(**kwargs)
        self._plan: Plan | None = None
        self._assets_root: str | None = None
        self._image: np.ndarray | None = None
        self._png: bytes | None = None  # the same frame at kitty size, encoded, when real pixels are on
        self._image_frame = -1
        self._draw_request = 0  # only the latest draw is shown: an older one may finish after it
        self._drawn_for: tuple[int, int] | None = None  # the widget size the shown picture was drawn at
        self._drawn_caption = ""  # the caption under it then
        self._error: str | None = None
        self._timer = None
        self._canvas = KittyCanvas() if graphics == "kitty" else None
        self._sync_request = 0  # only the latest request syncs; earlier ones find it moved on
        self._sync_waits_on: object | None = None  # the screen holding the latest request, until it runs
        self._repainted = False

    # ---------------------------------------------------------------- attributes down

    @property
    def plan(self) -> Plan | None:
        return self._plan

    @property
    def image(self) -> np.ndarray | None:
        """The last frame drawn (H×W×3), for tests and the status line."""
        return self._image

    @property
    def real_pixels(self) -> bool:
        """Whether frames are also shown as an image (kitty protocol)."""
        return self._canvas is not None

    @property
    def image_cells(self) -> tuple[int, int, int, int] | None:
        """Where the real-pixel image is on screen now, (x, y, columns, rows)."""
        return None if self._canvas is None else self._canvas.placed

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
        if self._canvas is not None:
            self._write(self._canvas.hide())
            self._png = None  # the old picture has the old size: half blocks until the new one
        self._request()

    # ---------------------------------------------------------------- drawing

    def _pixel_size(self) -> tuple[int, int]:
        if self._plan is None:
            return 0, 0
        return fit_size(self._plan.width, self._plan.height, self.size.width, max(1, self.size.height - 1))

    def _kitty_size(self, size: tuple[int, int]) -> tuple[int, int] | None:
        if self._canvas is None or self._plan is None:
            return None
        return kitty_pixel_size(self._plan.width, self._plan.height, size[0], size[1] // 2)

    def _request(self) -> None:
        if not self.is_mounted:
            return
        size = self._pixel_size()
        if self._plan is None or size[0] <= 0:
            self._image, self._png = None, None
            self.refresh()
            return
        self._draw_request += 1
        self._draw(self._plan, self.frame, size, self._kitty_size(size), self._draw_request, tuple(self.size))

    @work(thread=True, exclusive=True, group="preview")
    def _draw(self, plan: Plan, frame: int, size: tuple[int, int], kitty_size: tuple[int, int] | None,
              request: int, widget_size: tuple[int, int]) -> None:
        started = time.perf_counter()
        try:
            pixels = render_preview(plan, frame, kitty_size or size, self._assets_root)
        except (ValueError, OSError) as error:  # a frame the runtime cannot draw: say so, keep going
            self.app.call_from_thread(self._failed, str(error))
            return
        # Encoding here keeps the event loop free while playing.
        rgb, png = (shrink(pixels, size), png_bytes(pixels, PNG_LEVEL)) if kitty_size else (pixels, None)
        self.app.call_from_thread(self._shown, plan, frame, rgb, png, time.perf_counter() - started, request,
                                  widget_size)

    def _shown(self, plan: Plan, frame: int, rgb: np.ndarray, png: bytes | None, seconds: float, request: int,
               widget_size: tuple[int, int]) -> None:
        # An exclusive worker is cancelled, not stopped: a draw for an older size or frame can
        # finish after the latest one, and must not replace it.
        if plan is not self._plan or request != self._draw_request:
            return
        caption = self.caption().plain
        same = self._error is None and self._image_frame == frame and self._drawn_for == widget_size \
            and self._drawn_caption == caption and self._image is not None and np.array_equal(self._image, rgb) \
            and self._png == png
        self._image, self._png, self._image_frame, self._error = rgb, png, frame, None
        self._drawn_for, self._drawn_caption = widget_size, caption
        if not same:  # an edit elsewhere in the film draws the same picture: repainting it is wasted
            self.refresh()
        self._schedule_sync()
        self.post_message(FrameRendered(frame, seconds))

    def _failed(self, message: str) -> None:
        self._error = message
        self.refresh()

    def _caption_line(self) -> Text:
        caption = self.caption()
        caption.truncate(self.size.width)
        return caption

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
        caption = self._caption_line()
        if self._image is None:
            return Group(Text("drawing…", style="dim"), caption)
        return Group(half_blocks(self._image), caption)

    # ---------------------------------------------------------------- real pixels (kitty)

    def on_mount(self) -> None:
        if self._canvas is not None:
            self.app.screen_change_signal.subscribe(self, lambda _screen: self._schedule_sync())
            self.app.app_resume_signal.subscribe(self, self._resumed)

    def on_show(self, event: events.Show) -> None:
        self._schedule_sync()

    def on_hide(self, event: events.Hide) -> None:
        if self._canvas is not None:
            self._write(self._canvas.hide())

    def on_unmount(self, event: events.Unmount) -> None:
        if self._canvas is not None:
            self._write(self._canvas.close())

    def _resumed(self, _app: object) -> None:
        # Back from Ctrl+Z: the terminal left the alternate screen, and its images with it.
        if self._canvas is not None:
            self._canvas.forget()
            self._schedule_sync()

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if self._canvas is not None:
            self._repainted = True  # the cells under the image were just written
            self._schedule_sync()
        return lines

    def _schedule_sync(self) -> None:
        # After-refresh callbacks wait on the top screen, and a dialog popped
        # before they run takes them with it: so one request per top screen
        # (render_lines runs per region repainted), numbered so a lost one is
        # simply replaced by the next.
        if self._canvas is None or not self.is_attached:
            return
        top = self.app.screen
        if self._sync_waits_on is top:
            return
        self._sync_waits_on = top
        self._sync_request += 1
        self.call_after_refresh(self._sync_image, self._sync_request)

    def _sync_image(self, request: int) -> None:
        """Make the terminal's image match what the widget shows now: placed
        over the half-block cells, or off the screen."""
        if request != self._sync_request:
            return
        self._sync_waits_on = None
        repainted, self._repainted = self._repainted, False
        canvas = self._canvas
        if canvas is None or not self.is_mounted:
            return
        cells = self._target_cells()
        if cells is None or self._png is None:
            self._write(canvas.hide())
            return
        self._write(canvas.show(self._png, cells.x, cells.y, cells.width, cells.height, repainted=repainted))

    def _target_cells(self) -> Region | None:
        """The screen cells the half-block picture occupies, when the image
        may go over them: shown, on the top screen, and nothing in front."""
        if self._image is None or self._error is not None or self._plan is None:
            return None
        if not self.display or self.app.screen is not self.screen or self.app.is_inline:
            return None
        if self._drawn_for != tuple(self.size):
            # Resized and not drawn again yet: a repaint can come before the Resize event, and the
            # old picture must come off rather than move, whichever arrives first.
            return None
        columns, rows = self._image.shape[1], (self._image.shape[0] + 1) // 2
        content = self.content_region
        # render() aligns the picture and caption as one block, centred ("content-align: center top").
        block_width = min(content.width, max(columns, self._caption_line().cell_len))
        cells = Region(content.x + (content.width - block_width) // 2, content.y, columns, rows)
        if not content.contains_region(cells) or not self._unobstructed(cells):
            return None
        return cells

    def _unobstructed(self, cells: Region) -> bool:
        xs = {*range(cells.x, cells.right, max(1, cells.width // OCCLUSION_SAMPLES)), cells.right - 1}
        ys = {*range(cells.y, cells.bottom, max(1, cells.height // OCCLUSION_SAMPLES)), cells.bottom - 1}
        screen = self.screen
        for y in ys:
            for x in xs:
                try:
                    widget, _ = screen.get_widget_at(x, y)
                except NoWidget:
                    return False
                if widget is not self:
                    return False
        return True

    def _write(self, escape: str) -> None:
        # Textual has no public call for raw output; the driver is what the app
        # itself writes through (its clipboard escape too), in order with its updates.
        driver = self.app._driver
        if escape and driver is not None:
            driver.write(escape)
            driver.flush()
