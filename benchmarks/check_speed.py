"""How long `scenec check` takes on a generated 10,000-line scene (goal: under 1 s).

    .venv/bin/python benchmarks/check_speed.py [--lines N] [--repeat K] [--baseline DIR]

Prints the parse and the parse + check times (best of K, in CPU seconds of
this process, which a machine shared with other work disturbs far less
than wall time) and their ratio to the goal. `--baseline DIR` also runs this same measurement with another
checkout's `.venv` (for example `/work/main`, the code before a change), on
the same generated scene, and prints both side by side with their ratio. It
measures, it never fails.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from big_scene import big_scene  # noqa: E402

GOAL_S = 1.0


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def measure(lines: int, repeat: int) -> dict[str, float]:
    from scenec.api import check_text
    from scenec.lang.parser import parse

    text = big_scene(lines)
    started = time.process_time()
    check_text(text)  # the first run pays for the grammar, registry and built-in objects
    first_s = time.process_time() - started
    result = check_text(text)
    assert result.ok, result.diagnostics[:3]
    return {"lines": text.count("\n"), "chars": len(text), "first_s": first_s,
            "parse_s": best(lambda: parse(text), repeat), "check_s": best(lambda: check_text(text), repeat)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", type=Path, help="another checkout with its own .venv to compare against")
    ap.add_argument("--json", action="store_true", help="print the measurement as JSON (used by --baseline)")
    args = ap.parse_args()
    now = measure(args.lines, args.repeat)
    if args.json:
        print(json.dumps(now))
        return
    print(f"scene: {now['lines']} lines, {now['chars']:,} characters")
    rows = (("first check", "first_s"), ("parse only", "parse_s"), ("parse + check", "check_s"))
    if args.baseline is None:
        for label, key in rows:
            print(f"{label:<15}{now[key] * 1000:8.1f} ms   ({now[key] / GOAL_S:.2f}x the {GOAL_S:g} s goal)")
        return
    python = args.baseline / ".venv" / "bin" / "python"
    out = subprocess.run([str(python), __file__, "--json", "--lines", str(args.lines), "--repeat", str(args.repeat)],
                         cwd=args.baseline, capture_output=True, text=True, check=True)
    before = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{'':<15}{'baseline':>10}{'this':>10}{'speed-up':>10}{'this / goal':>13}")
    for label, key in rows:
        print(f"{label:<15}{before[key] * 1000:8.1f}ms{now[key] * 1000:8.1f}ms{before[key] / now[key]:9.2f}x"
              f"{now[key] / GOAL_S:12.2f}x")


if __name__ == "__main__":
    main()
