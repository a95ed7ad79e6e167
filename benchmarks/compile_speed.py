"""How long check + every compiler pass take on a generated 10,000-line scene (goal: well under 2 s).

    .venv/bin/python benchmarks/compile_speed.py [--lines N] [--repeat K]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from big_scene import big_scene  # noqa: E402

from scenec.api import check_text, compile_text  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    text = big_scene(args.lines)
    plan, _ = compile_text(text)
    assert plan is not None
    check_s = compile_s = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        check_text(text)
        check_s = min(check_s, time.perf_counter() - start)
        start = time.perf_counter()
        compile_text(text)
        compile_s = min(compile_s, time.perf_counter() - start)
    print(f"scene: {text.count(chr(10))} lines → {len(plan.segments)} segments, "
          f"{sum(len(s.layers) for s in plan.segments)} layers, {plan.frames} frames")
    print(f"check            {check_s * 1000:8.1f} ms")
    print(f"check + passes   {compile_s * 1000:8.1f} ms   ({compile_s / 2.0:.2f}x the 2 s goal)")
    print(f"passes alone     {(compile_s - check_s) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
