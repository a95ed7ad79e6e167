"""Workers die with their render: `kill -9` of the `scenec render` process alone (not its group) stops
its worker processes (local pool and Dask's local cluster), and the next render removes what the
killed one left in the cache."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="walks the process tree in /proc")

FILM = """scene "Long" {
  size 640x360
  fps 24
  shot one 40s {
    layer sky: gradient(from: navy, to: black)
    layer dots: particles(kind: stars, count: 400, color: #ffffff, size: 0.4%)
    layer moon: circle(at: (30%, 50%), radius: 10%, fill: #f6efd2, glow: 0.6)
    animate moon.at to (70%, 40%) over 40s
  }
}
"""
CAP_S = 90.0  # a generous bound on polling, not a speed requirement


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _poll(condition, cap_s: float = CAP_S) -> bool:
    deadline = time.monotonic() + cap_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _start(tmp_path: Path, *flags: str) -> tuple[subprocess.Popen, Path]:
    film = tmp_path / "long.scene"
    film.write_text(FILM)
    env = {**os.environ, "SCENEC_HOME": str(tmp_path / "home"), "SCENEC_NO_RECORD": "1"}
    render = subprocess.Popen([sys.executable, "-m", "scenec.cli", "render", str(film), "--no-audio", *flags],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return render, film


def _kill_and_watch(render: subprocess.Popen, workers_needed: int) -> set[int]:
    started = _poll(lambda: len(_descendants(render.pid)) >= workers_needed or render.poll() is not None)
    workers = _descendants(render.pid)
    assert started and render.poll() is None, "the render ended before its workers could be seen"
    time.sleep(1.0)  # let them draw
    workers |= _descendants(render.pid)
    os.kill(render.pid, signal.SIGKILL)  # the process alone, not its group
    render.wait()
    assert _poll(lambda: not any(_alive(pid) for pid in workers)), \
        f"workers still running: {[pid for pid in workers if _alive(pid)]}"
    return workers


def test_local_workers_stop_when_the_render_is_killed_and_the_next_render_cleans_up(tmp_path):
    render, film = _start(tmp_path, "--workers", "2")
    _kill_and_watch(render, workers_needed=3)  # the forkserver and two workers (and a resource tracker)
    cache = tmp_path / "home" / "cache" / "segments"
    left = [p for p in cache.iterdir() if p.name.startswith(".")] if cache.is_dir() else []
    assert left, "the killed render left no scratch folder to clean up; the test proves nothing"
    again = tmp_path / "tiny.scene"
    again.write_text('scene { size 32x18\n fps 4\n shot 1s { layer bg: gradient(from: navy, to: black) } }\n')
    env = {**os.environ, "SCENEC_HOME": str(tmp_path / "home"), "SCENEC_NO_RECORD": "1"}
    done = subprocess.run([sys.executable, "-m", "scenec.cli", "render", str(again), "--no-audio", "--workers", "1",
                           "--quiet"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not [p for p in left if p.exists()]
    assert not list(film.parent.glob(".long.partial-*"))


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="the dask extra is not installed")
def test_dask_local_cluster_stops_when_the_render_is_killed(tmp_path):
    render, _ = _start(tmp_path, "--executor", "dask", "--workers", "2")
    _kill_and_watch(render, workers_needed=3)  # the cluster's process, its nannies and their workers
