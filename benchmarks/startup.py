"""Start-up: how long the commands people run most take on a small input, side by side with
`python -c "import numpy, av"` (the floor any scenec render pays), measured in one run.

    .venv/bin/python benchmarks/startup.py [--repeat 7]

Goals (issue: faster than Manim, instant to start): `scenec --version` and `scenec check` of a
small file no slower than the floor; `scenec still` of one frame at most twice it; a prompt
translated in well under a second after start-up (the translate row less the check row).

The goal rows run with one data directory, as a user's commands do: the first run fills its
caches (the knowledge registries, the parsed built-in templates and the parsed scene, all keyed by
content) and the median is of runs that read them. The "(edited file)" rows check and still a file
whose text differs on every run (as after an edit), with that same warm data directory, so the
scene itself is parsed each time. The "(empty data dir)" rows give every run a new data directory
and a file never seen, so each pays for parsing and building everything the data directory keeps
(what is kept per install, beside scenec's own bytecode, like Python's `.pyc`, is not reset).
All rows carry the goals.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROMPT = ("a red fox runs across a snowy field at dawn, then rests under a pine tree while snow falls; "
          "the camera pans left")
SCENE = """scene {
  size 640x360
  shot 2s {
    layer sky: gradient(from: navy, to: #ff7e5f, angle: 90deg)
    layer sun: circle(at: (50%, 60%), radius: 8%, fill: gold, glow: 0.5)
    layer dog: dog(at: (30%, 80%), box: (14%, 18%))
  }
}
"""


def edited(run: int) -> str:
    """The small scene with a different text for `run`: a value changed, as a user edits one."""
    return SCENE.replace("radius: 8%", f"radius: {8 + run % 5}.{run}%")


def timed(argv: list[str], env: dict[str, str] | None) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    scenec = str(bin_dir / "scenec")
    with tempfile.TemporaryDirectory() as tmp:
        scene = Path(tmp) / "small.scene"
        scene.write_text(SCENE)
        env = {**os.environ, "SCENEC_HOME": str(Path(tmp) / "home"), "SCENEC_NO_RECORD": "1"}
        sides: dict[str, list[str]] = {
            "python -c 'import numpy, av' (floor)": [sys.executable, "-c", "import numpy, av"],
            "scenec --version": [scenec, "--version"],
            "scenec check small.scene": [scenec, "check", str(scene)],
            "scenec still small.scene (one frame)": [scenec, "still", str(scene), "--at", "1s",
                                                     "-o", str(Path(tmp) / "still.png")],
            "scenec translate PROMPT": [scenec, "translate", PROMPT, "-o", str(Path(tmp) / "prompt.scene")],
        }
        # The other rows read `fresh`, rewritten before each of them: a new text at the same path
        # (edited), or a new file in a new data directory (empty data dir).
        fresh = Path(tmp) / "fresh.scene"
        per_file = {name.replace("small.scene", "fresh.scene"): [str(fresh) if a == str(scene) else a for a in argv]
                    for name, argv in sides.items() if name.startswith(("scenec check", "scenec still"))}
        edits = {f"{name} (edited file)": argv for name, argv in per_file.items()}
        cold = {f"{name} (empty data dir)": argv for name, argv in per_file.items()}
        times: dict[str, list[float]] = {name: [] for name in (*sides, *edits, *cold)}
        goals = {"scenec --version": 1.0}
        for name in times:
            if name.startswith(("scenec check", "scenec still")):
                goals[name] = 1.0 if name.startswith("scenec check") else 2.0
        edit = 0
        for run in range(args.repeat):  # interleaved, so load on the machine falls on every side alike
            for name, argv in sides.items():
                times[name].append(timed(argv, env))
            for name, argv in edits.items():
                edit += 1
                fresh.write_text(edited(edit))
                times[name].append(timed(argv, env))
            for index, (name, argv) in enumerate(cold.items()):
                edit += 1
                fresh.write_text(edited(edit))
                home = {**env, "SCENEC_HOME": str(Path(tmp) / f"cold-{run}-{index}")}
                times[name].append(timed(argv, home))
    floor = statistics.median(times["python -c 'import numpy, av' (floor)"])
    print(f"{'':54} {'median s':>9} {'/ floor':>8}   goal")
    for name, values in times.items():
        median = statistics.median(values)
        goal = goals.get(name)
        verdict = "" if goal is None else f"<= {goal:g}x {'met' if median / floor <= goal else 'missed'}"
        print(f"{name:54} {median:9.3f} {median / floor:8.2f}   {verdict}")
    # Translation after start-up: the translate command less a check of a small file (the same
    # start-up, imports and knowledge, with a parse and check of its own).
    after = statistics.median(times["scenec translate PROMPT"]) - statistics.median(times["scenec check small.scene"])
    print(f"{'translation after start-up (translate - check)':54} {after:9.3f} {'':8}   "
          f"well under 1 s {'met' if after < 0.5 else 'missed'} (goal read as < 0.5 s)")


if __name__ == "__main__":
    main()
