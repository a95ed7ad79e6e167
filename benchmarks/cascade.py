"""How often one slip stays local: `python benchmarks/cascade.py [--show N]` (goal: at least 95 %).

For every example, every one-slip edit of `tests/lang/slips.py` (each token
deleted; `(`, `{`, `"` inserted before each token; each keyword that starts
a line misspelt) is checked as the editor would check it. The edit is local
when every error starts inside the statement the edit is in. Prints the
share per kind of slip and overall, and the first non-local edits. Then
it types a layer line into `examples/sunset.scene` one keystroke at a time
and counts the keystrokes whose errors all stay on the line being typed.
It measures, it never fails.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "lang"))  # the slips live beside the tests that use them

from slips import edited_range, is_local, slips  # noqa: E402

from scenec.api import check_file  # noqa: E402
from scenec.lang.diagnostics import render_short  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--show", type=int, default=5, help="non-local edits to print")
    args.add_argument("--examples", nargs="*", help="example files (default: every one)")
    opts = args.parse_args(argv)
    paths = [Path(p) for p in opts.examples] if opts.examples else sorted((ROOT / "examples").glob("*.scene"))
    total: Counter[str] = Counter()
    local: Counter[str] = Counter()
    shown = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for slip in slips(text):
            edited = slip.apply(text)
            result = check_file(path, text=edited)
            total[slip.kind] += 1
            if is_local(result.diagnostics, edited_range(text, slip)):
                local[slip.kind] += 1
            elif shown < opts.show:
                shown += 1
                line = text.count("\n", 0, slip.at) + 1
                print(f"--- {path.name}:{line} {slip.kind} {text[slip.at:slip.at + slip.removed]!r}"
                      f" → {slip.added!r}")
                for d in result.diagnostics[:4]:
                    print("   ", render_short(d))
    print(f"{'slip':<12}{'edits':>8}{'local':>8}{'share':>9}")
    for kind in sorted(total):
        print(f"{kind:<12}{total[kind]:>8}{local[kind]:>8}{local[kind] / total[kind]:>9.1%}")
    all_total, all_local = sum(total.values()), sum(local.values())
    print(f"{'all':<12}{all_total:>8}{all_local:>8}{all_local / max(all_total, 1):>9.1%}   (goal 95 %)")
    typing()
    return 0


def typing() -> None:
    """Type sunset's sun layer into its first shot again, keystroke by keystroke."""
    path = ROOT / "examples" / "sunset.scene"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines(keepends=True) if x.strip().startswith("layer sun:"))
    at = text.index(line)
    indent = len(line) - len(line.lstrip())
    typed = line.strip()
    without = text[:at] + text[at + len(line):]
    head = without[:at] + " " * indent
    kept = 0
    for n in range(1, len(typed) + 1):
        edited = head + typed[:n] + "\n" + without[at:]
        line_no = edited.count("\n", 0, at) + 1
        result = check_file(path, text=edited)
        kept += all(d.span is not None and d.span.line == line_no for d in result.diagnostics if d.is_error)
    print(f"typing `{typed}`: {kept} of {len(typed)} keystrokes keep every error on the typed line")


if __name__ == "__main__":
    sys.exit(main())
