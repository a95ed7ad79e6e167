"""How often one slip stays local: `python benchmarks/cascade.py [--show N]` (goals: 95 % and 100 %).

For every example, every one-slip edit of `tests/lang/slips.py` (each token
deleted; `(`, `{`, `"` inserted before each token; each keyword that starts
a line misspelt) is checked as the editor checks it (`scenec.lsp.analysis`).
The edit is local when every error starts inside the statement the edit is
in (goal: 95 % of edits). Elsewhere the editor must still answer (goal:
100 % of edits): at the names nearest the edited statement on both sides
(the three before, the three after, and the file's last), hover and go to
definition answer wherever they answered before the slip, completion offers
the primitives after each of those layers' `:`, and the outline keeps every
symbol on a line outside the statement. Prints the shares per kind of slip
and overall, and the first non-local edits and unanswered places. Then it
types a layer line into `examples/sunset.scene` one keystroke at a time and
counts the keystrokes whose errors all stay on the line being typed. It
measures, it never fails.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "lang"))  # the slips live beside the tests that use them

from slips import edited_range, is_local, slips  # noqa: E402

from scenec.api import check_file, default_world  # noqa: E402
from scenec.lang import ast  # noqa: E402
from scenec.lang.diagnostics import render_short  # noqa: E402
from scenec.lsp.analysis import Analysis, analyze  # noqa: E402
from scenec.lsp.complete import complete  # noqa: E402
from scenec.lsp.navigate import definition, document_symbols, hover  # noqa: E402
from scenec.lsp.positions import LineIndex  # noqa: E402

NEAREST = 3  # places checked on each side of the edited statement


def _where(path: Path, text: str, slip) -> str:
    """`--- file:line kind 'removed' → 'added'`, the heading of a printed edit."""
    line = text.count("\n", 0, slip.at) + 1
    return f"--- {path.name}:{line} {slip.kind} {text[slip.at:slip.at + slip.removed]!r} → {slip.added!r}"


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--show", type=int, default=5, help="non-local edits to print")
    args.add_argument("--examples", nargs="*", help="example files (default: every one)")
    opts = args.parse_args(argv)
    paths = example_paths(opts.examples)
    total: Counter[str] = Counter()
    local: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    failing: Counter[str] = Counter()  # edits on which each feature stopped answering somewhere
    shown = unanswered_shown = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        world = default_world(path)  # built once per file, as the server keeps one per project
        places = Places(analyze(str(path), text, None, world))
        for slip in slips(text):
            edited = slip.apply(text)
            result = analyze(str(path), edited, None, world)
            total[slip.kind] += 1
            bounds = edited_range(text, slip)
            if is_local(result.check.diagnostics, bounds):
                local[slip.kind] += 1
            elif shown < opts.show:
                shown += 1
                print(_where(path, text, slip))
                for d in result.check.diagnostics[:4]:
                    print("   ", render_short(d))
            missing = places.unanswered(result, slip, bounds)
            failing.update({m.split("@")[0].split(" ")[0] for m in missing})
            if not missing:
                answered[slip.kind] += 1
            elif unanswered_shown < opts.show:
                unanswered_shown += 1
                print(f"{_where(path, text, slip)}: no answer {missing[:3]}")
    print(f"{'slip':<12}{'edits':>8}{'local':>8}{'share':>9}{'answered':>10}{'share':>9}")
    for kind in sorted(total):
        print(f"{kind:<12}{total[kind]:>8}{local[kind]:>8}{local[kind] / total[kind]:>9.1%}"
              f"{answered[kind]:>10}{answered[kind] / total[kind]:>9.1%}")
    all_total, all_local, all_answered = sum(total.values()), sum(local.values()), sum(answered.values())
    print(f"{'all':<12}{all_total:>8}{all_local:>8}{all_local / max(all_total, 1):>9.1%}"
          f"{all_answered:>10}{all_answered / max(all_total, 1):>9.1%}   (goals 95 % local, 100 % answered)")
    print("edits on which a feature stopped answering elsewhere: "
          + (", ".join(f"{what} {n}" for what, n in failing.most_common()) or "none"))
    typing()
    return 0


def example_paths(given: list[str] | None) -> list[Path]:
    """The files to slip: those given, resolved (the checker reads a file's imports beside it, and
    the editor's paths are absolute), or every example."""
    return [Path(p).resolve() for p in given] if given else sorted((ROOT / "examples").glob("*.scene"))


class Places:
    """The places of a clean file where the editor answers, to ask again after a slip."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        index = LineIndex(analysis.text)
        self.symbols = _symbols(document_symbols(analysis, index.span_range))
        names = sorted({node.span.start for node in _walk(analysis.file) if isinstance(node, ast.Ident)})
        # (offset, what answers there, where what it names is defined): hover and definition at
        # names, completion after `layer x:`
        self.places: list[tuple[int, str, int]] = []
        for offset in names:
            target = definition(analysis, offset)
            defined_at = target.span.start if target is not None and target.span is not None else offset
            if hover(analysis, offset) is not None:
                self.places.append((offset, "hover", defined_at))
            if target is not None:
                self.places.append((offset, "definition", defined_at))
        for node in _walk(analysis.file):
            if isinstance(node, ast.Layer) and _offers_primitives(analysis.text, node.primitive.span.start, analysis):
                self.places.append((node.primitive.span.start, "completion", node.primitive.span.start))
        self.places.sort()

    def unanswered(self, result: Analysis, slip, bounds: tuple[int, int]) -> list[str]:
        """What no longer answers outside the edited statement (`bounds`, in the edited text): at a
        place outside it, about a name defined outside it."""
        delta = len(slip.added) - slip.removed
        start, end = bounds

        def outside(offset: int) -> bool:
            return offset < start or offset + delta > end

        elsewhere = [p for p in self.places if outside(p[0]) and outside(p[2])]
        before = [p for p in elsewhere if p[0] < start]
        after = [p for p in elsewhere if p[0] >= start]
        chosen = {*before[-NEAREST:], *after[:NEAREST], *elsewhere[-1:]}
        missing = []
        for offset, what, _defined_at in sorted(chosen):
            at = offset if offset < slip.at else offset + delta
            if what == "hover" and hover(result, at) is None or \
                    what == "definition" and definition(result, at) is None or \
                    what == "completion" and not _offers_primitives(result.text, at, result):
                missing.append(f"{what}@{at}")
        lines = (result.text.count("\n", 0, start), result.text.count("\n", 0, end))  # slips add no line
        now = _symbols(document_symbols(result, LineIndex(result.text).span_range))
        missing += [f"outline {name}" for name, line in self.symbols - now if not lines[0] <= line <= lines[1]]
        return missing


def _offers_primitives(text: str, offset: int, analysis: Analysis) -> bool:
    return any(item.label == "circle" for item in complete(text, offset, analysis))


def _symbols(symbols) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    for symbol in symbols or ():
        out.add((symbol.name, symbol.range.start.line))
        out |= _symbols(symbol.children)
    return out


def _walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        yield current
        stack.extend(nodes_children(current))


def nodes_children(node) -> list:
    """A node's child nodes (what `nodes_at` descends into), any span."""
    out = []
    for name in getattr(type(node), "__match_args__", ()):
        value = getattr(node, name)
        for v in value if isinstance(value, tuple) else (value,):
            if hasattr(v, "span") and hasattr(type(v), "__match_args__"):
                out.append(v)
    return out


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
