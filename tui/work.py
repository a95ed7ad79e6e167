"""The slow parts of the dashboard as plain functions, run in workers.

Each takes data and returns data (no widgets), so tests call them directly:
`check_buffer` checks and compiles the editor's text, `render_preview`
draws one small frame, `render_buffer` renders the whole film with
progress and a cancel flag, and `render_in_process` runs it in a child
process, so the dashboard's UI loop never shares its interpreter with the
frames being drawn.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scenec.api import default_world, knowledge_names
from scenec.compiler.context import PassContext
from scenec.compiler.options import CompileOptions
from scenec.compiler.pipeline import run_passes
from scenec.compiler.plan import Plan
from scenec.knowledge.world import Knowledge
from scenec.files import FileLoader
from scenec.lang.checker import check_path
from scenec.lang.diagnostics import Diagnostic
from scenec.lang.modules import MemoryLoader, ParseCache
from scenec.runtime.frame import FrameRenderer

UNTITLED = "/untitled.scene"


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    diagnostics: tuple[Diagnostic, ...]
    plan: Plan | None  # None when the check found errors or the compile failed
    path: str  # the file name diagnostics of this buffer carry
    seconds: float
    failure: str | None = None  # a compile that raised: its message
    note: str | None = None  # something to say instead of "no problems"

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def check_buffer(path: Path | None, text: str, size: tuple[int, int] | None = None,
                 world: Knowledge | None = None, cache: ParseCache | None = None,
                 open_files: Mapping[str, str] | None = None) -> CheckOutcome:
    """Check `text` (the unsaved contents of `path`) against `world` and compile it when clean
    (without a world, `scenec.api` builds the default one). `cache` keeps parse results between
    checks, so only modules whose text changed are parsed again; `open_files` (path: text) are the
    other unsaved buffers, read before the disk when the file imports them."""
    started = time.perf_counter()
    name = os.fspath(path) if path is not None else UNTITLED
    if not text.strip():
        return CheckOutcome((), None, name, time.perf_counter() - started,
                            note='empty: start with  scene "Title" { shot first 3s { … } }')
    if world is None:
        world = default_world(path)
    files = {os.path.abspath(k): v for k, v in (open_files or {}).items()}
    if path is not None:
        files[name := os.path.abspath(name)] = text
        loader = MemoryLoader(files, fallback=FileLoader())
    else:
        loader = MemoryLoader({UNTITLED: text}, root="/")
    check = None
    try:
        check = check_path(name, loader, knowledge_names(world), text, cache)
        if not check.ok:
            return CheckOutcome(tuple(check.diagnostics), None, name, time.perf_counter() - started)
        if check.file is None or not check.file.scenes:  # a library: nothing to compile, nothing wrong
            return CheckOutcome(tuple(check.diagnostics), None, name, time.perf_counter() - started,
                                note="no problems · a library (no scene to compile)")
        plan = run_passes(check, PassContext.of(world, CompileOptions(size=size)))
    except Exception as error:  # a compiler bug must not take the editor down; show it instead
        return CheckOutcome(tuple(check.diagnostics) if check is not None else (), None, name,
                            time.perf_counter() - started,
                            failure=f"internal compiler error ({type(error).__name__}: {error}); "
                                    "please report it")
    return CheckOutcome(tuple(check.diagnostics), plan, name, time.perf_counter() - started)


def render_preview(plan: Plan, frame: int, size: tuple[int, int], assets_root: str | None) -> np.ndarray:
    """Frame `frame` of `plan` drawn at `size` pixels (width, height)."""
    renderer = FrameRenderer(plan, assets_root=assets_root, size=size)
    return renderer.render(max(0, min(frame, plan.frames - 1)))


class RenderStopped(BaseException):
    """Raised out of a progress callback to stop a render; a BaseException so
    the runtime's error wrapping (which catches Exception) lets it through."""


@dataclass(frozen=True, slots=True)
class RenderProgress:
    done: int
    total: int
    fps: float
    eta_s: float | None


def render_buffer(plan: Plan, output: Path, *, assets_root: Path | None, cancel: threading.Event,
                  progress: Callable[[RenderProgress], None], workers: int | None = None,
                  cache_dir: Path | None = None, size: tuple[int, int] | None = None):
    """Render `plan` to `output`; `progress` gets frames done, speed and ETA;
    setting `cancel` stops at the next finished frame with RenderStopped."""
    from scenec.runtime.executor import LocalExecutor
    from scenec.runtime.render import RenderOptions, render_film

    started = time.perf_counter()

    def report(done: int, total: int) -> None:
        if cancel.is_set():
            raise RenderStopped()
        elapsed = time.perf_counter() - started
        fps = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / fps if fps > 0 else None
        progress(RenderProgress(done, total, fps, eta))

    options = RenderOptions(output=output, size=size, assets_root=assets_root, cache_dir=cache_dir)
    if cancel.is_set():
        raise RenderStopped()
    with LocalExecutor(workers) as executor:
        return render_film(plan, options, executor=executor, progress=report)


PROGRESS_EVERY_S = 0.25  # how often a render tells the dashboard how far it is: a bar needs no more


def lower_priority() -> None:
    """Make this (child) process yield the CPU to the dashboard's: the UI loop that echoes keys
    runs first, the checks and renders in the time it leaves."""
    try:
        os.nice(5)
    except (AttributeError, OSError):
        pass  # no nice here (or not allowed): the same priority, still correct


def _render_child(plan: Plan, output: Path, assets_root: Path | None, workers: int | None,
                  cache_dir: Path | None, size: tuple[int, int] | None, cancel, replies) -> None:
    """`render_buffer` in a child process: progress (at most every `PROGRESS_EVERY_S`, and the last
    frame), then the result or the error, go up `replies`."""
    lower_priority()
    last_sent = [0.0]

    def progress(p: RenderProgress) -> None:
        now = time.monotonic()
        if now - last_sent[0] >= PROGRESS_EVERY_S or p.done >= p.total:
            last_sent[0] = now
            replies.put(("progress", p))
    try:
        result = render_buffer(plan, output, assets_root=assets_root, cancel=cancel, progress=progress,
                               workers=workers, cache_dir=cache_dir, size=size)
    except (RenderStopped, KeyboardInterrupt):
        replies.put(("stopped", None))
    except (ValueError, OSError) as error:  # the runtime's errors carry plain messages
        replies.put(("failed", str(error)))
    except Exception as error:  # noqa: BLE001 - a runtime bug: reported, not a dead dashboard
        replies.put(("crashed", f"{type(error).__name__}: {error}"))
    else:
        replies.put(("done", result))


class RenderCrashed(Exception):
    """The render failed with an internal error (a runtime bug); the message names it."""


def render_in_process(plan: Plan, output: Path, *, assets_root: Path | None, cancel: threading.Event,
                      progress: Callable[[RenderProgress], None], workers: int | None = None,
                      cache_dir: Path | None = None, size: tuple[int, int] | None = None):
    """`render_buffer` in a child process, so drawing frames never takes the dashboard's
    interpreter from the UI loop (with one worker the runtime draws in the calling process).
    Blocks the calling thread; raises as `render_buffer` does (RenderCrashed for a runtime bug)."""
    import multiprocessing
    import queue

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    stop, replies = context.Event(), context.Queue()
    child = context.Process(target=_render_child, name="scenec-tui-render", daemon=False,
                            args=(plan, output, assets_root, workers, cache_dir, size, stop, replies))
    try:
        child.start()
    except (OSError, ValueError):  # no child process here: render in this one, slower to type beside
        replies.close()
        return render_buffer(plan, output, assets_root=assets_root, cancel=cancel, progress=progress,
                             workers=workers, cache_dir=cache_dir, size=size)
    try:
        while True:
            if cancel.is_set():
                stop.set()
            try:
                kind, value = replies.get(timeout=0.1)
            except queue.Empty:
                if not child.is_alive() and replies.empty():
                    raise RenderCrashed(f"the render process ended unexpectedly (exit code {child.exitcode})")
                continue
            if kind == "progress":
                progress(value)
            elif kind == "done":
                return value
            elif kind == "stopped":
                raise RenderStopped()
            elif kind == "failed":
                raise ValueError(value)
            else:
                raise RenderCrashed(value)
    finally:
        stop.set()
        child.join(timeout=30)
        if child.is_alive():
            child.terminate()
            child.join()
        replies.close()


def scratch_output(source: Path | None, suffix: str = ".mp4") -> Path:
    """Where a render of `source` goes: beside it (sunset.scene -> sunset.mp4),
    or in the temp folder for an untitled buffer."""
    if source is None:
        return Path(tempfile.gettempdir()) / f"untitled{suffix}"
    return source.with_suffix(suffix)


def start_process_helpers() -> None:
    """Start multiprocessing's resource tracker and fork server now, before
    Textual replaces sys.stderr: both pass stderr's descriptor to their
    child, and Textual's stand-in has none ("bad value(s) in fds_to_keep").
    Render workers started later fork from the server that is already up."""
    import multiprocessing
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver
        multiprocessing.get_context("forkserver").set_forkserver_preload(["scenec.runtime.executor"])
        forkserver.ensure_running()
