"""Segment jobs: one in process, many in a pool; progress, failures, cancellation."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from scenec.compiler.plan import CameraTrack, Key, LayerPlan, Plan, Primitive, Segment, Track
from scenec.runtime.executor import (
    Layout, LocalExecutor, SegmentError, SegmentJob, _prefetched, local_layout, render_segment,
)
from scenec.runtime.frame import FrameRenderer

W, H, FPS = 64, 36, 24


def _plan(frames: int = 24, radius: object = 6.0) -> Plan:
    ball = LayerPlan("ball", Primitive.CIRCLE, params=(("radius", radius), ("fill", (1.0, 0.9, 0.2, 1.0))),
                     tracks=(Track("at", (Key(0, (8.0, 18.0)), Key(frames - 1, (56.0, 18.0)))),))
    bg = LayerPlan("bg", Primitive.GRADIENT, params=(("from", (0.9, 0.3, 0.1, 1.0)), ("to", (0.0, 0.0, 0.2, 1.0))))
    return Plan(width=W, height=H, fps=FPS, frames=frames, seed=1, segments=(
        Segment(name="shot", start_frame=0, end_frame=frames, camera=CameraTrack.still(W, H), layers=(bg, ball)),))


def _job(plan: Plan, start: int, end: int, path: Path) -> SegmentJob:
    return SegmentJob(plan, 0, start, end, W, H, "normal", str(path))


def _decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def test_render_segment_encodes_its_frames_and_reports_each(tmp_path: Path) -> None:
    plan, seen = _plan(), []
    result = render_segment(_job(plan, 4, 16, tmp_path / "s.mkv"), seen.append)
    assert result.frames == 12 and sum(seen) == 12 and result.seconds > 0
    frames = _decode(tmp_path / "s.mkv")  # FFV1 is lossless: exactly the renderer's frames
    renderer = FrameRenderer(plan)
    assert len(frames) == 12
    for offset, frame in enumerate(frames):
        np.testing.assert_array_equal(frame, renderer.render(4 + offset))


def test_pool_threads_and_in_process_give_identical_files(tmp_path: Path) -> None:
    plan = _plan(48)
    spans = [(0, 16), (16, 32), (32, 48)]
    outputs = {}
    for layout in (Layout(1, 1), Layout(2, 1), Layout(1, 2)):
        name = f"{layout.processes}x{layout.threads}"
        jobs = [_job(plan, a, b, tmp_path / f"{name}-{a}.mkv") for a, b in spans]
        counted: list[int] = []
        with LocalExecutor(layout=layout) as executor:
            results = list(executor.map_segments(jobs, counted.append))
        assert sorted(r.job.start_frame for r in results) == [0, 16, 32]
        assert sum(counted) <= 48  # progress may trail results; never overcounts
        outputs[name] = [_decode(tmp_path / f"{name}-{a}.mkv") for a, _ in spans]
    for name in ("2x1", "1x2"):
        for one, other in zip(outputs["1x1"], outputs[name]):
            assert len(one) == len(other) == 16
            assert all(np.array_equal(x, y) for x, y in zip(one, other))


def test_threads_report_every_frame_on_the_callers_thread(tmp_path: Path) -> None:
    import threading

    plan = _plan(48)
    jobs = [_job(plan, a, a + 12, tmp_path / f"{a}.mkv") for a in range(0, 48, 12)]
    callers: set[str] = set()
    counted: list[int] = []

    def count(frames: int) -> None:
        callers.add(threading.current_thread().name)
        counted.append(frames)

    with LocalExecutor(layout=Layout(1, 2)) as executor:
        results = list(executor.map_segments(jobs, count))
    assert len(results) == 4 and callers <= {threading.current_thread().name}
    assert sum(counted) <= 48 and sum(r.frames for r in results) == 48


def test_closing_the_results_early_stops_the_threads(tmp_path: Path) -> None:
    import threading

    plan = _plan(1200)
    spans = [(0, 4), (4, 1200), (0, 1200)]  # the short job finishes first, long before the others could
    jobs = [_job(plan, a, b, tmp_path / f"{n}.mp4") for n, (a, b) in enumerate(spans)]
    before = threading.active_count()
    results = LocalExecutor(layout=Layout(1, 2)).map_segments(jobs)
    next(results)
    results.close()  # the running jobs stop at their next frame, a pending one never starts
    assert threading.active_count() == before
    files = [p.name for p in tmp_path.iterdir()]
    assert "0.mp4" in files and len(files) < len(jobs) and not [name for name in files if name.startswith(".")]


@pytest.mark.parametrize(("workers", "cores", "layout"), [
    (None, 1, Layout(1, 1)), (None, 2, Layout(1, 2)), (None, 3, Layout(3, 1)), (None, 16, Layout(16, 1)),
    (1, 2, Layout(1, 1)), (2, 2, Layout(2, 1)), (5, 2, Layout(5, 1)),
])
def test_layout_rule(workers: int | None, cores: int, layout: Layout) -> None:
    assert local_layout(workers, cores) == layout


def test_a_layout_is_threads_in_one_process_or_processes_of_one_thread() -> None:
    with pytest.raises(ValueError, match="one process"):
        LocalExecutor(layout=Layout(2, 2))
    with pytest.raises(ValueError, match="one process"):
        LocalExecutor(layout=Layout(1, 0))


@pytest.mark.parametrize("layout", [Layout(1, 1), Layout(2, 1), Layout(1, 2)], ids=str)
def test_a_job_that_cannot_draw_fails_with_the_segment_named(tmp_path: Path, layout: Layout) -> None:
    plan = _plan(radius="big")
    jobs = [_job(plan, 0, 12, tmp_path / "a.mkv"), _job(plan, 12, 24, tmp_path / "b.mkv")]
    with LocalExecutor(layout=layout) as executor, pytest.raises(SegmentError, match=r"segment 'shot' \(frames .*radius"):
        list(executor.map_segments(jobs))
    assert not list(tmp_path.iterdir())  # encode_segment wrote nothing


def test_closing_the_results_early_stops_the_pool(tmp_path: Path) -> None:
    plan = _plan(48)
    jobs = [_job(plan, a, a + 12, tmp_path / f"{a}.mp4") for a in range(0, 48, 12)]
    executor = LocalExecutor(2)
    results = executor.map_segments(jobs)
    next(results)
    processes = list(executor._pool._processes.values())
    results.close()
    assert executor._pool is None
    assert all(not p.is_alive() for p in processes)
    executor.close()


def test_prefetch_passes_frames_in_order_and_reraises_errors() -> None:
    assert list(_prefetched(iter(range(10)), depth=2)) == list(range(10))

    def broken():
        yield 1
        raise ValueError("no more")

    with pytest.raises(ValueError, match="no more"):
        list(_prefetched(broken()))


def test_worker_count_must_be_positive() -> None:
    with pytest.raises(ValueError, match="1 or more"):
        LocalExecutor(0)
