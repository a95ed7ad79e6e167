"""Render speed side by side, and a memory check: `python benchmarks/render_speed.py [--quick]`.

One film, built by hand from plan classes: 10 s at 1280x720 and 30 fps,
two shots with gradients and a moving anti-aliased circle, joined by a 1 s
dissolve. It is made three ways in one run:

- scenec: the whole pipeline (`render_film`, every core, no cache);
- the encode floor: the same frames drawn into memory first, then only
  encoded by `runtime.encode` with the same settings (timed on the first
  `--floor-frames` frames and scaled to the film);
- MoviePy 2.x drawing the same composition with numpy, when importable.

It prints times and the ratios scenec/floor (how far rendering is from
free) and moviepy/scenec. Then it renders a 6 s and a 60 s film at a small
size in fresh processes (one worker, so everything is in one process) and
compares their peak RSS: streaming means the longer film needs no more
memory. Nothing here asserts a time; machines differ.

`--scaling` instead renders a 20 s film at 640x360 (ten two-second chunks
per shot) with 1, 2 and every-core local workers and on a Dask
`LocalCluster` of 2 workers, and prints each speed-up over one worker
(docs/cluster.md says what to expect on bigger machines).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from scenec.compiler.plan import (
    CameraTrack, Key, LayerPlan, Plan, Primitive, Segment, Track, TransitionKind, TransitionPlan,
)
from scenec.runtime.encode import open_video
from scenec.runtime.executor import LocalExecutor
from scenec.runtime.frame import FrameRenderer
from scenec.runtime.render import RenderOptions, render_film

SUNSET = ((0.98, 0.55, 0.25, 1.0), (0.18, 0.12, 0.35, 1.0), 90.0)
SEA = ((0.05, 0.35, 0.55, 1.0), (0.02, 0.05, 0.15, 1.0), 60.0)
SUN = (1.0, 0.85, 0.35, 1.0)
MOON = (0.92, 0.94, 1.0, 1.0)


def circle_path(shot: int, width: int, height: int, frames: int) -> list[tuple[int, float, float]]:
    """(local frame, x, y) keys: left to right in shot 0, an arc in shot 1."""
    if shot == 0:
        return [(0, 0.15 * width, 0.6 * height), (frames - 1, 0.85 * width, 0.4 * height)]
    return [(0, 0.8 * width, 0.75 * height), (frames // 2, 0.5 * width, 0.25 * height),
            (frames - 1, 0.2 * width, 0.75 * height)]


def film(width: int, height: int, fps: int, seconds: float) -> Plan:
    frames = round(seconds * fps)
    cut, half = frames // 2, fps // 2
    shots = []
    for index, ((top, bottom, angle), fill, (start, end)) in enumerate(
            ((SUNSET, SUN, (0, cut)), (SEA, MOON, (cut, frames)))):
        keys = tuple(Key(f, (x, y)) for f, x, y in circle_path(index, width, height, end - start))
        shots.append(Segment(name=f"shot{index}", start_frame=start, end_frame=end,
                             camera=CameraTrack.still(width, height), layers=(
            LayerPlan("sky", Primitive.GRADIENT, params=(("from", top), ("to", bottom), ("angle", angle))),
            LayerPlan("ball", Primitive.CIRCLE, params=(("radius", 0.08 * height), ("fill", fill)),
                      tracks=(Track("at", keys),)),
        )))
    return Plan(width=width, height=height, fps=fps, frames=frames, seed=1, segments=tuple(shots),
                transitions=(TransitionPlan(TransitionKind.DISSOLVE, cut - half, cut + half, "shot0", "shot1"),))


def time_scenec(plan: Plan, folder: Path, workers: int | None) -> float:
    started = time.perf_counter()
    with LocalExecutor(workers) as executor:
        render_film(plan, RenderOptions(output=folder / "scenec.mp4"), executor=executor)
    return time.perf_counter() - started


def time_floor(plan: Plan, folder: Path, count: int) -> float:
    """Encode-only seconds for the whole film, measured on `count` frames."""
    renderer = FrameRenderer(plan)
    frames = [renderer.render(i) for i in range(count)]
    started = time.perf_counter()
    with open_video(folder / "floor.mp4", plan.width, plan.height, plan.fps) as writer:
        for frame in frames:
            writer.write(frame)
    return (time.perf_counter() - started) * plan.frames / count


def time_moviepy(plan: Plan, folder: Path) -> float | None:
    try:
        from moviepy import CompositeVideoClip, VideoClip, vfx
    except ImportError:
        return None
    width, height, fps = plan.width, plan.height, plan.fps
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32) + 0.5

    def gradient(top: tuple, bottom: tuple, angle: float) -> np.ndarray:
        theta = np.deg2rad(angle)
        t = (xs - width / 2) * np.cos(theta) + (ys - height / 2) * np.sin(theta)
        t = (t - t.min()) / (t.max() - t.min())
        return (np.asarray(top[:3]) * (1 - t[..., None]) + np.asarray(bottom[:3]) * t[..., None]) * 255

    def shot(index: int, colors: tuple, fill: tuple, start: int, end: int) -> VideoClip:
        base = gradient(*colors).astype(np.float32)
        keys = circle_path(index, width, height, end - start)
        radius = 0.08 * height

        def frame_at(t: float) -> np.ndarray:
            local = t * fps
            x = np.interp(local, [k[0] for k in keys], [k[1] for k in keys])
            y = np.interp(local, [k[0] for k in keys], [k[2] for k in keys])
            x0, x1 = int(max(0, x - radius - 1)), int(min(width, x + radius + 2))
            y0, y1 = int(max(0, y - radius - 1)), int(min(height, y + radius + 2))
            out = base.copy()
            box = out[y0:y1, x0:x1]
            cover = np.clip(radius + 0.5 - np.hypot(xs[y0:y1, x0:x1] - x, ys[y0:y1, x0:x1] - y), 0, 1)[..., None]
            box[...] = box * (1 - cover) + np.asarray(fill[:3]) * 255 * cover
            return out.astype(np.uint8)

        return VideoClip(frame_at, duration=(end - start) / fps)

    first, second = plan.segments
    window = plan.transitions[0]
    overlap = (window.end_frame - window.start_frame) / fps
    clips = [shot(0, SUNSET, SUN, first.start_frame, first.end_frame + (window.end_frame - first.end_frame)),
             shot(1, SEA, MOON, second.start_frame, second.end_frame)
             .with_start(window.start_frame / fps).with_effects([vfx.CrossFadeIn(overlap)])]
    started = time.perf_counter()
    CompositeVideoClip(clips, size=(width, height)).with_duration(plan.frames / fps).write_videofile(
        str(folder / "moviepy.mp4"), fps=fps, codec="libx264", preset="veryfast", ffmpeg_params=["-crf", "20"],
        audio=False, logger=None)
    return time.perf_counter() - started


def memory_child(seconds: float, size: tuple[int, int]) -> None:
    """Render in this process only and print the peak RSS in bytes as JSON."""
    plan = film(size[0], size[1], 30, seconds)
    with tempfile.TemporaryDirectory() as folder, LocalExecutor(1) as executor:
        render_film(plan, RenderOptions(output=Path(folder) / "m.mp4"), executor=executor)
    print(json.dumps({"seconds": seconds, "peak_rss": _peak_rss_self()}))


def _peak_rss_self() -> int:
    """Peak RSS of this process in bytes. Linux's VmHWM is reset by exec;
    ru_maxrss is not, so a child forked from a big parent would report the
    parent's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere


def peak_rss(seconds: float, size: tuple[int, int]) -> int:
    done = subprocess.run([sys.executable, __file__, "--memory-child", str(seconds), "--size", f"{size[0]}x{size[1]}"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["peak_rss"]


def scaling(seconds: float, size: tuple[int, int]) -> None:
    """Wall time of one film with 1, 2 and N local workers and with Dask (2 workers)."""
    plan = film(size[0], size[1], 30, seconds)
    cores = os.cpu_count() or 1
    print(f"scaling: {seconds:g} s at {size[0]}x{size[1]}, 30 fps, {plan.frames} frames, {cores} cores")
    rows: list[tuple[str, float | None]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for workers in dict.fromkeys((1, 2, cores)):
            rows.append((f"local, {workers} worker{'s' if workers > 1 else ''}", time_scenec(plan, folder, workers)))
        rows.append(("dask LocalCluster, 2 workers", time_dask(plan, folder, 2)))
    one = rows[0][1]
    for label, taken in rows:
        if taken is None:
            print(f"  {label:30}  dask not installed: pip install 'scenec[dask]'")
        else:
            print(f"  {label:30}  {taken:7.2f} s  {plan.frames / taken:7.1f} frames/s  {one / taken:5.2f}x")


def time_dask(plan: Plan, folder: Path, workers: int) -> float | None:
    """Wall time on a fresh `LocalCluster`, its start-up included (a user pays it)."""
    try:
        from scenec.runtime.dask_executor import DaskExecutor
        executor = DaskExecutor(workers=workers)
    except ValueError:  # ClusterError: the extra is missing
        return None
    started = time.perf_counter()
    with executor:
        render_film(plan, RenderOptions(output=folder / "dask.mp4"), executor=executor)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 2 s film at 640x360 and a 3 s/30 s memory check")
    parser.add_argument("--workers", type=int, help="scenec's worker processes (default: one per core)")
    parser.add_argument("--floor-frames", type=int, default=90, help="frames the encode floor is timed on")
    parser.add_argument("--scaling", action="store_true",
                        help="speed-ups with 1, 2 and N local workers and on Dask (2 workers), then stop")
    parser.add_argument("--memory-child", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--size", default="160x90", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child is not None:
        memory_child(args.memory_child, tuple(int(v) for v in args.size.split("x")))
        return 0
    if args.scaling:
        scaling(4.0 if args.quick else 20.0, (640, 360))
        return 0

    width, height, seconds = (640, 360, 2.0) if args.quick else (1280, 720, 10.0)
    plan = film(width, height, 30, seconds)
    print(f"film: {seconds:g} s, {width}x{height}, 30 fps, {plan.frames} frames, two shots and a dissolve")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        ours = time_scenec(plan, folder, args.workers)
        floor = time_floor(plan, folder, min(plan.frames, args.floor_frames))
        theirs = time_moviepy(plan, folder)
    workers = args.workers or LocalExecutor().workers
    rows = [(f"scenec ({workers} workers)", ours), ("encode floor", floor), ("moviepy", theirs)]
    for label, seconds_taken in rows:
        if seconds_taken is None:
            print(f"  {label:20}  moviepy not installed: pip install moviepy")
        else:
            print(f"  {label:20}  {seconds_taken:7.2f} s  {plan.frames / seconds_taken:7.1f} frames/s")
    print(f"  scenec / floor:  {ours / floor:.2f}x")
    if theirs is not None:
        print(f"  moviepy / scenec: {theirs / ours:.2f}x")

    short, long = (3.0, 30.0) if args.quick else (6.0, 60.0)
    small, large = peak_rss(short, (160, 90)), peak_rss(long, (160, 90))
    print(f"memory, 160x90, one worker: peak RSS {small / 2**20:.0f} MiB for {short:g} s, "
          f"{large / 2**20:.0f} MiB for {long:g} s ({large / small:.2f}x for {long / short:g}x the frames)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
