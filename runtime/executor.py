"""Executors: where the segments of a render are drawn and encoded.

A `SegmentJob` names a run of film frames, the size and quality, and the
file to encode them into; `render_segment` does one job. An `Executor`
turns a list of jobs into results (`map_segments`, in completion order)
and can be closed, so a Dask executor can stand beside `LocalExecutor`,
which runs jobs on threads of the calling process or in a process pool
(`runtime.worker_process`: how workers start, and how they die with the
render).

Inside a job a thread draws frames ahead of the encoder through a small
queue, so drawing overlaps encoding (both release the GIL for their heavy
parts). Progress comes back to the thread that called `map_segments`:
from pool workers over a queue, from job threads through one. Job failures
come back as `SegmentError` (bad input, a ValueError) or `WorkerCrash` (a
bug), both with plain picklable messages.

How many jobs run at once, and where, is `local_layout`'s rule (see
there); every encoder runs on one thread (`encode.ENCODER_THREADS`), so the
layout never shows in the bytes.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol


from scenec.compiler.plan import Plan
from scenec.runtime.encode import encode_segment
from scenec.runtime.frame import FrameRenderer
from scenec.runtime.raster import FrameUpdate
from scenec.runtime.worker_process import die_with_parent, pool_context, signals_deferred

__all__ = [
    "Executor", "Layout", "LocalExecutor", "ProgressCallback", "SegmentError", "SegmentJob", "SegmentResult",
    "WorkerCrash", "die_with_parent", "local_layout", "render_segment",
]

# Frames drawn ahead of the encoder inside a job; each is W*H*3 bytes.
_PREFETCH_FRAMES = 4
_POLL_S = 0.05

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


@dataclass(frozen=True, slots=True)
class Layout:
    """How a `LocalExecutor` runs jobs: `processes` at once, each running `threads` jobs at once.
    One process is the caller's own: no pool is started."""

    processes: int
    threads: int

    @property
    def at_once(self) -> int:
        return self.processes * self.threads


# At most this many jobs run as threads of the render's own process when no worker count is
# given. Measured on 2 cores (benchmarks/profile.md, round 5): two jobs on threads of one
# process beat both one job at a time and two pool workers, which pay the pool's start-up (a
# forkserver importing the runtime, then each worker); PyAV releases the GIL to encode and
# convert, numpy for most drawing. More cores than this were not measured: they keep a pool.
_THREADS_IN_PROCESS = 2


def usable_cores() -> int:
    """The CPUs this process may run on (a container's or `taskset`'s share, not the machine's)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def local_layout(workers: int | None = None, cores: int | None = None) -> Layout:
    """Where jobs run. Given `workers`, that many processes of one job each (one: the caller's
    own process, a job at a time). Otherwise one job per core, each encoder being one thread:
    on up to `_THREADS_IN_PROCESS` cores as threads of the caller's process, else a pool of one
    process per core."""
    if workers is not None:
        if workers < 1:
            raise ValueError(f"workers must be 1 or more, got {workers}")
        return Layout(workers, 1)
    cores = max(1, cores or usable_cores())
    return Layout(1, cores) if cores <= _THREADS_IN_PROCESS else Layout(cores, 1)


class _Stopped(BaseException):
    """Raised in a job thread to stop its job: passes `render_segment`'s handlers like Ctrl-C."""


def _in_threads(jobs: Sequence[SegmentJob], threads: int,
                on_frames: ProgressCallback | None) -> Iterator[SegmentResult]:
    """Jobs on `threads` threads of this process, results as they finish. Progress reaches
    `on_frames` on the caller's thread; closing early stops every job at its next frame."""
    stop = threading.Event()
    counts: queue.SimpleQueue[int] = queue.SimpleQueue()

    def report(frames: int) -> None:
        if stop.is_set():
            raise _Stopped
        counts.put(frames)

    def drain() -> None:
        count = 0
        while not counts.empty():
            count += counts.get()  # this thread is the only reader
        if count and on_frames is not None:
            on_frames(count)

    pool = ThreadPoolExecutor(threads, thread_name_prefix="segment")
    try:
        futures: set[Future[SegmentResult]] = {pool.submit(render_segment, job, report) for job in jobs}
        while futures:
            done, futures = wait(futures, timeout=_POLL_S, return_when=FIRST_COMPLETED)
            drain()
            for future in done:
                yield future.result()
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)


class LocalExecutor:
    """Jobs on this machine as `local_layout(workers)` places them (or as `layout` says): on
    threads of this process, or in a pool of processes. The pool starts on first use and is
    kept until `close()`, so repeated renders (watch mode) reuse warm workers."""

    def __init__(self, workers: int | None = None, *, layout: Layout | None = None) -> None:
        in_process = layout is not None and layout.processes == 1 and layout.threads >= 1
        pooled = layout is not None and layout.processes > 1 and layout.threads == 1  # a worker: a job at a time
        if layout is not None and not (in_process or pooled):
            raise ValueError(f"a layout is one process of 1 or more threads, or processes of one thread each, "
                             f"got {layout}")
        self.layout = layout or local_layout(workers)
        self.workers = self.layout.processes
        self._pool: ProcessPoolExecutor | None = None
        self._progress: Any = None

    def map_segments(self, jobs: Sequence[SegmentJob],
                     on_frames: ProgressCallback | None = None) -> Iterator[SegmentResult]:
        jobs = list(jobs)
        if self.workers == 1 or len(jobs) <= 1:
            if self.layout.threads > 1 and len(jobs) > 1:
                yield from _in_threads(jobs, min(self.layout.threads, len(jobs)), on_frames)
                return
            for job in jobs:
                yield render_segment(job, on_frames)
            return
        finished = False
        try:
            with signals_deferred():  # submitting starts the workers
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
                with signals_deferred():  # a second Ctrl-C must not leave workers running
                    self._terminate()

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = pool_context()
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
