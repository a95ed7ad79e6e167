"""Golden fixtures for the compiler passes, in sqlglot's per-rule style.

Reads `fixtures/<pass>/<case>.scene`: small films aimed at what one pass
does. Each is compiled through `scenec.compiler.pipeline` with its
after-pass callback, and the IR after the pass is compared with
`<case>.after.txt` beside it. The IR is written flat, one `path = value`
line per leaf (list items keyed by their `id` or `name` where they have
one, so an added layer does not renumber the others), and only the lines
the pass changed are kept: what the IR was before the pass, what it is
after, side by side, in a few dozen lines. `resolve` has no IR before it
and `plan` makes a new type (the render plan), so their files hold the
whole IR.

Regenerate after an intended change, then read the diff:

    .venv/bin/python -m pytest tests/compiler/passes --snapshot-update
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenec.api import compile_file
from scenec.compiler.pipeline import PASS_NAMES, dump

FIXTURES = Path(__file__).parent / "fixtures"
WHOLE = {PASS_NAMES[0], PASS_NAMES[-1]}
INLINE_CHARS = 100


def cases(pass_name: str) -> list[Path]:
    found = sorted((FIXTURES / pass_name).glob("*.scene"))
    assert found, f"no fixtures for the {pass_name} pass"
    return found


def _key(items: list) -> str | None:
    for key in ("id", "name"):
        if all(isinstance(i, dict) and isinstance(i.get(key), str) for i in items):
            names = [i[key] for i in items]
            if len(set(names)) == len(names):
                return key
    return None


def _short(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def flatten(data: object, path: str = "", out: dict[str, str] | None = None) -> dict[str, str]:
    """`{"a": {"b": [1, 2]}}` as `{"a.b": "[1, 2]"}`: leaves and short flat lists on one line each."""
    out = {} if out is None else out
    if isinstance(data, dict):
        if not data:
            out[path] = "{}"
        for k, v in data.items():
            flatten(v, f"{path}.{k}" if path else k, out)
    elif isinstance(data, list) and data and any(isinstance(v, dict) for v in data):
        key = _key(data)
        for i, v in enumerate(data):
            flatten(v, f"{path}[{v[key] if key else i}]", out)
    elif isinstance(data, list):
        text = _short(data)
        if len(text) <= INLINE_CHARS:
            out[path] = text
        else:
            for i, v in enumerate(data):
                flatten(v, f"{path}[{i}]", out)
    else:
        out[path] = _short(data)
    return out


def _portable(data: object, case: Path) -> object:
    """Spans name the fixture by its base name, the project root is a placeholder, floats have
    6 decimals (enough to see a change, few enough to read)."""
    if isinstance(data, dict):
        return {k: "<project root>" if k == "source_root" else _portable(v, case) for k, v in data.items()}
    if isinstance(data, list):
        return [_portable(v, case) for v in data]
    if isinstance(data, float):
        return round(data, 6)
    if isinstance(data, str) and data.startswith(str(case.parent)):
        return data[len(str(case.parent)) + 1:]
    return data


def render(pass_name: str, case: Path) -> str:
    """The text of `<case>.after.txt`: the IR after the pass, as lines it changed."""
    seen: dict[str, object] = {}
    plan, check = compile_file(case, after=lambda name, ir: seen.setdefault(name, ir))
    assert plan is not None, [f"{d.code} {d.message}" for d in check.diagnostics]
    after = flatten(_portable(dump(seen[pass_name]), case))
    lines = [f"# {case.parent.name}/{case.name}: the IR after the `{pass_name}` pass"]
    if pass_name in WHOLE:
        lines[0] += ", whole"
        lines += [f"{path} = {value}" for path, value in after.items()]
    else:
        previous = PASS_NAMES[PASS_NAMES.index(pass_name) - 1]
        before = flatten(_portable(dump(seen[previous]), case))
        lines[0] += f": each line it changed, `was` the value after `{previous}`"
        for path, value in after.items():
            if path not in before:
                lines.append(f"{path} = {value}    (new)")
            elif before[path] != value:
                lines.append(f"{path} = {value}    (was {before[path]})")
        lines += [f"{path}    (removed, was {before[path]})" for path in before if path not in after]
    return "\n".join(lines) + "\n"


def check_golden(pass_name: str, case: Path, request: pytest.FixtureRequest) -> None:
    text = render(pass_name, case)
    golden = case.with_suffix(".after.txt")
    if request.config.getoption("--snapshot-update", default=False):
        golden.write_text(text, encoding="utf-8")
        return
    assert golden.exists(), f"no {golden.name}: run pytest {Path(__file__).parent} --snapshot-update"
    assert text == golden.read_text(encoding="utf-8")
