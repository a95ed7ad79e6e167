"""The segment cache: names, atomic puts, least-recently-used eviction, scratch cleanup."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scenec.compiler.plan import CameraTrack, LayerPlan, Plan, Primitive, Segment, TransitionKind, TransitionPlan
from scenec.compiler.plan_io import segment_hash
from scenec.runtime.cache import CacheKey, SegmentCache, segment_hashes
from scenec.runtime.leftovers import pid_tag


def _key(digest: str = "ab12", local: tuple[int, int] | None = None) -> CacheKey:
    return CacheKey(digest, 64, 36, 24, "normal", ".mp4", local)


def _file(path: Path, size: int) -> Path:
    path.write_bytes(b"x" * size)
    return path


def test_names_say_what_the_pixels_depend_on() -> None:
    assert _key().filename == "ab12-64x36-24-normal.mp4"
    assert _key(local=(48, 96)).filename == "ab12-64x36-24-normal-f48-96.mp4"


def test_put_then_get_returns_the_file_and_a_miss_returns_none(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path / "segments")
    assert cache.get(_key()) is None
    scratch = cache.scratch()
    stored = cache.put(_key(), _file(scratch / "chunk.mp4", 10))
    assert stored == tmp_path / "segments" / "ab12-64x36-24-normal.mp4"
    assert stored.read_bytes() == b"x" * 10
    assert not (scratch / "chunk.mp4").exists()  # moved, not copied
    assert cache.get(_key()) == stored
    assert cache.get(_key("other")) is None


def test_get_marks_a_file_as_recently_used(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path, max_bytes=15)
    old = cache.put(_key("old"), _file(tmp_path / "a.tmp", 10))
    new = cache.put(_key("new"), _file(tmp_path / "b.tmp", 10))
    os.utime(old, (time.time() - 100, time.time() - 100))
    os.utime(new, (time.time() - 50, time.time() - 50))
    assert cache.get(_key("old")) == old  # now the newest
    assert cache.evict() == 1
    assert old.exists() and not new.exists()


def test_evict_drops_oldest_until_the_limit_but_never_kept_files(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path, max_bytes=25)
    paths = []
    for index in range(4):
        path = cache.put(_key(f"s{index}"), _file(tmp_path / f"{index}.tmp", 10))
        os.utime(path, (1000 + index, 1000 + index))
        paths.append(path)
    assert cache.evict(keep={paths[0]}) == 2
    assert [p.exists() for p in paths] == [True, False, False, True]
    assert cache.size_bytes() == 20


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_dead_renders_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    live = cache.scratch()  # this process's: kept however old
    os.utime(live, (time.time() - 7 * 3600, time.time() - 7 * 3600))
    dead_tag = pid_tag().replace(f"~{os.getpid()}~", f"~{_dead_pid()}~")
    dead = tmp_path / f".work-{dead_tag}abc"
    dead.mkdir()
    (dead / "chunk.mp4").write_bytes(b"half")
    dead_temp = tmp_path / f".{dead_tag}seg.mp4.x.tmp"
    dead_temp.write_bytes(b"half")
    untagged_old, untagged_new = tmp_path / ".work-old", tmp_path / ".work-new"
    untagged_old.mkdir()
    untagged_new.mkdir()
    os.utime(untagged_old, (time.time() - 7 * 3600, time.time() - 7 * 3600))
    cache.evict()
    assert live.exists() and untagged_new.exists()
    assert not dead.exists() and not dead_temp.exists() and not untagged_old.exists()
    assert cache.entries() == []  # scratch folders are not entries


def test_a_negative_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="zero or more bytes"):
        SegmentCache(tmp_path, max_bytes=-1)


def test_segment_hashes_equal_plan_io_segment_hash() -> None:
    def shot(name: str, start: int, end: int, shade: float) -> Segment:
        layer = LayerPlan("bg", Primitive.RECT, params=(("fill", (shade, 0.2, 0.3, 1.0)),))
        return Segment(name=name, start_frame=start, end_frame=end, camera=CameraTrack.still(64, 36), layers=(layer,))

    plan = Plan(width=64, height=36, fps=24, frames=40, seed=5,
                segments=(shot("a", 0, 10, 0.1), shot("b", 10, 20, 0.2), shot("c", 20, 30, 0.3), shot("d", 30, 40, 0.4)),
                transitions=(TransitionPlan(TransitionKind.CUT, 10, 10, "a", "b"),
                             TransitionPlan(TransitionKind.WIPE, 18, 22, "b", "c")))
    assert segment_hashes(plan) == tuple(segment_hash(plan, i) for i in range(4))
    assert len(set(segment_hashes(plan))) == 4
