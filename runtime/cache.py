"""The render cache: finished segment files kept in the data directory, verified before use.

A segment's file is named by everything its pixels depend on,
`<segment_hash>-<W>x<H>-<fps>-<quality>.<ext>`, with `-f<A>-<B>` added when
only local frames [A, B) of the segment were rendered (a film split into
chunks, or clipped by `--frames`). An edit changes only the hashes of the
segments it touches, so re-rendering redoes only those. The hash also covers
the renderer itself (`renderer_key`: the runtime's files and the versions of
PyAV and its codec libraries), so a segment drawn or encoded by another
version of scenec is never joined with this one's.

Each file has a seal beside it, `<name>.sum`: the SHA-256 and length of its
bytes and the name (hence the plan part's hash) it was made for. `put`
writes the seal, then moves the file in, each by `os.replace` from the same
file system, so a reader sees a whole file or none; `get` returns a file
only when its seal matches it, and otherwise discards both (zero length,
garbage, a flipped bit, a file swapped with another entry's, a missing
seal) and calls `note` with one line, so the caller renders it afresh: the
cache heals instead of failing every later render.

The cache is bounded: `evict` removes the least recently used files (by
mtime, which `get` refreshes) beyond `max_bytes`. Scratch folders and
temporary files are named with the pid of the process that made them;
those of a process that is gone (a render killed outright) are removed by
the next render (`remove_leftovers`), and unmarked or foreign ones after
`_STALE_SCRATCH_S`. The caller passes the folder in; this module never
looks at the environment.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenec.compiler.plan import Plan
from scenec.compiler.plan_io import to_dict
from scenec.runtime.leftovers import owner_is_gone, pid_tag

__all__ = ["DEFAULT_MAX_BYTES", "CacheKey", "SegmentCache", "segment_hashes"]

DEFAULT_MAX_BYTES = 2 * 1024**3
# A scratch folder this old, whose owner cannot be asked (another machine sharing the cache, or a name
# without a pid), belongs to a render that was killed outright.
_STALE_SCRATCH_S = 6 * 3600
_SCRATCH_PREFIX = ".work-"
_SEAL_SUFFIX = ".sum"
_HASH_BLOCK = 1024 * 1024


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def renderer_key() -> str:
    """What a segment's bytes depend on besides its plan part: the text of every runtime file
    (drawing, grading, encoding, the bundled fonts) and PyAV's and its libraries' versions."""
    import av  # the render path has it loaded already

    digest = hashlib.sha256(json.dumps([av.__version__, sorted(av.library_versions.items())]).encode())
    root = Path(__file__).resolve().parent
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


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
    """Segment files under `root` (typically `<data dir>/cache/segments`); `note(line)` hears of each
    entry discarded because it did not match its seal."""

    def __init__(self, root: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES,
                 note: Callable[[str], None] | None = None) -> None:
        if max_bytes < 0:
            raise ValueError(f"the cache size limit must be zero or more bytes, got {max_bytes}")
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.note = note

    def path(self, key: CacheKey) -> Path:
        return self.root / key.filename

    def get(self, key: CacheKey) -> Path | None:
        """The cached file for `key`, verified against its seal and marked as just used, or None
        (a miss, or an entry that did not match and was discarded)."""
        path = self.path(key)
        try:
            os.utime(path)
        except FileNotFoundError:
            return None
        problem = self._check(key, path)
        if problem is None:
            return path
        self._discard(path)
        if self.note is not None:
            self.note(f"cached segment {key.filename} {problem}; discarded, rendering it again")
        return None

    def _check(self, key: CacheKey, path: Path) -> str | None:
        """Why the file at `path` is not what `key` names, or None when it is."""
        try:
            seal = json.loads(_seal(path).read_text(encoding="utf-8"))
            expected = (seal["name"], seal["plan"], seal["sha256"], seal["bytes"])
        except FileNotFoundError:
            return "has no checksum"
        except (OSError, ValueError, TypeError, KeyError, UnicodeDecodeError):
            return "has an unreadable checksum"
        if expected[:2] != (key.filename, key.segment_hash):
            return "carries another segment's checksum"
        try:
            digest, size = _sha256(path)
        except OSError as error:
            return f"cannot be read ({error.strerror or error})"
        if size != expected[3]:
            return f"is {size} bytes, not the {expected[3]} it was written with"
        if digest != expected[2]:
            return "does not match its checksum"
        return None

    def _discard(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        _seal(path).unlink(missing_ok=True)

    def put(self, key: CacheKey, source: str | os.PathLike[str]) -> Path:
        """Seal a finished file and move it into the cache atomically; returns its cache path.

        `source` should live on the cache's file system (see `scratch`);
        otherwise it is copied to a temporary name first.
        """
        target = self.path(key)
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = _sha256(Path(source))
        seal = {"name": key.filename, "plan": key.segment_hash, "sha256": digest, "bytes": size}
        self._write_atomically(_seal(target), json.dumps(seal).encode("utf-8"))
        try:
            os.replace(source, target)
        except OSError:
            # Another file system: copy beside the target, then rename.
            fd, temp = tempfile.mkstemp(prefix=f".{pid_tag()}{target.name}.", suffix=".tmp", dir=self.root)
            os.close(fd)
            try:
                shutil.copyfile(source, temp)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
            Path(source).unlink(missing_ok=True)
        return target

    def _write_atomically(self, path: Path, data: bytes) -> None:
        fd, temp = tempfile.mkstemp(prefix=f".{pid_tag()}{path.name}.", suffix=".tmp", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def scratch(self) -> Path:
        """A fresh private folder inside the cache for segments being encoded;
        the caller removes it (`shutil.rmtree`) when the render ends."""
        self.root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=_SCRATCH_PREFIX + pid_tag(), dir=self.root))

    def entries(self) -> list[Path]:
        """Cached segment files, oldest use first."""
        if not self.root.is_dir():
            return []
        files = []
        for entry in os.scandir(self.root):
            if entry.is_file() and not entry.name.startswith(".") and not entry.name.endswith(_SEAL_SUFFIX):
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
            self._discard(path)
            total -= size
            removed += 1
        return removed

    def _remove_stale_scratch(self) -> None:
        self.remove_leftovers()

    def remove_leftovers(self) -> int:
        """Remove the scratch folders and temporary files of renders that are gone (their pid has
        exited, or, when that cannot be told, they are older than `_STALE_SCRATCH_S`); returns how many."""
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - _STALE_SCRATCH_S
        removed = 0
        for entry in os.scandir(self.root):
            if not entry.name.startswith("."):
                continue
            prefix = _SCRATCH_PREFIX if entry.name.startswith(_SCRATCH_PREFIX) else "."
            gone = owner_is_gone(entry.name, prefix)
            try:
                if gone is False or (gone is None and entry.stat().st_mtime >= cutoff):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                elif entry.name.endswith(".tmp"):
                    os.unlink(entry.path)
                else:
                    continue
            except FileNotFoundError:
                continue
            removed += 1
        return removed


def _seal(path: Path) -> Path:
    return path.with_name(path.name + _SEAL_SUFFIX)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
