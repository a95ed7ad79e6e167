"""Render speed side by side, and a memory check: `python benchmarks/render_speed.py [--quick]`.

One film (`film_spec.py`): 10 s at 1280x720 and 30 fps, two shots with
gradients and a moving anti-aliased circle, joined by a 1 s dissolve, x264
`veryfast` crf 20. It is made four ways in one run, each `--repeat` times
(default 3, the median is shown):

- scenec: `scenec render plan.json --no-cache` as a subprocess, so its
  start-up counts, with the CLI's default workers (one per core) and with
  one (`--workers`, repeatable, picks others); with SCENEC_NO_RECORD=1, so
  the run is not recorded and analysed in the run store;
- the encode floor: the same frames drawn into memory first, then only
  encoded by `runtime.encode` from RGB, as any program handing PyAV frames
  would (timed on the first `--floor-frames` frames and scaled to the film);
- Manim CE 0.22 (`manim_film.py`) and MoviePy 2.2.1 (`moviepy_film.py`),
  each as a subprocess in its own virtual environment under
  `benchmarks/.venvs/` (gitignored), made with pip on first use.
  Manim builds pycairo and manimpango from source where no wheel fits; they
  need Debian's `libcairo2-dev libpango1.0-dev pkg-config`.

It prints times and the ratios to the floor and to scenec. Then it renders
a 6 s and a 60 s film at a small size in fresh processes (one worker, so
everything is in one process) and compares their peak RSS: streaming means
the longer film needs no more memory. Nothing here asserts a time; machines
differ. Run it when the machine is quiet (see `uptime`).

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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scenec.compiler.plan import CameraTrack, Key, LayerPlan, Plan, Primitive, Segment, Track, TransitionKind, TransitionPlan
from scenec.compiler.plan_io import write_plan
from scenec.runtime.encode import open_video
from scenec.runtime.executor import LocalExecutor
from scenec.runtime.frame import FrameRenderer
from scenec.runtime.render import RenderOptions, render_film

sys.path.insert(0, str(Path(__file__).resolve().parent))
import film_spec as spec  # noqa: E402

HERE = Path(__file__).resolve().parent
VENVS = HERE / ".venvs"
# Each other tool: its virtual environment's name, what pip installs there, and its script.
OTHERS = {
    "manim": (("manim==0.22.0",), HERE / "manim_film.py"),
    "moviepy": (("moviepy==2.2.1",), HERE / "moviepy_film.py"),
}


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


def time_scenec_cli(plan: Plan, folder: Path, workers: int | None) -> float:
    source = folder / "film.plan.json"
    write_plan(plan, source)
    scenec = Path(sys.executable).with_name("scenec")
    command = [str(scenec), "render", str(source), "-o", str(folder / "scenec.mp4"), "--no-cache", "--no-audio", "--quiet"]
    # SCENEC_NO_RECORD: a benchmark run is not one of the user's runs, so it is
    # neither stored nor analysed afterwards (the other tools do no such thing).
    env = {**os.environ, "SCENEC_NO_RECORD": "1"}
    return timed(command + (["--workers", str(workers)] if workers else []), env)


def other_python(name: str) -> Path | None:
    """The Python of `name`'s virtual environment, made and filled on first use; None if pip fails."""
    requirements, _ = OTHERS[name]
    venv = VENVS / name
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
    _, script = OTHERS[name]
    seconds = plan.frames / plan.fps
    return timed([str(python), str(script), str(folder / f"{name}.mp4"), str(plan.width), str(plan.height),
                  str(plan.fps), f"{seconds:g}"])


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
    parser.add_argument("--workers", type=int, action="append",
                        help="scenec's worker processes, repeatable (default: the CLI's default, and 1)")
    parser.add_argument("--floor-frames", type=int, default=90, help="frames the encode floor is timed on")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the median is shown")
    parser.add_argument("--skip", action="append", default=[], choices=sorted(OTHERS),
                        help="leave out another tool (repeatable)")
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
    default = LocalExecutor().workers
    counts = tuple(dict.fromkeys(args.workers or (default, 1)))  # the CLI's default, and one process
    print(f"film: {seconds:g} s, {width}x{height}, 30 fps, {plan.frames} frames, two shots and a dissolve, "
          f"x264 {spec.X264_PRESET} crf {spec.X264_CRF}; load average {os.getloadavg()[0]:.2f}; "
          f"median of {args.repeat}")
    others = [name for name in OTHERS if name not in args.skip]
    sides = [f"scenec{n}" for n in counts] + ["floor", *others]
    runs: dict[str, list[float]] = {side: [] for side in sides}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for name in others:
            other_python(name)  # installs happen before any timing
        for _ in range(args.repeat):  # interleaved, so a busy moment hits every side alike
            for n in counts:
                runs[f"scenec{n}"].append(time_scenec_cli(plan, folder, n))
            runs["floor"].append(time_floor(plan, folder, min(plan.frames, args.floor_frames)))
            for name in others:
                taken = time_other(name, plan, folder)
                if taken is not None:
                    runs[name].append(taken)
    print(f"  load average after: {os.getloadavg()[0]:.2f}")
    times = {side: statistics.median(values) for side, values in runs.items() if values}
    labels = {**{f"scenec{n}": f"scenec, {n} worker{'s' if n > 1 else ''}" + (" (default)" if n == default else "")
                 for n in counts},
              "floor": "encode floor", "manim": "Manim CE 0.22", "moviepy": "MoviePy 2.2.1"}
    ours = min(times[f"scenec{n}"] for n in counts)
    print(f"  {'':26}  {'seconds':>8}  {'frames/s':>8}  {'/ floor':>7}  {'/ best scenec':>13}")
    for side, taken in times.items():
        print(f"  {labels[side]:26}  {taken:8.2f}  {plan.frames / taken:8.1f}  {taken / times['floor']:7.2f}  "
              f"{taken / ours:13.2f}")
    for side in runs:
        if side not in times:
            print(f"  {labels[side]:26}  not run (see above)")

    short, long = (3.0, 30.0) if args.quick else (6.0, 60.0)
    small, large = peak_rss(short, (160, 90)), peak_rss(long, (160, 90))
    print(f"memory, 160x90, one worker: peak RSS {small / 2**20:.0f} MiB for {short:g} s, "
          f"{large / 2**20:.0f} MiB for {long:g} s ({large / small:.2f}x for {long / short:g}x the frames)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
