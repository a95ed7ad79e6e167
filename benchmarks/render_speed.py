"""Render speed side by side, and a memory check: `python benchmarks/render_speed.py [--quick]`.

One film (`film_spec.py`): 10 s at 1280x720 and 30 fps, two shots with
gradients and a moving anti-aliased circle, joined by a 1 s dissolve, x264
`veryfast` crf 20. It is made these ways in one run, each `--repeat` times
(default 3, interleaved; the median is shown, and every run):

- scenec: `scenec render plan.json --no-cache` as a subprocess, so its
  start-up counts, with the CLI's default (`runtime.executor.local_layout`:
  a segment per core at once, on threads of its own process on up to 2
  cores) and with `--workers 1` and `--workers 2` (processes, a segment at
  a time each; `--workers`, repeatable, picks others); with
  SCENEC_NO_RECORD=1, so the run is not recorded and analysed in the run
  store;
- the encode floor: the same frames drawn into memory first, then only
  encoded by `runtime.encode` from RGB, as any program handing PyAV frames
  would (every frame, held in memory: 830 MB at 720p; `--floor-frames N`
  times the first N and scales them to the film, as earlier rounds did,
  which favoured the floor: the first frames are the cheapest to encode);
- Manim CE 0.22 (`manim_film.py`);
- MoviePy 2.2.1 twice: as its documentation composes clips
  (`moviepy_film_clips.py`: `ImageClip`s of `color_gradient` and of a
  masked circle moved by `with_position`, `CrossFadeIn`, nested
  `CompositeVideoClip`s), the row the ">= 10x faster than MoviePy" goal is
  judged against; and with one hand-written numpy frame function per shot
  (`moviepy_film.py`), faster than MoviePy code is usually written.

The other tools run as subprocesses in their own virtual environments
under `benchmarks/.venvs/` (gitignored), made with pip on first use.
Manim builds pycairo and manimpango from source where no wheel fits; they
need Debian's `libcairo2-dev libpango1.0-dev pkg-config`. `--skip NAME`
leaves a tool out.

It prints times, the ratios to the floor and to scenec's default, and each
goal of issue 13 met or missed. Then it renders a 6 s and a 60 s film at a
small size in fresh processes (one worker, so everything is in one process)
and compares their peak RSS: streaming means the longer film needs no more
memory. Nothing here asserts a time; machines differ. Run it when the
machine is quiet (see `uptime`); on a busy one, read the ratios.

`--baseline DIR` adds the default of another checkout's scenec (say,
`git archive main | tar -x -C DIR`, then `python3 dev.py setup` there) to
the same interleaved runs: before and after under the same load.

`--compare` renders the film at 640x360 with every tool and prints, for a
frame of each shot and one mid-dissolve, the mean difference to scenec's
frame and where the ball is: the check that every tool draws the same film.

`--scaling` instead renders a 20 s film at 640x360 (ten two-second chunks
per shot) with the default layout, 1, 2 and every-core local workers and on
a Dask `LocalCluster` of 2 workers, and prints each speed-up over one worker
(docs/cluster.md says what to expect on bigger machines).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from scenec.compiler.plan import CameraTrack, Key, LayerPlan, Plan, Primitive, Segment, Track, TransitionKind, TransitionPlan
from scenec.compiler.plan_io import write_plan
from scenec.runtime.encode import open_video
from scenec.runtime.executor import LocalExecutor, local_layout
from scenec.runtime.frame import FrameRenderer
from scenec.runtime.render import RenderOptions, render_film

sys.path.insert(0, str(Path(__file__).resolve().parent))
import film_spec as spec  # noqa: E402

HERE = Path(__file__).resolve().parent
VENVS = HERE / ".venvs"
# Each other tool's side: its virtual environment, what pip installs there, and the script it runs.
OTHERS = {
    "manim": ("manim", ("manim==0.22.0",), HERE / "manim_film.py"),
    "moviepy": ("moviepy", ("moviepy==2.2.1",), HERE / "moviepy_film_clips.py"),
    "moviepy-numpy": ("moviepy", ("moviepy==2.2.1",), HERE / "moviepy_film.py"),
}
LABELS = {"floor": "encode floor", "manim": "Manim CE 0.22", "moviepy": "MoviePy 2.2.1, clips",
          "moviepy-numpy": "MoviePy 2.2.1, numpy frames"}


def film(width: int, height: int, fps: int, seconds: float) -> Plan:
    frames, cut, half = spec.shot_frames(fps, seconds)
    shots = []
    for index, ((top, bottom, angle), fill, (start, end)) in enumerate(
            zip(spec.SKIES, spec.FILLS, ((0, cut), (cut, frames)))):
        keys = tuple(Key(f, (x, y)) for f, x, y in spec.circle_path(index, width, height, end - start))
        shots.append(Segment(name=f"shot{index}", start_frame=start, end_frame=end,
                             camera=CameraTrack.still(width, height), layers=(
            LayerPlan("sky", Primitive.GRADIENT, params=(("from", top), ("to", bottom), ("angle", angle))),
            LayerPlan("ball", Primitive.CIRCLE, params=(("radius", spec.circle_radius(height)), ("fill", fill)),
                      tracks=(Track("at", keys),)),
        )))
    return Plan(width=width, height=height, fps=fps, frames=frames, seed=1, segments=tuple(shots),
                transitions=(TransitionPlan(TransitionKind.DISSOLVE, cut - half, cut + half, "shot0", "shot1"),))


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds of a subprocess, start-up included; its output is shown only if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    taken = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return taken


def time_scenec_cli(plan: Plan, folder: Path, workers: int | None, checkout: Path | None = None) -> float:
    """`scenec render` of the plan; `workers` None: the CLI's default; `checkout`: another
    checkout's scenec (its `.venv`, as `dev.py setup` makes it) instead of this one."""
    source = folder / "film.plan.json"
    write_plan(plan, source)
    scenec = checkout / ".venv" / "bin" / "scenec" if checkout else Path(sys.executable).with_name("scenec")
    command = [str(scenec), "render", str(source), "-o", str(folder / "scenec.mp4"), "--no-cache", "--no-audio", "--quiet"]
    # SCENEC_NO_RECORD: a benchmark run is not one of the user's runs, so it is
    # neither stored nor analysed afterwards (the other tools do no such thing).
    env = {**os.environ, "SCENEC_NO_RECORD": "1"}
    return timed(command + (["--workers", str(workers)] if workers else []), env)


def other_python(name: str) -> Path | None:
    """The Python of `name`'s virtual environment, made and filled on first use; None if pip fails."""
    folder, requirements, _ = OTHERS[name]
    venv = VENVS / folder
    python = venv / "bin" / "python"
    marker = venv / "installed.txt"
    if marker.exists() and marker.read_text() == "\n".join(requirements):
        return python
    print(f"  installing {', '.join(requirements)} into {venv} (once) ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], capture_output=True, text=True)
    if done.returncode != 0:
        hint = " (apt-get install libcairo2-dev libpango1.0-dev pkg-config, then run again)" if name == "manim" else ""
        print(f"  pip could not install {name}{hint}:\n{done.stderr[-2000:]}")
        return None
    marker.write_text("\n".join(requirements))
    return python


def time_other(name: str, plan: Plan, folder: Path) -> float | None:
    python = other_python(name)
    if python is None:
        return None
    _, _, script = OTHERS[name]
    seconds = plan.frames / plan.fps
    return timed([str(python), str(script), str(folder / f"{name}.mp4"), str(plan.width), str(plan.height),
                  str(plan.fps), f"{seconds:g}"])


def time_scenec(plan: Plan, folder: Path, workers: int | None) -> float:
    """`render_film` in this process; `workers` None: the default layout."""
    started = time.perf_counter()
    with LocalExecutor(workers) as executor:
        render_film(plan, RenderOptions(output=folder / "scenec.mp4"), executor=executor)
    return time.perf_counter() - started


def time_floor(plan: Plan, folder: Path, count: int) -> float:
    """Encode-only seconds for the whole film, measured on its first `count` frames (all of them by
    default: they are held in memory, 830 MB at 720p; the first frames alone, before the dissolve,
    are the film's cheapest to encode, and scaled up they made the floor 20 % too low)."""
    renderer = FrameRenderer(plan)
    frames = [renderer.render(i) for i in range(count)]
    started = time.perf_counter()
    with open_video(folder / "floor.mp4", plan.width, plan.height, plan.fps) as writer:
        for frame in frames:
            writer.write(frame)
    return (time.perf_counter() - started) * plan.frames / count


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
    """Wall time of one film with the default layout, 1, 2 and N local workers and with Dask (2 workers)."""
    plan = film(size[0], size[1], 30, seconds)
    cores = os.cpu_count() or 1
    print(f"scaling: {seconds:g} s at {size[0]}x{size[1]}, 30 fps, {plan.frames} frames, {cores} cores")
    rows: list[tuple[str, float | None]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for workers in dict.fromkeys((1, 2, cores)):
            rows.append((f"local, {workers} worker{'s' if workers > 1 else ''}", time_scenec(plan, folder, workers)))
        layout = local_layout()
        rows.append((f"local, default ({layout.processes}x{layout.threads})", time_scenec(plan, folder, None)))
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


def decoded(path: Path, wanted: tuple[int, ...]) -> dict[int, np.ndarray]:
    """Frames `wanted` of a video as (H, W, 3) uint8 arrays."""
    import av

    with av.open(str(path)) as container:
        return {i: frame.to_ndarray(format="rgb24") for i, frame in enumerate(container.decode(video=0))
                if i in wanted}


def ball_centre(rgb: np.ndarray, fill: tuple) -> tuple[float, float] | None:
    """Centroid (x, y) of the pixels close to the ball's colour; None if there are none."""
    near = np.abs(rgb.astype(np.int16) - np.round(np.asarray(fill[:3]) * 255)).max(axis=2) < 24
    ys, xs = np.nonzero(near)
    return (float(xs.mean()) + 0.5, float(ys.mean()) + 0.5) if len(xs) else None


def compare(size: tuple[int, int], skip: list[str]) -> None:
    """Render the film with scenec and the other tools and compare frames: is it the same film?"""
    plan = film(size[0], size[1], 30, 10.0)
    frames, cut, half = spec.shot_frames(plan.fps, 10.0)
    wanted = {cut // 2: 0, cut: None, (cut + frames) // 2: 1}  # frame: the shot whose ball shows (None: mid-dissolve)
    print(f"same film? {size[0]}x{size[1]}, frames {', '.join(map(str, wanted))}: mean |difference| to scenec's "
          f"frame (0-255, per channel) and where the ball is (centroid of pixels of its colour)")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        time_scenec_cli(plan, folder, None)
        films = {"scenec": decoded(folder / "scenec.mp4", tuple(wanted))}
        for other in (name for name in OTHERS if name not in skip):
            if time_other(other, plan, folder) is not None:
                films[other] = decoded(folder / f"{other}.mp4", tuple(wanted))
    for frame, shot in wanted.items():
        fill = spec.FILLS[shot if shot is not None else 0]
        local = frame if shot in (0, None) else frame - cut
        expected = spec.circle_at(shot or 0, *size, cut if shot in (0, None) else frames - cut, local)
        print(f"  frame {frame} ({'dissolve' if shot is None else f'shot {shot}'}; ball of shot "
              f"{shot or 0} at {expected[0]:.1f}, {expected[1]:.1f} by film_spec):")
        for side, pictures in films.items():
            rgb = pictures[frame]
            diff = np.abs(rgb.astype(np.int16) - films["scenec"][frame]).mean(axis=(0, 1))
            where = ball_centre(rgb, fill) if shot is not None else None
            at = "" if where is None else f"  ball at {where[0]:.1f}, {where[1]:.1f}"
            print(f"    {LABELS.get(side, side):30} |diff| r {diff[0]:5.2f} g {diff[1]:5.2f} b {diff[2]:5.2f}{at}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 2 s film at 640x360 and a 3 s/30 s memory check")
    parser.add_argument("--workers", type=int, action="append",
                        help="scenec with --workers N too, repeatable (default: 1 and 2; the CLI's default always runs)")
    parser.add_argument("--floor-frames", type=int, default=0,
                        help="time the encode floor on the first N frames and scale it to the film (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the median is shown")
    parser.add_argument("--skip", action="append", default=[], choices=sorted(OTHERS),
                        help="leave out another tool (repeatable)")
    parser.add_argument("--scaling", action="store_true",
                        help="speed-ups with 1, 2 and N local workers and on Dask (2 workers), then stop")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also time the default of the scenec checked out in DIR (set up with dev.py setup)")
    parser.add_argument("--compare", action="store_true",
                        help="render at 640x360 with every tool and compare frames with scenec's, then stop")
    parser.add_argument("--memory-child", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--size", default="160x90", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child is not None:
        memory_child(args.memory_child, tuple(int(v) for v in args.size.split("x")))
        return 0
    if args.compare:
        compare((640, 360), args.skip)
        return 0
    if args.scaling:
        scaling(4.0 if args.quick else 20.0, (640, 360))
        return 0

    width, height, seconds = (640, 360, 2.0) if args.quick else (1280, 720, 10.0)
    plan = film(width, height, 30, seconds)
    layout = local_layout()
    counts = tuple(dict.fromkeys(args.workers or (1, 2)))
    print(f"film: {seconds:g} s, {width}x{height}, 30 fps, {plan.frames} frames, two shots and a dissolve, "
          f"x264 {spec.X264_PRESET} crf {spec.X264_CRF}; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f}; median of {args.repeat}")
    others = [name for name in OTHERS if name not in args.skip]
    baseline = [] if args.baseline is None else ["baseline"]
    sides = ["scenec", *(f"scenec{n}" for n in counts), *baseline, "floor", *others]
    runs: dict[str, list[float]] = {side: [] for side in sides}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for name in others:
            other_python(name)  # installs happen before any timing
        for _ in range(args.repeat):  # interleaved, so a busy moment hits every side alike
            runs["scenec"].append(time_scenec_cli(plan, folder, None))
            for n in counts:
                runs[f"scenec{n}"].append(time_scenec_cli(plan, folder, n))
            if args.baseline is not None:
                runs["baseline"].append(time_scenec_cli(plan, folder, None, args.baseline))
            runs["floor"].append(time_floor(plan, folder, min(plan.frames, args.floor_frames or plan.frames)))
            for name in others:
                taken = time_other(name, plan, folder)
                if taken is not None:
                    runs[name].append(taken)
    print(f"  load average after: {os.getloadavg()[0]:.2f}")
    times = {side: statistics.median(values) for side, values in runs.items() if values}
    where = "its own process" if layout.processes == 1 else f"{layout.processes} processes"
    labels = {**LABELS, "scenec": f"scenec, default ({layout.at_once} at once in {where})",
              **{f"scenec{n}": f"scenec, --workers {n}" for n in counts},
              "baseline": f"scenec at {args.baseline.name if args.baseline else ''}, default"}
    print(f"  {'':46}  {'seconds':>8}  {'frames/s':>8}  {'/ floor':>7}  {'/ scenec':>8}  runs")
    for side, taken in times.items():
        spread = " ".join(f"{value:.2f}" for value in runs[side])
        print(f"  {labels[side]:46}  {taken:8.2f}  {plan.frames / taken:8.1f}  {taken / times['floor']:7.2f}  "
              f"{taken / times['scenec']:8.2f}  {spread}")
    for side in runs:
        if side not in times:
            print(f"  {labels[side]:46}  not run (see above)")
    goals = [("scenec's default / the floor", times["scenec"] / times["floor"], "<= 1.25", lambda r: r <= 1.25)]
    for side, goal in (("manim", 1.3), ("moviepy", 10.0), ("moviepy-numpy", 10.0)):
        if side in times:
            goals.append((f"{labels[side]} / scenec's default", times[side] / times["scenec"], f">= {goal:g}",
                          lambda r, goal=goal: r >= goal))
    for text, ratio, goal, met in goals:
        print(f"  goal: {text:46} {ratio:6.2f}  ({goal}: {'met' if met(ratio) else 'missed'})")
    print("  (the MoviePy goal is judged on the clips row, MoviePy as its documentation composes clips)")

    short, long = (3.0, 30.0) if args.quick else (6.0, 60.0)
    small, large = peak_rss(short, (160, 90)), peak_rss(long, (160, 90))
    print(f"memory, 160x90, one worker: peak RSS {small / 2**20:.0f} MiB for {short:g} s, "
          f"{large / 2**20:.0f} MiB for {long:g} s ({large / small:.2f}x for {long / short:g}x the frames)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
