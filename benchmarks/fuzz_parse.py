"""Mutation fuzzing of the parser at volume: `python benchmarks/fuzz_parse.py --count 100000`.

Mutates the test fixtures and the examples (seeded, so a crash reproduces
with the same `--seed`), parses every mutant and reports each crash: an
exception out of `parse`, no tree, an error node without an error, a
diagnostic without a span, or a clean parse that the formatter cannot
round-trip. Exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "lang"))  # the mutators live beside the tests that use them

from strategies import mutate  # noqa: E402

from scenec.lang import ast  # noqa: E402
from scenec.lang.formatter import format_file, has_error_nodes  # noqa: E402
from scenec.lang.parser import parse  # noqa: E402


def problem(text: str) -> str | None:
    """What is wrong with the parser's answer to `text`, or None."""
    try:
        result = parse(text, "mutant.scene")
        if not isinstance(result.file, ast.File):
            return "no tree"
        if result.ok and has_error_nodes(result.file):
            return "error nodes in a file with no error"
        for d in result.diagnostics:
            if d.span is None or not 0 <= d.span.start <= d.span.end <= len(text):
                return f"diagnostic {d.code} without a valid span: {d.message}"
        if result.ok:
            again = parse(format_file(result))
            if not again.ok:
                return "formatted text does not parse: " + "; ".join(d.message for d in again.diagnostics)
    except Exception:  # noqa: BLE001 - any exception is the finding
        return traceback.format_exc(limit=4)
    return None


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--count", type=int, default=100_000, help="mutants to parse")
    args.add_argument("--seed", type=int, default=0)
    args.add_argument("--show", type=int, default=5, help="crashes to print in full")
    opts = args.parse_args(argv)

    seeds = sorted([*(ROOT / "tests" / "lang" / "fixtures").rglob("*.scene"), *(ROOT / "examples").rglob("*.scene")])
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    if not texts:
        print("no seed files found", file=sys.stderr)
        return 2
    rng = random.Random(opts.seed)
    crashes: list[tuple[int, str, str]] = []
    started = time.perf_counter()
    for i in range(opts.count):
        text = texts[i % len(texts)]
        for _ in range(1 + (rng.random() < 0.3)):
            text = mutate(text, rng)
        found = problem(text)
        if found is not None:
            crashes.append((i, text, found))
    elapsed = time.perf_counter() - started
    print(f"{opts.count} mutants of {len(texts)} files in {elapsed:.1f}s "
          f"({opts.count / max(elapsed, 1e-9):.0f}/s): {len(crashes)} crashes")
    for i, text, found in crashes[: opts.show]:
        print(f"\n--- mutant {i} (seed {opts.seed})\n{found}\ninput:\n{text}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
