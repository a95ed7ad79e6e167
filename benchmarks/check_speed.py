"""How long `scenec check` takes on a generated 10,000-line scene (goal: under 1 s).

    .venv/bin/python benchmarks/check_speed.py [--lines N] [--repeat K]

Prints the parse and check times (best of K) and their ratio to the goal;
it measures, it never fails.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from big_scene import big_scene  # noqa: E402

from scenec.api import check_text  # noqa: E402
from scenec.lang.parser import parse  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    text = big_scene(args.lines)
    lines = text.count("\n")
    check_text(text)  # warm caches: grammar, registry, built-in objects
    result = check_text(text)
    assert result.ok, result.diagnostics[:3]
    parse_s = best(lambda: parse(text), args.repeat)
    check_s = best(lambda: check_text(text), args.repeat)
    print(f"scene: {lines} lines, {len(text):,} characters")
    print(f"parse only      {parse_s * 1000:8.1f} ms")
    print(f"parse + check   {check_s * 1000:8.1f} ms   ({check_s / 1.0:.2f}x the 1 s goal)")


if __name__ == "__main__":
    main()
