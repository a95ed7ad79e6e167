"""The render cache: finished segment files kept in the data directory.

A segment's file is named by everything its pixels depend on,
`<segment_hash>-<W>x<H>-<fps>-<quality>.<ext>`, with `-f<A>-<B>` added when
only local frames [A, B) of the segment were rendered (a film split into
chunks, or clipped by `--frames`). An edit changes only the hashes of the
segments it touches, so re-rendering redoes only those.

Files enter the cache by `os.replace` from a scratch folder on the same
file system, so a reader sees a whole file or none. The cache is bounded:
`evict` removes the least recently used files (by mtime, which `get`
refreshes) beyond `max_bytes`, and scratch folders that an earlier killed
render left behind. The caller passes the folder in; this module never
looks at the environment.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenec.compiler.plan import Plan
from scenec.compiler.plan_io import to_dict

__all__ = ["DEFAULT_MAX_BYTES", "CacheKey", "SegmentCache", "segment_hashes"]

DEFAULT_MAX_BYTES = 2 * 1024**3
# A scratch folder this old belongs to a render that was killed outright.
_STALE_SCRATCH_S = 6 * 3600
_SCRATCH_PREFIX = ".work-"


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def segment_hashes(plan: Plan) -> tuple[str, ...]:
    """`plan_io.segment_hash(plan, i)` for every segment, serialising the plan
    once: calling segment_hash per segment is quadratic in the number of
    shots (15 s for 300). Tests hold the two equal."""
    data = to_dict(plan)
    by_name = {segment.name: raw for segment, raw in zip(plan.segments, data["segments"])}
    common = {"version": data["version"], "size": [plan.width, plan.height], "fps": plan.fps, "seed": plan.seed,
              "background": data["background"]}
    hashes = []
    for segment, raw in zip(plan.segments, data["segments"]):
        touching = [(t, raw_t) for t, raw_t in zip(plan.transitions, data["transitions"])
                    if segment.name in (t.from_segment, t.to_segment)]
        neighbours = sorted({name for t, _ in touching if t.start_frame != t.end_frame
                             for name in (t.from_segment, t.to_segment) if name != segment.name})
        hashes.append(_digest({**common, "segment": raw, "transitions": [r for _, r in touching],
                               "neighbours": [by_name[name] for name in neighbours]}))
    return tuple(hashes)


@dataclass(frozen=True, slots=True)
class CacheKey:
    """What names one cached segment file."""

    segment_hash: str
    width: int
    height: int
    fps: int
    quality: str  # "lossless" for FFV1 segments, whose quality setting does nothing
    suffix: str  # ".mp4", ".webm" or ".mkv"
    local_range: tuple[int, int] | None = None  # None: the whole segment

    @property
    def filename(self) -> str:
        name = f"{self.segment_hash}-{self.width}x{self.height}-{self.fps}-{self.quality}"
        if self.local_range is not None:
            name += f"-f{self.local_range[0]}-{self.local_range[1]}"
        return name + self.suffix


class SegmentCache:
    """Segment files under `root` (typically `<data dir>/cache/segments`)."""

    def __init__(self, root: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes < 0:
            raise ValueError(f"the cache size limit must be zero or more bytes, got {max_bytes}")
        self.root = Path(root)
        self.max_bytes = max_bytes

    def path(self, key: CacheKey) -> Path:
        return self.root / key.filename

    def get(self, key: CacheKey) -> Path | None:
        """The cached file for `key`, marked as just used, or None."""
        path = self.path(key)
        try:
            os.utime(path)
        except FileNotFoundError:
            return None
        return path

    def put(self, key: CacheKey, source: str | os.PathLike[str]) -> Path:
        """Move a finished file into the cache atomically; returns its cache path.

        `source` should live on the cache's file system (see `scratch`);
        otherwise it is copied to a temporary name first.
        """
        target = self.path(key)
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, target)
        except OSError:
            # Another file system: copy beside the target, then rename.
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=self.root)
            os.close(fd)
            try:
                shutil.copyfile(source, temp)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
            Path(source).unlink(missing_ok=True)
        return target

    def scratch(self) -> Path:
        """A fresh private folder inside the cache for segments being encoded;
        the caller removes it (`shutil.rmtree`) when the render ends."""
        self.root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=_SCRATCH_PREFIX, dir=self.root))

    def entries(self) -> list[Path]:
        """Cached segment files, oldest use first."""
        if not self.root.is_dir():
            return []
        files = []
        for entry in os.scandir(self.root):
            if entry.is_file() and not entry.name.startswith("."):
                try:
                    files.append((entry.stat().st_mtime, entry.name, Path(entry.path)))
                except FileNotFoundError:  # evicted by another render meanwhile
                    continue
        return [path for _, _, path in sorted(files)]

    def size_bytes(self) -> int:
        return sum(_size(path) for path in self.entries())

    def evict(self, keep: frozenset[Path] | set[Path] = frozenset()) -> int:
        """Drop least recently used files until the cache fits `max_bytes`,
        never those in `keep`; returns the number of files removed."""
        self._remove_stale_scratch()
        entries = self.entries()
        total = sum(_size(path) for path in entries)
        removed = 0
        for path in entries:
            if total <= self.max_bytes:
                break
            if path in keep:
                continue
            size = _size(path)
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed

    def _remove_stale_scratch(self) -> None:
        if not self.root.is_dir():
            return
        cutoff = time.time() - _STALE_SCRATCH_S
        for entry in os.scandir(self.root):
            if entry.name.startswith(_SCRATCH_PREFIX) and entry.is_dir():
                try:
                    if entry.stat().st_mtime < cutoff:
                        shutil.rmtree(entry.path, ignore_errors=True)
                except FileNotFoundError:
                    continue


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
