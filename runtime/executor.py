"""Executors: where the segments of a render are drawn and encoded.

A `SegmentJob` names a run of film frames, the size and quality, and the
file to encode them into; `render_segment` does one job. An `Executor`
turns a list of jobs into results (`map_segments`, in completion order)
and can be closed, so a Dask executor can stand beside `LocalExecutor`,
which runs jobs in a process pool (`forkserver` where the platform has it,
else `spawn`: forking a process that runs threads is unsafe) or, with one
worker or one job, in the calling process.

Inside a job a thread draws frames ahead of the encoder through a small
queue, so drawing overlaps encoding (both release the GIL for their heavy
parts). Workers report each encoded frame over a queue for progress bars.
Job failures come back as `SegmentError` (bad input, a ValueError) or
`WorkerCrash` (a bug), both with plain picklable messages.

Workers die with the render: `kill -9` of the `scenec render` process
gives it no chance to stop them, so each worker stops itself
(`die_with_parent`): on Linux the kernel sends it SIGKILL when its parent
exits (`prctl(PR_SET_PDEATHSIG)`; the parent is the forkserver, which
exits when the render does), and on every system a watchdog thread ends it
within `_WATCH_S` of the render's process being gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol


from scenec.compiler.plan import Plan
from scenec.runtime.encode import encode_segment
from scenec.runtime.frame import FrameRenderer
from scenec.runtime.raster import FrameUpdate

__all__ = [
    "Executor", "LocalExecutor", "ProgressCallback", "SegmentError", "SegmentJob", "SegmentResult",
    "WorkerCrash", "render_segment",
]

# Frames drawn ahead of the encoder inside a job; each is W*H*3 bytes.
_PREFETCH_FRAMES = 4
_POLL_S = 0.05
_WATCH_S = 0.5  # how often a worker checks that the render that started it is still there
_GRACE_S = 30.0  # after the signal, how long a process may take to close before it is ended
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

ProgressCallback = Callable[[int], None]  # called with a number of newly encoded frames


class SegmentError(ValueError):
    """A job failed on its input (a plan the renderer cannot draw, a full disk)."""


class WorkerCrash(RuntimeError):
    """A job failed on a bug; the message carries the worker's traceback."""


@dataclass(frozen=True, slots=True)
class SegmentJob:
    """Encode film frames [start_frame, end_frame) of `plan` into `path`."""

    plan: Plan
    segment: int  # index of the segment that owns these frames
    start_frame: int
    end_frame: int
    width: int  # output size; the renderer scales the plan to it
    height: int
    quality: str
    path: str  # .mp4, .webm or .mkv, as encode.segment_suffix chooses
    assets_root: str | None = None

    @property
    def frames(self) -> int:
        return self.end_frame - self.start_frame


@dataclass(frozen=True, slots=True)
class SegmentResult:
    job: SegmentJob
    frames: int
    seconds: float  # wall time of the job, drawing and encoding


class Executor(Protocol):
    def map_segments(self, jobs: Sequence[SegmentJob],
                     on_frames: ProgressCallback | None = None) -> Iterator[SegmentResult]:
        """Run every job; yield results as jobs finish. Closing the iterator
        early (or an exception while it runs) cancels the jobs not yet done."""
        ...

    def close(self) -> None:
        ...


# ---------------------------------------------------------------- one job


class _Failed:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = object()


def _prefetched(frames: Iterator[FrameUpdate], depth: int = _PREFETCH_FRAMES) -> Iterator[FrameUpdate]:
    """`frames`, produced on a helper thread up to `depth` ahead of the consumer."""
    slots: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for frame in frames:
                if not put(frame):
                    return
            put(_END)
        except BaseException as error:  # handed to the consumer's thread
            put(_Failed(error))

    thread = threading.Thread(target=produce, name="draw frames", daemon=True)
    thread.start()
    try:
        while True:
            item = slots.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        thread.join()


def render_segment(job: SegmentJob, on_frames: ProgressCallback | None = None) -> SegmentResult:
    """Draw and encode one job in this process."""
    started = time.perf_counter()
    try:
        renderer = FrameRenderer(job.plan, assets_root=job.assets_root, size=(job.width, job.height))

        def drawn() -> Iterator[FrameUpdate]:
            for frame in range(job.start_frame, job.end_frame):
                yield renderer.render_update(frame)  # with its changed boxes, so the encoder converts only those

        def counted(frames: Iterable[FrameUpdate]) -> Iterator[FrameUpdate]:
            for frame in frames:
                yield frame
                if on_frames is not None:
                    on_frames(1)

        count = encode_segment(job.path, counted(_prefetched(drawn())), job.width, job.height,
                               job.plan.fps, job.quality)
    except (SegmentError, WorkerCrash):
        raise
    except (ValueError, OSError) as error:
        name = job.plan.segments[job.segment].name
        raise SegmentError(f"segment {name!r} (frames {job.start_frame}..{job.end_frame}): {error}") from error
    except Exception as error:
        raise WorkerCrash("".join(traceback.format_exception(error)).rstrip()) from error
    return SegmentResult(job, count, time.perf_counter() - started)


# ---------------------------------------------------------------- local


_worker_progress: Any = None  # the pool's progress queue, set in each worker


def die_with_parent(owner_pid: int, signum: int = signal.SIGKILL) -> None:
    """End this process when `owner_pid` (the render) or this process's parent is gone.

    Linux: the kernel sends `signum` the moment the parent exits. Everywhere:
    a daemon thread polls every `_WATCH_S` and sends `signum` to this
    process when the parent changes or `owner_pid` no longer exists (SIGTERM
    lets a process close what it holds; it is ended outright if still there
    `_GRACE_S` later).
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)

    def watch() -> None:
        while os.getppid() == parent and _alive(owner_pid):  # also catches a death before prctl took effect
            time.sleep(_WATCH_S)
        os.kill(os.getpid(), signum)
        time.sleep(_GRACE_S)
        os._exit(1)  # the render that wanted this work is gone

    threading.Thread(target=watch, name="watch the render", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _init_worker(progress: Any, owner_pid: int) -> None:
    global _worker_progress
    # The parent handles Ctrl-C (it reaches the whole process group) and
    # terminates workers; they should not print tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(owner_pid)
    _worker_progress = progress


def _report(frames: int) -> None:
    _worker_progress.put(frames)


def _run_in_worker(job: SegmentJob) -> SegmentResult:
    return render_segment(job, _report if _worker_progress is not None else None)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then deliver them.

    Starting a pool worker is not atomic: interrupted half way, the parent
    forgets a child that is already being forked, and that child then
    fails noisily once the parent has gone. Python runs signal handlers in
    the main thread only, so elsewhere there is nothing to defer.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: caught.append(signum))
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The server imports these once; each worker then forks from it warm.
        context.set_forkserver_preload(["scenec.runtime.executor"])
        return context
    return multiprocessing.get_context("spawn")


class LocalExecutor:
    """Jobs in a pool of `workers` processes on this machine (default: one per
    core); the pool starts on first use and is kept until `close()`, so
    repeated renders (watch mode) reuse warm workers."""

    def __init__(self, workers: int | None = None) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be 1 or more, got {workers}")
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._progress: Any = None

    def map_segments(self, jobs: Sequence[SegmentJob],
                     on_frames: ProgressCallback | None = None) -> Iterator[SegmentResult]:
        jobs = list(jobs)
        if self.workers == 1 or len(jobs) <= 1:
            for job in jobs:
                yield render_segment(job, on_frames)
            return
        finished = False
        try:
            with _signals_deferred():  # submitting starts the workers
                pool = self._ensure_pool()
                futures: set[Future[SegmentResult]] = {pool.submit(_run_in_worker, job) for job in jobs}
            while futures:
                done, futures = wait(futures, timeout=_POLL_S, return_when=FIRST_COMPLETED)
                self._drain(on_frames)
                for future in done:
                    yield future.result()
            finished = True
        finally:
            if not finished:
                with _signals_deferred():  # a second Ctrl-C must not leave workers running
                    self._terminate()

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = _context()
            self._progress = context.Queue()
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker,
                                             initargs=(self._progress, os.getpid()))
        return self._pool

    def _drain(self, on_frames: ProgressCallback | None) -> None:
        count = 0
        try:
            while True:
                count += self._progress.get_nowait()
        except queue.Empty:
            pass
        if count and on_frames is not None:
            on_frames(count)

    def _terminate(self) -> None:
        """Stop now: kill the workers mid-job (their partial files are the
        caller's scratch to remove) and forget the pool."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # No public way to kill a ProcessPoolExecutor's workers before 3.14.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join()
        self._close_progress()

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.cancel_join_thread()
            self._progress.close()
            self._progress = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._close_progress()

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
