"""The same plan gives the same bytes on any machine: encoders run on a fixed thread count, so
neither the CPUs a process may use (taskset, a container, a Dask worker) nor the number of
render workers shows in the film."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCENE = """scene {
  size 160x90
  fps 12
  audio tone 440Hz volume -20dB
  shot a 2s {
    layer sky: gradient(from: navy, to: #ff7e5f, angle: 90deg)
    layer ball: circle(at: (20%, 50%), radius: 12%, fill: gold) motion wander(radius: 5%)
    animate ball.at to (80%, 40%) over 2s ease in-out-sine
    camera pan right 10%
  }
  transition dissolve 0.5s
  shot b 2s {
    layer sky: noise(kind: clouds, colors: [#203050, #a0b0d0])
    layer box: rect(at: (50%, 60%), size: (30%, 20%), fill: teal) motion float(amount: 4%)
  }
}
"""


def _render(tmp_path: Path, name: str, cpus: set[int], workers: int | None) -> str:
    out = tmp_path / name
    env = {**os.environ, "SCENEC_HOME": str(tmp_path / f"home-{name}"), "SCENEC_NO_RECORD": "1"}
    probe = "import os; print(len(os.sched_getaffinity(0)))"  # what the render's processes will see
    seen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          preexec_fn=lambda: os.sched_setaffinity(0, cpus)).stdout
    assert int(seen) == len(cpus)
    subprocess.run([sys.executable, "-m", "scenec.cli", "render", str(tmp_path / "film.scene"), "-o", str(out),
                    "--no-cache", "--quiet", *([] if workers is None else ["--workers", str(workers)])],
                   env=env, check=True, timeout=600, preexec_fn=lambda: os.sched_setaffinity(0, cpus))
    return hashlib.sha256(out.read_bytes()).hexdigest()


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs os.sched_setaffinity (Linux)")
@pytest.mark.parametrize("suffix", [".mp4", ".webm"])
def test_one_cpu_and_all_cpus_give_the_same_film(suffix: str, tmp_path: Path) -> None:
    (tmp_path / "film.scene").write_text(SCENE)
    every = os.sched_getaffinity(0)
    if len(every) < 2:
        pytest.skip("this process may use one CPU only: one CPU and all CPUs would be the same run")
    one = {min(every)}
    films = {_render(tmp_path, f"one{suffix}", one, 1), _render(tmp_path, f"all{suffix}", every, 2),
             _render(tmp_path, f"all-one-worker{suffix}", every, 1),
             _render(tmp_path, f"all-default{suffix}", every, None)}  # on 2 cores: threads of one process
    assert len(films) == 1


@pytest.mark.parametrize("size", [(64, 36), (320, 180), (480, 270), (854, 480)])
def test_frames_encode_to_the_same_bytes_every_time(size: tuple[int, int], tmp_path: Path) -> None:
    # x264's macroblock tree reads memory it never wrote (first seen at 64x36, then at 320x180,
    # 480x270 and 854x480, not at 640x360 or 1280x720), so the sunset's second shot encoded to
    # different bytes from run to run; the heap is stirred between frames so that the stale bytes
    # differ from run to run.
    from scenec.api import compile_file
    from scenec.runtime.encode import encode_segment
    from scenec.runtime.frame import FrameRenderer

    plan, _ = compile_file(str(Path(__file__).parents[2] / "examples" / "sunset.scene"))
    renderer = FrameRenderer(plan, size=size)
    frames = [renderer.render(frame) for frame in range(150, 210)]

    def stirred():
        for frame in frames:
            junk = [os.urandom(50_000) for _ in range(20)]
            del junk
            yield frame

    digests = set()
    for run in range(4):
        path = tmp_path / f"run{run}.mp4"
        encode_segment(path, stirred(), *size, 30)
        digests.add(hashlib.sha256(path.read_bytes()).hexdigest())
    assert len(digests) == 1
