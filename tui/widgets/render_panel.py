"""Rendering the film from the dashboard: a progress bar with speed and
ETA, cancellable, ending in the output path or a plain error message.

The render runs in a child process (`work.render_in_process`) watched by a
thread worker; its progress callback posts
`RenderProgressed` (which merges with `can_replace`, so a fast render never
floods the queue) and checks a cancel flag, so Escape stops it at the next
frame. The runtime removes its scratch files whichever way it ends.
"""

from __future__ import annotations

import threading
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from scenec.compiler.plan import Plan
from scenec.tui.messages import RenderEnded, RenderProgressed
from scenec.tui.work import RenderCrashed, RenderProgress, RenderStopped, render_in_process


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(seconds + 0.5)
    return f"{seconds // 60}:{seconds % 60:02d}"


class RenderPanel(Vertical):
    DEFAULT_CSS = """
    RenderPanel { padding: 0 1; }
    RenderPanel > ProgressBar { margin: 1 0; }
    RenderPanel > Static { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._cancel = threading.Event()
        self._busy = False
        self.last_output: str | None = None
        self.last_progress: RenderProgress | None = None

    def compose(self) -> ComposeResult:
        yield Static("F5 renders the current buffer (saved or not) to a video beside the file.", id="render-help")
        yield ProgressBar(total=None, show_eta=False, id="render-bar")
        yield Static("", id="render-status")

    @property
    def running(self) -> bool:
        return self._busy

    @property
    def status(self) -> str:
        return str(self.query_one("#render-status", Static).render())

    def start(self, plan: Plan, output: Path, *, assets_root: Path | None, cache_dir: Path | None,
              size: tuple[int, int] | None, workers: int | None) -> bool:
        """Start a render unless one is running; False when one is."""
        if self._busy:
            return False
        self._busy = True
        self._cancel = threading.Event()
        bar = self.query_one(ProgressBar)
        bar.update(total=plan.frames, progress=0)
        self._set_status(Text(f"rendering {output} …", style="bold"))
        self._run_render(plan, output, assets_root, cache_dir, size, workers, self._cancel)
        return True

    def cancel(self) -> bool:
        """Ask the running render to stop; False when none runs."""
        if not self._busy:
            return False
        self._cancel.set()
        self._set_status(Text("stopping…", style="yellow"))
        return True

    @work(thread=True, exclusive=True, group="render")
    def _run_render(self, plan: Plan, output: Path, assets_root: Path | None, cache_dir: Path | None,
                size: tuple[int, int] | None, workers: int | None, cancel: threading.Event) -> None:
        try:
            result = render_in_process(plan, output, assets_root=assets_root, cancel=cancel,
                                   progress=lambda p: self.post_message(RenderProgressed(p)),
                                   workers=workers, cache_dir=cache_dir, size=size)
        except (RenderStopped, KeyboardInterrupt):
            self.post_message(RenderEnded(False, "render cancelled; nothing written"))
            return
        except (ValueError, OSError) as error:  # the runtime's errors carry plain messages
            self.post_message(RenderEnded(False, f"render failed: {error}"))
            return
        except RenderCrashed as error:
            self.post_message(RenderEnded(False, f"render failed with an internal error ({error}); "
                                                 "please report it"))
            return
        except Exception as error:  # a runtime bug: report it, keep the dashboard alive
            self.post_message(RenderEnded(False, f"render failed with an internal error "
                                                 f"({type(error).__name__}: {error}); please report it"))
            return
        self.post_message(RenderEnded(
            True, f"wrote {result.output}: {result.frames} frames, {result.width}x{result.height}, "
                  f"in {result.seconds:.1f}s ({result.frames_per_second:.1f} frames/s)", str(result.output), result))

    def on_render_progressed(self, message: RenderProgressed) -> None:
        if not self._busy or self._cancel.is_set():
            return
        p: RenderProgress = message.progress
        self.last_progress = p
        self.query_one(ProgressBar).update(total=p.total, progress=p.done)
        self._set_status(Text(f"{p.done}/{p.total} frames · {p.fps:.1f} fps · ETA {_eta(p.eta_s)} · Esc cancels"))

    def on_render_ended(self, message: RenderEnded) -> None:
        self._busy = False
        if message.ok:
            self.last_output = message.output
            bar = self.query_one(ProgressBar)
            bar.update(progress=bar.total or 0)
        self._set_status(Text(message.summary, style="green" if message.ok else "red"))

    def _set_status(self, text: Text) -> None:
        self.query_one("#render-status", Static).update(text)
