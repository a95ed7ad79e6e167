"""Render a plan into a video file: split, draw in parallel, cache, join.

`render_film(plan, options)` splits the film's frames (or the `frames`
range of the options) along its segments, and each segment into chunks of
`CHUNK_S` seconds counted from the segment's start, so a long shot still
spreads over every worker and chunk boundaries stay put when other shots
change. Each chunk is a `SegmentJob`: found in the `SegmentCache` when
one is given (and its checksum holds), else drawn and encoded by the
`Executor`. A job carries only its part of the plan (`plan_part`: its
segment and the neighbours it blends with; the rest of the film collapses
into empty stand-ins), so the work sent to a process or a cluster does not
grow with the film. Finished chunks are
joined in film order without re-encoding (`encode.join_segments`) together
with the soundtrack, which is mixed block by block (`soundtrack_blocks`) on a
thread a few blocks ahead of the join. Frames and sound stream: nothing holds
more than a few frames or sound blocks at a time, however long the film.

The output appears only when complete: chunks go to a scratch folder that
is removed at the end whatever happens, and the join writes a temporary
file that is renamed into place. Both are named with the render's pid
(`runtime.leftovers`), so a render killed outright (SIGKILL: no cleanup
runs) has its leftovers removed by the next render. During a render in the main thread,
SIGTERM raises `RenderCancelled` (a KeyboardInterrupt), so `kill` cleans up
as Ctrl-C does, workers included.

`render_still(plan, frame, path)` (`runtime.still`, re-exported) writes one
frame as a PNG, atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from scenec.compiler.plan import Plan, Primitive
from scenec.runtime.cache import DEFAULT_MAX_BYTES, CacheKey, SegmentCache, renderer_key, segment_hashes
from scenec.runtime.encode import QUALITIES, join_segments, output_format, segment_suffix
from scenec.runtime.executor import Executor, LocalExecutor, SegmentJob
from scenec.runtime.plan_part import plan_part
from scenec.runtime.leftovers import (
    RENDER_TEMP_PREFIX, pid_tag, remove_dead_beside, remove_dead_render_temps,
)
from scenec.runtime.raster import RasterError
from scenec.runtime.raster.image import asset_path
from scenec.runtime.soundtrack import SAMPLE_RATE, soundtrack_blocks
from scenec.runtime.still import RenderError, render_still

__all__ = [
    "CHUNK_S", "RenderCancelled", "RenderError", "RenderOptions", "RenderResult", "cancel_on_sigterm",
    "plan_part", "render_film", "render_still",
]

# Chunk length: long enough that per-chunk start-up (a keyframe, a renderer)
# is noise, short enough that a single long shot still uses every core.
CHUNK_S = 2.0

ProgressFn = Callable[[int, int], None]  # (frames done, frames in total)


class RenderCancelled(KeyboardInterrupt):
    """The render was stopped by SIGTERM; handled like Ctrl-C."""


@dataclass(frozen=True, slots=True)
class RenderOptions:
    output: Path
    size: tuple[int, int] | None = None  # None: the plan's own
    quality: str = "normal"
    frames: tuple[int, int] | None = None  # film frames [A, B); None: the whole film
    audio: bool = True
    cache_dir: Path | None = None  # None: no cache, chunks go to a temporary folder
    cache_max_bytes: int = DEFAULT_MAX_BYTES
    assets_root: Path | None = None  # where image layers' files are found


@dataclass(frozen=True, slots=True)
class RenderResult:
    output: Path
    frames: int
    width: int
    height: int
    fps: int  # the film's frame rate
    seconds: float  # wall time of the whole render
    chunks: int
    cached_chunks: int
    rendered_chunks: int
    audio: bool
    first_frame: int = 0

    @property
    def frames_per_second(self) -> float:
        """Frames rendered per second of wall time (cached ones included)."""
        return self.frames / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "output": str(self.output),
            "frames": self.frames,
            "first_frame": self.first_frame,
            "width": self.width,
            "height": self.height,
            "fps": self.fps,
            "seconds": round(self.seconds, 3),
            "render_fps": round(self.frames_per_second, 2),
            "chunks": self.chunks,
            "cached_chunks": self.cached_chunks,
            "rendered_chunks": self.rendered_chunks,
            "audio": self.audio,
        }


@dataclass(frozen=True, slots=True)
class _Piece:
    """One chunk of the output: already cached (`cached`), or to render (`job`)."""

    key: CacheKey
    start_frame: int
    end_frame: int
    cached: Path | None = None
    job: SegmentJob | None = None


@dataclass(slots=True)
class _Tally:
    done: int = 0
    total: int = 0
    listeners: list[ProgressFn] = field(default_factory=list)

    def add(self, frames: int) -> None:
        self.done = min(self.total, self.done + frames)
        for listener in self.listeners:
            listener(self.done, self.total)


class _Prefetched:
    """Iterates `blocks` on a daemon thread, at most `depth` blocks ahead: the
    soundtrack is mixed while the chunks render and the join encodes, yet
    only a few blocks are ever held. `close()` stops the thread; a daemon
    thread also lets a cancelled render exit without waiting for it."""

    def __init__(self, blocks: Iterator[np.ndarray], depth: int = 2) -> None:
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(blocks,), name="soundtrack", daemon=True)
        self._thread.start()

    def _run(self, blocks: Iterator[np.ndarray]) -> None:
        try:
            for block in blocks:
                if not self._put(("block", block)):
                    return
        except BaseException as error:  # re-raised in the consumer's thread
            self._put(("error", error))
            return
        self._put(("end", None))

    def _put(self, item: tuple[str, Any]) -> bool:
        """False once the consumer has gone; polling, so a full queue cannot hold the thread forever."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[np.ndarray]:
        while True:
            kind, value = self._queue.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value

    def close(self) -> None:
        # Not joined: a block being mixed finishes on its own, and a cancelled render need not wait for it.
        self._stop.set()


@contextlib.contextmanager
def cancel_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM raises RenderCancelled in the main thread.
    Elsewhere (a TUI worker thread) signals cannot be caught; nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def cancel(signum: int, frame: object) -> None:
        raise RenderCancelled("stopped by SIGTERM")

    previous = signal.signal(signal.SIGTERM, cancel)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _output_size(plan: Plan, options: RenderOptions) -> tuple[int, int]:
    width, height = options.size or (plan.width, plan.height)
    if width <= 0 or height <= 0:
        raise RenderError(f"the frame size must be positive, got {width}x{height}")
    fmt = output_format(options.output)
    if fmt.even_size and (width % 2 or height % 2):
        raise RenderError(f"{fmt.suffix} video needs an even width and height, got {width}x{height}; "
                          "pass --size with even numbers or write .gif or .png")
    return width, height


def _frame_range(plan: Plan, options: RenderOptions) -> tuple[int, int]:
    first, end = options.frames or (0, plan.frames)
    if not 0 <= first < end <= plan.frames:
        raise RenderError(f"frames {first}:{end} are not a range inside the film, which has frames 0:{plan.frames}")
    return first, end


def _check_output(options: RenderOptions) -> None:
    output_format(options.output)  # the extension
    folder = options.output.parent
    if not folder.is_dir():
        raise RenderError(f"cannot write {options.output}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise RenderError(f"cannot write {options.output}: folder {folder} is not writable")
    if options.quality not in QUALITIES:
        raise RenderError(f"unknown quality {options.quality!r}: expected one of {', '.join(QUALITIES)}")


def _image_paths(plan: Plan, index: int) -> list[str]:
    """Files the image layers of segment `index`, and of neighbours it
    blends with, read (constant or keyed `path`)."""
    segment = plan.segments[index]
    names = {segment.name} | {
        name for t in plan.transitions if t.start_frame != t.end_frame and segment.name in (t.from_segment, t.to_segment)
        for name in (t.from_segment, t.to_segment)
    }
    paths = []
    for other in plan.segments:
        if other.name not in names:
            continue
        for layer in other.layers:
            if layer.primitive is Primitive.IMAGE:
                track = layer.track("path")
                values = [key.value for key in track.keys] if track is not None else [layer.param("path")]
                paths.extend(value for value in values if isinstance(value, str))
    return sorted(set(paths))


def _cache_hash(plan: Plan, index: int, digest: str, assets_root: Path | None) -> str:
    """The segment's hash, plus the renderer's (`renderer_key`) and the bytes of the image files
    it shows: the plan names them only, and an edited picture must not hit the cache."""
    combined = hashlib.sha256(digest.encode() + b"\0" + renderer_key().encode())
    images = _image_paths(plan, index)
    for name in images:
        combined.update(b"\0" + name.encode())
        try:
            path = asset_path(None if assets_root is None else os.fspath(assets_root), name)
            combined.update(hashlib.sha256(Path(path).read_bytes()).digest())
        except (OSError, RasterError):
            combined.update(b"missing")  # the renderer reports it
    return combined.hexdigest()


def _pieces(plan: Plan, options: RenderOptions, size: tuple[int, int], span: tuple[int, int],
            cache: SegmentCache | None, scratch: Path) -> list[_Piece]:
    suffix = segment_suffix(options.output)
    quality = "lossless" if suffix == ".mkv" else options.quality
    chunk = max(1, round(CHUNK_S * plan.fps))
    pieces = []
    hashes = segment_hashes(plan)
    for index, segment in enumerate(plan.segments):
        if segment.end_frame <= span[0] or segment.start_frame >= span[1]:
            continue
        digest = _cache_hash(plan, index, hashes[index], options.assets_root)
        part: tuple[Plan, int] | None = None  # made once per segment, only when a chunk must render
        for chunk_start in range(segment.start_frame, segment.end_frame, chunk):
            start = max(chunk_start, span[0])
            end = min(chunk_start + chunk, segment.end_frame, span[1])
            if start >= end:
                continue
            whole = (start, end) == (segment.start_frame, segment.end_frame)
            local = None if whole else (start - segment.start_frame, end - segment.start_frame)
            key = CacheKey(digest, size[0], size[1], plan.fps, quality, suffix, local)
            hit = cache.get(key) if cache is not None else None
            if hit is not None:
                pieces.append(_Piece(key, start, end, cached=hit))
                continue
            if part is None:
                part = plan_part(plan, index)
            job = SegmentJob(part[0], part[1], start, end, size[0], size[1], options.quality,
                             str(scratch / key.filename),
                             None if options.assets_root is None else str(options.assets_root))
            pieces.append(_Piece(key, start, end, job=job))
    return pieces


def _note_on_stderr(line: str) -> None:
    print(f"scenec: note: {line}", file=sys.stderr)


def remove_leftovers(output: Path, cache: SegmentCache | None) -> None:
    """What renders killed outright left: partial files beside `output`, scratch folders in the
    system's temporary folder and in the cache."""
    remove_dead_beside(output)
    remove_dead_render_temps()
    if cache is not None:
        cache.remove_leftovers()


def render_film(plan: Plan, options: RenderOptions, *, executor: Executor | None = None,
                progress: ProgressFn | None = None, note: Callable[[str], None] = _note_on_stderr) -> RenderResult:
    """Render `plan` into `options.output`; see the module docstring.

    `executor` defaults to a `LocalExecutor` (`executor.local_layout`'s rule:
    a segment per core at once), closed at the end; pass one to choose the
    worker count or to reuse warm workers.
    `progress(done, total)` is called from this thread as frames finish; an
    exception it raises (RenderCancelled, say) stops the render cleanly.
    `note(line)` hears of cache entries discarded because they did not match
    their checksum (default: a line on stderr).
    """
    started = time.perf_counter()
    _check_output(options)
    size = _output_size(plan, options)
    span = _frame_range(plan, options)
    fmt = output_format(options.output)
    cache = SegmentCache(options.cache_dir, options.cache_max_bytes, note) if options.cache_dir is not None else None
    remove_leftovers(options.output, cache)
    own_executor = executor is None
    executor = executor or LocalExecutor()
    with cancel_on_sigterm(), contextlib.ExitStack() as cleanup:
        scratch = cache.scratch() if cache is not None else Path(tempfile.mkdtemp(prefix=RENDER_TEMP_PREFIX + pid_tag()))
        cleanup.callback(shutil.rmtree, scratch, ignore_errors=True)
        if own_executor:
            cleanup.callback(executor.close)
        pieces = _pieces(plan, options, size, span, cache, scratch)
        tally = _Tally(total=span[1] - span[0], listeners=[progress] if progress else [])
        tally.add(sum(p.end_frame - p.start_frame for p in pieces if p.cached is not None))

        with_audio = options.audio and fmt.audio_codec is not None and bool(plan.audio)
        audio = None
        if with_audio:
            audio = _Prefetched(soundtrack_blocks(plan, span[0], span[1], SAMPLE_RATE))
            cleanup.callback(audio.close)

        paths: dict[CacheKey, Path] = {p.key: p.cached for p in pieces if p.cached is not None}
        jobs = [p.job for p in pieces if p.job is not None]
        keys = {p.job.path: p.key for p in pieces if p.job is not None}
        results = cleanup.enter_context(contextlib.closing(executor.map_segments(jobs, tally.add)))
        for result in results:
            done = Path(result.job.path)
            key = keys[result.job.path]
            paths[key] = cache.put(key, done) if cache is not None else done
        tally.add(tally.total)  # progress messages may trail their job's result

        join_segments([paths[p.key] for p in pieces], options.output, plan.fps,
                      audio=None if audio is None else iter(audio), sample_rate=SAMPLE_RATE,
                      quality=options.quality)
    if cache is not None:
        cache.evict(keep=set(paths.values()))
    return RenderResult(
        output=options.output, frames=span[1] - span[0], width=size[0], height=size[1], fps=plan.fps,
        seconds=time.perf_counter() - started, chunks=len(pieces),
        cached_chunks=sum(1 for p in pieces if p.cached is not None), rendered_chunks=len(jobs),
        audio=with_audio, first_frame=span[0],
    )
